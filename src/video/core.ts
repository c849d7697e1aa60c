/**
 * What the video use cases share inside the capability: the dependencies, the in-memory engine, the
 * item store, the arrival counters and the measured pairs. Built once by the service factory.
 */
import type { ServiceDeps } from '../core/deps.js';
import { shanghaiDate } from '../core/time.js';
import type { GeoService } from '../geo/service.js';
import type { FileStore } from '../files/service.js';
import type { CaseService } from '../cases/service.js';
import type { User } from '../auth/model.js';
import type { ClueActor, ClueInput } from '../enforcement/service.js';
import type { PenaltyCase } from '../enforcement/model.js';
import type { PartyNotice } from '../enforcement/party-notice-model.js';
import type { SendNotice } from '../enforcement/party-notice.js';
import { createRecordStore, type RecordStore } from '../workflow/store.js';
import { publishTo } from '../workflow/publish.js';
import { createEngine, type Engine } from './engine.js';
import { DEFAULT_POLICY, pairKey, type Algorithm, type Camera, type ReviewItem, type VideoPolicy } from './model.js';
import { ITEM_STREAM, type ItemEvent } from './stream.js';
import * as repo from './repo.js';

/** What video asks of administrative enforcement (src/enforcement): a clue, and the party's notice. */
export interface PenaltyPort {
  openClue(input: ClueInput, by: ClueActor): Promise<{ penaltyCase: PenaltyCase; created: boolean }>;
  notifyParty(input: SendNotice): Promise<PartyNotice>;
}

export interface VideoDeps extends ServiceDeps {
  geo: GeoService;
  files: FileStore;
  cases: CaseService;
  /** Enforcement, asked late (it is created after video); absent, non-contact enforcement is refused. */
  penalty?: () => PenaltyPort | undefined;
}

export type ItemStore = RecordStore<ReviewItem, ItemEvent>;

/** Arrival counters kept in memory and added to `video_counters` by `flush` (a few rows per pair and outcome, not one per detection). */
export interface Counters {
  add(camera: string, algorithm: string, outcome: string, n?: number): void;
  flush(): Promise<void>;
}

export interface PairCounts { accepted: number; falses: number; since: number }

export interface VideoCore {
  deps: VideoDeps;
  engine: Engine;
  store: ItemStore;
  counters: Counters;
  /** Human verdicts per pair since its counting start, loaded on first use and kept current by this process. */
  pairCounts(camera: string, algorithm: string): Promise<PairCounts>;
  forgetPair(camera: string, algorithm: string): void;
  /** The platform acting on its own (auto-acceptance): an operator of the whole city. */
  system: User;
  /** Writes queued by the hot path (item creation, evidence, auto-acceptance); awaited by `settle`. */
  background(p: Promise<unknown>): void;
  settle(): Promise<void>;
  /** Reloads the shelf, the register, the pairs and the policy into the engine. */
  reload(): Promise<void>;
}

export const POLICY_KEY = 'video.policy';

export function createCounters(deps: ServiceDeps): Counters {
  let pending = new Map<string, number>();
  return {
    add(camera, algorithm, outcome, n = 1) {
      const key = `${shanghaiDate(deps.clock.now())}\u0000${camera}\u0000${algorithm}\u0000${outcome}`;
      pending.set(key, (pending.get(key) ?? 0) + n);
    },
    async flush() {
      if (pending.size === 0) return;
      const batch = pending;
      pending = new Map();
      const rows = [...batch].map(([k, count]) => {
        const [day, camera, algorithm, outcome] = k.split('\u0000') as [string, string, string, string];
        return { day, camera, algorithm, outcome, count };
      });
      try {
        await repo.addCounters(deps.db.kysely, rows);
      } catch (e) {
        // Keep them for the next flush rather than lose them.
        for (const [k, n] of batch) pending.set(k, (pending.get(k) ?? 0) + n);
        throw e;
      }
    },
  };
}

export async function loadPolicy(deps: ServiceDeps): Promise<VideoPolicy> {
  const { getSetting } = await import('../store/settings.js');
  return { ...DEFAULT_POLICY, ...((await getSetting<Partial<VideoPolicy>>(deps.db.kysely, POLICY_KEY)) ?? {}) };
}

export function createCore(deps: VideoDeps): VideoCore {
  const engine = createEngine({ algorithms: new Map(), cameras: new Map(), suppressed: new Set(), policy: DEFAULT_POLICY });
  const store: ItemStore = createRecordStore(deps.db, ITEM_STREAM, { afterCommit: publishTo(deps.bus, 'video_item') });
  const counts = new Map<string, PairCounts>();
  const inflight = new Set<Promise<unknown>>();
  let since = new Map<string, number>();

  const core: VideoCore = {
    deps,
    engine,
    store,
    counters: createCounters(deps),
    async pairCounts(camera, algorithm) {
      const k = pairKey(camera, algorithm);
      let c = counts.get(k);
      if (!c) {
        const from = since.get(k) ?? 0;
        c = { ...(await repo.pairVerdicts(deps.db.kysely, camera, algorithm, from)), since: from };
        counts.set(k, c);
      }
      return c;
    },
    forgetPair(camera, algorithm) {
      counts.delete(pairKey(camera, algorithm));
    },
    system: {
      id: 'system:video-ai', username: 'video-ai', displayName: '视频AI自动受理', phone: null, active: true, unitId: null,
      scope: { level: 'city', code: '000000' }, roles: ['operator'], createdAt: 0, updatedAt: 0,
    },
    background(p) {
      const tracked = p.catch((e: unknown) => deps.logger.error({ err: e }, 'video intake write failed')).finally(() => inflight.delete(tracked));
      inflight.add(tracked);
    },
    async settle() {
      while (inflight.size) await Promise.all([...inflight]);
    },
    async reload() {
      const [algorithms, cameras, pairs, policy] = await Promise.all([
        repo.listAlgorithms(deps.db.kysely), repo.listCameras(deps.db.kysely), repo.listPairs(deps.db.kysely), loadPolicy(deps),
      ]);
      since = new Map(pairs.map((p) => [pairKey(p.camera, p.algorithm), p.countingSince]));
      counts.clear();
      engine.setRegistry({
        algorithms: new Map<string, Algorithm>(algorithms.map((a) => [a.code, a])),
        cameras: new Map<string, Camera>(cameras.map((c) => [c.code, c])),
        suppressed: new Set(pairs.filter((p) => p.suppressed).map((p) => pairKey(p.camera, p.algorithm))),
        policy,
      });
    },
  };
  return core;
}
