/**
 * Working-time calendar: the vocabulary and the small pure rules (dates, windows, units).
 * The deadline/elapsed arithmetic lives in worktime.ts. No I/O here.
 *
 * Days are Shanghai calendar days (UTC+8, no daylight saving); instants are UTC epoch ms.
 */
import { badRequest } from '../core/errors.js';
import { DAY_MS, SHANGHAI_OFFSET_MS } from '../core/time.js';

/** What a day is for the clock. A day with no entry follows the plain rule: Mon–Fri work, Sat–Sun rest. */
export type DayKind = 'workday' | 'holiday';
export const DAY_KINDS: readonly DayKind[] = ['workday', 'holiday'];

/** Where an entry of the calendar comes from: the packaged national dataset or a bureau administrator. */
export type DaySource = 'dataset' | 'admin';

/** One explicit calendar entry: a statutory holiday, a make-up workday (调休上班) or a local change. */
export interface CalendarDay {
  date: string; // 'YYYY-MM-DD'
  kind: DayKind;
  name: string; // Chinese, e.g. '国庆节'
  source: DaySource;
  updatedAt: number;
  updatedBy: string | null;
}

/** Units of a time limit: 工作时, 工作日, natural hours (小时), natural days (天). */
export type TimeUnit = 'work_hours' | 'work_days' | 'hours' | 'days';
export const TIME_UNITS: readonly TimeUnit[] = ['work_hours', 'work_days', 'hours', 'days'];

export function isTimeUnit(v: unknown): v is TimeUnit {
  return typeof v === 'string' && (TIME_UNITS as readonly string[]).includes(v);
}

/** A daily work window in minutes after Shanghai midnight, [start, end). */
export interface WorkWindow {
  start: number;
  end: number;
}

/** Windows as people write them: { start: '08:00', end: '12:00' }. */
export interface WorkWindowText {
  start: string;
  end: string;
}

/** Xiamen default (to be confirmed with the bureau): 08:00–12:00 and 14:30–17:30. */
export const DEFAULT_WINDOWS: readonly WorkWindow[] = Object.freeze([
  { start: 8 * 60, end: 12 * 60 },
  { start: 14 * 60 + 30, end: 17 * 60 + 30 },
]);

/** Supported span of the clock: Shanghai days 2000-01-01 … 2099-12-31. */
export const FIRST_DATE = '2000-01-01';
export const LAST_DATE = '2099-12-31';
export const FIRST_YEAR = 2000;
export const LAST_YEAR = 2099;

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a real calendar date written 'YYYY-MM-DD' (2025-02-29 is not one). */
export function isValidDate(date: string): boolean {
  const m = DATE_RE.exec(date);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === date;
}

/** Validates a date the user typed; throws CALENDAR_DATE_INVALID or CALENDAR_OUT_OF_RANGE. */
export function assertDate(date: string): string {
  if (!isValidDate(date)) {
    throw badRequest('CALENDAR_DATE_INVALID', `日期无效：${date}（应为 YYYY-MM-DD）`, `Invalid date: ${date} (expected YYYY-MM-DD)`, { date });
  }
  if (date < FIRST_DATE || date > LAST_DATE) {
    throw badRequest('CALENDAR_OUT_OF_RANGE', `日期超出日历范围（${FIRST_DATE} 至 ${LAST_DATE}）：${date}`, `Date outside the calendar range (${FIRST_DATE} to ${LAST_DATE}): ${date}`, { date });
  }
  return date;
}

/** Validates a year the user typed; throws CALENDAR_YEAR_INVALID. */
export function assertYear(year: number): number {
  if (!Number.isInteger(year) || year < FIRST_YEAR || year > LAST_YEAR) {
    throw badRequest('CALENDAR_YEAR_INVALID', `年份无效：${year}（应为 ${FIRST_YEAR}–${LAST_YEAR}）`, `Invalid year: ${year} (expected ${FIRST_YEAR}–${LAST_YEAR})`, { year });
  }
  return year;
}

/** Shanghai day number: days since 1970-01-01 (Shanghai), for the day containing instant t. */
export function dayNumberOf(t: number): number {
  return Math.floor((t + SHANGHAI_OFFSET_MS) / DAY_MS);
}

/** Day number of a 'YYYY-MM-DD' date (assumed valid). */
export function dayNumberOfDate(date: string): number {
  return Math.floor(Date.parse(`${date}T00:00:00Z`) / DAY_MS);
}

/** 'YYYY-MM-DD' of a day number. */
export function dateOfDayNumber(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** Day of week of a day number, 0 = Sunday … 6 = Saturday (1970-01-01 was a Thursday). */
export function weekdayOfDayNumber(day: number): number {
  return (((day + 4) % 7) + 7) % 7;
}

/** The plain rule used where no entry exists: Saturday and Sunday are rest days. */
export function plainDayKind(day: number): DayKind {
  const w = weekdayOfDayNumber(day);
  return w === 0 || w === 6 ? 'holiday' : 'workday';
}

const HHMM_RE = /^([01]\d|2[0-4]):([0-5]\d)$/;

/** '14:30' → 870 minutes; undefined when unreadable. '24:00' is allowed as an end. */
export function parseHhmm(s: string): number | undefined {
  const m = HHMM_RE.exec(s);
  if (!m) return undefined;
  const v = Number(m[1]) * 60 + Number(m[2]);
  return v <= 24 * 60 ? v : undefined;
}

export function formatHhmm(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/**
 * Reads and checks work windows written as 'HH:MM' pairs: at least one, each start before its end,
 * in time order and not overlapping (touching is allowed). Throws CALENDAR_WINDOWS_INVALID listing the problems.
 */
export function parseWindows(input: readonly WorkWindowText[]): WorkWindow[] {
  const problems: string[] = [];
  if (input.length === 0) problems.push('at least one window is required');
  if (input.length > 12) problems.push('at most 12 windows');
  const out: WorkWindow[] = [];
  input.forEach((w, i) => {
    const start = parseHhmm(w.start);
    const end = parseHhmm(w.end);
    if (start === undefined) problems.push(`window ${i + 1}: start '${w.start}' is not HH:MM`);
    if (end === undefined) problems.push(`window ${i + 1}: end '${w.end}' is not HH:MM`);
    if (start === undefined || end === undefined) return;
    if (start >= end) problems.push(`window ${i + 1}: start ${w.start} must be before end ${w.end}`);
    const prev = out[out.length - 1];
    if (prev && start < prev.end) problems.push(`window ${i + 1}: starts before the previous window ends (must be in order, not overlapping)`);
    out.push({ start, end });
  });
  if (problems.length > 0) {
    throw badRequest('CALENDAR_WINDOWS_INVALID', `工作时段设置有误：${problems.join('；')}`, `Invalid work windows: ${problems.join('; ')}`, { problems });
  }
  return out;
}

export function formatWindows(windows: readonly WorkWindow[]): WorkWindowText[] {
  return windows.map((w) => ({ start: formatHhmm(w.start), end: formatHhmm(w.end) }));
}

/** Checks an amount of time: finite, not negative, at most 100 years' worth. Throws CALENDAR_AMOUNT_INVALID. */
export function assertAmount(amount: number, unit: TimeUnit): number {
  const max = unit === 'days' || unit === 'work_days' ? 36_500 : 876_000;
  if (!Number.isFinite(amount) || amount < 0 || amount > max) {
    throw badRequest('CALENDAR_AMOUNT_INVALID', `时限数值无效：${amount}（应为 0 至 ${max} 的数）`, `Invalid amount: ${amount} (expected a number from 0 to ${max})`, { amount, unit });
  }
  return amount;
}
