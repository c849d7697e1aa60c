import { describe, expect, it } from 'vitest';
import { parseInstant, toShanghaiIso } from '../../src/core/time.js';
import { packagedDataset } from '../../src/calendar/dataset.js';
import { DEFAULT_WINDOWS, parseWindows } from '../../src/calendar/model.js';
import {
  buildWorkCalendar,
  deadline,
  elapsed,
  isWorkingDate,
  nextWorkingInstant,
} from '../../src/calendar/worktime.js';
import type { TimeUnit } from '../../src/calendar/model.js';

const cal = buildWorkCalendar(
  packagedDataset().map((d) => [d.date, d.kind] as const),
  DEFAULT_WINDOWS,
);
/** Shanghai local 'YYYY-MM-DD HH:MM' → epoch ms. */
const at = (s: string) => parseInstant(s);
/** Epoch ms → Shanghai local 'YYYY-MM-DD HH:MM'. */
const local = (t: number) => toShanghaiIso(t).slice(0, 16).replace('T', ' ');
const due = (start: string, amount: number, unit: TimeUnit) => local(deadline(cal, at(start), amount, unit));

describe('2025 National Day week (holidays 10-01…10-08, make-up 09-28 Sun and 10-11 Sat)', () => {
  it('knows which days work', () => {
    expect(isWorkingDate(cal, '2025-09-27')).toBe(false); // Saturday
    expect(isWorkingDate(cal, '2025-09-28')).toBe(true); // Sunday, make-up workday
    for (let d = 1; d <= 8; d++) expect(isWorkingDate(cal, `2025-10-0${d}`)).toBe(false);
    expect(isWorkingDate(cal, '2025-10-09')).toBe(true);
    expect(isWorkingDate(cal, '2025-10-11')).toBe(true); // Saturday, make-up workday
    expect(isWorkingDate(cal, '2025-10-12')).toBe(false);
  });

  it('carries working hours over the holiday week', () => {
    expect(due('2025-09-30 16:30', 4, 'work_hours')).toBe('2025-10-09 11:00');
    expect(due('2025-10-03 09:00', 2, 'work_hours')).toBe('2025-10-09 10:00');
  });

  it('counts working days over the holiday week, including the make-up Saturday', () => {
    expect(due('2025-09-30 10:00', 1, 'work_days')).toBe('2025-10-09 10:00');
    expect(due('2025-09-30 10:00', 2, 'work_days')).toBe('2025-10-10 10:00');
    expect(due('2025-09-30 10:00', 3, 'work_days')).toBe('2025-10-11 10:00');
    expect(due('2025-09-30 10:00', 4, 'work_days')).toBe('2025-10-13 10:00');
  });

  it('works the make-up Sunday before the holiday', () => {
    expect(due('2025-09-26 17:00', 1, 'work_hours')).toBe('2025-09-28 08:30');
    expect(due('2025-09-26 09:00', 1, 'work_days')).toBe('2025-09-28 09:00');
  });

  it('counts a make-up Saturday as a working day', () => {
    expect(due('2025-10-10 17:00', 1, 'work_hours')).toBe('2025-10-11 08:30');
    expect(elapsed(cal, at('2025-10-11 08:00'), at('2025-10-11 17:30'), 'work_hours')).toBe(7);
  });

  it('measures no working time inside the holiday', () => {
    expect(elapsed(cal, at('2025-09-30 17:30'), at('2025-10-09 08:00'), 'work_hours')).toBe(0);
    expect(elapsed(cal, at('2025-09-30 17:30'), at('2025-10-09 08:00'), 'hours')).toBe(206.5);
  });
});

describe('2026 National Day week (holidays 10-01…10-07, make-up 09-20 Sun and 10-10 Sat)', () => {
  it('knows which days work', () => {
    expect(isWorkingDate(cal, '2026-09-19')).toBe(false);
    expect(isWorkingDate(cal, '2026-09-20')).toBe(true);
    for (let d = 1; d <= 7; d++) expect(isWorkingDate(cal, `2026-10-0${d}`)).toBe(false);
    expect(isWorkingDate(cal, '2026-10-08')).toBe(true);
    expect(isWorkingDate(cal, '2026-10-10')).toBe(true);
    expect(isWorkingDate(cal, '2026-10-11')).toBe(false);
  });

  it('counts working days across the Mid-Autumn and National Day holidays', () => {
    expect(due('2026-09-24 10:00', 1, 'work_days')).toBe('2026-09-28 10:00'); // 09-25…27 Mid-Autumn
    expect(due('2026-09-30 10:00', 1, 'work_days')).toBe('2026-10-08 10:00');
    expect(due('2026-09-30 10:00', 3, 'work_days')).toBe('2026-10-10 10:00');
    expect(due('2026-09-30 10:00', 4, 'work_days')).toBe('2026-10-12 10:00');
    expect(due('2026-09-30 16:00', 3, 'work_hours')).toBe('2026-10-08 09:30');
  });
});

