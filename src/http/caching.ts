/**
 * Answers compressed and cacheable.
 * - Every answer above 1 KB is compressed with brotli (quality 4: smaller than gzip -6 and cheaper
 *   in CPU) or gzip, whichever the client accepts; `Vary: Accept-Encoding` says so.
 * - GETs of layers and lists that change rarely (geography, catalog, calendar) carry a weak ETag of
 *   their body and `Cache-Control: private, no-cache`: the browser asks again each time and gets a
 *   304 without the body when nothing changed (the grid layer is 1.85 MB).
 * - The console's hashed assets (/assets/*) are cached for a year, immutable; index.html is
 *   revalidated every time, so a new release is picked up at once.
 */
import { createHash } from 'node:crypto';
import zlib from 'node:zlib';
import compress from '@fastify/compress';
import type { Api } from './types.js';

/** GET routes (by route pattern prefix) whose answers change rarely and get an ETag. */
export const ETAG_ROUTE_PREFIXES = ['/api/v1/geo/', '/api/v1/catalog/', '/api/v1/calendar/', '/api/v1/config/public'];

export async function registerCaching(app: Api): Promise<void> {
  // The ETag is computed on the body before it is compressed (hooks run in registration order).
  app.addHook('onSend', async (req, reply, payload) => {
    if (req.method !== 'GET' || reply.statusCode !== 200) return payload;
    const route = req.routeOptions.url ?? '';
    if (!ETAG_ROUTE_PREFIXES.some((p) => route.startsWith(p))) return payload;
    if (typeof payload !== 'string' && !Buffer.isBuffer(payload)) return payload;
    const tag = `W/"${createHash('sha1').update(payload).digest('base64url')}"`;
    reply.header('etag', tag);
    reply.header('cache-control', 'private, no-cache');
    if (notModified(req.headers['if-none-match'], tag)) {
      reply.code(304);
      return '';
    }
    return payload;
  });
  await app.register(compress, {
    global: true,
    threshold: 1024,
    encodings: ['br', 'gzip'],
    brotliOptions: { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 4 } },
    zlibOptions: { level: 6 },
    // Server-sent events stream by hand (hijacked), so they are never buffered by a compressor.
  });
}

function notModified(header: string | undefined, tag: string): boolean {
  if (!header) return false;
  return header.split(',').some((t) => {
    const v = t.trim();
    return v === '*' || v === tag || v === tag.slice(2);
  });
}

/** Static file headers: hashed assets for a year, everything else revalidated. */
export function staticCacheHeaders(reply: { header(name: string, value: string): unknown }, filePath: string): void {
  if (/[\\/]assets[\\/][^\\/]+-[A-Za-z0-9_-]{8,}\.[a-z0-9]+$/.test(filePath)) reply.header('cache-control', 'public, max-age=31536000, immutable');
  else reply.header('cache-control', 'no-cache');
}
