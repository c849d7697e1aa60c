/**
 * The queries of cases: searches, the map, worklists, the sweeper's candidates, notifications. One
 * function per query; no rules here. Loading, creating and appending to a case (the event log and
 * its projection) is the workflow kit's store with the case stream (src/cases/stream.ts).
 */
import { sql, type SelectQueryBuilder } from 'kysely';
import type { Db, Executor } from '../store/db.js';
import type { Database } from '../store/schema.js';
import { containsText } from '../store/dialect.js';
import type { CaseRecord } from './record.js';
import { OPEN_STATUSES, type Role } from './model.js';
import { rowToRecord, type CaseRow } from './stream.js';
import { actorOf, roleCode, roleOfCode, typeOfCode } from './event-codes.js';

const num = (v: unknown): number => Number(v);

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

/** The id of the case with this code (案卷编号), if any. */
export async function idOfCode(db: Executor, code: string): Promise<string | undefined> {
  return (await db.selectFrom('cases').select('id').where('code', '=', code).executeTakeFirst())?.id;
}

/** Open cases of a class inside a lon/lat box (the citizen app's "likely duplicates nearby"), newest first. */
export async function openNearby(db: Executor, q: { categoryCode: string; minLon: number; maxLon: number; minLat: number; maxLat: number }, limit = 50): Promise<CaseRecord[]> {
  const rows = await db.selectFrom('cases').selectAll()
    .where('category_code', '=', q.categoryCode)
    .where('lon', '>=', q.minLon).where('lon', '<=', q.maxLon)
    .where('lat', '>=', q.minLat).where('lat', '<=', q.maxLat)
    .where('status', 'in', [...OPEN_STATUSES])
    .orderBy('reported_at', 'desc').limit(limit).execute();
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
  /** Open cases that need attention: overdue (red) or under open supervision (督办). */
  attention?: boolean;
  /** Access narrowing (accessFilter). */
  access?: { districtCode?: string; streetCode?: string; unitId?: string };
}

/**
 * The cases matching a search filter (shared by the paged search and the map points). Columns are
 * named with their table: a unit-bound reader's cases are read through the unit's holds (below).
 */
function filteredCases(db: Db, f: SearchFilter) {
  const unitId = f.access?.unitId;
  // A unit reads what it holds now and what it once held (returned, reassigned away): so do its lists.
  // Those are its rows in case_unit_holds (the current unit came with a dispatched or reassigned event,
  // which wrote the hold), read newest first from (unit_id, reported_at, case_id): migration 0240.
  let q = unitId === undefined
    ? db.kysely.selectFrom('cases')
    : (db.kysely.selectFrom('case_unit_holds').innerJoin('cases', 'cases.id', 'case_unit_holds.case_id')
      .where('case_unit_holds.unit_id', '=', unitId) as unknown as SelectQueryBuilder<Database, 'cases', object>);
  const unscoped = q;
  if (f.status?.length) q = q.where('cases.status', 'in', f.status);
  if (f.categoryCode) q = q.where('cases.category_code', '=', f.categoryCode);
  if (f.source) q = q.where('cases.source', '=', f.source);
  if (f.districtCode) q = q.where('cases.district_code', '=', f.districtCode);
  if (f.streetCode) q = q.where('cases.street_code', '=', f.streetCode);
  if (f.communityCode) q = q.where('cases.community_code', '=', f.communityCode);
  if (f.gridCode) q = q.where('cases.grid_code', '=', f.gridCode);
  if (f.unitId) q = q.where('cases.current_unit_id', '=', f.unitId);
  if (f.unitCode) q = q.where('cases.current_unit_code', '=', f.unitCode);
  if (f.light) q = q.where('cases.light', '=', f.light).where('cases.status', 'in', ['reported', 'filed', 'dispatched', 'suspended', 'handled', 'verifying']);
  if (f.from !== undefined) q = q.where('cases.reported_at', '>=', f.from);
  if (f.to !== undefined) q = q.where('cases.reported_at', '<', f.to);
  if (f.awaitingRole) q = q.where('cases.awaiting_role', '=', f.awaitingRole);
  if (f.reporterId) q = q.where('cases.reporter_id', '=', f.reporterId);
  if (f.attention) {
    q = q
      .where('cases.status', 'in', ['reported', 'filed', 'dispatched', 'suspended', 'handled', 'verifying'])
      .where((eb) => eb.or([eb('cases.light', '=', 'red'), eb('cases.supervision_open', '=', 1)]));
  }
  if (f.access?.districtCode) q = q.where('cases.district_code', '=', f.access.districtCode);
  if (f.access?.streetCode) q = q.where('cases.street_code', '=', f.access.streetCode);
  if (f.q) {
    const needle = f.q;
    q = q.where((eb) => eb.or([
      containsText(db.dialect, eb.ref('cases.description'), needle),
      containsText(db.dialect, eb.ref('cases.address'), needle),
      eb('cases.code', '=', needle),
      containsText(db.dialect, eb.ref('cases.category_name'), needle),
    ]));
  }
  // Newest first; a unit's list in the order of its holds' index (the same values: the hold copies reported_at).
  const newestFirst = <Q extends typeof q>(x: Q): Q => (unitId === undefined
    ? x.orderBy('cases.reported_at', 'desc').orderBy('cases.id', 'desc')
    : x.orderBy(sql`case_unit_holds.reported_at`, 'desc').orderBy(sql`case_unit_holds.case_id`, 'desc')) as Q;
  // A unit's whole list (no filter of its own) is counted from its holds alone, without reading a case row.
  const holdsOnly = unitId !== undefined && q === unscoped
    ? db.kysely.selectFrom('case_unit_holds').where('case_unit_holds.unit_id', '=', unitId) as unknown as typeof q
    : undefined;
  return { q, newestFirst, counted: holdsOnly ?? q };
}

