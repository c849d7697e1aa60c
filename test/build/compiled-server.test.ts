/**
 * The server compiled ahead of time (what `npm start` runs): it builds, starts on an existing data
 * folder without a TypeScript loader, answers /healthz, and its routes still validate and serialize
 * (schemas are compiled on first use, see src/http/lazy-compilers.ts).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
// Inside the project, so the compiled files resolve node_modules as dist/ does.
const OUT = path.join(ROOT, 'node_modules', '.cache', `cityloop-build-test-${process.pid}`);
const DATA = fs.mkdtempSync(path.join(os.tmpdir(), 'cityloop-build-'));

function listen(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`no URL printed:\n${out}`)), 60_000);
    child.stdout!.on('data', (b: Buffer) => {
      out += b.toString();
      const m = /running at (http:\/\/\S+)/.exec(out);
      if (m) { clearTimeout(timer); resolve(m[1]!); }
    });
    child.stderr!.on('data', (b: Buffer) => { out += b.toString(); });
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`server exited ${code}:\n${out}`)); });
  });
}

async function serve(): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [path.join(OUT, 'src', 'cli.js'), 'serve'], {
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', CITYLOOP_DATA_DIR: DATA, DATABASE_URL: '', CITYLOOP_DEMO: 'false', LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return { child, url: await listen(child) };
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}

describe('the server compiled ahead of time', () => {
  beforeAll(() => {
    execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'build-server.mjs'), '--out', OUT], { stdio: 'pipe' });
  });
  afterAll(() => {
    fs.rmSync(OUT, { recursive: true, force: true });
    fs.rmSync(DATA, { recursive: true, force: true });
  });

  it('holds JavaScript only: every source file has its .js, and no TypeScript is left to load', () => {
    const js = (dir: string): string[] => fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? js(path.join(dir, e.name)) : [path.join(dir, e.name)]);
    const files = js(OUT);
    expect(files.some((f) => f.endsWith('.ts'))).toBe(false);
    expect(files).toContain(path.join(OUT, 'src', 'store', 'sqlite-writer-worker.mjs'));
    expect(files.filter((f) => /migrations\/\d{4}_\w+\.js$/.test(f)).length).toBeGreaterThan(5);
  });

  it('starts on a new and then on an existing data folder and answers like the source does', async () => {
    for (const round of ['new folder', 'existing folder']) {
      const { child, url } = await serve();
      try {
        const health = await fetch(`${url}/healthz`);
        expect(health.status, round).toBe(200);
        // Validation compiled on first use still refuses a bad body with the error shape.
        const bad = await fetch(`${url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"username":5}' });
        expect(bad.status, round).toBe(400);
        const body = (await bad.json()) as { code: string; messageEn: string };
        expect(body.code).toBeTruthy();
        expect(body.messageEn).toBeTruthy();
        // Serialization compiled on first use: readiness answers with its schema's fields.
        const ready = await fetch(`${url}/readyz`);
        expect(await ready.json()).toEqual({ status: 'ready', store: 'sqlite', worker: null });
        const login = await fetch(`${url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"username":"nobody","password":"wrong-password"}' });
        expect(login.status, round).toBe(401);
      } finally {
        await stop(child);
      }
    }
  }, 180_000); // two server starts, each allowed the 60 s its listen() waits for the URL
});
