/**
 * Suggestions (金点子) over HTTP, as each role: the public submits and follows with no login and reads
 * the answered list without anything personal; the operator assigns, the unit's handler answers, a
 * handler of another unit reads 404, a district dispatcher of another district reads 404, the
 * administrator sets the answer limit but reads no suggestion, the leader reads the figures.
 * Bad input is a 4xx in the error contract, never a 5xx. Also runs the demo seed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.js';

const DEVICE = { 'x-device-id': 'device-suggest-http-000001' };

describe('suggestions (金点子) over HTTP', () => {
  let t: TestApp;
  const as: Record<string, Record<string, string>> = {};
  let siming = { lon: 0, lat: 0 };

  beforeAll(async () => {
    t = await buildTestApp();
    await t.ctx.geo.seedDemo();
    await t.ctx.geo.load();
    await t.ctx.catalog.seedDemo();
    await t.ctx.auth.seedDemoAccounts(await t.ctx.catalog.listUnits());
    for (const u of ['operator', 'shiftlead', 'dispatcher', 'handler', 'huli.handler', 'leader', 'admin', 'inspector', 'huli.dispatcher', 'siming.dispatcher']) as[u] = await t.login(u);
    const grid = (await t.ctx.geo.listGrids({ districtCode: '350203', limit: 1 }))[0]!;
    siming = { lon: grid.label.lon, lat: grid.label.lat };
  }, 120_000);
  afterAll(async () => {
    await t?.close();
  });

  const submit = (body: Record<string, unknown>, headers: Record<string, string> = DEVICE) =>
    t.app.inject({ method: 'POST', url: '/api/v1/public/suggestions', headers, payload: { topic: 'greening', title: '街心绿地增设座椅', content: '街心绿地没有座椅，建议增设几张，方便老人休息。联系我 13912345678', ...body } });

  it('runs the whole loop through the API: submit, assign, answer, follow, public list', async () => {
    const topics = await t.app.inject({ url: '/api/v1/public/suggestion-topics' });
    expect(topics.json().items).toContainEqual({ code: 'greening', name: '园林绿化', nameEn: 'Parks and greenery' });
    const sent = await submit({ ...siming, source: 'citizen_app', clientRef: 'http-ref-0001' });
    expect(sent.statusCode).toBe(201);
    const { code, followCode } = sent.json() as { code: string; followCode: string };
    expect((await submit({ ...siming, clientRef: 'http-ref-0001' })).statusCode).toBe(200);

    const queue = await t.app.inject({ url: '/api/v1/suggestions?state=received', headers: as.operator });
    expect(queue.statusCode).toBe(200);
    const s = (queue.json().items as Array<{ id: string; code: string; version: number; named: boolean }>).find((x) => x.code === code)!;
    expect(s).toMatchObject({ named: false });
    expect(queue.body).not.toContain('device-suggest');

    // Out of reach reads as not found: another district's dispatcher, any handler before assignment, the administrator.
    for (const who of ['huli.dispatcher', 'handler', 'admin']) {
      const r = await t.app.inject({ url: `/api/v1/suggestions/${s.id}`, headers: as[who] });
      expect(r.statusCode, who).toBe(who === 'admin' ? 403 : 404);
    }
    expect((await t.app.inject({ url: `/api/v1/suggestions/${s.id}`, headers: as['siming.dispatcher'] })).statusCode).toBe(200);
    expect((await t.app.inject({ url: '/api/v1/suggestions', headers: as.inspector })).statusCode).toBe(403);

    const me = (await t.app.inject({ url: '/api/v1/me', headers: as.handler })).json() as { unitId: string };
    const bad = await t.app.inject({ method: 'POST', url: `/api/v1/suggestions/${s.id}/actions/assign`, headers: as.operator, payload: { version: s.version } });
    expect(bad.statusCode).toBe(422);
    expect(bad.json()).toMatchObject({ code: 'UNIT_REQUIRED', message: '请选择承办单位', messageEn: expect.any(String) });
    const assigned = await t.app.inject({ method: 'POST', url: `/api/v1/suggestions/${s.id}/actions/assign`, headers: as.operator, payload: { version: s.version, unitId: me.unitId } });
    expect(assigned.statusCode).toBe(200);
    expect(assigned.json()).toMatchObject({ state: 'assigned', stateName: '办理中', light: 'green', limit: { value: 5, unit: 'work_days' } });

    expect((await t.app.inject({ url: `/api/v1/suggestions/${s.id}`, headers: as['huli.handler'] })).statusCode).toBe(404);
    const theirs = await t.app.inject({ method: 'POST', url: `/api/v1/suggestions/${s.id}/actions/answer`, headers: as['huli.handler'], payload: { version: assigned.json().version, text: '我们来答复', adoption: 'noted' } });
    expect(theirs.statusCode).toBe(404);
    expect((await t.app.inject({ url: '/api/v1/suggestions', headers: as['huli.handler'] })).json().total).toBe(0);

    const mine = await t.app.inject({ url: '/api/v1/suggestions?state=assigned', headers: as.handler });
    expect(mine.json().items.map((x: { id: string }) => x.id)).toEqual([s.id]);
    const answered = await t.app.inject({
      method: 'POST', url: `/api/v1/suggestions/${s.id}/actions/answer`, headers: as.handler,
      payload: { version: assigned.json().version, text: '感谢建议，已在绿地东侧增设 4 张座椅。', adoption: 'adopted' },
    });
    expect(answered.statusCode).toBe(200);
    expect(answered.json().answer).toMatchObject({ adoptionName: '采纳', onTime: true });
    const stale = await t.app.inject({ method: 'POST', url: `/api/v1/suggestions/${s.id}/actions/urge`, headers: as.leader, payload: { version: assigned.json().version } });
    expect(stale.statusCode).toBe(409);

    const follow = await t.app.inject({ url: `/api/v1/public/suggestions/follow/${followCode}` });
    expect(follow.json()).toMatchObject({ code, state: 'answered', stateName: '已答复', answer: { adoptionName: '采纳' }, unitName: expect.any(String) });
    expect((await t.app.inject({ url: '/api/v1/public/suggestions/follow/AAAAAAAAAA' })).statusCode).toBe(404);
    const pub = await t.app.inject({ url: '/api/v1/public/suggestions' });
    expect(pub.statusCode).toBe(200);
    const item = (pub.json().items as Array<{ code: string; content: string; districtName: string | null }>).find((x) => x.code === code)!;
    expect(item.content).toContain('139****5678');
    expect(item.districtName).toBe('思明区');
    expect(pub.body).not.toContain('13912345678');
    expect(pub.body).not.toContain(followCode);
    expect(pub.body).not.toContain(String(siming.lon));

    const events = await t.app.inject({ url: `/api/v1/suggestions/${s.id}/events`, headers: as.operator });
    expect(events.json().items.map((e: { type: string }) => e.type)).toEqual(['received', 'assigned', 'answered']);
  });

  it('answers bad input with 4xx errors in the contract', async () => {
    const cases: Array<[Record<string, unknown>, number, string]> = [
      [{ topic: 'nope' }, 400, 'VALIDATION_FAILED'],
      [{ content: '短' }, 422, 'CONTENT_TOO_SHORT'],
      [{ lon: 118.1, lat: null }, 422, 'COORDINATES_INCOMPLETE'],
      [{ phone: '123' }, 400, 'PHONE_INVALID'],
      [{ phone: '13912345678' }, 400, 'SMS_CODE_REQUIRED'],
      [{ extra: 1 }, 400, 'VALIDATION_FAILED'],
    ];
    for (const [body, status, code] of cases) {
      const r = await submit(body);
      expect([r.statusCode, r.json().code], JSON.stringify(body)).toEqual([status, code]);
      expect(r.json()).toMatchObject({ message: expect.any(String), messageEn: expect.any(String) });
    }
    expect((await submit({}, {})).json().code).toBe('DEVICE_ID_REQUIRED');
    for (const url of ['/api/v1/suggestions/%00', '/api/v1/suggestions?page=0', '/api/v1/suggestions?state=x', '/api/v1/public/suggestions?pageSize=500']) {
      const r = await t.app.inject({ url, headers: as.operator });
      expect(r.statusCode, url).toBeGreaterThanOrEqual(400);
      expect(r.statusCode, url).toBeLessThan(500);
    }
    const r = await t.app.inject({ method: 'POST', url: '/api/v1/suggestions/x/actions/assign', headers: as.operator, payload: { version: 'one' } });
    expect(r.statusCode).toBe(400);
  });

  it('lets only a city administrator set the answer limit, and the leader read the figures', async () => {
    expect((await t.app.inject({ method: 'PUT', url: '/api/v1/suggestions/settings', headers: as.operator, payload: { answerLimit: { value: 3, unit: 'work_days' } } })).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'PUT', url: '/api/v1/suggestions/settings', headers: as.admin, payload: { answerLimit: { value: 100, unit: 'work_days' } } })).statusCode).toBe(400);
    const ok = await t.app.inject({ method: 'PUT', url: '/api/v1/suggestions/settings', headers: as.admin, payload: { answerLimit: { value: 3, unit: 'work_days' } } });
    expect(ok.json()).toEqual({ answerLimit: { value: 3, unit: 'work_days' } });
    expect((await t.app.inject({ url: '/api/v1/suggestions/settings', headers: as.operator })).json().answerLimit).toEqual({ value: 3, unit: 'work_days' });

    const day = new Date(t.clock.now() + 8 * 3600_000).toISOString().slice(0, 10);
    const f = await t.app.inject({ url: `/api/v1/evaluation/suggestions?from=${day}&to=${day}`, headers: as.leader });
    expect(f.statusCode).toBe(200);
    expect(f.json()).toMatchObject({ received: 1, answered: 1, answeredOnTime: 1, feedbackRate: 100, onTimeRate: 100 });
    expect((await t.app.inject({ url: `/api/v1/evaluation/suggestions?from=${day}&to=${day}`, headers: as.handler })).statusCode).toBe(403);
  });

  it('seeds the demo city’s suggestions at every stage', async () => {
    const n = await t.ctx.suggestions.seedDemo();
    expect(n).toBe(9);
    const all = await t.app.inject({ url: '/api/v1/suggestions?pageSize=50', headers: as.operator });
    const states = (all.json().items as Array<{ state: string }>).map((x) => x.state);
    for (const s of ['received', 'assigned', 'answered', 'discarded']) expect(states).toContain(s);
    await t.ctx.suggestions.sweep();
    const red = await t.app.inject({ url: '/api/v1/suggestions?light=red', headers: as.handler });
    expect(red.json().total).toBeGreaterThanOrEqual(1);
  });
});
