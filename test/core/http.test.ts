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
    expect((await t.app.inject({ url: '/readyz' })).json()).toEqual({ status: 'ready', store: 'sqlite', worker: null });
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

describe('request validation', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp();
    await t.ctx.catalog.seedDemo();
    await t.ctx.auth.seedDemoAccounts(await t.ctx.catalog.listUnits());
  });
  afterAll(async () => {
    await t.close();
  });

  it('keeps a null in a JSON body as null, so a field can be cleared', async () => {
    const admin = await t.login('admin');
    const units = await t.ctx.catalog.listUnits();
    // Coerced, the null would arrive as "" and be refused as an invalid street code.
    const unit = units.find((u) => u.kind !== 'street_office')!;
    const res = await t.app.inject({ method: 'PATCH', url: `/api/v1/catalog/units/${unit.code}`, headers: admin, payload: { streetCode: null, name: `${unit.name}（改）` } });
    expect(res.statusCode).toBe(200);
    const after = await t.ctx.catalog.getUnit(unit.code);
    expect(after.streetCode).toBeNull();
    expect(after.name).toBe(`${unit.name}（改）`);
  });

  it('still reads numbers and lists from the query string', async () => {
    const admin = await t.login('admin');
    const res = await t.app.inject({ url: '/api/v1/catalog/categories?q=井盖&kind=component', headers: admin });
    expect(res.statusCode).toBe(200);
    const bad = await t.app.inject({ url: '/api/v1/calendar/days?year=abc', headers: admin });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().code).toBe('VALIDATION_FAILED');
  });
});
