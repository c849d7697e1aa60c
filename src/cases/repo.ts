/** The only place (with repo-sqlite.ts, its prepared-statement twin for the SQLite write path) that knows the SQL of cases. One method per query; no rules here. */
import { sql } from 'kysely';
import { conflict } from '../core/errors.js';
import type { Db, Executor } from '../store/db.js';
import { containsText, isUniqueViolation } from '../store/dialect.js';
import { forgetRemembered, nativeStore } from './repo-sqlite.js';
import type { CaseEvent, CaseRecord } from './record.js';
import type { SealedEvent } from './pipeline.js';
import type { Role } from './model.js';
import { changedColumns, eventRow, eventValues, recordToRow, rowToEvent, rowToRecord, type CaseRow, type SqlRow } from './rows.js';

const num = (v: unknown): number => Number(v);

export const versionConflict = (caseId: string, expected: number, current?: number) =>
  conflict('CASE_VERSION_CONFLICT', '案卷已被他人更新，请刷新后重试', 'The case was changed by someone else; reload and try again', { caseId, expectedVersion: expected, currentVersion: current });

/** A case by id as stored now; on SQLite through a prepared statement (see repo-sqlite.ts). */
export async function loadCase(db: Db, id: string): Promise<CaseRecord | undefined> {
  const n = nativeStore(db);
  if (!n) return getCase(db.kysely, id);
  const row = n.caseById(id);
  return row && rowToRecord(row as CaseRow);
}

/**
 * A case to act on: on SQLite the record this process last wrote when it has one (`remembered`),
 * else as stored. A remembered record may be stale if another process wrote the case since; a write
 * based on it is refused by its version guard, and the caller then reads the case again.
 */
export async function loadCaseForWrite(db: Db, id: string): Promise<{ record: CaseRecord; remembered: boolean } | undefined> {
  const known = nativeStore(db)?.remembered(id);
  if (known) return { record: known, remembered: true };
  const record = await loadCase(db, id);
  return record && { record, remembered: false };
}

export async function getCase(db: Executor, id: string): Promise<CaseRecord | undefined> {
  const r = await db.selectFrom('cases').selectAll().where('id', '=', id).executeTakeFirst();
  return r ? rowToRecord(r) : undefined;
}

export async function getCaseByCode(db: Executor, code: string): Promise<CaseRecord | undefined> {
  const r = await db.selectFrom('cases').selectAll().where('code', '=', code).executeTakeFirst();
  return r ? rowToRecord(r) : undefined;
}

/** Like findByIdempotency, on SQLite through prepared statements. */
export async function findReplay(db: Db, key: { idempotencyKey?: string | null; source?: string; externalRef?: string | null }): Promise<CaseRecord | undefined> {
  const n = nativeStore(db);
  if (!n) return findByIdempotency(db.kysely, key);
  const r = (key.idempotencyKey ? n.caseByIdempotencyKey(key.idempotencyKey) : undefined)
    ?? (key.externalRef && key.source ? n.caseBySourceRef(key.source, key.externalRef) : undefined);
  return r ? rowToRecord(r as CaseRow) : undefined;
}

export async function findByIdempotency(db: Executor, key: { idempotencyKey?: string | null; source?: string; externalRef?: string | null }): Promise<CaseRecord | undefined> {
  if (key.idempotencyKey) {
    const r = await db.selectFrom('cases').selectAll().where('idempotency_key', '=', key.idempotencyKey).executeTakeFirst();
    if (r) return rowToRecord(r);
  }
  if (key.externalRef && key.source) {
    const r = await db.selectFrom('cases').selectAll().where('source', '=', key.source).where('external_ref', '=', key.externalRef).executeTakeFirst();
    if (r) return rowToRecord(r);
  }
  return undefined;
}

/** Next serial of a district's day; atomic on both stores (row lock / single writer). */
async function nextSerial(tx: Executor, districtCode: string, day: string): Promise<number> {
  const r = await tx
    .insertInto('case_code_counters')
    .values({ district_code: districtCode, day, last: 1 })
    .onConflict((oc) => oc.columns(['district_code', 'day']).doUpdateSet({ last: sql<number>`case_code_counters.last + 1` }))
    .returning('last')
    .executeTakeFirstOrThrow();
  return num(r.last);
}

