/** Distances and boxes for "possible duplicates" (same class within 50 m and 24 h). Pure. */
const EARTH_RADIUS_M = 6_371_008.8;
const rad = (d: number) => (d * Math.PI) / 180;

export const DUPLICATE_RADIUS_M = 50;
export const DUPLICATE_WINDOW_MS = 24 * 3600_000;
/** Default for how far apart a merged duplicate and its target may be (CITYLOOP_MERGE_MAX_DISTANCE_M). */
export const MERGE_MAX_DISTANCE_M = 1000;

/** Great-circle distance in metres between two WGS-84 points. */
export function distanceMeters(lon1: number, lat1: number, lon2: number, lat2: number): number {
  const dLat = rad(lat2 - lat1);
  const dLon = rad(lon2 - lon1);
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(rad(lat1)) * Math.cos(rad(lat2)) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(a)));
}

/** A lon/lat box that contains every point within `meters` of (lon, lat): the index prefilter. */
export function boxAround(lon: number, lat: number, meters: number): { minLon: number; maxLon: number; minLat: number; maxLat: number } {
  const dLat = (meters / EARTH_RADIUS_M) * (180 / Math.PI);
  const dLon = dLat / Math.max(0.01, Math.cos(rad(lat)));
  return { minLon: lon - dLon, maxLon: lon + dLon, minLat: lat - dLat, maxLat: lat + dLat };
}
