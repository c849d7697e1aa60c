import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { staticCacheHeaders } from '../../src/http/caching.js';
import { buildTestApp, type TestApp } from '../helpers/app.js';

/** Answers are compressed when the client accepts it, and rarely-changing layers revalidate with a 304. */
describe('compressed and cacheable answers', () => {
  let t: TestApp;
  let inspector: Record<string, string>;

  beforeAll(async () => {
    t = await buildTestApp();
    await t.ctx.auth.seedDemoAccounts([]);
    await t.ctx.geo.seedDemo();
    inspector = await t.login('inspector');
  }, 60_000);
  afterAll(async () => {
    await t?.close();
  });

  const get = (url: string, headers: Record<string, string> = {}) => t.app.inject({ method: 'GET', url, headers: { ...inspector, ...headers } });

  it('sends the grid layer brotli- or gzip-compressed as asked, the same JSON as uncompressed, and much smaller', async () => {
    const plain = await get('/api/v1/geo/layers/grid');
    expect(plain.statusCode).toBe(200);
    expect(plain.headers['content-encoding']).toBeUndefined();
    const br = await get('/api/v1/geo/layers/grid', { 'accept-encoding': 'gzip, deflate, br' });
    expect(br.headers['content-encoding']).toBe('br');
    expect(String(br.headers.vary)).toMatch(/accept-encoding/i);
    expect(zlib.brotliDecompressSync(br.rawPayload).toString()).toBe(plain.body);
    expect(br.rawPayload.length).toBeLessThan(plain.rawPayload.length / 3);
    const gz = await get('/api/v1/geo/layers/grid', { 'accept-encoding': 'gzip' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(zlib.gunzipSync(gz.rawPayload).toString()).toBe(plain.body);
  });

  it('compresses a case list too, but leaves tiny answers alone', async () => {
    const list = await get('/api/v1/geo/districts', { 'accept-encoding': 'br' });
    expect(list.headers['content-encoding']).toBe('br');
    const tiny = await t.app.inject({ url: '/healthz', headers: { 'accept-encoding': 'br' } });
    expect(tiny.headers['content-encoding']).toBeUndefined();
    expect(tiny.json()).toEqual({ status: 'ok' });
  });

  it('gives a layer an ETag and answers 304 without a body when the browser already has it', async () => {
    const first = await get('/api/v1/geo/layers/district');
    const tag = first.headers.etag as string;
    expect(tag).toMatch(/^W\/".+"$/);
    expect(first.headers['cache-control']).toBe('private, no-cache');
    const again = await get('/api/v1/geo/layers/district', { 'if-none-match': tag, 'accept-encoding': 'br' });
    expect(again.statusCode).toBe(304);
    expect(again.rawPayload.length).toBe(0);
    // A different layer (or a changed one) has another tag and comes in full.
    const other = await get('/api/v1/geo/layers/street', { 'if-none-match': tag });
    expect(other.statusCode).toBe(200);
    expect(other.headers.etag).not.toBe(tag);
  });

  it('gives no ETag to answers that change all the time, and none to a refusal', async () => {
    expect((await get('/api/v1/worklist')).headers.etag).toBeUndefined();
    const refused = await t.app.inject({ url: '/api/v1/geo/layers/district' });
    expect(refused.statusCode).toBe(401);
    expect(refused.headers.etag).toBeUndefined();
  });

  it('caches hashed console assets for a year and revalidates everything else', () => {
    const headers = (file: string) => {
      const h: Record<string, string> = {};
      staticCacheHeaders({ header: (k, v) => { h[k] = v; } }, file);
      return h['cache-control'];
    };
    expect(headers('/srv/web/dist/assets/maplibre-BBbLkYsO.js')).toBe('public, max-age=31536000, immutable');
    expect(headers('/srv/web/dist/assets/index-D_8x-2aQ.css')).toBe('public, max-age=31536000, immutable');
    expect(headers('/srv/web/dist/index.html')).toBe('no-cache');
    expect(headers('/srv/web/dist/favicon.svg')).toBe('no-cache');
  });
});
