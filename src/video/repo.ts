/** SQL of video intake: the shelf, the camera register, sources, counters, item reads, pairs. The only place with SQL here. */
import { sql, type Kysely } from 'kysely';
import type { Executor } from '../store/db.js';
import type { Database } from '../store/schema.js';
import { fromJson, toJson } from '../store/dialect.js';
import type { AccessFilter } from '../auth/policy.js';
import { reviewPassed, type Algorithm, type Art41Review, type Camera, type CameraAlgorithm, type Roi, type RoiPolicy, type TimeWindow } from './model.js';

const num = (v: unknown): number => Number(v);

// --- algorithms -------------------------------------------------------------------------------

function toAlgorithm(r: Record<string, unknown>): Algorithm {
  return {
    code: r.code as string, name: r.name as string, vendor: r.vendor as string, version: r.version as string, categoryCode: r.category_code as string,
    minConfidence: num(r.min_confidence), dwellSeconds: num(r.dwell_seconds), roiPolicy: r.roi_policy as RoiPolicy, nonContact: num(r.non_contact) === 1,
    selfCorrectSeconds: num(r.self_correct_seconds), dedupSeconds: num(r.dedup_seconds), defaultSchedule: fromJson<TimeWindow[]>(r.default_schedule),
    enabled: num(r.enabled) === 1, updatedAt: num(r.updated_at),
  };
}

export async function listAlgorithms(db: Executor): Promise<Algorithm[]> {
  return (await db.selectFrom('video_algorithms').selectAll().orderBy('code').execute()).map((r) => toAlgorithm(r as unknown as Record<string, unknown>));
}

export async function upsertAlgorithm(db: Executor, a: Algorithm): Promise<void> {
  const row = {
    code: a.code, name: a.name, vendor: a.vendor, version: a.version, category_code: a.categoryCode, min_confidence: a.minConfidence,
    dwell_seconds: a.dwellSeconds, roi_policy: a.roiPolicy, non_contact: a.nonContact ? 1 : 0, self_correct_seconds: a.selfCorrectSeconds,
    dedup_seconds: a.dedupSeconds, default_schedule: toJson(a.defaultSchedule), enabled: a.enabled ? 1 : 0, updated_at: a.updatedAt,
  };
  const { code: _code, ...rest } = row;
  await db.insertInto('video_algorithms').values(row).onConflict((oc) => oc.column('code').doUpdateSet(rest)).execute();
}

// --- cameras ----------------------------------------------------------------------------------

function toCamera(r: Record<string, unknown>): Camera {
  const review = fromJson<Art41Review>(r.review);
  return {
    code: r.code as string, name: r.name as string, owner: r.owner as string, lon: num(r.lon), lat: num(r.lat), address: (r.address as string | null) ?? null,
    direction: r.direction === null || r.direction === undefined ? null : num(r.direction), gridCode: r.grid_code as string,
    streetCode: r.street_code as string, districtCode: r.district_code as string, algorithms: fromJson<CameraAlgorithm[]>(r.algorithms),
    rois: fromJson<Roi[]>(r.rois), online: num(r.online) === 1, review, reviewPassed: num(r.review_passed) === 1, updatedAt: num(r.updated_at),
  };
}

const cameraRow = (c: Camera) => ({
  code: c.code, name: c.name, owner: c.owner, lon: c.lon, lat: c.lat, address: c.address, direction: c.direction, grid_code: c.gridCode,
  street_code: c.streetCode, district_code: c.districtCode, algorithms: toJson(c.algorithms), rois: toJson(c.rois), online: c.online ? 1 : 0,
  review: toJson(c.review), review_passed: reviewPassed(c.review) ? 1 : 0, updated_at: c.updatedAt,
});

const CAMERA_UPDATE_COLUMNS = [
  'name', 'owner', 'lon', 'lat', 'address', 'direction', 'grid_code', 'street_code', 'district_code', 'algorithms', 'rois', 'online', 'review', 'review_passed', 'updated_at',
] as const;

export async function listCameras(db: Executor): Promise<Camera[]> {
  return (await db.selectFrom('video_cameras').selectAll().orderBy('code').execute()).map((r) => toCamera(r as unknown as Record<string, unknown>));
}

export async function upsertCameras(db: Kysely<Database>, cameras: readonly Camera[]): Promise<void> {
  if (cameras.length === 0) return;
  await db.transaction().execute(async (tx) => {
    for (let i = 0; i < cameras.length; i += 200) {
      const rows = cameras.slice(i, i + 200).map(cameraRow);
      const set = Object.fromEntries(CAMERA_UPDATE_COLUMNS.map((c) => [c, sql.ref(`excluded.${c}`)]));
      await tx.insertInto('video_cameras').values(rows).onConflict((oc) => oc.column('code').doUpdateSet(set)).execute();
    }
  });
}

