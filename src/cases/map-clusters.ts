/**
 * The command center's map at any size of city: the matching cases are clustered on the server by
 * zoom (supercluster, a k-d tree per zoom level) and a request gets only what its view shows — a few
 * hundred clusters for the whole city, single cases once zoomed in — instead of every point.
 *
 * An index is built per reader scope and filter and kept for INDEX_TTL_MS, so panning and zooming,
 * and many leaders watching the same filter, cost a tree query each (≈ 1 ms), not a database read.
 * Identical requests that arrive while an index is being built wait for that one build.
 */
import Supercluster, { type ClusterProperties } from 'supercluster';
import { cellToParent, getResolution } from 'h3-js';
import type { MapPoint } from './repo.js';

export interface ClusterProps {
  red: number;
  yellow: number;
}
interface PointProps extends ClusterProps {
  i: number;
}

export interface MapItem {
  lon: number;
  lat: number;
  /** Cases here: 1 for a single case. */
  count: number;
  red: number;
  yellow: number;
  /** A single case: its id, code, light and class name. */
  id?: string;
  code?: string;
  light?: string;
  cls?: string;
}

export interface MapClusterAnswer {
  /** Cases matching the filter in the reader's scope. */
  total: number;
  /** Cases on the map (the newest `total` up to the cap). */
  mapped: number;
  lights: { red: number; yellow: number; green: number };
  items: MapItem[];
  /** true when the view held more than ITEM_LIMIT items (zoom in). */
  itemsTruncated: boolean;
  /** Cases per H3 cell (resolution 8) when asked for. */
  heat?: Array<{ cell: string; count: number }>;
}

export interface MapIndex {
  points: MapPoint[];
  total: number;
  tree: Supercluster<PointProps, ClusterProps>;
  lights: { red: number; yellow: number; green: number };
  heat?: Array<{ cell: string; count: number }>;
}

/** At most this many items in one answer (≈ 100 bytes each): no answer grows past ≈ 0.5 MB. */
export const ITEM_LIMIT = 5_000;
export const INDEX_TTL_MS = 10_000;
const MAX_INDEXES = 8;
export const HEAT_RESOLUTION = 8;

export function buildIndex(points: MapPoint[], total: number): MapIndex {
  const lights = { red: 0, yellow: 0, green: 0 };
  const features = points.map((p, i) => {
    if (p.light === 'red') lights.red++;
    else if (p.light === 'yellow') lights.yellow++;
    else lights.green++;
    return {
      type: 'Feature' as const,
      geometry: { type: 'Point' as const, coordinates: [p.lon, p.lat] },
      properties: { i, red: p.light === 'red' ? 1 : 0, yellow: p.light === 'yellow' ? 1 : 0 },
    };
  });
  const tree = new Supercluster<PointProps, ClusterProps>({
    radius: 60,
    maxZoom: 16,
    map: (p) => ({ red: p.red, yellow: p.yellow }),
    reduce: (acc, p) => {
      acc.red += p.red;
      acc.yellow += p.yellow;
    },
  });
  tree.load(features);
  return { points, total, tree, lights };
}

export function heatOf(index: MapIndex): Array<{ cell: string; count: number }> {
  if (index.heat) return index.heat;
  const counts = new Map<string, number>();
  for (const p of index.points) {
    if (!p.h3) continue;
    let cell: string;
    try {
      const res = getResolution(p.h3);
      if (res < HEAT_RESOLUTION) continue;
      cell = res === HEAT_RESOLUTION ? p.h3 : cellToParent(p.h3, HEAT_RESOLUTION);
    } catch {
      continue;
    }
    counts.set(cell, (counts.get(cell) ?? 0) + 1);
  }
  index.heat = [...counts].map(([cell, count]) => ({ cell, count }));
  return index.heat;
}

/** What one view of the map shows: clusters and single cases inside the box at this zoom. */
export function viewOf(index: MapIndex, bbox: [number, number, number, number], zoom: number, withHeat: boolean): MapClusterAnswer {
  const found = index.tree.getClusters(bbox, Math.max(0, Math.min(20, Math.floor(zoom))));
  const items: MapItem[] = [];
  for (const f of found) {
    if (items.length >= ITEM_LIMIT) break;
    const [lon, lat] = f.geometry.coordinates as [number, number];
    const props = f.properties as Partial<ClusterProperties> & ClusterProps & Partial<PointProps>;
    if (props.cluster) {
      items.push({ lon, lat, count: props.point_count ?? 0, red: props.red, yellow: props.yellow });
    } else {
      const p = index.points[props.i!]!;
      items.push({ lon, lat, count: 1, red: props.red, yellow: props.yellow, id: p.id, code: p.code, light: p.light, cls: p.categoryName });
    }
  }
  return {
    total: index.total,
    mapped: index.points.length,
    lights: index.lights,
    items,
    itemsTruncated: found.length > items.length,
    ...(withHeat ? { heat: heatOf(index) } : {}),
  };
}

/** Indexes by key, kept for a while; concurrent builds of one key share the work. */
export function createIndexCache(now: () => number = Date.now) {
  const entries = new Map<string, { at: number; index: Promise<MapIndex> }>();
  return {
    get(key: string, build: () => Promise<MapIndex>): Promise<MapIndex> {
      const t = now();
      const hit = entries.get(key);
      if (hit && t - hit.at < INDEX_TTL_MS) return hit.index;
      for (const [k, e] of entries) if (t - e.at >= INDEX_TTL_MS) entries.delete(k);
      while (entries.size >= MAX_INDEXES) entries.delete(entries.keys().next().value!);
      const index = build();
      entries.set(key, { at: t, index });
      index.catch(() => entries.delete(key));
      return index;
    },
    clear() {
      entries.clear();
    },
  };
}
