import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromWgs84 } from '../../src/geo/coords.js';
import { rectPolygon } from '../../src/geo/model.js';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { fc, feature, zhangzhou } from './fixtures.js';

describe('geography over HTTP', () => {
  let t: TestApp;
  let inspector: Record<string, string>;
  let admin: Record<string, string>;

  beforeAll(async () => {
    t = await buildTestApp();
    await t.ctx.auth.seedDemoAccounts([]);
    await t.ctx.geo.seedDemo();
    inspector = await t.login('inspector');
    admin = await t.login('admin');
  }, 60_000);
  afterAll(async () => {
    await t?.close();
  });

  const get = (url: string, headers: Record<string, string> = inspector) => t.app.inject({ method: 'GET', url, headers });

  it('asks for a login before answering', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/geo/locate?lon=118.083&lat=24.456' });
    expect(res.statusCode).toBe(401);
  });

  it('locates 中山路步行街 in 思明区 with its grid and H3 cell', async () => {
    const res = await get('/api/v1/geo/locate?lon=118.083&lat=24.456');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.district).toEqual({ code: '350203', name: '思明区' });
    expect(body.grid.code).toMatch(/^350203\d{9}$/);
    expect(body.h3).toMatch(/^89/);
  });

  it('accepts a GCJ-02 point from a phone and answers in WGS-84', async () => {
    const p = fromWgs84(118.083, 24.456, 'gcj02');
    const wgs = (await get('/api/v1/geo/locate?lon=118.083&lat=24.456')).json();
    const res = await get(`/api/v1/geo/locate?lon=${p.lon}&lat=${p.lat}&crs=gcj02`);
    expect(res.statusCode).toBe(200);
    expect(res.json().grid.code).toBe(wgs.grid.code);
    expect(res.json().point.lon).toBeCloseTo(118.083, 5);
  });

  it('answers 422 OUTSIDE_MANAGED_AREA in the strait, in Chinese and English', async () => {
    const res = await get('/api/v1/geo/locate?lon=118.3&lat=24.4');
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({ code: 'OUTSIDE_MANAGED_AREA', details: { lon: 118.3, lat: 24.4 } });
    expect(res.json().message).toContain('不在任何单元网格内');
    expect(res.json().messageEn).toContain('outside every unit grid');
  });

  it('rejects malformed coordinates and unknown coordinate systems with 400', async () => {
    expect((await get('/api/v1/geo/locate?lon=abc&lat=24.4')).statusCode).toBe(400);
    expect((await get('/api/v1/geo/locate?lon=200&lat=24.4')).statusCode).toBe(400);
    expect((await get('/api/v1/geo/locate?lon=118&lat=24.4&crs=cgcs2000')).json().code).toBe('VALIDATION_FAILED');
  });

  it('lists districts, streets and communities', async () => {
    const d = (await get('/api/v1/geo/districts')).json();
    expect(d.items).toHaveLength(6);
    const s = (await get('/api/v1/geo/streets?districtCode=350206')).json();
    expect(s.items.map((x: { name: string }) => x.name)).toEqual(expect.arrayContaining(['湖里街道', '殿前街道', '禾山街道', '江头街道', '金山街道']));
    const c = (await get(`/api/v1/geo/communities?streetCode=${s.items[0].code}`)).json();
    expect(c.items.length).toBeGreaterThanOrEqual(4);
  });

  it('serves a level as a GeoJSON layer, filtered by district or bbox', async () => {
    const res = await get('/api/v1/geo/layers/street?districtCode=350203');
    expect(res.statusCode).toBe(200);
    const layer = res.json();
    expect(layer.type).toBe('FeatureCollection');
    expect(layer.features.map((f: { properties: { name: string } }) => f.properties.name)).toContain('鼓浪屿街道');
    const grids = (await get('/api/v1/geo/layers/grid?bbox=118.082,24.455,118.084,24.457')).json();
    expect(grids.features.length).toBeGreaterThan(0);
    expect(grids.features[0].geometry.coordinates[0].length).toBe(5);
    expect((await get('/api/v1/geo/layers/grid?bbox=1,2,3')).json().code).toBe('BBOX_INVALID');
    expect((await get('/api/v1/geo/layers/province')).statusCode).toBe(400);
  });

  it('shows one area by code, 404 for an unknown one', async () => {
    expect((await get('/api/v1/geo/areas/350206')).json().name).toBe('湖里区');
    expect((await get('/api/v1/geo/areas/350299')).statusCode).toBe(404);
  });

  it('lets only an administrator import', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/geo/import', headers: inspector, payload: zhangzhou() });
    expect(res.statusCode).toBe(403);
  });

  it('rejects a bad file with every problem listed by feature, importing nothing', async () => {
    const file = zhangzhou();
    file.features.push(feature('350602001002001', '无社区网格', rectPolygon(117.61, 24.49, 117.62, 24.5)));
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/geo/import', headers: admin, payload: file });
    expect(res.statusCode).toBe(422);
    expect(res.json().code).toBe('GEO_IMPORT_INVALID');
    expect(res.json().details.errors[0].messageEn).toBe('feature 6: grid 350602001002001: its community 350602001002 exists neither in the file nor in the store');
    expect((await get('/api/v1/geo/locate?lon=117.645&lat=24.51')).statusCode).toBe(422);
  });

  it('imports a good file for an administrator and locates in it at once', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/geo/import', headers: admin, payload: zhangzhou() });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ replaced: false, inserted: 5, written: { district: 1, street: 1, community: 1, grid: 2 } });
    expect((await get('/api/v1/geo/locate?lon=117.645&lat=24.51')).json().district.name).toBe('芗城区');
  });

  it('documents its routes in the OpenAPI description', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(Object.keys(res.json().paths)).toEqual(expect.arrayContaining(['/api/v1/geo/locate', '/api/v1/geo/layers/{level}', '/api/v1/geo/import']));
  });

  it('refuses a body that is not a FeatureCollection', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/geo/import', headers: admin, payload: fc([]) });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('GEOJSON_EMPTY');
  });
});
