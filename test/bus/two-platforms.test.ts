/**
 * Two platform processes on one PostgreSQL and one NATS JetStream: each an application context with
 * its own connections, bus connection, HTTP server on its own port and subscribers, as two `serve`
 * processes would be. A browser's live feed (server-sent events, real HTTP) connected to B shows
 * the case A just reported; every subscriber group handles each event once (the texts, and an audit
 * group counted against the event log); deadline sweeps running in both raise each red light once,
 * text it once and push it once.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../../src/app.js';
import { buildServer } from '../../src/http/server.js';
import type { Api } from '../../src/http/types.js';
import type { LoggingSmsNotifier } from '../../src/notify/service.js';
import { PG_URL, createTestContext, openSecond, type TestContext } from '../helpers/stores.js';
import { reportAndFile, seedWorld, type World } from '../cases/fixtures.js';
import { NATS_URL, describeNats, dropStream, uniquePrefix } from '../helpers/nats.js';

const DAY = 86_400_000;

interface Pushed {
  event: string;
  data: { caseId: string; caseCode: string; type: string; seq: number; title: string };
}

/** A browser's EventSource, by hand: collects the pushed notifications. */
function openFeed(base: string, token: string): Promise<{ pushed: Pushed[]; close(): void }> {
  return new Promise((resolve, reject) => {
    const pushed: Pushed[] = [];
    const req = http.get(`${base}/api/v1/notifications/stream`, { headers: { authorization: `Bearer ${token}` } }, (res) => {
      if (res.statusCode !== 200) return reject(new Error(`stream answered ${res.statusCode}`));
      let buf = '';
      res.on('data', (chunk: Buffer) => {
        buf += chunk.toString();
        let end: number;
        while ((end = buf.indexOf('\n\n')) >= 0) {
          const block = buf.slice(0, end);
          buf = buf.slice(end + 2);
          if (block.startsWith(': connected')) resolve({ pushed, close: () => req.destroy() });
          const event = /^event: (.*)$/m.exec(block)?.[1];
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (event && data) pushed.push({ event, data: JSON.parse(data) as Pushed['data'] });
        }
      });
    });
    req.on('error', reject);
  });
}

