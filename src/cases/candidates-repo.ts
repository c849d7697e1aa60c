/** SQL for the dispatcher's candidate units: who closed cases of a class in a district lately. */
import type { Executor } from '../store/db.js';

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
