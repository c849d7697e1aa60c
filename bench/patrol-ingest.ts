/**
 * Benchmark patrol.ingest: inspectors on duty sending a position every 10 s through the patrol
 * service (validation, GCJ-02 → WGS-84, locating the grid, de-duplication by seq, the compact track
 * store, grid visits for coverage), plus offline batches uploaded when the network returns.
 *
 * - live: N inspectors (default 2 000) × T ticks of 10 s, one request per inspector per tick; every
 *   tick 5 % of them are offline and send their kept points as one batch when they come back (and
 *   send it twice: the duplicate is refused point by point). Points/s sustained against the 200/s
 *   that 2 000 inspectors every 10 s need, and CPU time per point → the cost of an inspector-day.
 * - day: a whole shift of M inspectors (default 200 × 8 h × 1 point / 10 s), uploaded in 10-minute
 *   batches and ended (the track compacted), then the bytes stored per point → a day of 2 000
 *   inspectors (8 h shifts and, worst case, 24 h on duty) against the 200 MB target.
 * - baseline, same run: the same points as one row per point in a plain table (the obvious design).
 *
 * `npm run bench -- patrol.ingest` prints JSON. CITYLOOP_BENCH_INSPECTORS, CITYLOOP_BENCH_TICKS,
 * CITYLOOP_BENCH_DAY_INSPECTORS; CITYLOOP_TEST_PG_URL adds the PostgreSQL run of the live part;
 * CITYLOOP_BENCH_ONLY=postgres runs that part alone.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql, type Kysely } from 'kysely';
import { createContext, type AppContext } from '../src/app.js';
import type { User } from '../src/auth/model.js';
import { loadConfig } from '../src/core/config.js';
import { ManualClock } from '../src/core/clock.js';
import { createLogger } from '../src/core/logger.js';
import { noProgress, type OnProgress } from '../src/core/progress.js';
import { fromWgs84 } from '../src/geo/coords.js';
import { dropPostgresSchema } from '../src/store/db.js';
import { benchPgUrl } from './bench-store.js';

const START = Date.parse('2026-03-02T08:00:00+08:00');
const ms = (t0: bigint): number => Number(process.hrtime.bigint() - t0) / 1e6;
const MB = 1024 * 1024;

async function openStore(kind: 'sqlite' | 'postgres', pgUrl?: string) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cityloop-bench-'));
  const schema = kind === 'postgres' ? `bench_${process.pid}_${Date.now().toString(36)}` : undefined;
  const base = loadConfig({ CITYLOOP_DATA_DIR: dir, CITYLOOP_DEMO: 'false', CITYLOOP_TIMERS: 'false', LOG_LEVEL: 'silent' });
  const config = kind === 'postgres' ? { ...base, databaseUrl: pgUrl!, dialect: 'postgres' as const } : base;
  const clock = new ManualClock(START);
  const ctx = await createContext(config, { clock, logger: createLogger('silent'), ...(schema ? { schema } : {}) });
  await ctx.geo.seedDemo();
  await ctx.geo.load();
  return {
    ctx, clock, dir,
    async close() {
      await ctx.close();
      if (schema) await dropPostgresSchema(pgUrl!, schema);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

const inspector = (i: number): User => ({
  id: `bench-inspector-${i}`, username: `bi${i}`, displayName: `巡查员${i}`, phone: null, active: true, unitId: null,
  scope: { level: 'district', code: '350203' }, roles: ['inspector'], createdAt: 0, updatedAt: 0,
});

/** A walker: starts at a grid's label and wanders at ≈ 1.2 m/s. */
function walker(start: { lon: number; lat: number }, seed: number) {
  let s = seed >>> 0;
  const rnd = () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
  let { lon, lat } = start;
  let heading = rnd() * Math.PI * 2;
  return () => {
    heading += (rnd() - 0.5) * 0.6;
    lon += (Math.cos(heading) * 12) / 96_000;
    lat += (Math.sin(heading) * 12) / 111_000;
    const g = fromWgs84(lon, lat, 'gcj02');
    return { lon: g.lon, lat: g.lat };
  };
}

