import { beforeAll, expect, it } from 'vitest';
import { describeStores } from '../helpers/stores.js';
import { seedWorld } from '../cases/fixtures.js';
import { DEMO_VIDEO } from '../../src/demo/video.js';
import { simulateFeed } from '../../src/video/sim-feed.js';

describeStores('the video simulator drives a realistic feed through the real intake', (get) => {
  beforeAll(async () => {
    await seedWorld(get().ctx);
  });

  it('makes far fewer items than detections, lets self-corrections close without a case and has every detection accounted for', async () => {
    const { ctx, clock } = get();
    const seeded = await ctx.video.seedDemo();
    expect(seeded.algorithms).toBe(DEMO_VIDEO.algorithms.length);
    expect(seeded.cameras).toBeGreaterThan(10);
    expect(ctx.video.publicCameras().length).toBeGreaterThan(0);
    const reviewer = { id: 'u-sim-op', username: 'sim-op', displayName: '模拟审核', phone: null, active: true, unitId: null, scope: { level: 'city' as const, code: '350200' }, roles: ['operator' as const], createdAt: 0, updatedAt: 0 };
    const start = clock.now();
    const run = await ctx.video.simulate({ hours: 3, perCameraHour: 1, cameras: 12, reviewer, start, setClock: (t) => clock.set(Math.max(clock.now(), t)) });
    expect(run.detections).toBeGreaterThan(100);
    expect(Object.values(run.outcomes).reduce((a, b) => a + b, 0)).toBe(run.detections);
    expect(run.items).toBeGreaterThan(0);
    expect(run.itemsPer1000).toBeLessThan(250);
    expect(run.reviewed.accepted).toBeGreaterThan(0);
    // The same feed again is the same feed (seeded): the simulator is repeatable.
    const reg = ctx.video.core.engine.registry;
    const cams = [...reg.cameras.values()].slice(0, 12);
    const a = simulateFeed({ cameras: cams, algorithms: reg.algorithms, start, span: 3 * 3_600_000, perCameraHour: 1, seed: 5 });
    const b = simulateFeed({ cameras: cams, algorithms: reg.algorithms, start, span: 3 * 3_600_000, perCameraHour: 1, seed: 5 });
    expect(a).toEqual(b);
    expect(new Set(a.map((x) => x.truth))).toEqual(new Set(['true', 'false', 'self_correct', 'noise']));
    const items = await ctx.video.items(reviewer, { state: 'accepted', pageSize: 200 });
    expect(items.total).toBe(run.reviewed.accepted);
    for (const it of items.items.slice(0, 5)) expect((await ctx.cases.find(it.caseId!))!.source).toBe('video');
  });
});
