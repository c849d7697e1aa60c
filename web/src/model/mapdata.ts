/** Map data for MapLibre: an offline base style (no internet tiles) and GeoJSON built from cases.
 * Pure: no DOM, no MapLibre import (only plain JSON objects MapLibre accepts). */
import { LIGHT_COLORS, lightOf } from './lifecycle.js';

export interface Feature<P = Record<string, unknown>> {
  type: 'Feature';
  id?: string | number;
  geometry: { type: string; coordinates: unknown };
  properties: P;
}
export interface FeatureCollection<P = Record<string, unknown>> {
  type: 'FeatureCollection';
  features: Array<Feature<P>>;
}

/** Xiamen's extent, used before the layers are loaded. */
export const XIAMEN_CENTER: [number, number] = [118.11, 24.53];
export const XIAMEN_BOUNDS: [[number, number], [number, number]] = [
  [117.85, 24.4],
  [118.45, 24.92],
];

/**
 * The base style: a plain background, and raster tiles only when the deployment configured a tile URL
 * (no internet tiles are reachable in a bureau's network). Our own GeoJSON layers go on top.
 */
export function baseStyle(tileUrl?: string | null): Record<string, unknown> {
  const sources: Record<string, unknown> = {};
  const layers: unknown[] = [{ id: 'background', type: 'background', paint: { 'background-color': '#eef2f6' } }];
  if (tileUrl) {
    sources.base = { type: 'raster', tiles: [tileUrl], tileSize: 256, maxzoom: 19 };
    layers.push({ id: 'base-tiles', type: 'raster', source: 'base' });
  }
  return { version: 8, sources, layers };
}

/** The geographic levels drawn as outlines, coarsest last so it stays on top. */
export const AREA_LEVELS = ['grid', 'community', 'street', 'district'] as const;
export type AreaLevel = (typeof AREA_LEVELS)[number];

export const AREA_STYLE: Record<AreaLevel, { color: string; width: number; minzoom: number; fill?: string }> = {
  grid: { color: '#9aa9bb', width: 0.5, minzoom: 12 },
  community: { color: '#6f8fb3', width: 0.8, minzoom: 11 },
  street: { color: '#3d6b9f', width: 1.4, minzoom: 0 },
  district: { color: '#1f4e8c', width: 2.6, minzoom: 0, fill: '#dbe6f3' },
};

export interface CasePoint {
  id: string;
  code?: string | undefined;
  lon: number;
  lat: number;
  light?: string | null | undefined;
  status?: string | undefined;
  categoryCode?: string | undefined;
  categoryName?: string | undefined;
}

export interface CaseFeatureProps {
  id: string;
  code: string;
  light: string;
  color: string;
  status: string;
  cls: string;
}

/** Cases as one GeoJSON source (thousands of points render as a circle layer, not DOM markers). */
export function casesToGeoJson(cases: readonly CasePoint[]): FeatureCollection<CaseFeatureProps> {
  const features: Array<Feature<CaseFeatureProps>> = [];
  for (const c of cases) {
    if (!Number.isFinite(c.lon) || !Number.isFinite(c.lat)) continue;
    const light = lightOf(c.light);
    features.push({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [c.lon, c.lat] },
      properties: {
        id: c.id,
        code: c.code ?? '',
        light,
        color: LIGHT_COLORS[light],
        status: c.status ?? '',
        cls: c.categoryName || c.categoryCode || '',
      },
    });
  }
  return { type: 'FeatureCollection', features };
}

/** One item of a clustered map answer: a cluster (count > 1, no id) or a single case. */
export interface MapItem {
  lon: number;
  lat: number;
  count: number;
  red: number;
  yellow: number;
  id?: string | undefined;
  code?: string | undefined;
  light?: string | undefined;
  cls?: string | undefined;
}

export interface MapItemProps extends CaseFeatureProps {
  /** Cases here: 1 for a single case. */
  count: number;
  /** Overdue (red) and due-soon (yellow) cases here. */
  red: number;
  yellow: number;
  /** The outline: a cluster holding an overdue case is ringed red, one holding a case due soon (and none
   * overdue) yellow, so a few overdue cases never vanish inside a green circle; otherwise white. */
  ring: string;
}

const NO_RING = '#ffffff';

/**
 * The server's clusters and single cases as one GeoJSON source. A cluster takes the colour of most of
 * its cases and the ring of the worst of them (see MapItemProps.ring).
 */
export function clustersToGeoJson(items: readonly MapItem[]): FeatureCollection<MapItemProps> {
  const features: Array<Feature<MapItemProps>> = [];
  for (const it of items) {
    const green = it.count - it.red - it.yellow;
    const light = it.id ? lightOf(it.light) : it.red >= it.yellow && it.red >= green ? 'red' : it.yellow >= green ? 'yellow' : 'green';
    const ring = it.id ? NO_RING : it.red > 0 ? LIGHT_COLORS.red : it.yellow > 0 ? LIGHT_COLORS.yellow : NO_RING;
    features.push({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [it.lon, it.lat] },
      properties: { id: it.id ?? '', code: it.code ?? '', light, color: LIGHT_COLORS[light], status: '', cls: it.cls ?? '', count: it.count, red: it.red, yellow: it.yellow, ring },
    });
  }
  return { type: 'FeatureCollection', features };
}

/** Counts per H3 cell (for the heat map), from cases that carry their cell. */
export function countByCell(cases: ReadonlyArray<{ h3?: string | null | undefined }>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const c of cases) {
    if (!c.h3) continue;
    counts.set(c.h3, (counts.get(c.h3) ?? 0) + 1);
  }
  return counts;
}

/** Bounds [[w,s],[e,n]] of any GeoJSON, or undefined when it has no coordinates. */
export function boundsOf(fc: FeatureCollection<object>): [[number, number], [number, number]] | undefined {
  let w = Infinity, s = Infinity, e = -Infinity, n = -Infinity;
  const visit = (c: unknown): void => {
    if (!Array.isArray(c)) return;
    if (typeof c[0] === 'number' && typeof c[1] === 'number') {
      const [x, y] = c as [number, number];
      if (x < w) w = x;
      if (x > e) e = x;
      if (y < s) s = y;
      if (y > n) n = y;
      return;
    }
    for (const inner of c) visit(inner);
  };
  for (const f of fc.features) visit(f.geometry.coordinates);
  return Number.isFinite(w) ? [[w, s], [e, n]] : undefined;
}