describe('work window boundaries (08:00–12:00, 14:30–17:30)', () => {
  it('a start exactly at 12:00 waits for the 14:30 window', () => {
    expect(local(nextWorkingInstant(cal, at('2025-06-10 12:00')))).toBe('2025-06-10 14:30');
    expect(due('2025-06-10 12:00', 1, 'work_hours')).toBe('2025-06-10 15:30');
    expect(due('2025-06-10 12:00', 1, 'work_days')).toBe('2025-06-11 14:30');
  });

  it('a deadline reaching the end of a window stays at the window end', () => {
    expect(due('2025-06-10 08:00', 4, 'work_hours')).toBe('2025-06-10 12:00');
    expect(due('2025-06-10 08:00', 7, 'work_hours')).toBe('2025-06-10 17:30');
  });

  it('a start before the window counts from the opening, fractions allowed', () => {
    expect(due('2025-06-10 07:00', 0.5, 'work_hours')).toBe('2025-06-10 08:30');
    expect(due('2025-06-10 11:45', 0.5, 'work_hours')).toBe('2025-06-10 14:45');
  });

  it('a start after the last window counts from the next working morning', () => {
    expect(due('2025-06-10 17:30', 1, 'work_days')).toBe('2025-06-12 08:00');
    expect(due('2025-06-13 16:00', 2, 'work_hours')).toBe('2025-06-16 08:30'); // Friday → Monday
  });

  it('a start on a holiday counts from the next working day’s first window', () => {
    expect(local(nextWorkingInstant(cal, at('2025-10-01 10:00')))).toBe('2025-10-09 08:00');
    expect(due('2025-10-01 10:00', 1, 'work_days')).toBe('2025-10-10 08:00');
  });

  it('zero time is the start itself', () => {
    expect(due('2025-06-10 20:00', 0, 'work_hours')).toBe('2025-06-10 20:00');
    expect(due('2025-06-10 20:00', 0, 'work_days')).toBe('2025-06-10 20:00');
  });

  it('a full working day holds 7 working hours', () => {
    expect(elapsed(cal, at('2025-06-10 08:00'), at('2025-06-10 17:30'), 'work_hours')).toBe(7);
    expect(elapsed(cal, at('2025-06-10 08:00'), at('2025-06-11 08:00'), 'work_days')).toBe(1);
    expect(elapsed(cal, at('2025-06-10 12:00'), at('2025-06-10 14:30'), 'work_hours')).toBe(0);
  });

  it('uses the city’s own windows', () => {
    const other = buildWorkCalendar([], parseWindows([{ start: '08:00', end: '11:30' }, { start: '14:00', end: '20:00' }]));
    expect(local(deadline(other, at('2025-06-10 11:00'), 1, 'work_hours'))).toBe('2025-06-10 14:30');
    expect(elapsed(other, at('2025-06-10 00:00'), at('2025-06-11 00:00'), 'work_hours')).toBe(9.5);
  });
});

describe('natural time', () => {
  it('counts hours and days straight through holidays', () => {
    expect(due('2025-09-30 16:30', 24, 'hours')).toBe('2025-10-01 16:30');
    expect(due('2025-09-30 16:30', 3, 'days')).toBe('2025-10-03 16:30');
    expect(due('2025-09-30 16:30', 0.5, 'days')).toBe('2025-10-01 04:30');
    expect(elapsed(cal, at('2025-09-30 16:30'), at('2025-10-03 16:30'), 'days')).toBe(3);
  });
});

describe('years the dataset lacks', () => {
  it('fall back to plain weekends, and an entry makes 2027-01-01 a holiday', () => {
    expect(isWorkingDate(cal, '2027-01-01')).toBe(true); // a Friday, no data
    expect(isWorkingDate(cal, '2027-01-02')).toBe(false);
    const withOverride = buildWorkCalendar([['2027-01-01', 'holiday']], DEFAULT_WINDOWS);
    expect(isWorkingDate(withOverride, '2027-01-01')).toBe(false);
    expect(local(deadline(withOverride, at('2026-12-31 17:00'), 1, 'work_hours'))).toBe('2027-01-04 08:30');
  });

  it('rejects instants outside 2000–2099', () => {
    expect(() => deadline(cal, at('1999-12-31 23:00'), 1, 'hours')).toThrowError(/CALENDAR_OUT_OF_RANGE/);
    expect(() => deadline(cal, at('2099-12-31 17:00'), 2, 'work_days')).toThrowError(/CALENDAR_OUT_OF_RANGE/);
  });
});
