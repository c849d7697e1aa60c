/**
 * Benchmark geo.postgis: locate against PostGIS on a synthetic city of CITYLOOP_BENCH_GRIDS grids
 * (default 50 000) and CITYLOOP_BENCH_POINTS random points (default 1 000 000) plus every grid vertex
 * and edge midpoint.
 * - Agreement: every point not on an edge gets the grid ST_Covers gives (or none); every point on
 *   an edge one of the grids that cover it (see bench/postgis-compare.ts).
 * - Speed per CPU-second: our index (the process's CPU time over the points) against PostGIS's GiST
 *   join of the same points (EXPLAIN ANALYZE execution time of one backend, no parallel workers:
 *   a CPU-bound join on one core).
 * Needs CITYLOOP_TEST_PG_URL or DATABASE_URL (postgres://…) on a server with PostGIS.
 */
import os from 'node:os';
import { generateSyntheticCity } from '../src/demo/geography.js';
import { bboxOf } from '../src/geo/model.js';
import { PolygonIndex } from '../src/geo/spatial.js';
import { compareAll, comparisonPoints, loadGrids, loadPoints, postgisAvailable, postgisBeyond, postgisCovers, postgisJoinMs, withPostgis } from './postgis-compare.js';
import { noProgress, type OnProgress } from '../src/core/progress.js';
import { benchPgUrl } from './bench-store.js';

export async function run(progress: OnProgress = noProgress): Promise<unknown> {
  const url = benchPgUrl();
  if (!url) throw new Error('geo.postgis needs CITYLOOP_TEST_PG_URL=postgres://… on a server with PostGIS');
  if (!(await postgisAvailable(url))) throw new Error('PostGIS is not available on that server: apt-get install postgresql-15-postgis-3');
  const gridCount = Number(process.env.CITYLOOP_BENCH_GRIDS ?? 50_000);
  const random = Number(process.env.CITYLOOP_BENCH_POINTS ?? 1_000_000);
  progress(0, 4, 'generating grids and points 生成网格与点');
  const city = generateSyntheticCity(gridCount);
  const grids = city.grids.map((g) => g.geometry);
  const index = new PolygonIndex(grids);
  const box = grids.map(bboxOf).reduce((a, b) => [Math.min(a[0], b[0]), Math.min(a[1], b[1]), Math.max(a[2], b[2]), Math.max(a[3], b[3])]);
  const pts = comparisonPoints(grids, random, box);
  const n = pts.length / 2;
  const loadBefore = os.loadavg();

  progress(1, 4, 'locating in memory 内存定位');
  // Ours: CPU time of locating every point (best of three passes, after one warm-up pass).
  let sink = 0;
  for (let i = 0; i < n; i++) sink += index.locate(pts[i * 2]!, pts[i * 2 + 1]!);
  let oursMs = Infinity;
  for (let pass = 0; pass < 3; pass++) {
    const c0 = process.cpuUsage();
    for (let i = 0; i < n; i++) sink += index.locate(pts[i * 2]!, pts[i * 2 + 1]!);
    const c = process.cpuUsage(c0);
    oursMs = Math.min(oursMs, (c.user + c.system) / 1000);
  }

  return withPostgis(url, async (client, schema) => {
    progress(2, 4, 'loading PostGIS 载入 PostGIS');
    const l0 = Date.now();
    await loadGrids(client, schema, grids);
    await loadPoints(client, schema, pts);
    const loadS = Math.round((Date.now() - l0) / 100) / 10;
    progress(3, 4, 'PostGIS join and comparison 空间连接与比对');
    const joinRuns = [await postgisJoinMs(client, schema), await postgisJoinMs(client, schema)];
    const postgisMs = Math.min(...joinRuns);
    const { covers, onEdge } = await postgisCovers(client, schema, n);
    const agreement = await compareAll(index, pts, covers, onEdge, (p) => postgisBeyond(client, schema, p));
    return {
      grids: grids.length,
      points: { total: n, random, verticesAndMidpoints: n - random },
      agreement,
      perCpuSecond: {
        ours: Math.round((n / oursMs) * 1000),
        postgisGistJoin: Math.round((n / postgisMs) * 1000),
        ratio: Math.round((postgisMs / oursMs) * 10) / 10,
        target: 'ratio ≥ 100',
      },
      oursCpuMs: Math.round(oursMs),
      postgisJoinMs: joinRuns.map(Math.round),
      loadIntoPostgisS: loadS,
      checksum: sink,
      machine: { cpus: os.cpus().length, loadAverageBefore: loadBefore.map((x) => Math.round(x * 10) / 10), loadAverageAfter: os.loadavg().map((x) => Math.round(x * 10) / 10) },
    };
  });
}
