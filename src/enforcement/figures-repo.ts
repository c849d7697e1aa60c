/** The SQL of the leader figures: penalty cases, fines, waived amounts, late decisions and file-review scores, grouped by district or squad. */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../store/schema.js';

export interface FigureQuery {
  by: 'district' | 'squad';
  from: number;
  to: number;
  districtCode?: string;
  streetCode?: string;
}

export interface FigureRow {
  key: string | null;
  cases: number;
  filed: number;
  decided: number;
  penalties: number;
  fineFen: number;
  waivedFen: number;
  waivedCases: number;
  closed: number;
  /** Decided cases whose clock went red at some stage (a deadline_overdue event). */
  lateDecided: number;
  reviewed: number;
  scoreSum: number;
}

export async function figureRows(db: Kysely<Database>, dialect: 'sqlite' | 'postgres', q: FigureQuery): Promise<FigureRow[]> {
  const key = q.by === 'district' ? sql.ref('p.district_code') : sql.ref('p.squad');
  const scope = sql.join([
    sql`p.created_at >= ${q.from}`, sql`p.created_at < ${q.to}`,
    ...(q.districtCode ? [sql`p.district_code = ${q.districtCode}`] : []), ...(q.streetCode ? [sql`p.street_code = ${q.streetCode}`] : []),
  ], sql` and `);
  const r = await sql<Record<string, unknown>>`
    select ${key} as key,
      count(*) as cases,
      sum(case when p.filed_at is not null or p.procedure = 'summary' then 1 else 0 end) as filed,
      sum(case when p.decided_at is not null then 1 else 0 end) as decided,
      sum(case when p.decided_at is not null and p.fine_fen > 0 then 1 else 0 end) as penalties,
      sum(case when p.decided_at is not null then p.fine_fen else 0 end) as fine_fen,
      sum(case when p.decided_at is not null then p.waived_fen else 0 end) as waived_fen,
      sum(case when p.decided_at is not null and p.waived_fen > 0 then 1 else 0 end) as waived_cases,
      sum(case when p.state in ('closed', 'archived') then 1 else 0 end) as closed,
      sum(case when p.decided_at is not null and exists (select 1 from penalty_case_events e where e.case_id = p.id and e.type = 'deadline_overdue') then 1 else 0 end) as late_decided,
      count(fr.case_id) as reviewed,
      coalesce(sum(fr.score), 0) as score_sum
    from penalty_cases p
    left join (
      select case_id, max(cast(${dialect === 'postgres' ? sql`(data->>'score')` : sql`json_extract(data, '$.score')`} as integer)) as score from penalty_case_events where type = 'file_reviewed' group by case_id
    ) fr on fr.case_id = p.id
    where ${scope}
    group by ${key}
    order by ${key}`.execute(db);
  return r.rows.map((x) => ({
    key: (x.key as string | null) ?? null, cases: Number(x.cases), filed: Number(x.filed ?? 0), decided: Number(x.decided ?? 0), penalties: Number(x.penalties ?? 0),
    fineFen: Number(x.fine_fen ?? 0), waivedFen: Number(x.waived_fen ?? 0), waivedCases: Number(x.waived_cases ?? 0), closed: Number(x.closed ?? 0),
    lateDecided: Number(x.late_decided ?? 0), reviewed: Number(x.reviewed ?? 0), scoreSum: Number(x.score_sum ?? 0),
  }));
}
