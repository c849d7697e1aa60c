import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { readTable, writeTable } from '../../src/catalog/sheet-files.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

function multipart(filename: string, type: string, body: Buffer): { payload: Buffer; headers: Record<string, string> } {
  const boundary = '----cityloop-test-boundary';
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: ${type}\r\n\r\n`);
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return { payload: Buffer.concat([head, body, tail]), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

describe('catalog over HTTP', () => {
  let t: TestApp;
  let admin: Record<string, string>;
  let inspector: Record<string, string>;

  beforeAll(async () => {
    t = await buildTestApp();
    await t.ctx.catalog.seedDemo();
    const city = { level: 'city', code: '350200' } as const;
    await t.ctx.auth.createUser({ username: 'boss', displayName: '管理员', password: 'Admin2026', scope: city, roles: ['admin'] });
    await t.ctx.auth.createUser({ username: 'walker', displayName: '监督员', password: 'Walker2026', scope: city, roles: ['inspector'] });
    admin = await t.login('boss', 'Admin2026');
    inspector = await t.login('walker', 'Walker2026');
  }, 60_000);
  afterAll(async () => {
    await t?.close();
  });

  it('asks for a login', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/catalog/categories' });
    expect(res.statusCode).toBe(401);
    expect(res.json()).toMatchObject({ code: 'AUTH_REQUIRED' });
  });

  it('searches classes for the picker', async () => {
    const res = await t.app.inject({ method: 'GET', url: `/api/v1/catalog/categories?q=${encodeURIComponent('暴露')}&kind=event`, headers: inspector });
    expect(res.statusCode).toBe(200);
    expect(res.json().items[0]).toMatchObject({ code: 'E0102', name: '暴露垃圾', kind: 'event', version: 'GB/T 30428.2-2013' });
  });

  it('lets only an admin add and rename classes', async () => {
    const denied = await t.app.inject({ method: 'POST', url: '/api/v1/catalog/categories', headers: inspector, payload: { code: 'E2107', name: '违规撑伞' } });
    expect(denied.statusCode).toBe(403);
    const created = await t.app.inject({ method: 'POST', url: '/api/v1/catalog/categories', headers: admin, payload: { code: 'E2107', name: '沿街违规撑伞' } });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ code: 'E2107', local: true });
    const reserved = await t.app.inject({ method: 'POST', url: '/api/v1/catalog/categories', headers: admin, payload: { code: 'E0514', name: 'x' } });
    expect(reserved.statusCode).toBe(422);
    expect(reserved.json()).toMatchObject({ code: 'CATEGORY_CODE_RESERVED', message: expect.stringContaining('21'), messageEn: expect.any(String) });
    const renamed = await t.app.inject({ method: 'PATCH', url: '/api/v1/catalog/categories/E2107', headers: admin, payload: { name: '违规撑伞' } });
    expect(renamed.json()).toMatchObject({ code: 'E2107', name: '违规撑伞', history: [{ name: '沿街违规撑伞' }] });
  });

  it('manages units and components', async () => {
    const unit = await t.app.inject({
      method: 'POST',
      url: '/api/v1/catalog/units',
      headers: admin,
      payload: { code: 'XM-SZYL-2', name: '厦门市市政园林局二所', kind: 'department', parentCode: 'XM-SZYL' },
    });
    expect(unit.statusCode).toBe(201);
    const list = await t.app.inject({ method: 'GET', url: '/api/v1/catalog/units?kind=street_office&districtCode=350213', headers: inspector });
    expect(list.json().items.map((u: { name: string }) => u.name)).toContain('大嶝街道办事处');
    const patched = await t.app.inject({ method: 'PATCH', url: '/api/v1/catalog/units/XM-SZYL-2', headers: admin, payload: { active: false } });
    expect(patched.json().active).toBe(false);

    const comp = await t.app.inject({
      method: 'POST',
      url: '/api/v1/catalog/components',
      headers: admin,
      payload: { categoryCode: 'C0118', districtCode: '350206', lon: 118.12, lat: 24.51, maintainerUnitCode: '350206-SZYL' },
    });
    expect(comp.statusCode).toBe(201);
    expect(comp.json()).toMatchObject({ objectCode: '3502060118000001', name: '路灯', state: 'intact', stateLabel: '完好' });
    const bad = await t.app.inject({ method: 'POST', url: '/api/v1/catalog/components', headers: admin, payload: { objectCode: '12', lon: 118, lat: 24 } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().code).toBe('OBJECT_CODE_INVALID');
    const got = await t.app.inject({ method: 'GET', url: '/api/v1/catalog/components/3502060118000001', headers: inspector });
    expect(got.json().maintainerUnitCode).toBe('350206-SZYL');
  });

  it('matches a case to its owning unit', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/v1/catalog/responsibility/match?categoryCode=C0307&districtCode=350203&streetCode=350203004&urgency=normal',
      headers: inspector,
    });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ unique: true, reason: '事项清单 C0307: 广告牌匾 → 思明区市政园林局' });
    expect(body.winner.item.timeLimits.handle).toEqual({ value: 5, unit: 'work_days', text: '5工作日' });
    expect(body.winner.item.owner).toMatchObject({ type: 'territorial', unitKind: 'district_department', duty: '市政园林局' });
  });

  it('exports XLSX and CSV and imports them back (multipart and raw body)', async () => {
    const before = (await t.app.inject({ method: 'GET', url: '/api/v1/catalog/responsibility', headers: inspector })).json().items;
    const xlsx = await t.app.inject({ method: 'GET', url: '/api/v1/catalog/responsibility/export?format=xlsx', headers: admin });
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.headers['content-type']).toBe(XLSX);
    expect(xlsx.headers['content-disposition']).toContain('attachment');
    const up = multipart('清单.xlsx', XLSX, xlsx.rawPayload);
    const imported = await t.app.inject({ method: 'POST', url: '/api/v1/catalog/responsibility/import', headers: { ...admin, ...up.headers }, payload: up.payload });
    expect(imported.statusCode).toBe(200);
    expect(imported.json()).toMatchObject({ format: 'xlsx', total: before.length, created: 0, removed: 0 });

    const csv = await t.app.inject({ method: 'GET', url: '/api/v1/catalog/responsibility/export?format=csv', headers: admin });
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body).toContain('事项编号');
    const raw = await t.app.inject({
      method: 'POST',
      url: '/api/v1/catalog/responsibility/import',
      headers: { ...admin, 'content-type': 'text/csv' },
      payload: csv.rawPayload,
    });
    expect(raw.statusCode).toBe(200);
    expect(raw.json()).toMatchObject({ format: 'csv', total: before.length });
    const after = (await t.app.inject({ method: 'GET', url: '/api/v1/catalog/responsibility', headers: inspector })).json().items;
    expect(after).toEqual(before);
  });

  it('answers a bad file with its row errors and imports nothing', async () => {
    const csv = await t.app.inject({ method: 'GET', url: '/api/v1/catalog/responsibility/export?format=csv', headers: admin });
    const table = await readTable(csv.rawPayload, 'csv');
    table[16]![7] = '市政园林局二所';
    const bad = await writeTable(table, 'csv', 'x');
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/catalog/responsibility/import', headers: { ...admin, 'content-type': 'text/csv' }, payload: bad });
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({
      code: 'RESPONSIBILITY_IMPORT_INVALID',
      details: { errors: [{ row: 17, message: '第17行：未知单位「市政园林局二所」', messageEn: "row 17: unknown unit '市政园林局二所'" }] },
    });
    const denied = await t.app.inject({ method: 'POST', url: '/api/v1/catalog/responsibility/import', headers: { ...inspector, 'content-type': 'text/csv' }, payload: bad });
    expect(denied.statusCode).toBe(403);
  });

  it('publishes the catalog routes in the OpenAPI document', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/api/v1/catalog/categories', '/api/v1/catalog/responsibility/match', '/api/v1/catalog/responsibility/import']),
    );
  });
});
