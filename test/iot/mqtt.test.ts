import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createLogger } from '../../src/core/logger.js';
import { LoggingSmsNotifier } from '../../src/notify/service.js';
import { connectExternalBroker, startEmbeddedBroker, type MqttIngest } from '../../src/iot/mqtt.js';
import { describeStores } from '../helpers/stores.js';
import { seedWorld, user, type World } from '../cases/fixtures.js';
import { at, register } from './fixtures.js';

const run = promisify(execFile);
const MIN = 60_000;
const MOSQUITTO = { host: '127.0.0.1', port: 1883 };

/** mosquitto_pub with QoS 1: it exits after the broker's PUBACK. Resolves with the exit code. */
async function pub(o: { port: number; user?: string; password?: string; topic: string; message: string }): Promise<number> {
  const args = ['-h', '127.0.0.1', '-p', String(o.port), '-q', '1', '-t', o.topic, '-m', o.message, '-i', `t-${process.pid}-${Math.random().toString(36).slice(2)}`];
  if (o.user) args.push('-u', o.user, '-P', o.password ?? '');
  try {
    await run('mosquitto_pub', args, { timeout: 20_000 });
    return 0;
  } catch (e) {
    return (e as { code?: number }).code ?? 1;
  }
}

const topic = (id: string) => `cityloop/devices/${id}/telemetry`;
async function until(check: () => boolean | Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 2000; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`never: ${what}`);
}

/**
 * The acceptance scenario with a real MQTT client (mosquitto_pub): a night-noise reading
 * raises one alarm, texts the owner, escalates, and after the grace period opens a routed case —
 * through the embedded broker and through the external Mosquitto; bad credentials and bad readings
 * are refused and counted by reason, and the pipeline keeps going.
 */
