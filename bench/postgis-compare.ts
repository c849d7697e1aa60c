/**
 * Our locate against PostGIS on the same grids and points: the grids and points are loaded into a
 * schema of their own, PostGIS answers which grids ST_Covers each point (GiST index) and whether the
 * point lies on a grid's boundary (ST_Touches), and every point's answer is checked:
 * - not on any edge: our grid is the one grid that covers it, or none when none does;
 * - on an edge: our grid is one of those that cover it (a shared edge has two), or none where
 *   PostGIS finds no grid a hair north-east of the point (the city's own east and north border,
 *   which our boundary rule gives to the grid beyond, and there is none).
 * Used by test/geo/postgis.store.test.ts (demo city) and `npm run bench -- geo.postgis` (50 000 grids,
 * 1 M points, with timing).
 */
import pg from 'pg';
import type { AreaGeometry } from '../src/geo/model.js';
import type { PolygonIndex } from '../src/geo/spatial.js';

export interface Comparison {
  points: number;
  offEdge: number;
  offEdgeAgree: number;
  onEdge: number;
  onEdgeAgree: number;
  disagreements: Array<{ x: number; y: number; ours: number; postgis: number[]; onEdge: boolean }>;
}

/** Points to test: random ones over the box, then every vertex and every edge midpoint of every grid. */
export function comparisonPoints(grids: readonly AreaGeometry[], random: number, bbox: readonly number[], seed = 7): Float64Array {
  const out: number[] = [];
  let s = seed >>> 0;
  const rnd = () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 4294967296;
  for (let i = 0; i < random; i++) out.push(bbox[0]! + (bbox[2]! - bbox[0]!) * rnd(), bbox[1]! + (bbox[3]! - bbox[1]!) * rnd());
  for (const g of grids) {
    const polys = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
    for (const poly of polys as number[][][][]) {
      for (const ring of poly) {
        for (let k = 0; k + 1 < ring.length; k++) {
          const [ax, ay] = ring[k]!;
          const [bx, by] = ring[k + 1]!;
          out.push(ax!, ay!, (ax! + bx!) / 2, (ay! + by!) / 2);
        }
      }
    }
  }
  return Float64Array.from(out);
}

export async function withPostgis<T>(url: string, fn: (client: pg.Client, schema: string) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const schema = `postgis_${process.pid}_${Date.now().toString(36)}`;
  try {
    try {
      await client.query('CREATE EXTENSION IF NOT EXISTS postgis');
    } catch (e) {
      // Two processes creating it at once: one wins, the other sees it exist on a second try.
      if (!/already exists|duplicate key/.test(String((e as Error).message))) throw e;
      await client.query('CREATE EXTENSION IF NOT EXISTS postgis');
    }
    await client.query(`CREATE SCHEMA ${schema}`);
    return await fn(client, schema);
  } finally {
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).catch(() => undefined);
    await client.end();
  }
}

/** Whether the server can load PostGIS at all (the package postgresql-15-postgis-3). */
export async function postgisAvailable(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const r = await client.query("SELECT 1 FROM pg_available_extensions WHERE name = 'postgis'");
    return r.rowCount === 1;
  } finally {
    await client.end();
  }
}

export async function loadGrids(client: pg.Client, schema: string, grids: readonly AreaGeometry[]): Promise<void> {
  await client.query(`CREATE TABLE ${schema}.grids (id int PRIMARY KEY, geom geometry NOT NULL)`);
  for (let i = 0; i < grids.length; i += 5000) {
    const part = grids.slice(i, i + 5000);
    await client.query(`INSERT INTO ${schema}.grids SELECT id, ST_SetSRID(ST_GeomFromGeoJSON(g), 4326) FROM unnest($1::int[], $2::text[]) AS t(id, g)`,
      [part.map((_, k) => i + k), part.map((g) => JSON.stringify(g))]);
  }
  await client.query(`CREATE INDEX ON ${schema}.grids USING gist (geom)`);
  await client.query(`ANALYZE ${schema}.grids`);
}

export async function loadPoints(client: pg.Client, schema: string, pts: Float64Array): Promise<void> {
  await client.query(`CREATE TABLE ${schema}.pts (id int PRIMARY KEY, geom geometry NOT NULL)`);
  const n = pts.length / 2;
  for (let i = 0; i < n; i += 100_000) {
    const ids: number[] = [];
    const xs: number[] = [];
    const ys: number[] = [];
    for (let k = i; k < Math.min(n, i + 100_000); k++) {
      ids.push(k);
      xs.push(pts[k * 2]!);
      ys.push(pts[k * 2 + 1]!);
    }
    await client.query(`INSERT INTO ${schema}.pts SELECT id, ST_SetSRID(ST_MakePoint(x, y), 4326) FROM unnest($1::int[], $2::float8[], $3::float8[]) AS t(id, x, y)`, [ids, xs, ys]);
  }
  await client.query(`ANALYZE ${schema}.pts`);
}

