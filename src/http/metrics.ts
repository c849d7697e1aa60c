import { Registry, collectDefaultMetrics, Counter, Histogram } from 'prom-client';
import type { Api } from './types.js';

/** Prometheus metrics at /metrics: process defaults plus request counts and durations by route. */
export const metricsRegistry = new Registry();
let defaultsCollected = false;

const requests = new Counter({
  name: 'cityloop_http_requests_total',
  help: 'HTTP requests by method, route and status',
  labelNames: ['method', 'route', 'status'] as const,
  registers: [metricsRegistry],
});
const durations = new Histogram({
  name: 'cityloop_http_request_duration_seconds',
  help: 'HTTP request duration by method and route',
  labelNames: ['method', 'route'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
  registers: [metricsRegistry],
});

export function registerMetrics(app: Api): void {
  if (!defaultsCollected) {
    collectDefaultMetrics({ register: metricsRegistry, prefix: 'cityloop_' });
    defaultsCollected = true;
  }
  app.addHook('onResponse', async (req, reply) => {
    const route = req.routeOptions.url ?? 'unmatched';
    requests.inc({ method: req.method, route, status: String(reply.statusCode) });
    durations.observe({ method: req.method, route }, reply.elapsedTime / 1000);
  });
  app.get('/metrics', { schema: { hide: true } }, async (_req, reply) => {
    reply.type(metricsRegistry.contentType);
    return metricsRegistry.metrics();
  });
}