// --- sources ----------------------------------------------------------------------------------

export interface SourceRow { id: string; name: string; active: boolean; createdAt: number }
export async function insertSource(db: Executor, s: { id: string; name: string; keyHash: string; createdBy: string; at: number }): Promise<void> {
  await db.insertInto('video_sources').values({ id: s.id, name: s.name, key_hash: s.keyHash, active: 1, created_by: s.createdBy, created_at: s.at }).execute();
}
export async function sourceByKeyHash(db: Executor, keyHash: string): Promise<SourceRow | undefined> {
  const r = await db.selectFrom('video_sources').selectAll().where('key_hash', '=', keyHash).executeTakeFirst();
  return r && { id: r.id, name: r.name, active: num(r.active) === 1, createdAt: num(r.created_at) };
}
export async function listSources(db: Executor): Promise<SourceRow[]> {
  return (await db.selectFrom('video_sources').selectAll().orderBy('created_at').execute()).map((r) => ({ id: r.id, name: r.name, active: num(r.active) === 1, createdAt: num(r.created_at) }));
}
export async function setSourceActive(db: Executor, id: string, active: boolean): Promise<boolean> {
  const r = await db.updateTable('video_sources').set({ active: active ? 1 : 0 }).where('id', '=', id).executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

// --- counters ---------------------------------------------------------------------------------

export type CounterKey = { day: string; camera: string; algorithm: string; outcome: string };
export async function addCounters(db: Kysely<Database>, rows: ReadonlyArray<CounterKey & { count: number }>): Promise<void> {
  if (rows.length === 0) return;
  await db.transaction().execute(async (tx) => {
    for (let i = 0; i < rows.length; i += 200) {
      const values = rows.slice(i, i + 200).map((r) => ({ day: r.day, camera_code: r.camera, algorithm_code: r.algorithm, outcome: r.outcome, count: r.count }));
      await tx.insertInto('video_counters').values(values)
        .onConflict((oc) => oc.columns(['day', 'camera_code', 'algorithm_code', 'outcome']).doUpdateSet({ count: sql`video_counters.count + excluded.count` }))
        .execute();
    }
  });
}

export async function counterTotals(db: Executor, q: { from: string; to: string; camera?: string; algorithm?: string; cameras?: readonly string[] }) {
  let s = db.selectFrom('video_counters').select(['camera_code', 'algorithm_code', 'outcome', sql<string>`sum(count)`.as('n')])
    .where('day', '>=', q.from).where('day', '<=', q.to);
  if (q.camera) s = s.where('camera_code', '=', q.camera);
  if (q.algorithm) s = s.where('algorithm_code', '=', q.algorithm);
  const rows = await s.groupBy(['camera_code', 'algorithm_code', 'outcome']).execute();
  return rows.map((r) => ({ camera: r.camera_code, algorithm: r.algorithm_code, outcome: r.outcome, count: Number(r.n) }));
}

// --- items ------------------------------------------------------------------------------------

export async function openItems(db: Executor): Promise<Array<Record<string, unknown>>> {
  return (await db.selectFrom('video_items').selectAll().where('state', 'in', ['watching', 'pending', 'accepted']).execute()) as unknown as Array<Record<string, unknown>>;
}

export async function itemsDueForRelease(db: Executor, now: number, limit: number): Promise<Array<Record<string, unknown>>> {
  return (await db.selectFrom('video_items').selectAll().where('state', '=', 'watching').where('watch_until', '<=', now).orderBy('watch_until').limit(limit).execute()) as unknown as Array<Record<string, unknown>>;
}

export interface ItemQuery { states?: readonly string[]; camera?: string; algorithm?: string; caseId?: string; limit: number; offset: number }
export async function listItems(db: Executor, scope: AccessFilter, q: ItemQuery): Promise<{ rows: Array<Record<string, unknown>>; total: number }> {
  let s = db.selectFrom('video_items');
  if (scope.districtCode) s = s.where('district_code', '=', scope.districtCode);
  if (scope.streetCode) s = s.where('street_code', '=', scope.streetCode);
  if (q.states?.length) s = s.where('state', 'in', [...q.states]);
  if (q.camera) s = s.where('camera_code', '=', q.camera);
  if (q.algorithm) s = s.where('algorithm_code', '=', q.algorithm);
  if (q.caseId) s = s.where('case_id', '=', q.caseId);
  const total = Number((await s.select(sql<string>`count(*)`.as('n')).executeTakeFirstOrThrow()).n);
  const rows = await s.selectAll().orderBy('first_at', 'asc').orderBy('id').limit(q.limit).offset(q.offset).execute();
  return { rows: rows as unknown as Array<Record<string, unknown>>, total };
}

/** Human verdicts of a pair since an instant: accepted, counted as false, and all. */
export async function pairVerdicts(db: Executor, camera: string, algorithm: string, since: number): Promise<{ accepted: number; falses: number }> {
  const rows = await db.selectFrom('video_items').select(['verdict', sql<string>`count(*)`.as('n')])
    .where('algorithm_code', '=', algorithm).where('camera_code', '=', camera).where('verdict_at', '>=', since).where('auto', '=', 0)
    .groupBy('verdict').execute();
  let accepted = 0;
  let falses = 0;
  for (const r of rows) {
    if (r.verdict === 'accepted') accepted += Number(r.n);
    else if (r.verdict === 'false_positive' || r.verdict === 'not_violation') falses += Number(r.n);
  }
  return { accepted, falses };
}

/** Human verdicts grouped by pair and Shanghai day, since an instant (the precision dashboard and its trends). */
export async function verdictsByDay(db: Executor, since: number, scope: AccessFilter) {
  const day = sql<string>`(verdict_at + 28800000) / 86400000`;
  let s = db.selectFrom('video_items').select(['algorithm_code', 'camera_code', 'verdict', day.as('d'), sql<string>`count(*)`.as('n')])
    .where('verdict_at', '>=', since).where('auto', '=', 0);
  if (scope.districtCode) s = s.where('district_code', '=', scope.districtCode);
  if (scope.streetCode) s = s.where('street_code', '=', scope.streetCode);
  const rows = await s.groupBy(['algorithm_code', 'camera_code', 'verdict', sql`(verdict_at + 28800000) / 86400000`]).execute();
  return rows.map((r) => ({ algorithm: r.algorithm_code, camera: r.camera_code, verdict: r.verdict ?? '', dayIndex: Math.floor(Number(r.d)), count: Number(r.n) }));
}

// --- pairs ------------------------------------------------------------------------------------

export interface PairRow { camera: string; algorithm: string; suppressed: boolean; changedAt: number; countingSince: number }
export async function listPairs(db: Executor): Promise<PairRow[]> {
  return (await db.selectFrom('video_pairs').selectAll().execute()).map((r) => ({
    camera: r.camera_code, algorithm: r.algorithm_code, suppressed: num(r.suppressed) === 1, changedAt: num(r.changed_at), countingSince: num(r.counting_since),
  }));
}

/** Sets a pair's state and logs the change, in one transaction; false when it was already so. */
export async function changePair(db: Kysely<Database>, p: { camera: string; algorithm: string; suppressed: boolean; at: number; resetCounting: boolean; event: { id: string; type: string; data: unknown; actorId: string } }): Promise<boolean> {
  return db.transaction().execute(async (tx) => {
    const cur = await tx.selectFrom('video_pairs').selectAll().where('camera_code', '=', p.camera).where('algorithm_code', '=', p.algorithm).executeTakeFirst();
    if ((cur ? num(cur.suppressed) === 1 : false) === p.suppressed) return false;
    const since = p.resetCounting ? p.at : cur ? num(cur.counting_since) : 0;
    await tx.insertInto('video_pairs').values({ camera_code: p.camera, algorithm_code: p.algorithm, suppressed: p.suppressed ? 1 : 0, changed_at: p.at, counting_since: since })
      .onConflict((oc) => oc.columns(['camera_code', 'algorithm_code']).doUpdateSet({ suppressed: p.suppressed ? 1 : 0, changed_at: p.at, counting_since: since }))
      .execute();
    await tx.insertInto('video_pair_events').values({
      id: p.event.id, camera_code: p.camera, algorithm_code: p.algorithm, type: p.event.type, data: toJson(p.event.data), actor_id: p.event.actorId, at: p.at,
    }).execute();
    return true;
  });
}

export async function pairEvents(db: Executor, limit: number) {
  const rows = await db.selectFrom('video_pair_events').selectAll().orderBy('at', 'desc').orderBy('id', 'desc').limit(limit).execute();
  return rows.map((r) => ({ id: r.id, camera: r.camera_code, algorithm: r.algorithm_code, type: r.type, data: fromJson<Record<string, unknown>>(r.data), actorId: r.actor_id, at: num(r.at) }));
}
