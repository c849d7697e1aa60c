/** What leaves the API, field by field (nothing internal leaks by accident), plus the TypeBox schemas. */
import { Type, type Static } from 'typebox';
import { toShanghaiIso } from '../core/time.js';
import type { ChainReport } from './chain.js';
import { LIGHT_NAMES } from './lights.js';
import { EVENT_NAMES, PHASE_NAMES, SOURCE_NAMES, STATUS_NAMES, type CaseAction } from './model.js';
import type { CaseDetail } from './queries.js';
import type { CaseEvent, CaseRecord } from './record.js';
import { STAGE_NAMES } from './stages.js';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const Str = Type.String();
const Int = Type.Number();

export const CaseView = Type.Object({
  id: Str, code: Type.String({ description: '案卷编号：区划代码 + 日期 + 流水号' }),
  status: Str, statusName: Str, phase: Str, phaseName: Str,
  version: Type.Integer({ description: 'Send it back with every action (optimistic concurrency)' }),
  awaitingRole: Nullable(Str), source: Str, sourceName: Str, externalRef: Nullable(Str),
  categoryCode: Str, categoryName: Str, urgency: Str, description: Str, address: Nullable(Str),
  lon: Int, lat: Int, h3: Str,
  place: Type.Object({
    gridCode: Str, communityCode: Str, streetCode: Str, districtCode: Str,
    names: Type.Object({ grid: Str, community: Str, street: Str, district: Str }),
  }),
  photos: Type.Array(Str, { description: 'Before-photos (SHA-256)' }),
  reportedAt: Int, reportedAtText: Str, filedAt: Nullable(Int), closedAt: Nullable(Int), updatedAt: Int,
  item: Nullable(Type.Object({ id: Str, itemNo: Nullable(Str), condition: Nullable(Str) })),
  unit: Nullable(Type.Object({ id: Str, code: Str, name: Str })),
  stage: Nullable(Str), stageName: Nullable(Str),
  stageLimit: Nullable(Type.Object({ value: Int, unit: Str })),
  stageStartedAt: Nullable(Int), warnAt: Nullable(Int), dueAt: Nullable(Int), dueAtText: Nullable(Str),
  light: Str, lightName: Str, suspendedAt: Nullable(Int), suspendedMs: Int,
  pending: Nullable(Type.Object({ kind: Str, reason: Str, amount: Type.Optional(Int), unit: Type.Optional(Str), by: Str, at: Int })),
  urgeCount: Int, supervised: Type.Boolean(), supervisionLevel: Nullable(Int), supervisionOpen: Type.Boolean(),
  dispatchCount: Int, reworkCount: Int, returnCount: Int, mergedInto: Nullable(Str),
});
export type CaseView = Static<typeof CaseView>;

export function presentCase(c: CaseRecord): CaseView {
  return {
    id: c.id, code: c.code, status: c.status, statusName: STATUS_NAMES[c.status], phase: c.phase, phaseName: PHASE_NAMES[c.phase],
    version: c.version, awaitingRole: c.awaitingRole, source: c.source, sourceName: SOURCE_NAMES[c.source], externalRef: c.externalRef,
    categoryCode: c.categoryCode, categoryName: c.categoryName, urgency: c.urgency, description: c.description, address: c.address,
    lon: c.lon, lat: c.lat, h3: c.h3,
    place: { gridCode: c.place.gridCode, communityCode: c.place.communityCode, streetCode: c.place.streetCode, districtCode: c.place.districtCode, names: { ...c.place.names } },
    photos: [...c.photos], reportedAt: c.reportedAt, reportedAtText: toShanghaiIso(c.reportedAt), filedAt: c.filedAt, closedAt: c.closedAt,
    updatedAt: c.updatedAt, item: c.itemId ? { id: c.itemId, itemNo: c.itemNo, condition: c.filingCondition } : null,
    unit: c.unit ? { id: c.unit.id, code: c.unit.code, name: c.unit.name } : null,
    stage: c.clock.stage, stageName: c.clock.stage ? STAGE_NAMES[c.clock.stage] : null,
    stageLimit: c.clock.limit ? { value: c.clock.limit.value, unit: c.clock.limit.unit } : null,
    stageStartedAt: c.clock.startedAt, warnAt: c.clock.warnAt, dueAt: c.clock.dueAt, dueAtText: c.clock.dueAt === null ? null : toShanghaiIso(c.clock.dueAt),
    light: c.clock.light, lightName: LIGHT_NAMES[c.clock.light], suspendedAt: c.suspendedAt, suspendedMs: c.suspendedMs,
    pending: c.pending ? { ...c.pending } : null, urgeCount: c.urgeCount, supervised: c.supervised, supervisionLevel: c.supervisionLevel,
    supervisionOpen: c.supervisionOpen, dispatchCount: c.dispatchCount, reworkCount: c.reworkCount, returnCount: c.returnCount, mergedInto: c.mergedInto,
  };
}

