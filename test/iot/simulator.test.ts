import { afterAll, beforeAll, expect, it } from 'vitest';
import { createLogger } from '../../src/core/logger.js';
import { startEmbeddedBroker, type MqttIngest } from '../../src/iot/mqtt.js';
import { planFleet, readingOf, seeded, siteNoise } from '../../src/iot/sim-fleet.js';
import { provisionFleet, runFleet, SIM_ADMIN, type FleetRun } from '../../src/iot/simulator.js';
import { describeStores } from '../helpers/stores.js';
import { seedWorld, user } from '../cases/fixtures.js';
import { at } from './fixtures.js';

const MIN = 60_000;

async function until(check: () => boolean | Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 3000; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`never: ${what}`);
}

/**
 * `cityloop simulate devices` (issue 11 item 8): the fleet is registered with secrets, connects to
 * the embedded broker as real devices do and publishes realistic readings; the night-noise offender
 * raises its night alarm, the gas leak and the tilting billboard theirs as time goes on, and the dead
 * sensor goes offline. A second run re-keys the same devices.
 */
describeStores('the device simulator', (get) => {
  let broker: MqttIngest;
  let run: FleetRun | undefined;
  const operator = user(['operator']);
  beforeAll(async () => {
    await seedWorld(get().ctx);
    broker = await startEmbeddedBroker(get().ctx.iot, createLogger('silent'), { port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await run?.stop();
    await broker?.close();
  });

  it('plans realistic curves: a site loud in working hours and quiet at night; the offender loud at night', () => {
    const fleet = planFleet(30, [{ lon: 118.09, lat: 24.48 }]);
    expect(fleet.slice(0, 4).map((d) => d.role)).toEqual(['night_offender', 'tilting_billboard', 'gas_leak', 'dead_sensor']);
    expect(new Set(fleet.map((d) => d.input.type))).toEqual(new Set(['noise', 'dust', 'tilt', 'gas', 'manhole']));
    expect(siteNoise(10)).toBeGreaterThan(siteNoise(12.5));
    expect(siteNoise(23)).toBeLessThan(50);
    const rnd = seeded(3);
    const night = at('2026-03-02T23:30:00');
    expect(readingOf(fleet[0]!, night, night, rnd)!.laeq).toBeGreaterThan(55);
    expect(readingOf(fleet[0]!, at('2026-03-02T10:00:00'), night, rnd)!.laeq).toBeLessThan(70);
    expect(readingOf(fleet[3]!, night, night, rnd)).toBeNull();
  });

  it('publishes over MQTT: the offender’s night alarm, then the gas leak and the tilting billboard, the dead sensor offline', async () => {
    const { ctx, clock } = get();
    clock.set(at('2026-03-02T23:10:00'));
    const devices = await provisionFleet(ctx.iot, ctx.geo, 12, { prefix: 'SIMT' });
    const [offender, billboard, leak, dead] = devices.map((d) => d.input.id);
    const normalNoise = devices.find((d) => d.role === 'normal' && d.input.type === 'noise')!.input.id;
    run = runFleet({ url: `mqtt://127.0.0.1:${broker.port}`, devices, rate: 60, now: () => clock.now() });
    await run.ready;
    expect(run.stats.connected).toBe(11);
    const alarmsOf = async (id: string) => (await ctx.iot.listAlarms(operator, { deviceId: id, active: true, page: 1, pageSize: 5 })).items;
    await until(async () => {
      await ctx.iot.settle();
      return (await alarmsOf(offender!)).some((a) => a.ruleKey === 'noise.night');
    }, 'the offender’s night alarm');
    expect((await alarmsOf(normalNoise)).length).toBe(0);

    clock.set(at('2026-03-02T23:20:00'));
    await until(async () => {
      await ctx.iot.settle();
      return (await alarmsOf(leak!)).some((a) => a.severity === 'critical') && (await alarmsOf(billboard!)).some((a) => a.ruleKey === 'tilt.baseline');
    }, 'the gas leak’s and the billboard’s alarms');
    await run.stop();
    run = undefined;
    await ctx.iot.settle();
    expect(ctx.iot.engine.get(dead!)!.lastSeen).toBeNull();
    expect(ctx.iot.engine.get(normalNoise)!.lastSeen).not.toBeNull();

    clock.set(at('2026-03-02T23:10:00') + 31 * MIN);
    await ctx.iot.sweep();
    await ctx.iot.settle();
    expect((await alarmsOf(dead!)).map((a) => a.ruleKey)).toEqual(['noise.offline']);
  });

  it('a second run re-keys the same devices: the old secrets stop working', async () => {
    const { ctx } = get();
    const first = await provisionFleet(ctx.iot, ctx.geo, 5, { prefix: 'SIMK' });
    const second = await provisionFleet(ctx.iot, ctx.geo, 5, { prefix: 'SIMK' });
    expect(second.map((d) => d.input.id)).toEqual(first.map((d) => d.input.id));
    expect(ctx.iot.authenticate(first[0]!.input.id, first[0]!.secret)).toBe(false);
    expect(ctx.iot.authenticate(second[0]!.input.id, second[0]!.secret)).toBe(true);
    await expect(ctx.iot.rotateSecrets(operator, [first[0]!.input.id])).rejects.toMatchObject({ code: 'FORBIDDEN_ROLE' });
    expect(SIM_ADMIN.roles).toEqual(['admin']);
  });
});
