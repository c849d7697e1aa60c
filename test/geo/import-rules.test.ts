import { describe, expect, it } from 'vitest';
import { checkHierarchy, importRejected, parseFeatureCollection } from '../../src/geo/import-rules.js';
import { rectPolygon, type AreaGeometry } from '../../src/geo/model.js';

const feature = (code: string, name: string, geometry: AreaGeometry, extra: Record<string, unknown> = {}) => ({
  type: 'Feature',
  properties: { code, name, ...extra },
  geometry,
});

/** A tiny valid hierarchy: one district, street, community and two grids side by side. */
function smallCity() {
  return [
    feature('350203', '思明区', rectPolygon(118.08, 24.42, 118.2, 24.49), { level: 'district' }),
    feature('350203001', '中华街道', rectPolygon(118.08, 24.45, 118.1, 24.47), { level: 'street', parentCode: '350203' }),
    feature('350203001001', '中山社区', rectPolygon(118.08, 24.455, 118.09, 24.46), { level: 'community', parentCode: '350203001' }),
    feature('350203001001001', '中山社区001网格', rectPolygon(118.08, 24.455, 118.085, 24.46), { level: 'grid', parentCode: '350203001001' }),
    feature('350203001001002', '中山社区002网格', rectPolygon(118.085, 24.455, 118.09, 24.46), { level: 'grid', parentCode: '350203001001' }),
  ];
}

const fc = (features: unknown[]) => ({ type: 'FeatureCollection', features });

describe('GeoJSON import rules', () => {
  it('accepts a consistent hierarchy and infers missing levels from code length', () => {
    const features = smallCity();
    delete (features[4]!.properties as Record<string, unknown>).level;
    const { areas, errors } = parseFeatureCollection(fc(features));
    expect(errors).toEqual([]);
    expect(areas.map((a) => a.level)).toEqual(['district', 'street', 'community', 'grid', 'grid']);
    expect(checkHierarchy(areas, [])).toEqual([]);
  });

  it('reports each bad feature by its number and keeps going', () => {
    const features = smallCity();
    features[3] = feature('35020300100101', '短编码网格', rectPolygon(118.08, 24.455, 118.085, 24.46), { level: 'grid' });
    features.push(feature('350203001001002', '重复', rectPolygon(118.08, 24.455, 118.081, 24.456)));
    features.push({ type: 'Feature', properties: { code: '350203001001003', name: '' }, geometry: { type: 'Point', coordinates: [118, 24] } } as never);
    const { errors } = parseFeatureCollection(fc(features));
    expect(errors.map((e) => e.messageEn)).toEqual([
      'feature 4: grid code 35020300100101 must have 15 digits',
      'feature 6: code 350203001001002 repeats feature 5',
      'feature 7: grid 350203001001003 has no name',
      'feature 7: geometry must be a Polygon or MultiPolygon (got Point)',
    ]);
    expect(errors[0]!.message).toBe('第 4 个要素：单元网格编码 35020300100101 应为 15 位数字');
  });

  it('rejects a grid whose parent code disagrees with its prefix', () => {
    const features = smallCity();
    (features[4]!.properties as Record<string, unknown>).parentCode = '350203001002';
    expect(parseFeatureCollection(fc(features)).errors[0]!.messageEn).toBe('feature 5: grid code 350203001001002 must start with its parent code 350203001002');
  });

  it('rejects a grid whose community exists neither in the file nor in the store', () => {
    const { areas } = parseFeatureCollection(fc([smallCity()[3]!]));
    expect(checkHierarchy(areas, [])[0]!.messageEn).toBe('feature 1: grid 350203001001001: its community 350203001001 exists neither in the file nor in the store');
  });

  it('accepts a grid whose community is already in the store', () => {
    const { areas: existing } = parseFeatureCollection(fc(smallCity().slice(0, 3)));
    const { areas } = parseFeatureCollection(fc(smallCity().slice(3)));
    expect(checkHierarchy(areas, existing)).toEqual([]);
  });

  it('rejects a grid outside its community and overlapping grids', () => {
    const features = smallCity();
    features[4] = feature('350203001001002', '越界网格', rectPolygon(118.085, 24.455, 118.095, 24.46));
    features.push(feature('350203001001003', '重叠网格', rectPolygon(118.082, 24.456, 118.084, 24.459)));
    const { areas, errors } = parseFeatureCollection(fc(features));
    expect(errors).toEqual([]);
    const problems = checkHierarchy(areas, []).map((e) => e.messageEn);
    expect(problems).toContain('feature 5: grid 350203001001002 (越界网格) lies outside its community 350203001001 (中山社区)');
    expect(problems.filter((p) => /grid 350203001001\d{3} overlaps grid 350203001001\d{3}/.test(p) && p.includes('003') && p.includes('001001001'))).toHaveLength(1);
  });

  it('refuses what is not a FeatureCollection', () => {
    expect(() => parseFeatureCollection({ type: 'Feature' })).toThrow(expect.objectContaining({ code: 'GEOJSON_INVALID', kind: 'invalid' }));
    expect(() => parseFeatureCollection(fc([]))).toThrow(expect.objectContaining({ code: 'GEOJSON_EMPTY' }));
  });

  it('turns the problems into one 422 that says nothing was imported', () => {
    const e = importRejected([
      { feature: 3, message: '第 3 个要素：x', messageEn: 'feature 3: x' },
      { feature: 9, message: '第 9 个要素：y', messageEn: 'feature 9: y' },
    ]);
    expect(e.kind).toBe('unprocessable');
    expect(e.code).toBe('GEO_IMPORT_INVALID');
    expect(e.messageEn).toBe('geography rejected, nothing imported: feature 3: x (and 1 more)');
    expect((e.details as { errors: unknown[] }).errors).toHaveLength(2);
  });
});
