import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { describeStores } from '../helpers/stores.js';
import { errorCode, seedWorld, user, type World } from '../cases/fixtures.js';
import { writeTable } from '../../src/core/sheet-files.js';
import { labelledSet } from '../../src/demo/labelled/generate.js';
import type { AppError } from '../../src/core/errors.js';

const HEAD = ['工单编号', '来电时间', '诉求渠道', '诉求人', '联系电话', '诉求内容', '诉求类型', '事件发生地', '经度', '纬度', '紧急程度', '主办单位', '办理时限', '是否疑难'];

/** A hotline system that takes our results, as a real HTTP server. */
const received: Array<Record<string, unknown>> = [];
let refuse = false;
const hotlineSystem = http.createServer((req, res) => {
  let body = '';
  req.on('data', (c) => (body += c));
  req.on('end', () => {
    received.push(JSON.parse(body) as Record<string, unknown>);
    res.statusCode = refuse ? 503 : 200;
    res.end(refuse ? 'busy' : '{"code":0}');
  });
});
let pushUrl = '';
beforeAll(async () => {
  await new Promise<void>((r) => hotlineSystem.listen(0, '127.0.0.1', r));
  pushUrl = `http://127.0.0.1:${(hotlineSystem.address() as AddressInfo).port}/12345/result`;
});
afterAll(() => new Promise<void>((r) => hotlineSystem.close(() => r())));

