/**
 * Benchmark server.start: from `node bin/cityloop.js serve` to the first 200 of /healthz, on an
 * existing data folder (the demo city seeded by an untimed first start), loopback only.
 * Compiled (dist/, as `npm start` runs it; built first) against the same-run baseline of the
 * TypeScript sources run through tsx (CITYLOOP_SOURCE=1, how every start ran before).
 * Env: CITYLOOP_BENCH_STARTS (default 5 of each, alternating).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import http from 'node:http';
import { execFileSync, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { noProgress, type OnProgress } from '../src/core/progress.js';

const ROOT = (() => {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!fs.existsSync(path.join(dir, 'package.json')) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return dir;
})();

const healthy = (port: number) => new Promise<boolean>((resolve) => {
  http.get({ host: '127.0.0.1', port, path: '/healthz' }, (res) => { res.resume(); resolve(res.statusCode === 200); }).on('error', () => resolve(false));
});

/** Milliseconds from spawn to the first healthy answer; the server is stopped afterwards. */
async function startOnce(dir: string, port: number, source: boolean): Promise<number> {
  const started = performance.now();
  const child = spawn(process.execPath, [path.join(ROOT, 'bin', 'cityloop.js'), 'serve'], {
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', CITYLOOP_DATA_DIR: dir, DATABASE_URL: '', LOG_LEVEL: 'warn', ...(source ? { CITYLOOP_SOURCE: '1' } : { CITYLOOP_SOURCE: '' }) },
    stdio: 'ignore',
  });
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`server exited ${child.exitCode}`);
      if (await healthy(port)) return performance.now() - started;
      if (performance.now() - started > 120_000) throw new Error('no /healthz within 120 s');
      await new Promise((r) => setTimeout(r, 10));
    }
  } finally {
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
  }
}

const stats = (v: number[]) => {
  const s = [...v].sort((a, b) => a - b);
  return { runs: s.map((x) => Math.round(x)), median: Math.round(s[Math.floor(s.length / 2)]!), min: Math.round(s[0]!) };
};

export async function run(progress: OnProgress = noProgress): Promise<unknown> {
  const n = Number(process.env.CITYLOOP_BENCH_STARTS ?? 5);
  const buildStarted = performance.now();
  progress(0, 0, 'building the server 编译服务端');
  execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'build-server.mjs')], { stdio: 'ignore' });
  const buildMs = Math.round(performance.now() - buildStarted);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cityloop-start-'));
  const port = 20_000 + (process.pid % 20_000);
  const loadBefore = os.loadavg();
  try {
    progress(0, 2 * n + 1, 'first start, seeding the demo city 首次启动');
    const firstStartMs = Math.round(await startOnce(dir, port, false)); // seeds the demo city
    const compiled: number[] = [];
    const source: number[] = [];
    for (let i = 0; i < n; i++) {
      progress(1 + 2 * i, 2 * n + 1, 'starts 启动');
      compiled.push(await startOnce(dir, port, false));
      progress(2 + 2 * i, 2 * n + 1, 'starts 启动');
      source.push(await startOnce(dir, port, true));
    }
    const c = stats(compiled);
    const s = stats(source);
    return {
      buildServerMs: buildMs,
      firstStartWithDemoSeedMs: firstStartMs,
      compiled: c,
      baselineTsxSources: s,
      medianRatio: Math.round((c.median / s.median) * 100) / 100,
      target: 'compiled median ≤ 2000 ms',
      machine: { cpus: os.cpus().length, loadAverageBefore: loadBefore.map((x) => Math.round(x * 10) / 10), loadAverageAfter: os.loadavg().map((x) => Math.round(x * 10) / 10) },
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
