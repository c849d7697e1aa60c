/**
 * Benchmark video.ingest: detections per second through the real intake — per-detection validation,
 * filtering (shelf, register, schedule, confidence, region, suppression), dwell tracking and
 * de-duplication in memory, review items created and their evidence written on the workflow kit,
 * counters flushed, self-correction windows ended — with CITYLOOP_BENCH_CAMERAS cameras registered
 * (default 16 000, three algorithms each), on a simulated feed (src/video/sim-feed.ts: true
 * violations that persist past their dwell time and repeat every 30–90 s, false positives, self-corrections,
 * noise). Batches of 500 as a vision platform posts them. Baselines in the same run: the same
 * detections inserted as plain rows through the same driver (500 a transaction), and the engine's
 * decisions alone (no store). Also the de-duplication's effect: items per 1 000 detections.
 * Wall time and CPU time (the process's, all threads): on a shared machine the second is the steadier figure.
 * SQLite always; PostgreSQL when CITYLOOP_TEST_PG_URL or DATABASE_URL is set. Snapshots are not sent
 * (a stored snapshot is a file write of its own; see docs/video.md).
 * Env: CITYLOOP_BENCH_CAMERAS (16000), CITYLOOP_BENCH_VIDEO_EPISODES (episodes per camera-hour, 0.25), CITYLOOP_BENCH_VIDEO_HOURS (1).
 */
import { sql, type Kysely } from 'kysely';
import { type AppContext } from '../src/app.js';
import { DEMO_ALGORITHMS } from '../src/demo/video.js';
import { createEngine } from '../src/video/engine.js';
import { simulateFeed, type FeedDetection } from '../src/video/sim-feed.js';
import { driveFeed } from '../src/video/simulate.js';
import type { CameraInputT } from '../src/video/schemas.js';
import { parseInstant } from '../src/core/time.js';
import { openBenchStore, type BenchStoreKind, benchPgUrl } from './bench-store.js';

const START = Date.parse('2026-03-02T09:00:00+08:00');
const ms = (t0: bigint): number => Number(process.hrtime.bigint() - t0) / 1e6;
const log = (s: string) => process.stderr.write(`${s}\n`);

const openStore = (kind: BenchStoreKind, pgUrl?: string) => openBenchStore(kind, pgUrl, { name: 'video', start: START });

/** `n` cameras spread over the demo grids, three shelf algorithms each, a region for the shop-front ones. */
async function registerCameras(ctx: AppContext, n: number): Promise<void> {
  const admin = { id: 'bench-admin', username: 'bench', displayName: 'bench', phone: null, active: true, unitId: null, scope: { level: 'city' as const, code: '350200' }, roles: ['admin' as const], createdAt: 0, updatedAt: 0 };
  for (const a of DEMO_ALGORITHMS) {
    const { code, ...input } = a;
    await ctx.video.putAlgorithm(admin, code, input);
  }
  const grids = await ctx.geo.listGrids({ limit: 100_000 });
  const enabled = DEMO_ALGORITHMS.filter((a) => a.enabled).map((a) => a.code);
  const list: Array<{ code: string; input: CameraInputT }> = [];
  for (let i = 0; i < n; i++) {
    const g = grids[i % grids.length]!;
    list.push({
      code: `BCAM-${String(i).padStart(5, '0')}`,
      input: {
        name: `${g.name}-${i}`, owner: '公安雪亮工程', lon: g.label.lon, lat: g.label.lat,
        algorithms: [0, 1, 2].map((k) => ({ code: enabled[(i + k * 4) % enabled.length]! })),
        rois: [{ name: '门前', points: [[0, 0.5], [1, 0.5], [1, 1], [0, 1]], algorithms: ['ALG-SHOP-OUT', 'ALG-UMBRELLA'] }],
      },
    });
  }
  await ctx.video.registerCameras(list);
}

async function baselineInserts(ctx: AppContext, feed: readonly FeedDetection[]): Promise<number> {
  const k = ctx.db.kysely as unknown as Kysely<any>;
  await k.schema.createTable('bench_detections').ifNotExists()
    .addColumn('id', 'text', (c) => c.primaryKey()).addColumn('camera', 'text').addColumn('algorithm', 'text').addColumn('at', 'bigint')
    .addColumn('confidence', 'double precision').addColumn('box', 'text').execute();
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < feed.length; i += 500) {
    const rows = feed.slice(i, i + 500).map((f) => ({ id: f.d.id!, camera: f.d.camera, algorithm: f.d.algorithm, at: f.d.at as number, confidence: f.d.confidence, box: JSON.stringify(f.d.boxes) }));
    await k.transaction().execute(async (tx) => { await tx.insertInto('bench_detections').values(rows).execute(); });
  }
  const elapsed = ms(t0);
  await sql`drop table bench_detections`.execute(k);
  return Math.round(feed.length / (elapsed / 1000));
}

