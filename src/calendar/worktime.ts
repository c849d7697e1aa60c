/**
 * Working-time arithmetic, pure and synchronous: deadlines and elapsed time in working hours,
 * working days, natural hours and natural days.
 *
 * The trick that keeps it exact and fast: a "working clock" workMs(t) = the working time between the
 * start of the supported span and instant t. Every working day holds the same W ms of window time, so
 * workMs(t) = (working days before t's day) × W + (window time already passed on t's day, if it works).
 * A per-day prefix count of working days makes that O(1), and its inverse a binary search: a deadline
 * N working hours after `start` is the first instant whose workMs reaches workMs(start) + N h.
 */
import { badRequest } from '../core/errors.js';
import { DAY_MS, HOUR_MS, SHANGHAI_OFFSET_MS } from '../core/time.js';
import {
  type DayKind,
  type TimeUnit,
  type WorkWindow,
  FIRST_DATE,
  LAST_DATE,
  dayNumberOf,
  dayNumberOfDate,
  isValidDate,
  plainDayKind,
} from './model.js';

export interface WorkCalendar {
  readonly windows: readonly WorkWindow[];
  /** Window time of one working day, ms (W). */
  readonly dayWorkMs: number;
  /** Day number of the first supported day. */
  readonly firstDay: number;
  /** Number of supported days. */
  readonly dayCount: number;
  /** 1 when day (firstDay + i) is a working day. */
  readonly isWork: Uint8Array;
  /** prefix[i] = working days among the first i supported days; length dayCount + 1. */
  readonly prefix: Int32Array;
  /** Window starts/ends in ms after midnight, for the inner loops. */
  readonly winStart: readonly number[];
  readonly winEnd: readonly number[];
}

/**
 * Builds the in-memory calendar from explicit entries (holidays, make-up workdays, overrides; later
 * entries for the same date win) and the daily windows (already validated: ordered, non-empty).
 * Days without an entry follow the plain weekend rule.
 */
export function buildWorkCalendar(entries: Iterable<readonly [string, DayKind]>, windows: readonly WorkWindow[]): WorkCalendar {
  if (windows.length === 0) throw new Error('buildWorkCalendar: at least one work window is required');
  const firstDay = dayNumberOfDate(FIRST_DATE);
  const dayCount = dayNumberOfDate(LAST_DATE) - firstDay + 1;
  const isWork = new Uint8Array(dayCount);
  for (let i = 0; i < dayCount; i++) isWork[i] = plainDayKind(firstDay + i) === 'workday' ? 1 : 0;
  for (const [date, kind] of entries) {
    if (!isValidDate(date)) continue;
    const i = dayNumberOfDate(date) - firstDay;
    if (i < 0 || i >= dayCount) continue;
    isWork[i] = kind === 'workday' ? 1 : 0;
  }
  const prefix = new Int32Array(dayCount + 1);
  for (let i = 0; i < dayCount; i++) prefix[i + 1] = prefix[i]! + isWork[i]!;
  const winStart = windows.map((w) => w.start * 60_000);
  const winEnd = windows.map((w) => w.end * 60_000);
  const dayWorkMs = windows.reduce((s, w) => s + (w.end - w.start) * 60_000, 0);
  return { windows: windows.map((w) => ({ ...w })), dayWorkMs, firstDay, dayCount, isWork, prefix, winStart, winEnd };
}

function outOfRange(t: number): never {
  throw badRequest(
    'CALENDAR_OUT_OF_RANGE',
    `时间超出日历范围（${FIRST_DATE} 至 ${LAST_DATE}，上海时间）`,
    `Instant outside the calendar range (${FIRST_DATE} to ${LAST_DATE}, Shanghai time)`,
    { instant: t },
  );
}

/** Index of t's Shanghai day in the supported span; throws CALENDAR_OUT_OF_RANGE outside it. */
function dayIndex(cal: WorkCalendar, t: number): number {
  if (!Number.isFinite(t)) outOfRange(t);
  const i = dayNumberOf(t) - cal.firstDay;
  if (i < 0 || i >= cal.dayCount) outOfRange(t);
  return i;
}

/** Epoch ms of the Shanghai midnight starting day index i. */
function midnightOf(cal: WorkCalendar, i: number): number {
  return (cal.firstDay + i) * DAY_MS - SHANGHAI_OFFSET_MS;
}

