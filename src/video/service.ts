/**
 * The video intake service: detections in (per-source API key), the in-memory engine, review items on
 * the workflow kit, the review queue and the precision it measures, the shelf and the camera register.
 * Route = authenticate → validate → authorize → one call here → present.
 */
import type { User } from '../auth/model.js';
import { CITY_WIDE, authorize, can } from '../auth/policy.js';
import { notFound } from '../core/errors.js';
import type { Subscription } from '../bus/bus.js';
import type { AlgorithmInputT, CameraInputT } from './schemas.js';
import type { CameraRow } from './camera-sheet.js';
import { nonContactClasses, openPenalty, setNonContactClasses, type PenaltyOpened } from './penalty.js';
import type { NonContactClass } from './non-contact.js';
import { EMPTY_REVIEW, type Algorithm, type Art41Review, type Camera, type ReviewItem, type VideoPolicy } from './model.js';
import { createCore, type VideoCore, type VideoDeps } from './core.js';
import { ingest, type IngestAnswer } from './ingest.js';
import { caseEnded, flushAll, loadOpenItems, releaseDue } from './items.js';
import { accept, maybeAutoAccept, reject, restorePair } from './review.js';
import * as reads from './reads.js';
import * as registry from './registry.js';
import * as repo from './repo.js';
import { simulateFeed } from './sim-feed.js';
import { driveFeed, type SimRun } from './simulate.js';

export type { VideoDeps } from './core.js';

export interface VideoDemo {
  algorithms: ReadonlyArray<AlgorithmInputT & { code: string }>;
  cameraEveryNGrids: number;
  owners: readonly string[];
  /** The photo standing in for each reviewed camera's public sign. */
  signPhoto: Uint8Array;
}

export interface VideoService {
  /** A vision platform's post: authenticated by its source key. */
  ingest(apiKey: string | undefined, body: unknown): Promise<IngestAnswer>;
  /** The same for an internal caller that already knows its source (simulator, benchmark). */
  ingestAs(sourceId: string, body: unknown): Promise<IngestAnswer>;
  act(user: User, id: string, action: string, body: unknown, version: number): Promise<ReviewItem>;
  items: (user: User, q: Parameters<typeof reads.listItems>[2]) => Promise<reads.ItemPage>;
  item: (user: User, id: string) => ReturnType<typeof reads.itemDetail>;
  itemHasSnapshot: (user: User, id: string, sha256: string) => Promise<boolean>;
  precision: (user: User, days: number) => ReturnType<typeof reads.precisionBoard>;
  counters: (user: User, from: string, to: string) => ReturnType<typeof reads.counterBoard>;
  notices: (user: User, limit: number) => ReturnType<typeof reads.notices>;
  algorithms(user: User): Algorithm[];
  putAlgorithm(user: User, code: string, body: unknown): Promise<Algorithm>;
  cameras(user: User): Camera[];
  camera(user: User, code: string): Camera;
  putCamera(user: User, code: string, body: unknown): Promise<Camera>;
  putReview(user: User, code: string, body: unknown): Promise<Camera>;
  /** The register from a file (rows from camera-sheet.ts): all or nothing, row errors in a 422. */
  importCameras(user: User, rows: readonly CameraRow[], rowOf: readonly number[]): Promise<{ created: string[]; updated: string[] }>;
  /** 移送非现场执法: a penalty clue from an accepted item of a non-contact class and a reviewed camera, the party notified. */
  openPenalty(user: User, id: string, body: unknown): Promise<PenaltyOpened>;
  nonContactClasses(user: User): Promise<NonContactClass[]>;
  setNonContactClasses(user: User, body: unknown): Promise<NonContactClass[]>;
  /** Registers many cameras at once (import, seeding, benchmarks); all or nothing. */
  registerCameras(cameras: ReadonlyArray<{ code: string; input: CameraInputT; review?: Art41Review }>): Promise<number>;
  publicCameras(): ReturnType<typeof registry.publicCameras>;
  sources(user: User): Promise<repo.SourceRow[]>;
  createSource(user: User, name: string): Promise<{ id: string; name: string; apiKey: string }>;
  setSourceActive(user: User, id: string, active: boolean): Promise<void>;
  policy(user: User): VideoPolicy;
  setPolicy(user: User, body: unknown): Promise<VideoPolicy>;
  restorePair(user: User, camera: string, algorithm: string): Promise<void>;
  /** Housekeeping: buffered evidence and counters written, dwell tracks expired, self-correction windows ended. */
  tick(now?: number): Promise<{ released: string[]; selfCorrected: string[] }>;
  /** Writes all buffered evidence and counters now. */
  flush(): Promise<void>;
  /** Starts the 1-second housekeeping timer (no-op when config.timers is false); returns a stopper that flushes. */
  start(): () => Promise<void>;
  /** Loads the shelf, register, pairs, policy and open items into memory. */
  load(): Promise<void>;
  subscriptions(): Subscription[];
  seedDemo(): Promise<{ algorithms: number; cameras: number }>;
  /** Feeds simulated detections for the last `hours` (demo) through a source of its own; a reviewer judges a share of the items. */
  simulate(o: { hours: number; perCameraHour: number; cameras?: number; reviewer?: User; reviewShare?: number; seed?: number; setClock?: (t: number) => void; start?: number; snapshots?: (box: { x: number; y: number; w: number; h: number }, seed: number) => Uint8Array; snapshotEvery?: number }): Promise<SimRun>;
  readonly core: VideoCore;
}

