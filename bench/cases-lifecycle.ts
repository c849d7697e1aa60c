/**
 * Benchmark cases.lifecycle: complete lifecycles per second through the real case service
 * (report → accept → file (auto-dispatch) → handle → send for verification → verify → close: eight
 * hash-chained events and the projection each), sequentially (one lifecycle in flight: every write
 * is its own commit) and concurrently (CITYLOOP_BENCH_CONCURRENCY lifecycles in flight, default 64,
 * as the HTTP server under load or the simulator: writes arriving together share a commit), against
 * a baseline in the same run — the same number of single-row inserts through the same driver. Then the evaluation of a month: the first one
 * (folding the log into the read model) and a steady one, over the lifecycles and over a
 * month-sized synthetic log (CITYLOOP_BENCH_MONTH_CASES, default 120 000 cases ≈ Xiamen's month).
 * SQLite always; PostgreSQL when CITYLOOP_TEST_PG_URL or DATABASE_URL is set.
 * Sealing (src/integrity/): the concurrent run again while seals of every stream's head are taken
 * back to back (CITYLOOP_BENCH_SEAL_MS apart, default 250 ms — a city seals every 10 minutes), then
 * again without; then one seal of every stream and the whole integrity report, timed.
 * Env: CITYLOOP_BENCH_LIFECYCLES (default 2000, for each of the four runs), CITYLOOP_BENCH_WARMUP
 * (default 500 lifecycles in flight before the timed runs, untimed), CITYLOOP_BENCH_CPU_PROFILE=DIR (a CPU
 * profile of the main thread over each store's first concurrent run, DIR/<store>_…-concurrent.cpuprofile).
 * `machine.speedBefore` / `speedAfter`: a fixed piece of Node work timed before and after the runs
 * (bench/machine-speed.ts), to read the figures against the machine's speed at that time.
 */
import fs from 'node:fs';
import os from 'node:os';
import { sql } from 'kysely';
import { type AppContext } from '../src/app.js';
import { ManualClock } from '../src/core/clock.js';
import { DAY_MS } from '../src/core/time.js';
import { noProgress, type OnProgress } from '../src/core/progress.js';
import type { User } from '../src/auth/model.js';
import type { EvalEvent } from '../src/evaluation/accumulator.js';
import { roleCode, storedActor, typeCode } from '../src/cases/event-codes.js';
import { openBenchStore, type BenchStoreKind, benchPgUrl } from './bench-store.js';
import { pgStreamStore } from '../src/workflow/store-pg.js';
import { CASE_STREAM } from '../src/cases/stream.js';
import { machineSpeed, type MachineSpeed } from './machine-speed.js';

export const START = Date.parse('2026-03-02T09:00:00+08:00');
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');
const ms = (t0: bigint): number => Number(process.hrtime.bigint() - t0) / 1e6;

const openStore = (kind: BenchStoreKind, pgUrl?: string) => openBenchStore(kind, pgUrl, { name: 'cases', start: START, env: { CITYLOOP_SQLITE_SYNCHRONOUS: process.env.CITYLOOP_SQLITE_SYNCHRONOUS } });

/**
 * CPU time (ms) of postgres processes on this machine, from /proc (undefined where there is none):
 * every one, or only those with the given pids (the backends serving this run's pool).
 */
function postgresCpuMs(pids?: ReadonlySet<number>): number | undefined {
  let ticks = 0;
  try {
    for (const d of pids ? [...pids].map(String) : fs.readdirSync('/proc')) {
      if (!/^\d+$/.test(d)) continue;
      try {
        const stat = fs.readFileSync(`/proc/${d}/stat`, 'utf8');
        if (!stat.includes('(postgres)')) continue;
        const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        ticks += Number(f[11]) + Number(f[12]);
      } catch {
        // the process ended meanwhile
      }
    }
  } catch {
    return undefined;
  }
  return ticks * 10; // USER_HZ = 100
}

