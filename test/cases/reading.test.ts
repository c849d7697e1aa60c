import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.js';

describe('reading cases: map points and the named timeline', () => {
  let t: TestApp;
  const h: Record<string, Record<string, string>> = {};
  const reported: string[] = [];

  beforeAll(async () => {
    t = await buildTestApp('sqlite');
    await t.ctx.geo.seedDemo();
    await t.ctx.geo.load();
    await t.ctx.catalog.seedDemo();
    await t.ctx.auth.seedDemoAccounts(await t.ctx.catalog.listUnits());
    for (const u of ['inspector', 'leader', 'huli.dispatcher', 'admin']) h[u] = await t.login(u);
    const siming = (await t.ctx.geo.listGrids({ limit: 250, districtCode: '350203' })).slice(0, 250);
    const huli = (await t.ctx.geo.listGrids({ limit: 3, districtCode: '350206' })).slice(0, 3);
    for (const g of [...siming, ...huli]) {
      const r = await t.app.inject({ method: 'POST', url: '/api/v1/reports', headers: h.inspector, payload: { source: 'inspector', lon: g.label.lon, lat: g.label.lat, categoryCode: 'C0102', description: '井盖破损' } });
      expect(r.statusCode).toBe(201);
      reported.push(r.json().case.id);
    }
  }, 120_000);
  afterAll(async () => t?.close());

  it('answers every matching case in one response, beyond the 200-per-page cap of the search', async () => {
    const r = await t.app.inject({ url: '/api/v1/cases/map?status=reported', headers: h.leader });
    expect(r.statusCode).toBe(200);
    const body = r.json() as { points: Array<{ id: string; lon: number; lat: number; light: string; h3: string; categoryName: string }>; total: number; truncated: boolean };
    expect(body.total).toBe(253);
    expect(body.truncated).toBe(false);
    expect(new Set(body.points.map((p) => p.id))).toEqual(new Set(reported));
    const p = body.points[0]!;
    expect(p.light).toBe('green');
    expect(p.h3).toMatch(/^[0-9a-f]{15}$/);
    expect(p.categoryName).toBe('污水井盖');
    expect(p.lon).toBeGreaterThan(117.8);
  });

  it('keeps a district-scoped user inside the district', async () => {
    const r = await t.app.inject({ url: '/api/v1/cases/map', headers: h['huli.dispatcher'] });
    expect(r.statusCode).toBe(200);
    expect(r.json().total).toBe(3);
  });

  it('filters like the search and refuses roles that may not read cases', async () => {
    const none = await t.app.inject({ url: '/api/v1/cases/map?districtCode=350211', headers: h.leader });
    expect(none.json()).toMatchObject({ total: 0, points: [] });
    const bad = await t.app.inject({ url: '/api/v1/cases/map?light=purple', headers: h.leader });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().code).toBe('VALIDATION_FAILED');
    expect((await t.app.inject({ url: '/api/v1/cases/map', headers: h.admin })).statusCode).toBe(403);
    expect((await t.app.inject({ url: '/api/v1/cases/map' })).statusCode).toBe(401);
  });

  it('names the people on a case timeline, not only their roles', async () => {
    const r = await t.app.inject({ url: `/api/v1/cases/${reported[0]}`, headers: h.leader });
    expect(r.statusCode).toBe(200);
    const first = r.json().timeline[0] as { actorName: string | null; role: string };
    expect(first.role).toBe('inspector');
    expect(first.actorName).toBe('陈监督（监督员）');
  });
});
