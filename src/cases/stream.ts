/**
 * Cases as a stream of the workflow kit: how a case record and its events map onto the columns of
 * `cases` and `case_events`, how an event is made from a draft, who hears of it, the case code's
 * serials and the idempotency lookups. The kit's store (src/workflow/store.ts) does the rest. Pure.
 */
import type { Selectable } from 'kysely';
import { conflict, notFound } from '../core/errors.js';
import { fromJson, toJson } from '../store/dialect.js';
import { storedBytes, type Column, type EventDraft, type SealedEvent, type StreamSpec } from '../workflow/stream.js';
import { hashBytes, hashHex } from '../workflow/data-codec.js';
import { caseDataCodec, decodeCaseData } from './event-data.js';
import { actorOf, attachmentsOf, roleCode, roleCodeOrNull, roleOfCode, storedActor, storedAttachments, typeCode, typeOfCode } from './event-codes.js';
import { codeRowJson, rowJson } from './row-codec.js';
import type { CasesTable, CaseEventsTable } from './tables.js';
import { revise, type Audience, type CaseEvent, type CaseRecord } from './record.js';
import { audienceOf } from './pipeline.js';
import type { CaseEventType, CasePhase, CaseSource, CaseStatus, Role, Urgency } from './model.js';
import type { Light } from './lights.js';
import type { Stage, TimeUnit } from './stages.js';

export type CaseRow = Selectable<CasesTable>;
export type EventRow = Selectable<CaseEventsTable>;

const num = (v: unknown): number => Number(v);
const numOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

export function rowToRecord(r: CaseRow): CaseRecord {
  return {
    id: r.id, code: r.code, status: r.status as CaseStatus, phase: r.phase as CasePhase, version: num(r.version), lastHash: hashHex(r.last_hash),
    awaitingRole: r.awaiting_role as Role | null, source: r.source as CaseSource, externalRef: r.external_ref, idempotencyKey: r.idempotency_key,
    categoryCode: r.category_code, categoryName: r.category_name, urgency: r.urgency as Urgency, description: r.description, address: r.address,
    lon: num(r.lon), lat: num(r.lat), h3: r.h3,
    place: { gridCode: r.grid_code, communityCode: r.community_code, streetCode: r.street_code, districtCode: r.district_code, names: rowJson(r.place_names) },
    reporterId: r.reporter_id, photos: fromJson<string[]>(r.photos), reportedAt: num(r.reported_at), filedAt: numOrNull(r.filed_at),
    closedAt: numOrNull(r.closed_at), updatedAt: num(r.updated_at), itemId: r.item_id, itemNo: r.item_no, filingCondition: r.filing_condition,
    timeLimits: r.time_limits === null ? null : rowJson(r.time_limits),
    unit: r.current_unit_id ? { id: r.current_unit_id, code: r.current_unit_code ?? '', name: r.current_unit_name ?? '' } : null,
    clock: {
      stage: r.stage as Stage | null, cycle: num(r.stage_cycle), startedAt: numOrNull(r.stage_started_at),
      limit: r.stage_limit_value === null || r.stage_limit_unit === null ? null : { value: num(r.stage_limit_value), unit: r.stage_limit_unit as TimeUnit },
      segmentStart: numOrNull(r.stage_segment_start), consumed: num(r.stage_consumed), warnAt: numOrNull(r.warn_at), dueAt: numOrNull(r.due_at), light: r.light as Light,
    },
    suspendedAt: numOrNull(r.suspended_at), suspendedMs: num(r.suspended_ms), pending: r.pending === null ? null : rowJson(r.pending),
    checkConfirmed: r.check_confirmed === null ? null : num(r.check_confirmed) === 1, urgeCount: num(r.urge_count), supervised: num(r.supervised) === 1,
    supervisionLevel: numOrNull(r.supervision_level), supervisionOpen: num(r.supervision_open) === 1, supervisorId: r.supervisor_id,
    dispatchCount: num(r.dispatch_count), reworkCount: num(r.rework_count), returnCount: num(r.return_count), mergedInto: r.merged_into,
  };
}

