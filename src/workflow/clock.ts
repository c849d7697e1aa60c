/**
 * Stage clocks (环节时限 / 法定期限) for any workflow: a stage starts with a limit, can be paused and
 * resumed, extended; it turns yellow at 80 % and red past 100 % (lights.ts), and the instants of both
 * crossings are kept on the clock so a sweeper finds the records that owe a light event. The clock is
 * measured on a calendar (the platform's working-time calendar, src/calendar) in one of five units:
 *
 * - `work_hours`, `work_days`: inside the city's work windows on working days (the calendar's own);
 * - `hours`, `days`: natural time;
 * - `statutory_days`: working days as the Administrative Penalty Law counts them (行政处罚法 art. 85:
 *   "二日""三日""五日""七日" are working days, statutory holidays not counted). The day the period starts
 *   is not counted; each following day that is a working day (a weekday that is not a statutory
 *   holiday, or a make-up workday) counts whole, and the period ends at 24:00 of its last day. Work
 *   windows play no part. A fraction of a day is that share of the next working day's 24 hours.
 *
 * Pure: the calendar is passed in.
 */
import { DAY_MS, shanghaiDate, shanghaiMidnight } from '../core/time.js';
import { YELLOW_AT, lightAt, lightEventsDue, type Light } from './lights.js';

export type TimeUnit = 'work_hours' | 'work_days' | 'hours' | 'days' | 'statutory_days';
export const TIME_UNITS: readonly TimeUnit[] = ['work_hours', 'work_days', 'hours', 'days', 'statutory_days'];
export const UNIT_NAMES: Record<TimeUnit, string> = { work_hours: '工作时', work_days: '工作日', hours: '小时', days: '天', statutory_days: '法定工作日' };

export interface TimeLimit<U extends string = TimeUnit> {
  value: number;
  unit: U;
}

/** What a clock needs from a calendar (the calendar service gives the first four units; `withStatutoryDays` adds the fifth). */
export interface ClockCalendar<U extends string = TimeUnit> {
  deadline(start: number, amount: number, unit: U): number;
  elapsed(from: number, to: number, unit: U): number;
}

/** A stage clock as a record keeps it (cases: the stage columns of `cases`). */
export interface StageClock<S extends string = string, U extends string = TimeUnit> {
  stage: S | null;
  /** Increases each time a deadline is set anew (new stage, rework, extension): light events are unique per (record, cycle, kind). */
  cycle: number;
  startedAt: number | null;
  limit: TimeLimit<U> | null;
  /** Start of the running segment; null while paused or ended. */
  segmentStart: number | null;
  /** Amount (in limit.unit) used by earlier segments, before a pause. */
  consumed: number;
  warnAt: number | null;
  dueAt: number | null;
  light: Light;
}

export const NO_CLOCK: StageClock<never, never> = {
  stage: null, cycle: 0, startedAt: null, limit: null, segmentStart: null, consumed: 0, warnAt: null, dueAt: null, light: 'green',
};

const RANK: Record<Light, number> = { green: 0, yellow: 1, red: 2 };
const maxLight = (a: Light, b: Light): Light => (RANK[a] >= RANK[b] ? a : b);

function schedule<S extends string, U extends string>(cal: ClockCalendar<U>, c: StageClock<S, U>, now: number): StageClock<S, U> {
  if (!c.limit || c.segmentStart === null) return { ...c, warnAt: null, dueAt: null };
  const remainingToWarn = Math.max(0, c.limit.value * YELLOW_AT - c.consumed);
  const remainingToDue = Math.max(0, c.limit.value - c.consumed);
  const warnAt = cal.deadline(c.segmentStart, remainingToWarn, c.limit.unit);
  const dueAt = cal.deadline(c.segmentStart, remainingToDue, c.limit.unit);
  return { ...c, warnAt, dueAt, light: maxLight(c.light, lightAt(now, warnAt, dueAt)) };
}

/** A fresh clock for a stage, starting now (a null stage ends the clock, keeping its cycle and light). */
export function startClock<S extends string, U extends string>(cal: ClockCalendar<U>, prev: StageClock<S, U>, stage: S | null, limit: TimeLimit<U> | null, now: number): StageClock<S, U> {
  if (stage === null) return { ...NO_CLOCK, cycle: prev.cycle, light: prev.light };
  return schedule(cal, {
    stage, cycle: prev.cycle + 1, startedAt: now, limit, segmentStart: now, consumed: 0, warnAt: null, dueAt: null, light: 'green',
  }, now);
}

/** Ends the clock (the stage is over), keeping its cycle and light. */
export function endClock<S extends string, U extends string>(prev: StageClock<S, U>): StageClock<S, U> {
  return { ...NO_CLOCK, cycle: prev.cycle, light: prev.light };
}

/** Stops the clock (挂账, 中止): what was used so far is kept; no warnings while paused. */
export function pauseClock<S extends string, U extends string>(cal: ClockCalendar<U>, c: StageClock<S, U>, now: number): StageClock<S, U> {
  if (c.segmentStart === null || !c.limit) return c;
  const used = c.consumed + cal.elapsed(c.segmentStart, now, c.limit.unit);
  return { ...c, segmentStart: null, consumed: used, warnAt: null, dueAt: null };
}