/** The pids of the backends serving the context's pool now (pg keeps each connection's backend pid as `processID`). */
function poolBackends(ctx: AppContext): number[] {
  const clients = (ctx.db.pool as unknown as { _clients?: Array<{ processID?: number }> } | undefined)?._clients ?? [];
  return clients.map((c) => c.processID).filter((pid): pid is number => Number.isInteger(pid));
}

/**
 * With CITYLOOP_BENCH_CPU_PROFILE=DIR, a CPU profile of this thread over one run (DIR/LABEL.cpuprofile,
 * for Chrome's DevTools or `node --cpu-prof`'s readers); otherwise nothing. Returns the stop.
 */
async function startCpuProfile(label: string): Promise<() => Promise<void>> {
  const dir = process.env.CITYLOOP_BENCH_CPU_PROFILE;
  if (!dir) return async () => {};
  const { Session } = await import('node:inspector/promises');
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  return async () => {
    const { profile } = await session.post('Profiler.stop');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(`${dir}/${label.replace(/[^\w.-]+/g, '_')}.cpuprofile`, JSON.stringify(profile));
    session.disconnect();
  };
}

interface LifecycleRun {
  perSec: number;
  ms: number;
  autoDispatched: number;
}

interface LifecycleResult {
  sequential: LifecycleRun;
  concurrent: LifecycleRun & { inFlight: number; batches?: { commits: number; writes: number; writesPerCommit: number; retried: number } };
  cpuUsPerLifecycle: { thisProcess: number; postgresProcesses?: number; postgresBackendsOfThisRun?: number };
  sealing: Record<string, unknown>;
  warmUp: number;
  events: number;
  eventsPerLifecycle: number;
}

/**
 * The demo city's places and classes, the bench's accounts and a photo, and `run(i)`: one complete
 * lifecycle (report → accept → file, auto-dispatched when the list names one unit → handle → send for
 * verification → verify → close), the i-th of `total` — it starts at START + i/total of a month, so
 * the ManualClock only moves forward. It says whether the case was dispatched by filing. Handler
 * accounts are made on first need, which only an untimed run may do (`timed` false).
 */
export async function lifecycleRunner(ctx: AppContext, clock: ManualClock, total: number): Promise<(i: number, timed: boolean) => Promise<number>> {
  await ctx.geo.seedDemo();
  await ctx.catalog.seedDemo();
  await ctx.geo.load();
  const mk = (username: string, roles: User['roles'], unitId: string | null = null) =>
    ctx.auth.createUser({ username, displayName: username, password: `bench-${username}-x1`, roles, scope: { level: 'city', code: '350200' }, unitId });
  const [inspector, operator, lead, dispatcher] = [await mk('b.insp', ['inspector']), await mk('b.op', ['operator']), await mk('b.lead', ['shift_lead']), await mk('b.disp', ['dispatcher'])];
  const handlers = new Map<string, User>();
  const grid = (await ctx.geo.listGrids({ limit: 50 } as never))[0]!;
  const photo = (await ctx.files.saveBuffer(PNG, { uploadedBy: operator.id })).sha256;
  return async (i: number, timed: boolean): Promise<number> => {
    clock.set(Math.max(clock.now(), START + Math.floor((i * 30 * DAY_MS) / total)));
    let c = (await ctx.cases.report(inspector, { source: 'inspector', lon: grid.label.lon, lat: grid.label.lat, categoryCode: 'E0102', description: '暴露垃圾', photos: [photo] })).case;
    const step = async (u: User, action: string, body: Record<string, unknown> = {}) => { c = await ctx.cases.act(u, c.id, action, body, c.version); };
    await step(operator, 'accept');
    await step(lead, 'file');
    let auto = 1;
    if (c.status !== 'dispatched') { auto = 0; await step(dispatcher, 'dispatch', { unitCode: `${c.place.districtCode}-HW` }); }
    let h = handlers.get(c.unit!.id);
    if (!h) {
      if (timed) throw new Error('handler missing after warm-up');
      h = await mk(`b.h.${c.unit!.code}`, ['handler'], c.unit!.id);
      handlers.set(c.unit!.id, h);
    }
    await step(h, 'handle', { photos: [photo], note: '已清理' });
    await step(operator, 'send_verification');
    await step(inspector, 'verify', { passed: true, photos: [photo] });
    await step(lead, 'close');
    if (c.status !== 'closed') throw new Error(`lifecycle ended in ${c.status}`);
    return auto;
  };
}

