import { beforeAll, expect, it } from 'vitest';
import { describeStores } from '../helpers/stores.js';
import { reportAndFile, seedWorld, type World } from './fixtures.js';

const HOUR = 3600_000;

describeStores('deadline timer', (get) => {
  let w: World;
  beforeAll(async () => {
    w = await seedWorld(get().ctx);
  });

  it('raises the yellow warning at 80 % and the red overdue after 100 %, each exactly once', async () => {
    const { ctx, clock } = get();
    const c = await reportAndFile(ctx, w); // C0102: 24 natural hours to handle
    const start = clock.now();
    await ctx.cases.sweepDeadlines(start + 19 * HOUR);
    expect((await ctx.cases.find(c.id))!.clock.light).toBe('green');
    const r1 = await ctx.cases.sweepDeadlines(start + 19.2 * HOUR);
    expect(r1.warnings).toBeGreaterThanOrEqual(1);
    expect((await ctx.cases.find(c.id))!.clock.light).toBe('yellow');
    await ctx.cases.sweepDeadlines(start + 20 * HOUR);
    await ctx.cases.sweepDeadlines(start + 25 * HOUR);
    await ctx.cases.sweepDeadlines(start + 26 * HOUR);
    const types = (await ctx.cases.events(c.id)).map((e) => e.type);
    expect(types.filter((t) => t === 'deadline_warning')).toHaveLength(1);
    expect(types.filter((t) => t === 'deadline_overdue')).toHaveLength(1);
    const after = (await ctx.cases.find(c.id))!;
    expect(after.clock.light).toBe('red');
    expect((await ctx.cases.verifyCase(c.id)).ok).toBe(true);
    // Handling late ends the stage as not on time.
    clock.set(start + 27 * HOUR);
    await ctx.cases.act(w.handler, c.id, 'handle', { note: '已处理', photos: [w.photo2] }, after.version);
    expect((await ctx.cases.events(c.id)).at(-1)!.data.endedStage).toMatchObject({ stage: 'handle', onTime: false });
    clock.set(start);
  });

  it('raises each crossing once even when several sweepers run at the same time', async () => {
    const { ctx, clock } = get();
    const cases = await Promise.all([1, 2, 3, 4].map(() => reportAndFile(ctx, w)));
    const t = clock.now() + 30 * HOUR;
    const results = await Promise.all([ctx.cases.sweepDeadlines(t), ctx.cases.sweepDeadlines(t), ctx.cases.sweepDeadlines(t)]);
    for (const c of cases) {
      const types = (await ctx.cases.events(c.id)).map((e) => e.type);
      expect(types.filter((x) => x === 'deadline_warning')).toHaveLength(1);
      expect(types.filter((x) => x === 'deadline_overdue')).toHaveLength(1);
    }
    expect(results.reduce((n, r) => n + r.overdue, 0)).toBeGreaterThanOrEqual(4);
  });

  it('raises nothing for a suspended case, and warns afresh after an extension', async () => {
    const { ctx, clock } = get();
    let c = await reportAndFile(ctx, w);
    const start = clock.now();
    c = await ctx.cases.act(w.handler, c.id, 'request_suspension', { reason: '待拆迁' }, c.version);
    c = await ctx.cases.act(w.dispatcher, c.id, 'approve_suspension', {}, c.version);
    await ctx.cases.sweepDeadlines(start + 100 * HOUR);
    expect((await ctx.cases.events(c.id)).some((e) => e.type.startsWith('deadline_'))).toBe(false);
    c = await ctx.cases.act(w.dispatcher, c.id, 'resume', {}, c.version);
    await ctx.cases.sweepDeadlines(start + 20 * HOUR);
    c = (await ctx.cases.find(c.id))!;
    expect(c.clock.light).toBe('yellow');
    c = await ctx.cases.act(w.handler, c.id, 'request_extension', { amount: 24, reason: '材料未到' }, c.version);
    c = await ctx.cases.act(w.dispatcher, c.id, 'grant_extension', {}, c.version);
    expect(c.clock.light).toBe('green');
    await ctx.cases.sweepDeadlines(start + 45 * HOUR);
    const warnings = (await ctx.cases.events(c.id)).filter((e) => e.type === 'deadline_warning');
    expect(warnings).toHaveLength(2);
    expect(warnings[1]!.data.cycle).toBeGreaterThan(warnings[0]!.data.cycle as number);
  });
});
