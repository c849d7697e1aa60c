/**
 * Synthetic geometry for the demo city: a seeded PRNG, rectangle partitions and jittered lattices.
 * Everything is a partition of its parent, so children never overlap and always cover their parent.
 */
import type { BBox, PolygonGeometry, Position } from '../geo/model.js';

export type Rng = () => number;

/** mulberry32: small, fast, deterministic. Returns floats in [0, 1). */
export function mulberry32(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function randInt(rng: Rng, min: number, max: number): number {
  return min + Math.floor(rng() * (max - min + 1));
}

/** Rounds to 1e-7° (~1 cm): tidy coordinates, and shared edges stay bit-identical. */
export const round7 = (v: number): number => Math.round(v * 1e7) / 1e7;

/** Metres per degree of longitude / latitude near a latitude. */
function metresPerDegree(lat: number): { x: number; y: number } {
  return { x: 111320 * Math.cos((lat * Math.PI) / 180), y: 110574 };
}

/** Splits [0, total] into `weights.length` consecutive cut positions (length n+1), jittered by `jitter`. */
function cuts(min: number, max: number, weights: number[], rng: Rng, jitter: number): number[] {
  const w = weights.map((x) => x * (1 + (rng() * 2 - 1) * jitter));
  const sum = w.reduce((a, b) => a + b, 0);
  const out = [min];
  let acc = 0;
  for (let i = 0; i < w.length - 1; i++) {
    acc += w[i]!;
    out.push(round7(min + ((max - min) * acc) / sum));
  }
  out.push(max);
  return out;
}

/**
 * Splits a rectangle into exactly `k` rectangles of similar area: rows from north to south,
 * cells west to east inside a row (the GB/T 30428.1 serial order).
 */
export function splitRect(rect: BBox, k: number, rng: Rng, jitter = 0.2): BBox[] {
  const [minX, minY, maxX, maxY] = rect;
  const m = metresPerDegree((minY + maxY) / 2);
  const wm = (maxX - minX) * m.x;
  const hm = (maxY - minY) * m.y;
  const rows = Math.min(k, Math.max(1, Math.round(Math.sqrt((k * hm) / wm))));
  const perRow = Array.from({ length: rows }, (_, r) => Math.floor(k / rows) + (r < k % rows ? 1 : 0));
  // Row heights proportional to the cells in the row, so cells come out with similar areas.
  const ys = cuts(minY, maxY, perRow.slice().reverse(), rng, jitter).reverse(); // north → south
  const out: BBox[] = [];
  perRow.forEach((cells, r) => {
    const top = ys[r]!;
    const bottom = ys[r + 1]!;
    const xs = cuts(minX, maxX, Array.from({ length: cells }, () => 1), rng, jitter);
    for (let c = 0; c < cells; c++) out.push([xs[c]!, bottom, xs[c + 1]!, top]);
  });
  return out;
}

/** Columns × rows for about `target` cells of near-square shape in a rectangle. */
export function latticeShape(rect: BBox, target: number): { nx: number; ny: number } {
  const m = metresPerDegree((rect[1] + rect[3]) / 2);
  const wm = (rect[2] - rect[0]) * m.x;
  const hm = (rect[3] - rect[1]) * m.y;
  const nx = Math.max(1, Math.round(Math.sqrt((target * wm) / hm)));
  const ny = Math.max(1, Math.round(target / nx));
  return { nx, ny };
}

/**
 * A jittered nx × ny lattice over a rectangle: interior vertices move up to `jitter` of the spacing,
 * boundary vertices stay on the rectangle. Cells (quadrilaterals sharing their vertices) come back
 * north → south, west → east. They tile the rectangle exactly.
 */
export function jitteredLattice(rect: BBox, nx: number, ny: number, rng: Rng, jitter = 0.25): PolygonGeometry[] {
  const [minX, minY, maxX, maxY] = rect;
  const dx = (maxX - minX) / nx;
  const dy = (maxY - minY) / ny;
  // Vertex (i, j): i = 0..nx west → east, j = 0..ny south → north.
  const vx = new Float64Array((nx + 1) * (ny + 1));
  const vy = new Float64Array((nx + 1) * (ny + 1));
  for (let j = 0; j <= ny; j++) {
    for (let i = 0; i <= nx; i++) {
      const edgeX = i === 0 || i === nx;
      const edgeY = j === 0 || j === ny;
      const x = i === nx ? maxX : minX + i * dx;
      const y = j === ny ? maxY : minY + j * dy;
      vx[j * (nx + 1) + i] = edgeX ? x : round7(x + (rng() * 2 - 1) * jitter * dx);
      vy[j * (nx + 1) + i] = edgeY ? y : round7(y + (rng() * 2 - 1) * jitter * dy);
    }
  }
  const p = (i: number, j: number): Position => [vx[j * (nx + 1) + i]!, vy[j * (nx + 1) + i]!];
  const cells: PolygonGeometry[] = [];
  for (let j = ny - 1; j >= 0; j--) {
    for (let i = 0; i < nx; i++) {
      const sw = p(i, j);
      cells.push({ type: 'Polygon', coordinates: [[sw, p(i + 1, j), p(i + 1, j + 1), p(i, j + 1), [sw[0], sw[1]]]] });
    }
  }
  return cells;
}
