import fs from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { XIAMEN_LANDMARKS } from '../../src/demo/geography.js';
import { fromWgs84 } from '../../src/geo/coords.js';
import { importGridsFile } from '../../src/geo/import-file.js';
import { rectPolygon } from '../../src/geo/model.js';
import { describeStores } from '../helpers/stores.js';
import { fc, feature, zhangzhou } from './fixtures.js';

const ZHONGSHAN = XIAMEN_LANDMARKS.find((l) => l.name === '中山路步行街')!;

describeStores('geography service', (get) => {
  it('knows no place before any geography is loaded', async () => {
    const { ctx } = get();
    expect(await ctx.geo.counts()).toEqual({ district: 0, street: 0, community: 0, grid: 0 });
    expect(() => ctx.geo.locate(ZHONGSHAN.lon, ZHONGSHAN.lat)).toThrow(expect.objectContaining({ code: 'OUTSIDE_MANAGED_AREA' }));
  });

  it('seeds the demo Xiamen once and locates its landmarks', async () => {
    const { ctx } = get();
    const first = await ctx.geo.seedDemo();
    expect(first?.totals.district).toBe(6);
    expect(first?.totals.grid).toBeGreaterThan(4000);
    expect(await ctx.geo.seedDemo()).toBeNull();
    expect(ctx.geo.gridCount()).toBe(first!.totals.grid);
    for (const l of XIAMEN_LANDMARKS) expect(ctx.geo.locate(l.lon, l.lat).district.code, l.name).toBe(l.districtCode);
  });

  it('answers the full hierarchy, the H3 cell and the WGS-84 point', () => {
    const r = get().ctx.geo.locate(ZHONGSHAN.lon, ZHONGSHAN.lat);
    expect(r.district).toEqual({ code: '350203', name: '思明区' });
    expect(r.grid.code).toMatch(/^350203\d{9}$/);
    expect(r.grid.code.startsWith(r.community.code)).toBe(true);
    expect(r.community.code.startsWith(r.street.code)).toBe(true);
    expect(r.community.name).toMatch(/(社区|村)$/);
    expect(r.h3).toMatch(/^89/);
    expect(r.point).toEqual({ lon: ZHONGSHAN.lon, lat: ZHONGSHAN.lat });
  });

  it('finds the same grid for the same place given in GCJ-02 or BD-09', () => {
    const { geo } = get().ctx;
    const wgs = geo.locate(ZHONGSHAN.lon, ZHONGSHAN.lat);
    for (const crs of ['gcj02', 'bd09'] as const) {
      const p = fromWgs84(ZHONGSHAN.lon, ZHONGSHAN.lat, crs);
      const r = geo.locate(p.lon, p.lat, crs);
      expect(r.grid.code).toBe(wgs.grid.code);
      expect(Math.abs(r.point.lon - ZHONGSHAN.lon)).toBeLessThan(1e-5);
    }
  });

  it('lists districts, the streets of a district and the communities of a street', async () => {
    const { geo } = get().ctx;
    expect((await geo.listDistricts()).map((d) => d.name)).toEqual(['思明区', '海沧区', '湖里区', '集美区', '同安区', '翔安区']);
    const streets = await geo.listStreets({ districtCode: '350203' });
    expect(streets.map((s) => s.name)).toContain('中华街道');
    expect(streets.every((s) => s.parentCode === '350203')).toBe(true);
    const communities = await geo.listCommunities({ streetCode: streets[0]!.code });
    expect(communities.length).toBeGreaterThanOrEqual(4);
    expect(communities.every((c) => c.code.startsWith(streets[0]!.code) && c.areaM2 > 0)).toBe(true);
    expect(geo.nameOf('350206')).toBe('湖里区');
  });

  it('exports grids as GeoJSON, filtered by street or bounding box', async () => {
    const { geo } = get().ctx;
    const street = (await geo.listStreets({ districtCode: '350206' }))[0]!;
    const layer = await geo.exportGeoJson('grid', { streetCode: street.code });
    expect(layer.type).toBe('FeatureCollection');
    expect(layer.features.length).toBeGreaterThan(10);
    expect(layer.features.every((f) => f.properties.code.startsWith(street.code) && f.geometry.type === 'Polygon')).toBe(true);
    const box = await geo.exportGeoJson('grid', { bbox: [118.082, 24.455, 118.084, 24.457] });
    expect(box.features.map((f) => f.properties.code)).toContain(geo.locate(118.083, 24.456).grid.code);
    expect(box.features.length).toBeLessThan(20);
    await expect(geo.exportGeoJson('province')).rejects.toMatchObject({ code: 'GEO_LEVEL_INVALID', kind: 'invalid' });
  });

  it('returns one area with its outline, or 404', async () => {
    const { geo } = get().ctx;
    const a = await geo.getArea('350203');
    expect(a.name).toBe('思明区');
    expect(a.geometry.type).toBe('MultiPolygon'); // the island part and 鼓浪屿
    await expect(geo.getArea('350299')).rejects.toMatchObject({ code: 'GEO_AREA_NOT_FOUND', kind: 'not_found' });
  });

  it('rejects a whole file with one bad feature and writes nothing of it', async () => {
    const { geo } = get().ctx;
    const before = await geo.counts();
    const file = zhangzhou();
    file.features.push(feature('35060200100103', '坏网格', rectPolygon(117.64, 24.5, 117.641, 24.501), { level: 'grid' }));
    await expect(geo.importGeoJson(file)).rejects.toMatchObject({
      code: 'GEO_IMPORT_INVALID',
      kind: 'unprocessable',
      details: { errors: [expect.objectContaining({ feature: 6, messageEn: 'feature 6: grid code 35060200100103 must have 15 digits' })] },
    });
    expect(await geo.counts()).toEqual(before);
    expect(await geo.listStreets({ districtCode: '350602' })).toEqual([]);
  });

  it('rejects a file whose grids overlap grids already in the store, writing nothing', async () => {
    const { geo } = get().ctx;
    const before = await geo.counts();
    const grid = geo.locate(118.083, 24.456).grid.code;
    const file = fc([feature(`${grid.slice(0, 12)}999`, '重叠网格', rectPolygon(118.0829, 24.4559, 118.0831, 24.4561))]);
    const err = await geo.importGeoJson(file).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'GEO_IMPORT_INVALID' });
    expect((err as { messageEn: string }).messageEn).toContain('overlaps');
    expect(await geo.counts()).toEqual(before);
  });

  it('adds a new district next to the existing ones and locates in it at once', async () => {
    const { geo } = get().ctx;
    const before = await geo.counts();
    const r = await geo.importGeoJson(zhangzhou());
    expect(r).toMatchObject({ replaced: false, inserted: 5, updated: 0 });
    expect(r.totals.grid).toBe(before.grid + 2);
    expect(geo.locate(117.645, 24.51).grid).toEqual({ code: '350602001001001', name: '西桥社区001网格' });
  });

  it('updates an existing grid by code (rename) without duplicating it', async () => {
    const { geo } = get().ctx;
    const file = zhangzhou();
    (file.features[3]!.properties as { name: string }).name = '西桥一网格';
    const r = await geo.importGeoJson(fc([file.features[3]]));
    expect(r).toMatchObject({ inserted: 0, updated: 1 });
    expect(geo.locate(117.645, 24.51).grid.name).toBe('西桥一网格');
  });

  it('imports a file from disk, and replaces the whole geography when asked', async () => {
    const { ctx, dataDir } = get();
    const file = path.join(dataDir, 'zhangzhou.geojson');
    fs.writeFileSync(file, JSON.stringify(zhangzhou()));
    const r = await importGridsFile(ctx.geo, file, { replace: true });
    expect(r.totals).toEqual({ district: 1, street: 1, community: 1, grid: 2 });
    expect(ctx.geo.tryLocate(ZHONGSHAN.lon, ZHONGSHAN.lat)).toBeNull();
    expect(ctx.geo.locate(117.655, 24.51).grid.code).toBe('350602001001002');
  });

  it('says clearly when the file is missing or not JSON', async () => {
    const { ctx, dataDir } = get();
    await expect(importGridsFile(ctx.geo, path.join(dataDir, 'nope.geojson'), { replace: false })).rejects.toMatchObject({ code: 'GEO_FILE_UNREADABLE' });
    const bad = path.join(dataDir, 'bad.geojson');
    fs.writeFileSync(bad, '{"type": "FeatureCollection", ');
    await expect(importGridsFile(ctx.geo, bad, { replace: false })).rejects.toMatchObject({ code: 'GEOJSON_INVALID' });
  });
});
