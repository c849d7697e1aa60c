import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DAY_MS, HOUR_MS, SHANGHAI_OFFSET_MS, parseInstant } from '../../src/core/time.js';
import { packagedDataset } from '../../src/calendar/dataset.js';
import { DEFAULT_WINDOWS, dayNumberOf, plainDayKind, type DayKind } from '../../src/calendar/model.js';
import { buildWorkCalendar, deadline, elapsed, elapsedMs, isWorkingDayAt } from '../../src/calendar/worktime.js';

const entries = packagedDataset().map((d) => [d.date, d.kind] as const);
const cal = buildWorkCalendar(entries, DEFAULT_WINDOWS);
const kinds = new Map<string, DayKind>(entries);

const from = parseInstant('2024-06-01 00:00');
const to = parseInstant('2027-06-01 00:00');
const instant = fc.integer({ min: from, max: to });
const minuteInstant = fc.integer({ min: from / 60_000, max: to / 60_000 }).map((m) => m * 60_000);

/** Reference: is minute t (epoch ms, on a minute) inside a work window of a working day? Plain, slow, obvious. */
function workingMinute(t: number): boolean {
  const date = new Date(t + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
  const kind = kinds.get(date) ?? plainDayKind(dayNumberOf(t));
  if (kind !== 'workday') return false;
  const minuteOfDay = ((t + SHANGHAI_OFFSET_MS) % DAY_MS) / 60_000;
  return DEFAULT_WINDOWS.some((w) => minuteOfDay >= w.start && minuteOfDay < w.end);
}

describe('working-time properties', () => {
  it('elapsed working time up to a working-hours deadline equals the amount', () => {
    fc.assert(
      fc.property(instant, fc.double({ min: 0, max: 400, noNaN: true }), (start, n) => {
        const end = deadline(cal, start, n, 'work_hours');
        expect(elapsedMs(cal, start, end, 'work_hours')).toBe(Math.round(n * HOUR_MS));
        expect(elapsed(cal, start, end, 'work_hours')).toBeCloseTo(n, 6);
      }),
      { numRuns: 500 },
    );
  });

  it('N working days later is N days of window time later, on a working day', () => {
    fc.assert(
      fc.property(instant, fc.integer({ min: 1, max: 60 }), (start, n) => {
        const end = deadline(cal, start, n, 'work_days');
        expect(elapsed(cal, start, end, 'work_days')).toBeCloseTo(n, 9);
        expect(isWorkingDayAt(cal, end)).toBe(true);
        expect(end).toBeGreaterThan(start);
      }),
      { numRuns: 500 },
    );
  });

  it('deadlines never move earlier when the amount grows', () => {
    fc.assert(
      fc.property(
        instant,
        fc.double({ min: 0, max: 300, noNaN: true }),
        fc.double({ min: 0, max: 300, noNaN: true }),
        fc.constantFrom('work_hours', 'work_days', 'hours', 'days' as const),
        (start, a, b, unit) => {
          const [lo, hi] = a <= b ? [a, b] : [b, a];
          const dLo = deadline(cal, start, lo, unit);
          expect(dLo).toBeGreaterThanOrEqual(start);
          expect(deadline(cal, start, hi, unit)).toBeGreaterThanOrEqual(dLo);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('elapsed working time is additive over a midpoint', () => {
    fc.assert(
      fc.property(instant, instant, instant, (a, b, c) => {
        expect(elapsedMs(cal, a, c, 'work_hours')).toBe(elapsedMs(cal, a, b, 'work_hours') + elapsedMs(cal, b, c, 'work_hours'));
      }),
      { numRuns: 300 },
    );
  });

  it('agrees with a minute-by-minute count', () => {
    fc.assert(
      fc.property(minuteInstant, fc.integer({ min: 1, max: 20 * 60 }), (start, minutes) => {
        let t = start;
        let left = minutes;
        while (left > 0) {
          if (workingMinute(t)) left -= 1;
          t += 60_000;
        }
        expect(deadline(cal, start, minutes / 60, 'work_hours')).toBe(t);
      }),
      { numRuns: 150 },
    );
  });
});
