/**
 * Exact locate: near and on a shared oblique edge, the answer is what exact arithmetic says, never what
 * a rounded division happens to give. The ground truth is the orientation of the point against the
 * edge computed in integers (every double here is an integer multiple of 2^-60, so scaled by 2^60 and
 * multiplied as BigInt nothing is rounded).
 */
import { describe, expect, it } from 'vitest';
import { PolygonIndex } from '../../src/geo/spatial.js';
import type { AreaGeometry } from '../../src/geo/model.js';

const poly = (ring: Array<[number, number]>): AreaGeometry => ({ type: 'Polygon', coordinates: [ring] });

const SCALE = 2n ** 60n;
/** A double ≥ 2^-8 as an exact integer multiple of 2^-60. */
function exact(v: number): bigint {
  const buf = new DataView(new ArrayBuffer(8));
  buf.setFloat64(0, v);
  const bits = buf.getBigUint64(0);
  const exp = Number((bits >> 52n) & 0x7ffn) - 1075;
  const mant = (bits & ((1n << 52n) - 1n)) | (1n << 52n);
  const scaled = exp + 60 >= 0 ? mant << BigInt(exp + 60) : mant >> BigInt(-(exp + 60));
  return v < 0 ? -scaled : scaled;
}
/** Sign of (b - a) × (p - a), exactly: > 0 when p lies left of the line a → b. */
function side(ax: number, ay: number, bx: number, by: number, px: number, py: number): number {
  const d = (exact(bx) - exact(ax)) * (exact(py) - exact(ay)) - (exact(by) - exact(ay)) * (exact(px) - exact(ax));
  return d > 0n ? 1 : d < 0n ? -1 : 0;
}
expect(exact(1.5)).toBe(3n * 2n ** 59n);
expect(SCALE).toBe(exact(1));

describe('exact locate on a shared oblique edge', () => {
  // Two quadrilaterals sharing the edge A(118.0123456789, 24.4012345678) → B(118.0456789012, 24.4456789123):
  // WEST lies left of A → B (going north-east), EAST right of it.
  const [ax, ay, bx, by] = [118.0123456789, 24.4012345678, 118.0456789012, 24.4456789123];
  const west = poly([[ax, ay], [bx, by], [117.99, 24.45], [117.98, 24.40], [ax, ay]]);
  const east = poly([[ax, ay], [118.07, 24.40], [118.08, 24.45], [bx, by], [ax, ay]]);
  const index = new PolygonIndex([west, east]);

  it('gives each of 20 000 points within a few units in the last place of the edge the side exact arithmetic gives, and a point on it the grid to its east', () => {
    let s = 99;
    const rnd = () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 4294967296;
    const counts = { west: 0, east: 0, on: 0 };
    for (let i = 0; i < 20_000; i++) {
      const t = 0.01 + 0.98 * rnd();
      // A point of the edge as doubles round it, then nudged a few ulps either way.
      let x = ax + (bx - ax) * t;
      let y = ay + (by - ay) * t;
      const nudge = Math.floor(rnd() * 7) - 3;
      x += nudge * Number.EPSILON * 128;
      if (i % 5 === 0) y -= nudge * Number.EPSILON * 32;
      const sgn = side(ax, ay, bx, by, x, y);
      const expected = sgn > 0 ? 0 : 1; // left → west; right or exactly on the edge → east
      expect(index.locate(x, y), `point ${x}, ${y} (side ${sgn})`).toBe(expected);
      expect(index.locateLinear(x, y)).toBe(expected);
      if (sgn > 0) counts.west++;
      else if (sgn < 0) counts.east++;
      else counts.on++;
    }
    // The sample really is at the edge: both sides and some points exactly on it.
    expect(counts.west).toBeGreaterThan(1000);
    expect(counts.east).toBeGreaterThan(1000);
  });

  it('gives points exactly on an oblique shared edge to the grid east of it', () => {
    // An edge whose points A + j·(3, 5)·2^-22 are exact doubles.
    const [px, py] = [118.0, 24.5];
    const [qx, qy] = [px + 3 * 2 ** -12, py + 5 * 2 ** -12];
    const w = poly([[px, py], [qx, qy], [px - 0.01, qy], [px - 0.01, py], [px, py]]);
    const e = poly([[px, py], [px + 0.01, py], [px + 0.01, qy], [qx, qy], [px, py]]);
    const idx = new PolygonIndex([w, e]);
    for (let j = 1; j < 1024; j++) {
      const x = px + j * 3 * 2 ** -22;
      const y = py + j * 5 * 2 ** -22;
      expect(side(px, py, qx, qy, x, y)).toBe(0);
      expect(idx.locate(x, y)).toBe(1);
      // One unit in the last place west of the edge is the west grid's.
      expect(idx.locate(x - 2 ** -45, y)).toBe(0);
    }
  });

  it('gives a shared vertex and the middle of a shared edge to exactly one grid', () => {
    expect(index.locate(ax, ay)).toBe(1);
    const grid = new PolygonIndex([
      poly([[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]),
      poly([[1, 0], [2, 0], [2, 1], [1, 1], [1, 0]]),
      poly([[0, 1], [1, 1], [1, 2], [0, 2], [0, 1]]),
      poly([[1, 1], [2, 1], [2, 2], [1, 2], [1, 1]]),
    ]);
    expect(grid.locate(1, 0.5)).toBe(1); // vertical shared edge: the grid to the east
    expect(grid.locate(0.5, 1)).toBe(2); // horizontal shared edge: the grid to the north
    expect(grid.locate(1, 1)).toBe(3); // the shared corner: north-east
  });
});
