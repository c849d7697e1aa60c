/**
 * The load side of bench iot.ingest: MQTT publishers in a worker thread (so their CPU is not the
 * hub's event loop), one connection per device as real devices connect, JSON readings with their
 * publish time as `ts`. Two modes: `max` keeps `window` QoS 1 messages in flight per connection
 * (the sustained rate), `rate` sends at a fixed rate whatever the acks do (open loop, for latency).
 * The worker's source is plain CommonJS text run with `eval`, so it needs no TypeScript loader.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

export interface PublisherJob {
  url: string;
  devices: ReadonlyArray<{ id: string; secret: string; kind: 'noise' | 'gas' }>;
  mode: 'max' | 'rate';
  /** Readings a second over all connections (mode rate). */
  readingsPerSecond?: number;
  /** Messages in flight per connection (mode max). */
  window?: number;
  batch: number;
  durationMs: number;
  /** One gas reading in this many is a leak reading (it raises an alarm; the next one clears it). */
  alarmEvery: number;
}
export interface PublisherResult { messages: number; readings: number; acked: number; failed: number; ms: number; latencies: number[] }

const SOURCE = String.raw`
const { parentPort, workerData: job } = require('node:worker_threads');
const mqtt = require(job.mqttPath);
(async () => {
  const clients = [];
  for (let i = 0; i < job.devices.length; i += 50) {
    const part = job.devices.slice(i, i + 50);
    clients.push(...await Promise.all(part.map(async (d) => {
      const c = await mqtt.connectAsync(job.url, { clientId: d.id, username: d.id, password: d.secret, reconnectPeriod: 0, clean: true, connectTimeout: 30000 });
      c.on('error', () => {});
      return { c, d, topic: 'cityloop/devices/' + d.id + '/telemetry', n: 0, inFlight: 0 };
    })));
  }
  parentPort.postMessage({ ready: true });
  await new Promise((r) => parentPort.once('message', r));
  let messages = 0, readings = 0, acked = 0, failed = 0, g = 0;
  const lat = [];
  const payload = (x) => {
    const now = Date.now();
    const list = [];
    for (let k = job.batch - 1; k >= 0; k--) {
      x.n++;
      let values;
      if (x.d.kind === 'gas') values = { lel: ++g % job.alarmEvery === 0 ? 30 : 1 + (x.n % 7) / 10 };
      else values = { laeq: 44 + (x.n % 9) / 2, lmax: 52 + (x.n % 5) };
      list.push({ ts: now - k, values });
    }
    return JSON.stringify(job.batch === 1 ? list[0] : list);
  };
  const t0 = Date.now();
  const end = t0 + job.durationMs;
  const send = (x, onDone) => {
    const at = performance.now();
    messages++;
    readings += job.batch;
    x.inFlight++;
    x.c.publish(x.topic, payload(x), { qos: 1 }, (err) => {
      x.inFlight--;
      if (err) failed++; else { acked++; lat.push(performance.now() - at); }
      if (onDone) onDone();
    });
  };
  if (job.mode === 'max') {
    await new Promise((resolve) => {
      let open = clients.length;
      for (const x of clients) {
        const pump = () => {
          if (Date.now() >= end) { if (x.inFlight === 0 && --open === 0) resolve(); return; }
          send(x, pump);
        };
        for (let w = 0; w < job.window; w++) send(x, pump);
      }
    });
  } else {
    const perMs = job.readingsPerSecond / job.batch / 1000;
    let sent = 0, i = 0;
    await new Promise((resolve) => {
      const tick = setInterval(() => {
        const now = Date.now();
        const due = Math.min(Math.floor((Math.min(now, end) - t0) * perMs), sent + 5000);
        while (sent < due) { send(clients[i++ % clients.length]); sent++; }
        if (now >= end) { clearInterval(tick); resolve(); }
      }, 2);
    });
    const wait = Date.now() + 30000;
    while (acked + failed < messages && Date.now() < wait) await new Promise((r) => setTimeout(r, 5));
  }
  const ms = Date.now() - t0;
  await Promise.all(clients.map((x) => x.c.endAsync().catch(() => {})));
  parentPort.postMessage({ done: true, messages, readings, acked, failed, ms, latencies: lat });
})().catch((e) => parentPort.postMessage({ error: String(e && e.stack || e) }));
`;

/** Connects the publishers; `go()` starts publishing and resolves with what they saw. */
export async function startPublishers(job: PublisherJob): Promise<{ go(): Promise<PublisherResult> }> {
  const mqttPath = createRequire(import.meta.url).resolve('mqtt');
  const worker = new Worker(SOURCE, { eval: true, workerData: { ...job, mqttPath } });
  const next = () => new Promise<Record<string, unknown>>((resolve, reject) => {
    worker.once('message', (m: Record<string, unknown>) => (m.error ? reject(new Error(String(m.error))) : resolve(m)));
    worker.once('error', reject);
  });
  await next();
  return {
    async go() {
      const done = next();
      worker.postMessage('go');
      const r = (await done) as unknown as PublisherResult;
      await worker.terminate();
      return r;
    },
  };
}

export function percentile(sorted: readonly number[], p: number): number {
  if (!sorted.length) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}