async function until<T>(get: () => T | undefined | false, what: string, ms = 15_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = get();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

const settle = () => new Promise((r) => setTimeout(r, 500));

const suite = PG_URL || process.env.CI === 'true' ? describeNats : (name: string, body: () => void) => describe.skip(`${name} — skipped: set CITYLOOP_TEST_PG_URL`, body);

suite('two platform processes on one PostgreSQL and one NATS', () => {
  const prefix = uniquePrefix('two');
  let tc: TestContext;
  let a: AppContext;
  let b: AppContext;
  let w: World;
  const servers: Api[] = [];
  const url: Record<'a' | 'b', string> = { a: '', b: '' };
  const audit: Array<{ process: 'a' | 'b'; id: string }> = [];
  const onlyB: string[] = [];

  async function serve(ctx: AppContext): Promise<string> {
    const app = await buildServer(ctx, { logger: false });
    await app.listen({ port: 0, host: '127.0.0.1' });
    servers.push(app);
    return `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  }

  async function login(base: string, username: string): Promise<string> {
    const res = await fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: 'demo1234' }) });
    if (res.status !== 200) throw new Error(`login ${username}: ${res.status}`);
    return ((await res.json()) as { token: string }).token;
  }

  const sms = (ctx: AppContext) => (ctx.notifier.sms as LoggingSmsNotifier).sent;

  beforeAll(async () => {
    tc = await createTestContext('postgres', { config: { natsUrl: NATS_URL!, natsPrefix: prefix } });
    a = tc.ctx;
    w = await seedWorld(a);
    await a.auth.seedDemoAccounts(await a.catalog.listUnits());
    b = await openSecond(tc); // after seeding: B loads the demo geography at start, as a process started later would
    for (const [name, ctx] of [['a', a], ['b', b]] as const) {
      ctx.bus.subscribe({ names: ['case.*'], group: 'audit', handle: (e) => void audit.push({ process: name, id: e.id }) });
      await ctx.bus.ready();
    }
    b.bus.subscribe({ names: ['case.filed'], group: 'only-b', handle: (e) => void onlyB.push(e.id) });
    await b.bus.ready();
    url.a = await serve(a);
    url.b = await serve(b);
  }, 120_000);

  afterAll(async () => {
    for (const s of servers) await s.close();
    await b?.close();
    await tc?.close();
    await dropStream(prefix);
  });

  it('pushes to a browser connected to B, live, the case A has just taken in', async () => {
    const feed = await openFeed(url.b, await login(url.b, 'operator'));
    try {
      const inspector = await login(url.a, 'inspector');
      const res = await fetch(`${url.a}/api/v1/reports`, {
        method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${inspector}` },
        body: JSON.stringify({ source: 'inspector', lon: w.point.lon, lat: w.point.lat, categoryCode: 'C0305', description: '垃圾箱破损' }),
      });
      expect(res.status).toBe(201);
      const reported = ((await res.json()) as { case: { id: string; code: string } }).case;
      const seen = await until(() => feed.pushed.find((p) => p.data.caseId === reported.id), 'the push on B');
      expect(seen).toMatchObject({ event: 'notification', data: { caseCode: reported.code, type: 'reported', title: expect.stringContaining(reported.code) } });
      await settle();
      expect(feed.pushed.filter((p) => p.data.caseId === reported.id)).toHaveLength(1);
    } finally {
      feed.close();
    }
  });

  it('has each subscriber group handle each committed event once, whichever process wrote it', async () => {
    const before = new Set(audit.map((x) => x.id));
    const cases = await Promise.all([reportAndFile(a, w), reportAndFile(b, w), reportAndFile(a, w), reportAndFile(b, w)]);
    const written = (await Promise.all(cases.map(async (c) => (await a.cases.events(c.id)).map((e) => `${c.id}.${e.seq}`)))).flat();
    await Promise.all([a.bus.flush(), b.bus.flush()]);
    await until(() => written.every((id) => audit.some((x) => x.id === id)), 'the audit group');
    await settle();
    const handled = audit.filter((x) => !before.has(x.id) && written.includes(x.id)).map((x) => x.id);
    expect(handled.sort()).toEqual([...written].sort());
    // A group whose only member is B handles what A wrote, too.
    const filedByA = await Promise.all([cases[0]!, cases[2]!].map(async (c) => `${c.id}.${(await a.cases.events(c.id)).find((e) => e.type === 'filed')!.seq}`));
    await until(() => filedByA.every((id) => onlyB.includes(id)), 'B handling what A filed');
  });

  it('raises each yellow and red light once when both processes sweep, texts it once and pushes it once to the handler on B', async () => {
    const feed = await openFeed(url.b, await login(url.b, 'water.handler'));
    try {
      const filed = await Promise.all([reportAndFile(a, w), reportAndFile(b, w), reportAndFile(a, w)]);
      const ids = new Set(filed.map((c) => c.id));
      const textsBefore = sms(a).length + sms(b).length;
      const t = tc.clock.now() + 40 * DAY;
      const sweeps = await Promise.all([a.cases.sweepDeadlines(t), b.cases.sweepDeadlines(t), a.cases.sweepDeadlines(t), b.cases.sweepDeadlines(t)]);
      // Earlier tests' cases go red too: every red light raised, on any case, is texted once.
      const raised = sweeps.reduce((n, r) => n + r.overdue, 0);
      expect(raised).toBeGreaterThanOrEqual(filed.length);
      for (const c of filed) {
        const types = (await a.cases.events(c.id)).map((e) => e.type);
        expect(types.filter((x) => x === 'deadline_warning'), c.code).toHaveLength(1);
        expect(types.filter((x) => x === 'deadline_overdue'), c.code).toHaveLength(1);
      }
      const overduePushes = () => feed.pushed.filter((p) => ids.has(p.data.caseId) && p.data.type === 'deadline_overdue');
      await until(() => overduePushes().length >= filed.length, 'the red-light pushes on B');
      const texted = () => [...sms(a), ...sms(b)].filter((m) => ids.has(m.caseId));
      await until(() => sms(a).length + sms(b).length - textsBefore >= raised, 'the texts');
      await settle();
      expect(overduePushes().map((p) => p.data.caseId).sort()).toEqual([...ids].sort());
      expect(texted().map((m) => m.caseId).sort()).toEqual([...ids].sort());
      expect(sms(a).length + sms(b).length - textsBefore).toBe(raised);
      expect(texted().every((m) => m.text.includes('红灯超时'))).toBe(true);
    } finally {
      feed.close();
    }
  });
});
