/**
 * Rows ↔ records: how a case record and its events map onto the columns of `cases` and
 * `case_events` (shared by the Kysely repository and the SQLite write path). Pure.
 */
import type { Selectable, Updateable } from 'kysely';
import { fromJson, toJson } from '../store/dialect.js';
import type { CasesTable, CaseEventsTable } from './tables.js';
import type { CaseEvent, CaseRecord } from './record.js';
import type { SealedEvent } from './pipeline.js';
import type { CaseEventType, CasePhase, CaseSource, CaseStatus, Role, Urgency } from './model.js';
import type { Light } from './lights.js';
import type { Stage, TimeUnit } from './stages.js';

export type CaseRow = Selectable<CasesTable>;
export type EventRow = Selectable<CaseEventsTable>;
export type SqlRow = Record<string, unknown>;

const num = (v: unknown): number => Number(v);
const numOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

export function rowToRecord(r: CaseRow): CaseRecord {
  return {
    id: r.id, code: r.code, status: r.status as CaseStatus, phase: r.phase as CasePhase, version: num(r.version), lastHash: r.last_hash,
    awaitingRole: r.awaiting_role as Role | null, source: r.source as CaseSource, externalRef: r.external_ref, idempotencyKey: r.idempotency_key,
    categoryCode: r.category_code, categoryName: r.category_name, urgency: r.urgency as Urgency, description: r.description, address: r.address,
    lon: num(r.lon), lat: num(r.lat), h3: r.h3,
    place: { gridCode: r.grid_code, communityCode: r.community_code, streetCode: r.street_code, districtCode: r.district_code, names: fromJson(r.place_names) },
    reporterId: r.reporter_id, photos: fromJson<string[]>(r.photos), reportedAt: num(r.reported_at), filedAt: numOrNull(r.filed_at),
    closedAt: numOrNull(r.closed_at), updatedAt: num(r.updated_at), itemId: r.item_id, itemNo: r.item_no, filingCondition: r.filing_condition,
    timeLimits: r.time_limits === null ? null : fromJson(r.time_limits),
    unit: r.current_unit_id ? { id: r.current_unit_id, code: r.current_unit_code ?? '', name: r.current_unit_name ?? '' } : null,
    clock: {
      stage: r.stage as Stage | null, cycle: num(r.stage_cycle), startedAt: numOrNull(r.stage_started_at),
      limit: r.stage_limit_value === null || r.stage_limit_unit === null ? null : { value: num(r.stage_limit_value), unit: r.stage_limit_unit as TimeUnit },
      segmentStart: numOrNull(r.stage_segment_start), consumed: num(r.stage_consumed), warnAt: numOrNull(r.warn_at), dueAt: numOrNull(r.due_at), light: r.light as Light,
    },
    suspendedAt: numOrNull(r.suspended_at), suspendedMs: num(r.suspended_ms), pending: r.pending === null ? null : fromJson(r.pending),
    checkConfirmed: r.check_confirmed === null ? null : num(r.check_confirmed) === 1, urgeCount: num(r.urge_count), supervised: num(r.supervised) === 1,
    supervisionLevel: numOrNull(r.supervision_level), supervisionOpen: num(r.supervision_open) === 1, supervisorId: r.supervisor_id,
    dispatchCount: num(r.dispatch_count), reworkCount: num(r.rework_count), returnCount: num(r.return_count), mergedInto: r.merged_into,
  };
}

type Column = readonly [column: Exclude<keyof CaseRow, 'id'>, read: (c: CaseRecord) => unknown, json?: 'json'];
const bit = (v: boolean): number => (v ? 1 : 0);

/**
 * Every column of the cases row but the id, with how it is read off a record. JSON columns hold
 * members the commands replace rather than change (a record is never mutated): a member that is the
 * very same value as before is unchanged.
 */
