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

  it('shows a district’s operator only the orders placed in that district; another district’s order reads as not found', async () => {
    await t.ctx.auth.createUser({ username: 'huli.desk', displayName: '湖里受理员', password: 'Huli2026x', scope: { level: 'district', code: '350206' }, roles: ['operator'] });
    await t.ctx.auth.createUser({ username: 'siming.desk', displayName: '思明受理员', password: 'Siming2026', scope: { level: 'district', code: '350203' }, roles: ['operator'] });
    const huli = await t.login('huli.desk', 'Huli2026x');
    const siming = await t.login('siming.desk', 'Siming2026');
    // A Siming order (厦禾路), waiting for its class.
    const sm = await t.app.inject({ method: 'POST', url: '/api/v1/hotline/orders', headers: operator, payload: { orderNo: 'XM-D-1', content: '厦禾路人行道上的井盖松动了', address: '思明区厦禾路' } });
    expect(sm.statusCode).toBe(201);
    expect(sm.json()).toMatchObject({ state: 'to_confirm' });
    const id = sm.json().id as string;
    const version = sm.json().version as number;

    const listed = (h: Record<string, string>) => t.app.inject({ method: 'GET', url: '/api/v1/hotline/orders?limit=200', headers: h }).then((r) => r.json() as { items: Array<{ orderNo: string; state: string }>; counts: Record<string, number> });
    expect((await listed(siming)).items.map((o) => o.orderNo)).toContain('XM-D-1');
    const huliList = await listed(huli);
    expect(huliList.items.map((o) => o.orderNo)).not.toContain('XM-D-1');
    // The counts by state count only the district's orders too.
    expect(huliList.counts.to_confirm ?? 0).toBe(huliList.items.filter((o) => o.state === 'to_confirm').length);
    expect((await listed(operator)).counts.to_confirm).toBeGreaterThan(huliList.counts.to_confirm ?? 0);

    // Every read and write of it by the other district: not found, and nothing changes.
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/hotline/orders/${id}`, headers: huli })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/hotline/orders/${id}`, headers: siming })).statusCode).toBe(200);
    for (const [path, payload] of [
      ['confirm', { version, categoryCode: 'E0110' }],
      ['reject', { version, reason: '不属于本区' }],
      ['locate', { version, lon: 118.18, lat: 24.5 }],
    ] as const) {
      const r = await t.app.inject({ method: 'POST', url: `/api/v1/hotline/orders/${id}/${path}`, headers: huli, payload });
      expect(r.statusCode, path).toBe(404);
      expect(r.json().code).toBe('HOTLINE_ORDER_NOT_FOUND');
    }
    // The idempotency key is no way round it: a repeat of the order number answers not found, not the order.
    const again = await t.app.inject({ method: 'POST', url: '/api/v1/hotline/orders', headers: huli, payload: { orderNo: 'XM-D-1', content: '重复推送', address: '湖里区金尚路' } });
    expect(again.statusCode).toBe(404);
    expect(again.body).not.toContain('井盖');
    const still = await t.app.inject({ method: 'GET', url: `/api/v1/hotline/orders/${id}`, headers: operator });
    expect(still.json()).toMatchObject({ version, state: 'to_confirm' });

    // A new order placed in Siming is not Huli's to take in; one without a place stays with Huli's desk.
    const outside = await t.app.inject({ method: 'POST', url: '/api/v1/hotline/orders', headers: huli, payload: { orderNo: 'XM-D-2', content: '中山路步行街有人乱摆摊', address: '中山路步行街' } });
    expect(outside.statusCode).toBe(403);
    expect(outside.json()).toMatchObject({ code: 'FORBIDDEN_SCOPE', message: '工单的事发地不在您的管辖范围内' });
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/hotline/orders/XM-D-2', headers: operator })).statusCode).toBe(404);
    const vague = await t.app.inject({ method: 'POST', url: '/api/v1/hotline/orders', headers: huli, payload: { orderNo: 'XM-D-3', content: '小区门口垃圾没人清运', address: '某个说不清的地方' } });
    expect(vague.json()).toMatchObject({ state: 'needs_location', districtCode: '350206' });
    expect((await listed(huli)).items.map((o) => o.orderNo)).toContain('XM-D-3');
    expect((await listed(siming)).items.map((o) => o.orderNo)).not.toContain('XM-D-3');
    // Placing it in Siming is refused; in Huli it waits for its class.
    const v3 = vague.json().version as number;
    const wrong = await t.app.inject({ method: 'POST', url: `/api/v1/hotline/orders/${vague.json().id}/locate`, headers: huli, payload: { version: v3, lon: 118.098, lat: 24.468 } });
    expect(wrong.json().code).toBe('FORBIDDEN_SCOPE');
    const placed = await t.app.inject({ method: 'POST', url: `/api/v1/hotline/orders/${vague.json().id}/locate`, headers: huli, payload: { version: v3, lon: 118.135, lat: 24.515 } });
    expect(placed.statusCode).toBe(200);
    expect(placed.json()).toMatchObject({ state: 'to_confirm', districtCode: '350206' });

    // A file with the other district's order number refuses the whole file, naming only the row.
    const file = await writeTable([['工单编号', '诉求内容', '事件发生地'], ['XM-D-4', '路灯不亮', '某个说不清的地方'], ['XM-D-1', '井盖松动', '湖里区金尚路']], 'csv', 'x');
    const imp = await t.app.inject({ method: 'POST', url: '/api/v1/hotline/orders/import', headers: { ...huli, ...multipart('orders.csv', file).headers }, payload: multipart('orders.csv', file).payload });
    expect(imp.statusCode).toBe(422);
    expect(imp.json().details.errors).toEqual([expect.objectContaining({ row: 3, column: '工单编号' })]);
    expect((await listed(huli)).items.map((o) => o.orderNo)).not.toContain('XM-D-4');
  });
});
