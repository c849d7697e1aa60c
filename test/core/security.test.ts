import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { loadConfig } from '../../src/core/config.js';

const person = { username: 'guard', displayName: '门卫', password: 'Guard2026x', scope: { level: 'city' as const, code: '350200' }, roles: ['leader' as const] };

function setCookie(h: string | string[] | undefined): string {
  return (Array.isArray(h) ? h : [h ?? '']).find((c) => c.startsWith('cityloop_session=')) ?? '';
}

describe('security headers', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp();
  });
  afterAll(async () => t.close());

  it('sends nosniff, frame denial and a CSP that allows only this origin’s scripts', async () => {
    for (const url of ['/healthz', '/', '/api/v1/nothing']) {
      const res = await t.app.inject({ url });
      expect(res.headers['x-content-type-options'], url).toBe('nosniff');
      expect(res.headers['x-frame-options'], url).toBe('DENY');
      const csp = String(res.headers['content-security-policy']);
      expect(csp, url).toMatch(/script-src 'self'(;|$)/);
      expect(csp, url).toMatch(/frame-ancestors 'none'/);
      expect(csp, url).toMatch(/worker-src 'self' blob:/);
    }
  });
});

describe('rate limits per address', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp('sqlite', { config: { rateLimitLoginPerMinute: 3, rateLimitIntakePerMinute: 2 } });
    await t.ctx.auth.createUser(person);
  });
  afterAll(async () => t.close());

  it('refuses the fourth login a minute from one address with 429 in the error contract, not another address', async () => {
    const login = (remoteAddress: string) =>
      t.app.inject({ method: 'POST', url: '/api/v1/auth/login', remoteAddress, payload: { username: 'guard', password: 'Guard2026x' } });
    for (let i = 0; i < 3; i++) expect((await login('10.1.1.1')).statusCode).toBe(200);
    const refused = await login('10.1.1.1');
    expect(refused.statusCode).toBe(429);
    expect(refused.json()).toMatchObject({ code: 'RATE_LIMITED', message: expect.stringMatching(/请求过于频繁/), messageEn: expect.any(String) });
    expect(refused.headers['retry-after']).toBeDefined();
    expect((await login('10.1.1.2')).statusCode).toBe(200);
    t.clock.advance(61_000);
  });

  it('limits intake per address', async () => {
    const post = () => t.app.inject({ method: 'POST', url: '/api/v1/reports', remoteAddress: '10.2.2.2', payload: {} });
    const codes = [];
    for (let i = 0; i < 3; i++) codes.push((await post()).statusCode);
    expect(codes.slice(0, 2)).not.toContain(429);
    expect(codes[2]).toBe(429);
  });

  it('believes no X-Forwarded-For unless a proxy is trusted, so a client cannot pick its address', async () => {
    const login = (xff: string) =>
      t.app.inject({ method: 'POST', url: '/api/v1/auth/login', remoteAddress: '10.3.3.3', headers: { 'x-forwarded-for': xff }, payload: { username: 'guard', password: 'Guard2026x' } });
    const codes = [];
    for (let i = 0; i < 4; i++) codes.push((await login(`192.0.2.${i}`)).statusCode);
    expect(codes).toEqual([200, 200, 200, 429]);
  });
});

describe('metrics access', () => {
  it('serves /metrics only to a direct loopback request when no token is set', async () => {
    const t = await buildTestApp();
    try {
      expect((await t.app.inject({ url: '/metrics', remoteAddress: '127.0.0.1' })).statusCode).toBe(200);
      const outside = await t.app.inject({ url: '/metrics', remoteAddress: '10.9.9.9' });
      expect(outside.statusCode).toBe(403);
      expect(outside.json().code).toBe('METRICS_FORBIDDEN');
      expect((await t.app.inject({ url: '/metrics', remoteAddress: '127.0.0.1', headers: { 'x-forwarded-for': '203.0.113.9' } })).statusCode).toBe(403);
    } finally {
      await t.close();
    }
  });

  it('serves /metrics to the bearer of the configured token only', async () => {
    const t = await buildTestApp('sqlite', { config: { metricsToken: 'scrape-token-0123456789' } });
    try {
      expect((await t.app.inject({ url: '/metrics', remoteAddress: '127.0.0.1' })).statusCode).toBe(403);
      expect((await t.app.inject({ url: '/metrics', remoteAddress: '10.9.9.9', headers: { authorization: 'Bearer wrong-token-0123456789' } })).statusCode).toBe(403);
      const ok = await t.app.inject({ url: '/metrics', remoteAddress: '10.9.9.9', headers: { authorization: 'Bearer scrape-token-0123456789' } });
      expect(ok.statusCode).toBe(200);
      expect(ok.body).toMatch(/cityloop_http_requests_total/);
    } finally {
      await t.close();
    }
  });
});

describe('session cookie over HTTPS', () => {
  it('is Secure by default when a trusted proxy says the request came over HTTPS, and not over plain HTTP', async () => {
    const t = await buildTestApp('sqlite', { config: { trustProxy: true } });
    try {
      await t.ctx.auth.createUser(person);
      const login = (headers: Record<string, string>) =>
        t.app.inject({ method: 'POST', url: '/api/v1/auth/login', headers, payload: { username: 'guard', password: 'Guard2026x' } });
      expect(setCookie((await login({ 'x-forwarded-proto': 'https' })).headers['set-cookie'])).toMatch(/; Secure/);
      expect(setCookie((await login({})).headers['set-cookie'])).not.toMatch(/; Secure/);
    } finally {
      await t.close();
    }
  });

  it('ignores X-Forwarded-Proto from an untrusted client, and reads the settings from the environment', async () => {
    const t = await buildTestApp();
    try {
      await t.ctx.auth.createUser(person);
      const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', headers: { 'x-forwarded-proto': 'https' }, payload: { username: 'guard', password: 'Guard2026x' } });
      expect(setCookie(res.headers['set-cookie'])).not.toMatch(/; Secure/);
    } finally {
      await t.close();
    }
    const c = loadConfig({ CITYLOOP_TRUST_PROXY: '10.0.0.0/8, 127.0.0.1', CITYLOOP_COOKIE_SECURE: 'true', CITYLOOP_METRICS_TOKEN: 'x'.repeat(20) });
    expect(c.trustProxy).toEqual(['10.0.0.0/8', '127.0.0.1']);
    expect(c.cookieSecure).toBe(true);
    expect(loadConfig({}).cookieSecure).toBe('auto');
    expect(() => loadConfig({ CITYLOOP_METRICS_TOKEN: 'short' })).toThrow(/CITYLOOP_METRICS_TOKEN/);
  });
});
