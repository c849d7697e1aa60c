import { beforeAll, expect, it } from 'vitest';
import { describeStores } from '../helpers/stores.js';
import { seedWorld, user, type World } from '../cases/fixtures.js';
import { leq } from '../../src/iot/evaluate.js';
import { at, register } from './fixtures.js';

const DAY = 86_400_000;
const r2 = (x: number) => Math.round(x * 100) / 100;

/**
 * History (issue 11 item 6): per-minute aggregates (count, min, max, mean — Leq, the energy average,
 * for sound levels) read back at any step of whole minutes on the city's clock; raw readings kept
 * IOT_RAW_DAYS days while the minutes stay; a day's noise compliance per site (minutes whose Leq is
 * over the day / night limit) ranked worst first, following the city's night.
 */
describeStores('IoT history', (get) => {
  let w: World;
  const admin = user(['admin']);
  const operator = user(['operator']);
  beforeAll(async () => {
    w = await seedWorld(get().ctx);
  });

  async function feed(id: string, readings: Array<[string, Record<string, number>]>) {
    const { ctx } = get();
    const r = await ctx.iot.ingest(id, readings.map(([t, values]) => ({ ts: at(t), values })), 'http');
    expect(r.rejected).toBe(0);
    await ctx.iot.settle();
  }

  it('keeps per-minute count, min, max and mean; a sound level’s mean is its Leq, not the arithmetic mean', async () => {
    const { ctx, clock } = get();
    clock.set(at('2026-03-02T12:00:00'));
    const { device } = await register(ctx, admin, 'noise', w.point);
    await feed(device.id, [
      ['2026-03-02T10:00:05', { laeq: 60, temp: 10 }], ['2026-03-02T10:00:35', { laeq: 80, temp: 20 }],
      ['2026-03-02T10:01:10', { laeq: 70 }], ['2026-03-02T10:07:00', { laeq: 50 }], ['2026-03-02T11:02:00', { laeq: 55 }],
    ]);
    const s = await ctx.iot.series(operator, device.id, at('2026-03-02T10:00:30'), at('2026-03-02T12:00:00'), 1);
    // `from` inside a minute counts that minute whole; each point sits on its minute.
    expect(s.from).toBe(at('2026-03-02T10:00:00'));
    expect(s.series.laeq!.map((p) => p.at)).toEqual([at('2026-03-02T10:00:00'), at('2026-03-02T10:01:00'), at('2026-03-02T10:07:00'), at('2026-03-02T11:02:00')]);
    expect(s.series.laeq![0]).toEqual({ at: at('2026-03-02T10:00:00'), count: 2, min: 60, max: 80, mean: r2(leq([60, 80])) });
    expect(s.series.laeq![0]!.mean).toBeCloseTo(77.03, 2);
    expect(s.series.temp).toEqual([{ at: at('2026-03-02T10:00:00'), count: 2, min: 10, max: 20, mean: 15 }]);

    // Coarser steps start on the city's clock (the hour) and average energy across minutes.
    const hourly = await ctx.iot.series(operator, device.id, at('2026-03-02T09:30:00'), at('2026-03-02T12:00:00'), 60);
    expect(hourly.series.laeq).toEqual([
      { at: at('2026-03-02T10:00:00'), count: 4, min: 50, max: 80, mean: r2(leq([60, 80, 70, 50])) },
      { at: at('2026-03-02T11:00:00'), count: 1, min: 55, max: 55, mean: 55 },
    ]);
    const daily = await ctx.iot.series(operator, device.id, at('2026-03-02T00:00:00'), at('2026-03-03T00:00:00'), 1440);
    expect(daily.series.laeq).toEqual([{ at: at('2026-03-02T00:00:00'), count: 5, min: 50, max: 80, mean: r2(leq([60, 80, 70, 50, 55])) }]);
  });

  it('a minute written twice (a late reading after the flush) merges into one aggregate', async () => {
    const { ctx, clock } = get();
    clock.set(at('2026-03-02T10:30:00'));
    const { device } = await register(ctx, admin, 'dust', w.point);
    await feed(device.id, [['2026-03-02T10:10:01', { pm10: 40 }], ['2026-03-02T10:10:20', { pm10: 60 }]]);
    await feed(device.id, [['2026-03-02T10:10:50', { pm10: 110 }]]);
    const s = await ctx.iot.series(operator, device.id, at('2026-03-02T10:00:00'), at('2026-03-02T11:00:00'), 1);
    expect(s.series.pm10).toEqual([{ at: at('2026-03-02T10:10:00'), count: 3, min: 40, max: 110, mean: 70 }]);
  });

  it('keeps raw readings IOT_RAW_DAYS days; pruning leaves the minute aggregates', async () => {
    const { ctx, clock } = get();
    clock.set(at('2026-03-02T10:30:00'));
    const { device } = await register(ctx, admin, 'gas', w.point);
    await feed(device.id, [['2026-03-02T10:20:00', { lel: 3 }], ['2026-03-02T10:20:30', { lel: 4.5 }]]);
    const raw = await ctx.iot.readings(operator, device.id, at('2026-03-02T10:00:00'), at('2026-03-02T11:00:00'), 100);
    expect(raw).toMatchObject({ keptDays: ctx.config.iotRawDays, items: [{ ts: at('2026-03-02T10:20:00'), values: { lel: 3 } }, { ts: at('2026-03-02T10:20:30'), values: { lel: 4.5 } }] });
    expect(await ctx.iot.prune(at('2026-03-02T10:20:10') + ctx.config.iotRawDays * DAY)).toBeGreaterThanOrEqual(1);
    const left = await ctx.iot.readings(operator, device.id, at('2026-03-02T10:00:00'), at('2026-03-02T11:00:00'), 100);
    expect(left.items.map((x) => x.ts)).toEqual([at('2026-03-02T10:20:30')]);
    const s = await ctx.iot.series(operator, device.id, at('2026-03-02T10:00:00'), at('2026-03-02T11:00:00'), 1);
    expect(s.series.lel).toEqual([{ at: at('2026-03-02T10:20:00'), count: 2, min: 3, max: 4.5, mean: 3.75 }]);
  });

  it('ranks a day’s sites by minutes over the limit, day and night, worst first; the night follows the city’s setting', async () => {
    const { ctx, clock } = get();
    clock.set(at('2026-03-03T08:00:00'));
    const offender = (await register(ctx, admin, 'noise', w.point, { name: '夜间超标工地' })).device;
    const dayOnly = (await register(ctx, admin, 'noise', w.point, { name: '白天超标工地' })).device;
    const quiet = (await register(ctx, admin, 'noise', w.point, { name: '安静工地' })).device;
    const indoor = (await register(ctx, admin, 'noise', w.point, { name: '室内测点', params: { indoor: true } })).device;
    const nightMinutes = Array.from({ length: 10 }, (_, i) => [`2026-03-02T23:0${i}:00`, { laeq: 65 }] as [string, Record<string, number>]);
    await feed(offender.id, [
      ...nightMinutes,
      // 40 and 60 dB(A) in one night minute: Leq 57 (over 55), the arithmetic mean 50 would pass.
      ['2026-03-02T02:00:05', { laeq: 40 }], ['2026-03-02T02:00:40', { laeq: 60 }],
      ['2026-03-02T10:00:00', { laeq: 60 }], ['2026-03-02T10:01:00', { laeq: 62 }],
    ]);
    await feed(dayOnly.id, [['2026-03-02T14:00:00', { laeq: 75 }], ['2026-03-02T14:01:00', { laeq: 72 }], ['2026-03-02T14:02:00', { laeq: 71 }], ['2026-03-02T22:30:00', { laeq: 50 }]]);
    await feed(quiet.id, [['2026-03-02T12:00:00', { laeq: 52 }], ['2026-03-02T22:30:00', { laeq: 44 }]]);
    await feed(indoor.id, [['2026-03-02T12:00:00', { laeq: 65 }]]);
    // Readings of the next day are not counted in this one.
    await feed(offender.id, [['2026-03-03T00:30:00', { laeq: 80 }]]);

    const ours = new Set([offender.id, dayOnly.id, quiet.id, indoor.id]);
    const rows = (await ctx.iot.compliance(operator, '2026-03-02')).filter((r) => ours.has(r.deviceId));
    expect(rows.map((r) => r.name)).toEqual(['夜间超标工地', '白天超标工地', '室内测点', '安静工地']);
    expect(rows[0]).toMatchObject({ dayLimit: 70, nightLimit: 55, dayMinutes: 2, dayOver: 0, nightMinutes: 11, nightOver: 11, worstLeq: 65 });
    expect(rows[1]).toMatchObject({ dayMinutes: 3, dayOver: 3, nightMinutes: 1, nightOver: 0, worstLeq: 75 });
    // Measured indoors next to a sensitive building: the limits are 10 dB tighter.
    expect(rows[2]).toMatchObject({ dayLimit: 60, nightLimit: 45, dayOver: 1 });
    expect(rows[3]).toMatchObject({ dayOver: 0, nightOver: 0, worstLeq: 52 });

    // The city moves its night to 23:00–07:00: 22:30 is day now (the 50 dB(A) minute stays under 70).
    await ctx.iot.setSettings(admin, { nightStart: '23:00' });
    try {
      const moved = (await ctx.iot.compliance(operator, '2026-03-02')).find((r) => r.deviceId === dayOnly.id)!;
      expect(moved).toMatchObject({ dayMinutes: 4, nightMinutes: 0, dayOver: 3 });
    } finally {
      await ctx.iot.setSettings(admin, { nightStart: '22:00' });
    }
    // Out of scope reads as nothing: a dispatcher of another district sees none of these sites.
    const elsewhere = user(['dispatcher'], { scope: { level: 'district', code: w.elsewhere.districtCode } });
    expect((await ctx.iot.compliance(elsewhere, '2026-03-02')).filter((r) => ours.has(r.deviceId))).toEqual([]);
  });
});