/**
 * A page of the matching cases, newest first, and how many match — counted up to `countCap` only:
 * a count walks every matching index entry (a city-wide reader's list at 200 000 cases walked all
 * 200 000 on every page), a capped count at most `countCap + 1` of them. `total` is then at most
 * `countCap` and `capped` says more match.
 */
export async function searchCases(db: Db, f: SearchFilter, page: number, pageSize: number, countCap = Infinity): Promise<{ items: CaseRecord[]; total: number; capped: boolean }> {
  const { q, newestFirst, counted } = filteredCases(db, f);
  const offset = (page - 1) * pageSize;
  const [rows, n] = await Promise.all([
    pageByStatus(db, f, offset, pageSize) ?? newestFirst(q.selectAll('cases')).limit(pageSize).offset(offset).execute(),
    countMatching(db, counted, countCap),
  ]);
  return { items: rows.map(rowToRecord), total: Math.min(n, countCap), capped: n > countCap };
}

/** Pages this deep or shallower of a several-status list are merged from one ordered run per status. */
const MERGED_PAGE_DEPTH = 10_000;

/**
 * A page of a list of several statuses (the open cases: `status IN (reported, dispatched, …)`): no
 * index gives their rows newest first, so the planner gathered every matching case and sorted it —
 * 20 000 open cases of a city, 58–160 ms a page. One run per status reads `(status, reported_at)`
 * in order and stops at the page's end; the runs are merged here. Not for a unit's list (read in
 * its holds' order) nor past MERGED_PAGE_DEPTH rows (one query, as before). Undefined: not merged.
 */
function pageByStatus(db: Db, f: SearchFilter, offset: number, pageSize: number): Promise<CaseRow[]> | undefined {
  const statuses = [...new Set(f.status ?? [])];
  if (statuses.length < 2 || f.access?.unitId !== undefined || offset + pageSize > MERGED_PAGE_DEPTH) return undefined;
  return Promise.all(statuses.map((status) => {
    const { q, newestFirst } = filteredCases(db, { ...f, status: [status] });
    return newestFirst(q.selectAll('cases')).limit(offset + pageSize).execute();
  })).then((runs) => runs.flat()
    .sort((a, b) => (num(b.reported_at) - num(a.reported_at)) || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0))
    .slice(offset, offset + pageSize));
}

