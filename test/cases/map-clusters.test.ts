import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { buildIndex, createIndexCache, viewOf, ITEM_LIMIT, INDEX_TTL_MS } from '../../src/cases/map-clusters.js';
import type { MapPoint } from '../../src/cases/repo.js';

interface Item { lon: number; lat: number; count: number; red: number; yellow: number; id?: string; code?: string; light?: string }
interface Answer { total: number; mapped: number; lights: { red: number; yellow: number; green: number }; items: Item[]; itemsTruncated: boolean; heat?: Array<{ cell: string; count: number }> }

describe('the map as clusters by zoom', () => {
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
    const siming = await t.ctx.geo.listGrids({ limit: 150, districtCode: '350203' });
    const huli = await t.ctx.geo.listGrids({ limit: 3, districtCode: '350206' });
    for (const g of [...siming, ...huli]) {
      const r = await t.app.inject({ method: 'POST', url: '/api/v1/reports', headers: h.inspector, payload: { source: 'inspector', lon: g.label.lon, lat: g.label.lat, categoryCode: 'C0102', description: '井盖破损' } });
      expect(r.statusCode).toBe(201);
      reported.push(r.json().case.id);
    }
  }, 120_000);
  afterAll(async () => t?.close());

  const view = async (query: string, who = 'leader') => {
    const r = await t.app.inject({ url: `/api/v1/cases/map/clusters?${query}`, headers: h[who] });
    expect(r.statusCode, r.body).toBe(200);
    return r.json() as Answer;
  };
  const sum = (items: Item[]) => items.reduce((n, i) => n + i.count, 0);

  it('shows the whole city as a few clusters that hold every case, and single cases when zoomed in', async () => {
    const city = await view('status=reported&zoom=9&bbox=117.8,24.3,118.5,24.9');
    expect(city.total).toBe(reported.length);
    expect(city.mapped).toBe(reported.length);
    expect(sum(city.items)).toBe(reported.length);
    expect(city.items.length).toBeLessThan(reported.length / 5);
    expect(city.items.some((i) => i.count > 1 && i.id === undefined)).toBe(true);
    expect(city.lights).toEqual({ red: 0, yellow: 0, green: reported.length });

    const street = await view('status=reported&zoom=20&bbox=117.8,24.3,118.5,24.9');
    expect(street.items.every((i) => i.count === 1 && typeof i.id === 'string' && i.light === 'green')).toBe(true);
    expect(new Set(street.items.map((i) => i.id))).toEqual(new Set(reported));
  });

  it('answers only what lies in the view', async () => {
    const whole = await view('zoom=20');
    const first = whole.items[0]!;
    const d = 0.0005;
    const near = await view(`zoom=20&bbox=${first.lon - d},${first.lat - d},${first.lon + d},${first.lat + d}`);
    expect(near.items.map((i) => i.id)).toContain(first.id);
    expect(near.items.length).toBeLessThan(whole.items.length);
    expect(near.total).toBe(whole.total);
  });

  it('filters and scopes like the case search: a district dispatcher sees only the district', async () => {
    const huli = await view('zoom=9', 'huli.dispatcher');
    expect(huli.total).toBe(3);
    expect(sum(huli.items)).toBe(3);
    expect((await view('zoom=9&districtCode=350211')).total).toBe(0);
    expect((await view('zoom=9&light=red')).items).toEqual([]);
  });

  it('counts cases per H3 cell for the heat map when asked', async () => {
    const withHeat = await view('zoom=9&heat=true');
    expect(withHeat.heat!.reduce((n, c) => n + c.count, 0)).toBe(reported.length);
    expect(withHeat.heat![0]!.cell).toMatch(/^[0-9a-f]{15}$/);
    expect((await view('zoom=9')).heat).toBeUndefined();
  });

  it('refuses a bad view, a role that may not read cases and an anonymous caller', async () => {
    const bad = await t.app.inject({ url: '/api/v1/cases/map/clusters?zoom=9&bbox=1,2,3', headers: h.leader });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().code).toBe('BBOX_INVALID');
    const noZoom = await t.app.inject({ url: '/api/v1/cases/map/clusters', headers: h.leader });
    expect(noZoom.statusCode).toBe(400);
    expect((await t.app.inject({ url: '/api/v1/cases/map/clusters?zoom=9', headers: h.admin })).statusCode).toBe(403);
    expect((await t.app.inject({ url: '/api/v1/cases/map/clusters?zoom=9' })).statusCode).toBe(401);
  });
});

describe('map answers stay small at any size of city', () => {
  const points: MapPoint[] = [];
  let s = 11;
  const rnd = () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648);
  for (let i = 0; i < 50_000; i++) {
    const light = i % 10 === 0 ? 'red' : i % 10 === 1 ? 'yellow' : 'green';
    points.push({ id: `0190${String(i).padStart(28, '0')}`, code: `XM2026${String(i).padStart(8, '0')}`, status: 'dispatched', light, categoryCode: 'C0102', categoryName: '污水井盖',
      lon: 117.9 + rnd() * 0.5, lat: 24.4 + rnd() * 0.4, h3: '8940d1a0a0bffff', districtCode: '350203', reportedAt: i });
  }
  const index = buildIndex(points, 200_000);

  it('keeps every zoom of 50 000 cases under 1 MB, with the light counts of all of them', () => {
    for (const zoom of [0, 6, 9, 11, 13, 15, 17, 20]) {
      const a = viewOf(index, [-180, -85, 180, 85], zoom, false);
      expect(JSON.stringify(a).length, `zoom ${zoom}`).toBeLessThan(1_000_000);
      expect(a.items.length).toBeLessThanOrEqual(ITEM_LIMIT);
      if (!a.itemsTruncated) expect(a.items.reduce((n, i) => n + i.count, 0)).toBe(50_000);
      expect(a.lights).toEqual({ red: 5_000, yellow: 5_000, green: 40_000 });
      expect(a.total).toBe(200_000);
    }
    expect(viewOf(index, [-180, -85, 180, 85], 20, false).itemsTruncated).toBe(true);
  });

  it('builds an index once for requests that come together, and again after it expired', async () => {
    let now = 0;
    let builds = 0;
    const cache = createIndexCache(() => now);
    const build = async () => { builds++; await new Promise((r) => setTimeout(r, 5)); return index; };
    await Promise.all([cache.get('k', build), cache.get('k', build), cache.get('k', build)]);
    expect(builds).toBe(1);
    now += INDEX_TTL_MS + 1;
    await cache.get('k', build);
    expect(builds).toBe(2);
    await cache.get('other', build);
    expect(builds).toBe(3);
  });
});