/** The chain head as stored: 32 bytes (migration 0245). */
const hashColumn = (hex: unknown): Buffer => storedBytes(hashBytes(hex as string));

type CaseColumn = Column<CaseRecord> & readonly [Exclude<keyof CaseRow, 'id'>, ...unknown[]];
const bit = (v: boolean): number => (v ? 1 : 0);

/**
 * Every column of the cases row but the id, with how it is read off a record. JSON columns hold
 * members the commands replace rather than change (a record is never mutated): a member that is the
 * very same value as before is unchanged.
 */
const CASE_COLUMNS: readonly CaseColumn[] = [
  ['code', (c) => c.code], ['status', (c) => c.status], ['phase', (c) => c.phase], ['version', (c) => c.version], ['last_hash', (c) => c.lastHash, hashColumn],
  ['awaiting_role', (c) => c.awaitingRole], ['source', (c) => c.source], ['external_ref', (c) => c.externalRef], ['idempotency_key', (c) => c.idempotencyKey],
  ['category_code', (c) => c.categoryCode], ['category_name', (c) => c.categoryName], ['urgency', (c) => c.urgency], ['description', (c) => c.description],
  ['address', (c) => c.address], ['lon', (c) => c.lon], ['lat', (c) => c.lat], ['h3', (c) => c.h3],
  ['grid_code', (c) => c.place.gridCode], ['community_code', (c) => c.place.communityCode], ['street_code', (c) => c.place.streetCode],
  ['district_code', (c) => c.place.districtCode], ['place_names', (c) => c.place.names, codeRowJson], ['reporter_id', (c) => c.reporterId],
  ['photos', (c) => c.photos, 'json'], ['reported_at', (c) => c.reportedAt], ['filed_at', (c) => c.filedAt], ['closed_at', (c) => c.closedAt],
  ['updated_at', (c) => c.updatedAt], ['item_id', (c) => c.itemId], ['item_no', (c) => c.itemNo], ['filing_condition', (c) => c.filingCondition],
  ['time_limits', (c) => c.timeLimits, codeRowJson], ['current_unit_id', (c) => c.unit?.id ?? null], ['current_unit_code', (c) => c.unit?.code ?? null],
  ['current_unit_name', (c) => c.unit?.name ?? null], ['stage', (c) => c.clock.stage], ['stage_cycle', (c) => c.clock.cycle],
  ['stage_started_at', (c) => c.clock.startedAt], ['stage_limit_value', (c) => c.clock.limit?.value ?? null], ['stage_limit_unit', (c) => c.clock.limit?.unit ?? null],
  ['stage_segment_start', (c) => c.clock.segmentStart], ['stage_consumed', (c) => c.clock.consumed], ['warn_at', (c) => c.clock.warnAt],
  ['due_at', (c) => c.clock.dueAt], ['light', (c) => c.clock.light], ['suspended_at', (c) => c.suspendedAt], ['suspended_ms', (c) => c.suspendedMs],
  ['pending', (c) => c.pending, codeRowJson], ['check_confirmed', (c) => (c.checkConfirmed === null ? null : bit(c.checkConfirmed))],
  ['urge_count', (c) => c.urgeCount], ['supervised', (c) => bit(c.supervised)], ['supervision_level', (c) => c.supervisionLevel],
  ['supervision_open', (c) => bit(c.supervisionOpen)], ['supervisor_id', (c) => c.supervisorId], ['dispatch_count', (c) => c.dispatchCount],
  ['rework_count', (c) => c.reworkCount], ['return_count', (c) => c.returnCount], ['merged_into', (c) => c.mergedInto],
];

/**
 * The columns of an event row, in the order eventValues gives them. `case_no` is the case's number
 * (migration 0246), which the stores look up from the case's id in its place.
 */