async function lifecycles(ctx: AppContext, clock: ManualClock, n: number, inFlight: number, warmUp: number, progress: OnProgress, label: string, sealEveryMs: number): Promise<LifecycleResult> {
  const total = 4 * n + 3 + warmUp;
  const run = await lifecycleRunner(ctx, clock, total);
  // Warm up (handler accounts are created here, outside the timing): a few one at a time, then
  // `warmUp` in flight, so the writer thread and the compiled code are ready as in a server that has been up.
  for (let i = 0; i < 3; i++) await run(i, false);
  let next = 3;
  const timedRun = async (count: number, lanes: number, timed = true): Promise<LifecycleRun> => {
    const end = next + count;
    let autoDispatched = 0;
    const t0 = process.hrtime.bigint();
    await Promise.all(Array.from({ length: lanes }, async () => {
      while (next < end) {
        const auto = await run(next++, timed);
        autoDispatched += auto;
        progress(next, total, label);
      }
    }));
    const took = ms(t0);
    return { perSec: Math.round((count / took) * 1000), ms: Math.round(took), autoDispatched };
  };
  if (warmUp > 0) await timedRun(warmUp, inFlight, false);
  const sequential = await timedRun(n, 1);
  // CPU a lifecycle takes in the concurrent run: this process (all its threads) and, on PostgreSQL,
  // every postgres process of this machine (the server is local here; other users' queries count too).
  // On a shared machine every postgres process includes other users' queries (an upper bound); the
  // backends of this run's pool (the warm-up opened them; the same before and after) are its own share.
  const c0 = process.cpuUsage();
  const p0 = postgresCpuMs();
  const backends = new Set(poolBackends(ctx));
  const b0 = postgresCpuMs(backends);
  // PostgreSQL's group commit: how many case writes a batch statement carried in this run.
  const pgCases = pgStreamStore(ctx.db, CASE_STREAM);
  const s0 = pgCases?.stats();
  const stopProfile = await startCpuProfile(`${label}-concurrent`);
  const concurrent = { ...(await timedRun(n, inFlight)), inFlight };
  await stopProfile();
  const s1 = pgCases?.stats();
  const batches = s0 && s1 ? { commits: s1.commits - s0.commits, writes: s1.writes - s0.writes, writesPerCommit: Math.round(((s1.writes - s0.writes) / Math.max(1, s1.commits - s0.commits)) * 10) / 10, retried: s1.retried - s0.retried } : undefined;
  const c1 = process.cpuUsage(c0);
  const after = poolBackends(ctx);
  const sameBackends = after.length === backends.size && after.every((pid) => backends.has(pid)); // else one ended or began: no figure
  const cpuUsPerLifecycle = {
    thisProcess: Math.round((c1.user + c1.system) / n),
    ...(ctx.db.dialect === 'postgres' && p0 !== undefined ? { postgresProcesses: Math.round(((postgresCpuMs()! - p0) * 1000) / n) } : {}),
    ...(ctx.db.dialect === 'postgres' && b0 !== undefined && backends.size && sameBackends ? { postgresBackendsOfThisRun: Math.round(((postgresCpuMs(backends)! - b0) * 1000) / n) } : {}),
  };
  // The same concurrent run while seals are taken back to back every `sealEveryMs` (a city seals every
  // 10 minutes: this is hundreds of times that rate), then once more without, so the store's growth
  // between runs shows apart from the sealing.
  const sealTimes: number[] = [];
  let sealing = true;
  const sealer = (async () => {
    while (sealing) {
      const t0 = process.hrtime.bigint();
      await ctx.integrity.seal();
      sealTimes.push(ms(t0));
      await new Promise((r) => setTimeout(r, sealEveryMs));
    }
  })();
  const whileSealing = await timedRun(n, inFlight);
  sealing = false;
  await sealer;
  const concurrentAfter = await timedRun(n, inFlight);
  const t0 = process.hrtime.bigint();
  const last = await ctx.integrity.seal();
  const fullSealMs = ms(t0);
  const t1 = process.hrtime.bigint();
  const report = await ctx.integrity.report();
  const reportMs = ms(t1);
  if (!report.ok || last.refused.length) throw new Error('integrity report not clean after the benchmark');
  const sorted = [...sealTimes].sort((a, b) => a - b);
  const sealed = {
    concurrentWhileSealing: { ...whileSealing, inFlight, seals: sealTimes.length, sealEveryMs, sealMsMedian: Math.round(sorted[Math.floor(sorted.length / 2)] ?? 0), sealMsMax: Math.round(sorted.at(-1) ?? 0) },
    concurrentAfterSealing: { ...concurrentAfter, inFlight },
    ratioWhileSealing: Math.round((whileSealing.perSec / ((concurrent.perSec + concurrentAfter.perSec) / 2)) * 1000) / 1000,
    sealOfAllStreams: { streams: last.seal.data.streams, ms: Math.round(fullSealMs), changed: last.seal.data.changed },
    integrityReport: { streams: report.kinds.case?.streams ?? 0, events: report.kinds.case?.events ?? 0, ms: Math.round(reportMs) },
  };
  const events = Number((await ctx.db.kysely.selectFrom('case_events').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  return { sequential, concurrent: batches ? { ...concurrent, batches } : concurrent, cpuUsPerLifecycle, sealing: sealed, warmUp, events, eventsPerLifecycle: Math.round((events / total) * 100) / 100 };
}

/** Baseline: the same number of event-sized single-row inserts through the same driver, one statement each. */
async function baselineInserts(ctx: AppContext, rows: number): Promise<{ rowsPerSec: number; lifecycleEquivalentPerSec: number }> {
  const k = ctx.db.kysely as unknown as import('kysely').Kysely<any>;
  await k.schema.createTable('bench_rows').ifNotExists().addColumn('id', 'text', (c) => c.primaryKey()).addColumn('data', 'text').addColumn('at', 'bigint').execute();
  const payload = JSON.stringify({ note: '已按要求处置完毕', unitId: '0190f3c2-aaaa-7bbb-8ccc-1234567890ab', endedStage: { stage: 'handle', onTime: true } });
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < rows; i++) await k.insertInto('bench_rows').values({ id: `r${i}`, data: payload, at: START + i }).execute();
  const took = ms(t0);
  return { rowsPerSec: Math.round((rows / took) * 1000), lifecycleEquivalentPerSec: Math.round((rows / 8 / took) * 1000) };
}

function synthMonth(cases: number): EvalEvent[] {
  const out: EvalEvent[] = [];
  const grids = ['350203001001001', '350203002001001', '350206001001001', '350211001001001', '350212001001001', '350213001001001'];
  let s = 12345;
  const rnd = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 4294967296);
  for (let i = 0; i < cases; i++) {
    const id = `m${String(i).padStart(7, '0')}`;
    let t = START + Math.floor(rnd() * 29 * DAY_MS);
    const g = grids[i % grids.length]!;
    const e = (type: string, actorId: string, role: string, data: Record<string, unknown> = {}) => {
      t += Math.floor(rnd() * 3_600_000);
      out.push({ caseId: id, seq: out.length && out[out.length - 1]!.caseId === id ? out[out.length - 1]!.seq + 1 : 1, type, at: t, actorId, role, data });
    };
    e('reported', `insp${i % 40}`, 'inspector', { source: 'inspector', gridCode: g });
    e('accepted', `op${i % 6}`, 'operator');
    e('filed', `lead${i % 4}`, 'shift_lead');
    e('dispatched', 'system', 'system', { unitId: `unit${i % 60}` });
    e('handled', 'h', 'handler', { endedStage: { stage: 'handle', onTime: rnd() > 0.06 } });
    e('verification_sent', `op${i % 6}`, 'operator');
    e('verification_passed', `insp${i % 40}`, 'inspector');
    e('closed', `lead${i % 4}`, 'shift_lead');
  }
  return out;
}