/**
 * Creates a case with its first event(s) in one transaction. `build` gets the serial and returns
 * the record and events. Returns undefined when an idempotency key or external reference was
 * taken by a concurrent intake (the caller then reads the winner).
 */
export async function insertCase(
  db: Db,
  districtCode: string,
  day: string,
  build: (serial: number) => { record: CaseRecord; events: SealedEvent[] },
): Promise<CaseRecord | undefined> {
  const n = nativeStore(db);
  if (n) {
    let record: CaseRecord | undefined;
    const ok = await n.insertCase(districtCode, day, (serial) => {
      const built = build(serial);
      record = built.record;
      return { record: built.record, row: recordToRow(built.record) as SqlRow, events: built.events.map((e) => eventValues(e, built.record)) };
    });
    return ok ? record : undefined;
  }
  try {
    return await db.kysely.transaction().execute(async (tx) => {
      const serial = await nextSerial(tx, districtCode, day);
      const { record, events } = build(serial);
      await tx.insertInto('cases').values(recordToRow(record)).execute();
      await tx.insertInto('case_events').values(events.map((e) => eventRow(e, record))).execute();
      return record;
    });
  } catch (e) {
    if (isUniqueViolation(e)) return undefined;
    throw e;
  }
}

/**
 * Appends events and writes the new projection, guarded by the version that was read: a stale
 * write changes nothing and throws CASE_VERSION_CONFLICT.
 */
