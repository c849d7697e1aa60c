/**
 * Coordinate systems at the edge. Phones in China report GCJ-02 (高德/腾讯) or BD-09 (百度);
 * the platform converts once, here, and stores WGS-84. Pure: no I/O.
 */
import gcoordModule from 'gcoord';
import { latLngToCell } from 'h3-js';
import { coordinateInvalid, crsInvalid, isCrs, type Crs } from './model.js';

// gcoord is CommonJS whose types declare an ES default export: under NodeNext the types put the API
// under `.default`, while at runtime the default import already is the API. Accept both.
type Gcoord = typeof gcoordModule extends { default: infer D } ? D : typeof gcoordModule;
const gcoord: Gcoord = (gcoordModule as unknown as { default?: Gcoord }).default ?? (gcoordModule as unknown as Gcoord);

export const H3_RESOLUTION = 9;

function checkLonLat(lon: unknown, lat: unknown): asserts lon is number {
  if (typeof lon !== 'number' || typeof lat !== 'number' || !Number.isFinite(lon) || !Number.isFinite(lat) || lon < -180 || lon > 180 || lat < -90 || lat > 90) {
    throw coordinateInvalid(lon, lat);
  }
}

/** Converts a point given in `crs` to WGS-84. Throws COORDINATE_INVALID / CRS_INVALID (400). */
export function toWgs84(lon: number, lat: number, crs: Crs | string = 'wgs84'): { lon: number; lat: number } {
  checkLonLat(lon, lat);
  if (!isCrs(crs)) throw crsInvalid(crs);
  if (crs === 'wgs84') return { lon, lat };
  const [x, y] = gcoord.transform<[number, number]>([lon, lat], crs === 'gcj02' ? gcoord.GCJ02 : gcoord.BD09, gcoord.WGS84);
  return { lon: x, lat: y };
}

/** Converts a WGS-84 point to `crs` (for clients that draw on GCJ-02 or BD-09 base maps). */
export function fromWgs84(lon: number, lat: number, crs: Crs): { lon: number; lat: number } {
  checkLonLat(lon, lat);
  if (crs === 'wgs84') return { lon, lat };
  const [x, y] = gcoord.transform<[number, number]>([lon, lat], gcoord.WGS84, crs === 'gcj02' ? gcoord.GCJ02 : gcoord.BD09);
  return { lon: x, lat: y };
}

/** The H3 cell (resolution 9) of a WGS-84 point. */
export function h3Cell(lon: number, lat: number, resolution = H3_RESOLUTION): string {
  return latLngToCell(lat, lon, resolution);
}