export const EventView = Type.Object({
  seq: Type.Integer(), type: Str, typeName: Str, data: Type.Record(Type.String(), Type.Unknown()), actorId: Str, actorName: Nullable(Str), role: Str, at: Int, atText: Str,
  lon: Nullable(Int), lat: Nullable(Int), attachments: Type.Array(Str), prevHash: Str, hash: Str,
});

/** `names` maps user ids to display names (who did what, for people reading the timeline). */
export function presentEvent(e: CaseEvent, names: Readonly<Record<string, string>> = {}): Static<typeof EventView> {
  return {
    seq: e.seq, type: e.type, typeName: EVENT_NAMES[e.type] ?? e.type, data: e.data, actorId: e.actorId, actorName: names[e.actorId] ?? null, role: e.role, at: e.at, atText: toShanghaiIso(e.at),
    lon: e.lon, lat: e.lat, attachments: [...e.attachments], prevHash: e.prevHash, hash: e.hash,
  };
}

/** What a possible duplicate shows: enough to recognise and open it, not its description, address or photos. */
const DuplicateSummary = Type.Object({ id: Str, code: Str, status: Str, categoryCode: Str, categoryName: Str, reportedAt: Int });

export const DetailView = Type.Object({
  case: CaseView,
  timeline: Type.Array(EventView),
  duplicates: Type.Array(Type.Object({ case: DuplicateSummary, distanceM: Int }), { description: 'Same class within 50 m and 24 h, among the cases this user may read: a summary' }),
  merged: Type.Array(Type.Object({ id: Str, code: Str })),
  actions: Type.Array(Str, { description: 'Actions this user may take now' }),
});

export function presentDetail(d: CaseDetail, names: Readonly<Record<string, string>> = {}): Static<typeof DetailView> {
  return {
    case: presentCase(d.case), timeline: d.events.map((e) => presentEvent(e, names)),
    duplicates: d.duplicates.map((x) => ({
      case: { id: x.case.id, code: x.case.code, status: x.case.status, categoryCode: x.case.categoryCode, categoryName: x.case.categoryName, reportedAt: x.case.reportedAt },
      distanceM: x.distanceM,
    })),
    merged: d.merged.map((m) => ({ id: m.id, code: m.code })), actions: [...d.actions] as CaseAction[],
  };
}

export const ChainView = Type.Object({
  caseId: Str, code: Str, ok: Type.Boolean(), events: Type.Integer(), head: Str,
  breaksAt: Type.Optional(Type.Object({ seq: Type.Integer(), problem: Str, expected: Type.Union([Str, Int]), found: Type.Optional(Str) })),
});

export function presentChain(r: ChainReport & { caseId: string; code: string }): Static<typeof ChainView> {
  const out: Static<typeof ChainView> = { caseId: r.caseId, code: r.code, ok: r.ok, events: r.events, head: r.head };
  if (r.breaksAt) out.breaksAt = { ...r.breaksAt };
  return out;
}
