/**
 * `cityloop serve --workers 2` as an operator runs it: two HTTP processes behind one address on one
 * PostgreSQL (a database of its own) and one NATS. Connections are spread over both workers (every
 * answer names its worker); a session made on one is valid on the other; a browser's live feed on
 * one worker gets what a report through the other changed; the first-run setup token the primary
 * printed works whichever worker answers. Without PostgreSQL and NATS the option is refused.
 */
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import fs from 'node:fs';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PG_URL } from '../helpers/stores.js';
import { NATS_URL, describeNats, dropStream, uniquePrefix } from '../helpers/nats.js';
import { runCli, startCliServer, type CliServer } from '../helpers/cli.js';

interface Answer {
  status: number;
  worker: string | undefined;
  body: string;
}

/** One request on a connection of its own (no keep-alive): the cluster hands each new connection to the next worker. */
function request(url: string, opts: { method?: string; token?: string; body?: unknown } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const payload = opts.body === undefined ? undefined : JSON.stringify(opts.body);
    const req = http.request(url, {
      method: opts.method ?? 'GET',
      agent: false,
      headers: { ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}), ...(payload ? { 'content-type': 'application/json' } : {}) },
    }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, worker: res.headers['x-cityloop-worker'] as string | undefined, body }));
    });
    req.on('error', reject);
    req.end(payload);
  });
}

/** A browser's live feed on a connection of its own: which worker holds it, and what it was pushed. */
function openFeed(base: string, token: string): Promise<{ worker: string; pushed: Array<{ caseId: string; type: string }>; close(): void }> {
  return new Promise((resolve, reject) => {
    const pushed: Array<{ caseId: string; type: string }> = [];
    const req = http.get(`${base}/api/v1/notifications/stream`, { agent: false, headers: { authorization: `Bearer ${token}` } }, (res) => {
      if (res.statusCode !== 200) return reject(new Error(`stream answered ${res.statusCode}`));
      let buf = '';
      res.on('data', (chunk: Buffer) => {
        buf += chunk.toString();
        let end: number;
        while ((end = buf.indexOf('\n\n')) >= 0) {
          const block = buf.slice(0, end);
          buf = buf.slice(end + 2);
          if (block.startsWith(': connected')) resolve({ worker: String(res.headers['x-cityloop-worker']), pushed, close: () => req.destroy() });
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (data) pushed.push(JSON.parse(data) as { caseId: string; type: string });
        }
      });
    });
    req.on('error', reject);
  });
}

