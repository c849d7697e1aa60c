/** Shaping evaluation rows for the leader dashboards. Pure. */
import type { Evaluation } from '../api/schema.js';

export interface EvalRow {
  key: string;
  name: string;
  score: number | null;
  grade: string | null;
  reports?: number;
  closureRate?: number | null;
  onTimeClosureRate?: number | null;
  reworkRate?: number | null;
  overdueOpen?: number;
  rank?: number;
  gradeColor?: string;
}

/** The evaluation API's rows as the dashboard's rows (rates: the API's percent → fractions). */
export function toEvalRows(e: Pick<Evaluation, 'rows'>): EvalRow[] {
  const frac = (v: number | null | undefined): number | null => (v === null || v === undefined ? null : v / 100);
  return e.rows.map((r) => {
    const row: EvalRow = {
      key: r.id,
      name: r.name,
      score: r.score,
      grade: r.grade,
      reports: r.counters.reports ?? 0,
      closureRate: frac(r.rates.closureRate),
      onTimeClosureRate: frac(r.rates.onTimeClosureRate),
      reworkRate: frac(r.rates.reworkRate),
    };
    if (r.counters.overdueOpen !== undefined) row.overdueOpen = r.counters.overdueOpen;
    if (r.gradeColor) row.gradeColor = r.gradeColor;
    if (r.rank !== null) row.rank = r.rank;
    return row;
  });
}

/** Rows best first (by score, then on-time closure), with ranks filled in. */
export function ranked(rows: readonly EvalRow[]): EvalRow[] {
  const sorted = [...rows].sort((a, b) => (b.score ?? -1) - (a.score ?? -1) || (b.onTimeClosureRate ?? -1) - (a.onTimeClosureRate ?? -1));
  return sorted.map((r, i) => ({ ...r, rank: r.rank ?? i + 1 }));
}

/** How many rows have each grade, A–E in order. */
export function gradeCounts(rows: readonly EvalRow[]): Array<{ grade: string; count: number }> {
  const grades = ['A', 'B', 'C', 'D', 'E'];
  return grades.map((g) => ({ grade: g, count: rows.filter((r) => r.grade === g).length }));
}
