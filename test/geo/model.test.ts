import { describe, expect, it } from 'vitest';
import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import { areaM2, checkCode, checkGeometry, parentCodeOf, pointInGeometry, rectPolygon, type AreaGeometry } from '../../src/geo/model.js';

describe('GB/T 30428.1 codes', () => {
  it('accepts a 15-digit grid code under its community', () => {
    expect(checkCode('grid', '350203001001001', '350203001001')).toEqual([]);
    expect(parentCodeOf('grid', '350203001001001')).toBe('350203001001');
    expect(parentCodeOf('district', '350203')).toBeNull();
  });

  it('says how many digits a code must have, in both languages', () => {
    const [v] = checkCode('grid', '350203001001');
    expect(v?.messageEn).toBe('grid code 350203001001 must have 15 digits');
    expect(v?.message).toContain('应为 15 位数字');
    expect(checkCode('street', '35020300a')[0]?.messageEn).toContain('must have 9 digits');
  });

  it('rejects a grid whose prefix is not its community', () => {
    const v = checkCode('grid', '350203001002001', '350203001001');
    expect(v[0]?.messageEn).toBe('grid code 350203001002001 must start with its parent code 350203001001');
  });

  it('rejects serial 000 and city-level district codes', () => {
    expect(checkCode('community', '350203001000')).toHaveLength(1);
    expect(checkCode('district', '350200')).toHaveLength(1);
    expect(checkCode('district', '350203', '350200')).toEqual([]);
    expect(checkCode('district', '350203', '350100')).toHaveLength(1);
  });
});

describe('geometry', () => {
  it('computes the area of a 0.001° square near Xiamen at about 10 000 m²', () => {
    const a = areaM2(rectPolygon(118.1, 24.5, 118.101, 24.501));
    expect(a).toBeGreaterThan(10_000);
    expect(a).toBeLessThan(11_500);
  });

  it('subtracts holes from the area', () => {
    const g: AreaGeometry = { type: 'Polygon', coordinates: [rectPolygon(0, 0, 0.01, 0.01).coordinates[0]!, rectPolygon(0.004, 0.004, 0.006, 0.006).coordinates[0]!] };
    expect(areaM2(g)).toBeCloseTo(areaM2(rectPolygon(0, 0, 0.01, 0.01)) - areaM2(rectPolygon(0.004, 0.004, 0.006, 0.006)), 0);
  });

  it('rejects open rings, too few points, non-polygons and out-of-range coordinates', () => {
    expect(checkGeometry({ type: 'Point', coordinates: [1, 2] })[0]?.messageEn).toContain('Polygon or MultiPolygon');
    expect(checkGeometry({ type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 1]]] })[0]?.messageEn).toContain('not closed');
    expect(checkGeometry({ type: 'Polygon', coordinates: [[[0, 0], [1, 0], [0, 0]]] })[0]?.messageEn).toContain('at least 4');
    expect(checkGeometry({ type: 'Polygon', coordinates: [[[0, 0], [200, 0], [1, 1], [0, 0]]] })[0]?.messageEn).toContain('outside lon/lat range');
    expect(checkGeometry(rectPolygon(118, 24, 118.1, 24.1))).toEqual([]);
  });

  it('agrees with turf on a concave polygon with a hole', () => {
    // A "U" shape with a hole in its left arm.
    const g: AreaGeometry = {
      type: 'Polygon',
      coordinates: [
        [[0, 0], [3, 0], [3, 3], [2, 3], [2, 1], [1, 1], [1, 3], [0, 3], [0, 0]],
        [[0.2, 1.5], [0.8, 1.5], [0.8, 2.5], [0.2, 2.5], [0.2, 1.5]],
      ],
    };
    const feature = { type: 'Feature' as const, properties: {}, geometry: g };
    let s = 7;
    for (let i = 0; i < 2000; i++) {
      s = (s * 16807) % 2147483647;
      const x = (s % 3100) / 1000 - 0.04963; // never exactly on an edge
      s = (s * 16807) % 2147483647;
      const y = (s % 3100) / 1000 - 0.04963;
      expect(pointInGeometry(g, x, y), `(${x}, ${y})`).toBe(booleanPointInPolygon([x, y], feature));
    }
  });

  it('gives a point on an edge shared by two neighbours to exactly one of them', () => {
    const west = rectPolygon(118.1, 24.5, 118.1003, 24.5007);
    const east = rectPolygon(118.1003, 24.5, 118.1009, 24.5007);
    for (const y of [24.5001, 24.5003, 24.50055]) {
      const hits = [pointInGeometry(west, 118.1003, y), pointInGeometry(east, 118.1003, y)].filter(Boolean);
      expect(hits).toHaveLength(1);
    }
  });
});

