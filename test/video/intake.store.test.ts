import { beforeAll, expect, it } from 'vitest';
import { describeStores } from '../helpers/stores.js';
import { errorCode } from '../cases/fixtures.js';
import { detection, seedVideo, snapshot, user, type VideoWorld } from './fixtures.js';

const MIN = 60_000;

describeStores('video intake: detections → filtering → de-duplication → review → cases', (get) => {
  let w: VideoWorld;
  let source: string;
  beforeAll(async () => {
    const { ctx } = get();
    w = await seedVideo(ctx);
    source = (await ctx.video.createSource(w.admin, '测试平台')).id;
  });
  const post = (body: unknown) => get().ctx.video.ingestAs(source, body);
  /** Moves the clock to `t` (detections from the future are refused) and posts. */
  const postAt = (t: number, body: unknown) => {
    if (t > get().clock.now()) get().clock.set(t);
    return post(body);
  };
  /** Each test starts a day later: earlier tests' items are outside every de-duplication window. */
  const nextDay = () => {
    get().clock.set(get().clock.now() + 86_400_000);
    return get().clock.now();
  };
  const pendingOf = async (camera: string, algorithm = 'SHOP') => (await get().ctx.video.items(w.operator, { camera, algorithm, state: 'pending' })).items;

  it('turns a burst of detections from one camera into one reviewed case carrying every snapshot as evidence', async () => {
    const { ctx } = get();
    const t0 = nextDay();
    const snaps = await Promise.all([0, 1, 2, 3, 4].map((i) => snapshot(ctx, `burst-${i}`)));
    // Sightings 20 s apart: the first two wait for the 60-s dwell, the fourth makes the item, the rest merge into it.
    const answers = [];
    for (let i = 0; i < 5; i++) answers.push((await postAt(t0 + i * 20_000, detection(t0 + i * 20_000, { snapshotSha256: snaps[i]!, confidence: 0.8 + i / 100 }))).results[0]!.outcome);
    expect(answers).toEqual(['tracking', 'tracking', 'tracking', 'new_item', 'merged']);
    await ctx.video.tick();
    const [item] = await pendingOf('A');
    expect(item).toMatchObject({ sightings: 5, snapshot: snaps[4], state: 'pending', categoryCode: 'E0504' });
    expect(item!.bestConfidence).toBeCloseTo(0.84);
    expect(item!.snapshots.sort()).toEqual([...snaps].sort());

    const accepted = await ctx.video.act(w.operator, item!.id, 'accept', {}, item!.version);
    expect(accepted.state).toBe('accepted');
    const c = (await ctx.cases.find(accepted.caseId!))!;
    expect(c).toMatchObject({ source: 'video', categoryCode: 'E0504', externalRef: `video:${item!.id}`, status: 'reported' });
    expect(c.photos[0]).toBe(snaps[4]);
    expect([...c.photos].sort()).toEqual([...snaps].sort());
    expect(c.place.districtCode).toBe(w.districtCode);

    // A repeat while the case is open is evidence of that case, not a new item.
    const later = await postAt(t0 + 10 * MIN, detection(t0 + 10 * MIN));
    expect(later.results[0]).toMatchObject({ outcome: 'merged', itemId: item!.id });
    await ctx.video.tick();
    const { item: after, events } = await ctx.video.item(w.operator, item!.id);
    expect(after.sightings).toBe(6);
    expect(events.map((e) => e.type)).toEqual(['detected', 'evidence_added', 'accepted', 'evidence_added']);
    expect((await ctx.video.core.store.verify(item!.id)).ok).toBe(true);
    // Accepting twice is refused and makes no second case.
    expect(await errorCode(ctx.video.act(w.operator, item!.id, 'accept', {}, after.version))).toBe('ACTION_NOT_ALLOWED');
    expect((await ctx.cases.search(w.operator, { source: 'video', page: 1, pageSize: 50 })).total).toBe(1);

    // When the case ends, the item closes and the next sighting is a new violation.
    await ctx.cases.act(w.operator, c.id, 'reject', { reason: '店主已整改' }, c.version);
    await ctx.bus.flush();
    expect((await ctx.video.item(w.operator, item!.id)).item.state).toBe('closed');
    expect((await postAt(t0 + 11 * MIN, detection(t0 + 11 * MIN))).results[0]!.outcome).toBe('tracking');
  });

  it('closes a violation corrected within its window without a case — by a cleared event, or by no longer being seen', async () => {
    const { ctx, clock } = get();
    const t0 = nextDay();
    // PILE: no dwell, a 10-minute self-correction window; on camera B so it does not meet the first test's item.
    const first = await post(detection(t0, { camera: 'B', algorithm: 'PILE' }));
    expect(first.results[0]!.outcome).toBe('new_item');
    const id = first.results[0]!.itemId!;
    expect((await ctx.video.item(w.operator, id)).item.state).toBe('watching');
    const cleared = await postAt(t0 + 3 * MIN, detection(t0 + 3 * MIN, { camera: 'B', algorithm: 'PILE', state: 'cleared' }));
    expect(cleared.results[0]).toMatchObject({ outcome: 'cleared', itemId: id });
    expect((await ctx.video.item(w.operator, id)).item.state).toBe('self_corrected');

    // Seen once, then not again: at the end of the window it corrected itself.
    clock.set(t0 + 20 * MIN);
    const quiet = (await post(detection(t0 + 20 * MIN, { camera: 'B', algorithm: 'PILE', boxes: [{ x: 0, y: 0, w: 0.2, h: 0.2 }] }))).results[0]!.itemId!;
    // Still there late in the window: it goes to review.
    const stays = (await post(detection(t0 + 20 * MIN, { camera: 'B', algorithm: 'PILE', boxes: [{ x: 0.7, y: 0, w: 0.2, h: 0.2 }] }))).results[0]!.itemId!;
    clock.set(t0 + 28 * MIN);
    await post(detection(t0 + 28 * MIN, { camera: 'B', algorithm: 'PILE', boxes: [{ x: 0.7, y: 0, w: 0.2, h: 0.2 }] }));
    clock.set(t0 + 31 * MIN);
    const r = await ctx.video.tick();
    expect(r.selfCorrected).toEqual([quiet]);
    expect(r.released).toEqual([stays]);
    expect((await ctx.video.item(w.operator, quiet)).item.state).toBe('self_corrected');
    expect((await ctx.video.item(w.operator, stays)).item.state).toBe('pending');
    expect((await ctx.cases.search(w.operator, { source: 'video', page: 1, pageSize: 50 })).total).toBe(1);
  });

  it('counts every filtered detection by camera, algorithm and reason; none is lost', async () => {
    const { ctx } = get();
    const t = nextDay();
    const night = Date.parse('2026-03-02T23:30:00+08:00');
    const r = await post({
      detections: [
        detection(t, { confidence: 0.3 }),
        detection(t, { boxes: [{ x: 0.4, y: 0.1, w: 0.1, h: 0.1 }] }),
        detection(night - 86_400_000, {}),
        detection(t, { camera: 'NOPE' }),
        detection(t, { camera: 'C', algorithm: 'SHOP' }),
        detection(t, { algorithm: 'NOPE' }),
        { camera: 'A', algorithm: 'SHOP', at: t, confidence: 2, boxes: [] },
        detection(t + 3_600_000, {}),
      ],
    });
    expect(r.results.map((x) => x.outcome)).toEqual(['low_confidence', 'outside_roi', 'outside_schedule', 'unknown_camera', 'not_enabled', 'unknown_algorithm', 'invalid', 'invalid']);
    expect(r.results[6]!.reasons.length).toBeGreaterThan(0);
    expect(r.results[7]!.reasons).toEqual(['/at lies in the future']);
    expect(r).toMatchObject({ received: 8, rejected: 2, accepted: 6 });
    const day = new Date(t + 8 * 3_600_000).toISOString().slice(0, 10);
    const board = await ctx.video.counters(w.operator, day, day);
    const shop = board.algorithms.find((a) => a.code === 'SHOP')!.counts;
    expect(shop).toMatchObject({ low_confidence: 1, outside_roi: 1, outside_schedule: 1, not_enabled: 1, invalid: 2 });
    expect(board.totals.unknown_camera).toBe(1);
    expect(board.totals.unknown_algorithm).toBe(1);
  });

  it('counts a sighting that never dwelt long enough as below_dwell when its track goes quiet', async () => {
    const { ctx, clock } = get();
    const t = nextDay();
    const day = new Date(t + 8 * 3_600_000).toISOString().slice(0, 10);
    const before = (await ctx.video.counters(w.operator, day, day)).totals.below_dwell ?? 0;
    const r = await post(detection(t, { camera: 'B', boxes: [{ x: 0.05, y: 0.05, w: 0.1, h: 0.1 }] }));
    expect(r.results[0]!.outcome).toBe('tracking');
    clock.set(t + 10 * MIN);
    await ctx.video.tick();
    expect((await ctx.video.counters(w.operator, day, day)).totals.below_dwell).toBe(before + 1);
  });

  it('merges the same class seen by a neighbouring camera into the open item', async () => {
    const { ctx } = get();
    const t = nextDay();
    const a = await post(detection(t, { camera: 'A', algorithm: 'PILE', boxes: [{ x: 0.1, y: 0.1, w: 0.1, h: 0.1 }] }));
    const b = await postAt(t + 1000, detection(t + 1000, { camera: 'B', algorithm: 'PILE', boxes: [{ x: 0.8, y: 0.8, w: 0.1, h: 0.1 }] }));
    expect(a.results[0]!.outcome).toBe('new_item');
    expect(b.results[0]).toMatchObject({ outcome: 'merged', itemId: a.results[0]!.itemId });
    await ctx.video.tick();
    expect((await ctx.video.item(w.operator, a.results[0]!.itemId!)).item.cameras).toEqual(['A', 'B']);
  });

  it('lowers a pair’s precision with each false positive and suppresses it past the floor, telling the administrator', async () => {
    const { ctx, clock } = get();
    await ctx.video.setPolicy(w.admin, { autoAcceptFloor: null, suppressFloor: 0.5, minVerdicts: 3, radiusM: 30 });
    let t = nextDay();
    const items: string[] = [];
    for (let i = 0; i < 4; i++) {
      // Far apart in time so each is its own item (SHOP de-duplicates within an hour).
      t += 2 * 3_600_000;
      clock.set(t);
      await post(detection(t, { camera: 'B', boxes: [{ x: 0.4, y: 0.6, w: 0.2, h: 0.2 }] }));
      const r = await postAt(t + 61_000, detection(t + 61_000, { camera: 'B', boxes: [{ x: 0.4, y: 0.6, w: 0.2, h: 0.2 }] }));
      items.push(r.results[0]!.itemId!);
    }
    const verdict = async (id: string, reason: string | null) => {
      const { item } = await ctx.video.item(w.operator, id);
      return reason ? ctx.video.act(w.operator, id, 'reject', { reason }, item.version) : ctx.video.act(w.operator, id, 'accept', {}, item.version);
    };
    await verdict(items[0]!, null);
    await verdict(items[1]!, 'false_positive');
    await verdict(items[2]!, 'duplicate');
    let board = await ctx.video.precision(w.operator, 30);
    expect(board.pairs.find((p) => p.camera === 'B' && p.algorithm === 'SHOP')).toMatchObject({ accepted: 1, falses: 1, duplicates: 1, precision: 0.5, suppressed: false });
    await verdict(items[3]!, 'not_violation');
    board = await ctx.video.precision(w.operator, 30);
    const pair = board.pairs.find((p) => p.camera === 'B' && p.algorithm === 'SHOP')!;
    expect(pair).toMatchObject({ accepted: 1, falses: 2, suppressed: true });
    expect(pair.precision).toBeCloseTo(1 / 3);
    expect(pair.trend.length).toBeGreaterThan(0);
    const notices = await ctx.video.notices(w.admin, 10);
    expect(notices[0]).toMatchObject({ camera: 'B', algorithm: 'SHOP', type: 'suppressed' });
    expect((await postAt(t + 5 * MIN, detection(t + 5 * MIN, { camera: 'B' }))).results[0]!.outcome).toBe('suppressed');
    // Restored by an administrator: it counts afresh and detections flow again.
    await ctx.video.restorePair(w.admin, 'B', 'SHOP');
    expect((await postAt(t + 6 * MIN, detection(t + 6 * MIN, { camera: 'B', boxes: [{ x: 0.1, y: 0.6, w: 0.2, h: 0.2 }] }))).results[0]!.outcome).toBe('tracking');
    expect(await errorCode(ctx.video.restorePair(w.admin, 'B', 'SHOP'))).toBe('VIDEO_PAIR_NOT_SUPPRESSED');
  });

  it('accepts without a person where the pair’s measured precision is above the floor the administrator set', async () => {
    const { ctx, clock } = get();
    await ctx.video.setPolicy(w.admin, { autoAcceptFloor: 0.9, suppressFloor: 0.5, minVerdicts: 2, radiusM: 30 });
    let t = nextDay();
    for (let i = 0; i < 2; i++) {
      t += 2 * 3_600_000;
      clock.set(t);
      const r = await post(detection(t, { camera: 'C', algorithm: 'PILE', boxes: [{ x: 0.1 + i * 0.4, y: 0.1, w: 0.1, h: 0.1 }] }));
      clock.set(t + 9 * MIN);
      await post(detection(t + 9 * MIN, { camera: 'C', algorithm: 'PILE', boxes: [{ x: 0.1 + i * 0.4, y: 0.1, w: 0.1, h: 0.1 }] }));
      clock.set(t + 11 * MIN);
      await ctx.video.tick();
      const { item } = await ctx.video.item(w.operator, r.results[0]!.itemId!);
      expect(item.state).toBe('pending');
      await ctx.video.act(w.operator, item.id, 'accept', {}, item.version);
    }
    t += 2 * 3_600_000;
    clock.set(t);
    const r = await post(detection(t, { camera: 'C', algorithm: 'PILE' }));
    clock.set(t + 9 * MIN);
    await post(detection(t + 9 * MIN, { camera: 'C', algorithm: 'PILE' }));
    clock.set(t + 11 * MIN);
    await ctx.video.tick();
    const { item } = await ctx.video.item(w.operator, r.results[0]!.itemId!);
    expect(item).toMatchObject({ state: 'accepted', auto: true, reviewerId: 'system:video-ai' });
    expect((await ctx.cases.find(item.caseId!))!.source).toBe('video');
    await ctx.video.setPolicy(w.admin, { autoAcceptFloor: null, suppressFloor: 0.5, minVerdicts: 20, radiusM: 30 });
  });

  it('keeps items in their area: a reviewer of another district finds nothing', async () => {
    const { ctx } = get();
    const other = user(['operator'], { scope: { level: 'district', code: w.elsewhere.districtCode } });
    const mine = (await ctx.video.items(w.operator, { camera: 'A' })).items[0]!;
    expect(await errorCode(ctx.video.item(other, mine.id))).toBe('VIDEO_ITEM_NOT_FOUND');
    expect((await ctx.video.items(other, { camera: 'A' })).total).toBe(0);
    expect(await errorCode(ctx.video.act(other, mine.id, 'reject', { reason: 'false_positive' }, mine.version))).toBe('VIDEO_ITEM_NOT_FOUND');
    expect(await errorCode(ctx.video.act(w.handler, mine.id, 'reject', { reason: 'false_positive' }, mine.version))).toBe('FORBIDDEN_ROLE');
    expect(await errorCode(ctx.video.act(w.operator, mine.id, 'reject', {}, mine.version))).toBe('REJECT_REASON_REQUIRED');
  });
});