describeStores('MQTT ingest with a real client', (get) => {
  let w: World;
  let embedded: MqttIngest;
  const admin = user(['admin']);
  const operator = user(['operator']);
  beforeAll(async () => {
    w = await seedWorld(get().ctx);
    embedded = await startEmbeddedBroker(get().ctx.iot, createLogger('silent'), { port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await embedded?.close();
  });

  async function nightScenario(publish: (deviceId: string, secret: string, message: string) => Promise<number>, day: string) {
    const { ctx, clock } = get();
    clock.set(at(`${day}T23:10:00`));
    const { device, secret } = await register(ctx, admin, 'noise', w.point);
    expect(await publish(device.id, secret, JSON.stringify({ values: { laeq: 78.5, lmax: 91.2 } }))).toBe(0);
    expect(await publish(device.id, secret, JSON.stringify([{ values: { laeq: 79 } }, { values: { laeq: 80, lmax: 92 } }]))).toBe(0);
    await until(async () => {
      await ctx.iot.settle();
      return (await ctx.iot.listAlarms(operator, { deviceId: device.id, page: 1, pageSize: 5 })).total === 1 && ctx.iot.engine.get(device.id)!.lastValues.laeq === 80;
    }, 'the alarm of the published readings');
    await ctx.iot.settle();
    const alarms = await ctx.iot.listAlarms(operator, { deviceId: device.id, page: 1, pageSize: 5 });
    expect(alarms.total).toBe(1);
    const a = alarms.items[0]!;
    expect(a).toMatchObject({ ruleKey: 'noise.night', severity: 'critical', active: true, count: 3 });
    await ctx.bus.flush();
    expect((ctx.notifier.sms as LoggingSmsNotifier).sentToPhones.filter((m) => m.text.includes(device.id)).map((m) => m.phone)).toEqual(['13800000001']);
    clock.set(a.firstAt + 30 * MIN);
    expect((await ctx.iot.sweep()).notices).toBe(1);
    clock.set(a.firstAt + 119 * MIN);
    expect((await ctx.iot.sweep()).casesOpened).toBe(0);
    clock.set(a.firstAt + 120 * MIN);
    expect((await ctx.iot.sweep()).casesOpened).toBe(1);
    const { alarm } = await ctx.iot.getAlarm(operator, a.id);
    const c = (await ctx.cases.find(alarm.caseId!))!;
    expect(c).toMatchObject({ source: 'iot', externalRef: a.id, categoryCode: 'E0301', status: 'dispatched' });
    await ctx.bus.flush();
    expect((ctx.notifier.sms as LoggingSmsNotifier).sent.filter((m) => m.caseId === a.id)).toEqual([expect.objectContaining({ audience: expect.objectContaining({ role: 'dispatcher' }) })]);
  }

  it('embedded broker: night noise from mosquitto_pub → one alarm, owner SMS, escalation, routed case', async () => {
    await nightScenario((id, secret, message) => pub({ port: embedded.port!, user: id, password: secret, topic: topic(id), message }), '2026-03-09');
  });

  it('embedded broker: refuses a wrong secret and another device’s topic; counts bad readings by reason and keeps going', async () => {
    const { ctx, clock } = get();
    clock.set(at('2026-03-10T11:00:00'));
    const { device, secret } = await register(ctx, admin, 'gas', w.point);
    const { device: other } = await register(ctx, admin, 'gas', w.point);
    const before = ctx.iot.rejections();
    const n = (k: string) => (ctx.iot.rejections()[k] ?? 0) - ((before as Record<string, number>)[k] ?? 0);
    expect(await pub({ port: embedded.port!, user: device.id, password: 'wrong', topic: topic(device.id), message: '{"values":{"lel":1}}' })).not.toBe(0);
    expect(await pub({ port: embedded.port!, user: 'NO-SUCH-DEVICE', password: 'x', topic: topic('NO-SUCH-DEVICE'), message: '{"values":{"lel":1}}' })).not.toBe(0);
    expect(n('bad_credentials')).toBe(2);
    await pub({ port: embedded.port!, user: device.id, password: secret, topic: topic(other.id), message: '{"values":{"lel":1}}' });
    expect(n('bad_credentials')).toBe(3);
    expect(await pub({ port: embedded.port!, user: device.id, password: secret, topic: topic(device.id), message: 'not json' })).toBe(0);
    expect(await pub({ port: embedded.port!, user: device.id, password: secret, topic: topic(device.id), message: '{"values":{"lel":"high"}}' })).toBe(0);
    expect(await pub({ port: embedded.port!, user: device.id, password: secret, topic: topic(device.id), message: '{"values":{"lel":250}}' })).toBe(0);
    expect(await pub({ port: embedded.port!, user: device.id, password: secret, topic: topic(device.id), message: '[{"values":{"lel":3}},{"values":{}},{"ts":"yesterday","values":{"lel":4}}]' })).toBe(0);
    expect(n('malformed')).toBe(4);
    expect(n('out_of_range')).toBe(1);
    expect(ctx.iot.engine.get(device.id)!.lastValues).toEqual({ lel: 3 });
    expect(ctx.iot.engine.get(other.id)!.lastSeen).toBeNull();
    // Still taking readings after all that.
    expect(await pub({ port: embedded.port!, user: device.id, password: secret, topic: topic(device.id), message: '{"values":{"lel":7}}' })).toBe(0);
    expect(ctx.iot.engine.get(device.id)!.lastValues).toEqual({ lel: 7 });
  });

  it('external broker (Mosquitto): the same night-noise scenario through MQTT_URL', async () => {
    const ext = await connectExternalBroker(get().ctx.iot, createLogger('silent'), `mqtt://${MOSQUITTO.host}:${MOSQUITTO.port}`, { group: `t${process.pid}${Date.now().toString(36)}` });
    try {
      await nightScenario((id, _secret, message) => pub({ port: MOSQUITTO.port, topic: topic(id), message }), '2026-03-11');
    } finally {
      await ext.close();
    }
  });
});
