/**
 * Benchmark api.load: API latency under many users, on loopback only, bounded in time.
 *
 * 1. A data folder with the demo city plus CITYLOOP_LOAD_CASES cases (default 200 000: nine in ten
 *    taken through their whole lifecycle to closed, the rest left open, a third reported and two
 *    thirds dispatched) is prepared once through the real services and kept for the next run
 *    (CITYLOOP_LOAD_DIR, default the system temp folder). CITYLOOP_LOAD_CASES=0 is the demo city alone.
 * 2. The server runs in a child process on 127.0.0.1 (compiled dist/ when current), as `npm start` does.
 * 3. Think-time phase: CITYLOOP_LOAD_USERS virtual users (default 500), each waiting 1–3 s between
 *    requests, for CITYLOOP_LOAD_SECONDS (default 60, after 10 s of ramp-up), cycling through the case
 *    list, a filtered list, a case's detail and the worklist; `/healthz` is asked alongside by one
 *    more user as the same-run baseline (the HTTP floor of the same process at the same load).
 * 4. Saturation phase: no think time, 1, 8, 32 and 128 requests in flight for 10 s each: the
 *    throughput where adding requests in flight adds only waiting is the saturation point.
 * Before the load, the command center's map calls (clusters at three zooms, the points layer) are
 * timed and their bytes counted.
 * Prints JSON: per phase and kind, requests, errors, p50/p95/p99/max in ms, and the server's CPU ms
 * per request; the machine's load average before and after.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import http from 'node:http';
import { createContext } from '../src/app.js';
import { loadConfig } from '../src/core/config.js';
import { ManualClock } from '../src/core/clock.js';
import { createLogger } from '../src/core/logger.js';
import { DAY_MS } from '../src/core/time.js';
import { noProgress, type OnProgress } from '../src/core/progress.js';
import { seedDemoOnFirstStart } from '../src/demo/seed.js';
import type { User } from '../src/auth/model.js';

/** The project folder: the nearest one up with a package.json (bench/ or dist/bench/ below it). */
const ROOT = (() => {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!fs.existsSync(path.join(dir, 'package.json')) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return dir;
})();
/** A 1×1 PNG: the evidence photo every prepared case carries. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');
const env = (k: string, d: number) => (process.env[k] ? Number(process.env[k]) : d);

// ---------------------------------------------------------------- data
async function prepare(dir: string, cases: number, progress: OnProgress): Promise<void> {
  const marker = path.join(dir, `.load-ready-${cases}`);
  if (fs.existsSync(marker)) return;
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const base = loadConfig({ CITYLOOP_DATA_DIR: dir, CITYLOOP_DEMO: 'true', CITYLOOP_TIMERS: 'false', LOG_LEVEL: 'warn' });
  const seeded = await createContext(base, { logger: createLogger('warn') });
  await seedDemoOnFirstStart(seeded);
  await seeded.close();
  if (cases > 0) await bulkCases(dir, cases, progress);
  fs.writeFileSync(marker, new Date().toISOString());
}

async function bulkCases(dir: string, total: number, progress: OnProgress): Promise<void> {
  const open = Math.round(total / 10);
  const closed = total - open;
  const clock = new ManualClock(Date.now() - 200 * DAY_MS);
  const ctx = await createContext(loadConfig({ CITYLOOP_DATA_DIR: dir, CITYLOOP_DEMO: 'false', CITYLOOP_TIMERS: 'false', LOG_LEVEL: 'silent' }), { clock, logger: createLogger('silent') });
  try {
    const user = async (name: string) => (await ctx.auth.findByUsername(name))!;
    const [inspector, operator, lead, dispatcher] = [await user('inspector'), await user('operator'), await user('shiftlead'), await user('dispatcher')];
    // One handler account per unit, made once even when 64 lanes reach a new unit together.
    const handlers = new Map<string, Promise<User>>();
    const handlerOf = (unitId: string, unitCode: string): Promise<User> => {
      let h = handlers.get(unitId);
      if (!h) {
        h = (async () => (await ctx.auth.findByUsername(`load.h.${unitCode}`)) ??
          ctx.auth.createUser({ username: `load.h.${unitCode}`, displayName: unitCode, password: `load-${unitCode}-x1`, roles: ['handler'], scope: { level: 'city', code: '350200' }, unitId }))();
        handlers.set(unitId, h);
      }
      return h;
    };
    const grids = await ctx.geo.listGrids({ limit: 100_000 } as never);
    const classes = await ctx.catalog.listCategories({ smallOnly: true, limit: 60 });
    const codes = classes.map((c) => c.code).filter((c) => /^(C|E)\d{4}$/.test(c)).slice(0, 30);
    // Evidence as the real paths ask for it (a handler's feedback and a verification carry photos).
    const photo = (await ctx.files.saveBuffer(PNG, { uploadedBy: operator.id })).sha256;
    let s = 17;
    const rnd = () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648);
    const report = async () => {
      const g = grids[Math.floor(rnd() * grids.length)]!;
      return (await ctx.cases.report(inspector, { source: 'inspector', lon: g.label.lon, lat: g.label.lat, categoryCode: codes[Math.floor(rnd() * codes.length)]!, description: '负载测试案卷', photos: [photo] })).case;
    };
    const toDispatched = async (c: Awaited<ReturnType<typeof report>>) => {
      c = await ctx.cases.act(operator, c.id, 'accept', {}, c.version);
      c = await ctx.cases.act(lead, c.id, 'file', {}, c.version);
      if (c.status !== 'dispatched') c = await ctx.cases.act(dispatcher, c.id, 'dispatch', { unitCode: `${c.place.districtCode}-HW` }, c.version);
      return c;
    };
    const lifecycle = async () => {
      let c = await toDispatched(await report());
      const h = await handlerOf(c.unit!.id, c.unit!.code);
      c = await ctx.cases.act(h, c.id, 'handle', { note: '已处置', photos: [photo] }, c.version);
      c = await ctx.cases.act(operator, c.id, 'send_verification', {}, c.version);
      c = await ctx.cases.act(inspector, c.id, 'verify', { passed: true, photos: [photo] }, c.version);
      await ctx.cases.act(lead, c.id, 'close', {}, c.version);
    };
    const start = clock.now();
    const lanes = async (count: number, span: number, from: number, one: (i: number) => Promise<void>, note: string) => {
      let next = 0;
      await Promise.all(Array.from({ length: 64 }, async () => {
        while (next < count) {
          const i = next++;
          clock.set(Math.max(clock.now(), from + Math.floor((i * span) / count)));
          await one(i);
          progress(next, count, note);
        }
      }));
    };
    const t0 = Date.now();
    await lanes(closed, 185 * DAY_MS, start, async () => lifecycle(), 'preparing closed cases 准备已结案卷');
    await lanes(open, 14 * DAY_MS, start + 186 * DAY_MS, async (i) => {
      const c = await report();
      if (i % 3 !== 0) await toDispatched(c);
    }, 'preparing open cases 准备在办案卷');
    progress(closed + open, closed + open, `prepared in ${Math.round((Date.now() - t0) / 1000)} s`);
  } finally {
    await ctx.close();
  }
}

// ---------------------------------------------------------------- server
async function startServer(dir: string): Promise<{ child: ChildProcess; url: string }> {
  // CITYLOOP_LOAD_NODE_ARGS: flags for the server's Node (e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`: the
  // profile is written when the server stops at the end of the run).
  const nodeArgs = (process.env.CITYLOOP_LOAD_NODE_ARGS ?? '').split(/\s+/).filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, path.join(ROOT, 'bin', 'cityloop.js'), 'serve'], {
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', CITYLOOP_DATA_DIR: dir, DATABASE_URL: '', CITYLOOP_DEMO: 'true', LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${out}`)), 120_000);
    child.stdout!.on('data', (b: Buffer) => {
      out += b.toString();
      const m = /running at http:\/\/localhost:(\d+)/.exec(out);
      if (m) { clearTimeout(timer); resolve(`http://127.0.0.1:${m[1]}`); }
    });
    child.stderr!.on('data', (b: Buffer) => { out += b.toString(); });
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`server exited ${code}:\n${out}`)); });
  });
  return { child, url };
}

/** CPU ms the process has used (user + system), from /proc. */
function cpuMs(pid: number): number {
  try {
    const f = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return ((Number(f[11]) + Number(f[12])) * 1000) / 100;
  } catch {
    return NaN;
  }
}