/** Which grids cover each point, and whether it lies on a grid's boundary, by PostGIS. */
export async function postgisCovers(client: pg.Client, schema: string, n: number): Promise<{ covers: number[][]; onEdge: Uint8Array }> {
  const r = await client.query<{ p: number; g: number; e: boolean }>({
    text: `SELECT p.id AS p, g.id AS g, ST_Touches(g.geom, p.geom) AS e FROM ${schema}.pts p JOIN ${schema}.grids g ON ST_Covers(g.geom, p.geom)`,
  });
  const covers: number[][] = Array.from({ length: n }, () => []);
  const onEdge = new Uint8Array(n);
  for (const row of r.rows) {
    covers[row.p]!.push(row.g);
    if (row.e) onEdge[row.p] = 1;
  }
  return { covers, onEdge };
}

/** Milliseconds PostGIS spends on the GiST join of every point (one backend, no parallel workers). */
export async function postgisJoinMs(client: pg.Client, schema: string): Promise<number> {
  await client.query('SET max_parallel_workers_per_gather = 0');
  const r = await client.query<{ 'QUERY PLAN': Array<{ 'Execution Time': number }> }>(
    `EXPLAIN (ANALYZE, TIMING OFF, FORMAT JSON) SELECT count(*) FROM ${schema}.pts p JOIN ${schema}.grids g ON ST_Covers(g.geom, p.geom)`);
  return r.rows[0]!['QUERY PLAN'][0]!['Execution Time'];
}

/** Grids covering each point moved a hair north-east (1e-9°, 1e-12°): what lies beyond an edge. */
export async function postgisBeyond(client: pg.Client, schema: string, pts: Array<[number, number]>): Promise<number[]> {
  if (!pts.length) return [];
  const r = await client.query<{ i: number; n: string }>(
    `SELECT t.i, (SELECT count(*) FROM ${schema}.grids g WHERE ST_Covers(g.geom, ST_SetSRID(ST_MakePoint(t.x + 1e-9, t.y + 1e-12), 4326))) AS n
       FROM unnest($1::int[], $2::float8[], $3::float8[]) AS t(i, x, y)`,
    [pts.map((_, i) => i), pts.map((p) => p[0]), pts.map((p) => p[1])]);
  const out = new Array<number>(pts.length).fill(0);
  for (const row of r.rows) out[row.i] = Number(row.n);
  return out;
}

/**
 * Checks every point (see the file comment). On-edge points we give no grid are checked against what
 * PostGIS finds beyond them, with `beyond` (postgisBeyond) asked for those points only.
 */
export async function compareAll(index: PolygonIndex, pts: Float64Array, covers: number[][], onEdge: Uint8Array,
  beyond: (pts: Array<[number, number]>) => Promise<number[]>): Promise<Comparison> {
  const c = compare(index, pts, covers, onEdge);
  const unsure: number[] = [];
  for (let i = 0; i < covers.length; i++) {
    if (onEdge[i] && index.locate(pts[i * 2]!, pts[i * 2 + 1]!) === -1 && covers[i]!.length > 1) unsure.push(i);
  }
  const counts = await beyond(unsure.map((i) => [pts[i * 2]!, pts[i * 2 + 1]!]));
  unsure.forEach((i, k) => {
    if (counts[k] === 0) c.onEdgeAgree++;
    else if (c.disagreements.length < 20) c.disagreements.push({ x: pts[i * 2]!, y: pts[i * 2 + 1]!, ours: -1, postgis: covers[i]!, onEdge: true });
  });
  return c;
}

export function compare(index: PolygonIndex, pts: Float64Array, covers: number[][], onEdge: Uint8Array): Comparison {
  const c: Comparison = { points: covers.length, offEdge: 0, offEdgeAgree: 0, onEdge: 0, onEdgeAgree: 0, disagreements: [] };
  for (let i = 0; i < covers.length; i++) {
    const x = pts[i * 2]!;
    const y = pts[i * 2 + 1]!;
    const ours = index.locate(x, y);
    const theirs = covers[i]!;
    let ok: boolean;
    if (onEdge[i]) {
      c.onEdge++;
      ok = theirs.includes(ours) || (ours === -1 && theirs.length === 1);
      if (ok) c.onEdgeAgree++;
      else if (ours === -1) continue; // compareAll asks PostGIS what lies beyond

    } else {
      c.offEdge++;
      ok = theirs.length === 0 ? ours === -1 : theirs.length === 1 && theirs[0] === ours;
      if (ok) c.offEdgeAgree++;
    }
    if (!ok && c.disagreements.length < 20) c.disagreements.push({ x, y, ours, postgis: theirs, onEdge: onEdge[i] === 1 });
  }
  return c;
}