async function evaluationTimes(ctx: AppContext): Promise<Record<string, number>> {
  const month = { from: '2026-03-01', to: '2026-03-31' };
  let t0 = process.hrtime.bigint();
  const first = await ctx.evaluation.catchUp();
  const catchUpMs = ms(t0);
  const out: Record<string, number> = { foldedEvents: first.folded, catchUpMs: Math.round(catchUpMs) };
  for (const level of ['district', 'grid', 'unit', 'post'] as const) {
    const times: number[] = [];
    for (let i = 0; i < 5; i++) {
      t0 = process.hrtime.bigint();
      await ctx.evaluation.evaluate({ level, ...month });
      times.push(ms(t0));
    }
    out[`evaluate_${level}_ms`] = Math.round(times.sort((a, b) => a - b)[2]! * 10) / 10;
  }
  // Baseline: one plain GROUP BY over the month's events (counts by type and district — the case's,
  // joined by its number since migration 0246), no rules.
  t0 = process.hrtime.bigint();
  await sql`SELECT e.type, c.district_code, count(*) FROM case_events e JOIN cases c ON c.case_no = e.case_no WHERE e.at >= ${Date.parse('2026-03-01T00:00:00+08:00')} AND e.at < ${Date.parse('2026-04-01T00:00:00+08:00')} GROUP BY e.type, c.district_code`.execute(ctx.db.kysely);
  out.baselineGroupByMs = Math.round(ms(t0) * 10) / 10;
  return out;
}

