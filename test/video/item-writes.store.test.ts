/**
 * One video item, several writes of this process at once: evidence flushes (ingest, the timer),
 * the platform's steps (release, self-correction) and a reviewer's. Each write names the version the
 * process last wrote; they go one after another, so none is refused as "changed by someone else"
 * and no sighting is lost or written twice.
 */
import { beforeAll, expect, it } from 'vitest';
import { describeStores } from '../helpers/stores.js';
import { flushItem, systemStep } from '../../src/video/items.js';
import type { Sighting } from '../../src/video/model.js';
import { detection, seedVideo, type VideoWorld } from './fixtures.js';

const MIN = 60_000;

describeStores('video item writes of one process', (get) => {
  let w: VideoWorld;
  let source: string;
  beforeAll(async () => {
    const { ctx } = get();
    w = await seedVideo(ctx);
    source = (await ctx.video.createSource(w.admin, '测试平台')).id;
  });

  it('runs evidence flushes and a platform step on one item at the same time without a version conflict', async () => {
    const { ctx, clock } = get();
    const core = ctx.video.core;
    const t0 = clock.now() + 86_400_000;
    clock.set(t0);
    // PILE: no dwell, a ten-minute self-correction window: the item waits in `watching`.
    const first = await ctx.video.ingestAs(source, detection(t0, { camera: 'B', algorithm: 'PILE' }));
    const id = first.results[0]!.itemId!;
    const it = core.engine.get(id)!;
    expect(it.state).toBe('watching');
    await it.ready;
    const sighting = (k: number): Sighting => ({ at: t0 + k * 1000, camera: 'B', confidence: 0.9, box: { x: 0.4, y: 0.6, w: 0.2, h: 0.2 }, snapshot: null, clip: null, ref: `r-${k}`, plate: null });
    const writes: Array<Promise<unknown>> = [];
    for (let k = 1; k <= 4; k++) {
      it.pending.push(sighting(k));
      writes.push(flushItem(core, it));
    }
    writes.push(systemStep(core, id, ['watching'], (r) => ({ next: { ...r, state: 'pending' }, draft: { type: 'released', data: { lastAt: r.lastAt } } })));
    it.pending.push(sighting(5));
    writes.push(flushItem(core, it));
    const settled = await Promise.allSettled(writes);
    expect(settled.filter((s) => s.status === 'rejected').map((s) => String((s as PromiseRejectedResult).reason?.code ?? (s as PromiseRejectedResult).reason))).toEqual([]);

    clock.set(t0 + MIN);
    const events = await core.store.events(id);
    const refs = events.flatMap((e) => ((e.data as { sightings?: Sighting[] }).sightings ?? []).map((s) => s.ref)).filter((r) => r?.startsWith('r-'));
    expect(refs.sort()).toEqual(['r-1', 'r-2', 'r-3', 'r-4', 'r-5']);
    expect(events.filter((e) => e.type === 'released')).toHaveLength(1);
    const stored = await core.store.load(id);
    expect(stored).toMatchObject({ state: 'pending', version: events.length });
    expect(it.version).toBe(events.length);
    expect((await ctx.video.item(w.operator, id)).item.state).toBe('pending');
  });
});
