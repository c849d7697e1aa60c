/**
 * Benchmark open311: the public channel's cost against the platform's own paths, in the same run, on
 * a fresh embedded store with the demo geography and catalog.
 *  - intake: Open311 POST (form parsing, API key, service and attribute checks, the case through the
 *    citizen channel, the published row) against the same reports through `ctx.cases.report` (baseline).
 *  - reads: GET /open311/v2/requests.json and .xml with 1 000 published requests (the default window)
 *    against the console's own list (`/api/v1/cases?pageSize=100`, ten pages) as a baseline.
 * All through Fastify's inject (no sockets). `npm run bench -- open311` prints the JSON.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../src/core/config.js';
import { createLogger } from '../src/core/logger.js';
import { ManualClock } from '../src/core/clock.js';
import { createContext, type AppContext } from '../src/app.js';
import { buildServer } from '../src/http/server.js';
import { channelActor } from '../src/open311/service.js';

const N = Number(process.env.BENCH_OPEN311_N ?? 1000);

async function context(dir: string): Promise<AppContext> {
  const config = { ...loadConfig({ CITYLOOP_DATA_DIR: dir, CITYLOOP_DEMO: 'false', CITYLOOP_TIMERS: 'false', LOG_LEVEL: 'silent' }), rateLimitIntakePerMinute: 0, rateLimitLoginPerMinute: 0 };
  const ctx = await createContext(config, { clock: new ManualClock(Date.parse('2026-03-02T09:00:00+08:00')), logger: createLogger('silent') });
  await ctx.geo.seedDemo();
  await ctx.geo.load();
  await ctx.catalog.seedDemo();
  await ctx.auth.seedDemoAccounts(await ctx.catalog.listUnits());
  await ctx.open311.seedDemo();
  return ctx;
}

const perSec = (n: number, ms: number) => Math.round((n / ms) * 1000);

export async function run(): Promise<unknown> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-open311-'));
  const ctx = await context(dir);
  try {
    const app = await buildServer(ctx, { logger: false });
    await app.ready();
    const key = (await ctx.open311.createKey(null, 'bench')).key;
    const grids = await ctx.geo.listGrids({ limit: 2000 });
    const points = grids.slice(0, 200).map((g) => g.label);
    const codes = ['E0102', 'E0201', 'C0305', 'E0110'];

    // Baseline: the same reports straight into the case service through the public channel's actor.
    const actor = channelActor('bench:direct', 'bench');
    let t0 = performance.now();
    for (let i = 0; i < N; i++) {
      const p = points[i % points.length]!;
      await ctx.cases.report(actor, { source: 'citizen', lon: p.lon, lat: p.lat, categoryCode: codes[i % codes.length]!, description: `直接上报 ${i}` });
    }
    const directMs = performance.now() - t0;

    t0 = performance.now();
    for (let i = 0; i < N; i++) {
      const p = points[i % points.length]!;
      const payload = new URLSearchParams({ api_key: key, service_code: codes[i % codes.length]!, lat: String(p.lat), long: String(p.lon), description: `Open311 上报 ${i}`, app_ref: `r${i}` }).toString();
      const res = await app.inject({ method: 'POST', url: '/open311/v2/requests.json', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload });
      if (res.statusCode !== 201) throw new Error(`POST ${res.statusCode} ${res.body}`);
    }
    const postMs = performance.now() - t0;

    const login = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'operator', password: 'demo1234' } });
    const auth = { authorization: `Bearer ${(login.json() as { token: string }).token}` };
    const reads = 5;
    const timeGet = async (url: string, headers: Record<string, string> = {}): Promise<{ ms: number; bytes: number; items: number }> => {
      let bytes = 0;
      let items = 0;
      const s = performance.now();
      for (let i = 0; i < reads; i++) {
        const res = await app.inject({ url, headers });
        if (res.statusCode !== 200) throw new Error(`GET ${url} ${res.statusCode}`);
        bytes = res.body.length;
        items = url.endsWith('.xml') ? (res.body.match(/<request>/g) ?? []).length : Array.isArray(res.json()) ? (res.json() as unknown[]).length : ((res.json() as { items: unknown[] }).items.length);
      }
      return { ms: (performance.now() - s) / reads, bytes, items };
    };
    const json = await timeGet('/open311/v2/requests.json');
    const xml = await timeGet('/open311/v2/requests.xml');
    let consoleMs = 0;
    for (let page = 1; page <= 10; page++) consoleMs += (await timeGet(`/api/v1/cases?pageSize=100&page=${page}`, auth)).ms;
    await app.close();
    return {
      store: 'sqlite',
      reports: N,
      intake: {
        directReportsPerSec: perSec(N, directMs),
        open311PostsPerSec: perSec(N, postMs),
        ratioOpen311ToDirect: Math.round((directMs / postMs) * 100) / 100,
      },
      reads: {
        requestsInWindow: json.items,
        open311JsonMs: Math.round(json.ms * 10) / 10,
        open311XmlMs: Math.round(xml.ms * 10) / 10,
        open311JsonKB: Math.round(json.bytes / 1024),
        open311XmlKB: Math.round(xml.bytes / 1024),
        consoleListTenPagesMs: Math.round(consoleMs * 10) / 10,
        ratioJsonToConsole: Math.round((consoleMs / json.ms) * 100) / 100,
      },
    };
  } finally {
    await ctx.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