export function createVideoService(deps: VideoDeps, opts: { demo?: VideoDemo } = {}): VideoService {
  const core = createCore(deps);
  const sourceAuth = registry.createSourceAuth(core);

  async function tick(now = deps.clock.now()) {
    await flushAll(core, true);
    for (const b of core.engine.expire(now)) core.counters.add(b.camera, b.algorithm, 'below_dwell', b.sightings);
    const r = await releaseDue(core, now);
    for (const id of r.released) await maybeAutoAccept(core, id).catch((e: unknown) => deps.logger.error({ err: e, id }, 'video auto-accept failed'));
    await core.counters.flush();
    return r;
  }

  async function registerCameras(list: ReadonlyArray<{ code: string; input: CameraInputT; review?: Art41Review }>): Promise<number> {
    const now = deps.clock.now();
    const cams = list.map((c) => registry.cameraOf(core, c.code, c.input, c.review ?? EMPTY_REVIEW, now));
    await repo.upsertCameras(deps.db.kysely, cams);
    await core.reload();
    return cams.length;
  }

  return {
    core,
    ingest: async (key, body) => ingest(core, await sourceAuth.authenticate(key), body),
    ingestAs: (sourceId, body) => ingest(core, { id: sourceId }, body),
    act(user, id, action, body, version) {
      if (action === 'accept') return accept(core, user, id, body, version);
      if (action === 'reject') return reject(core, user, id, body, version);
      throw notFound('ACTION_UNKNOWN', `没有这个操作：${action}`, `No such video item action: ${action}`, { action });
    },
    async items(user, q) {
      await flushAll(core);
      return reads.listItems(core, user, q);
    },
    item: (user, id) => reads.itemDetail(core, user, id),
    itemHasSnapshot: (user, id, sha) => reads.itemSnapshot(core, user, id, sha),
    precision: (user, days) => reads.precisionBoard(core, user, days),
    counters: (user, from, to) => reads.counterBoard(core, user, from, to),
    notices: (user, limit) => reads.notices(core, user, limit),
    algorithms(user) {
      if (!can(user, 'video.admin').allowed) authorize(user, 'video.read');
      return [...core.engine.registry.algorithms.values()].sort((a, b) => (a.code < b.code ? -1 : 1));
    },
    putAlgorithm: (user, code, body) => registry.putAlgorithm(core, user, code, body),
    cameras: (user) => registry.listCameras(core, user),
    camera: (user, code) => registry.cameraFor(core, user, code),
    putCamera: (user, code, body) => registry.putCamera(core, user, code, body),
    putReview: (user, code, body) => registry.putReview(core, user, code, body),
    registerCameras,
    importCameras: (user, rows, rowOf) => registry.importCameras(core, user, rows, rowOf),
    openPenalty: (user, id, body) => openPenalty(core, user, id, body),
    async nonContactClasses(user) {
      if (!can(user, 'video.admin').allowed) authorize(user, 'video.read');
      return nonContactClasses(core);
    },
    setNonContactClasses: (user, body) => setNonContactClasses(core, user, body),
    publicCameras: () => registry.publicCameras(core),
    async sources(user) {
      authorize(user, 'video.admin', CITY_WIDE);
      return repo.listSources(deps.db.kysely);
    },
    createSource: (user, name) => registry.createSource(core, user, name),
    async setSourceActive(user, id, active) {
      authorize(user, 'video.admin', CITY_WIDE);
      if (!(await repo.setSourceActive(deps.db.kysely, id, active))) throw notFound('VIDEO_SOURCE_NOT_FOUND', '接入方不存在', 'No such source', { id });
      sourceAuth.forget();
    },
    policy(user) {
      if (!can(user, 'video.admin').allowed) authorize(user, 'video.read');
      return core.engine.registry.policy;
    },
    setPolicy: (user, body) => registry.setPolicy(core, user, body),
    restorePair: (user, camera, algorithm) => restorePair(core, user, camera, algorithm),
    tick,
    async flush() {
      await flushAll(core);
      await core.counters.flush();
    },
    start() {
      if (!deps.config.timers) return async () => { await flushAll(core); await core.counters.flush(); };
      let running = false;
      const timer = setInterval(() => {
        if (running) return;
        running = true;
        tick().catch((e: unknown) => deps.logger.error({ err: e }, 'video housekeeping failed')).finally(() => { running = false; });
      }, 1000);
      timer.unref();
      return async () => {
        clearInterval(timer);
        await flushAll(core).catch(() => undefined);
        await core.counters.flush().catch(() => undefined);
      };
    },
    async load() {
      await core.reload();
      await loadOpenItems(core);
    },
    subscriptions: () => [{
      names: ['case.closed', 'case.rejected', 'case.merged'], group: 'video-items',
      handle: async (e) => {
        const d = e.data as { caseId?: string; status?: string; type?: string; source?: string };
        // Items are only ever linked to the cases they opened (source `video`, review.ts): others need no read.
        // A notice without a source (published before it carried one) is looked up as before.
        if (d.source !== undefined && d.source !== 'video') return;
        if (d.caseId) await caseEnded(core, d.caseId, d.status ?? d.type ?? 'closed');
      },
    }],
    async simulate(o) {
      const reg = core.engine.registry;
      const cameras = [...reg.cameras.values()].slice(0, o.cameras ?? Number.POSITIVE_INFINITY);
      const span = o.hours * 3_600_000;
      const start = o.start ?? deps.clock.now() - span;
      // A few cameras aimed at a market: their 店外经营 false positives persist (the precision board shows them).
      const badPairs = new Set(cameras.filter((_, i) => i % 17 === 5).flatMap((c) => c.algorithms.map((a) => `${c.code}\u0000${a.code}`)));
      const feed = simulateFeed({ cameras, algorithms: reg.algorithms, start, span, perCameraHour: o.perCameraHour, seed: o.seed ?? 20260302, badPairs });
      if (o.snapshots) {
        // Every n-th sighting carries a frame (and each episode's first), as platforms send a snapshot now and then.
        const every = o.snapshotEvery ?? 4;
        const seen = new Set<number>();
        for (const [i, f] of feed.entries()) {
          if (f.d.state === 'cleared' || (seen.has(f.episode) && i % every !== 0)) continue;
          seen.add(f.episode);
          f.d.snapshotBase64 = Buffer.from(o.snapshots(f.d.boxes[0]!, f.episode)).toString('base64');
        }
      }
      const sources = await repo.listSources(deps.db.kysely);
      const source = sources.find((x) => x.name === '视频模拟器') ?? { id: deps.ids.next() };
      if (!sources.some((x) => x.id === source.id)) {
        await repo.insertSource(deps.db.kysely, { id: source.id, name: '视频模拟器', keyHash: `simulator:${source.id}`, createdBy: 'system', at: deps.clock.now() });
      }
      return driveFeed(this, source.id, feed, {
        ...(o.setClock ? { setClock: o.setClock } : {}), ...(o.reviewer ? { reviewer: o.reviewer } : {}), reviewShare: o.reviewShare ?? 1, batch: 200,
        now: () => deps.clock.now(),
      });
    },
    async seedDemo() {
      const demo = opts.demo;
      if (!demo) return { algorithms: 0, cameras: 0 };
      const now = deps.clock.now();
      for (const a of demo.algorithms) {
        const { code, ...input } = a;
        await repo.upsertAlgorithm(deps.db.kysely, { code, ...input, defaultSchedule: input.defaultSchedule ?? [], updatedAt: now });
      }
      await core.reload();
      const grids = await deps.geo.listGrids({ limit: 100_000 });
      const sign = (await deps.files.saveBuffer(demo.signPhoto, { uploadedBy: 'system:demo' })).sha256;
      const enabled = demo.algorithms.filter((a) => a.enabled);
      const list: Array<{ code: string; input: CameraInputT; review?: Art41Review }> = [];
      for (let i = 0; i < grids.length; i += demo.cameraEveryNGrids) {
        const g = grids[i]!;
        const n = list.length;
        const algs = [0, 1, 2, 3].slice(0, 2 + (n % 3)).map((k) => enabled[(n * 3 + k * 5) % enabled.length]!.code);
        const reviewed = n % 3 !== 2;
        list.push({
          code: `CAM-${g.code.slice(0, 6)}-${String(n + 1).padStart(4, '0')}`,
          input: {
            name: `${g.name}路口${(n % 4) + 1}号`, owner: demo.owners[n % demo.owners.length]!, lon: g.label.lon, lat: g.label.lat,
            address: `${g.name}`, direction: (n * 37) % 360, algorithms: [...new Set(algs)].map((code) => ({ code })),
            rois: [{ name: '商铺门前', points: [[0.05, 0.45], [0.95, 0.45], [0.95, 0.98], [0.05, 0.98]], algorithms: ['ALG-SHOP-OUT', 'ALG-UMBRELLA'] }],
          },
          ...(reviewed ? {
            review: {
              legalReviewDate: '2025-11-20', legalResult: 'passed', technicalReviewDate: '2025-11-18', technicalResult: 'passed',
              signPhoto: sign, publishedLocation: `${g.name}（${g.code}）`,
            } as Art41Review,
          } : {}),
        });
      }
      await registerCameras(list);
      return { algorithms: demo.algorithms.length, cameras: list.length };
    },
  };
}
