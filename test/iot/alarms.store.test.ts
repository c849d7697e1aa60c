import { afterAll, beforeAll, expect, it } from 'vitest';
import { sql } from 'kysely';
import type { AppContext } from '../../src/app.js';
import { LoggingSmsNotifier } from '../../src/notify/service.js';
import { describeStores, openSecond } from '../helpers/stores.js';
import { seedWorld, user, type World } from '../cases/fixtures.js';
import { at, refusal, register } from './fixtures.js';

const MIN = 60_000;

/**
 * Alarms on the kit through the hub's service: the night-noise path (one alarm, the owner texted,
 * the ladder, a routed case after the grace period, linked both ways), a clear in time (no case),
 * acknowledge (the ladder stops, the case still comes), a repeat while the case is open (added to
 * it), exactly one active alarm when two processes raise at once, and the per-device budget.
 */
describeStores('IoT alarms', (get) => {
  let w: World;
  let b: AppContext;
  const admin = user(['admin']);
  const operator = user(['operator']);
  beforeAll(async () => {
    w = await seedWorld(get().ctx);
    b = await openSecond(get());
  });
  afterAll(async () => {
    await b?.close();
  });
  const sms = () => (get().ctx.notifier.sms as LoggingSmsNotifier).sentToPhones;
  const types = async (id: string) => (await get().ctx.iot.alarms.store.events(id)).map((e) => e.type);

  it('night noise: one alarm, the owner texted, escalated to the street, then a routed case linked both ways', async () => {
    const { ctx, clock } = get();
    clock.set(at('2026-03-02T23:00:00'));
    const { device } = await register(ctx, admin, 'noise', w.point);
    for (let i = 0; i < 4; i++) await ctx.iot.ingest(device.id, { ts: clock.now() + i * 1000, values: { laeq: 80, lmax: 92 } }, 'http');
    await ctx.iot.settle();
    const list = await ctx.iot.listAlarms(operator, { deviceId: device.id, page: 1, pageSize: 10 });
    expect(list.total).toBe(1);
    const a = list.items[0]!;
    expect(a).toMatchObject({ ruleKey: 'noise.night', severity: 'critical', state: 'active_unack', count: 4 });
    expect(await types(a.id)).toEqual(['raised', 'escalated', 'repeated']);
    await ctx.bus.flush();
    expect(sms().filter((m) => m.text.includes(device.id))).toEqual([expect.objectContaining({ phone: '13800000001', text: expect.stringContaining('自行整改') })]);

    clock.set(a.firstAt + 31 * MIN);
    expect((await ctx.iot.sweep()).notices).toBe(1);
    expect((await ctx.iot.sweep()).notices).toBe(0);
    clock.set(a.firstAt + 121 * MIN);
    const r = await ctx.iot.sweep();
    expect(r.casesOpened).toBe(1);
    const linked = (await ctx.iot.getAlarm(operator, a.id)).alarm;
    expect(linked.caseId).not.toBeNull();
    const c = (await ctx.cases.find(linked.caseId!))!;
    expect(c).toMatchObject({ source: 'iot', externalRef: a.id, categoryCode: 'E0301' });
    expect(c.status).toBe('dispatched');
    expect(c.unit).not.toBeNull();
    expect(c.description).toContain(a.id);
    expect(await types(a.id)).toEqual(['raised', 'escalated', 'repeated', 'escalated', 'case_opened']);
    expect((await ctx.iot.alarms.store.verify(a.id)).ok).toBe(true);
    // A second sweep opens nothing more.
    expect((await ctx.iot.sweep()).casesOpened).toBe(0);
  });

  it('a repeat while the case is open adds to that case instead of opening another', async () => {
    const { ctx, clock } = get();
    clock.set(at('2026-03-03T23:00:00'));
    const { device } = await register(ctx, admin, 'noise', w.point);
    await ctx.iot.ingest(device.id, { values: { laeq: 60, lmax: 90 } }, 'http');
    await ctx.iot.settle();
    const first = (await ctx.iot.listAlarms(operator, { deviceId: device.id, page: 1, pageSize: 5 })).items[0]!;
    clock.set(first.firstAt + 121 * MIN);
    await ctx.iot.sweep();
    const withCase = (await ctx.iot.getAlarm(operator, first.id)).alarm;
    await ctx.iot.actOnAlarm(operator, first.id, 'clear', { note: '现场已停工' }, withCase.version);
    await ctx.iot.ingest(device.id, { values: { laeq: 60, lmax: 91 } }, 'http');
    await ctx.iot.settle();
    const again = (await ctx.iot.listAlarms(operator, { deviceId: device.id, active: true, page: 1, pageSize: 5 })).items[0]!;
    expect(again.id).not.toBe(first.id);
    clock.set(again.firstAt + 121 * MIN);
    expect(await ctx.iot.sweep()).toMatchObject({ casesOpened: 0, casesAdded: 1 });
    expect((await ctx.iot.getAlarm(operator, again.id)).alarm.caseId).toBe(withCase.caseId);
    expect((await ctx.cases.events(withCase.caseId!)).map((e) => e.type)).toContain('urged');
    const cases = await ctx.db.kysely.selectFrom('cases').select('id').where('source', '=', 'iot').where('external_ref', 'in', [first.id, again.id]).execute();
    expect(cases).toHaveLength(1);
  });

  it('an alarm that clears in time (beyond the hysteresis band) makes no case', async () => {
    const { ctx, clock } = get();
    clock.set(at('2026-03-04T10:00:00'));
    const { device } = await register(ctx, admin, 'gas', w.point);
    await ctx.iot.ingest(device.id, { values: { lel: 30 } }, 'http');
    await ctx.iot.settle();
    const a = (await ctx.iot.listAlarms(operator, { deviceId: device.id, page: 1, pageSize: 5 })).items[0]!;
    expect(a).toMatchObject({ severity: 'major', active: true });
    await ctx.iot.ingest(device.id, { values: { lel: 22 } }, 'http'); // inside the band (25 − 5): still active
    await ctx.iot.settle();
    expect((await ctx.iot.getAlarm(operator, a.id)).alarm.active).toBe(true);
    await ctx.iot.ingest(device.id, { values: { lel: 12 } }, 'http');
    await ctx.iot.settle();
    const cleared = (await ctx.iot.getAlarm(operator, a.id)).alarm;
    expect(cleared).toMatchObject({ active: false, state: 'cleared_unack', nextStepAt: null });
    clock.set(a.firstAt + 60 * MIN);
    expect(await ctx.iot.sweep()).toMatchObject({ casesOpened: 0, notices: 0 });
    expect((await ctx.iot.getAlarm(operator, a.id)).alarm.caseId).toBeNull();
  });

  it('acknowledging stops the notices; the case still comes when the alarm stays active', async () => {
    const { ctx, clock } = get();
    clock.set(at('2026-03-05T10:00:00'));
    const { device } = await register(ctx, admin, 'gas', w.point);
    await ctx.iot.ingest(device.id, { values: { lel: 60 } }, 'http');
    await ctx.iot.settle();
    const a = (await ctx.iot.listAlarms(operator, { deviceId: device.id, page: 1, pageSize: 5 })).items[0]!;
    expect(a.severity).toBe('critical');
    const acked = await ctx.iot.actOnAlarm(operator, a.id, 'acknowledge', { note: '已电话联系' }, a.version);
    expect(acked.state).toBe('active_ack');
    expect(await refusal(ctx.iot.actOnAlarm(operator, a.id, 'acknowledge', {}, acked.version))).toEqual({ code: 'ACTION_NOT_ALLOWED', kind: 'conflict' });
    clock.set(a.firstAt + 11 * MIN);
    expect((await ctx.iot.sweep()).notices).toBe(0);
    clock.set(a.firstAt + 16 * MIN);
    expect((await ctx.iot.sweep()).casesOpened).toBe(1);
    const t = await types(a.id);
    expect(t.filter((x) => x === 'escalated')).toHaveLength(1);
    expect(t).toContain('case_opened');
  });

  it('assigns and comments through the declared actions; a stale version is refused and writes nothing', async () => {
    const { ctx, clock } = get();
    clock.set(at('2026-03-06T10:00:00'));
    const { device } = await register(ctx, admin, 'gas', w.point);
    await ctx.iot.ingest(device.id, { values: { lel: 26 } }, 'http');
    await ctx.iot.settle();
    const a = (await ctx.iot.listAlarms(operator, { deviceId: device.id, page: 1, pageSize: 5 })).items[0]!;
    const assigned = await ctx.iot.actOnAlarm(operator, a.id, 'assign', { assigneeId: 'u-handler-1' }, a.version);
    expect(assigned.assigneeId).toBe('u-handler-1');
    expect(await refusal(ctx.iot.actOnAlarm(operator, a.id, 'comment', { text: '过期' }, a.version))).toEqual({ code: 'ALARM_VERSION_CONFLICT', kind: 'conflict' });
    await ctx.iot.actOnAlarm(operator, a.id, 'comment', { text: '已派人' }, assigned.version);
    expect(await refusal(ctx.iot.actOnAlarm(user(['inspector']), a.id, 'comment', { text: 'x' }, assigned.version + 1))).toEqual({ code: 'FORBIDDEN_ROLE', kind: 'forbidden' });
    expect(await refusal(ctx.iot.actOnAlarm(operator, a.id, 'clear', {}, assigned.version + 1))).toEqual({ code: 'NOTE_REQUIRED', kind: 'unprocessable' });
    expect((await types(a.id)).slice(-2)).toEqual(['assigned', 'commented']);
  });

  it('keeps exactly one active alarm per device and rule when two processes raise it at once', async () => {
    const { ctx, clock } = get();
    clock.set(at('2026-03-07T10:00:00'));
    const { device } = await register(ctx, admin, 'gas', w.point);
    await b.iot.reload();
    await Promise.all([
      ctx.iot.ingest(device.id, { values: { lel: 40 } }, 'http'),
      b.iot.ingest(device.id, { values: { lel: 41 } }, 'http'),
      ctx.iot.ingest(device.id, { ts: clock.now() + 1, values: { lel: 42 } }, 'http'),
      b.iot.ingest(device.id, { ts: clock.now() + 1, values: { lel: 43 } }, 'http'),
    ]);
    await Promise.all([ctx.iot.settle(), b.iot.settle()]);
    await Promise.all([ctx.iot.settle(), b.iot.settle()]);
    const rows = await ctx.db.kysely.selectFrom('iot_alarms').selectAll().where('device_id', '=', device.id).execute();
    expect(rows.filter((r) => Number(r.active) === 1)).toHaveLength(1);
    expect(rows).toHaveLength(1);
    expect(Number(rows[0]!.count)).toBe(4);
    expect((await ctx.iot.alarms.store.verify(rows[0]!.id)).ok).toBe(true);
  });

  it('the store itself refuses a second active alarm for the same device and rule', async () => {
    const { ctx } = get();
    const row = await ctx.db.kysely.selectFrom('iot_alarms').selectAll().where('active', '=', 1).limit(1).executeTakeFirstOrThrow();
    const copy = { ...row, id: `${row.id}-dup` };
    await expect(ctx.db.kysely.insertInto('iot_alarms').values(copy).execute()).rejects.toThrow();
    await sql`select 1`.execute(ctx.db.kysely);
  });

  it('a flapping sensor spends its hourly budget: further alarms are counted and dropped', async () => {
    const { ctx, clock } = get();
    clock.set(at('2026-03-08T10:00:00'));
    const { device } = await register(ctx, admin, 'gas', w.point);
    for (let i = 0; i < 25; i++) {
      await ctx.iot.ingest(device.id, { ts: clock.now() + i * 2000, values: { lel: 30 } }, 'http');
      await ctx.iot.settle();
      await ctx.iot.ingest(device.id, { ts: clock.now() + i * 2000 + 1000, values: { lel: 5 } }, 'http');
      await ctx.iot.settle();
    }
    const total = (await ctx.iot.listAlarms(operator, { deviceId: device.id, page: 1, pageSize: 100 })).total;
    expect(total).toBe(get().config.iotAlarmBudgetPerHour);
    expect(ctx.iot.alarms.suppressed()).toBeGreaterThanOrEqual(25 - total);
  });
});
