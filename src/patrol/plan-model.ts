/**
 * Patrol plans (巡查计划): which inspectors cover which grids in which hours, with a required
 * frequency per grid class (key roads every 2 h by day …), and coverage against the plan: each
 * grid's day is cut into windows as long as its required interval, and a window is covered when the
 * grid was visited in it. A command level (加强, 应急) raises the frequency: the interval is divided
 * by the level's factor from the moment the level holds. Pure.
 */
import { docStream, type DocRecord } from '../workflow/doc-stream.js';

export const GRID_CLASSES = ['key', 'ordinary', 'low'] as const;
export type GridClass = (typeof GRID_CLASSES)[number];
export const GRID_CLASS_NAMES: Record<GridClass, { zh: string; en: string }> = {
  key: { zh: '重点网格', en: 'Key grid' },
  ordinary: { zh: '一般网格', en: 'Ordinary grid' },
  low: { zh: '低频网格', en: 'Low-frequency grid' },
};
/** Hours between required visits per class, by default (a plan may set its own). */
export const DEFAULT_FREQUENCIES: Record<GridClass, number> = { key: 2, ordinary: 4, low: 8 };

export interface PlanGrid {
  code: string;
  cls: GridClass;
}

export interface PatrolPlan extends DocRecord {
  state: 'active' | 'retired';
  name: string;
  districtCode: string;
  streetCode: string | null;
  /** Hours of the plan each day, 'HH:MM' Asia/Shanghai (from < to). */
  from: string;
  to: string;
  grids: PlanGrid[];
  inspectorIds: string[];
  /** Hours between required visits per grid class. */
  frequencies: Record<GridClass, number>;
}

export const PLAN_STREAM = docStream<PatrolPlan>({
  name: 'patrol_plan',
  zh: '巡查计划',
  table: 'patrol_plans',
  eventsTable: 'patrol_plan_events',
  indexed: [['district_code', 'text', (p) => p.districtCode], ['street_code', 'text', (p) => p.streetCode]],
});

export const minutesOf = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

const SLOT_MIN = 15;

export interface GridCoverage {
  code: string;
  cls: GridClass;
  /** Windows whose end has passed, plus the current one when already covered. */
  required: number;
  covered: number;
  /** The window under way: covered yet? (null outside the plan's hours) */
  current: boolean | null;
  /** Minutes between required visits right now (after the command level). */
  everyMinutes: number;
  /** The last window that ended was missed. */
  missedLast: boolean;
  lastVisitSlot: number | null;
}

/**
 * Coverage of a plan's grids on a day up to minute `nowMin` of that day (1440 for a past day).
 * `visits` are the grid's visited 15-minute slots; `factorAt(minute)` the frequency factor of the
 * command level in force then (1 for 常态).
 */
export function planCoverage(plan: Pick<PatrolPlan, 'grids' | 'from' | 'to' | 'frequencies'>, visits: ReadonlyMap<string, readonly number[]>, nowMin: number, factorAt: (minute: number) => number): GridCoverage[] {
  const from = minutesOf(plan.from);
  const to = minutesOf(plan.to);
  return plan.grids.map((g) => {
    const slots = new Set(visits.get(g.code) ?? []);
    const hours = plan.frequencies[g.cls] ?? DEFAULT_FREQUENCIES[g.cls];
    let required = 0;
    let covered = 0;
    let current: boolean | null = null;
    let missedLast = false;
    const everyMinutes = lengthAt(hours, factorAt(Math.min(Math.max(nowMin, from), to - 1)));
    for (let ws = from; ws < to && ws <= nowMin;) {
      const f0 = factorAt(ws);
      let we = Math.min(to, ws + lengthAt(hours, f0));
      // A level that changes inside a window starts a new window there.
      for (let s = ws + SLOT_MIN; s < we; s += SLOT_MIN) {
        if (factorAt(s) !== f0) {
          we = s;
          break;
        }
      }
      let hit = false;
      for (let s = Math.floor(ws / SLOT_MIN); s * SLOT_MIN < we; s++) if (slots.has(s)) hit = true;
      if (we <= nowMin) {
        required += 1;
        if (hit) covered += 1;
        missedLast = !hit;
      } else {
        current = hit;
        if (hit) {
          required += 1;
          covered += 1;
        }
      }
      ws = we;
    }
    const visited = [...slots].filter((s) => s * SLOT_MIN <= nowMin);
    return { code: g.code, cls: g.cls, required, covered, current, everyMinutes, missedLast, lastVisitSlot: visited.length ? Math.max(...visited) : null };
  });
}

function lengthAt(hours: number, factor: number): number {
  const raw = (hours * 60) / Math.max(1, factor);
  return Math.max(SLOT_MIN, Math.round(raw / SLOT_MIN) * SLOT_MIN);
}

/** Covered / required windows, percent (null when nothing was required yet). */
export function coverageRate(rows: readonly Pick<GridCoverage, 'required' | 'covered'>[]): number | null {
  let req = 0;
  let cov = 0;
  for (const r of rows) {
    req += r.required;
    cov += r.covered;
  }
  return req ? Math.round((cov / req) * 1000) / 10 : null;
}
