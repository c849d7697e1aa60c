import { describe, expect, it } from 'vitest';
import { DAY_MS, HOUR_MS, shanghaiMidnight } from '../../src/core/time.js';
import { NO_CLOCK, crossings, extendClock, pauseClock, resumeClock, startClock, statutoryDeadline, statutoryElapsed, withStatutoryDays, type ClockCalendar } from '../../src/workflow/clock.js';

/** Weekends off, National Day 1–7 October 2026 off, Saturday 10 October a make-up workday. */
const HOLIDAYS = new Set(['2026-10-01', '2026-10-02', '2026-10-03', '2026-10-04', '2026-10-05', '2026-10-06', '2026-10-07']);
const isWorkday = (date: string): boolean => {
  if (date === '2026-10-10') return true;
  if (HOLIDAYS.has(date)) return false;
  const wd = new Date(`${date}T12:00:00+08:00`).getUTCDay();
  return wd !== 0 && wd !== 6;
};
const at = (iso: string): number => Date.parse(iso);
const natural: ClockCalendar<'hours' | 'days'> = { deadline: (s, a, u) => s + a * (u === 'days' ? DAY_MS : HOUR_MS), elapsed: (f, t, u) => (t - f) / (u === 'days' ? DAY_MS : HOUR_MS) };
const cal = withStatutoryDays({ ...natural, isWorkday });

describe('statutory working days as the Administrative Penalty Law counts them (art. 85)', () => {
  it('does not count the day the period starts, and ends at 24:00 of its last working day', () => {
    // Notice served Thursday 15:00; "二日" = Friday and Monday; the period ends as Tuesday begins.
    expect(statutoryDeadline(isWorkday, at('2026-09-17T15:00:00+08:00'), 2)).toBe(shanghaiMidnight('2026-09-22'));
  });

  it('skips statutory holidays and counts a make-up workday', () => {
    // Friday 25 September + 5: Mon 28, Tue 29, Wed 30, (1–7 October off), Thu 8, Fri 9.
    expect(statutoryDeadline(isWorkday, at('2026-09-25T10:00:00+08:00'), 5)).toBe(shanghaiMidnight('2026-10-10'));
    // The sixth is the make-up Saturday 10 October.
    expect(statutoryDeadline(isWorkday, at('2026-09-25T10:00:00+08:00'), 6)).toBe(shanghaiMidnight('2026-10-11'));
  });

  it('measures elapsed time the same way, so a deadline is exactly its amount away', () => {
    const start = at('2026-09-25T10:00:00+08:00');
    for (const n of [1, 2, 5, 6, 7, 15]) expect(statutoryElapsed(isWorkday, start, statutoryDeadline(isWorkday, start, n))).toBe(n);
    expect(statutoryElapsed(isWorkday, start, at('2026-10-05T12:00:00+08:00'))).toBe(3);
  });

  it('runs a stage clock in statutory days: yellow at 80 %, red past 100 %, paused over a holiday, extended', () => {
    const start = at('2026-09-25T10:00:00+08:00');
    const c = startClock(cal, NO_CLOCK, 'hearing', { value: 5, unit: 'statutory_days' }, start);
    expect(c.warnAt).toBe(shanghaiMidnight('2026-10-09'));
    expect(c.dueAt).toBe(shanghaiMidnight('2026-10-10'));
    expect(crossings(c, at('2026-10-09T08:00:00+08:00'))).toEqual({ light: 'yellow', events: ['deadline_warning'] });
    expect(crossings(c, at('2026-10-10T08:00:00+08:00'))).toEqual({ light: 'red', events: ['deadline_warning', 'deadline_overdue'] });
    // Paused after two working days (28, 29 September) and resumed on 9 October: three days remain (9, 10, 12 October).
    const paused = pauseClock(cal, c, shanghaiMidnight('2026-09-30'));
    expect(paused).toMatchObject({ consumed: 2, dueAt: null, warnAt: null });
    const resumed = resumeClock(cal, paused, at('2026-10-08T16:00:00+08:00'));
    expect(resumed.dueAt).toBe(shanghaiMidnight('2026-10-13'));
    const extended = extendClock(cal, resumed, 2, at('2026-10-08T16:00:00+08:00'));
    expect(extended).toMatchObject({ cycle: resumed.cycle + 1, dueAt: shanghaiMidnight('2026-10-15') });
  });

  it('leaves the other units to the calendar underneath', () => {
    expect(cal.deadline(0, 2, 'hours')).toBe(2 * HOUR_MS);
  });
});
