/**
 * The citizen app through HTTP, no login: choices, a report with a photo, likely duplicates nearby and
 * "me too", following by code (plain words, unit, expected time, after-photo), the SMS code for a
 * callback number, the abuse limits, and a rating that reopens the case for the shift lead's review.
 * On SQLite and PostgreSQL.
 */
import { beforeAll, expect, it } from 'vitest';
import { describeStores } from '../helpers/stores.js';
import { buildServer } from '../../src/http/server.js';
import type { Api } from '../../src/http/types.js';
import { jpegBytes, seedWorld, type World } from '../cases/fixtures.js';
import type { LoggingSmsNotifier } from '../../src/notify/service.js';
import { LIMITS } from '../../src/citizen/model.js';

const DEVICE = 'device-aaaaaaaaaaaaaaaa';

describeStores('citizen app (随手拍) over HTTP', (get) => {
  let app: Api;
  let w: World;
  const headers = (device = DEVICE) => ({ 'x-device-id': device });
  const report = (body: Record<string, unknown>, device = DEVICE) => app.inject({ method: 'POST', url: '/api/v1/public/reports', headers: headers(device), payload: { lon: w.point.lon, lat: w.point.lat, ...body } });

  beforeAll(async () => {
    const { ctx } = get();
    w = await seedWorld(ctx);
    await ctx.open311.seedDemo();
    app = await buildServer(ctx, { logger: false });
    await app.ready();
    return () => app.close();
  }, 60_000);

  it('offers the classes the city opened, by their plain names', async () => {
    const res = await app.inject({ url: '/api/v1/public/choices' });
    expect(res.statusCode).toBe(200);
    const items = res.json().items as Array<{ code: string; name: string; radiusM: number; urgency: boolean }>;
    expect(items.find((i) => i.code === 'C0101')).toMatchObject({ name: '井盖破损或丢失', radiusM: 250, urgency: true });
    expect(items.some((i) => i.code === 'C0102')).toBe(false);
  });

  it('takes an anonymous report with a photo, then shows it as a likely duplicate nearby and lets another phone say "me too"', async () => {
    const form = { file: jpegBytes('citizen-1') };
    const boundary = 'XyZ';
    const payload = Buffer.concat([Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`), form.file, Buffer.from(`\r\n--${boundary}--\r\n`)]);
    const up = await app.inject({ method: 'POST', url: '/api/v1/public/photos', headers: { ...headers(), 'content-type': `multipart/form-data; boundary=${boundary}` }, payload });
    expect(up.statusCode).toBe(201);
    const sha = up.json().sha256 as string;

    const first = await report({ categoryCode: 'E0102', description: '小区门口垃圾堆了三天', photos: [sha], clientRef: 'ref-00000001' });
    expect(first.statusCode).toBe(201);
    const { code, followCode } = first.json() as { code: string; followCode: string };
    expect(code).toMatch(/^\d{19}$/);
    expect(followCode).toMatch(/^[2-9A-HJ-NP-Z]{10}$/);
    const again = await report({ categoryCode: 'E0102', description: '小区门口垃圾堆了三天', photos: [sha], clientRef: 'ref-00000001' });
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ code, followCode, replayed: true });

    const c = (await get().ctx.cases.findByCode(code))!;
    expect(c).toMatchObject({ source: 'citizen', status: 'reported', photos: [sha] });

    const near = await app.inject({ url: `/api/v1/public/nearby?categoryCode=E0102&lon=${w.point.lon + 0.001}&lat=${w.point.lat}` });
    expect(near.statusCode).toBe(200);
    const items = near.json().items as Array<{ code: string; distanceM: number; statusText: string }>;
    expect(items[0]).toMatchObject({ code, statusText: '已收到，等待受理' });
    expect(items[0]!.distanceM).toBeGreaterThan(50);
    expect(items[0]!.distanceM).toBeLessThan(250);
    const far = await app.inject({ url: `/api/v1/public/nearby?categoryCode=E0102&lon=${w.point.lon + 0.004}&lat=${w.point.lat}` });
    expect((far.json().items as unknown[]).length).toBe(0);
    const otherClass = await app.inject({ url: `/api/v1/public/nearby?categoryCode=E0201&lon=${w.point.lon}&lat=${w.point.lat}` });
    expect((otherClass.json().items as unknown[]).length).toBe(0);

    const meToo = await app.inject({ method: 'POST', url: `/api/v1/public/cases/${code}/me-too`, headers: headers('device-bbbbbbbbbbbbbbbb'), payload: {} });
    expect(meToo.statusCode).toBe(200);
    const theirs = meToo.json().followCode as string;
    expect(theirs).not.toBe(followCode);
    const view = await app.inject({ url: `/api/v1/public/follow/${theirs}` });
    expect(view.json()).toMatchObject({ code, followers: 1, status: 'open', statusText: '已收到，等待受理' });
    await expect(get().ctx.cases.find(c.id)).resolves.toMatchObject({ version: 1 });
  });

  it('verifies a callback phone by SMS code, keeps it private, and refuses a wrong code', async () => {
    const { ctx } = get();
    const sms = ctx.notifier.sms as LoggingSmsNotifier;
    const sent = await app.inject({ method: 'POST', url: '/api/v1/public/sms-codes', headers: headers(), payload: { phone: '13912345678' } });
    expect(sent.statusCode).toBe(200);
    expect(sent.json()).toMatchObject({ masked: '139****5678' });
    const text = sms.sentToPhones.at(-1)!;
    expect(text.phone).toBe('13912345678');
    const smsCode = /(\d{6})/.exec(text.text)![1]!;
    const tooSoon = await app.inject({ method: 'POST', url: '/api/v1/public/sms-codes', headers: headers(), payload: { phone: '13912345678' } });
    expect(tooSoon.statusCode).toBe(429);

    const wrong = await report({ categoryCode: 'E0201', description: '电线杆上贴满小广告', phone: '13912345678', smsCode: smsCode === '000000' ? '111111' : '000000' });
    expect(wrong.statusCode).toBe(422);
    expect(wrong.json().code).toBe('SMS_CODE_WRONG');
    const ok = await report({ categoryCode: 'E0201', description: '电线杆上贴满小广告', phone: '13912345678', smsCode });
    expect(ok.statusCode).toBe(201);
    const reused = await report({ categoryCode: 'E0201', description: '又一处小广告', phone: '13912345678', smsCode });
    expect(reused.json().code).toBe('SMS_CODE_EXPIRED');

    const { code, followCode } = ok.json() as { code: string; followCode: string };
    for (const url of [`/api/v1/public/follow/${followCode}`, `/open311/v2/requests/${code}.json`, `/open311/v2/requests/${code}.xml`]) {
      const body = (await app.inject({ url })).body;
      expect(body).toContain(code);
      expect(body).not.toContain('13912345678');
    }
    const c = (await ctx.cases.findByCode(code))!;
    expect(JSON.stringify(await ctx.cases.events(c.id))).not.toContain('13912345678');
  });

  it('limits reports per device a day', async () => {
    const device = 'device-limit-000000000';
    for (let i = 0; i < LIMITS.reportsPerDevice; i += 1) {
      expect((await report({ categoryCode: 'E0201', description: `小广告 ${i}` }, device)).statusCode).toBe(201);
    }
    const over = await report({ categoryCode: 'E0201', description: '再来一条' }, device);
    expect(over.statusCode).toBe(429);
    expect(over.json().code).toBe('CITIZEN_LIMIT_REACHED');
    expect((await report({ categoryCode: 'E0201', description: '没有设备标识' }, '')).statusCode).toBe(400);
  });

  it('follows the case by its code as it moves, shows the after-photo, and an unsatisfied rating reopens it for the shift lead', async () => {
    const { ctx, clock } = get();
    const r = await report({ categoryCode: 'C0101', description: '井盖松动，车过时响', urgency: 'urgent' });
    const { code, followCode } = r.json() as { code: string; followCode: string };
    let c = (await ctx.cases.findByCode(code))!;
    expect(c.urgency).toBe('urgent');
    c = await ctx.cases.act(w.operator, c.id, 'request_check', {}, c.version);
    c = await ctx.cases.act(w.inspector, c.id, 'check', { confirmed: true }, c.version);
    c = await ctx.cases.act(w.operator, c.id, 'accept', {}, c.version);
    c = await ctx.cases.act(w.shiftLead, c.id, 'file', {}, c.version);
    let v = (await app.inject({ url: `/api/v1/public/follow/${followCode.toLowerCase()}` })).json();
    expect(v).toMatchObject({ status: 'open', statusText: '责任单位正在处理', unitName: c.unit!.name, expectedAt: c.clock.dueAt, rateUntil: null });
    expect((await app.inject({ method: 'POST', url: `/api/v1/public/follow/${followCode}/rating`, payload: { rating: 'satisfied' } })).statusCode).toBe(409);
    clock.advance(3600_000);
    c = await ctx.cases.act(w.handler, c.id, 'handle', { note: '已更换井盖', photos: [w.photo2] }, c.version);
    c = await ctx.cases.act(w.operator, c.id, 'send_verification', {}, c.version);
    c = await ctx.cases.act(w.inspector, c.id, 'verify', { passed: true, photos: [w.photo2] }, c.version);
    c = await ctx.cases.act(w.shiftLead, c.id, 'close', {}, c.version);
    v = (await app.inject({ url: `/api/v1/public/follow/${followCode}` })).json();
    expect(v).toMatchObject({ status: 'closed', statusText: '已办结', afterPhotos: [w.photo2], rating: null });
    expect(v.rateUntil).toBe(c.closedAt! + 7 * 24 * 3600_000);
    expect(v.steps.map((s: { text: string }) => s.text)).toContain('责任单位已处理完毕');
    const photo = await app.inject({ url: `/api/v1/public/follow/${followCode}/photos/${w.photo2}` });
    expect(photo.statusCode).toBe(200);
    expect(photo.headers['content-type']).toBe('image/jpeg');
    expect((await app.inject({ url: `/api/v1/public/follow/${followCode}/photos/${w.photo}` })).statusCode).toBe(404);

    expect((await app.inject({ method: 'POST', url: `/api/v1/public/follow/${followCode}/rating`, payload: { rating: 'unsatisfied' } })).json().code).toBe('RATING_COMMENT_REQUIRED');
    const rated = await app.inject({ method: 'POST', url: `/api/v1/public/follow/${followCode}/rating`, payload: { rating: 'unsatisfied', comment: '井盖还是松的' } });
    expect(rated.statusCode).toBe(200);
    expect(rated.json()).toMatchObject({ status: 'open', rating: { rating: 'unsatisfied', reopened: true } });
    c = (await ctx.cases.find(c.id))!;
    expect(c).toMatchObject({ status: 'verifying', phase: 'reopen_review', awaitingRole: 'shift_lead' });
    const events = await ctx.cases.events(c.id);
    expect(events.at(-1)).toMatchObject({ type: 'reopen_requested', role: 'citizen', data: { reason: '井盖还是松的' } });
    expect((await ctx.cases.verifyCase(c.id)).ok).toBe(true);

    c = await ctx.cases.act(w.shiftLead, c.id, 'reopen', { reason: '请重新加固井盖' }, c.version);
    expect(c).toMatchObject({ status: 'dispatched', phase: 'working', closedAt: null, reworkCount: 1 });
    expect(c.unit?.id).toBe(w.unitSw.id);
    clock.advance(3600_000);
    c = await ctx.cases.act(w.handler, c.id, 'handle', { note: '已加固', photos: [w.photo2] }, c.version);
    c = await ctx.cases.act(w.operator, c.id, 'send_verification', {}, c.version);
    c = await ctx.cases.act(w.inspector, c.id, 'verify', { passed: true, photos: [w.photo2] }, c.version);
    c = await ctx.cases.act(w.shiftLead, c.id, 'close', {}, c.version);
    v = (await app.inject({ url: `/api/v1/public/follow/${followCode}` })).json();
    expect(v).toMatchObject({ status: 'closed', rating: null });
    const second = await app.inject({ method: 'POST', url: `/api/v1/public/follow/${followCode}/rating`, payload: { rating: 'basically_satisfied' } });
    expect(second.json()).toMatchObject({ rating: { rating: 'basically_satisfied', reopened: false }, rateUntil: null });
    expect((await app.inject({ method: 'POST', url: `/api/v1/public/follow/${followCode}/rating`, payload: { rating: 'satisfied' } })).json().code).toBe('ALREADY_RATED');
    expect((await ctx.cases.verifyCase(c.id)).ok).toBe(true);
  });

  it('keeps a case closed when the shift lead finds the complaint unfounded, and closes the rating window after 7 days', async () => {
    const { ctx, clock } = get();
    const r = await report({ categoryCode: 'E0102', description: '垃圾桶旁有垃圾', lon: w.elsewhere.lon, lat: w.elsewhere.lat });
    const { code, followCode } = r.json() as { code: string; followCode: string };
    let c = (await ctx.cases.findByCode(code))!;
    c = await ctx.cases.act(w.operator, c.id, 'request_check', {}, c.version);
    c = await ctx.cases.act(w.inspector, c.id, 'check', { confirmed: true }, c.version);
    c = await ctx.cases.act(w.operator, c.id, 'accept', {}, c.version);
    c = await ctx.cases.act(w.shiftLead, c.id, 'file', {}, c.version);
    if (c.status === 'filed') c = await ctx.cases.act(w.dispatcher, c.id, 'dispatch', { unitId: w.unitOther.id }, c.version);
    const handler = c.unit!.id === w.unitSw.id ? w.handler : { ...w.otherHandler, unitId: c.unit!.id };
    c = await ctx.cases.act(handler, c.id, 'handle', { note: '已清理', photos: [w.photo2] }, c.version);
    c = await ctx.cases.act(w.operator, c.id, 'send_verification', {}, c.version);
    c = await ctx.cases.act(w.inspector, c.id, 'verify', { passed: true, photos: [w.photo2] }, c.version);
    c = await ctx.cases.act(w.shiftLead, c.id, 'close', {}, c.version);
    const closedAt = c.closedAt!;
    await app.inject({ method: 'POST', url: `/api/v1/public/follow/${followCode}/rating`, payload: { rating: 'unsatisfied', comment: '没扫干净' } });
    c = (await ctx.cases.find(c.id))!;
    c = await ctx.cases.act(w.shiftLead, c.id, 'refuse_reopen', { reason: '现场核查已清理干净，照片为证' }, c.version);
    expect(c).toMatchObject({ status: 'closed', phase: 'done', closedAt });
    expect((await ctx.cases.verifyCase(c.id)).ok).toBe(true);
    const v = (await app.inject({ url: `/api/v1/public/follow/${followCode}` })).json();
    expect(v.steps[0].text).toBe('复查后维持办结');

    const later = await report({ categoryCode: 'E0201', description: '新贴的小广告', lon: w.elsewhere.lon, lat: w.elsewhere.lat }, 'device-late-0000000000');
    expect(later.statusCode).toBe(201);
    expect((await app.inject({ method: 'POST', url: `/api/v1/public/follow/${followCode}/rating`, payload: { rating: 'satisfied' } })).json().code).toBe('ALREADY_RATED');
    clock.advance(8 * 24 * 3600_000);
    expect((await app.inject({ method: 'POST', url: `/api/v1/public/follow/${followCode}/rating`, payload: { rating: 'satisfied' } })).json().code).toBe('RATING_WINDOW_OVER');
  });

  it('answers unknown codes as not found and never shows who reported', async () => {
    expect((await app.inject({ url: '/api/v1/public/follow/ZZZZZZZZZZ' })).statusCode).toBe(404);
    expect((await app.inject({ url: '/api/v1/public/follow/x' })).statusCode).toBe(404);
    expect((await app.inject({ method: 'POST', url: '/api/v1/public/cases/3502030000000000000/me-too', headers: headers(), payload: {} })).statusCode).toBe(404);
    const outside = await report({ categoryCode: 'E0102', description: '北京的垃圾', lon: 116.4, lat: 39.9 });
    expect(outside.statusCode).toBeGreaterThanOrEqual(400);
    expect(outside.statusCode).toBeLessThan(500);
    expect((await report({ categoryCode: 'C0102', description: '未开放的分类' })).json().code).toBe('CITIZEN_CLASS_NOT_OPEN');
  });
});
