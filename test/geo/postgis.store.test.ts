/**
 * Our locate agrees with PostGIS: the demo city's grids and 100 000 random points plus every grid
 * vertex and edge midpoint, loaded into PostGIS; every point not on an edge gets the grid ST_Covers
 * gives (or none), every point on an edge one of the grids that cover it. Runs with
 * CITYLOOP_TEST_PG_URL on a server with PostGIS (postgresql-15-postgis-3; .ci/run installs it);
 * under CI=true a missing PostGIS fails the run. The 1 M-point, 50 000-grid comparison with timing
 * is `npm run bench -- geo.postgis`.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { generateDemoGeography } from '../../src/demo/geography.js';
import { bboxOf } from '../../src/geo/model.js';
import { PolygonIndex } from '../../src/geo/spatial.js';
import { compareAll, comparisonPoints, loadGrids, loadPoints, postgisAvailable, postgisBeyond, postgisCovers, withPostgis } from '../../bench/postgis-compare.js';
import { PG_URL } from '../helpers/stores.js';

const inCi = process.env.CI === 'true';
let available = false;
if (PG_URL) available = await postgisAvailable(PG_URL);
if (!available) {
  if (inCi) throw new Error('CI=true but PostGIS is not available: apt-get install postgresql-15-postgis-3 (see .ci/run)');
  process.stderr.write('[postgis] skipped: set CITYLOOP_TEST_PG_URL on a server with PostGIS (apt-get install postgresql-15-postgis-3)\n');
}

describe.skipIf(!available)('locate against PostGIS ST_Covers on the demo city', () => {
  const demo = generateDemoGeography();
  const grids = demo.grids.map((g) => g.geometry);
  const index = new PolygonIndex(grids);
  const box = grids.map(bboxOf).reduce((a, b) => [Math.min(a[0], b[0]), Math.min(a[1], b[1]), Math.max(a[2], b[2]), Math.max(a[3], b[3])]);
  const pts = comparisonPoints(grids, 100_000, [box[0] - 0.01, box[1] - 0.01, box[2] + 0.01, box[3] + 0.01]);
  let result: Awaited<ReturnType<typeof compareAll>>;

  beforeAll(async () => {
    result = await withPostgis(PG_URL!, async (client, schema) => {
      await loadGrids(client, schema, grids);
      await loadPoints(client, schema, pts);
      const { covers, onEdge } = await postgisCovers(client, schema, pts.length / 2);
      return compareAll(index, pts, covers, onEdge, (p) => postgisBeyond(client, schema, p));
    });
  }, 600_000);

  it('agrees on every point not on an edge, and on edges gives one of the grids that cover the point', () => {
    expect(result.points).toBe(pts.length / 2);
    expect(result.disagreements).toEqual([]);
    expect(result.offEdgeAgree).toBe(result.offEdge);
    expect(result.onEdgeAgree).toBe(result.onEdge);
    // The sample holds both kinds: every vertex is on an edge; random points almost never are.
    expect(result.onEdge).toBeGreaterThan(grids.length);
    expect(result.offEdge).toBeGreaterThan(100_000 * 0.9);
  });
});
