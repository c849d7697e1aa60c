/** Where an area's name goes on the map: the area-weighted centroid of its largest ring (inside for
 * the convex and box-like outlines the city uses), and which levels read at which zoom. Pure. */
import type { AreaLevel, FeatureCollection } from '../model/mapdata.js';

type Ring = number[][];

function ringArea(r: Ring): number {
  let a = 0;
  for (let i = 0, j = r.length - 1; i < r.length; j = i++) a += (r[j]![0]! * r[i]![1]!) - (r[i]![0]! * r[j]![1]!);
  return a / 2;
}

function ringCentroid(r: Ring): [number, number] {
  const a = ringArea(r);
  if (Math.abs(a) < 1e-12) {
    const n = r.length || 1;
    return [r.reduce((s, p) => s + p[0]!, 0) / n, r.reduce((s, p) => s + p[1]!, 0) / n];
  }
  let cx = 0;
  let cy = 0;
  for (let i = 0, j = r.length - 1; i < r.length; j = i++) {
    const f = (r[j]![0]! * r[i]![1]!) - (r[i]![0]! * r[j]![1]!);
    cx += (r[j]![0]! + r[i]![0]!) * f;
    cy += (r[j]![1]! + r[i]![1]!) * f;
  }
  return [cx / (6 * a), cy / (6 * a)];
}

/** The label point of a Polygon or MultiPolygon geometry; undefined for anything else. */
export function labelPoint(geometry: { type: string; coordinates: unknown }): [number, number] | undefined {
  const polys: Ring[][] = geometry.type === 'Polygon' ? [geometry.coordinates as Ring[]] : geometry.type === 'MultiPolygon' ? (geometry.coordinates as Ring[][]) : [];
  let best: Ring | undefined;
  let bestArea = -1;
  for (const p of polys) {
    const outer = p[0];
    if (!outer || outer.length < 3) continue;
    const a = Math.abs(ringArea(outer));
    if (a > bestArea) {
      bestArea = a;
      best = outer;
    }
  }
  return best ? ringCentroid(best) : undefined;
}

export interface AreaLabel {
  level: AreaLevel;
  code: string;
  name: string;
  at: [number, number];
}

export function areaLabels(level: AreaLevel, fc: FeatureCollection): AreaLabel[] {
  const out: AreaLabel[] = [];
  for (const f of fc.features) {
    const at = labelPoint(f.geometry);
    const name = typeof f.properties.name === 'string' ? f.properties.name : '';
    if (at && name) out.push({ level, code: String(f.properties.code ?? name), name, at });
  }
  return out;
}

/** District names read from the city view until street level; street names from the district view on. */
export const LABEL_ZOOM: Partial<Record<AreaLevel, { min: number; max: number }>> = {
  district: { min: 0, max: 12.5 },
  street: { min: 11, max: 15.5 },
};

export function labelShown(level: AreaLevel, zoom: number): boolean {
  const z = LABEL_ZOOM[level];
  return !!z && zoom >= z.min && zoom < z.max;
}
