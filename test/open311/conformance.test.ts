/**
 * Our Open311 conformance suite (test/open311/conformance.ts) against the live server: the platform
 * listens on a port, and a client that knows only the discovery URL and an API key walks it over HTTP.
 * Then the posted request is followed as its case moves, on SQLite and PostgreSQL.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeStores } from '../helpers/stores.js';
import { buildServer } from '../../src/http/server.js';
import type { Api } from '../../src/http/types.js';
import { seedWorld, type World } from '../cases/fixtures.js';
import { post, runConformance, safeJson, tokenState, xmlParser } from './conformance.js';

describeStores('Open311 GeoReport v2 conformance, live', (get) => {
  let app: Api;
  let base: string;
  let w: World;
  let key: string;

  beforeAll(async () => {
    const { ctx } = get();
    w = await seedWorld(ctx);
    await ctx.open311.seedDemo();
    key = (await ctx.open311.createKey(null, '第三方随手拍 App')).key;
    app = await buildServer(ctx, { logger: false });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const addr = app.server.address();
    base = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}/open311/v2`;
  }, 60_000);

  afterAll(async () => {
    await app?.close();
  });

  it('passes every check of the suite: discovery, services, definitions, POST with a key, requests in JSON and XML, errors', async () => {
    const r = await runConformance({ discoveryUrl: `${base}/discovery.json`, apiKey: key, point: { lat: w.point.lat, long: w.point.lon } });
    expect(r.checks.filter((c) => !c.ok)).toEqual([]);
    expect(r.checks.length).toBeGreaterThan(30);
    expect(r.posted.filter((p) => p.service_request_id)).toHaveLength(2);
  });

  it('never publishes the reporter: no name, phone or e-mail in any answer', async () => {
    const res = await post(`${base}/requests.json`, new URLSearchParams({ api_key: key, service_code: 'E0102', lat: String(w.point.lat), long: String(w.point.lon), description: '路口有垃圾', email: 'private@example.org', phone: '13912345678', first_name: '张', last_name: '三' }));
    const id = (safeJson(res.text) as Array<{ service_request_id: string }>)[0]!.service_request_id;
    for (const url of [`${base}/requests/${id}.json`, `${base}/requests/${id}.xml`, `${base}/requests.json`, `${base}/requests.xml`]) {
      const text = await (await fetch(url)).text();
      expect(text).toContain(id);
      expect(text).not.toMatch(/private@example\.org|13912345678|first_name|last_name/);
    }
  });

  it('shows the status change as the case moves: status_notes, agency_responsible, expected_datetime, then closed', async () => {
    const { ctx, clock } = get();
    const res = await post(`${base}/requests.xml`, new URLSearchParams({ api_key: key, service_code: 'C0101', lat: String(w.point.lat), long: String(w.point.lon), description: '井盖松动', 'attribute[urgency]': 'normal', 'attribute[component_code]': '3502030101000012' }));
    expect(res.status).toBe(201);
    const id = String((xmlParser.parse(res.text) as { service_requests: { request: Array<{ service_request_id: string }> } }).service_requests.request[0]!.service_request_id);
    const read = async () => ((await (await fetch(`${base}/requests/${id}.json`)).json()) as Array<Record<string, string>>)[0]!;
    expect(await read()).toMatchObject({ status: 'open', status_notes: '已收到，等待受理', agency_responsible: '', service_code: 'C0101' });

    let c = (await ctx.cases.find((await ctx.open311.publicRow({ caseCode: id }))!.caseId))!;
    expect(c.code).toBe(id);
    expect(c.source).toBe('citizen');
    expect(c.description).toContain('3502030101000012');
    c = await ctx.cases.act(w.operator, c.id, 'request_check', {}, c.version);
    c = await ctx.cases.act(w.inspector, c.id, 'check', { confirmed: true }, c.version);
    c = await ctx.cases.act(w.operator, c.id, 'accept', {}, c.version);
    c = await ctx.cases.act(w.shiftLead, c.id, 'file', {}, c.version);
    expect(c.status).toBe('dispatched');
    const working = await read();
    expect(working).toMatchObject({ status: 'open', status_notes: '责任单位正在处理', agency_responsible: c.unit!.name });
    expect(working.expected_datetime).toMatch(/\+08:00$/);
    expect(Date.parse(working.expected_datetime!)).toBe(c.clock.dueAt);
    clock.advance(3600_000);
    c = await ctx.cases.act(w.handler, c.id, 'handle', { note: '已修复', photos: [w.photo2] }, c.version);
    c = await ctx.cases.act(w.operator, c.id, 'send_verification', {}, c.version);
    c = await ctx.cases.act(w.inspector, c.id, 'verify', { passed: true, photos: [w.photo2] }, c.version);
    c = await ctx.cases.act(w.shiftLead, c.id, 'close', {}, c.version);
    const done = await read();
    expect(done).toMatchObject({ status: 'closed', status_notes: '已办结', expected_datetime: '' });
    const closedList = (await (await fetch(`${base}/requests.json?status=closed`)).json()) as Array<{ service_request_id: string }>;
    expect(closedList.map((r) => r.service_request_id)).toContain(id);
    const openList = (await (await fetch(`${base}/requests.json?status=open`)).json()) as Array<{ service_request_id: string }>;
    expect(openList.map((r) => r.service_request_id)).not.toContain(id);
  });

  it('is idempotent per API key and app reference: a replay returns the same request, another key gets its own', async () => {
    const form = (k: string, desc = '绿化带旁垃圾堆积') => new URLSearchParams({ api_key: k, service_code: 'E0102', lat: String(w.point.lat), long: String(w.point.lon), description: desc, app_ref: 'app-42' });
    const first = await post(`${base}/requests.json`, form(key));
    const again = await post(`${base}/requests.json`, form(key));
    expect(first.status).toBe(201);
    expect(again.status).toBe(200);
    const idOf = (t: string) => (safeJson(t) as Array<{ service_request_id: string }>)[0]!.service_request_id;
    expect(idOf(again.text)).toBe(idOf(first.text));
    const reused = await post(`${base}/requests.json`, form(key, '另一件事'));
    expect(reused.status).toBe(409);
    expect(safeJson(reused.text)).toEqual([{ code: 409, description: expect.stringContaining('idempotency') }]);
    const other = (await get().ctx.open311.createKey(null, '另一个应用')).key;
    const theirs = await post(`${base}/requests.json`, form(other));
    expect(theirs.status).toBe(201);
    expect(idOf(theirs.text)).not.toBe(idOf(first.text));
  });

  it('answers a batch service with a token that later resolves to the request id', async () => {
    const res = await post(`${base}/requests.json`, new URLSearchParams({ api_key: key, service_code: 'E0406', lat: String(w.point.lat), long: String(w.point.lon), description: '路口积水约 20 厘米', 'attribute[urgency]': 'urgent' }));
    expect(res.status).toBe(201);
    const answer = (safeJson(res.text) as Array<{ token?: string; service_request_id?: string }>)[0]!;
    expect(answer.service_request_id).toBeUndefined();
    expect(answer.token).toMatch(/^[0-9a-f]{32}$/);
    await get().ctx.open311.drainTokens();
    const t = await tokenState(base, answer.token!, 'xml');
    expect(t).toMatchObject({ status: 200, problems: [] });
    expect(t.id).toMatch(/^\d{19}$/);
    const r = (await (await fetch(`${base}/requests/${t.id}.json`)).json()) as Array<{ service_code: string }>;
    expect(r[0]!.service_code).toBe('E0406');
    expect((await tokenState(base, '0'.repeat(32))).status).toBe(404);
  });

  it('refuses a revoked key, a closed service and an attribute the service does not define', async () => {
    const { ctx } = get();
    const admin = { id: 'admin-1', username: 'admin', displayName: '管理员', phone: null, active: true, unitId: null, scope: { level: 'city' as const, code: '350200' }, roles: ['admin' as const], createdAt: 0, updatedAt: 0 };
    const k = await ctx.open311.createKey(admin, '将被吊销');
    await ctx.open311.revokeKey(admin, k.record.id);
    const base311 = { service_code: 'E0102', lat: String(w.point.lat), long: String(w.point.lon), description: 'x' };
    expect((await post(`${base}/requests.json`, new URLSearchParams({ ...base311, api_key: k.key }))).status).toBe(403);
    expect((await post(`${base}/requests.json`, new URLSearchParams({ ...base311, api_key: key, service_code: 'E0199' }))).status).toBe(404);
    const bad = await post(`${base}/requests.json`, new URLSearchParams({ ...base311, api_key: key, 'attribute[colour]': 'red' }));
    expect(bad.status).toBe(400);
    expect((safeJson(bad.text) as Array<{ description: string }>)[0]!.description).toContain('colour');
    const outside = await post(`${base}/requests.json`, new URLSearchParams({ ...base311, api_key: key, lat: '39.9', long: '116.4' }));
    expect(outside.status).toBeGreaterThanOrEqual(400);
    expect(outside.status).toBeLessThan(500);
  });
});