async function writeSynthetic(ctx: AppContext, events: readonly EvalEvent[]): Promise<number> {
  const t0 = process.hrtime.bigint();
  const k = ctx.db.kysely;
  // The log keys its rows by the case's number (cases.case_no, migration 0246): each case gets a bare row first.
  const first = new Map<string, number>();
  for (const e of events) if (!first.has(e.caseId)) first.set(e.caseId, e.at);
  // PostgreSQL numbers a new row itself (a sequence); on SQLite the insert statement of the store does.
  let no = 0;
  const stubs = [...first].map(([id, at]) => ({
    ...(ctx.db.dialect === 'sqlite' ? { case_no: ++no } : {}), id, code: `stub-${id}`, status: 'reported', phase: 'report', version: 0, last_hash: Buffer.alloc(32), source: 'inspector',
    category_code: '0101', category_name: '-', urgency: 'normal', description: '-', lon: 118.1, lat: 24.5, h3: '-',
    grid_code: '350203001001001', community_code: '350203001001', street_code: '350203001', district_code: '350203', place_names: '{}',
    reporter_id: '-', photos: '[]', reported_at: at, updated_at: at, light: 'green',
  }));
  for (let i = 0; i < stubs.length; i += 200) await k.insertInto('cases').values(stubs.slice(i, i + 200) as never).execute();
  for (let i = 0; i < events.length; i += 1000) {
    await k.insertInto('case_events').values(events.slice(i, i + 1000).map((e) => ({
      case_no: sql<number>`(select case_no from cases where id = ${e.caseId})`, seq: e.seq, type: typeCode(e.type), data: JSON.stringify(e.data),
      actor_id: storedActor(e.actorId), role: roleCode(e.role), at: e.at, lon: null, lat: null, attachments: '[]', hash: Buffer.alloc(32),
      audience_role: null, audience_unit_id: null, audience_user_id: null,
    }))).execute();
  }
  return Math.round(ms(t0));
}

