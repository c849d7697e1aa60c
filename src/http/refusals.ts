/**
 * Refused requests (4xx) under abuse: a client that sends 10 000 bad requests a second must not
 * write 10 000 log lines a second. Every refusal is counted in `cityloop_http_refusals_total`
 * {status, code} and logged at debug; at info level one line per code per window is written (the
 * first refusal of the window, with how many of that code the previous window held).
 */
import { Counter } from 'prom-client';
import type { FastifyBaseLogger } from 'fastify';
import { metricsRegistry } from './metrics.js';

const refusals = new Counter({
  name: 'cityloop_http_refusals_total',
  help: 'Refused requests (4xx) by status and error code',
  labelNames: ['status', 'code'] as const,
  registers: [metricsRegistry],
});

export const REFUSAL_LOG_WINDOW_MS = 10_000;

interface Window {
  start: number;
  count: number;
}
const windows = new Map<string, Window>();

/** Counts a refusal and logs it: at debug always, at info once per code per window. */
export function noteRefusal(log: FastifyBaseLogger, status: number, code: string, now = Date.now()): void {
  refusals.inc({ status: String(status), code });
  const w = windows.get(code);
  if (w && now - w.start < REFUSAL_LOG_WINDOW_MS) {
    w.count++;
    log.debug({ code, status }, 'request refused');
    return;
  }
  const earlier = w ? w.count : 0;
  windows.set(code, { start: now, count: 1 });
  if (windows.size > 1000) windows.clear(); // unbounded codes would be a bug elsewhere; never a leak here
  log.info({ code, status, ...(earlier > 1 ? { refusedInLastWindow: earlier } : {}) }, 'request refused (further refusals with this code in the next 10 s are counted in metrics and logged at debug)');
}