/** `count(*)` of a filter, or — with a finite cap — of its first `cap + 1` rows (the planner stops there). */
async function countMatching(db: Db, q: ReturnType<typeof filteredCases>['q'], cap: number): Promise<number> {
  if (!Number.isFinite(cap)) return num((await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  const firstRows = q.select(sql<number>`1`.as('one')).limit(cap + 1).as('m');
  return num((await db.kysely.selectFrom(firstRows).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
}

/** A map point per matching case: the few columns the command center draws, newest first, up to `limit`. */
export async function mapPoints(db: Db, f: SearchFilter, limit: number): Promise<{ points: MapPoint[]; total: number }> {
  const { q, newestFirst } = filteredCases(db, f);
  const [rows, count] = await Promise.all([
    newestFirst(q.select(['cases.id', 'cases.code', 'cases.status', 'cases.light', 'cases.category_code', 'cases.category_name', 'cases.lon', 'cases.lat', 'cases.h3', 'cases.district_code', 'cases.reported_at']))
      .limit(limit).execute(),
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

/**
 * Most urgent first: the earliest deadline leads (an overdue one has the earliest), cases without a
 * deadline after all that have one, each by when it was reported. Read per lane — a role's lane from
 * `(awaiting_role, due_at, reported_at)`, a unit's from `(current_unit_id, awaiting_role, due_at,
 * reported_at)` (migration 0241) — as two ordered runs (with a deadline, without), each stopping at
 * `limit`, merged here: no lane's cases are gathered and sorted whole.
 */
export async function worklist(db: Executor, f: WorkFilter): Promise<CaseRecord[]> {
  type Branch = (q: SelectQueryBuilder<Database, 'cases', object>) => SelectQueryBuilder<Database, 'cases', object>;
  const branches: Branch[] = f.lanes.map((l) => (q) => {
    let b = q.where('awaiting_role', '=', l.role);
    if (l.unitId) b = b.where('current_unit_id', '=', l.unitId);
    if (l.districtCode) b = b.where('district_code', '=', l.districtCode);
    if (l.streetCode) b = b.where('street_code', '=', l.streetCode);
    return b;
  });
  const replyUnitId = f.replyUnitId;
  if (replyUnitId) {
    // A supervision waits for the reply of the unit holding an open case (open: it awaits someone).
    branches.push((q) => q.where('current_unit_id', '=', replyUnitId).where('awaiting_role', 'is not', null).where('supervision_open', '=', 1));
  }
  if (branches.length === 0) return [];
  const runs = await Promise.all(branches.flatMap((branch) => [
    branch(db.selectFrom('cases')).selectAll().where('due_at', 'is not', null).orderBy('due_at').orderBy('reported_at').limit(f.limit).execute(),
    branch(db.selectFrom('cases')).selectAll().where('due_at', 'is', null).orderBy('reported_at').limit(f.limit).execute(),
  ]));
  const byId = new Map<string, CaseRow>();
  for (const run of runs) for (const r of run) byId.set(r.id, r);
  const NONE = Number.MAX_SAFE_INTEGER;
  return [...byId.values()]
    .sort((a, b) => (num(a.due_at ?? NONE) - num(b.due_at ?? NONE)) || (num(a.reported_at) - num(b.reported_at)))
    .slice(0, f.limit)
    .map(rowToRecord);
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
    .innerJoin('cases', 'cases.case_no', 'case_events.case_no')
    .select(['cases.id as case_id', 'case_events.seq', 'case_events.type', 'case_events.at', 'case_events.role', 'case_events.actor_id', 'case_events.data',
      'cases.code', 'cases.category_name', 'cases.status', 'cases.light', 'cases.version'])
    // Roles are coded in the log (event-codes.ts); a lane's district and street are the case's.
    .where((eb) => {
      const ors = [eb('case_events.audience_user_id', '=', f.userId)];
      for (const l of f.lanes) {
        const ands = [eb('case_events.audience_role', '=', roleCode(l.role))];
        if (l.districtCode) ands.push(eb('cases.district_code', '=', l.districtCode));
        if (l.streetCode) ands.push(eb('cases.street_code', '=', l.streetCode));
        if (l.unitId) ands.push(eb('case_events.audience_unit_id', '=', l.unitId));
        ors.push(eb.and(ands));
      }
      return eb.or(ors);
    })
    .$if(f.since !== undefined, (q) => q.where('case_events.at', '>', f.since!))
    .orderBy('case_events.at', 'desc').orderBy('case_events.seq', 'desc')
    .limit(f.limit)
    .execute()
    .then((rows) => rows.map((r) => ({ ...r, type: typeOfCode(r.type), role: roleOfCode(r.role), actor_id: actorOf(r.actor_id) })));
}
