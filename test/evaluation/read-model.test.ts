import { expect, it } from 'vitest';
import { describeStores } from '../helpers/stores.js';
import { figuresFromLog } from '../../src/evaluation/rebuild.js';
import { EVALUATION_LEVELS, type Counters, type EvaluationLevel, type Period } from '../../src/evaluation/model.js';
import type { EvalEvent } from '../../src/evaluation/accumulator.js';
import type { AppContext } from '../../src/app.js';
import { rng, synthCase, writeEvents } from './synthetic-log.js';

const DAY = 86_400_000;
const START = Date.parse('2026-03-01T08:00:00+08:00');

function makeLog(cases: number, seed: number, prefix: string, start = START, days = 40): EvalEvent[] {
  const rnd = rng(seed);
  const out: EvalEvent[] = [];
  for (let i = 0; i < cases; i++) out.push(...synthCase(`${prefix}${String(i).padStart(5, '0')}`, start + Math.floor(rnd() * days) * DAY + rnd() * 10 * 3600_000, rnd));
  return out;
}

async function serviceFigures(ctx: AppContext, level: EvaluationLevel, period: Period): Promise<Map<string, Counters>> {
  const e = await ctx.evaluation.evaluate({ level, ...period });
  // Idle objects (listed with zero counters) are not in the log: leave them out of the comparison.
  return new Map(e.rows.filter((r) => Object.values(r.counters).some((v) => v !== 0)).map((r) => [`${r.type}:${r.id}`, r.counters]));
}

const MARCH = { from: '2026-03-01', to: '2026-03-31' };
const PERIODS: Period[] = [MARCH, { from: '2026-03-09', to: '2026-03-15' }, { from: '2026-03-20', to: '2026-03-20' }, { from: '2026-02-01', to: '2026-04-30' }];

describeStores('evaluation read model', (get) => {
  const first = makeLog(300, 7, 'a');
  const lastAt = Math.max(...first.map((e) => e.at));
  const later = makeLog(60, 8, 'b', lastAt + 1000, 3);

  it('gives the same figures as folding every case’s events from the log alone, for every level and period', async () => {
    const { ctx } = get();
    // Write the log in two halves by time, evaluating in between, so the catch-up works incrementally.
    const cut = START + 15 * DAY;
    await writeEvents(ctx.db, first.filter((e) => e.at < cut));
    await ctx.evaluation.evaluate({ level: 'district', ...MARCH });
    await writeEvents(ctx.db, first.filter((e) => e.at >= cut));
    for (const level of EVALUATION_LEVELS) {
      for (const period of PERIODS) {
        expect(await serviceFigures(ctx, level, period), `${level} ${period.from}..${period.to}`).toEqual(await figuresFromLog(ctx.db, level, period));
      }
    }
  });

  it('folds an event only once however often it catches up', async () => {
    const { ctx } = get();
    const before = await serviceFigures(ctx, 'grid', MARCH);
    expect((await ctx.evaluation.catchUp()).folded).toBe(0);
    expect(await serviceFigures(ctx, 'grid', MARCH)).toEqual(before);
  });

  it('picks up events written after the last evaluation, also one whose transaction committed late', async () => {
    const { ctx } = get();
    const APRIL = { from: '2026-04-01', to: '2026-04-30' };
    // An event stamped a minute before the last one folded (its transaction committed after the catch-up read).
    const old = first.filter((e) => e.caseId === first[0]!.caseId);
    await writeEvents(ctx.db, [{ ...old[0]!, seq: old.length + 1, type: 'urged', actorId: 'disp1', role: 'dispatcher', data: {}, at: lastAt - 60_000 }]);
    await writeEvents(ctx.db, later);
    for (const level of ['district', 'unit', 'post'] as const) {
      expect(await serviceFigures(ctx, level, APRIL)).toEqual(await figuresFromLog(ctx.db, level, APRIL));
      expect(await serviceFigures(ctx, level, MARCH)).toEqual(await figuresFromLog(ctx.db, level, MARCH));
    }
  });

  it('fills a gap in a case’s log from the case itself when a later event of it arrives', async () => {
    const { ctx } = get();
    const c = later.filter((e) => e.caseId === later[0]!.caseId);
    const top = Math.max(...later.map((e) => e.at));
    // seq n+1 stamped long ago (missed by the catch-up window), then seq n+2 now.
    await writeEvents(ctx.db, [
      { ...c[0]!, seq: c.length + 1, type: 'supervised', actorId: 'lead', role: 'leader', data: {}, at: START },
      { ...c[0]!, seq: c.length + 2, type: 'urged', actorId: 'disp1', role: 'dispatcher', data: {}, at: top + 1000 },
    ]);
    const all = { from: '2026-02-01', to: '2026-05-31' };
    expect(await serviceFigures(ctx, 'district', all)).toEqual(await figuresFromLog(ctx.db, 'district', all));
  });

  it('rebuilds the same figures from scratch', async () => {
    const { ctx } = get();
    const before = await serviceFigures(ctx, 'post', MARCH);
    await ctx.evaluation.rebuild();
    expect(await serviceFigures(ctx, 'post', MARCH)).toEqual(before);
  });

  it('scores, grades and ranks each object, ties sharing a rank', async () => {
    const { ctx } = get();
    const e = await ctx.evaluation.evaluate({ level: 'district', ...MARCH });
    const scored = e.rows.filter((r) => r.score !== null);
    expect(scored.length).toBeGreaterThan(0);
    for (const r of scored) {
      expect(r.grade).toMatch(/^[A-E]$/);
      expect(r.rank).toBe(1 + scored.filter((o) => o.score! > r.score!).length);
    }
    expect(e.totals.reports).toBe(e.rows.reduce((n, r) => n + r.counters.reports, 0));
  });

  it('refuses an unknown level or an impossible period with a 400', async () => {
    const { ctx } = get();
    await expect(ctx.evaluation.evaluate({ level: 'province', ...MARCH })).rejects.toMatchObject({ code: 'EVALUATION_LEVEL_INVALID', kind: 'invalid' });
    await expect(ctx.evaluation.evaluate({ level: 'unit', from: '2026-03-31', to: '2026-03-01' })).rejects.toMatchObject({ code: 'EVALUATION_PERIOD_INVALID', kind: 'invalid' });
  });
});
