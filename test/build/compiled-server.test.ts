/**
 * The server compiled ahead of time (what `npm start` runs): one bundle of our code and the packages
 * it loads at start (scripts/build-server.mjs). It builds, starts on a new and an existing data folder
 * without a TypeScript loader, answers /healthz, its routes still validate and serialize (schemas are
 * compiled on first use, see src/http/lazy-compilers.ts), the API docs (an external package reading its
 * own files) are served, and the bundled migrations are the migration folder's.
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

  it('is a bundle: the entry, its chunks and the writer thread entry, no TypeScript, every migration inside', () => {
    const js = (dir: string): string[] => fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? js(path.join(dir, e.name)) : [path.join(dir, e.name)]);
    const files = js(OUT);
    expect(files.some((f) => f.endsWith('.ts'))).toBe(false);
    expect(files).toContain(path.join(OUT, 'src', 'cli.js'));
    // src/store/sqlite-writer.ts starts it as ./sqlite-writer-worker.mjs next to its own (bundled) module.
    expect(files).toContain(path.join(OUT, 'src', 'sqlite-writer-worker.mjs'));
    // One folder of bundles, not a copy of the source tree.
    expect(files.every((f) => path.dirname(f) === path.join(OUT, 'src') || f === path.join(OUT, '.stamp'))).toBe(true);
    const code = files.filter((f) => f.endsWith('.js')).map((f) => fs.readFileSync(f, 'utf8')).join('\n');
    const migrations = fs.readdirSync(path.join(ROOT, 'src', 'store', 'migrations')).filter((f) => /^\d{4}_\w+\.ts$/.test(f));
    expect(migrations.length).toBeGreaterThan(5);
    for (const m of migrations) expect(code, m).toContain(JSON.stringify(m.replace(/\.ts$/, '')));
  });

  it('knows every place the code finds a file next to its own module (in the bundle that module is dist/src/cli.js or a chunk)', () => {
    // A new one needs the build's help (as the migrations and the writer thread's entry have) or the
    // project folder (found upwards from package.json); then it joins this list.
    const handled: Record<string, string> = {
      'src/store/sqlite-writer.ts': 'the writer thread entry, bundled to dist/src/sqlite-writer-worker.mjs',
      'src/store/migration-files.ts': 'replaced at build time by static imports',
      'src/http/server.ts': 'walks up to package.json',
      'src/store/sqlite-writer-worker.mjs': 'createRequire for better-sqlite3 (a package)',
      'src/enforcement/documents/render.ts': 'createRequire for the fonts (a package)',
      'src/store/checkpointer.ts': 'createRequire for better-sqlite3 (a package)',
      'src/core/logger.ts': 'createRequire for pino-pretty (a package)',
      'src/classifier/segment.ts': 'createRequire for @node-rs/jieba (a package)',
      'bench/api-workers.ts': 'walks up to package.json',
      'bench/server-start.ts': 'walks up to package.json',
      'bench/api-load.ts': 'walks up to package.json',
      'bench/cases-storage.ts': 'walks up to package.json',
      'bench/geo-locate.ts': 'run-as-a-script check only',
      'bench/iot-publisher.ts': 'createRequire for mqtt (a package)',
    };
    const walk = (dir: string): string[] => fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]);
    const using = ['src', 'bench'].flatMap(walk).filter((f) => /\.(ts|mjs)$/.test(f))
      .filter((f) => /import\.meta\.(url|dirname|filename)|__dirname/.test(fs.readFileSync(path.join(ROOT, f), 'utf8')));
    expect(using.filter((f) => !(f in handled))).toEqual([]);
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
        // The document (@fastify/swagger) and the page (@fastify/swagger-ui: bundled, its static folder found in node_modules).
        const doc = await fetch(`${url}/api/docs/json`);
        expect(doc.status, round).toBe(200);
        expect(((await doc.json()) as { paths: object }).paths).toHaveProperty(['/api/v1/auth/login']);
        expect((await fetch(`${url}/api/docs/static/index.html`)).status, round).toBe(200);
        expect((await fetch(`${url}/api/docs/static/logo.svg`)).status, round).toBe(200);
      } finally {
        await stop(child);
      }
    }
  }, 180_000); // two server starts, each allowed the 60 s its listen() waits for the URL

  it('migrates with the bundled migrations: after the starts nothing is pending and every file has run', () => {
    const state = JSON.parse(execFileSync(process.execPath, [path.join(OUT, 'src', 'cli.js'), 'migrate', '--dry-run', '--json'], {
      env: { ...process.env, CITYLOOP_DATA_DIR: DATA, DATABASE_URL: '', LOG_LEVEL: 'warn' },
    }).toString()) as { applied: Array<{ name: string }>; pending: string[] };
    const migrations = fs.readdirSync(path.join(ROOT, 'src', 'store', 'migrations')).filter((f) => /^\d{4}_\w+\.ts$/.test(f)).map((f) => f.replace(/\.ts$/, ''));
    expect(state.pending).toEqual([]);
    expect(state.applied.map((m) => m.name)).toEqual(migrations.sort());
  });
});
