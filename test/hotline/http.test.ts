import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { writeTable } from '../../src/core/sheet-files.js';
import { labelledSet } from '../../src/demo/labelled/generate.js';

function multipart(filename: string, body: Buffer): { payload: Buffer; headers: Record<string, string> } {
  const boundary = '----cityloop-hotline';
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: text/csv\r\n\r\n`);
  return { payload: Buffer.concat([head, body, Buffer.from(`\r\n--${boundary}--\r\n`)]), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

describe('12345 work orders over HTTP', () => {
  let t: TestApp;
  let operator: Record<string, string>;
  let admin: Record<string, string>;
  let handler: Record<string, string>;

  beforeAll(async () => {
    t = await buildTestApp();
    await t.ctx.geo.seedDemo();
    await t.ctx.geo.load();
    await t.ctx.catalog.seedDemo();
    await t.ctx.hotline.seedDemo();
    await t.ctx.classifier.addExamples(labelledSet({ perClass: 10 }), 'seed');
    const city = { level: 'city', code: '350200' } as const;
    const unit = (await t.ctx.catalog.listUnits())[0]!;
    await t.ctx.auth.createUser({ username: 'desk', displayName: '受理员', password: 'Desk2026x', scope: city, roles: ['operator'] });
    await t.ctx.auth.createUser({ username: 'boss', displayName: '管理员', password: 'Admin2026', scope: city, roles: ['admin'] });
    await t.ctx.auth.createUser({ username: 'fixer', displayName: '处置', password: 'Fixer2026', scope: city, roles: ['handler'], unitId: unit.id });
    operator = await t.login('desk', 'Desk2026x');
    admin = await t.login('boss', 'Admin2026');
    handler = await t.login('fixer', 'Fixer2026');
  }, 120_000);
  afterAll(async () => {
    await t?.close();
  });

  it('receives a pushed order (201), answers a repeat with the order as it stands (200), never shows a full name or number', async () => {
    const body = { orderNo: 'XM-H-1', caller: '王小明', phone: '13900001111', content: '厦禾路上有个大坑，电动车差点翻了', address: '思明区厦禾路' };
    const a = await t.app.inject({ method: 'POST', url: '/api/v1/hotline/orders', headers: operator, payload: body });
    expect(a.statusCode).toBe(201);
    expect(a.json()).toMatchObject({ orderNo: 'XM-H-1', callerMasked: '王**', phoneMasked: '139****1111', state: 'to_confirm', locatedBy: 'gazetteer', stateName: '待确认分类' });
    expect(a.body).not.toContain('13900001111');
    expect(a.json().proposals).toHaveLength(3);
    const b = await t.app.inject({ method: 'POST', url: '/api/v1/hotline/orders', headers: operator, payload: body });
    expect(b.statusCode).toBe(200);
    expect(b.json().id).toBe(a.json().id);
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/hotline/orders', headers: handler, payload: body })).statusCode).toBe(403);
    const half = await t.app.inject({ method: 'POST', url: '/api/v1/hotline/orders', headers: operator, payload: { ...body, orderNo: 'XM-H-2', lon: 118.1, address: null } });
    expect(half.json().code).toBe('COORDINATES_INCOMPLETE');
  });

  it('imports a file as multipart; a wrong row refuses the file with its row errors', async () => {
    const head = ['工单编号', '诉求内容', '事件发生地', '紧急程度'];
    const bad = await writeTable([head, ['XM-F-1', '路灯不亮', '仙岳路', '超级急']], 'csv', 'x');
    const r = await t.app.inject({ method: 'POST', url: '/api/v1/hotline/orders/import', headers: { ...operator, ...multipart('orders.csv', bad).headers }, payload: multipart('orders.csv', bad).payload });
    expect(r.statusCode).toBe(422);
    expect(r.json()).toMatchObject({ code: 'HOTLINE_IMPORT_INVALID', details: { errors: [{ row: 2, column: '紧急程度' }] } });
    const good = await writeTable([head, ['XM-F-1', '路灯不亮', '仙岳路', '一般']], 'csv', 'x');
    const ok = await t.app.inject({ method: 'POST', url: '/api/v1/hotline/orders/import', headers: { ...operator, ...multipart('orders.csv', good).headers }, payload: multipart('orders.csv', good).payload });
    expect(ok.json()).toMatchObject({ created: 1, existing: 0, orderNos: ['XM-F-1'] });
    const list = await t.app.inject({ method: 'GET', url: '/api/v1/hotline/orders?state=to_confirm', headers: operator });
    expect(list.json().total).toBe(2);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/hotline/orders?state=nope', headers: operator })).statusCode).toBe(400);
  });

  it('confirms an order into a case through the hotline channel', async () => {
    const o = (await t.app.inject({ method: 'GET', url: '/api/v1/hotline/orders?state=to_confirm', headers: operator })).json().items.find((x: { orderNo: string }) => x.orderNo === 'XM-H-1');
    const stale = await t.app.inject({ method: 'POST', url: `/api/v1/hotline/orders/${o.id}/confirm`, headers: operator, payload: { version: o.version + 5, categoryCode: 'E0110' } });
    expect(stale.statusCode).toBe(409);
    const r = await t.app.inject({ method: 'POST', url: `/api/v1/hotline/orders/${o.id}/confirm`, headers: operator, payload: { version: o.version, categoryCode: 'E0110' } });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({ state: 'filed', categoryCode: 'E0110' });
    const c = await t.app.inject({ method: 'GET', url: `/api/v1/cases/${r.json().caseId}`, headers: operator });
    expect(c.json().case).toMatchObject({ source: 'hotline', externalRef: 'XM-H-1' });
  });

  it('the gazetteer is the administrator’s', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/gazetteer', headers: admin })).json().items.length).toBeGreaterThan(50);
    const add = await t.app.inject({ method: 'POST', url: '/api/v1/gazetteer', headers: operator, payload: { name: '某某广场', kind: 'landmark', lon: 118.1, lat: 24.47 } });
    expect(add.statusCode).toBe(403);
    const res = await t.app.inject({ method: 'GET', url: `/api/v1/gazetteer/resolve?address=${encodeURIComponent('湖里区金尚路88号')}`, headers: operator });
    expect(res.json().match).toMatchObject({ matched: '金尚路', place: { kind: 'road' } });
    const put = await t.app.inject({ method: 'PUT', url: '/api/v1/hotline/settings', headers: admin, payload: { pushUrl: 'https://hotline.example.gov.cn/api/result' } });
    expect(put.json()).toEqual({ pushUrl: 'https://hotline.example.gov.cn/api/result' });
  });
});
