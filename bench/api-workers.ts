/**
 * Benchmark api.workers: what `cityloop serve --workers N` adds, on loopback only, bounded in time.
 * One PostgreSQL database of its own (CITYLOOP_TEST_PG_URL's server) with the demo city and its
 * simulated weeks, NATS (CITYLOOP_TEST_NATS_URL or NATS_URL), then for each N in CITYLOOP_WORKERS_LIST
 * (default "1,2") the platform is started with `--workers N` and driven with no think time at 8, 32
 * and 128 requests in flight for CITYLOOP_WORKERS_SECONDS each (default 10), cycling through the case
 * list, a filtered list, a case's detail and the worklist, each on a kept-alive connection of its own
 * (so connections spread over the workers). Reported per N: requests/s and p50/p95/p99, the CPU ms
 * per request of the whole process tree, and the ratio of each N's best throughput to N = 1's — the
 * same-run baseline. The machine's core count bounds what more workers can add: PostgreSQL, NATS,
 * the load generator and the workers share them.
 */
import http from 'node:http';
import os from 'node:os';
import fs from 'node:fs';
import path from 'node:path';
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { noProgress, type OnProgress } from '../src/core/progress.js';
import { benchPgUrl } from './bench-store.js';

const ROOT = (() => {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!fs.existsSync(path.join(dir, 'package.json')) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return dir;
})();

interface Samples { ms: number[]; errors: number }

function summary(s: Samples, seconds: number) {
  const v = [...s.ms].sort((a, b) => a - b);
  const q = (p: number) => (v.length ? Math.round(v[Math.min(v.length - 1, Math.floor(p * v.length))]! * 10) / 10 : null);
  return { requestsPerSec: Math.round(v.length / seconds), errors: s.errors, p50: q(0.5), p95: q(0.95), p99: q(0.99) };
}

/** CPU ms used by a process and all its descendants (the primary and its workers), from /proc. */
function treeCpuMs(pid: number): number {
  let total = 0;
  const stat = (p: number) => {
    try {
      const f = fs.readFileSync(`/proc/${p}/stat`, 'utf8').split(') ')[1]!.split(' ');
      total += ((Number(f[11]) + Number(f[12])) * 1000) / 100;
    } catch { /* gone */ }
    try {
      for (const c of fs.readFileSync(`/proc/${p}/task/${p}/children`, 'utf8').trim().split(/\s+/).filter(Boolean)) stat(Number(c));
    } catch { /* no children file */ }
  };
  stat(pid);
  return total;
}

async function startPlatform(workers: number, env: Record<string, string>): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [path.join(ROOT, 'bin', 'cityloop.js'), 'serve', '--workers', String(workers)], {
    env: { ...process.env, ...env, HOST: '127.0.0.1', LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`platform did not start:\n${out}`)), 600_000);
    const on = (b: Buffer) => {
      out += b.toString();
      const m = /running at http:\/\/localhost:(\d+)/.exec(out);
      if (m) { clearTimeout(timer); resolve(`http://127.0.0.1:${m[1]}`); }
    };
    child.stdout!.on('data', on);
    child.stderr!.on('data', on);
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`platform exited ${code}:\n${out}`)); });
  });
  return { child, url };
}

async function stopPlatform(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}