// ---------------------------------------------------------------- load
type Kind = 'list' | 'filtered' | 'detail' | 'worklist' | 'healthz';
interface Samples { ms: number[]; errors: number; statuses: Record<string, number> }

function summary(s: Samples) {
  const v = [...s.ms].sort((a, b) => a - b);
  const q = (p: number) => (v.length ? Math.round(v[Math.min(v.length - 1, Math.floor(p * v.length))]! * 10) / 10 : null);
  return { requests: v.length, errors: s.errors, p50: q(0.5), p95: q(0.95), p99: q(0.99), max: q(1), ...(s.errors ? { statuses: s.statuses } : {}) };
}

export async function run(progress: OnProgress = noProgress): Promise<unknown> {
  const cases = env('CITYLOOP_LOAD_CASES', 200_000);
  const users = env('CITYLOOP_LOAD_USERS', 500);
  const seconds = env('CITYLOOP_LOAD_SECONDS', 60);
  /** CITYLOOP_LOAD_IN_FLIGHT: the saturation steps (default 1,8,32,128). */
  const inFlightSteps = (process.env.CITYLOOP_LOAD_IN_FLIGHT ?? '1,8,32,128').split(',').map(Number).filter((n) => n > 0);
  const dir = process.env.CITYLOOP_LOAD_DIR ?? path.join(os.tmpdir(), `cityloop-load-${cases}`);
  const t0 = Date.now();
  await prepare(dir, cases, progress);
  const prepareS = Math.round((Date.now() - t0) / 1000);
  const agent = new http.Agent({ keepAlive: true, maxSockets: users + 50 });
  /** A GET over a kept-alive connection: the status once the whole body has arrived. */
  const get = (target: string, headers: Record<string, string>) => new Promise<number>((resolve, reject) => {
    http.get(target, { agent, headers }, (res) => {
      res.on('data', () => undefined);
      res.on('end', () => resolve(res.statusCode ?? 0));
      res.on('error', reject);
    }).on('error', reject);
  });
  const { child, url } = await startServer(dir);
  const loadBefore = os.loadavg();
  try {
    // Sessions: several per account, shared by the virtual users (as many browsers of one office).
    const accounts = ['leader', 'dispatcher', 'operator', 'shiftlead', 'handler', 'siming.dispatcher'];
    const tokens: string[] = [];
    for (let i = 0; i < 24; i++) {
      const r = await fetch(`${url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: accounts[i % accounts.length], password: 'demo1234' }) });
      if (r.status !== 200) throw new Error(`login failed: ${r.status} ${await r.text()}`);
      tokens.push(((await r.json()) as { token: string }).token);
    }
    const leader = tokens[0]!;
    // A case's detail is read by the city-wide accounts (a handler or district account may not read every case).
    const readers = tokens.filter((_, i) => i % accounts.length < 4);
    const sample = (await (await fetch(`${url}/api/v1/cases?pageSize=200&page=3`, { headers: { authorization: `Bearer ${leader}` } })).json()) as { items: Array<{ id: string }>; total: number };
    const ids = sample.items.map((c) => c.id);
    if (!ids.length) throw new Error('no cases to read');
    const urls: Record<Exclude<Kind, 'healthz'>, () => string> = {
      list: () => '/api/v1/cases?page=1&pageSize=20',
      filtered: () => '/api/v1/cases?status=dispatched&status=reported&districtCode=350203&page=1&pageSize=20',
      detail: () => `/api/v1/cases/${ids[Math.floor(Math.random() * ids.length)]}`,
      worklist: () => '/api/v1/worklist?limit=50',
    };
    const kinds = Object.keys(urls) as Array<Exclude<Kind, 'healthz'>>;
    const request = async (kind: Kind, anyToken: string, into: Record<string, Samples>) => {
      const s = (into[kind] ??= { ms: [], errors: 0, statuses: {} });
      const token = kind === 'detail' ? readers[Math.floor(Math.random() * readers.length)]! : anyToken;
      const started = performance.now();
      try {
        const status = await get(`${url}${kind === 'healthz' ? '/healthz' : urls[kind]()}`, { authorization: `Bearer ${token}`, 'accept-encoding': 'br, gzip' });
        if (status !== 200) { s.errors++; s.statuses[status] = (s.statuses[status] ?? 0) + 1; return; }
      } catch {
        s.errors++;
        s.statuses.network = (s.statuses.network ?? 0) + 1;
        return;
      }
      s.ms.push(performance.now() - started);
    };
    const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

    // The command center's map on this store, as the leader opens it: the clusters of every open
    // case at city, district and street zoom (the first answer builds the cluster index), and the
    // newest-3 000 points layer; the time to the whole answer and its bytes as sent (br/gzip) and raw.
    const sized = (target: string, headers: Record<string, string>) => new Promise<{ status: number; bytes: number }>((resolve, reject) => {
      http.get(target, { agent, headers }, (res) => {
        let bytes = 0;
        res.on('data', (b: Buffer) => { bytes += b.length; });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, bytes }));
        res.on('error', reject);
      }).on('error', reject);
    });
    const CITY = '117.85,24.40,118.45,24.80';
    const mapViews: Record<string, string> = {
      clustersCityZoom10: `/api/v1/cases/map/clusters?zoom=10&bbox=${CITY}&status=reported&status=dispatched`,
      clustersDistrictZoom13: '/api/v1/cases/map/clusters?zoom=13&bbox=118.05,24.42,118.20,24.52&status=reported&status=dispatched',
      clustersStreetZoom16: '/api/v1/cases/map/clusters?zoom=16&bbox=118.08,24.44,118.10,24.46&status=reported&status=dispatched',
      pointsNewest3000: '/api/v1/cases/map?status=reported&status=dispatched',
    };
    const map: Record<string, unknown> = {};
    for (const [name, target] of Object.entries(mapViews)) {
      const times: number[] = [];
      let sent = 0;
      for (let i = 0; i < 6; i++) {
        const started = performance.now();
        const r = await sized(`${url}${target}`, { authorization: `Bearer ${leader}`, 'accept-encoding': 'br, gzip' });
        if (r.status !== 200) throw new Error(`map ${name}: ${r.status}`);
        times.push(Math.round((performance.now() - started) * 10) / 10);
        sent = r.bytes;
      }
      const raw = await sized(`${url}${target}`, { authorization: `Bearer ${leader}` });
      map[name] = { firstMs: times[0], thenMs: times.slice(1).sort((a, b) => a - b)[2], bytesSent: sent, bytesRaw: raw.bytes };
    }

    // Think-time phase.
    const think: Record<string, Samples> = {};
    const rampMs = 10_000;
    const endAt = Date.now() + rampMs + seconds * 1000;
    let recording = false;
    const scratch: Record<string, Samples> = {};
    let cpuStart = 0;
    const vu = async (i: number) => {
      await sleep((i / users) * rampMs);
      let n = i;
      while (Date.now() < endAt) {
        await request(kinds[n++ % kinds.length]!, tokens[i % tokens.length]!, recording ? think : scratch);
        await sleep(1000 + Math.random() * 2000);
      }
    };
    const baseline = async () => {
      while (Date.now() < endAt) {
        await request('healthz', leader, recording ? think : scratch);
        await sleep(1000 + Math.random() * 2000);
      }
    };
    setTimeout(() => { recording = true; cpuStart = cpuMs(child.pid!); }, rampMs);
    const phaseStart = Date.now();
    const ticker = setInterval(() => progress(Math.round((Date.now() - phaseStart) / 1000), Math.round((endAt - phaseStart) / 1000), `${users} users with think time (s) 思考时间阶段（秒）`), 1000);
    await Promise.all([...Array.from({ length: users }, (_, i) => vu(i)), ...Array.from({ length: 20 }, () => baseline())]);
    clearInterval(ticker);
    const thinkRequests = Object.values(think).reduce((n, s) => n + s.ms.length + s.errors, 0);
    const thinkCpu = cpuMs(child.pid!) - cpuStart;
    const thinkPhase = {
      users, thinkTimeS: '1–3', seconds,
      requestsPerSec: Math.round(thinkRequests / seconds),
      serverCpuMsPerRequest: Math.round((thinkCpu / thinkRequests) * 100) / 100,
      ...Object.fromEntries(Object.entries(think).map(([k, s]) => [k, summary(s)])),
    };
    const p95 = (k: string) => (thinkPhase as unknown as Record<string, { p95: number }>)[k]?.p95 ?? NaN;
    const ratios = Object.fromEntries(kinds.map((k) => [k, Math.round((p95(k) / p95('healthz')) * 10) / 10]));

    // Saturation phase: no think time.
    const saturation: Record<string, unknown> = {};
    for (const [step, inFlight] of inFlightSteps.entries()) {
      progress(step, inFlightSteps.length, `saturation, ${inFlight} in flight 饱和阶段`);
      const got: Record<string, Samples> = {};
      const until = Date.now() + 10_000;
      const c0 = cpuMs(child.pid!);
      let n = 0;
      // Every kind from every account at every step: the account turns with each round of kinds (it
      // once stayed with the lane, so one request in flight measured the leader's requests only —
      // none of a handler's or an operator's, the dearest — and the CPU a request took seemed to
      // double from 1 to 8 in flight).
      await Promise.all(Array.from({ length: inFlight }, async (_, i) => {
        while (Date.now() < until) {
          const m = n++;
          await request(kinds[m % kinds.length]!, tokens[(Math.floor(m / kinds.length) + i) % tokens.length]!, got);
        }
      }));
      const all: Samples = { ms: Object.values(got).flatMap((s) => s.ms), errors: Object.values(got).reduce((a, s) => a + s.errors, 0), statuses: {} };
      saturation[`inFlight${inFlight}`] = {
        requestsPerSec: Math.round(all.ms.length / 10),
        serverCpuMsPerRequest: Math.round(((cpuMs(child.pid!) - c0) / Math.max(1, all.ms.length)) * 100) / 100,
        all: summary(all),
        p95ByKind: Object.fromEntries(Object.entries(got).map(([k, s]) => [k, summary(s).p95])),
      };
    }
    return {
      cases: { requested: cases, total: sample.total },
      prepareS,
      machine: { cpus: os.cpus().length, loadAverageBefore: loadBefore.map((x) => Math.round(x * 10) / 10), loadAverageAfter: os.loadavg().map((x) => Math.round(x * 10) / 10) },
      thinkTime: thinkPhase,
      p95RatioToHealthz: ratios,
      saturation,
      map,
    };
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
  }
}