const CASE_COLUMNS: readonly Column[] = [
  ['code', (c) => c.code], ['status', (c) => c.status], ['phase', (c) => c.phase], ['version', (c) => c.version], ['last_hash', (c) => c.lastHash],
  ['awaiting_role', (c) => c.awaitingRole], ['source', (c) => c.source], ['external_ref', (c) => c.externalRef], ['idempotency_key', (c) => c.idempotencyKey],
  ['category_code', (c) => c.categoryCode], ['category_name', (c) => c.categoryName], ['urgency', (c) => c.urgency], ['description', (c) => c.description],
  ['address', (c) => c.address], ['lon', (c) => c.lon], ['lat', (c) => c.lat], ['h3', (c) => c.h3],
  ['grid_code', (c) => c.place.gridCode], ['community_code', (c) => c.place.communityCode], ['street_code', (c) => c.place.streetCode],
  ['district_code', (c) => c.place.districtCode], ['place_names', (c) => c.place.names, 'json'], ['reporter_id', (c) => c.reporterId],
  ['photos', (c) => c.photos, 'json'], ['reported_at', (c) => c.reportedAt], ['filed_at', (c) => c.filedAt], ['closed_at', (c) => c.closedAt],
  ['updated_at', (c) => c.updatedAt], ['item_id', (c) => c.itemId], ['item_no', (c) => c.itemNo], ['filing_condition', (c) => c.filingCondition],
  ['time_limits', (c) => c.timeLimits, 'json'], ['current_unit_id', (c) => c.unit?.id ?? null], ['current_unit_code', (c) => c.unit?.code ?? null],
  ['current_unit_name', (c) => c.unit?.name ?? null], ['stage', (c) => c.clock.stage], ['stage_cycle', (c) => c.clock.cycle],
  ['stage_started_at', (c) => c.clock.startedAt], ['stage_limit_value', (c) => c.clock.limit?.value ?? null], ['stage_limit_unit', (c) => c.clock.limit?.unit ?? null],
  ['stage_segment_start', (c) => c.clock.segmentStart], ['stage_consumed', (c) => c.clock.consumed], ['warn_at', (c) => c.clock.warnAt],
  ['due_at', (c) => c.clock.dueAt], ['light', (c) => c.clock.light], ['suspended_at', (c) => c.suspendedAt], ['suspended_ms', (c) => c.suspendedMs],
  ['pending', (c) => c.pending, 'json'], ['check_confirmed', (c) => (c.checkConfirmed === null ? null : bit(c.checkConfirmed))],
  ['urge_count', (c) => c.urgeCount], ['supervised', (c) => bit(c.supervised)], ['supervision_level', (c) => c.supervisionLevel],
  ['supervision_open', (c) => bit(c.supervisionOpen)], ['supervisor_id', (c) => c.supervisorId], ['dispatch_count', (c) => c.dispatchCount],
  ['rework_count', (c) => c.reworkCount], ['return_count', (c) => c.returnCount], ['merged_into', (c) => c.mergedInto],
];

const stored = (v: unknown, json: 'json' | undefined): unknown => (json && v !== null ? toJson(v) : v);

export function recordToRow(c: CaseRecord): CaseRow {
  const row: Record<string, unknown> = { id: c.id };
  for (const [column, read, json] of CASE_COLUMNS) row[column] = stored(read(c), json);
  return row as CaseRow;
}

/** Only the columns that changed between two records of a case: a lean UPDATE per action. */
export function changedColumns(prev: CaseRecord, next: CaseRecord): Updateable<CasesTable> {
  const out: Record<string, unknown> = {};
  for (const [column, read, json] of CASE_COLUMNS) {
    const v = read(next);
    if (v !== read(prev)) out[column] = stored(v, json);
  }
  return out as Updateable<CasesTable>;
}

/** The columns of an event row, in the order eventValues gives them. */
export const EVENT_COLUMNS = ['case_id', 'seq', 'type', 'data', 'actor_id', 'role', 'at', 'lon', 'lat', 'attachments', 'prev_hash', 'hash',
  'audience_role', 'audience_unit_id', 'audience_user_id', 'district_code', 'street_code'] as const satisfies ReadonlyArray<keyof EventRow>;

/** An event row as values in EVENT_COLUMNS order (what the SQLite write path binds). */
export function eventValues({ event: e, audience: a, dataJson }: SealedEvent, c: CaseRecord): unknown[] {
  return [e.caseId, e.seq, e.type, dataJson ?? toJson(e.data), e.actorId, e.role, e.at, e.lon, e.lat,
    e.attachments.length === 0 ? '[]' : toJson(e.attachments), e.prevHash, e.hash, a.role, a.unitId, a.userId, c.place.districtCode, c.place.streetCode];
}

export function eventRow(e: SealedEvent, c: CaseRecord): EventRow {
  const values = eventValues(e, c);
  const row: Record<string, unknown> = {};
  for (let i = 0; i < EVENT_COLUMNS.length; i++) row[EVENT_COLUMNS[i]!] = values[i];
  return row as EventRow;
}

export function rowToEvent(r: Pick<EventRow, 'case_id' | 'seq' | 'type' | 'data' | 'actor_id' | 'role' | 'at' | 'lon' | 'lat' | 'attachments' | 'prev_hash' | 'hash'>): CaseEvent {
  return {
    caseId: r.case_id, seq: num(r.seq), type: r.type as CaseEventType, data: fromJson(r.data), actorId: r.actor_id, role: r.role, at: num(r.at),
    lon: numOrNull(r.lon), lat: numOrNull(r.lat), attachments: fromJson<string[]>(r.attachments), prevHash: r.prev_hash, hash: r.hash,
  };
}