export async function appendEvents(db: Db, prev: CaseRecord, next: CaseRecord, events: SealedEvent[]): Promise<void> {
  const changes = changedColumns(prev, next);
  const n = nativeStore(db);
  if (n) {
    if (!(await n.append(prev.id, prev.version, changes as SqlRow, events.map((e) => eventValues(e, next)), next))) {
      throw versionConflict(prev.id, prev.version);
    }
    return;
  }
  // Written another way than the native store (a Kysely transaction is open): what it remembers goes stale.
  forgetRemembered(db, prev.id);
  try {
    if (db.dialect === 'postgres') {
      // One statement, so one round trip and its own transaction: the guarded UPDATE, and the events
      // only when it matched (the rows travel as one JSON parameter, typed by the table's columns;
      // eventRow names every column, since one missing from the JSON would be NULL, not its default).
      const rows = events.map((e) => ({ ...eventRow(e, next), data: e.event.data, attachments: e.event.attachments }));
      const update = db.kysely.updateTable('cases').set(changes).where('id', '=', prev.id).where('version', '=', prev.version).returning('id');
      const res = await sql`with u as (${update}) insert into case_events select * from jsonb_populate_recordset(null::case_events, ${JSON.stringify(rows)}::jsonb) where exists (select 1 from u)`
        .execute(db.kysely);
      if (Number(res.numAffectedRows ?? 0) !== rows.length) throw versionConflict(prev.id, prev.version);
      return;
    }
    await db.kysely.transaction().execute(async (tx) => {
      const res = await tx.updateTable('cases').set(changes).where('id', '=', prev.id).where('version', '=', prev.version).executeTakeFirst();
      if (Number(res.numUpdatedRows) !== 1) throw versionConflict(prev.id, prev.version);
      await tx.insertInto('case_events').values(events.map((e) => eventRow(e, next))).execute();
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw versionConflict(prev.id, prev.version);
    throw e;
  }
}

export async function listEvents(db: Executor, caseId: string): Promise<CaseEvent[]> {
  const rows = await db.selectFrom('case_events')
    .select(['case_id', 'seq', 'type', 'data', 'actor_id', 'role', 'at', 'lon', 'lat', 'attachments', 'prev_hash', 'hash'])
    .where('case_id', '=', caseId).orderBy('seq').execute();
  return rows.map(rowToEvent);
}

/** Cases whose clock owes a light event at `now` (uses the two partial indexes). */
export async function sweepCandidates(db: Executor, now: number, limit: number): Promise<CaseRecord[]> {
  const warn = await db.selectFrom('cases').selectAll().where('light', '=', 'green').where('warn_at', 'is not', null).where('warn_at', '<=', now).orderBy('warn_at').limit(limit).execute();
  const due = await db.selectFrom('cases').selectAll().where('light', '<>', 'red').where('due_at', 'is not', null).where('due_at', '<', now).orderBy('due_at').limit(limit).execute();
  const byId = new Map<string, CaseRow>();
  for (const r of [...warn, ...due]) byId.set(r.id, r);
  return [...byId.values()].map(rowToRecord);
}

export async function caseIdsAfter(db: Executor, after: string | null, limit: number): Promise<Array<{ id: string; code: string }>> {
  let q = db.selectFrom('cases').select(['id', 'code']).orderBy('id').limit(limit);
  if (after) q = q.where('id', '>', after);
  return q.execute();
}

export async function mergedInto(db: Executor, caseId: string): Promise<Array<{ id: string; code: string }>> {
  return db.selectFrom('cases').select(['id', 'code']).where('merged_into', '=', caseId).orderBy('reported_at').execute();
}

export interface NearbyQuery {
  excludeId: string;
  categoryCode: string;
  from: number;
  to: number;
  minLon: number;
  maxLon: number;
  minLat: number;
  maxLat: number;
}

export async function nearbySameCategory(db: Executor, q: NearbyQuery, limit = 20): Promise<CaseRecord[]> {
  const rows = await db.selectFrom('cases').selectAll()
    .where('category_code', '=', q.categoryCode)
    .where('reported_at', '>=', q.from).where('reported_at', '<=', q.to)
    .where('lon', '>=', q.minLon).where('lon', '<=', q.maxLon)
    .where('lat', '>=', q.minLat).where('lat', '<=', q.maxLat)
    .where('id', '<>', q.excludeId)
    .where('status', '<>', 'merged')
    .orderBy('reported_at').limit(limit).execute();
  return rows.map(rowToRecord);
}

export interface SearchFilter {
  status?: string[];
  categoryCode?: string;
  source?: string;
  districtCode?: string;
  streetCode?: string;
  communityCode?: string;
  gridCode?: string;
  unitId?: string;
  unitCode?: string;
  light?: string;
  from?: number;
  to?: number;
  q?: string;
  awaitingRole?: string;
  /** Cases this user reported (the inspector's 我的上报). */
  reporterId?: string;
  /** Access narrowing (accessFilter). */
  access?: { districtCode?: string; streetCode?: string; unitId?: string };
}

/** The cases matching a search filter (shared by the paged search and the map points). */
function filteredCases(db: Db, f: SearchFilter) {
  let q = db.kysely.selectFrom('cases');
  if (f.status?.length) q = q.where('status', 'in', f.status);
  if (f.categoryCode) q = q.where('category_code', '=', f.categoryCode);
  if (f.source) q = q.where('source', '=', f.source);
  if (f.districtCode) q = q.where('district_code', '=', f.districtCode);
  if (f.streetCode) q = q.where('street_code', '=', f.streetCode);
  if (f.communityCode) q = q.where('community_code', '=', f.communityCode);
  if (f.gridCode) q = q.where('grid_code', '=', f.gridCode);
  if (f.unitId) q = q.where('current_unit_id', '=', f.unitId);
  if (f.unitCode) q = q.where('current_unit_code', '=', f.unitCode);
  if (f.light) q = q.where('light', '=', f.light).where('status', 'in', ['reported', 'filed', 'dispatched', 'suspended', 'handled', 'verifying']);
  if (f.from !== undefined) q = q.where('reported_at', '>=', f.from);
  if (f.to !== undefined) q = q.where('reported_at', '<', f.to);
  if (f.awaitingRole) q = q.where('awaiting_role', '=', f.awaitingRole);
  if (f.reporterId) q = q.where('reporter_id', '=', f.reporterId);
  if (f.access?.districtCode) q = q.where('district_code', '=', f.access.districtCode);
  if (f.access?.streetCode) q = q.where('street_code', '=', f.access.streetCode);
  if (f.access?.unitId) q = q.where('current_unit_id', '=', f.access.unitId);
  if (f.q) {
    const needle = f.q;
    q = q.where((eb) => eb.or([
      containsText(db.dialect, eb.ref('description'), needle),
      containsText(db.dialect, eb.ref('address'), needle),
      eb('code', '=', needle),
      containsText(db.dialect, eb.ref('category_name'), needle),
    ]));
  }
  return q;
}

export async function searchCases(db: Db, f: SearchFilter, page: number, pageSize: number): Promise<{ items: CaseRecord[]; total: number }> {
  const q = filteredCases(db, f);
  const [rows, count] = await Promise.all([
    q.selectAll().orderBy('reported_at', 'desc').orderBy('id', 'desc').limit(pageSize).offset((page - 1) * pageSize).execute(),
    q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items: rows.map(rowToRecord), total: num(count.n) };
}

/** A map point per matching case: the few columns the command center draws, newest first, up to `limit`. */
export async function mapPoints(db: Db, f: SearchFilter, limit: number): Promise<{ points: MapPoint[]; total: number }> {
  const q = filteredCases(db, f);
  const [rows, count] = await Promise.all([
    q.select(['id', 'code', 'status', 'light', 'category_code', 'category_name', 'lon', 'lat', 'h3', 'district_code', 'reported_at'])
      .orderBy('reported_at', 'desc').orderBy('id', 'desc').limit(limit).execute(),
    q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return {
    points: rows.map((r) => ({
      id: r.id, code: r.code, status: r.status, light: r.light, categoryCode: r.category_code, categoryName: r.category_name,
      lon: r.lon, lat: r.lat, h3: r.h3, districtCode: r.district_code, reportedAt: num(r.reported_at),
    })),
    total: num(count.n),
  };
}

export interface MapPoint {
  id: string; code: string; status: string; light: string; categoryCode: string; categoryName: string;
  lon: number; lat: number; h3: string; districtCode: string; reportedAt: number;
}

export interface WorkFilter {
  /** Roles the user acts in, each with its narrowing. */
  lanes: Array<{ role: Role; districtCode?: string; streetCode?: string; unitId?: string }>;
  /** A handler's unit: supervisions waiting for its reply are work too. */
  replyUnitId?: string;
  limit: number;
}

/** Most urgent first: the earliest deadline leads (an overdue one has the earliest). */
export async function worklist(db: Executor, f: WorkFilter): Promise<CaseRecord[]> {
  if (f.lanes.length === 0 && !f.replyUnitId) return [];
  const rows = await db.selectFrom('cases').selectAll()
    .where((eb) => {
      const ors = f.lanes.map((l) => {
        const ands = [eb('awaiting_role', '=', l.role)];
        if (l.districtCode) ands.push(eb('district_code', '=', l.districtCode));
        if (l.streetCode) ands.push(eb('street_code', '=', l.streetCode));
        if (l.unitId) ands.push(eb('current_unit_id', '=', l.unitId));
        return eb.and(ands);
      });
      if (f.replyUnitId) ors.push(eb.and([eb('supervision_open', '=', 1), eb('current_unit_id', '=', f.replyUnitId)]));
      return eb.or(ors);
    })
    .orderBy(sql`coalesce(due_at, 9007199254740991)`)
    .orderBy('reported_at')
    .limit(f.limit)
    .execute();
  return rows.map(rowToRecord);
}

/** Notifications are the events addressed to a user's roles/area/unit or to the user. */
export interface AudienceFilter {
  userId: string;
  lanes: Array<{ role: Role; districtCode?: string; streetCode?: string; unitId?: string }>;
  since?: number;
  limit: number;
}

export async function eventsForAudience(db: Executor, f: AudienceFilter) {
  return db.selectFrom('case_events')
    .innerJoin('cases', 'cases.id', 'case_events.case_id')
    .select(['case_events.case_id', 'case_events.seq', 'case_events.type', 'case_events.at', 'case_events.role', 'case_events.actor_id', 'case_events.data',
      'cases.code', 'cases.category_name', 'cases.status', 'cases.light', 'cases.version'])
    .where((eb) => {
      const ors = [eb('case_events.audience_user_id', '=', f.userId)];
      for (const l of f.lanes) {
        const ands = [eb('case_events.audience_role', '=', l.role)];
        if (l.districtCode) ands.push(eb('case_events.district_code', '=', l.districtCode));
        if (l.streetCode) ands.push(eb('case_events.street_code', '=', l.streetCode));
        if (l.unitId) ands.push(eb('case_events.audience_unit_id', '=', l.unitId));
        ors.push(eb.and(ands));
      }
      return eb.or(ors);
    })
    .$if(f.since !== undefined, (q) => q.where('case_events.at', '>', f.since!))
    .orderBy('case_events.at', 'desc').orderBy('case_events.seq', 'desc')
    .limit(f.limit)
    .execute();
}
