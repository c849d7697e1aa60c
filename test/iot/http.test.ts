import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { at, deviceInput } from './fixtures.js';

/**
 * The hub over HTTP: register and edit devices (validation, version guard, scope reads as 404),
 * batch ingest with device Basic auth (bad readings counted by reason, never a 5xx), alarms listed
 * and acted on through the declared action routes, rules edited with validation, the device file.
 */
describe('the IoT hub over HTTP', () => {
  let t: TestApp;
  const h: Record<string, Record<string, string>> = {};
  let siming: { lon: number; lat: number };
  beforeAll(async () => {
    t = await buildTestApp('sqlite');
    await t.ctx.geo.seedDemo();
    await t.ctx.geo.load();
    await t.ctx.catalog.seedDemo();
    await t.ctx.auth.seedDemoAccounts(await t.ctx.catalog.listUnits());
    for (const u of ['operator', 'admin', 'huli.dispatcher', 'inspector']) h[u] = await t.login(u);
    siming = (await t.ctx.geo.listGrids({ limit: 1, districtCode: '350203' }))[0]!.label;
  }, 60_000);
  afterAll(async () => t?.close());

  const basic = (id: string, secret: string) => ({ authorization: `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}` });

  it('registers a device (secret once), refuses a duplicate and a bad body, edits with the version read', async () => {
    const input = deviceInput('tilt', siming, { baseline: { tilt: 0.8 } });
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/devices', headers: h.admin, payload: input });
    expect(res.statusCode).toBe(201);
    const { device, secret } = res.json() as { device: { id: string; version: number; districtCode: string; online: boolean }; secret: string };
    expect(device).toMatchObject({ id: input.id, districtCode: '350203', online: false });
    expect(secret.length).toBeGreaterThan(20);
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/devices', headers: h.admin, payload: input })).json()).toMatchObject({ code: 'DEVICE_EXISTS' });
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/devices', headers: h.admin, payload: { ...input, id: 'x' } })).statusCode).toBe(400);
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/devices', headers: h.admin, payload: { ...deviceInput('gas', siming), contactPhone: 'call me' } })).json()).toMatchObject({ code: 'DEVICE_INVALID' });
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/devices', headers: h.operator, payload: deviceInput('gas', siming) })).statusCode).toBe(403);
    const patched = await t.app.inject({ method: 'PATCH', url: `/api/v1/devices/${input.id}`, headers: h.admin, payload: { version: 1, contactPhone: '13900000000', rotateSecret: true } });
    expect(patched.statusCode).toBe(200);
    expect(patched.json()).toMatchObject({ device: { version: 2, contactPhone: '13900000000' }, secret: expect.any(String) });
    expect((await t.app.inject({ method: 'PATCH', url: `/api/v1/devices/${input.id}`, headers: h.admin, payload: { version: 1, name: '旧版本' } })).statusCode).toBe(409);
    // Out of scope reads as not found (a Huli dispatcher, a Siming device).
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/devices/${input.id}`, headers: h['huli.dispatcher'] })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/devices/${input.id}`, headers: h.operator })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/devices', headers: h['huli.dispatcher'] })).json()).toMatchObject({ total: 0 });
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/devices', headers: h.inspector })).statusCode).toBe(403);
  });

  it('takes a gateway batch with device Basic auth; bad readings are counted by reason, never a 5xx', async () => {
    t.clock.set(at('2026-03-02T15:00:00'));
    const input = deviceInput('tilt', siming, { baseline: { tilt: 1 } });
    const { secret } = (await t.app.inject({ method: 'POST', url: '/api/v1/devices', headers: h.admin, payload: input })).json() as { secret: string };
    const readings = [
      { deviceId: input.id, values: { tilt: 1.2 } }, { deviceId: input.id, values: { tilt: 'x' } }, { deviceId: input.id, values: { tilt: 400 } },
      { deviceId: 'SOMEONE-ELSE', values: { tilt: 1 } }, 'junk', { deviceId: input.id, ts: at('2026-03-02T15:00:01'), values: { tilt: 7.5 } },
    ];
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/telemetry', headers: basic(input.id, secret), payload: { readings } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ accepted: 2, rejected: 4, reasons: { malformed: 2, out_of_range: 1, bad_credentials: 1 } });
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/telemetry', headers: basic(input.id, 'wrong'), payload: { readings } })).statusCode).toBe(401);
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/telemetry', headers: basic(input.id, secret), payload: { readings: [] } })).statusCode).toBe(400);
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/telemetry', headers: { ...basic(input.id, secret), 'content-type': 'application/json' }, payload: '{"readings": [' })).statusCode).toBe(400);
    await t.ctx.iot.settle();

    const list = (await t.app.inject({ method: 'GET', url: `/api/v1/alarms?deviceId=${input.id}&ruleKey=tilt.baseline`, headers: h.operator })).json() as { items: Array<{ id: string; version: number; severity: string; state: string }>; total: number };
    expect(list.total).toBe(1);
    const a = list.items[0]!;
    expect(a).toMatchObject({ severity: 'critical', state: 'active_unack' });
    const detail = (await t.app.inject({ method: 'GET', url: `/api/v1/alarms/${a.id}`, headers: h.operator })).json() as { events: Array<{ type: string; data: { values?: unknown } }> };
    expect(detail.events[0]).toMatchObject({ type: 'raised', data: { values: { tilt: 7.5 } } });
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/alarms/${a.id}`, headers: h['huli.dispatcher'] })).statusCode).toBe(404);
    const ack = await t.app.inject({ method: 'POST', url: `/api/v1/alarms/${a.id}/actions/acknowledge`, headers: h.operator, payload: { version: a.version, note: '已联系业主' } });
    expect(ack.statusCode).toBe(200);
    expect(ack.json()).toMatchObject({ alarm: { state: 'active_ack' } });
    const v = (ack.json() as { alarm: { version: number } }).alarm.version;
    expect((await t.app.inject({ method: 'POST', url: `/api/v1/alarms/${a.id}/actions/clear`, headers: h.operator, payload: { version: v } })).json()).toMatchObject({ code: 'NOTE_REQUIRED' });
    expect((await t.app.inject({ method: 'POST', url: `/api/v1/alarms/${a.id}/actions/clear`, headers: h.operator, payload: { version: v, note: '已加固' } })).json()).toMatchObject({ alarm: { state: 'cleared_ack', active: false } });
    const stats = (await t.app.inject({ method: 'GET', url: '/api/v1/iot/stats', headers: h.operator })).json() as { rejected: Record<string, number> };
    expect(stats.rejected.malformed).toBeGreaterThanOrEqual(2);
  });

  it('serves a device’s series and raw readings; a bad range or step is a 400, out of scope a 404', async () => {
    t.clock.set(at('2026-03-02T16:00:00'));
    const input = deviceInput('noise', siming);
    const { secret } = (await t.app.inject({ method: 'POST', url: '/api/v1/devices', headers: h.admin, payload: input })).json() as { secret: string };
    const readings = [{ deviceId: input.id, ts: at('2026-03-02T15:30:10'), values: { laeq: 60 } }, { deviceId: input.id, ts: at('2026-03-02T15:30:50'), values: { laeq: 80 } }];
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/telemetry', headers: basic(input.id, secret), payload: { readings } })).json()).toMatchObject({ accepted: 2 });
    await t.ctx.iot.settle();
    const q = `from=${encodeURIComponent('2026-03-02T15:00:00+08:00')}&to=${encodeURIComponent('2026-03-02T16:00:00+08:00')}`;
    const s = await t.app.inject({ method: 'GET', url: `/api/v1/devices/${input.id}/series?${q}&step=5`, headers: h.operator });
    expect(s.statusCode).toBe(200);
    expect(s.json()).toMatchObject({ stepMinutes: 5, series: { laeq: [{ at: at('2026-03-02T15:30:00'), count: 2, min: 60, max: 80, mean: 77.03 }] } });
    const raw = await t.app.inject({ method: 'GET', url: `/api/v1/devices/${input.id}/readings?${q}`, headers: h.operator });
    expect(raw.json()).toMatchObject({ items: [{ ts: at('2026-03-02T15:30:10'), values: { laeq: 60 } }, { values: { laeq: 80 } }] });
    for (const bad of [`from=${encodeURIComponent('2026-03-02T16:00:00+08:00')}&to=${encodeURIComponent('2026-03-02T15:00:00+08:00')}`, 'from=yesterday', `${q}&step=0`, `${q}&step=x`, 'from=2025-01-01T00:00:00%2B08:00&to=2026-01-01T00:00:00%2B08:00']) {
      const res = await t.app.inject({ method: 'GET', url: `/api/v1/devices/${input.id}/series?${bad}`, headers: h.operator });
      expect(res.statusCode, bad).toBe(400);
      expect(res.json(), bad).toMatchObject({ code: expect.any(String), message: expect.any(String), messageEn: expect.any(String) });
    }
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/devices/${input.id}/readings?limit=0`, headers: h.operator })).statusCode).toBe(400);
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/devices/${input.id}/series`, headers: h['huli.dispatcher'] })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/devices/${input.id}/readings`, headers: h['huli.dispatcher'] })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/devices/NO-SUCH-DEVICE/series', headers: h.operator })).statusCode).toBe(404);
    const day = (await t.app.inject({ method: 'GET', url: '/api/v1/iot/noise/compliance?date=2026-03-02', headers: h.operator })).json() as { items: Array<{ deviceId: string; dayOver: number }> };
    expect(day.items.find((r) => r.deviceId === input.id)).toMatchObject({ dayMinutes: 1, dayOver: 1, worstLeq: 77.03 });
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/iot/noise/compliance?date=2-3', headers: h.operator })).statusCode).toBe(400);
  });

  it('edits a rule with validation and a version guard; the engine applies the new version', async () => {
    const rules = (await t.app.inject({ method: 'GET', url: '/api/v1/iot/rules', headers: h.admin })).json() as { items: Array<{ id: string; key: string; version: number; body: Record<string, unknown> }> };
    const gas = rules.items.find((r) => r.key === 'gas.lel')!;
    const bad = await t.app.inject({ method: 'PUT', url: `/api/v1/iot/rules/${gas.id}`, headers: h.admin, payload: { version: gas.version, body: { ...gas.body, escalation: [{ afterMinutes: 10, notify: 'owner' }, { afterMinutes: 5, notify: 'street' }] } } });
    expect(bad.statusCode).toBe(422);
    expect(bad.json()).toMatchObject({ code: 'RULE_INVALID', details: { path: 'escalation[1].afterMinutes' } });
    const ok = await t.app.inject({ method: 'PUT', url: `/api/v1/iot/rules/${gas.id}`, headers: h.admin, payload: { version: gas.version, body: { ...gas.body, caseAfterMinutes: 20 } } });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ rule: { version: gas.version + 1 } });
    expect((await t.app.inject({ method: 'PUT', url: `/api/v1/iot/rules/${gas.id}`, headers: h.admin, payload: { version: gas.version, body: gas.body } })).statusCode).toBe(409);
    expect((await t.app.inject({ method: 'PUT', url: `/api/v1/iot/rules/${gas.id}`, headers: h.operator, payload: { version: gas.version + 1, body: gas.body } })).statusCode).toBe(403);
    expect(t.ctx.iot.engine.rules().find((r) => r.id === gas.id)!.body.caseAfterMinutes).toBe(20);
  });

  it('exports the devices as a file and imports one all or nothing with row errors', async () => {
    const csv = await t.app.inject({ method: 'GET', url: '/api/v1/devices/export?format=csv', headers: h.admin });
    expect(csv.statusCode).toBe(200);
    expect(csv.body).toContain('设备编号');
    const a = deviceInput('dust', siming);
    const b = deviceInput('manhole', siming);
    const row = (d: ReturnType<typeof deviceInput>, phone = d.contactPhone) => [d.id, d.type, d.model, d.serial, d.name, d.ownerKind, d.ownerId, d.ownerName, d.contactName, phone, d.lon, d.lat, '', '{}', '{}'].join(',');
    const header = '设备编号,设备类型,型号,序列号,设备名称,业主类型,业主编号,业主名称,责任人,联系电话,经度,纬度,地址,安装基准,参数';
    const refused = await t.app.inject({ method: 'POST', url: '/api/v1/devices/import', headers: { ...h.admin, 'content-type': 'text/csv' }, payload: [header, row(a), row(b, 'nope')].join('\n') });
    expect(refused.statusCode).toBe(422);
    expect(JSON.stringify(refused.json())).toContain('第3行');
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/devices/${a.id}`, headers: h.admin })).statusCode).toBe(404);
    const ok = await t.app.inject({ method: 'POST', url: '/api/v1/devices/import', headers: { ...h.admin, 'content-type': 'text/csv' }, payload: [header, row(a), row(b)].join('\n') });
    expect(ok.statusCode).toBe(200);
    expect((ok.json() as { created: unknown[] }).created).toHaveLength(2);
  });
});
