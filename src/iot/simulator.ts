/**
 * `cityloop simulate devices`: registers a simulated fleet (src/iot/sim-fleet.ts) in the register —
 * new devices get a secret, devices of an earlier run get a new one — and publishes its readings
 * over MQTT as real devices do: one connection per device (username = device id, password = its
 * secret), QoS 1 to `cityloop/devices/{id}/telemetry`, `rate` readings a second across the fleet,
 * optionally `batch` readings a message. A running platform picks the devices up within seconds (it
 * reloads when the register changes); until then its broker refuses them and the simulator retries.
 */
import mqtt, { type MqttClient } from 'mqtt';
import type { User } from '../auth/model.js';
import type { GeoService } from '../geo/service.js';
import type { IotService } from './service.js';
import { planFleet, seeded, readingOf, type SimDevice } from './sim-fleet.js';

export const SIM_ADMIN: User = {
  id: 'simulator', username: 'simulator', displayName: '设备模拟器', phone: null, active: true, unitId: null,
  scope: { level: 'city', code: '350200' }, roles: ['admin'], createdAt: 0, updatedAt: 0,
};

export type ProvisionedDevice = SimDevice & { secret: string };

/** Registers (or re-keys) `count` simulated devices spread over the city's grids. */
export async function provisionFleet(iot: IotService, geo: GeoService, count: number, o: { seed?: number; prefix?: string } = {}): Promise<ProvisionedDevice[]> {
  const grids = await geo.listGrids({ limit: 5_000 });
  const places = grids.length ? grids.map((g) => g.label) : [{ lon: 118.0894, lat: 24.4798 }];
  const plan = planFleet(count, places, o);
  const secrets = new Map<string, string>();
  for (let i = 0; i < plan.length; i += 1_000) {
    const part = plan.slice(i, i + 1_000);
    const known = part.filter((d) => iot.engine.get(d.input.id)).map((d) => d.input.id);
    const fresh = part.filter((d) => !iot.engine.get(d.input.id)).map((d) => d.input);
    if (fresh.length) for (const c of (await iot.importDevices(SIM_ADMIN, fresh)).created) secrets.set(c.id, c.secret);
    if (known.length) for (const r of await iot.rotateSecrets(SIM_ADMIN, known)) secrets.set(r.id, r.secret);
  }
  return plan.map((d) => ({ ...d, secret: secrets.get(d.input.id)! }));
}

export interface FleetStats { connected: number; messages: number; readings: number; acked: number; failed: number; refusedConnects: number }

export interface FleetRun {
  stats: FleetStats;
  /** Resolves once every device that reports is connected. */
  ready: Promise<void>;
  stop(): Promise<void>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Publishes the fleet's readings until `stop()`. `now` is the clock the readings' times come from
 * (the platform's in tests). Devices connect 50 at a time; a refused connection is retried every
 * 2 s for `waitMs`.
 */
export function runFleet(o: {
  url: string; devices: readonly ProvisionedDevice[]; rate: number; batch?: number; seed?: number; now?: () => number; waitMs?: number;
  onError?(e: unknown): void;
}): FleetRun {
  const now = o.now ?? Date.now;
  const batch = Math.max(1, o.batch ?? 1);
  const rnd = seeded((o.seed ?? 1) + 7);
  const stats: FleetStats = { connected: 0, messages: 0, readings: 0, acked: 0, failed: 0, refusedConnects: 0 };
  const reporting = o.devices.filter((d) => d.role !== 'dead_sensor');
  const clients = new Map<string, MqttClient>();
  const since = now();
  let stopped = false;
  // Each device reports every `every` ms (rate readings/s over the fleet), `batch` readings a message.
  const every = (reporting.length / Math.max(o.rate, 0.001)) * 1000;
  const next = new Map<string, number>();
  const t0 = Date.now();
  reporting.forEach((d, i) => next.set(d.input.id, t0 + (i / Math.max(reporting.length, 1)) * every * batch));

  async function connect(d: ProvisionedDevice): Promise<void> {
    const until = Date.now() + (o.waitMs ?? 30_000);
    while (!stopped) {
      try {
        const c = await mqtt.connectAsync(o.url, { clientId: d.input.id, username: d.input.id, password: d.secret, reconnectPeriod: 0, connectTimeout: 10_000, clean: true });
        c.on('error', () => undefined);
        clients.set(d.input.id, c);
        stats.connected++;
        return;
      } catch (e) {
        stats.refusedConnects++;
        if (Date.now() > until) throw e;
        await sleep(2_000);
      }
    }
  }
  const ready = (async () => {
    // One device first: a running platform refuses the fleet until it has reloaded the register;
    // the others connect once it takes one (so the refusals counted stay few).
    if (reporting.length) await connect(reporting[0]!);
    for (let i = 1; i < reporting.length && !stopped; i += 50) await Promise.all(reporting.slice(i, i + 50).map(connect));
  })();
  ready.catch((e: unknown) => o.onError?.(e));

  const tick = setInterval(() => {
    const real = Date.now();
    const t = now();
    for (const d of reporting) {
      const due = next.get(d.input.id)!;
      if (due > real) continue;
      const c = clients.get(d.input.id);
      if (!c) continue;
      next.set(d.input.id, Math.max(due + every * batch, real));
      const readings: Array<{ ts: number; values: Record<string, number> }> = [];
      for (let k = batch - 1; k >= 0; k--) {
        const ts = Math.round(t - k * every);
        const values = readingOf(d, ts, since, rnd);
        if (values) readings.push({ ts, values });
      }
      if (!readings.length) continue;
      stats.messages++;
      stats.readings += readings.length;
      c.publish(`cityloop/devices/${d.input.id}/telemetry`, JSON.stringify(batch === 1 ? readings[0] : readings), { qos: 1 }, (err) => {
        if (err) stats.failed++;
        else stats.acked++;
      });
    }
  }, 50);

  return {
    stats,
    ready,
    async stop() {
      stopped = true;
      clearInterval(tick);
      await ready.catch(() => undefined);
      await Promise.all([...clients.values()].map((c) => c.endAsync().catch(() => undefined)));
    },
  };
}
