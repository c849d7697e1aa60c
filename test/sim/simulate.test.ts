import { expect, it } from 'vitest';
import { describeStores } from '../helpers/stores.js';
import { simulate } from '../../src/sim/simulate.js';
import { figuresFromLog } from '../../src/evaluation/rebuild.js';
import { EVALUATION_LEVELS, type Counters } from '../../src/evaluation/model.js';
import { shanghaiDate } from '../../src/core/time.js';
import type { SimulationResult } from '../../src/sim/simulate.js';

describeStores('simulator driving the real services', (get) => {
  let result: SimulationResult;

  it('runs realistic days through the case service: every source, side paths, closed cases', async () => {
    const { ctx, clock } = get();
    await ctx.geo.seedDemo();
    await ctx.catalog.seedDemo();
    await ctx.geo.load();
    result = await simulate(ctx, { days: 5, perDay: 40, seed: 42, clock });
    expect(result.errors).toEqual({});
    expect(result.reports).toBeGreaterThan(150);
    const o = result.outcomes;
    expect(o['source:inspector']! / result.reports).toBeGreaterThan(0.45);
    expect(o['source:hotline']! + o['source:citizen']!).toBeGreaterThan(0);
    for (const k of ['closed', 'filed', 'selfHandled', 'rejected', 'rework']) expect(o[k], k).toBeGreaterThan(0);
    expect(o.closed!).toBeGreaterThan(result.reports * 0.3);
  }, 180_000);

  it('leaves a log whose evaluation the read model and a fold of the log alone agree on, at every level', async () => {
    const { ctx } = get();
    const period = { from: shanghaiDate(result.from), to: shanghaiDate(result.to) };
    for (const level of EVALUATION_LEVELS) {
      const e = await ctx.evaluation.evaluate({ level, ...period });
      const service = new Map<string, Counters>(e.rows.filter((r) => Object.values(r.counters).some((v) => v !== 0)).map((r) => [`${r.type}:${r.id}`, r.counters]));
      expect(service, level).toEqual(await figuresFromLog(ctx.db, level, period));
    }
    const districts = await ctx.evaluation.evaluate({ level: 'district', ...period });
    expect(districts.totals.reports).toBe(result.reports);
    expect(districts.rows.filter((r) => r.grade !== null).length).toBeGreaterThan(0);
    const posts = await ctx.evaluation.evaluate({ level: 'post', ...period });
    expect(new Set(posts.rows.map((r) => r.type))).toEqual(new Set(['inspector', 'operator', 'shift_lead', 'dispatcher']));
    expect(posts.rows.every((r) => !r.name.startsWith('0'))).toBe(true);
  }, 60_000);

  it('keeps every case’s hash chain intact', async () => {
    const report = await get().ctx.cases.verifyAllCases();
    expect(report).toMatchObject({ ok: true, broken: [] });
    expect(report.cases).toBe(result.reports);
  });
});
