/**
 * The demo geography: a plausible Xiamen with real district names and codes, real street names,
 * synthetic community names and synthetic, consistent outlines. Deterministic for a given seed.
 *
 * Consistency by construction: each level is an exact partition of its parent (rectangles split
 * into rectangles; a community into a jittered lattice of quadrilateral grids), so grids never
 * overlap, every grid lies inside its community, street and district, and parents cover children.
 */
import { rectPolygon, type AreaGeometry, type BBox, type GeoArea, type Ring } from '../geo/model.js';
import { communityNamer, XIAMEN_DISTRICTS, type DistrictPlan } from './geo-names.js';
import { jitteredLattice, latticeShape, mulberry32, randInt, splitRect, type Rng } from './geo-partition.js';

export { XIAMEN_LANDMARKS, XIAMEN_OUTSIDE_POINTS, type Landmark } from './geo-names.js';

export interface DemoGeography {
  districts: GeoArea[];
  streets: GeoArea[];
  communities: GeoArea[];
  grids: GeoArea[];
}

export interface DemoGeographyOptions {
  /** PRNG seed (default 350200, Xiamen's city code). */
  seed?: number;
  /** Multiplies every district's grid target (default 1 → about 5 400 grids). */
  gridScale?: number;
}

/** All areas of a geography, districts first (parents before children). */
export function allAreas(g: DemoGeography): GeoArea[] {
  return [...g.districts, ...g.streets, ...g.communities, ...g.grids];
}

const pad3 = (n: number): string => String(n).padStart(3, '0');

function unionGeometry(boxes: BBox[]): AreaGeometry {
  if (boxes.length === 1) return rectPolygon(...boxes[0]!);
  return { type: 'MultiPolygon', coordinates: boxes.map((b) => rectPolygon(...b).coordinates as Ring[]) };
}

/** Fills one community box with about `target` grids, serials 001… north → south, west → east. */
function gridsOf(out: GeoArea[], communityCode: string, communityName: string, box: BBox, target: number, rng: Rng): void {
  const { nx, ny } = latticeShape(box, target);
  jitteredLattice(box, nx, ny, rng).forEach((geometry, k) => {
    const serial = pad3(k + 1);
    out.push({ level: 'grid', code: communityCode + serial, name: `${communityName}${serial}网格`, parentCode: communityCode, geometry });
  });
}

function buildDistrict(g: DemoGeography, plan: DistrictPlan, rng: Rng, nextName: () => string, gridScale: number, communitiesPerStreet?: number): void {
  g.districts.push({ level: 'district', code: plan.code, name: plan.name, parentCode: null, geometry: unionGeometry(plan.parts.map((p) => p.box)) });
  // Decide community counts first so the grid target can be spread evenly.
  const streetPlans = plan.parts.flatMap((part) => {
    const boxes = splitRect(part.box, part.streets.length, rng);
    return part.streets.map((name, i) => ({ name, box: boxes[i]!, communities: communitiesPerStreet ?? randInt(rng, 4, 7) }));
  });
  const totalCommunities = streetPlans.reduce((a, s) => a + s.communities, 0);
  const perCommunity = Math.max(1, Math.round((plan.gridTarget * gridScale) / totalCommunities));
  let streetSerial = 0;
  let townSerial = 100;
  for (const s of streetPlans) {
    const isTown = s.name.endsWith('镇') || s.name.endsWith('乡');
    const streetCode = plan.code + pad3(isTown ? ++townSerial : ++streetSerial);
    g.streets.push({ level: 'street', code: streetCode, name: s.name, parentCode: plan.code, geometry: rectPolygon(...s.box) });
    const boxes = splitRect(s.box, s.communities, rng);
    let residents = 0;
    let villages = 199;
    boxes.forEach((box, i) => {
      // A town's seat is a 社区 (001–199); the rest are 村 (200–399), as in GB/T 10114 practice.
      const village = isTown && i > 0;
      const code = streetCode + pad3(village ? ++villages : ++residents);
      const name = isTown && i === 0 ? `${s.name.slice(0, -1)}社区` : `${nextName()}${village ? '村' : '社区'}`;
      g.communities.push({ level: 'community', code, name, parentCode: streetCode, geometry: rectPolygon(...box) });
      gridsOf(g.grids, code, name, box, perCommunity, rng);
    });
  }
}

/** The demo Xiamen: six districts, 41 streets and towns, ~220 communities, ~5 400 unit grids. */
export function generateDemoGeography(opts: DemoGeographyOptions = {}): DemoGeography {
  const rng = mulberry32(opts.seed ?? 350200);
  const nextName = communityNamer(rng);
  const g: DemoGeography = { districts: [], streets: [], communities: [], grids: [] };
  for (const plan of XIAMEN_DISTRICTS) buildDistrict(g, plan, rng, nextName, opts.gridScale ?? 1);
  return g;
}

/**
 * A city of about `gridCount` grids (for the benchmark): the same six districts and streets as the
 * demo, with as many communities and grids as needed (serials stay within 3 digits).
 */
export function generateSyntheticCity(gridCount: number, seed = 20250101): DemoGeography {
  const rng = mulberry32(seed);
  const nextName = communityNamer(rng);
  const g: DemoGeography = { districts: [], streets: [], communities: [], grids: [] };
  const totalTarget = XIAMEN_DISTRICTS.reduce((a, d) => a + d.gridTarget, 0);
  const streets = XIAMEN_DISTRICTS.reduce((a, d) => a + d.parts.reduce((b, p) => b + p.streets.length, 0), 0);
  // About 100 grids per community keeps serials well under 999 and community codes under 199.
  const communitiesPerStreet = Math.max(1, Math.min(99, Math.round(gridCount / streets / 100)));
  for (const plan of XIAMEN_DISTRICTS) buildDistrict(g, plan, rng, nextName, gridCount / totalTarget, communitiesPerStreet);
  return g;
}