async function sqliteBytes(ctx: AppContext): Promise<number> {
  const k = ctx.db.kysely as unknown as Kysely<any>;
  const pc = await sql<{ page_count: number }>`pragma page_count`.execute(k);
  const fl = await sql<{ freelist_count: number }>`pragma freelist_count`.execute(k);
  const ps = await sql<{ page_size: number }>`pragma page_size`.execute(k);
  return (Number(pc.rows[0]!.page_count) - Number(fl.rows[0]!.freelist_count)) * Number(ps.rows[0]!.page_size);
}

async function live(kind: 'sqlite' | 'postgres', pgUrl: string | undefined, n: number, ticks: number, progress: OnProgress) {
  const s = await openStore(kind, pgUrl);
  try {
    const { ctx, clock } = s;
    const grids = await ctx.geo.listGrids({ limit: 5000, districtCode: '350203' });
    const users = Array.from({ length: n }, (_, i) => inspector(i));
    const shifts: string[] = [];
    for (const u of users) shifts.push((await ctx.patrol.startShift(u, { intervalS: 10 })).id);
    const walkers = users.map((_, i) => walker(grids[(i * 7) % grids.length]!.label, i + 1));
    const seq = new Array<number>(n).fill(0);
    const kept: Array<Array<{ seq: number; at: number; lon: number; lat: number }>> = users.map(() => []);
    let points = 0;
    let requests = 0;
    let duplicates = 0;
    const cpu0 = process.cpuUsage();
    const t0 = process.hrtime.bigint();
    for (let tick = 0; tick < ticks; tick++) {
      clock.set(START + tick * 10_000);
      const work: Array<Promise<void>> = [];
      for (let i = 0; i < n; i++) {
        const p = { seq: ++seq[i]!, at: clock.now(), ...walkers[i]!() };
        // Inspectors i ≡ tick (mod 20) are offline for this stretch of 30 ticks (5 min): they keep points.
        const offline = Math.floor(tick / 30) % 20 === i % 20 && tick % 30 !== 29;
        if (offline) {
          kept[i]!.push(p);
          continue;
        }
        const batch = [...kept[i]!, p];
        kept[i] = [];
        work.push((async () => {
          const r = await ctx.patrol.upload(users[i]!, shifts[i]!, { crs: 'gcj02', points: batch });
          points += r.accepted;
          requests += 1;
          if (batch.length > 1) {
            // The app never heard the answer to its batch and sends it again: nothing is stored twice.
            const again = await ctx.patrol.upload(users[i]!, shifts[i]!, { crs: 'gcj02', points: batch });
            duplicates += again.duplicates;
            requests += 1;
          }
        })());
        if (work.length >= 64) await Promise.all(work.splice(0));
      }
      await Promise.all(work);
      if (tick % 10 === 9) progress(tick + 1, ticks, `${kind} live`);
    }
    const wallMs = ms(t0);
    const cpu = process.cpuUsage(cpu0);
    const cpuMs = (cpu.user + cpu.system) / 1000;
    const cov = await ctx.patrol.live({ ...inspector(0), id: 'bench-lead', roles: ['shift_lead'], scope: { level: 'city', code: '350200' } });
    return {
      inspectors: n, ticks, simulatedMinutes: (ticks * 10) / 60, requests, points, duplicatesRefused: duplicates,
      pointsPerSec: Math.round((points / wallMs) * 1000), requestsPerSec: Math.round((requests / wallMs) * 1000),
      neededPointsPerSec: n / 10, headroom: Math.round(((points / wallMs) * 1000) / (n / 10) * 10) / 10,
      cpuMsPerPoint: Math.round((cpuMs / points) * 1000) / 1000,
      cpuSecondsPerInspectorDay8h: Math.round((cpuMs / points) * 2880) / 1000,
      liveInspectorsSeen: cov.length,
    };
  } finally {
    await s.close();
  }
}

