import { expect } from 'vitest';
import { jpegBytes } from '../cases/fixtures.js';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { PG_URL, type StoreKind } from '../helpers/stores.js';

export const ACCOUNTS = ['inspector', 'operator', 'shiftlead', 'water.handler', 'leader', 'enforcer', 'enforcer2', 'huli.enforcer', 'legalreviewer', 'admin', 'huli.leader'] as const;

/** The stores to run HTTP suites on: SQLite always, PostgreSQL when CITYLOOP_TEST_PG_URL is set. */
export const KINDS: StoreKind[] = PG_URL ? ['sqlite', 'postgres'] : ['sqlite'];

export interface EnforcementApp extends TestApp {
  h: Record<string, Record<string, string>>;
  uid: Record<string, string>;
  photo: string;
  /** A point in 思明 (the label of its first grid): where the tests' clues and impounds are. */
  point: { lon: number; lat: number };
  act(who: string, id: string, action: string, body: Record<string, unknown>): Promise<{ statusCode: number; json(): any; body: string }>;
  /** Takes an impound in as the officer `enforcer` (two certified officers, a photo); expects 201. */
  takeImpound(body: Record<string, unknown>): Promise<any>;
  readImpound(id: string): Promise<any>;
  /** The types of an impound's events, in order. */
  impoundEventTypes(id: string): Promise<string[]>;
  /** Moves the clock to `at` and logs everyone in again (sessions end after 12 h without use). */
  travel(at: number): Promise<void>;
  /** Acts and expects 200; returns the case. */
  step(who: string, p: { id: string; version: number }, action: string, body?: Record<string, unknown>): Promise<any>;
}

/** The whole app on a fresh store with the demo city, accounts, officers and benchmark. */
export async function enforcementApp(kind: StoreKind, startAt?: number): Promise<EnforcementApp> {
  // Time travel logs everyone in again: more logins a minute than a real address may make.
  const t = await buildTestApp(kind, { config: { rateLimitLoginPerMinute: 100_000 }, ...(startAt ? { startAt } : {}) });
  await t.ctx.geo.seedDemo();
  await t.ctx.geo.load();
  await t.ctx.catalog.seedDemo();
  await t.ctx.auth.seedDemoAccounts(await t.ctx.catalog.listUnits());
  await t.ctx.enforcement.seedDemo((u) => t.ctx.auth.findByUsername(u));
  const h: Record<string, Record<string, string>> = {};
  const uid: Record<string, string> = {};
  for (const u of ACCOUNTS) {
    h[u] = await t.login(u);
    uid[u] = (await t.ctx.auth.findByUsername(u))!.id;
  }
  const photo = (await t.ctx.files.saveBuffer(jpegBytes('scene'), { uploadedBy: uid.enforcer! })).sha256;
  const point = (await t.ctx.geo.listGrids({ limit: 1, districtCode: '350203' }))[0]!.label;
  const act = async (who: string, id: string, action: string, body: Record<string, unknown>) =>
    t.app.inject({ method: 'POST', url: `/api/v1/penalty-cases/${id}/actions/${action}`, headers: h[who], payload: body });
  return {
    ...t, h, uid, photo, point, act,
    async takeImpound(body) {
      const r = await t.app.inject({ method: 'POST', url: '/api/v1/impounds', headers: h.enforcer, payload: {
        measure: 'seizure', reason: '占道经营，经责令仍不改正', photos: [photo], officerIds: [uid.enforcer, uid.enforcer2], ...body,
      } });
      expect(r.statusCode, r.body).toBe(201);
      return r.json().impound;
    },
    async readImpound(id) {
      return (await t.app.inject({ method: 'GET', url: `/api/v1/impounds/${id}`, headers: h.enforcer })).json().impound;
    },
    async impoundEventTypes(id) {
      return (await t.app.inject({ method: 'GET', url: `/api/v1/impounds/${id}/events`, headers: h.enforcer })).json().items.map((e: { type: string }) => e.type);
    },
    async travel(at) {
      t.clock.set(at);
      for (const u of ACCOUNTS) h[u] = await t.login(u);
    },
    async step(who, p, action, body = {}) {
      const res = await act(who, p.id, action, { version: p.version, ...body });
      if (res.statusCode !== 200) throw new Error(`${who} ${action}: ${res.statusCode} ${res.body}`);
      return res.json().penaltyCase;
    },
  };
}
