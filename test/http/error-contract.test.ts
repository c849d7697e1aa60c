/** The error contract at the edges the fuzzer found or the issue named: each must answer 4xx in the one shape. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.js';

function expectContract(res: { statusCode: number; body: string }, status: number, code?: string): void {
  expect(res.statusCode, res.body).toBe(status);
  const body = JSON.parse(res.body) as Record<string, unknown>;
  expect(Object.keys(body).filter((k) => !['code', 'message', 'messageEn', 'details'].includes(k)), res.body).toEqual([]);
  expect(body.code).toMatch(/^[A-Z][A-Z0-9_]*$/);
  expect(body.message).toEqual(expect.any(String));
  expect(body.messageEn).toEqual(expect.any(String));
  if (code) expect(body.code).toBe(code);
}

describe('one error contract', () => {
  let t: TestApp;
  let admin: Record<string, string>;
  let operator: Record<string, string>;
  beforeAll(async () => {
    t = await buildTestApp();
    await t.ctx.catalog.seedDemo();
    await t.ctx.auth.seedDemoAccounts(await t.ctx.catalog.listUnits());
    admin = await t.login('admin');
    operator = await t.login('operator');
  }, 60_000);
  afterAll(async () => t?.close());

  it('answers the router’s own refusals in the contract: a bad URL and a path parameter over 100 characters', async () => {
    expectContract(await t.app.inject({ url: '/api/v1/cases/%zz', headers: operator }), 400, 'BAD_URL');
    expectContract(await t.app.inject({ url: `/api/v1/cases/${'a'.repeat(120)}`, headers: operator }), 414, 'PATH_PARAMETER_TOO_LONG');
    expectContract(await t.app.inject({ url: '/api/v1/nowhere' }), 404, 'ROUTE_NOT_FOUND');
  });

  it('answers 401, 413 and 415 in the contract', async () => {
    expectContract(await t.app.inject({ url: '/api/v1/cases' }), 401, 'AUTH_REQUIRED');
    expectContract(
      await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', headers: { 'content-type': 'application/json' }, payload: `{"username":"${'x'.repeat(21 * 1024 * 1024)}"}` }),
      413,
      'PAYLOAD_TOO_LARGE',
    );
    expectContract(await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', headers: { 'content-type': 'application/xml' }, payload: '<a/>' }), 415, 'UNSUPPORTED_MEDIA_TYPE');
    expectContract(await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', headers: { 'content-type': 'application/json' }, payload: '{"username":' }), 400);
  });

  it('answers multipart without a boundary or cut short with 400, not 500', async () => {
    const part = '--x\r\nContent-Disposition: form-data; name="file"; filename="a.png"\r\nContent-Type: image/png\r\n\r\nabc';
    for (const url of ['/api/v1/files', '/api/v1/catalog/responsibility/import']) {
      const headers = url === '/api/v1/files' ? operator : admin;
      const noBoundary = await t.app.inject({ method: 'POST', url, headers: { ...headers, 'content-type': 'multipart/form-data' }, payload: part });
      expect(noBoundary.statusCode, `${url} ${noBoundary.body}`).toBeLessThan(500);
      expectContract(noBoundary, noBoundary.statusCode);
      const truncated = await t.app.inject({ method: 'POST', url, headers: { ...headers, 'content-type': 'multipart/form-data; boundary=x' }, payload: part });
      expect(truncated.statusCode, `${url} ${truncated.body}`).toBeLessThan(500);
      expectContract(truncated, truncated.statusCode);
    }
  });

  it('refuses page and offset values of Infinity or beyond any real list with 400', async () => {
    for (const [url, who] of [
      ['/api/v1/cases?page=Infinity', operator],
      ['/api/v1/cases?page=1e18', operator],
      ['/api/v1/users?page=1e300', admin],
      ['/api/v1/catalog/components?offset=Infinity', admin],
      ['/api/v1/catalog/components?offset=1e18', admin],
    ] as const) {
      const res = await t.app.inject({ url, headers: who });
      expect(res.statusCode, `${url} ${res.body}`).toBe(400);
      expectContract(res, 400, 'VALIDATION_FAILED');
    }
  });
});
