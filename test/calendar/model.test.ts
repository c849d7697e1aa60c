import { describe, expect, it } from 'vitest';
import { extractDataset, packagedDataset, packagedYears, parseDatasetLabel } from '../../src/calendar/dataset.js';
import { assertAmount, assertDate, assertYear, formatWindows, isValidDate, parseWindows } from '../../src/calendar/model.js';

describe('the packaged holiday dataset', () => {
  it('covers 2004 to 2026 and nothing later', () => {
    const years = packagedYears();
    expect(years[0]).toBe(2004);
    expect(years.at(-1)).toBe(2026);
    expect(packagedDataset().some((d) => d.date.startsWith('2027'))).toBe(false);
  });

  it('holds the 2025 National Day holidays and make-up workdays with Chinese names', () => {
    const byDate = new Map(packagedDataset().map((d) => [d.date, d]));
    for (let d = 1; d <= 8; d++) expect(byDate.get(`2025-10-0${d}`)).toMatchObject({ kind: 'holiday' });
    expect(byDate.get('2025-10-01')?.name).toBe('国庆节');
    expect(byDate.get('2025-10-06')?.name).toBe('中秋'); // Mid-Autumn falls inside the week in 2025
    expect(byDate.get('2025-09-28')).toMatchObject({ kind: 'workday', name: '国庆节调休上班' });
    expect(byDate.get('2025-10-11')).toMatchObject({ kind: 'workday' });
    expect(byDate.get('2026-09-20')).toMatchObject({ kind: 'workday' });
    expect(byDate.get('2026-10-10')).toMatchObject({ kind: 'workday' });
  });

  it('reads labels and lets a make-up workday win over a holiday on the same date', () => {
    expect(parseDatasetLabel('National Day,国庆节,3')).toEqual({ name: '国庆节', nameEn: 'National Day' });
    const days = extractDataset({ holidays: { '2030-01-02': 'X,甲,1', '2030-01-01': 'Y,乙,1' }, workdays: { '2030-01-02': 'X,甲,1' } });
    expect(days.map((d) => [d.date, d.kind])).toEqual([
      ['2030-01-01', 'holiday'],
      ['2030-01-02', 'workday'],
    ]);
  });
});

describe('input rules', () => {
  it('accepts real dates only', () => {
    expect(isValidDate('2024-02-29')).toBe(true);
    expect(isValidDate('2025-02-29')).toBe(false);
    expect(isValidDate('2025-1-01')).toBe(false);
    expect(() => assertDate('2025-13-01')).toThrowError(/CALENDAR_DATE_INVALID/);
    expect(() => assertDate('2100-01-01')).toThrowError(/CALENDAR_OUT_OF_RANGE/);
    expect(() => assertYear(1999)).toThrowError(/CALENDAR_YEAR_INVALID/);
    expect(() => assertAmount(-1, 'hours')).toThrowError(/CALENDAR_AMOUNT_INVALID/);
    expect(() => assertAmount(Number.NaN, 'work_days')).toThrowError(/CALENDAR_AMOUNT_INVALID/);
  });

  it('reads work windows and round-trips them', () => {
    const text = [{ start: '08:00', end: '12:00' }, { start: '14:30', end: '17:30' }];
    expect(formatWindows(parseWindows(text))).toEqual(text);
    expect(parseWindows([{ start: '00:00', end: '24:00' }])).toEqual([{ start: 0, end: 1440 }]);
  });

  it('refuses empty, reversed, overlapping or unreadable windows', () => {
    expect(() => parseWindows([])).toThrowError(/CALENDAR_WINDOWS_INVALID/);
    expect(() => parseWindows([{ start: '12:00', end: '08:00' }])).toThrowError(/CALENDAR_WINDOWS_INVALID/);
    expect(() => parseWindows([{ start: '08:00', end: '12:00' }, { start: '11:00', end: '17:00' }])).toThrowError(/CALENDAR_WINDOWS_INVALID/);
    expect(() => parseWindows([{ start: '8:00', end: '25:00' }])).toThrowError(/CALENDAR_WINDOWS_INVALID/);
  });
});
