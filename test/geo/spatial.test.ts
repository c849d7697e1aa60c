import { describe, expect, it } from 'vitest';
import { generateDemoGeography } from '../../src/demo/geography.js';
import { interiorPoint, rectPolygon } from '../../src/geo/model.js';
import { PolygonIndex } from '../../src/geo/spatial.js';

describe('PolygonIndex', () => {
  const demo = generateDemoGeography();
  const index = new PolygonIndex(demo.grids.map((g) => g.geometry));

  it('finds the same grid as a linear scan for random points over the demo city', () => {
    let s = 12345;
    const rnd = () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 4294967296;
    let hits = 0;
    for (let i = 0; i < 3000; i++) {
      const x = 117.85 + 0.65 * rnd();
      const y = 24.38 + 0.55 * rnd();
      const a = index.locate(x, y);
      expect(a).toBe(index.locateLinear(x, y));
      expect(index.locateTree(x, y)).toBe(a);
      if (a >= 0) hits += 1;
    }
    expect(hits).toBeGreaterThan(1000);
  });

  it('finds every grid at a point inside it', () => {
    demo.grids.forEach((g, i) => {
      const p = interiorPoint(g.geometry)!;
      expect(index.locate(p[0], p[1])).toBe(i);
    });
  });

  it('answers -1 far away and on an empty index', () => {
    expect(index.locate(0, 0)).toBe(-1);
    expect(new PolygonIndex([]).locate(118.1, 24.5)).toBe(-1);
  });

  it('finds points exactly on the outer edges and corners of the indexed extent', () => {
    const idx = new PolygonIndex([rectPolygon(0, 0, 1, 1), rectPolygon(1, 0, 2, 1)]);
    expect(idx.locate(0, 0)).toBe(0);
    expect(idx.locate(0.5, 0)).toBe(0);
    expect(idx.locate(1.5, 0.999999)).toBe(1);
    expect(idx.locate(2.0000001, 0.5)).toBe(-1);
  });

  it('stays correct where one directory cell holds very many polygons', () => {
    // 100 thin strips in a corner plus one far square: the strips crowd a single directory cell.
    const strips = Array.from({ length: 100 }, (_, i) => rectPolygon(i * 0.001, 0, (i + 1) * 0.001, 0.001));
    const idx = new PolygonIndex([...strips, rectPolygon(99, 99, 100, 100)]);
    for (const i of [0, 17, 63, 99]) expect(idx.locate(i * 0.001 + 0.0005, 0.0005)).toBe(i);
    expect(idx.locate(99.5, 99.5)).toBe(100);
    expect(idx.locate(50, 50)).toBe(-1);
  });

  it('handles multipolygons and holes', () => {
    const donut = { type: 'Polygon' as const, coordinates: [rectPolygon(0, 0, 10, 10).coordinates[0]!, rectPolygon(4, 4, 6, 6).coordinates[0]!] };
    const islands = { type: 'MultiPolygon' as const, coordinates: [rectPolygon(20, 0, 21, 1).coordinates, rectPolygon(25, 0, 26, 1).coordinates] };
    const idx = new PolygonIndex([donut, islands]);
    expect(idx.locate(1, 1)).toBe(0);
    expect(idx.locate(5, 5)).toBe(-1);
    expect(idx.locate(20.5, 0.5)).toBe(1);
    expect(idx.locate(25.5, 0.5)).toBe(1);
    expect(idx.locate(23, 0.5)).toBe(-1);
  });
});
