/** The H3 heat map: counts per cell → hexagon polygons coloured by density. Pure (h3-js is computation). */
import { cellToBoundary, cellToParent, getResolution, latLngToCell } from 'h3-js';
import type { FeatureCollection, Feature } from './mapdata.js';

export interface HeatProps {
  cell: string;
  count: number;
  /** 0..1, relative to the densest cell. */
  weight: number;
}

/** The cell of a point at the platform's resolution (9), for cases that come without one. */
export function cellOf(lon: number, lat: number, res = 9): string {
  return latLngToCell(lat, lon, res);
}

export function heatHexagons(counts: ReadonlyMap<string, number>): FeatureCollection<HeatProps> {
  let max = 0;
  for (const n of counts.values()) if (n > max) max = n;
  const features: Array<Feature<HeatProps>> = [];
  for (const [cell, count] of counts) {
    let ring: number[][];
    try {
      ring = cellToBoundary(cell, true);
    } catch {
      continue; // not a valid cell: skip it rather than break the map
    }
    if (ring.length > 0) ring.push(ring[0]!);
    features.push({
      type: 'Feature',
      geometry: { type: 'Polygon', coordinates: [ring] },
      properties: { cell, count, weight: max > 0 ? count / max : 0 },
    });
  }
  return { type: 'FeatureCollection', features };
}

/** Counts per H3 cell at a display resolution (coarser than the stored 9 for a whole-city view). */
export function heatCounts(cases: ReadonlyArray<{ h3?: string | null | undefined; lon: number; lat: number }>, res = 8): Map<string, number> {
  const counts = new Map<string, number>();
  for (const c of cases) {
    let cell: string;
    try {
      if (c.h3 && getResolution(c.h3) >= res) cell = getResolution(c.h3) === res ? c.h3 : cellToParent(c.h3, res);
      else if (Number.isFinite(c.lon) && Number.isFinite(c.lat)) cell = latLngToCell(c.lat, c.lon, res);
      else continue;
    } catch {
      continue;
    }
    counts.set(cell, (counts.get(cell) ?? 0) + 1);
  }
  return counts;
}
