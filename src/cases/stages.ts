/**
 * Stage clocks (环节时限). Every open case is in one stage; each stage has a limit (from the
 * responsibility item, or a process default) measured on the working-time calendar. A clock can be
 * paused (挂账 stops it) and extended (延期). Pure: the calendar is passed in.
 */
import type { CaseState } from './model.js';
import { YELLOW_AT, lightAt, type Light } from './lights.js';

export type TimeUnit = 'work_hours' | 'work_days' | 'hours' | 'days';
export const TIME_UNITS: readonly TimeUnit[] = ['work_hours', 'work_days', 'hours', 'days'];
export interface TimeLimit {
  value: number;
  unit: TimeUnit;
}
export const UNIT_NAMES: Record<TimeUnit, string> = { work_hours: '工作时', work_days: '工作日', hours: '小时', days: '天' };

/** What a clock needs from the working-time calendar (CalendarService satisfies it). */
export interface WorkCalendar {
  deadline(start: number, amount: number, unit: TimeUnit): number;
  elapsed(from: number, to: number, unit: TimeUnit): number;
}

export const STAGES = ['accept', 'check', 'file', 'dispatch', 'handle', 'verify', 'close'] as const;
export type Stage = (typeof STAGES)[number];
export const STAGE_NAMES: Record<Stage, string> = {
  accept: '受理', check: '核实', file: '立案', dispatch: '派遣', handle: '处置', verify: '核查', close: '结案',
};

/**
 * Process limits (环节时限) used when the responsibility item gives none for a stage. Seed values:
 * a city configures its own in the catalog; these keep an unconfigured case from running forever.
 */
export const DEFAULT_STAGE_LIMITS: Record<Stage, TimeLimit> = {
  accept: { value: 1, unit: 'work_hours' },
  check: { value: 2, unit: 'work_hours' },
  file: { value: 1, unit: 'work_hours' },
  dispatch: { value: 1, unit: 'work_hours' },
  handle: { value: 3, unit: 'work_days' },
  verify: { value: 4, unit: 'work_hours' },
  close: { value: 2, unit: 'work_hours' },
};

/** The stage a state belongs to; null for ended cases. A suspended case stays in `handle` (paused). */
export function stageOf(state: CaseState): Stage | null {
  switch (state.status) {
    case 'reported':
      if (state.phase === 'checking') return 'check';
      if (state.phase === 'accepted' || state.phase === 'void_requested') return 'file';
      if (state.phase === 'self_handled') return 'close';
      return 'accept';
    case 'filed':
      return 'dispatch';
    case 'dispatched':
    case 'suspended':
      return 'handle';
    case 'handled':
      return 'verify';
    case 'verifying':
      return state.phase === 'verification_passed' ? 'close' : 'verify';
    default:
      return null;
  }
}

/** A stage clock as stored in the case row. */
export interface StageClock {
  stage: Stage | null;
  /** Increases each time a deadline is set anew (new stage, rework, reassignment, extension): light events are unique per (case, cycle, kind). */
  cycle: number;
  startedAt: number | null;
  limit: TimeLimit | null;
  /** Start of the running segment; null while paused or ended. */
  segmentStart: number | null;
  /** Amount (in limit.unit) used by earlier segments, before a pause. */
  consumed: number;
  warnAt: number | null;
  dueAt: number | null;
  light: Light;
}

export const NO_CLOCK: StageClock = {
  stage: null, cycle: 0, startedAt: null, limit: null, segmentStart: null, consumed: 0, warnAt: null, dueAt: null, light: 'green',
};

function schedule(cal: WorkCalendar, c: StageClock, now: number): StageClock {
  if (!c.limit || c.segmentStart === null) return { ...c, warnAt: null, dueAt: null };
  const remainingToWarn = Math.max(0, c.limit.value * YELLOW_AT - c.consumed);
  const remainingToDue = Math.max(0, c.limit.value - c.consumed);
  const warnAt = cal.deadline(c.segmentStart, remainingToWarn, c.limit.unit);
  const dueAt = cal.deadline(c.segmentStart, remainingToDue, c.limit.unit);
  return { ...c, warnAt, dueAt, light: maxLight(c.light, lightAt(now, warnAt, dueAt)) };
}

/** A fresh clock for a stage, starting now. */
export function startClock(cal: WorkCalendar, prev: StageClock, stage: Stage | null, limit: TimeLimit | null, now: number): StageClock {
  if (stage === null) return { ...NO_CLOCK, cycle: prev.cycle, light: prev.light };
  return schedule(cal, {
    stage, cycle: prev.cycle + 1, startedAt: now, limit, segmentStart: now, consumed: 0, warnAt: null, dueAt: null, light: 'green',
  }, now);
}

/** Stops the clock (挂账): what was used so far is kept; no warnings while paused. */
export function pauseClock(cal: WorkCalendar, c: StageClock, now: number): StageClock {
  if (c.segmentStart === null || !c.limit) return c;
  const used = c.consumed + cal.elapsed(c.segmentStart, now, c.limit.unit);
  return { ...c, segmentStart: null, consumed: used, warnAt: null, dueAt: null };
}

/** Restarts a paused clock (挂账恢复) with what was left. */
export function resumeClock(cal: WorkCalendar, c: StageClock, now: number): StageClock {
  if (c.segmentStart !== null) return c;
  return schedule(cal, { ...c, segmentStart: now }, now);
}

/**
 * Moves the deadline by an extension (延期) in the clock's unit. The light is recomputed from now:
 * an overdue case that gets more time turns back (its overdue event stays in the log).
 */
export function extendClock(cal: WorkCalendar, c: StageClock, amount: number, now: number): StageClock {
  if (!c.limit) return c;
  // A new deadline is a new clock period: its warnings are raised afresh (cycle + 1).
  const next = { ...c, cycle: c.cycle + 1, limit: { ...c.limit, value: c.limit.value + amount }, light: 'green' as Light };
  if (next.segmentStart === null) return next;
  return schedule(cal, next, now);
}

const RANK: Record<Light, number> = { green: 0, yellow: 1, red: 2 };
function maxLight(a: Light, b: Light): Light {
  return RANK[a] >= RANK[b] ? a : b;
}

/** Fraction of the limit used at `now` (for display); null without a limit. */
export function usedFraction(cal: WorkCalendar, c: StageClock, now: number): number | null {
  if (!c.limit || c.limit.value <= 0) return c.limit ? 1 : null;
  const running = c.segmentStart === null ? 0 : cal.elapsed(c.segmentStart, now, c.limit.unit);
  return (c.consumed + running) / c.limit.value;
}
