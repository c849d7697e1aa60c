import { describe, expect, it } from 'vitest';
import { allAreas, generateDemoGeography, generateSyntheticCity, XIAMEN_LANDMARKS, XIAMEN_OUTSIDE_POINTS } from '../../src/demo/geography.js';
import { checkHierarchy } from '../../src/geo/import-rules.js';
import { Locator } from '../../src/geo/locator.js';
import { areaM2, checkCode, checkGeometry } from '../../src/geo/model.js';

describe('demo Xiamen geography', () => {
  const demo = generateDemoGeography();

  it('has the six real districts with their GB/T 2260 codes', () => {
    expect(demo.districts.map((d) => `${d.code} ${d.name}`)).toEqual([
      '350203 思明区', '350205 海沧区', '350206 湖里区', '350211 集美区', '350212 同安区', '350213 翔安区',
    ]);
  });

  it('has real street names, several communities per street and several thousand grids', () => {
    const names = demo.streets.map((s) => s.name);
    for (const n of ['中华街道', '鹭江街道', '湖里街道', '殿前街道', '灌口镇', '大嶝街道', '新圩镇']) expect(names).toContain(n);
    expect(demo.grids.length).toBeGreaterThanOrEqual(4000);
    expect(demo.grids.length).toBeLessThanOrEqual(6000);
    for (const s of demo.streets) expect(demo.communities.filter((c) => c.parentCode === s.code).length).toBeGreaterThanOrEqual(4);
    expect(new Set(demo.communities.map((c) => c.name)).size).toBe(demo.communities.length);
  });

  it('codes every area by the standard: valid codes, prefixes matching parents, towns coded 1xx', () => {
    for (const a of allAreas(demo)) expect(checkCode(a.level, a.code, a.parentCode), a.code).toEqual([]);
    expect(demo.streets.find((s) => s.name === '灌口镇')!.code).toMatch(/^3502111\d\d$/);
    expect(new Set(allAreas(demo).map((a) => a.code)).size).toBe(allAreas(demo).length);
  });

  it('is consistent: valid outlines, grids inside their communities, no overlaps', () => {
    for (const a of allAreas(demo)) expect(checkGeometry(a.geometry), a.code).toEqual([]);
    const incoming = allAreas(demo).map((a, i) => ({ ...a, feature: i + 1 }));
    expect(checkHierarchy(incoming, [])).toEqual([]);
  });

  it('covers each parent exactly with its children (areas add up)', () => {
    for (const parent of [...demo.districts, ...demo.streets, ...demo.communities]) {
      const kids = allAreas(demo).filter((a) => a.parentCode === parent.code);
      const sum = kids.reduce((acc, k) => acc + areaM2(k.geometry), 0);
      expect(Math.abs(sum - areaM2(parent.geometry)) / areaM2(parent.geometry), parent.code).toBeLessThan(1e-6);
    }
  });

  it('places every landmark in its district and none of the outside points anywhere', () => {
    const locator = new Locator(allAreas(demo));
    for (const l of XIAMEN_LANDMARKS) expect(locator.locate(l.lon, l.lat).district.code, l.name).toBe(l.districtCode);
    expect(locator.locate(118.083, 24.456).district.name).toBe('思明区');
    for (const p of XIAMEN_OUTSIDE_POINTS) expect(() => locator.locate(p.lon, p.lat), p.name).toThrow(expect.objectContaining({ code: 'OUTSIDE_MANAGED_AREA', kind: 'unprocessable' }));
  });

  it('is deterministic for a seed and different for another seed', () => {
    expect(generateDemoGeography()).toEqual(demo);
    expect(generateDemoGeography({ seed: 7 }).grids[0]!.geometry).not.toEqual(demo.grids[0]!.geometry);
  });

  it('generates a synthetic city of about the requested size with valid codes', () => {
    const city = generateSyntheticCity(20_000);
    expect(city.grids.length).toBeGreaterThan(18_000);
    expect(city.grids.length).toBeLessThan(22_000);
    for (const g of city.grids) expect(checkCode('grid', g.code, g.parentCode)).toEqual([]);
  });
});