function engineOnly(ctx: AppContext, feed: readonly FeedDetection[]): number {
  const engine = createEngine(ctx.video.core.engine.registry);
  let n = 0;
  const t0 = process.hrtime.bigint();
  for (const f of feed) {
    engine.decide({ ...f.d, at: parseInstant(f.d.at), snapshot: null, clip: null, state: f.d.state ?? 'active', plate: null, boxes: f.d.boxes }, () => `e${n++}`);
  }
  return Math.round(feed.length / (ms(t0) / 1000));
}

async function runOn(kind: 'sqlite' | 'postgres', pgUrl?: string) {
  const cameras = Number(process.env.CITYLOOP_BENCH_CAMERAS ?? 16_000);
  const perCameraHour = Number(process.env.CITYLOOP_BENCH_VIDEO_EPISODES ?? 0.25);
  const hours = Number(process.env.CITYLOOP_BENCH_VIDEO_HOURS ?? 1);
  const s = await openStore(kind, pgUrl);
  try {
    await s.ctx.geo.seedDemo();
    await s.ctx.catalog.seedDemo();
    await s.ctx.geo.load();
    log(`video.ingest ${kind}: registering ${cameras} cameras`);
    await registerCameras(s.ctx, cameras);
    const reg = s.ctx.video.core.engine.registry;
    const feed = simulateFeed({ cameras: [...reg.cameras.values()], algorithms: reg.algorithms, start: START, span: hours * 3_600_000, perCameraHour, seed: 7 });
    log(`video.ingest ${kind}: ${feed.length} simulated detections`);
    const baseline = await baselineInserts(s.ctx, feed);
    const engine = engineOnly(s.ctx, feed);
    const source = await s.ctx.video.createSource({ id: 'bench', username: 'bench', displayName: 'bench', phone: null, active: true, unitId: null, scope: { level: 'city', code: '350200' }, roles: ['admin'], createdAt: 0, updatedAt: 0 }, 'bench');
    const cpu0 = process.cpuUsage();
    const t0 = process.hrtime.bigint();
    const run = await driveFeed(s.ctx.video, source.id, feed, { setClock: (t) => s.clock.set(Math.max(s.clock.now(), t)), batch: 500 });
    const elapsed = ms(t0);
    const cpu = process.cpuUsage(cpu0);
    const cpuMs = (cpu.user + cpu.system) / 1000;
    const perSec = Math.round(feed.length / (elapsed / 1000));
    log(`video.ingest ${kind}: ${perSec} detections/s (${Math.round(elapsed)} ms)`);
    const events = Number((await sql<{ n: string }>`select count(*) as n from video_item_events`.execute(s.ctx.db.kysely)).rows[0]!.n);
    return {
      cameras, detections: feed.length, ms: Math.round(elapsed), perSec,
      // CPU time of the whole process (main thread and the SQLite writer thread): what the figure is on a machine of its own.
      cpuMs: Math.round(cpuMs), perCpuSecond: Math.round(feed.length / (cpuMs / 1000)), ratioToPlainInserts: Math.round((perSec / baseline) * 100) / 100,
      baseline: { plainInsertsPerSec: baseline, engineOnlyPerSec: engine },
      items: run.items, itemsPer1000: run.itemsPer1000, itemEvents: events, outcomes: run.outcomes,
      truth: feed.reduce<Record<string, number>>((m, f) => ({ ...m, [f.truth]: (m[f.truth] ?? 0) + 1 }), {}),
    };
  } finally {
    await s.close();
  }
}

export async function run(): Promise<unknown> {
  const pgUrl = benchPgUrl();
  const sqlite = await runOn('sqlite');
  const postgres = pgUrl ? await runOn('postgres', pgUrl) : undefined;
  return { target: '≥ 5 000 detections/s with 16 000 cameras', sqlite, ...(postgres ? { postgres } : {}) };
}
