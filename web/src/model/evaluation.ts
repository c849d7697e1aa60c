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
  /** Inspectors (post level): the patrol figures of their shifts in the period. */
  patrol?: { shifts: number; distanceM: number; dutyMs: number; coverage: number | null; anomalies: number };
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
    if (r.patrol) row.patrol = { shifts: r.patrol.shifts, distanceM: r.patrol.distanceM, dutyMs: r.patrol.dutyMs, coverage: r.patrol.coverage, anomalies: r.patrol.anomalies };
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

const DAY = 86_400_000;

/** The weeks of a period (up to 12), each from its first to its last day; a week is partial when it
 * is cut short by the period's end or has not ended yet (it holds today). Instants are Shanghai midnights. */
export function weekWindows(from: number, to: number, today: number): Array<{ start: number; last: number; partial: boolean }> {
  const out: Array<{ start: number; last: number; partial: boolean }> = [];
  for (let start = from; start <= to && out.length < 12; start += 7 * DAY) {
    const last = Math.min(to, start + 6 * DAY);
    out.push({ start, last, partial: last - start < 6 * DAY || (today >= start && today <= last) });
  }
  return out;
}

/** A score axis that fits the scores (so a 3-point gap shows), on round steps of 5 within 0–100. */
export function scoreAxis(scores: ReadonlyArray<number | null | undefined>): { min: number; max: number } {
  const xs = scores.filter((s): s is number => typeof s === 'number' && Number.isFinite(s));
  if (xs.length === 0) return { min: 0, max: 100 };
  const lo = Math.min(...xs);
  const hi = Math.max(...xs);
  const min = Math.max(0, Math.floor((lo - Math.max(2, (hi - lo) * 0.3)) / 5) * 5);
  const max = Math.min(100, Math.ceil((hi + 1) / 5) * 5);
  return { min, max: Math.max(max, min + 5) };
}
