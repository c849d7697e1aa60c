/**
 * What the server does for its own safety, whatever the route: security headers with a CSP the console
 * passes, per-address rate limits for login and intake, and whether the session cookie is Secure.
 */
import type { FastifyRequest, RouteOptions } from 'fastify';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import type { Config } from '../core/config.js';
import { AppError } from '../core/errors.js';
import type { Api } from './types.js';

/** Routes under a per-address limit: [method, url, which limit]. */
const LIMITED: ReadonlyArray<[string, string, 'login' | 'intake']> = [
  ['POST', '/api/v1/auth/login', 'login'],
  ['POST', '/api/v1/reports', 'intake'],
  ['POST', '/api/v1/files', 'intake'],
  ['POST', '/open311/v2/requests.:format', 'intake'],
  ['POST', '/api/v1/public/reports', 'intake'],
  ['POST', '/api/v1/public/photos', 'intake'],
  ['POST', '/api/v1/public/sms-codes', 'intake'],
  ['POST', '/api/v1/public/cases/:code/me-too', 'intake'],
];

/** The origin of the configured tile server, which the console's map may load images from. */
function tileOrigin(tileUrl: string | undefined): string[] {
  if (!tileUrl) return [];
  try {
    return [new URL(tileUrl.replace(/\{[a-z]\}/g, '0')).origin];
  } catch {
    return [];
  }
}

/** Content-Security-Policy of every response: scripts only from this origin, nothing framed. */
export function contentSecurityPolicy(config: Pick<Config, 'tileUrl'>): Record<string, string[]> {
  const tiles = tileOrigin(config.tileUrl);
  return {
    'default-src': ["'self'"],
    'script-src': ["'self'"],
    // Ant Design writes its styles at run time (CSS-in-JS) and MapLibre sets inline styles.
    'style-src': ["'self'", "'unsafe-inline'"],
    'img-src': ["'self'", 'data:', 'blob:', ...tiles],
    'font-src': ["'self'", 'data:'],
    'connect-src': ["'self'", ...tiles],
    // MapLibre runs its tile workers from a blob: URL.
    'worker-src': ["'self'", 'blob:'],
    'manifest-src': ["'self'"],
    'object-src': ["'none'"],
    'base-uri': ["'self'"],
    'form-action': ["'self'"],
    'frame-ancestors': ["'none'"],
  };
}

export async function registerSecurity(app: Api, config: Config): Promise<void> {
  await app.register(helmet, {
    contentSecurityPolicy: { useDefaults: false, directives: contentSecurityPolicy(config) },
    frameguard: { action: 'deny' },
    // Cross-origin isolation headers would stop the map's tiles from a configured tile server.
    crossOriginEmbedderPolicy: false,
    // HSTS only means something over HTTPS; a deployment behind TLS gets it from there or from here.
    strictTransportSecurity: config.cookieSecure === true ? { maxAge: 180 * 24 * 3600 } : false,
  });

  const limits = { login: config.rateLimitLoginPerMinute, intake: config.rateLimitIntakePerMinute };
  // Before the plugin's own onRoute hook, so the limit is on the route when the plugin looks.
  app.addHook('onRoute', (route: RouteOptions) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    const hit = LIMITED.find(([m, url]) => methods.includes(m as never) && route.url === url);
    if (!hit || limits[hit[2]] <= 0) return;
    route.config = { ...(route.config as object), rateLimit: { max: limits[hit[2]], timeWindow: 60_000, groupId: hit[2] } } as never;
  });
  await app.register(rateLimit, {
    global: false,
    errorResponseBuilder: (_req, context) =>
      new AppError({
        code: 'RATE_LIMITED',
        kind: 'rate_limited',
        message: `请求过于频繁，请 ${Math.ceil(context.ttl / 1000)} 秒后再试`,
        messageEn: `Too many requests from this address; try again in ${Math.ceil(context.ttl / 1000)} s`,
        details: { limit: context.max, retryAfterSeconds: Math.ceil(context.ttl / 1000) },
      }),
  });
}

/**
 * Whether the session cookie gets `Secure`: as configured, or by default whenever the request came
 * over HTTPS — directly, or through a trusted proxy that says so (X-Forwarded-Proto).
 */
export function cookieIsSecure(req: FastifyRequest, config: Pick<Config, 'cookieSecure'>): boolean {
  if (config.cookieSecure !== 'auto') return config.cookieSecure;
  return req.protocol === 'https';
}
