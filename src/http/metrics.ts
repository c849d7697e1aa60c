import { Registry, collectDefaultMetrics, Counter, Histogram } from 'prom-client';
import { timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { Config } from '../core/config.js';
import { AppError } from '../core/errors.js';
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

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

/**
 * Who may read /metrics: with a token configured, a request bearing it; without one, only a request
 * made on this machine straight to the process (loopback, no proxy in between) — a scraper beside it.
 */
export function mayReadMetrics(req: FastifyRequest, token: string | undefined): boolean {
  if (token) {
    const given = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '')?.[1] ?? '';
    const a = Buffer.from(given);
    const b = Buffer.from(token);
    return a.length === b.length && timingSafeEqual(a, b);
  }
  const direct = req.headers['x-forwarded-for'] === undefined && req.headers.forwarded === undefined;
  return direct && LOOPBACK.has(req.socket.remoteAddress ?? '');
}

export function registerMetrics(app: Api, config: Pick<Config, 'metricsToken'>): void {
  if (!defaultsCollected) {
    collectDefaultMetrics({ register: metricsRegistry, prefix: 'cityloop_' });
    defaultsCollected = true;
  }
  app.addHook('onResponse', async (req, reply) => {
    const route = req.routeOptions.url ?? 'unmatched';
    requests.inc({ method: req.method, route, status: String(reply.statusCode) });
    durations.observe({ method: req.method, route }, reply.elapsedTime / 1000);
  });
  app.get('/metrics', { schema: { hide: true } }, async (req, reply) => {
    if (!mayReadMetrics(req, config.metricsToken)) {
      throw new AppError({
        code: 'METRICS_FORBIDDEN',
        kind: 'forbidden',
        message: '监控指标仅对本机或持有指标令牌的请求开放',
        messageEn: 'Metrics are served only on this machine or with the metrics token (CITYLOOP_METRICS_TOKEN)',
      });
    }
    reply.type(metricsRegistry.contentType);
    return metricsRegistry.metrics();
  });
}
