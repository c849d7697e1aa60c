import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { jpegBytes } from './fixtures.js';

function multipart(name: string, filename: string, bytes: Buffer, type = 'image/jpeg') {
  const boundary = '----cityloop' + Math.random().toString(16).slice(2);
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"; filename="${filename}"\r\nContent-Type: ${type}\r\n\r\n`),
    bytes,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

describe('cases over HTTP', () => {
  let t: TestApp;
  const h: Record<string, Record<string, string>> = {};
  let point: { lon: number; lat: number };
  let photo: string;

  beforeAll(async () => {
    t = await buildTestApp('sqlite', { config: { maxUploadBytes: 4096 } });
    await t.ctx.geo.seedDemo();
    await t.ctx.geo.load();
    await t.ctx.catalog.seedDemo();
    await t.ctx.auth.seedDemoAccounts(await t.ctx.catalog.listUnits());
    for (const u of ['inspector', 'operator', 'shiftlead', 'dispatcher', 'water.handler', 'handler', 'leader', 'huli.dispatcher', 'admin']) h[u] = await t.login(u);
    const grid = (await t.ctx.geo.listGrids({ limit: 1, districtCode: '350203' }))[0]!;
    point = grid.label;
  }, 60_000);
  afterAll(async () => t?.close());

  const act = (who: string, id: string, action: string, body: Record<string, unknown>) =>
    t.app.inject({ method: 'POST', url: `/api/v1/cases/${id}/actions/${action}`, headers: h[who], payload: body });

  it('uploads evidence by content, refuses other kinds and oversize files, and serves it back', async () => {
    const up = multipart('file', 'a.jpg', jpegBytes('http'));
    const r1 = await t.app.inject({ method: 'POST', url: '/api/v1/files', headers: { ...h.inspector, ...up.headers }, payload: up.payload });
    expect(r1.statusCode).toBe(201);
    photo = r1.json().sha256;
    expect(photo).toMatch(/^[0-9a-f]{64}$/);
    const again = await t.app.inject({ method: 'POST', url: '/api/v1/files', headers: { ...h.inspector, ...up.headers }, payload: up.payload });
    expect(again.statusCode).toBe(200);
    const fake = multipart('file', 'evil.jpg', Buffer.from('GIF89a this is not a jpeg at all'), 'image/jpeg');
    const r2 = await t.app.inject({ method: 'POST', url: '/api/v1/files', headers: { ...h.inspector, ...fake.headers }, payload: fake.payload });
    expect(r2.statusCode).toBe(415);
    expect(r2.json().code).toBe('FILE_TYPE_NOT_ALLOWED');
    const big = multipart('file', 'big.jpg', Buffer.concat([jpegBytes('big'), Buffer.alloc(10_000)]));
    const r3 = await t.app.inject({ method: 'POST', url: '/api/v1/files', headers: { ...h.inspector, ...big.headers }, payload: big.payload });
    expect(r3.statusCode).toBe(413);
    expect(r3.json().code).toBe('FILE_TOO_LARGE');
    const get = await t.app.inject({ method: 'GET', url: `/api/v1/files/${photo}`, headers: h.inspector });
    expect(get.statusCode).toBe(200);
    expect(get.headers['content-type']).toBe('image/jpeg');
    expect(get.rawPayload.equals(jpegBytes('http'))).toBe(true);
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/files/${'0'.repeat(64)}`, headers: h.inspector })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/files', ...up })).statusCode).toBe(401);
  });

  it('takes a case through the loop, each step by the role it needs', async () => {
    const body = { source: 'inspector', lon: point.lon, lat: point.lat, categoryCode: 'C0102', description: '污水井盖破损', photos: [photo] };
    const r = await t.app.inject({ method: 'POST', url: '/api/v1/reports', headers: { ...h.inspector, 'idempotency-key': 'k-1' }, payload: body });
    expect(r.statusCode).toBe(201);
    let c = r.json().case;
    expect(c).toMatchObject({ status: 'reported', statusName: '已上报', version: 1, light: 'green', sourceName: '监督员上报' });
    const replay = await t.app.inject({ method: 'POST', url: '/api/v1/reports', headers: { ...h.inspector, 'idempotency-key': 'k-1' }, payload: body });
    expect(replay.statusCode).toBe(200);
    expect(replay.json().case.id).toBe(c.id);

    const steps: Array<[string, string, Record<string, unknown>]> = [
      ['operator', 'accept', {}],
      ['shiftlead', 'file', {}],
      ['water.handler', 'handle', { note: '已更换', photos: [photo] }],
      ['operator', 'send_verification', {}],
      ['inspector', 'verify', { passed: true, photos: [photo] }],
      ['shiftlead', 'close', {}],
    ];
    for (const [who, action, extra] of steps) {
      const res = await act(who, c.id, action, { version: c.version, ...extra });
      expect(res.statusCode, `${who} ${action}: ${res.body}`).toBe(200);
      c = res.json().case;
    }
    expect(c).toMatchObject({ status: 'closed', version: 8 });
    const detail = await t.app.inject({ method: 'GET', url: `/api/v1/cases/${c.id}`, headers: h.leader });
    expect(detail.statusCode).toBe(200);
    expect(detail.json().timeline.map((e: { typeName: string }) => e.typeName)).toEqual(['上报', '受理', '立案', '派遣', '处置反馈', '转核查', '核查通过', '结案']);
    const v = await t.app.inject({ method: 'GET', url: `/api/v1/cases/${c.id}/verify`, headers: h.leader });
    expect(v.json()).toMatchObject({ ok: true, events: 8 });
  });

  it('refuses with clear codes: not logged in, wrong role, outside area, unknown, stale, wrong status, bad body', async () => {
    const r = await t.app.inject({ method: 'POST', url: '/api/v1/reports', headers: h.inspector, payload: { source: 'inspector', lon: point.lon, lat: point.lat, categoryCode: 'C0102', description: '井盖' } });
    const c = r.json().case;
    const expectCode = async (p: Promise<{ statusCode: number; json(): { code: string } }>, status: number, code: string) => {
      const res = await p;
      expect([res.statusCode, res.json().code]).toEqual([status, code]);
    };
    await expectCode(t.app.inject({ method: 'POST', url: `/api/v1/cases/${c.id}/actions/accept`, payload: { version: 1 } }), 401, 'AUTH_REQUIRED');
    await expectCode(act('dispatcher', c.id, 'accept', { version: 1 }), 403, 'FORBIDDEN_ROLE');
    await expectCode(act('admin', c.id, 'accept', { version: 1 }), 403, 'FORBIDDEN_ROLE');
    await expectCode(act('operator', 'no-such-case', 'accept', { version: 1 }), 404, 'CASE_NOT_FOUND');
    await expectCode(act('operator', c.id, 'teleport', { version: 1 }), 404, 'CASE_ACTION_UNKNOWN');
    await expectCode(act('operator', c.id, 'accept', {}), 400, 'VALIDATION_FAILED');
    await expectCode(act('operator', c.id, 'accept', { version: 7 }), 409, 'CASE_VERSION_CONFLICT');
    await expectCode(act('shiftlead', c.id, 'close', { version: 1 }), 409, 'CASE_ACTION_NOT_ALLOWED');
    await expectCode(act('operator', c.id, 'reject', { version: 1 }), 422, 'REASON_REQUIRED');
    const accepted = (await act('operator', c.id, 'accept', { version: 1 })).json().case;
    const filed = (await act('shiftlead', c.id, 'file', { version: accepted.version })).json().case;
    // Out of scope reads as not found, everywhere: the case, its chain check, actions on it.
    await expectCode(act('huli.dispatcher', c.id, 'urge', { version: filed.version }), 404, 'CASE_NOT_FOUND');
    await expectCode(act('handler', c.id, 'handle', { version: filed.version, note: 'x', photos: [photo] }), 404, 'CASE_NOT_FOUND');
    await expectCode(t.app.inject({ method: 'GET', url: `/api/v1/cases/${c.id}`, headers: h['huli.dispatcher'] }), 404, 'CASE_NOT_FOUND');
    await expectCode(t.app.inject({ method: 'GET', url: `/api/v1/cases/${c.id}/verify`, headers: h['huli.dispatcher'] }), 404, 'CASE_NOT_FOUND');
    await expectCode(t.app.inject({ method: 'GET', url: `/api/v1/cases/${c.id}/candidates`, headers: h['huli.dispatcher'] }), 404, 'CASE_NOT_FOUND');
    await expectCode(t.app.inject({ method: 'POST', url: `/api/v1/cases/${c.id}/actions/handle`, headers: h.handler, payload: { version: filed.version, note: 'x', photos: [photo] } }), 404, 'CASE_NOT_FOUND');
    await expectCode(t.app.inject({ method: 'GET', url: `/api/v1/cases/${c.id}`, headers: h.handler }), 404, 'CASE_NOT_FOUND');
    await expectCode(act('water.handler', c.id, 'handle', { version: filed.version, note: 'x' }), 422, 'PHOTOS_REQUIRED');
    await expectCode(act('water.handler', c.id, 'handle', { version: filed.version, note: 'x', photos: ['1'.repeat(64)] }), 422, 'ATTACHMENT_NOT_FOUND');
    await expectCode(t.app.inject({ method: 'POST', url: '/api/v1/reports', headers: h.inspector, payload: { source: 'inspector', lon: 1, lat: 1, categoryCode: 'C0102', description: 'x' } }), 422, 'OUTSIDE_MANAGED_AREA');
    await expectCode(t.app.inject({ method: 'POST', url: '/api/v1/reports', headers: h.inspector, payload: { source: 'nobody', lon: 1, lat: 1, categoryCode: 'C0102', description: 'x' } }), 400, 'VALIDATION_FAILED');
    // Nothing half-written: the refused steps left the log as it was.
    const d = (await t.app.inject({ method: 'GET', url: `/api/v1/cases/${c.id}`, headers: h.operator })).json();
    expect(d.timeline).toHaveLength(filed.version);
  });

  it('searches with filters and paging, within the user’s area', async () => {
    const all = await t.app.inject({ method: 'GET', url: '/api/v1/cases?pageSize=1', headers: h.operator });
    expect(all.statusCode).toBe(200);
    expect(all.json().items).toHaveLength(1);
    expect(all.json().total).toBeGreaterThanOrEqual(2);
    const closed = await t.app.inject({ method: 'GET', url: '/api/v1/cases?status=closed&categoryCode=C0102&districtCode=350203&q=井盖', headers: h.operator });
    expect(closed.json().items.every((c: { status: string }) => c.status === 'closed')).toBe(true);
    expect(closed.json().total).toBeGreaterThanOrEqual(1);
    const huli = await t.app.inject({ method: 'GET', url: '/api/v1/cases', headers: h['huli.dispatcher'] });
    expect(huli.json().total).toBe(0);
    const bad = await t.app.inject({ method: 'GET', url: '/api/v1/cases?from=yesterday', headers: h.operator });
    expect(bad.json().code).toBe('INSTANT_INVALID');
  });

  it('lists each user’s work, most urgent first, and notifies the people who must act', async () => {
    const wl = await t.app.inject({ method: 'GET', url: '/api/v1/worklist', headers: h['water.handler'] });
    expect(wl.statusCode).toBe(200);
    expect(wl.json().items.length).toBeGreaterThanOrEqual(1);
    expect(wl.json().items.every((c: { unit: { code: string } }) => c.unit.code === 'XM-SW')).toBe(true);
    const n = await t.app.inject({ method: 'GET', url: '/api/v1/notifications', headers: h['water.handler'] });
    expect(n.json().unread).toBeGreaterThanOrEqual(1);
    expect(n.json().items[0].title).toMatch(/派遣|立案/);
    await t.app.inject({ method: 'POST', url: '/api/v1/notifications/read', headers: h['water.handler'], payload: {} });
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/notifications', headers: h['water.handler'] })).json().unread).toBe(0);
  });

  it('pushes a notification over server-sent events when a case reaches the user', async () => {
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = t.app.server.address() as AddressInfo;
    const received = new Promise<string>((resolve, reject) => {
      const req = http.get({ host: '127.0.0.1', port, path: '/api/v1/notifications/stream', headers: h.operator }, (res) => {
        expect(res.headers['content-type']).toContain('text/event-stream');
        let buf = '';
        res.on('data', (chunk: Buffer) => {
          buf += chunk.toString();
          if (buf.includes('event: notification')) {
            req.destroy();
            resolve(buf);
          } else if (buf.includes(': connected')) {
            void t.app.inject({ method: 'POST', url: '/api/v1/reports', headers: h.inspector, payload: { source: 'inspector', lon: point.lon, lat: point.lat, categoryCode: 'C0305', description: '垃圾箱破损' } });
          }
        });
      });
      req.on('error', reject);
    });
    const text = await received;
    const data = JSON.parse(/data: (.*)\n/.exec(text)![1]!);
    expect(data).toMatchObject({ type: 'reported', categoryName: expect.any(String) });
  });

  it('documents every case path in the OpenAPI document', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    for (const p of ['/api/v1/reports', '/api/v1/cases', '/api/v1/cases/{id}', '/api/v1/cases/{id}/actions/{action}', '/api/v1/cases/{id}/verify', '/api/v1/worklist', '/api/v1/files', '/api/v1/files/{sha256}', '/api/v1/notifications', '/api/v1/notifications/stream']) {
      expect(doc.paths[p], p).toBeDefined();
    }
  });
});
