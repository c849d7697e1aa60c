import { describe, expect, it } from 'vitest';
import { fromWgs84, h3Cell, toWgs84 } from '../../src/geo/coords.js';

const metres = (a: { lon: number; lat: number }, b: { lon: number; lat: number }) =>
  Math.hypot((a.lon - b.lon) * 101_300, (a.lat - b.lat) * 110_600);

describe('coordinate systems', () => {
  const zhongshan = { lon: 118.083, lat: 24.456 };

  it('converts GCJ-02 (高德) and BD-09 (百度) back to WGS-84 within a metre', () => {
    for (const crs of ['gcj02', 'bd09'] as const) {
      const shifted = fromWgs84(zhongshan.lon, zhongshan.lat, crs);
      expect(metres(shifted, zhongshan)).toBeGreaterThan(100); // the offsets are hundreds of metres in Xiamen
      expect(metres(toWgs84(shifted.lon, shifted.lat, crs), zhongshan)).toBeLessThan(1);
    }
  });

  it('passes WGS-84 through unchanged', () => {
    expect(toWgs84(118.083, 24.456)).toEqual(zhongshan);
  });

  it('rejects bad coordinates and unknown systems with 400 errors', () => {
    expect(() => toWgs84(190, 24)).toThrow(expect.objectContaining({ code: 'COORDINATE_INVALID', kind: 'invalid' }));
    expect(() => toWgs84(Number.NaN, 24)).toThrow(expect.objectContaining({ code: 'COORDINATE_INVALID' }));
    expect(() => toWgs84(118, 24, 'cgcs2000')).toThrow(expect.objectContaining({ code: 'CRS_INVALID', kind: 'invalid' }));
  });

  it('gives an H3 cell of resolution 9', () => {
    const cell = h3Cell(zhongshan.lon, zhongshan.lat);
    expect(cell).toMatch(/^89[0-9a-f]{13}$/);
    expect(h3Cell(118.08301, 24.45601)).toBe(cell);
  });
});
