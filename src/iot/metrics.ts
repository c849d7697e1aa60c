/** The hub's Prometheus counters (at /metrics with the platform's others). */
import { Counter, Gauge } from 'prom-client';
import { metricsRegistry } from '../http/metrics.js';
import { REJECT_REASONS, type RejectReason } from './model.js';

export const readingsAccepted = new Counter({
  name: 'cityloop_iot_readings_total', help: 'IoT readings accepted, by path (mqtt, http)', labelNames: ['path'] as const, registers: [metricsRegistry],
});
export const readingsRejected = new Counter({
  name: 'cityloop_iot_rejected_total', help: 'IoT readings or messages refused, by reason', labelNames: ['reason'] as const, registers: [metricsRegistry],
});
export const alarmsSuppressed = new Counter({
  name: 'cityloop_iot_alarms_suppressed_total', help: 'Alarms not raised because the device spent its hourly budget', registers: [metricsRegistry],
});
export const pipelineWaiting = new Gauge({
  name: 'cityloop_iot_pipeline_queued', help: 'Raw readings waiting for the flusher', registers: [metricsRegistry],
});
for (const r of REJECT_REASONS) readingsRejected.inc({ reason: r }, 0);

/** A copy of the rejection counts (tests, the console). */
export async function rejectionCounts(): Promise<Record<RejectReason, number>> {
  const m = await readingsRejected.get();
  const out = Object.fromEntries(REJECT_REASONS.map((r) => [r, 0])) as Record<RejectReason, number>;
  for (const v of m.values) out[v.labels.reason as RejectReason] = v.value;
  return out;
}
