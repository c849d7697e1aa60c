/**
 * Suggestions (金点子) through the service, on SQLite and PostgreSQL: the public intake through the
 * citizen app's gate (idempotent per device and reference), assignment with the answer clock on
 * working time, the sweeper's lights, the unit's answer on time or late, return and reassignment,
 * the centre's own answer, discarding abuse, reads and actions scoped (another unit: 404), the hash
 * chain, the answer limit setting, and the figures (反馈率, 按时答复率).
 */
import { beforeAll, expect, it } from 'vitest';
import { describeStores } from '../helpers/stores.js';
import { errorCode, seedWorld, user, type World } from '../cases/fixtures.js';
import { DAY_MS, HOUR_MS, shanghaiDate } from '../../src/core/time.js';
import type { SubmitBody } from '../../src/suggestions/service.js';
import { figuresOf, maskPersonal } from '../../src/suggestions/model.js';

const DEVICE = 'device-suggest-0000000001';

describeStores('suggestions (金点子)', (get) => {
  let w: World;
  const idea = (over: Partial<SubmitBody> = {}): SubmitBody => ({ topic: 'greening', title: '公园增设座椅', content: '公园步道旁没有座椅，老人走累了没地方歇脚，建议增设。', ...over });
  const submit = async (over: Partial<SubmitBody> = {}, device = DEVICE) => {
    const r = await get().ctx.suggestions.submit(device, idea(over));
    const s = (await get().ctx.suggestions.list(w.operator, { q: r.code })).items[0]!;
    return { ...r, s };
  };

  beforeAll(async () => {
    w = await seedWorld(get().ctx);
  }, 60_000);

  it('takes a suggestion without an account, with a place, once per device and reference', async () => {
    const { ctx, clock } = get();
    const a = await ctx.suggestions.submit(DEVICE, idea({ lon: w.point.lon, lat: w.point.lat, clientRef: 'ref-0000000001', source: 'citizen_app' }));
    expect(a.replayed).toBe(false);
    expect(a.code).toBe(`JY${shanghaiDate(clock.now()).replaceAll('-', '')}0001`);
    expect(a.followCode).toMatch(/^[2-9A-HJ-NP-Z]{10}$/);
    const again = await ctx.suggestions.submit(DEVICE, idea({ lon: w.point.lon, lat: w.point.lat, clientRef: 'ref-0000000001' }));
    expect(again).toEqual({ ...a, replayed: true });
    const s = (await ctx.suggestions.list(w.operator, { q: a.code })).items[0]!;
    expect(s).toMatchObject({ state: 'received', channel: 'citizen_app', districtCode: w.districtCode, streetCode: w.streetCode, named: false, unitId: null });
    const f = await ctx.suggestions.follow(a.followCode.toLowerCase());
    expect(f).toMatchObject({ code: a.code, state: 'received', answer: null, expectedAt: null, steps: [{ text: '您的建议已收到' }] });
  });

  it('refuses what is not a suggestion: too short, half a place, outside the city, no device', async () => {
    const { ctx } = get();
    expect(await errorCode(ctx.suggestions.submit(DEVICE, idea({ content: '太短了' })))).toBe('CONTENT_TOO_SHORT');
    expect(await errorCode(ctx.suggestions.submit(DEVICE, idea({ lon: w.point.lon })))).toBe('COORDINATES_INCOMPLETE');
    expect(await errorCode(ctx.suggestions.submit(DEVICE, idea({ lon: 10, lat: 10 })))).toBe('OUTSIDE_MANAGED_AREA');
    expect(await errorCode(ctx.suggestions.submit(undefined, idea()))).toBe('DEVICE_ID_REQUIRED');
    expect(await errorCode(ctx.suggestions.submit(DEVICE, idea({ photos: ['a'.repeat(64)] })))).toBeDefined();
  });

  it('assigns to a unit with 5 working days to answer; the sweeper lights it yellow then red; a late answer counts as late', async () => {
    const { ctx, clock } = get();
    const { s, followCode } = await submit({ lon: w.point.lon, lat: w.point.lat }, 'device-suggest-0000000002');
    expect(await errorCode(ctx.suggestions.act(w.handler, s.id, 'assign', { unitId: w.unitSw.id }, s.version))).toBe('SUGGESTION_NOT_FOUND');
    expect(await errorCode(ctx.suggestions.act(w.leader, s.id, 'assign', { unitId: w.unitSw.id }, s.version))).toBe('FORBIDDEN_ROLE');
    expect(await errorCode(ctx.suggestions.act(w.operator, s.id, 'assign', {}, s.version))).toBe('UNIT_REQUIRED');
    expect(await errorCode(ctx.suggestions.act(w.operator, s.id, 'assign', { unitId: 'nope' }, s.version))).toBe('UNIT_NOT_FOUND');
    const a = await ctx.suggestions.act(w.dispatcher, s.id, 'assign', { unitId: w.unitSw.id, note: '请研究' }, s.version);
    expect(a).toMatchObject({ state: 'assigned', unitId: w.unitSw.id, limit: { value: 5, unit: 'work_days' } });
    expect(a.clock.dueAt).toBeGreaterThan(clock.now() + 5 * DAY_MS); // a weekend lies within
    expect(await errorCode(ctx.suggestions.act(w.operator, s.id, 'assign', { unitId: w.unitSw.id }, s.version))).toBe('SUGGESTION_VERSION_CONFLICT');
    expect((await ctx.suggestions.follow(followCode)).expectedAt).toBe(a.clock.dueAt);

    // Another unit's handler: as if it did not exist.
    expect(await errorCode(ctx.suggestions.get(w.otherHandler, s.id))).toBe('SUGGESTION_NOT_FOUND');
    expect(await errorCode(ctx.suggestions.act(w.otherHandler, s.id, 'answer', { text: '我们来答复一下', adoption: 'noted' }, a.version))).toBe('SUGGESTION_NOT_FOUND');
    expect((await ctx.suggestions.list(w.otherHandler, {})).items.some((x) => x.id === s.id)).toBe(false);
    expect((await ctx.suggestions.list(w.handler, {})).items.some((x) => x.id === s.id)).toBe(true);

    await ctx.suggestions.sweep(a.clock.warnAt! + 1);
    expect((await ctx.suggestions.get(w.operator, s.id)).clock.light).toBe('yellow');
    clock.set(a.clock.dueAt! + HOUR_MS);
    const swept = await ctx.suggestions.sweep();
    expect(swept.overdue).toBeGreaterThanOrEqual(1);
    const red = await ctx.suggestions.get(w.operator, s.id);
    expect(red.clock.light).toBe('red');
    expect((await ctx.suggestions.list(w.operator, { light: 'red' })).items.map((x) => x.id)).toContain(s.id);
    expect(await errorCode(ctx.suggestions.act(w.handler, s.id, 'answer', { text: '短', adoption: 'noted' }, red.version))).toBe('ANSWER_TEXT_INVALID');
    const done = await ctx.suggestions.act(w.handler, s.id, 'answer', { text: '感谢建议，已纳入改造计划。', adoption: 'adopted', photos: [w.photo] }, red.version);
    expect(done).toMatchObject({ state: 'answered', answer: { onTime: false, adoption: 'adopted', photos: [w.photo] } });
    expect((await ctx.suggestions.photo(w.handler, s.id, w.photo)).file.sha256).toBe(w.photo);
    expect(await errorCode(ctx.suggestions.photo(w.otherHandler, s.id, w.photo))).toBe('SUGGESTION_NOT_FOUND');
    const events = await ctx.suggestions.events(w.operator, s.id);
    expect(events.map((e) => e.type)).toEqual(['received', 'assigned', 'deadline_warning', 'deadline_overdue', 'answered']);
    const f = await ctx.suggestions.follow(followCode);
    expect(f).toMatchObject({ state: 'answered', answer: { text: '感谢建议，已纳入改造计划。', adoption: 'adopted' }, expectedAt: null });
    expect(JSON.stringify(f)).not.toContain(w.handler.id);
  });

  it('goes back to the centre when the unit returns it, then to another unit with a fresh clock; a handler answers in time', async () => {
    const { ctx, clock } = get();
    const { s } = await submit({}, 'device-suggest-0000000003');
    let r = await ctx.suggestions.act(w.operator, s.id, 'assign', { unitId: w.unitSw.id }, s.version);
    r = await ctx.suggestions.act(w.handler, s.id, 'return', { reason: '不属于本单位职责' }, r.version);
    expect(r).toMatchObject({ state: 'received', unitId: null, returns: 1 });
    expect(await errorCode(ctx.suggestions.get(w.handler, s.id))).toBe('SUGGESTION_NOT_FOUND');
    clock.advance(HOUR_MS);
    r = await ctx.suggestions.act(w.shiftLead, s.id, 'assign', { unitId: w.unitOther.id }, r.version);
    r = await ctx.suggestions.act(w.leader, s.id, 'urge', { note: '请尽快' }, r.version);
    expect(r.urges).toBe(1);
    clock.advance(2 * HOUR_MS);
    r = await ctx.suggestions.act(w.otherHandler, s.id, 'answer', { text: '已安排人员研究，下月实施。', adoption: 'partly' }, r.version);
    expect(r.answer).toMatchObject({ onTime: true, unitId: w.unitOther.id });
    expect((await ctx.suggestions.list(w.otherHandler, { state: 'answered' })).items.map((x) => x.id)).toContain(s.id);
  });

  it('lets the centre answer one itself or discard abuse, tells a named citizen by SMS, and keeps the phone out of the log', async () => {
    const { ctx } = get();
    const sms = ctx.notifier.sms as unknown as { sentToPhones: Array<{ phone: string; text: string }> };
    const device = 'device-suggest-0000000004';
    await ctx.citizen.sendCode(device, '13700001111');
    const smsCode = /(\d{6})/.exec(sms.sentToPhones.at(-1)!.text)![1]!;
    const { s, followCode } = await submit({ phone: '13700001111', smsCode }, device);
    expect(s.named).toBe(true);
    expect(await errorCode(ctx.suggestions.act(w.dispatcher, s.id, 'reply', { text: '已有此项安排。', adoption: 'noted' }, s.version))).toBe('FORBIDDEN_ROLE');
    const r = await ctx.suggestions.act(w.operator, s.id, 'reply', { text: '感谢您，全市驿站已配备此项服务。', adoption: 'adopted' }, s.version);
    expect(r.answer).toMatchObject({ byName: '城市运管服中心', onTime: true });
    expect(sms.sentToPhones.at(-1)).toMatchObject({ phone: '13700001111' });
    expect(sms.sentToPhones.at(-1)!.text).toContain(followCode);
    expect(JSON.stringify(await ctx.suggestions.events(w.operator, s.id))).not.toContain('13700001111');

    const spam = await submit({ title: '广告', content: '代办证件，电话13800001234，欢迎咨询。' }, 'device-suggest-0000000005');
    expect(await errorCode(ctx.suggestions.act(w.operator, spam.s.id, 'discard', { reason: '广告' }, spam.s.version))).toBe('FORBIDDEN_ROLE');
    const d = await ctx.suggestions.act(w.shiftLead, spam.s.id, 'discard', { reason: '与建议无关的广告' }, spam.s.version);
    expect(d.state).toBe('discarded');
    expect((await ctx.suggestions.follow(spam.followCode))).toMatchObject({ state: 'discarded', discardReason: '与建议无关的广告' });
    const pub = await ctx.suggestions.publicList({});
    expect(pub.items.every((x) => x.state === 'answered')).toBe(true);
    expect(pub.items.map((x) => x.id)).toContain(s.id);
    expect(pub.items.map((x) => x.id)).not.toContain(spam.s.id);
  });

  it('keeps reads in the area: a district dispatcher sees its district only; the chain of each suggestion verifies', async () => {
    const { ctx } = get();
    const here = user(['dispatcher'], { scope: { level: 'district', code: w.districtCode } });
    const there = user(['dispatcher'], { scope: { level: 'district', code: w.elsewhere.districtCode } });
    const { s } = await submit({ lon: w.point.lon, lat: w.point.lat }, 'device-suggest-0000000006');
    expect((await ctx.suggestions.get(here, s.id)).id).toBe(s.id);
    expect(await errorCode(ctx.suggestions.get(there, s.id))).toBe('SUGGESTION_NOT_FOUND');
    expect((await ctx.suggestions.list(there, {})).items.some((x) => x.id === s.id)).toBe(false);
    expect(await errorCode(ctx.suggestions.list(user(['inspector']), {}))).toBe('FORBIDDEN_ROLE');
    const rep = await ctx.integrity.report();
    expect(rep.kinds.suggestion!.streams).toBeGreaterThan(5);
    expect(rep.ok).toBe(true);
  });

  it('lets the administrator change the answer limit, for assignments from then on', async () => {
    const { ctx } = get();
    const admin = user(['admin']);
    expect(await errorCode(ctx.suggestions.setAnswerLimit(w.operator, { value: 3, unit: 'work_days' }))).toBe('FORBIDDEN_ROLE');
    expect(await errorCode(ctx.suggestions.setAnswerLimit(admin, { value: 0, unit: 'work_days' }))).toBe('ANSWER_LIMIT_INVALID');
    expect(await ctx.suggestions.setAnswerLimit(admin, { value: 10, unit: 'work_hours' })).toEqual({ value: 10, unit: 'work_hours' });
    const { s } = await submit({}, 'device-suggest-0000000007');
    const a = await ctx.suggestions.act(w.operator, s.id, 'assign', { unitId: w.unitSw.id }, s.version);
    expect(a.limit).toEqual({ value: 10, unit: 'work_hours' });
    await ctx.suggestions.setAnswerLimit(admin, { value: 5, unit: 'work_days' });
  });

  it('counts the feedback rate and the on-time rate over the period, per unit too', async () => {
    const { ctx, clock } = get();
    const f = await ctx.suggestions.figures({}, clock.now() - 30 * DAY_MS, clock.now() + DAY_MS);
    expect(f.received).toBe(6);
    expect(f.discarded).toBe(1);
    expect(f.feedbackRate).toBe(Math.round((f.answered / f.received) * 1000) / 10);
    expect(f.answered).toBe(3);
    expect(f.answeredOnTime).toBe(2);
    expect(f.byUnit.find((u) => u.unitId === w.unitSw.id)).toMatchObject({ answered: 1, answeredOnTime: 0 });
    const e = await ctx.evaluation.suggestions({ from: shanghaiDate(clock.now() - 30 * DAY_MS), to: shanghaiDate(clock.now()) });
    expect(e).toMatchObject({ received: f.received, answered: 3 });
  });
});

