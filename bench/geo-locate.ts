/**
 * Benchmark geo.locate: point-in-grid lookups per second through the in-memory index (a cell
 * directory built from a flatbush R-tree + flat ray casting), through the plain flatbush tree walk,
 * and through a linear scan over the same grids, with the same
 * random points, in the same run — on the demo Xiamen and on a generated 50 000-grid city.
 * Also times @turf/boolean-point-in-polygon as the polygon test inside the same tree walk, to show
 * why the hand-written test is used. `npm run bench -- geo.locate` prints the JSON.
 */
import os from 'node:os';
import { pathToFileURL } from 'node:url';
import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import { allAreas, generateDemoGeography, generateSyntheticCity, type DemoGeography } from '../src/demo/geography.js';
import { Locator } from '../src/geo/locator.js';
import { bboxOf, type BBox } from '../src/geo/model.js';
import { PolygonIndex } from '../src/geo/spatial.js';
import { noProgress, type OnProgress } from '../src/core/progress.js';

interface Figures {
  grids: number;
  points: number;
  hitRate: number;
  /** Cell directory (built from the flatbush tree) + ray casting: what `locate` uses. */
  indexLookupsPerSec: number;
  /** Walking the flatbush tree per point + ray casting. */
  treeLookupsPerSec: number;
  linearLookupsPerSec: number;
  ratioIndexToLinear: number;
  turfInTreeLookupsPerSec: number;
  locateWithH3PerSec: number;
  buildMs: number;
}

function randomPoints(bbox: BBox, n: number, seed: number): Float64Array {
  let s = seed >>> 0;
  const rnd = (): number => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
  const pts = new Float64Array(n * 2);
  for (let i = 0; i < n; i++) {
    pts[i * 2] = bbox[0] + (bbox[2] - bbox[0]) * rnd();
    pts[i * 2 + 1] = bbox[1] + (bbox[3] - bbox[1]) * rnd();
  }
  return pts;
}

/** Runs `fn` over the points repeatedly for at least `minMs`, returns lookups/s and a checksum. */
function time(pts: Float64Array, fn: (x: number, y: number) => number, minMs: number): { perSec: number; sum: number } {
  const n = pts.length / 2;
  let sum = 0;
  let lookups = 0;
  const t0 = process.hrtime.bigint();
  let elapsed = 0;
  do {
    for (let i = 0; i < n; i++) sum += fn(pts[i * 2]!, pts[i * 2 + 1]!);
    lookups += n;
    elapsed = Number(process.hrtime.bigint() - t0) / 1e6;
  } while (elapsed < minMs);
  return { perSec: Math.round((lookups / elapsed) * 1000), sum };
}

function measure(geo: DemoGeography, points: number, linearPoints: number): Figures {
  const t0 = process.hrtime.bigint();
  const geoms = geo.grids.map((g) => g.geometry);
  const index = new PolygonIndex(geoms);
  const buildMs = Number(process.hrtime.bigint() - t0) / 1e6;
  const locator = new Locator(allAreas(geo));

  const districtBoxes = geo.districts.map((d) => bboxOf(d.geometry));
  const cityBox: BBox = [
    Math.min(...districtBoxes.map((b) => b[0])),
    Math.min(...districtBoxes.map((b) => b[1])),
    Math.max(...districtBoxes.map((b) => b[2])),
    Math.max(...districtBoxes.map((b) => b[3])),
  ];
  const pts = randomPoints(cityBox, points, 42);

  // Same answers from both methods on the linear sample (a benchmark of a wrong index is worthless).
  const sample = pts.subarray(0, linearPoints * 2);
  let hits = 0;
  for (let i = 0; i < linearPoints; i++) {
    const a = index.locate(sample[i * 2]!, sample[i * 2 + 1]!);
    const b = index.locateLinear(sample[i * 2]!, sample[i * 2 + 1]!);
    const c = index.locateTree(sample[i * 2]!, sample[i * 2 + 1]!);
    if (a !== b || c !== b) throw new Error(`index, tree and linear scan disagree at point ${i}: ${a}, ${c}, ${b}`);
    if (a >= 0) hits += 1;
  }

  time(pts, (x, y) => index.locate(x, y), 200); // warm-up
  const idx = time(pts, (x, y) => index.locate(x, y), 1500);
  time(pts, (x, y) => index.locateTree(x, y), 200); // warm-up
  const tree = time(pts, (x, y) => index.locateTree(x, y), 1500);
  const lin = time(sample, (x, y) => index.locateLinear(x, y), 1500);

  // turf as the polygon test inside the same tree walk (flatbush search → candidates → turf).
  const features = geo.grids.map((g) => ({ type: 'Feature' as const, properties: {}, geometry: g.geometry }));
  const turf = time(pts.subarray(0, Math.min(points, 100_000) * 2), (x, y) => {
    for (const i of index.search(x, y, x, y)) if (booleanPointInPolygon([x, y], features[i]!)) return i;
    return -1;
  }, 1500);

  const full = time(pts.subarray(0, Math.min(points, 100_000) * 2), (x, y) => {
    try {
      return locator.locate(x, y).h3.length;
    } catch {
      return 0;
    }
  }, 1000);

  return {
    grids: geo.grids.length,
    points,
    hitRate: Math.round((hits / linearPoints) * 1000) / 1000,
    indexLookupsPerSec: idx.perSec,
    treeLookupsPerSec: tree.perSec,
    linearLookupsPerSec: lin.perSec,
    ratioIndexToLinear: Math.round((idx.perSec / lin.perSec) * 10) / 10,
    turfInTreeLookupsPerSec: turf.perSec,
    locateWithH3PerSec: full.perSec,
    buildMs: Math.round(buildMs),
  };
}

export async function run(progress: OnProgress = noProgress): Promise<object> {
  progress(0, 2, 'the demo city 示范城市');
  const demo = measure(generateDemoGeography(), 1_000_000, 20_000);
  progress(1, 2, '50 000 grids 五万网格');
  const city50k = measure(generateSyntheticCity(50_000), 1_000_000, 5_000);
  progress(2, 2);
  return {
    benchmark: 'geo.locate',
    machine: { cpus: os.cpus().length, cpu: os.cpus()[0]?.model ?? 'unknown', node: process.version },
    note: 'single thread; random points uniform over the city bounding box; linear scan = bbox test + ray casting over every grid',
    demo,
    city50k,
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  void run().then((r) => process.stdout.write(`${JSON.stringify(r, null, 2)}\n`));
}
