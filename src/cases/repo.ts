/**
 * The queries of cases: searches, the map, worklists, the sweeper's candidates, notifications. One
 * function per query; no rules here. Loading, creating and appending to a case (the event log and
 * its projection) is the workflow kit's store with the case stream (src/cases/stream.ts).
 */
import { sql } from 'kysely';
import type { Db, Executor } from '../store/db.js';
import { containsText } from '../store/dialect.js';
import type { CaseRecord } from './record.js';
import { OPEN_STATUSES, type Role } from './model.js';
import { rowToRecord, type CaseRow } from './stream.js';

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
  if (f.attention) {
    q = q
      .where('status', 'in', ['reported', 'filed', 'dispatched', 'suspended', 'handled', 'verifying'])
      .where((eb) => eb.or([eb('light', '=', 'red'), eb('supervision_open', '=', 1)]));
  }
  if (f.access?.districtCode) q = q.where('district_code', '=', f.access.districtCode);
  if (f.access?.streetCode) q = q.where('street_code', '=', f.access.streetCode);
  if (f.access?.unitId) {
    // A unit reads what it holds now and what it once held (returned, reassigned away): so do its lists.
    const unitId = f.access.unitId;
    q = q.where((eb) => eb.or([
      eb('current_unit_id', '=', unitId),
      eb('id', 'in', eb.selectFrom('case_unit_holds').select('case_id').where('unit_id', '=', unitId)),
    ]));
  }
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
