import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.js';

describe('HTTP basics', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('answers liveness and readiness', async () => {
    expect((await t.app.inject({ url: '/healthz' })).json()).toEqual({ status: 'ok' });
    expect((await t.app.inject({ url: '/readyz' })).json()).toEqual({ status: 'ready', store: 'sqlite' });
  });

  it('publishes an OpenAPI 3 document and Swagger UI', async () => {
    const doc = (await t.app.inject({ url: '/api/openapi.json' })).json() as { openapi: string; paths: Record<string, unknown> };
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths)).toContain('/readyz');
    const ui = await t.app.inject({ url: '/api/docs/' });
    expect(ui.statusCode).toBe(200);
  });

  it('answers an unknown API path with the one error shape in both languages', async () => {
    const res = await t.app.inject({ url: '/api/v1/nothing-here' });
    expect(res.statusCode).toBe(404);
    const body = res.json() as Record<string, string>;
    expect(body.code).toBe('ROUTE_NOT_FOUND');
    expect(body.message).toMatch(/没有这个接口/);
    expect(body.messageEn).toMatch(/No such endpoint/);
  });

  it('exposes Prometheus metrics', async () => {
    await t.app.inject({ url: '/healthz' });
    const res = await t.app.inject({ url: '/metrics' });
    expect(res.body).toMatch(/cityloop_http_requests_total/);
  });
});