/** Smallest x in [0, dayCount] with prefix[x] >= k (the day index of the k-th working day is x - 1). */
function lowerBound(cal: WorkCalendar, k: number, t: number): number {
  const p = cal.prefix;
  if (p[cal.dayCount]! < k) outOfRange(t);
  let lo = 0;
  let hi = cal.dayCount;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (p[mid]! >= k) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** Working time on a working day before ms-of-day m. */
function workedBefore(cal: WorkCalendar, m: number): number {
  let s = 0;
  for (let w = 0; w < cal.winStart.length; w++) {
    const a = cal.winStart[w]!;
    const b = cal.winEnd[w]!;
    if (m <= a) break;
    s += (m < b ? m : b) - a;
  }
  return s;
}

/** The working clock: working ms from the start of the supported span to instant t. */
export function workClock(cal: WorkCalendar, t: number): number {
  const i = dayIndex(cal, t);
  const base = cal.prefix[i]! * cal.dayWorkMs;
  return cal.isWork[i] ? base + workedBefore(cal, t - midnightOf(cal, i)) : base;
}

/** The first instant whose working clock reaches `target` (> 0). `t` is only for the error report. */
function instantAtWorkClock(cal: WorkCalendar, target: number, t: number): number {
  const W = cal.dayWorkMs;
  const j = Math.ceil(target / W) - 1; // zero-based ordinal of the working day where target is reached
  let r = target - j * W; // in (0, W]
  const i = lowerBound(cal, j + 1, t) - 1;
  for (let w = 0; w < cal.winStart.length; w++) {
    const len = cal.winEnd[w]! - cal.winStart[w]!;
    if (r <= len) return midnightOf(cal, i) + cal.winStart[w]! + r;
    r -= len;
  }
  // Unreachable: r <= W = the sum of the window lengths.
  return midnightOf(cal, i) + cal.winEnd[cal.winEnd.length - 1]!;
}

/**
 * The instant itself when it falls inside a work window of a working day ([start, end)), otherwise
 * the next window opening (a start exactly at 12:00 → 14:30; a holiday → the next working day's first window).
 */
export function nextWorkingInstant(cal: WorkCalendar, t: number): number {
  const i = dayIndex(cal, t);
  if (cal.isWork[i]) {
    const m = t - midnightOf(cal, i);
    for (let w = 0; w < cal.winStart.length; w++) {
      if (m < cal.winEnd[w]!) return m >= cal.winStart[w]! ? t : midnightOf(cal, i) + cal.winStart[w]!;
    }
  }
  const next = lowerBound(cal, cal.prefix[i + 1]! + 1, t) - 1;
  return midnightOf(cal, next) + cal.winStart[0]!;
}

/** True when the Shanghai day containing t is a working day. */
export function isWorkingDayAt(cal: WorkCalendar, t: number): boolean {
  return cal.isWork[dayIndex(cal, t)] === 1;
}

/** True when the 'YYYY-MM-DD' day is a working day (the date must be valid and in range). */
export function isWorkingDate(cal: WorkCalendar, date: string): boolean {
  const i = dayNumberOfDate(date) - cal.firstDay;
  if (!isValidDate(date) || i < 0 || i >= cal.dayCount) outOfRange(NaN);
  return cal.isWork[i] === 1;
}

/**
 * Deadline = start + amount in unit.
 * - work_hours: counted only inside work windows on working days (fractions allowed; 0 → start).
 * - work_days: the same time of day on the N-th following working day; a start outside a window counts
 *   from the next window opening. A fraction adds that share of one day's window time afterwards.
 * - hours, days: natural time (Shanghai has no daylight saving, so a day is always 24 h).
 * Results are whole milliseconds. Throws CALENDAR_OUT_OF_RANGE beyond the supported span.
 */
export function deadline(cal: WorkCalendar, start: number, amount: number, unit: TimeUnit): number {
  dayIndex(cal, start);
  let result: number;
  switch (unit) {
    case 'hours':
      result = start + Math.round(amount * HOUR_MS);
      break;
    case 'days':
      result = start + Math.round(amount * DAY_MS);
      break;
    case 'work_hours': {
      const add = Math.round(amount * HOUR_MS);
      result = add <= 0 ? start : instantAtWorkClock(cal, workClock(cal, start) + add, start);
      break;
    }
    case 'work_days': {
      const whole = Math.floor(amount);
      const fracMs = Math.round((amount - whole) * cal.dayWorkMs);
      if (whole === 0 && fracMs <= 0) return start;
      let t = start;
      if (whole > 0) {
        const s0 = nextWorkingInstant(cal, start);
        const i0 = dayIndex(cal, s0);
        const i = lowerBound(cal, cal.prefix[i0]! + whole + 1, start) - 1;
        t = midnightOf(cal, i) + (s0 - midnightOf(cal, i0));
      }
      result = fracMs > 0 ? instantAtWorkClock(cal, workClock(cal, t) + fracMs, start) : t;
      break;
    }
  }
  dayIndex(cal, result);
  return result;
}

/** Elapsed time from `from` to `to` in ms: working ms for work units, natural ms otherwise. Negative when to < from. */
export function elapsedMs(cal: WorkCalendar, from: number, to: number, unit: TimeUnit): number {
  if (unit === 'hours' || unit === 'days') {
    dayIndex(cal, from);
    dayIndex(cal, to);
    return to - from;
  }
  return workClock(cal, to) - workClock(cal, from);
}

/**
 * Elapsed time from `from` to `to` in the unit: working hours, working days (working ms ÷ one day's
 * window time, so elapsed(start, deadline(start, N, 'work_days')) = N), natural hours or natural days.
 */
export function elapsed(cal: WorkCalendar, from: number, to: number, unit: TimeUnit): number {
  const ms = elapsedMs(cal, from, to, unit);
  switch (unit) {
    case 'work_hours':
    case 'hours':
      return ms / HOUR_MS;
    case 'work_days':
      return ms / cal.dayWorkMs;
    case 'days':
      return ms / DAY_MS;
  }
}