async function day(m: number, progress: OnProgress) {
  const s = await openStore('sqlite');
  try {
    const { ctx, clock } = s;
    const k = ctx.db.kysely as unknown as Kysely<any>;
    const grids = await ctx.geo.listGrids({ limit: 5000, districtCode: '350203' });
    const before = await sqliteBytes(ctx);
    const users = Array.from({ length: m }, (_, i) => inspector(i));
    const shifts: string[] = [];
    for (const u of users) shifts.push((await ctx.patrol.startShift(u, { intervalS: 10 })).id);
    const perShift = 2880;
    const all: Array<[string, number, number, number, number]> = [];
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < m; i++) {
      const next = walker(grids[(i * 7) % grids.length]!.label, i + 1);
      for (let b = 0; b < perShift; b += 60) {
        const batch = Array.from({ length: 60 }, (_, j) => ({ seq: b + j + 1, at: START + (b + j) * 10_000, ...next() }));
        clock.set(START + (b + 60) * 10_000);
        await ctx.patrol.upload(users[i]!, shifts[i]!, { crs: 'gcj02', points: batch });
        for (const p of batch) all.push([shifts[i]!, p.seq, p.at, p.lon, p.lat]);
      }
      await ctx.patrol.act(users[i]!, shifts[i]!, 'end', {}, 1);
      if (i % 20 === 19) progress(i + 1, m, 'day');
    }
    const compactMs = ms(t0);
    const after = await sqliteBytes(ctx);
    const storage = await ctx.patrol.storage();
    const points = m * perShift;
    const bytesPerPoint = (after - before) / points;

    // Baseline: one row per point, the obvious table.
    await sql`create table bench_points (shift_id text not null, seq integer not null, at bigint not null, lon double precision not null, lat double precision not null, primary key (shift_id, seq))`.execute(k);
    const b0 = await sqliteBytes(ctx);
    const t1 = process.hrtime.bigint();
    for (let i = 0; i < all.length; i += 500) {
      await k.insertInto('bench_points').values(all.slice(i, i + 500).map(([shift_id, seq, at, lon, lat]) => ({ shift_id, seq, at, lon, lat }))).execute();
    }
    const baselineMs = ms(t1);
    const baselineBytesPerPoint = ((await sqliteBytes(ctx)) - b0) / points;
    const tables = await sql<{ name: string; bytes: number }>`select name, sum(pgsize) as bytes from dbstat where name like 'patrol%' group by name order by 2 desc`.execute(k);
    const breakdownBytesPerPoint = Object.fromEntries(tables.rows.map((r) => [r.name, Math.round((Number(r.bytes) / points) * 100) / 100]));
    const dayMb = (perDay: number) => Math.round(((2000 * perDay * bytesPerPoint) / MB) * 10) / 10;
    return {
      inspectors: m, pointsPerShift: perShift, points, chunks: storage.chunks, visits: storage.visits,
      bytesPerPoint: Math.round(bytesPerPoint * 100) / 100, breakdownBytesPerPoint, chunkDataBytesPerPoint: Math.round((storage.chunkBytes / points) * 100) / 100,
      ingestPointsPerSec: Math.round((points / compactMs) * 1000),
      dayOf2000Inspectors: { shift8hMb: dayMb(2880), onDuty24hMb: dayMb(8640), targetMb: 200 },
      baseline: {
        design: 'one row per point (shift_id, seq, at, lon, lat), same store',
        bytesPerPoint: Math.round(baselineBytesPerPoint * 100) / 100, insertPointsPerSec: Math.round((points / baselineMs) * 1000),
        dayOf2000Inspectors24hMb: Math.round(((2000 * 8640 * baselineBytesPerPoint) / MB) * 10) / 10,
      },
      ratioStorageBaselineToCompact: Math.round((baselineBytesPerPoint / bytesPerPoint) * 10) / 10,
    };
  } finally {
    await s.close();
  }
}

export async function run(progress: OnProgress = noProgress): Promise<unknown> {
  const n = Number(process.env.CITYLOOP_BENCH_INSPECTORS ?? 2000);
  const ticks = Number(process.env.CITYLOOP_BENCH_TICKS ?? 60);
  const m = Number(process.env.CITYLOOP_BENCH_DAY_INSPECTORS ?? 200);
  const pgUrl = benchPgUrl();
  const out: Record<string, unknown> = { machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model }, targets: { pointsPerSec: n / 10, dayOf2000InspectorsMb: 200 } };
  // CITYLOOP_BENCH_ONLY=postgres: the PostgreSQL live part alone (its own run, without the SQLite parts before it).
  const only = process.env.CITYLOOP_BENCH_ONLY;
  if (only !== 'postgres') out.liveSqlite = await live('sqlite', undefined, n, ticks, progress);
  out.livePostgres = pgUrl ? await live('postgres', pgUrl, n, ticks, progress) : 'skipped: set CITYLOOP_TEST_PG_URL or DATABASE_URL';
  if (only !== 'postgres') out.day = await day(m, progress);
  return out;
}
