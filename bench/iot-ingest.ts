/**
 * Benchmark iot.ingest: readings per second end to end — MQTT publish (QoS 1, one connection per
 * device, batches) → the embedded broker checks the device → parsed and range-checked → every rule
 * of the device evaluated → alarm state stored (a leak reading in every CITYLOOP_BENCH_IOT_ALARM_EVERY
 * gas readings raises an alarm on the kit, the next one clears it) → minute aggregates, raw readings
 * and last-seen written by the flusher. The PUBACK waits while the pipeline is full, so the rate is
 * what the hub keeps up with.
 *
 * In the same run: the ceiling — the same publishers against a bare aedes broker that takes every
 * message and does nothing — then p50 / p99 latency (publish → PUBACK, and publish → new alarm
 * committed) at fixed rates, and the memory of 100 000 devices' live state (a simulated fleet's mix,
 * each with one reading evaluated). Publishers run in a worker thread. Load average is reported: the
 * machine is shared.
 * Env: CITYLOOP_BENCH_IOT_DEVICES (publishing devices, 200), CITYLOOP_BENCH_IOT_BATCH (readings a
 * message, 20), CITYLOOP_BENCH_IOT_SECONDS (per phase, 8), CITYLOOP_BENCH_IOT_RATES (5000,20000),
 * CITYLOOP_BENCH_IOT_FLEET (100000), CITYLOOP_BENCH_IOT_ALARM_EVERY (2000).
 */
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import { Aedes } from 'aedes';
import { createContext, type AppContext } from '../src/app.js';
import { loadConfig } from '../src/core/config.js';
import { createLogger } from '../src/core/logger.js';
import { secretHash, type Device } from '../src/iot/model.js';
import { startEmbeddedBroker } from '../src/iot/mqtt.js';
import { planFleet } from '../src/iot/sim-fleet.js';
import { SIM_ADMIN } from '../src/iot/simulator.js';
import type { OnProgress } from '../src/core/progress.js';
import { percentile, startPublishers, type PublisherJob, type PublisherResult } from './iot-publisher.js';

const env = (k: string, d: number) => Number(process.env[k] ?? d);
const log = (s: string) => process.stderr.write(`${s}\n`);
const load = () => os.loadavg().map((x) => Math.round(x * 100) / 100);
const mb = (b: number) => Math.round(b / 1_048_576);

function gcNow(): void {
  v8.setFlagsFromString('--expose-gc');
  (vm.runInNewContext('gc') as () => void)();
}

