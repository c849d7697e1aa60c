/** SQL for the console's own reads: who closed a class lately (dispatch candidates) and the latest events (live feed). */
import type { Executor } from '../store/db.js';
import type { AccessFilter } from '../auth/policy.js';
import { typeOfCode } from './event-codes.js';

export async function closedByUnit(
  db: Executor,
  q: { categoryCode: string; districtCode: string; since: number; limit: number },
): Promise<Array<{ unitId: string; count: number }>> {
  const rows = await db
    .selectFrom('cases')
    .select(['current_unit_id as unitId', db.fn.countAll<number>().as('n')])
    .where('category_code', '=', q.categoryCode)
    .where('reported_at', '>=', q.since)
    .where('district_code', '=', q.districtCode)
    .where('status', '=', 'closed')
    .where('current_unit_id', 'is not', null)
    .groupBy('current_unit_id')
    .orderBy('n', 'desc')
    .limit(q.limit)
    .execute();
  return rows.map((r) => ({ unitId: String(r.unitId), count: Number(r.n) }));
}

export interface FeedRow {
  caseId: string;
  caseCode: string;
  seq: number;
  type: string;
  at: number;
  categoryName: string;
  districtCode: string;
  place: unknown;
}

/** The latest events since `since`, newest first, of the cases the access filter lets the user read. */
export async function latestEvents(db: Executor, q: { since: number; limit: number; access: AccessFilter }): Promise<FeedRow[]> {
  let s = db
    .selectFrom('case_events as e')
    .innerJoin('cases as c', 'c.case_no', 'e.case_no')
    .select(['c.id as caseId', 'c.code as caseCode', 'e.seq as seq', 'e.type as type', 'e.at as at', 'c.category_name as categoryName', 'c.district_code as districtCode', 'c.place_names as place'])
    .where('e.at', '>=', q.since);
  if (q.access.districtCode) s = s.where('c.district_code', '=', q.access.districtCode);
  if (q.access.streetCode) s = s.where('c.street_code', '=', q.access.streetCode);
  if (q.access.unitId) s = s.where('c.current_unit_id', '=', q.access.unitId);
  const rows = await s.orderBy('e.at', 'desc').orderBy('e.seq', 'desc').limit(q.limit).execute();
  return rows.map((r) => ({ ...r, type: typeOfCode(r.type), seq: Number(r.seq), at: Number(r.at) }));
}