async function until<T>(get: () => T | undefined | false, what: string, ms = 20_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = get();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A database of its own on the test server, dropped afterwards. */
async function freshDatabase(label: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `cl_${label}_${process.pid}_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const u = new URL(PG_URL!);
  u.pathname = `/${name}`;
  return {
    url: u.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: PG_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

describe('serve --workers on the embedded store', () => {
  it('is refused with what it needs, in both languages, and serves nothing', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cityloop-workers-'));
    try {
      const r = await runCli(['serve', '--workers', '2'], { CITYLOOP_DATA_DIR: dir, CITYLOOP_DEMO: 'false', PORT: '0' });
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('DATABASE_URL=postgres://');
      expect(r.stderr).toContain('NATS_URL=nats://');
      expect(r.stderr).toContain('需要');
      expect(r.stdout).not.toContain('running at');
      const bad = await runCli(['serve', '--workers', 'many'], { CITYLOOP_DATA_DIR: dir, CITYLOOP_DEMO: 'false', PORT: '0' });
      expect(bad.code).toBe(2);
      expect(bad.stderr).toContain('--workers must be a whole number');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 240_000);
});

const suite = PG_URL || process.env.CI === 'true' ? describeNats : (name: string, body: () => void) => describe.skip(`${name} — skipped: set CITYLOOP_TEST_PG_URL`, body);

suite('serve --workers 2 on one PostgreSQL and one NATS', () => {
  const prefix = uniquePrefix('wk');
  let db: Awaited<ReturnType<typeof freshDatabase>>;
  let server: CliServer;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cityloop-workers-'));

  beforeAll(async () => {
    db = await freshDatabase('workers');
    server = await startCliServer(
      { DATABASE_URL: db.url, NATS_URL: NATS_URL!, NATS_SUBJECT_PREFIX: prefix, CITYLOOP_DATA_DIR: dir, CITYLOOP_DEMO: 'true', CITYLOOP_DEMO_HISTORY_DAYS: '0' },
      ['--workers', '2'],
    );
  }, 400_000);

  afterAll(async () => {
    await server?.stop();
    await db?.drop();
    await dropStream(prefix);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('spreads connections over both workers and keeps a session valid in each', async () => {
    expect(server.output()).toContain('with 2 workers');
    const login = await request(`${server.url}/api/v1/auth/login`, { method: 'POST', body: { username: 'dispatcher', password: 'demo1234' } });
    expect(login.status).toBe(200);
    const token = (JSON.parse(login.body) as { token: string }).token;
    const answers = await Promise.all(Array.from({ length: 12 }, () => request(`${server.url}/api/v1/me`, { token })));
    expect(answers.map((a) => a.status)).toEqual(Array(12).fill(200));
    expect(new Set(answers.map((a) => a.worker))).toEqual(new Set(['1', '2']));
    const ready = JSON.parse((await request(`${server.url}/readyz`)).body) as { store: string; worker: number };
    expect(ready.store).toBe('postgres');
    expect([1, 2]).toContain(ready.worker);
  }, 60_000);

  it('pushes a report taken by one worker to browsers connected to either', async () => {
    const operator = (JSON.parse((await request(`${server.url}/api/v1/auth/login`, { method: 'POST', body: { username: 'operator', password: 'demo1234' } })).body) as { token: string }).token;
    const inspector = (JSON.parse((await request(`${server.url}/api/v1/auth/login`, { method: 'POST', body: { username: 'inspector', password: 'demo1234' } })).body) as { token: string }).token;
    const feeds: Awaited<ReturnType<typeof openFeed>>[] = [];
    try {
      // Feeds on fresh connections until both workers hold one.
      while (new Set(feeds.map((f) => f.worker)).size < 2 && feeds.length < 8) feeds.push(await openFeed(server.url, operator));
      expect(new Set(feeds.map((f) => f.worker))).toEqual(new Set(['1', '2']));
      const streets = JSON.parse((await request(`${server.url}/api/v1/geo/streets`, { token: inspector })).body) as { items: Array<{ label: { lon: number; lat: number } }> };
      const first = streets.items[0]!;
      const r = await request(`${server.url}/api/v1/reports`, { method: 'POST', token: inspector, body: { source: 'inspector', lon: first.label.lon, lat: first.label.lat, categoryCode: 'C0305', description: '垃圾箱破损（多进程）' } });
      expect(r.status).toBe(201);
      const reported = (JSON.parse(r.body) as { case: { id: string } }).case;
      for (const f of feeds) await until(() => f.pushed.some((p) => p.caseId === reported.id), `the push on worker ${f.worker}`);
      // The worker that took the report and the other one both pushed it.
      expect(new Set(feeds.filter((f) => f.pushed.some((p) => p.caseId === reported.id)).map((f) => f.worker))).toEqual(new Set(['1', '2']));
      expect(['1', '2']).toContain(r.worker);
    } finally {
      for (const f of feeds) f.close();
    }
  }, 60_000);
});

suite('serve --workers 2 on a new installation', () => {
  const prefix = uniquePrefix('wks');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cityloop-workers-'));
  let db: Awaited<ReturnType<typeof freshDatabase>>;
  let server: CliServer;

  beforeAll(async () => {
    db = await freshDatabase('setup');
    server = await startCliServer({ DATABASE_URL: db.url, NATS_URL: NATS_URL!, NATS_SUBJECT_PREFIX: prefix, CITYLOOP_DATA_DIR: dir, CITYLOOP_DEMO: 'false' }, ['--workers', '2']);
  }, 400_000);

  afterAll(async () => {
    await server?.stop();
    await db?.drop();
    await dropStream(prefix);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('accepts the one setup token the primary printed on whichever worker answers, once', async () => {
    const token = await until(() => /初始化口令: (\S+)/.exec(server.output())?.[1], 'the setup token');
    const pages = await Promise.all(Array.from({ length: 6 }, () => request(`${server.url}/setup`)));
    expect(new Set(pages.map((p) => p.worker))).toEqual(new Set(['1', '2']));
    expect(pages.map((p) => p.status)).toEqual(Array(6).fill(200));
    // A wrong token is refused by each worker as wrong (not as "closed"): both hold the same open setup.
    const wrong = await Promise.all(Array.from({ length: 6 }, () => request(`${server.url}/api/v1/setup`, { method: 'POST', body: { token: 'not-the-token', username: 'chief', password: 'Chief-2026-pass' } })));
    expect(new Set(wrong.map((w) => w.worker))).toEqual(new Set(['1', '2']));
    expect(wrong.map((w) => (JSON.parse(w.body) as { code: string }).code)).toEqual(Array(6).fill('SETUP_TOKEN_INVALID'));
    const done = await request(`${server.url}/api/v1/setup`, { method: 'POST', body: { token, username: 'chief', password: 'Chief-2026-pass' } });
    expect(done.status).toBe(201);
    const after = await Promise.all(Array.from({ length: 6 }, () => request(`${server.url}/setup`)));
    expect(after.map((p) => p.status)).toEqual(Array(6).fill(404));
    const login = await request(`${server.url}/api/v1/auth/login`, { method: 'POST', body: { username: 'chief', password: 'Chief-2026-pass' } });
    expect(login.status).toBe(200);
  }, 60_000);
});