export const EVENT_COLUMNS = ['case_no', 'seq', 'type', 'data', 'actor_id', 'role', 'at', 'lon', 'lat', 'attachments', 'hash',
  'audience_role', 'audience_unit_id', 'audience_user_id'] as const satisfies ReadonlyArray<keyof EventRow>;

/**
 * An event row as values in EVENT_COLUMNS order (what the SQLite write path binds). Compact (migrations
 * 0242, 0244, 0246): data coded with the case table (event-data.ts), the hash as 32 bytes, no prev_hash,
 * type and roles as one-character codes and photo hashes as bytes (event-codes.ts), the case's id where its number goes (the
 * store puts the number there); the case's district and street are its row's (a case's place never
 * changes), not repeated in the log.
 */
export function eventValues({ event: e, audience: a, dataJson }: SealedEvent<CaseEvent, Audience>): unknown[] {
  return [e.caseId, e.seq, typeCode(e.type), caseDataCodec.encode(dataJson ?? toJson(e.data)), storedActor(e.actorId), roleCode(e.role), e.at, e.lon, e.lat,
    storedAttachments(e.attachments), hashBytes(e.hash), roleCodeOrNull(a.role), a.unitId, a.userId];
}

/**
 * An event of a row of the case `caseId` (the row holds its number); its prevHash is the hash of the
 * event before it, which the store fills in (`derivedPrevHash`).
 */
export function rowToEvent(r: Pick<EventRow, 'seq' | 'type' | 'data' | 'actor_id' | 'role' | 'at' | 'lon' | 'lat' | 'attachments' | 'hash'>, caseId: string): CaseEvent {
  return {
    caseId, seq: num(r.seq), type: typeOfCode(r.type) as CaseEventType, data: decodeCaseData(r.data), actorId: actorOf(r.actor_id), role: roleOfCode(r.role), at: num(r.at),
    lon: numOrNull(r.lon), lat: numOrNull(r.lat), attachments: attachmentsOf(r.attachments), prevHash: '', hash: hashHex(r.hash),
  };
}


export const versionConflict = (caseId: string, expected: number, current?: number) =>
  conflict('CASE_VERSION_CONFLICT', '案卷已被他人更新，请刷新后重试', 'The case was changed by someone else; reload and try again', { caseId, expectedVersion: expected, currentVersion: current });

const SILENT: Audience = { role: null, unitId: null, userId: null };

/** The case as a stream of the kit. */
export const CASE_STREAM: StreamSpec<CaseRecord, CaseEvent, Audience> = {
  name: 'case',
  table: 'cases',
  columns: CASE_COLUMNS,
  binaryColumns: ['last_hash'],
  rowToRecord: (row) => rowToRecord(row as CaseRow),
  stamp: (c, version, lastHash) => revise(c, { version, lastHash }),
  events: {
    table: 'case_events',
    streamColumn: 'case_no',
    streamNumber: 'case_no',
    streamKey: 'caseId',
    columns: EVENT_COLUMNS,
    jsonColumns: [],
    binaryColumns: ['data', 'hash', 'attachments', 'actor_id'],
    derivedPrevHash: true,
    values: eventValues,
    fromRow: (row, caseId) => rowToEvent(row as EventRow, caseId),
    make: (caseId: string, seq: number, d: EventDraft, prevHash: string): CaseEvent => ({
      caseId, seq, type: d.type as CaseEvent['type'], data: d.data, actorId: d.actorId, role: d.role, at: d.at,
      lon: d.lon ?? null, lat: d.lat ?? null, attachments: d.attachments ?? [], prevHash, hash: '',
    }),
    audience: (type, next, last) => (last ? audienceOf(type as CaseEvent['type'], next) : SILENT),
  },
  serials: { table: 'case_code_counters', keys: ['district_code', 'day'], uniqueColumn: 'code' },
  lookups: { idempotencyKey: ['idempotency_key'], sourceRef: ['source', 'external_ref'] },
  errors: {
    notFound: (caseId) => notFound('CASE_NOT_FOUND', '案卷不存在', 'No such case', { caseId }),
    conflict: versionConflict,
  },
};
