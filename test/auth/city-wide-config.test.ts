/** City-wide configuration needs a city-scope administrator: a district one is refused and changes nothing. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.js';

describe('city-wide configuration and a district administrator', () => {
  let t: TestApp;
  let district: Record<string, string>;
  let city: Record<string, string>;
  let unitCode: string;

  beforeAll(async () => {
    t = await buildTestApp();
    await t.ctx.catalog.seedDemo();
    await t.ctx.auth.seedDemoAccounts(await t.ctx.catalog.listUnits());
    await t.ctx.auth.createUser({ username: 'huli.admin', displayName: '湖里区管理员', password: 'HuliAdmin2026', roles: ['admin', 'evaluator'], scope: { level: 'district', code: '350206' } });
    district = await t.login('huli.admin', 'HuliAdmin2026');
    city = await t.login('admin');
    unitCode = (await t.ctx.catalog.listUnits()).find((u) => u.districtCode === '350206')!.code;
  });
  afterAll(async () => t?.close());

  const changes = () => [
    { method: 'PUT' as const, url: '/api/v1/calendar/overrides/2026-05-06', payload: { kind: 'holiday', name: '区里放假' } },
    { method: 'PUT' as const, url: '/api/v1/calendar/windows', payload: { windows: [{ start: '09:00', end: '12:00' }] } },
    { method: 'POST' as const, url: '/api/v1/catalog/categories', payload: { code: 'E2106', name: '区里新类' } },
    { method: 'PATCH' as const, url: `/api/v1/catalog/units/${unitCode}`, payload: { name: '改名单位' } },
  ];

  it('refuses holiday overrides, work windows, classes and units to a district admin with FORBIDDEN_SCOPE', async () => {
    const windowsBefore = (await t.app.inject({ url: '/api/v1/calendar/windows', headers: city })).body;
    for (const c of changes()) {
      const res = await t.app.inject({ ...c, headers: district });
      expect([c.url, res.statusCode, res.json().code]).toEqual([c.url, 403, 'FORBIDDEN_SCOPE']);
    }
    expect((await t.app.inject({ url: '/api/v1/calendar/windows', headers: city })).body).toBe(windowsBefore);
    expect((await t.ctx.catalog.getUnit(unitCode)).name).not.toBe('改名单位');
    const cfg = (await t.app.inject({ url: '/api/v1/evaluation/config', headers: district })).json();
    expect((await t.app.inject({ method: 'PUT', url: '/api/v1/evaluation/config', headers: district, payload: cfg })).statusCode).toBe(403);
  });

  it('lets the city administrator make the same changes', async () => {
    for (const c of changes()) {
      const res = await t.app.inject({ ...c, headers: city });
      expect([c.url, res.statusCode]).not.toEqual([c.url, 403]);
    }
  });
});
