/**
 * Drives a simulated feed (sim-feed.ts) through the real intake: batches through `ingestAs`, the
 * housekeeping tick as time passes, then a simulated reviewer who judges pending items by their truth
 * (true → accept, false → false positive). Used by the demo seed, `cityloop video simulate` and the benchmark.
 */
import type { User } from '../auth/model.js';
import type { FeedDetection, Truth } from './sim-feed.js';
import type { VideoService } from './service.js';

export interface SimRun {
  detections: number;
  outcomes: Record<string, number>;
  items: number;
  selfCorrected: number;
  reviewed: { accepted: number; rejected: number; left: number };
  /** Items made per 1 000 detections (what de-duplication and dwell save the reviewers). */
  itemsPer1000: number;
}

export interface SimDriveOptions {
  /** Moves the platform's clock (ManualClock) before each batch; absent: detections lie in the past. */
  setClock?: (t: number) => void;
  batch?: number;
  /** The platform's time (a past feed ends its windows at now). */
  now?: () => number;
  /** Who reviews; absent: nobody (items stay in the queue). */
  reviewer?: User;
  /** Share of pending items the reviewer judges (the rest wait in the queue for the demo). */
  reviewShare?: number;
}

export async function driveFeed(video: VideoService, sourceId: string, feed: readonly FeedDetection[], o: SimDriveOptions = {}): Promise<SimRun> {
  const batch = o.batch ?? 200;
  const outcomes: Record<string, number> = {};
  const truthOf = new Map<string, Truth>();
  let lastTick = performance.now();
  for (let i = 0; i < feed.length; i += batch) {
    const part = feed.slice(i, i + batch);
    const last = part[part.length - 1]!.d.at as number;
    o.setClock?.(last);
    const r = await video.ingestAs(sourceId, { detections: part.map((f) => f.d) });
    for (const [j, x] of r.results.entries()) {
      outcomes[x.outcome] = (outcomes[x.outcome] ?? 0) + 1;
      if (x.outcome === 'new_item' && x.itemId) truthOf.set(x.itemId, part[j]!.truth);
    }
    // The platform's housekeeping runs once a wall-clock second (src/video/service.ts start()).
    if (performance.now() - lastTick >= 1000) {
      await video.tick(last);
      lastTick = performance.now();
    }
  }
  // The end of the run: every window ended (a past feed: not beyond now).
  const last = feed.length ? (feed[feed.length - 1]!.d.at as number) : 0;
  const end = o.setClock ? last + 3 * 3_600_000 : Math.max(last, o.now?.() ?? last);
  o.setClock?.(end);
  await video.tick(end);
  await video.flush();
  const reviewed = { accepted: 0, rejected: 0, left: 0 };
  let selfCorrected = 0;
  if (o.reviewer) {
    const share = o.reviewShare ?? 1;
    let k = 0;
    for (const [id, truth] of truthOf) {
      const { item } = await video.item(o.reviewer, id).catch(() => ({ item: null }));
      if (!item) continue;
      if (item.state === 'self_corrected') selfCorrected += 1;
      if (item.state !== 'pending') continue;
      k += 1;
      if ((k % 100) / 100 >= share) { reviewed.left += 1; continue; }
      try {
        if (truth === 'true' || truth === 'self_correct') await video.act(o.reviewer, id, 'accept', {}, item.version);
        else await video.act(o.reviewer, id, 'reject', { reason: 'false_positive' }, item.version);
        if (truth === 'true' || truth === 'self_correct') reviewed.accepted += 1;
        else reviewed.rejected += 1;
      } catch {
        reviewed.left += 1; // suppressed meanwhile, or out of the reviewer's reach
      }
    }
  }
  const items = outcomes.new_item ?? 0;
  return { detections: feed.length, outcomes, items, selfCorrected, reviewed, itemsPer1000: feed.length ? Math.round((items / feed.length) * 1000 * 10) / 10 : 0 };
}