async function measure(kind: 'sqlite' | 'postgres', pgUrl: string | undefined, n: number, inFlight: number, warmUp: number, monthCases: number, progress: OnProgress): Promise<unknown> {
  const a = await openStore(kind, pgUrl);
  let lifecycle: unknown;
  try {
    const l = await lifecycles(a.ctx, a.clock, n, inFlight, warmUp, progress, `${kind}: lifecycles 案卷全流程`, Number(process.env.CITYLOOP_BENCH_SEAL_MS ?? 250));
    progress(0, 0, `${kind}: baseline inserts 基线`);
    const b = await baselineInserts(a.ctx, n * 8);
    progress(0, 0, `${kind}: evaluation 评价`);
    const evalSmall = await evaluationTimes(a.ctx);
    const ratio = (perSec: number) => Math.round((perSec / b.lifecycleEquivalentPerSec) * 1000) / 1000;
    const year = (perSec: number) => Math.round((1_400_000 / perSec / 60) * 10) / 10;
    lifecycle = {
      lifecyclesPerRun: n, ...l, baselineSingleRowInsertsPerSec: b.rowsPerSec, baselineLifecycleEquivalentPerSec: b.lifecycleEquivalentPerSec,
      ratioToBaseline: { sequential: ratio(l.sequential.perSec), concurrent: ratio(l.concurrent.perSec) },
      xiamenYear_1_4M_minutes: { sequential: year(l.sequential.perSec), concurrent: year(l.concurrent.perSec) },
      evaluation: evalSmall,
    };
  } finally {
    await a.close();
  }
  const m = await openStore(kind, pgUrl);
  try {
    progress(0, 0, `${kind}: a month of ${monthCases} cases 月度评价`);
    const events = synthMonth(monthCases);
    const writeMs = await writeSynthetic(m.ctx, events);
    return { lifecycle, monthLog: { cases: monthCases, events: events.length, writeMs, ...(await evaluationTimes(m.ctx)) } };
  } finally {
    await m.close();
  }
}

export async function run(progress: OnProgress = noProgress): Promise<unknown> {
  const n = Number(process.env.CITYLOOP_BENCH_LIFECYCLES ?? 2000);
  const inFlight = Math.max(1, Number(process.env.CITYLOOP_BENCH_CONCURRENCY ?? 64));
  const monthCases = Number(process.env.CITYLOOP_BENCH_MONTH_CASES ?? 120_000);
  const warmUp = Math.max(0, Number(process.env.CITYLOOP_BENCH_WARMUP ?? 500));
  const pgUrl = benchPgUrl();
  // The machine's speed before and after (bench/machine-speed.ts): the same code ran 2.5× slower on one
  // session's machine than on another's, and 1.6× slower within one session.
  const machine = { cpus: os.cpus().length, model: os.cpus()[0]?.model, speedBefore: machineSpeed(), speedAfter: undefined as MachineSpeed | undefined };
  const out: Record<string, unknown> = { machine, targets: { lifecyclesPerSec: { sqlite: 2400, postgres: 1200 }, evaluateMonthMs: 500 } };
  // CITYLOOP_BENCH_STORES=postgres (or sqlite) measures one store only, while iterating; the figures are read from a run of both.
  const stores = (process.env.CITYLOOP_BENCH_STORES ?? 'sqlite,postgres').split(',');
  out.sqlite = stores.includes('sqlite') ? await measure('sqlite', undefined, n, inFlight, warmUp, monthCases, progress) : 'skipped: CITYLOOP_BENCH_STORES';
  out.postgres = !stores.includes('postgres') ? 'skipped: CITYLOOP_BENCH_STORES' : pgUrl ? await measure('postgres', pgUrl, n, inFlight, warmUp, monthCases, progress) : 'skipped: set CITYLOOP_TEST_PG_URL or DATABASE_URL';
  machine.speedAfter = machineSpeed();
  return out;
}