export async function run(progress: OnProgress = noProgress): Promise<unknown> {
  const pgUrl = benchPgUrl();
  const natsUrl = process.env.CITYLOOP_TEST_NATS_URL ?? process.env.NATS_URL;
  if (!pgUrl || !natsUrl) throw new Error('api.workers needs CITYLOOP_TEST_PG_URL=postgres://… and CITYLOOP_TEST_NATS_URL=nats://…');
  const list = (process.env.CITYLOOP_WORKERS_LIST ?? '1,2').split(',').map(Number);
  const seconds = Number(process.env.CITYLOOP_WORKERS_SECONDS ?? 10);
  const name = `cl_bench_workers_${process.pid}`;
  const admin = new pg.Client({ connectionString: pgUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${name}`);
  const u = new URL(pgUrl);
  u.pathname = `/${name}`;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cityloop-workers-'));
  const env = { DATABASE_URL: u.toString(), NATS_URL: natsUrl, NATS_SUBJECT_PREFIX: `bw${process.pid}`, CITYLOOP_DATA_DIR: dir, CITYLOOP_DEMO: 'true', PORT: String(21_000 + (process.pid % 20_000)) };
  execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'build-server.mjs')], { stdio: 'ignore' });
  const out: Record<string, unknown> = { machine: { cpus: os.cpus().length, loadAverageBefore: os.loadavg().map((x) => Math.round(x * 10) / 10) }, secondsPerStep: seconds };
  const best: Record<number, number> = {};
  try {
    for (const [i, workers] of list.entries()) {
      progress(i, list.length, `starting ${workers} worker(s) 启动工作进程（首次含示范城市）`);
      const { child, url } = await startPlatform(workers, env);
      try {
        const login = async (username: string) => {
          const r = await fetch(`${url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: 'demo1234' }) });
          if (r.status !== 200) throw new Error(`login ${username}: ${r.status}`);
          return ((await r.json()) as { token: string }).token;
        };
        const tokens = [await login('leader'), await login('dispatcher'), await login('operator'), await login('shiftlead')];
        const sample = (await (await fetch(`${url}/api/v1/cases?pageSize=100`, { headers: { authorization: `Bearer ${tokens[0]}` } })).json()) as { items: Array<{ id: string }> };
        const ids = sample.items.map((c) => c.id);
        const paths = [
          () => '/api/v1/cases?page=1&pageSize=20',
          () => '/api/v1/cases?status=dispatched&status=reported&districtCode=350203&page=1&pageSize=20',
          () => `/api/v1/cases/${ids[Math.floor(Math.random() * ids.length)]}`,
          () => '/api/v1/worklist?limit=50',
        ];
        const steps: Record<string, unknown> = {};
        for (const inFlight of [8, 32, 128]) {
          progress(i, list.length, `${workers} worker(s), ${inFlight} in flight ${workers} 个工作进程`);
          const got: Samples = { ms: [], errors: 0 };
          const c0 = treeCpuMs(child.pid!);
          const until = Date.now() + seconds * 1000;
          let n = 0;
          await Promise.all(Array.from({ length: inFlight }, async (_, lane) => {
            const agent = new http.Agent({ keepAlive: true, maxSockets: 1 }); // a connection of its own: the cluster spreads connections
            const token = tokens[lane % tokens.length]!;
            while (Date.now() < until) {
              const started = performance.now();
              const status = await new Promise<number>((resolve) => {
                http.get(`${url}${paths[n++ % paths.length]!()}`, { agent, headers: { authorization: `Bearer ${token}`, 'accept-encoding': 'br, gzip' } }, (res) => {
                  res.on('data', () => undefined);
                  res.on('end', () => resolve(res.statusCode ?? 0));
                }).on('error', () => resolve(0));
              });
              if (status === 200) got.ms.push(performance.now() - started);
              else got.errors++;
            }
            agent.destroy();
          }));
          const s = summary(got, seconds);
          best[workers] = Math.max(best[workers] ?? 0, s.requestsPerSec);
          steps[`inFlight${inFlight}`] = { ...s, cpuMsPerRequest: Math.round(((treeCpuMs(child.pid!) - c0) / Math.max(1, got.ms.length)) * 100) / 100 };
        }
        out[`workers${workers}`] = steps;
      } finally {
        await stopPlatform(child);
      }
    }
    const base = best[list[0]!] ?? 1;
    out.bestRequestsPerSec = best;
    out.ratioToFirst = Object.fromEntries(Object.entries(best).map(([w, r]) => [w, Math.round((r / base) * 100) / 100]));
    out.loadAverageAfter = os.loadavg().map((x) => Math.round(x * 10) / 10);
    return out;
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => undefined);
    await admin.end();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