describeStores('12345 work orders', (get) => {
  let w: World;
  const admin = user(['admin']);
  beforeAll(async () => {
    const { ctx } = get();
    w = await seedWorld(ctx);
    await ctx.hotline.seedDemo();
    await ctx.classifier.addExamples(labelledSet({ perClass: 12 }), 'seed');
    await ctx.hotline.setPushUrl(admin, pushUrl);
  }, 120_000);

  const file = (rows: string[][]) => writeTable([HEAD, ...rows], 'csv', '工单');

  it('refuses a file with any wrong row, names every row’s error, and imports nothing', async () => {
    const { ctx } = get();
    const rows = [
      ['XM-A-001', '2026-03-02 09:10', '电话', '张三丰', '13812345678', '湖滨南路口的井盖不见了，晚上很危险', '', '湖滨南路88号', '', '', '一般', '', '', '否'],
      ['XM-A-002', '昨天', '电话', '', '', '路灯不亮', '', '仙岳路', '', '', '一般', '', '', '否'],
      ['XM-A-003', '', '电话', '', '', '', '', '', '', '', '很急', '', '', '否'],
      ['XM-A-001', '', '网站', '', '', '井盖丢了', '', '湖滨南路', '', '', '一般', '', '', '否'],
    ];
    const err = await ctx.hotline.importOrders(w.operator, await file(rows), 'csv').catch((e: AppError) => e);
    expect((err as AppError).code).toBe('HOTLINE_IMPORT_INVALID');
    const errors = ((err as AppError).details as { errors: Array<{ row: number; column: string }> }).errors;
    expect(errors.map((e) => `${e.row}:${e.column}`)).toEqual(expect.arrayContaining(['3:来电时间', '4:诉求内容', '4:紧急程度', '4:事件发生地', '5:工单编号']));
    expect((await ctx.hotline.list(w.operator, {})).total).toBe(0);
  });

  it('imports a valid export: masks the caller, places by coordinates or the gazetteer, proposes classes; a second import adds nothing', async () => {
    const { ctx } = get();
    const rows = [
      ['XM-B-001', '2026-03-02 09:10', '电话', '张三丰', '13812345678', '市民来电反映：小区门口的井盖不见了，晚上很危险，请尽快处理。', '城乡建设-市政设施', '某小区门口', String(w.point.lon), String(w.point.lat), '紧急', '思明区城市管理局', '2026-03-09 18:00', '是'],
      ['XM-B-002', '2026/3/2 9:30', '网站', '李四', '0592-5123456', '湖滨南路上的路灯一闪一闪的，好几天了，晚上黑漆漆的', '', '思明区湖滨南路靠近白鹭洲公园', '', '', '一般', '', '', '否'],
      ['XM-B-003', '', '短信', '', '', '我家门口的垃圾好几天没人收了', '', '我家楼下', '', '', '', '', '', ''],
    ];
    const summary = await ctx.hotline.importOrders(w.operator, await file(rows), 'csv');
    expect(summary).toMatchObject({ created: 3, existing: 0, needsLocation: 1 });
    const { items, counts } = await ctx.hotline.list(w.operator, {});
    const byNo = Object.fromEntries(items.map((o) => [o.orderNo, o]));
    expect(byNo['XM-B-001']).toMatchObject({ state: 'to_confirm', locatedBy: 'coordinates', callerMasked: '张**', phoneMasked: '138****5678', urgency: 'urgent', difficult: true });
    expect(byNo['XM-B-001']!.proposals[0]).toMatchObject({ code: 'C0101' });
    expect(byNo['XM-B-002']).toMatchObject({ state: 'to_confirm', locatedBy: 'gazetteer', placeName: '白鹭洲公园', phoneMasked: '059****3456' });
    expect(byNo['XM-B-002']!.proposals[0]!.code).toBe('C0118');
    expect(byNo['XM-B-003']).toMatchObject({ state: 'needs_location', lon: null, gridCode: null });
    expect(counts).toMatchObject({ to_confirm: 2, needs_location: 1 });
    // Nothing personal in the log either.
    const first = (await ctx.db.kysely.selectFrom('hotline_order_events').select('data').execute()).map((r) => JSON.stringify(r.data)).join();
    expect(first).not.toContain('13812345678');
    expect(first).not.toContain('张三丰');
    const again = await ctx.hotline.importOrders(w.operator, await file(rows), 'csv');
    expect(again).toMatchObject({ created: 0, existing: 3 });
  });

  it('the push API is idempotent by 工单编号', async () => {
    const { ctx } = get();
    const input = {
      orderNo: 'XM-P-001', calledAt: null, channel: '电话', callerMasked: null, phoneMasked: null, content: '楼下饭店油烟直排，呛得不行', appealType: null,
      address: '莲花五村12号楼下', lon: null, lat: null, crs: 'wgs84' as const, urgency: 'normal' as const, leadUnit: null, coUnits: null, dueAt: null, difficult: false,
    };
    const a = await ctx.hotline.receive(w.operator, input);
    const b = await ctx.hotline.receive(w.operator, { ...input, content: '又打了一次' });
    expect(a.created).toBe(true);
    expect(b).toMatchObject({ created: false, order: { id: a.order.id, content: '楼下饭店油烟直排，呛得不行', placeName: '莲花五村' } });
    expect(await errorCode(ctx.hotline.receive(w.handler, { ...input, orderNo: 'XM-P-002' }))).toBe('FORBIDDEN_ROLE');
  });

  it('an order without a place waits for the operator, who places it', async () => {
    const { ctx } = get();
    const o = (await ctx.hotline.list(w.operator, { states: ['needs_location'] })).items[0]!;
    expect(await errorCode(ctx.hotline.confirm(w.operator, o.id, o.version, { categoryCode: 'E0102' }))).toBe('ACTION_NOT_ALLOWED');
    expect(await errorCode(ctx.hotline.locate(w.operator, o.id, o.version, { lon: 118.3, lat: 24.4 }))).toBe('OUTSIDE_MANAGED_AREA');
    const placed = await ctx.hotline.locate(w.operator, o.id, o.version, { lon: w.point.lon, lat: w.point.lat });
    expect(placed).toMatchObject({ state: 'to_confirm', locatedBy: 'operator', version: o.version + 1 });
    expect(await errorCode(ctx.hotline.locate(w.operator, o.id, o.version, { lon: w.point.lon, lat: w.point.lat }))).toBe('HOTLINE_ORDER_VERSION_CONFLICT');
  });

  it('confirming makes a hotline case once; the closed case answers the order, pushes the result, and the 回访 comes back', async () => {
    const { ctx, clock } = get();
    let o = (await ctx.hotline.list(w.operator, {})).items.find((x) => x.orderNo === 'XM-B-001')!;
    // The operator corrects the class: a 污水井盖 (C0102), owned by the water company.
    o = await ctx.hotline.confirm(w.operator, o.id, o.version, { categoryCode: 'C0102' });
    expect(o).toMatchObject({ state: 'filed', categoryCode: 'C0102' });
    let c = (await ctx.cases.find(o.caseId!))!;
    expect(c).toMatchObject({ source: 'hotline', externalRef: 'XM-B-001', categoryCode: 'C0102', urgency: 'urgent', code: o.caseCode });
    const info = await ctx.classifier.info();
    expect(info.decisions).toMatchObject({ proposed: 1, kept: 0 });
    // The case runs its course.
    c = await ctx.cases.act(w.operator, c.id, 'request_check', {}, c.version);
    c = await ctx.cases.act(w.inspector, c.id, 'check', { confirmed: true, photos: [w.photo] }, c.version);
    c = await ctx.cases.act(w.operator, c.id, 'accept', {}, c.version);
    c = await ctx.cases.act(w.shiftLead, c.id, 'file', {}, c.version);
    clock.advance(3600_000);
    c = await ctx.cases.act(w.handler, c.id, 'handle', { note: '已更换污水井盖并清理现场', photos: [w.photo2] }, c.version);
    c = await ctx.cases.act(w.operator, c.id, 'send_verification', {}, c.version);
    c = await ctx.cases.act(w.inspector, c.id, 'verify', { passed: true, photos: [w.photo2] }, c.version);
    c = await ctx.cases.act(w.shiftLead, c.id, 'close', {}, c.version);
    await ctx.bus.flush();
    await vi.waitFor(async () => expect((await ctx.hotline.get(w.operator, o.id)).push.state).toBe('sent'), { timeout: 20_000, interval: 50 });
    o = await ctx.hotline.get(w.operator, o.id);
    expect(o).toMatchObject({ state: 'answered', closedAt: c.closedAt, result: '已更换污水井盖并清理现场', afterPhotos: [w.photo2] });
    expect(received.at(-1)).toMatchObject({ 工单编号: 'XM-B-001', 办理状态: '已办结', 办理结果: '已更换污水井盖并清理现场', 平台案卷编号: c.code, 处置后照片: [`/api/v1/files/${w.photo2}`] });
    expect(String(received.at(-1)!['办结时间'])).toMatch(/\+08:00$/);
    // The hotline system is down: the push fails, is recorded, and can be sent again.
    refuse = true;
    o = await ctx.hotline.push(w.operator, o.id);
    expect(o.push).toMatchObject({ state: 'failed', detail: 'busy' });
    refuse = false;
    o = await ctx.hotline.push(w.operator, o.id);
    expect(o.push.state).toBe('sent');
    // 回访: all or nothing; an order not yet answered is a row error.
    const head = ['工单编号', '回访结果', '回访时间', '回访意见'];
    const bad = await writeTable([head, ['XM-B-001', '满意', '2026-03-10 10:00', ''], ['XM-B-002', '满意', '', ''], ['XM-B-404', '很好', '', '']], 'csv', '回访');
    const err = await ctx.hotline.importRatings(w.operator, bad, 'csv').catch((e: AppError) => e);
    expect((err as AppError).code).toBe('HOTLINE_RATINGS_INVALID');
    expect(((err as AppError).details as { errors: Array<{ row: number }> }).errors.map((e) => e.row)).toEqual([3, 4]);
    expect((await ctx.hotline.get(w.operator, o.id)).satisfaction).toBeNull();
    const good = await writeTable([head, ['XM-B-001', '基本满意', '2026-03-10 10:00', '处理还算及时']], 'xlsx', '回访');
    expect(await ctx.hotline.importRatings(w.operator, good, 'xlsx')).toEqual({ rated: 1 });
    expect(await ctx.hotline.get(w.operator, o.id)).toMatchObject({ satisfaction: 'basically_satisfied', satisfactionNote: '处理还算及时' });
    const types = (await ctx.db.kysely.selectFrom('hotline_order_events').select('type').where('order_id', '=', o.id).orderBy('seq').execute()).map((r) => r.type);
    expect(types).toEqual(['received', 'confirmed', 'answered', 'result_pushed', 'result_pushed', 'result_pushed', 'rated']);
  });

  it('rejects an order with a reason and tells the hotline system', async () => {
    const { ctx } = get();
    const o = (await ctx.hotline.list(w.operator, {})).items.find((x) => x.orderNo === 'XM-P-001')!;
    expect(await errorCode(ctx.hotline.reject(w.operator, o.id, o.version, '  '))).toBe('REASON_REQUIRED');
    const r = await ctx.hotline.reject(w.operator, o.id, o.version, '属生态环境部门职责，已转办');
    expect(r).toMatchObject({ state: 'rejected', push: { state: 'sent' } });
    expect(received.at(-1)).toMatchObject({ 工单编号: 'XM-P-001', 办理状态: '不予受理', 办理结果: '属生态环境部门职责，已转办' });
  });

  it('the gazetteer: an administrator adds a place inside the managed area, which then places addresses', async () => {
    const { ctx } = get();
    expect(await errorCode(ctx.hotline.addPlace(w.operator, { name: '金鸡亭', kind: 'landmark', lon: w.point.lon, lat: w.point.lat }))).toBe('FORBIDDEN_ROLE');
    expect(await errorCode(ctx.hotline.addPlace(admin, { name: '金门岛', kind: 'landmark', lon: 118.38, lat: 24.44 }))).toBe('OUTSIDE_MANAGED_AREA');
    const p = await ctx.hotline.addPlace(admin, { name: '金鸡亭', kind: 'landmark', aliases: ['金鸡亭公园'], lon: w.point.lon, lat: w.point.lat });
    expect(await errorCode(ctx.hotline.addPlace(admin, { name: '金鸡亭', kind: 'landmark', lon: w.point.lon, lat: w.point.lat }))).toBe('PLACE_EXISTS');
    expect(await ctx.hotline.resolve(w.operator, '金鸡亭公园东门那边')).toMatchObject({ place: { id: p.id }, matched: '金鸡亭公园' });
    await ctx.hotline.removePlace(admin, p.id);
    expect(await ctx.hotline.resolve(w.operator, '金鸡亭公园东门那边')).toBeNull();
  });
});
