/** Shaping evaluation rows for the leader dashboards. Pure. */

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

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : typeof v === 'string' && v !== '' && Number.isFinite(Number(v)) ? Number(v) : null);

/** Accepts the evaluation API's rows whatever their nesting ({metrics:{…}} or flat). */
export function toEvalRows(raw: unknown): EvalRow[] {
  const list = Array.isArray(raw) ? raw : Array.isArray((raw as { rows?: unknown })?.rows) ? (raw as { rows: unknown[] }).rows : Array.isArray((raw as { items?: unknown })?.items) ? (raw as { items: unknown[] }).items : [];
  return list.map((r, i) => {
    const o = r as Record<string, unknown>;
    // The API gives rates in percent (0–100) under `rates`; the console keeps fractions.
    const rates = Object.fromEntries(Object.entries((o.rates as Record<string, unknown>) ?? {}).map(([k, v]) => [k, typeof v === 'number' ? v / 100 : v]));
    const m = { ...((o.metrics as Record<string, unknown>) ?? {}), ...((o.counters as Record<string, unknown>) ?? {}), ...rates, ...o };
    const row: EvalRow = {
      key: String(o.code ?? o.id ?? o.key ?? i),
      name: String(o.name ?? o.label ?? o.code ?? o.id ?? i),
      score: num(m.score ?? m.composite),
      grade: typeof m.grade === 'string' ? m.grade : null,
      closureRate: num(m.closureRate),
      onTimeClosureRate: num(m.onTimeClosureRate),
      reworkRate: num(m.reworkRate),
    };
    const reports = num(m.reports);
    if (reports !== null) row.reports = reports;
    const overdue = num(m.overdueOpen);
    if (overdue !== null) row.overdueOpen = overdue;
    if (typeof o.gradeColor === 'string') row.gradeColor = o.gradeColor;
    const rank = num(m.rank);
    if (rank !== null) row.rank = rank;
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