async function bareBroker(): Promise<{ port: number; close(): Promise<void> }> {
  const broker = await Aedes.createBroker({ id: 'bare' });
  const server = net.createServer(broker.handle);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as net.AddressInfo).port;
  return {
    port,
    async close() {
      await new Promise<void>((r) => broker.close(() => r()));
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

function summary(r: PublisherResult, extraMs = 0) {
  const lat = [...r.latencies].sort((a, b) => a - b);
  const seconds = (r.ms + extraMs) / 1000;
  return {
    messages: r.messages, readings: r.readings, seconds: Math.round(seconds * 100) / 100,
    messagesPerSec: Math.round(r.messages / seconds), readingsPerSec: Math.round(r.readings / seconds), failed: r.failed,
    ackMs: { p50: Math.round(percentile(lat, 50) * 10) / 10, p99: Math.round(percentile(lat, 99) * 10) / 10, max: Math.round((lat.at(-1) ?? 0) * 10) / 10 },
  };
}

async function registerPublishing(ctx: AppContext, n: number): Promise<PublisherJob['devices']> {
  const plan = planFleet(n + 4, [{ lon: 118.0894, lat: 24.4798 }], { prefix: 'BENCH' }).slice(4)
    .map((d, i) => ({ ...d.input, type: (i % 2 === 0 ? 'noise' : 'gas') as Device['type'], ownerKind: i % 2 === 0 ? 'construction_site' : 'gas_user', baseline: {} }));
  const created = (await ctx.iot.importDevices(SIM_ADMIN, plan)).created;
  return created.map((c, i) => ({ id: c.id, secret: c.secret, kind: i % 2 === 0 ? 'noise' : 'gas' }));
}

/** The live state of a fleet of `n` devices (the simulator's mix), one reading each evaluated: heap and RSS growth. */
function fleetMemory(ctx: AppContext, n: number) {
  gcNow();
  const before = process.memoryUsage();
  const now = Date.now();
  let fleet: ReturnType<typeof planFleet> | null = planFleet(n, [{ lon: 118.0894, lat: 24.4798 }], { prefix: 'MEM' });
  const t0 = performance.now();
  const ids: string[] = [];
  for (const d of fleet) {
    const { input } = d;
    const device: Device = {
      id: input.id, type: input.type, model: input.model, serial: input.serial, name: input.name, ownerKind: input.ownerKind, ownerId: input.ownerId,
      ownerName: input.ownerName, contactName: input.contactName, contactPhone: input.contactPhone, lon: input.lon, lat: input.lat, address: null,
      baseline: input.baseline ?? {}, params: input.params ?? {}, enabled: true, gridCode: null, streetCode: null, districtCode: null,
      lastSeenAt: null, version: 1, createdAt: now, updatedAt: now,
    };
    ctx.iot.engine.upsertDevice(device, secretHash(input.id));
    ids.push(input.id);
  }
  fleet = null;
  const loadMs = performance.now() - t0;
  const t1 = performance.now();
  for (const id of ids) {
    const l = ctx.iot.engine.get(id)!;
    const type = l.device.type;
    const v = type === 'noise' ? { laeq: 48, lmax: 56 } : type === 'gas' ? { lel: 1 } : type === 'tilt' ? { tilt: l.device.baseline.tilt ?? 0 } : type === 'dust' ? { pm10: 80 } : { open: 0, flipped: 0, water: 10 };
    void ctx.iot.ingest(id, { ts: now, values: v }, 'http');
  }
  const evalMs = performance.now() - t1;
  ctx.iot.engine.drain();
  gcNow();
  const after = process.memoryUsage();
  let ruleStates = 0;
  for (const id of ids) ruleStates += ctx.iot.engine.get(id)!.rules.length;
  return {
    devices: n, ruleStates, loadMs: Math.round(loadMs), oneReadingEachMs: Math.round(evalMs),
    heapGrowthMB: mb(after.heapUsed - before.heapUsed), bytesPerDevice: Math.round((after.heapUsed - before.heapUsed) / n), rssMB: mb(after.rss), heapUsedMB: mb(after.heapUsed),
  };
}

export async function run(progress: OnProgress): Promise<unknown> {
  const devices = env('CITYLOOP_BENCH_IOT_DEVICES', 200);
  const batch = env('CITYLOOP_BENCH_IOT_BATCH', 20);
  const durationMs = env('CITYLOOP_BENCH_IOT_SECONDS', 8) * 1000;
  const rates = (process.env.CITYLOOP_BENCH_IOT_RATES ?? '5000,20000').split(',').map(Number);
  const fleet = env('CITYLOOP_BENCH_IOT_FLEET', 100_000);
  const alarmEvery = env('CITYLOOP_BENCH_IOT_ALARM_EVERY', 2000);
  const phases = 3 + rates.length;
  let phase = 0;
  const step = (what: string) => {
    progress(++phase, phases, what);
    log(`iot.ingest: ${what} (load ${load().join(' ')})`);
  };

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cityloop-bench-iot-'));
  const config = loadConfig({ CITYLOOP_DATA_DIR: dir, CITYLOOP_DEMO: 'false', CITYLOOP_TIMERS: 'false', LOG_LEVEL: 'silent', IOT_ALARM_BUDGET_PER_HOUR: '100000' });
  const ctx = await createContext(config, { logger: createLogger('silent') });
  const flusher = setInterval(() => void ctx.iot.flush().catch(() => undefined), 1_000);
  const loadBefore = load();
  try {
    const pubs = await registerPublishing(ctx, devices);
    const job = (url: string, o: Partial<PublisherJob>): PublisherJob => ({ url, devices: pubs, mode: 'max', window: 4, batch, durationMs, alarmEvery, ...o });

    step('ceiling: a bare broker');
    const bare = await bareBroker();
    const ceiling = summary(await (await startPublishers(job(`mqtt://127.0.0.1:${bare.port}`, {}))).go());
    await bare.close();

    const broker = await startEmbeddedBroker(ctx.iot, createLogger('silent'), { port: 0, host: '127.0.0.1' });
    const url = `mqtt://127.0.0.1:${broker.port}`;
    // publish → new alarm committed, for the leak readings (the reading's ts is its publish time).
    const alarmLat: number[] = [];
    const raise = ctx.iot.alarms.raise.bind(ctx.iot.alarms);
    ctx.iot.alarms.raise = async (d, r, s, ts, v) => {
      const fresh = ctx.iot.alarms.known(d.id, r.id) === undefined;
      const a = await raise(d, r, s, ts, v);
      if (fresh && a) alarmLat.push(Date.now() - ts);
      return a;
    };
    const alarmMs = () => {
      const s = [...alarmLat].sort((a, b) => a - b);
      alarmLat.length = 0;
      return { alarms: s.length, p50: Math.round(percentile(s, 50)), p99: Math.round(percentile(s, 99)) };
    };

    step('sustained: end to end at full speed');
    const readings0 = ctx.iot.engine.stats.readings;
    const raised0 = ctx.iot.engine.stats.raised;
    const cpu0 = process.cpuUsage();
    const r = await (await startPublishers(job(url, {}))).go();
    const t1 = performance.now();
    await ctx.iot.settle();
    const settleMs = performance.now() - t1;
    const cpu = process.cpuUsage(cpu0);
    const sustained = {
      ...summary(r, settleMs), settleMs: Math.round(settleMs), evaluated: ctx.iot.engine.stats.readings - readings0, alarmsRaised: ctx.iot.engine.stats.raised - raised0,
      hubCpuSeconds: Math.round((cpu.user + cpu.system) / 1e4) / 100, alarmStoredMs: alarmMs(),
    };
    const fixed: Record<string, unknown> = {};
    for (const rate of rates) {
      step(`latency at ${rate} readings/s`);
      const x = await (await startPublishers(job(url, { mode: 'rate', readingsPerSecond: rate }))).go();
      await ctx.iot.settle();
      fixed[String(rate)] = { ...summary(x), alarmStoredMs: alarmMs() };
    }
    await broker.close();

    step(`memory: ${fleet} devices' live state`);
    const memory = fleetMemory(ctx, fleet);
    const rows = Number((await ctx.db.kysely.selectFrom('iot_minutes').select((e) => e.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    return {
      targets: '≥ 50 000 readings/s sustained; p99 ≤ 50 ms at 20 000 readings/s; 100 000 devices in ≤ 300 MB',
      setup: { publishingDevices: devices, batch, secondsPerPhase: durationMs / 1000, alarmEvery, store: 'sqlite', cpus: os.cpus().length },
      loadAverage: { before: loadBefore, after: load() },
      ceiling, sustained, ratioToCeiling: Math.round((sustained.readingsPerSec / ceiling.readingsPerSec) * 100) / 100,
      fixedRates: fixed, memory, minuteRowsWritten: rows,
    };
  } finally {
    clearInterval(flusher);
    await ctx.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