/** Restarts a paused clock with what was left. */
export function resumeClock<S extends string, U extends string>(cal: ClockCalendar<U>, c: StageClock<S, U>, now: number): StageClock<S, U> {
  if (c.segmentStart !== null) return c;
  return schedule(cal, { ...c, segmentStart: now }, now);
}

/**
 * Moves the deadline by an extension (延期) in the clock's unit: a new clock period (cycle + 1), its
 * light recomputed from now, so an overdue record that gets more time turns back (its overdue event stays).
 */
export function extendClock<S extends string, U extends string>(cal: ClockCalendar<U>, c: StageClock<S, U>, amount: number, now: number): StageClock<S, U> {
  if (!c.limit) return c;
  const next = { ...c, cycle: c.cycle + 1, limit: { ...c.limit, value: c.limit.value + amount }, light: 'green' as Light };
  if (next.segmentStart === null) return next;
  return schedule(cal, next, now);
}

/** Fraction of the limit used at `now` (for display); null without a limit. */
export function usedFraction<U extends string>(cal: ClockCalendar<U>, c: StageClock<string, U>, now: number): number | null {
  if (!c.limit || c.limit.value <= 0) return c.limit ? 1 : null;
  const running = c.segmentStart === null ? 0 : cal.elapsed(c.segmentStart, now, c.limit.unit);
  return (c.consumed + running) / c.limit.value;
}

/** The light a clock should show at `now`, and the light events it still owes (each raised once per cycle). */
export function crossings(c: Pick<StageClock, 'warnAt' | 'dueAt' | 'light'>, now: number): { light: Light; events: Array<'deadline_warning' | 'deadline_overdue'> } {
  const light = lightAt(now, c.warnAt, c.dueAt);
  return { light, events: lightEventsDue(c.light, light) };
}

// ---- statutory working days (行政处罚法 art. 85) ----

/** The calendar facts statutory days need: whether a Shanghai date ('YYYY-MM-DD') is a working day. */
export interface WorkdayCalendar<U extends string> extends ClockCalendar<U> {
  isWorkday(date: string): boolean;
}

const MAX_STATUTORY_DAYS = 3660;
const nextMidnight = (t: number): number => shanghaiMidnight(shanghaiDate(t)) + DAY_MS;

/** The end (24:00) of the `n`-th working day after the day of `start` (n ≥ 1). */
function endOfNthWorkday(isWorkday: (date: string) => boolean, start: number, n: number): number {
  let midnight = nextMidnight(start);
  for (let counted = 0, guard = 0; ; guard++) {
    if (guard > MAX_STATUTORY_DAYS * 3) throw new Error('statutory period too long');
    if (isWorkday(shanghaiDate(midnight))) counted += 1;
    midnight += DAY_MS;
    if (counted === n) return midnight;
  }
}

/** `start` + `amount` statutory working days. */
export function statutoryDeadline(isWorkday: (date: string) => boolean, start: number, amount: number): number {
  if (!(amount > 0)) return start;
  if (amount > MAX_STATUTORY_DAYS) throw new Error(`statutory period of ${amount} days is too long`);
  const whole = Math.floor(amount);
  const frac = amount - whole;
  const end = whole > 0 ? endOfNthWorkday(isWorkday, start, whole) : nextMidnight(start);
  if (frac === 0) return end;
  // The share of the next working day's 24 hours.
  let midnight = end;
  while (!isWorkday(shanghaiDate(midnight))) midnight += DAY_MS;
  return midnight + Math.round(frac * DAY_MS);
}

/** Statutory working days from `from` to `to`: whole working days after from's day, plus the share of a working day under way. */
export function statutoryElapsed(isWorkday: (date: string) => boolean, from: number, to: number): number {
  if (to < from) return -statutoryElapsed(isWorkday, to, from);
  let midnight = nextMidnight(from);
  let days = 0;
  while (midnight + DAY_MS <= to) {
    if (isWorkday(shanghaiDate(midnight))) days += 1;
    midnight += DAY_MS;
  }
  if (to > midnight && isWorkday(shanghaiDate(midnight))) days += (to - midnight) / DAY_MS;
  return days;
}

/** A calendar that also counts statutory working days; the other units go to `cal`. */
export function withStatutoryDays<U extends string>(cal: WorkdayCalendar<U>): ClockCalendar<U | 'statutory_days'> & { isWorkday(date: string): boolean } {
  const isWorkday = (d: string): boolean => cal.isWorkday(d);
  return {
    isWorkday,
    deadline: (start, amount, unit) => (unit === 'statutory_days' ? statutoryDeadline(isWorkday, start, amount) : cal.deadline(start, amount, unit as U)),
    elapsed: (from, to, unit) => (unit === 'statutory_days' ? statutoryElapsed(isWorkday, from, to) : cal.elapsed(from, to, unit as U)),
  };
}
