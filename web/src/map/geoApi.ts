/** Where the map reads the city's own layers. One place, so the URL scheme of the geo API is pinned here. */
import { http, ok } from '../api/client.js';
import type { AreaLevel, FeatureCollection } from '../model/mapdata.js';

const cache = new Map<AreaLevel, Promise<FeatureCollection>>();

export function geoLayerUrl(level: AreaLevel): string {
  return `/api/v1/geo/layers/${level}`;
}

export function loadAreaLayer(level: AreaLevel): Promise<FeatureCollection> {
  let p = cache.get(level);
  if (!p) {
    p = ok(http.GET('/api/v1/geo/layers/{level}', { params: { path: { level } } })).then((fc) => fc as unknown as FeatureCollection).catch((e: unknown) => {
      cache.delete(level);
      throw e;
    });
    cache.set(level, p);
  }
  return p;
}