it('figures: feedback = answered ÷ received, on time = on-time answers ÷ (answered + overdue unanswered)', () => {
  const f = figuresOf([
    { state: 'answered', unitId: 'u1', unitName: '甲', onTime: true, light: 'green' },
    { state: 'answered', unitId: 'u1', unitName: '甲', onTime: false, light: 'red' },
    { state: 'assigned', unitId: 'u2', unitName: '乙', onTime: null, light: 'red' },
    { state: 'received', unitId: null, unitName: null, onTime: null, light: 'green' },
    { state: 'discarded', unitId: null, unitName: null, onTime: null, light: 'green' },
  ]);
  expect(f).toMatchObject({ received: 4, answered: 2, answeredOnTime: 1, overdue: 1, open: 2, discarded: 1, feedbackRate: 50, onTimeRate: 33.3 });
  expect(f.byUnit).toEqual([
    { unitId: 'u1', unitName: '甲', assigned: 2, answered: 2, answeredOnTime: 1, overdue: 0, onTimeRate: 50 },
    { unitId: 'u2', unitName: '乙', assigned: 1, answered: 0, answeredOnTime: 0, overdue: 1, onTimeRate: 0 },
  ]);
  expect(figuresOf([]).feedbackRate).toBeNull();
});

it('masks phone numbers, ID numbers and e-mail addresses before the public reads a text', () => {
  expect(maskPersonal('电话13800001234或 138 0000 1234，身份证350203199001011234，邮箱a.b@x.com，座机0592-5551234')).toBe('电话138****1234或 138****1234，身份证350************234，邮箱***@***，座机0592****');
});
