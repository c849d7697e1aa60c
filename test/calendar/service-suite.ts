import { expect, it } from 'vitest';
import { parseInstant, toShanghaiIso } from '../../src/core/time.js';
import type { TestContext } from '../helpers/stores.js';

const at = (s: string) => parseInstant(s);
const local = (t: number) => toShanghaiIso(t).slice(0, 16).replace('T', ' ');

/** The service contract, run against each store by service.test.ts. */
export function calendarServiceSuite(get: () => TestContext): void {
  it('seeds the national dataset on start and again without duplicating anything', async () => {
    const { ctx } = get();
    const again = await ctx.calendar.seedDataset();
    expect(again).toEqual({ inserted: 0, updated: 0 });
    const days2025 = await ctx.calendar.listDays(2025);
    expect(days2025.find((d) => d.date === '2025-10-01')).toMatchObject({ kind: 'holiday', name: '国庆节', source: 'dataset' });
    expect(days2025.find((d) => d.date === '2025-10-11')).toMatchObject({ kind: 'workday', source: 'dataset' });
    expect(days2025.filter((d) => d.kind === 'workday').map((d) => d.date)).toEqual(['2025-01-26', '2025-02-08', '2025-04-27', '2025-09-28', '2025-10-11']);
  });

  it('says which years are covered, and that 2027 is not', () => {
    const { ctx } = get();
    const years = ctx.calendar.coveredYears();
    expect(years).toContain(2025);
    expect(years).toContain(2026);
    expect(years).not.toContain(2027);
    expect(ctx.calendar.yearCoverage().find((y) => y.year === 2026)).toMatchObject({ covered: true, fromDataset: true, adminDays: 0 });
  });

  it('computes deadlines over the 2025 and 2026 National Day weeks from the stored data', () => {
    const { ctx } = get();
    expect(local(ctx.calendar.deadline(at('2025-09-30 10:00'), 3, 'work_days'))).toBe('2025-10-11 10:00');
    expect(local(ctx.calendar.deadline(at('2026-09-30 10:00'), 3, 'work_days'))).toBe('2026-10-10 10:00');
    expect(ctx.calendar.isWorkday('2025-10-11')).toBe(true);
    expect(ctx.calendar.elapsed(at('2025-09-30 17:00'), at('2025-10-09 09:00'), 'work_hours')).toBe(1.5);
  });

  it('an admin override makes 2027-01-01 a holiday, and removing it restores the plain weekday', async () => {
    const { ctx } = get();
    expect(ctx.calendar.isWorkday('2027-01-01')).toBe(true);
    const day = await ctx.calendar.setOverride('2027-01-01', 'holiday', ' 元旦 ', 'admin-1');
    expect(day).toMatchObject({ date: '2027-01-01', kind: 'holiday', name: '元旦', source: 'admin', updatedBy: 'admin-1' });
    expect(ctx.calendar.isWorkday('2027-01-01')).toBe(false);
    expect(local(ctx.calendar.deadline(at('2026-12-31 17:00'), 1, 'work_hours'))).toBe('2027-01-04 08:30');
    expect(await ctx.calendar.listDays(2027)).toHaveLength(1);
    // One local entry does not make the year's national schedule "loaded".
    expect(ctx.calendar.coveredYears()).not.toContain(2027);

    const { removed, restored } = await ctx.calendar.removeOverride('2027-01-01');
    expect(removed.kind).toBe('holiday');
    expect(restored).toBeNull();
    expect(ctx.calendar.isWorkday('2027-01-01')).toBe(true);
  });

  it('an override wins over the dataset, survives a re-seed, and removing it brings the dataset day back', async () => {
    const { ctx } = get();
    await ctx.calendar.setOverride('2025-10-11', 'holiday', '本地调整', 'admin-1');
    expect(ctx.calendar.isWorkday('2025-10-11')).toBe(false);
    expect(await ctx.calendar.seedDataset()).toEqual({ inserted: 0, updated: 0 });
    await ctx.calendar.load();
    expect(ctx.calendar.isWorkday('2025-10-11')).toBe(false);
    const { restored } = await ctx.calendar.removeOverride('2025-10-11');
    expect(restored).toMatchObject({ kind: 'workday', source: 'dataset' });
    expect(ctx.calendar.isWorkday('2025-10-11')).toBe(true);
  });

  it('refuses to remove an override that does not exist, and leaves the dataset day alone', async () => {
    const { ctx } = get();
    await expect(ctx.calendar.removeOverride('2025-10-01')).rejects.toMatchObject({ code: 'CALENDAR_OVERRIDE_NOT_FOUND', kind: 'not_found' });
    expect(ctx.calendar.isWorkday('2025-10-01')).toBe(false);
  });

  it('rejects bad dates, kinds and names without writing anything', async () => {
    const { ctx } = get();
    await expect(ctx.calendar.setOverride('2027-02-30', 'holiday', 'x', 'a')).rejects.toMatchObject({ code: 'CALENDAR_DATE_INVALID', kind: 'invalid' });
    await expect(ctx.calendar.setOverride('2027-02-01', 'rest' as never, 'x', 'a')).rejects.toMatchObject({ code: 'CALENDAR_KIND_INVALID' });
    await expect(ctx.calendar.setOverride('2027-02-01', 'holiday', '  ', 'a')).rejects.toMatchObject({ code: 'CALENDAR_NAME_INVALID' });
    expect(await ctx.calendar.listDays(2027)).toEqual([]);
    expect(() => ctx.calendar.deadline(at('2025-01-01 10:00'), 1, 'weeks' as never)).toThrowError(/CALENDAR_UNIT_INVALID/);
    expect(() => ctx.calendar.deadline(at('2025-01-01 10:00'), -1, 'hours')).toThrowError(/CALENDAR_AMOUNT_INVALID/);
  });

  it("loads 2027's published schedule in one go and marks the year covered", async () => {
    const { ctx } = get();
    const schedule = [
      { date: '2027-01-01', kind: 'holiday' as const, name: '元旦' },
      { date: '2027-02-06', kind: 'holiday' as const, name: '春节' },
      { date: '2027-02-20', kind: 'workday' as const, name: '春节调休上班' },
    ];
    await expect(ctx.calendar.loadYear(2027, [...schedule, { date: '2028-01-01', kind: 'holiday', name: '元旦' }], 'admin-1')).rejects.toMatchObject({
      code: 'CALENDAR_YEAR_DAYS_INVALID',
    });
    expect(await ctx.calendar.listDays(2027)).toEqual([]);
    await ctx.calendar.loadYear(2027, schedule, 'admin-1');
    expect(ctx.calendar.coveredYears()).toContain(2027);
    expect(ctx.calendar.isWorkday('2027-02-20')).toBe(true); // a Saturday
    expect((await ctx.calendar.listDays(2027)).map((d) => d.date)).toEqual(['2027-01-01', '2027-02-06', '2027-02-20']);
    expect(await ctx.calendar.unloadYear(2027)).toBe(3);
    expect(ctx.calendar.coveredYears()).not.toContain(2027);
    expect(ctx.calendar.isWorkday('2027-02-20')).toBe(false);
  });

  it('keeps the city’s work windows and uses them at once', async () => {
    const { ctx } = get();
    expect(ctx.calendar.getWindows()).toEqual([
      { start: '08:00', end: '12:00' },
      { start: '14:30', end: '17:30' },
    ]);
    await expect(ctx.calendar.setWindows([{ start: '14:00', end: '11:30' }], 'admin-1')).rejects.toMatchObject({ code: 'CALENDAR_WINDOWS_INVALID' });
    await ctx.calendar.setWindows([{ start: '08:00', end: '11:30' }, { start: '14:00', end: '20:00' }], 'admin-1');
    await ctx.calendar.load();
    expect(local(ctx.calendar.deadline(at('2025-06-10 11:00'), 1, 'work_hours'))).toBe('2025-06-10 14:30');
    await ctx.calendar.setWindows([{ start: '08:00', end: '12:00' }, { start: '14:30', end: '17:30' }], 'admin-1');
    expect(local(ctx.calendar.deadline(at('2025-06-10 11:30'), 1, 'work_hours'))).toBe('2025-06-10 15:00');
  });
}
