/**
 * Geography (GB/T 30428.1 单元网格): the district → street → community → unit-grid hierarchy,
 * its code rules and the geometry helpers the rest of the capability stands on. Pure: no I/O.
 *
 * Codes (GB/T 2260 + GB/T 10114 + GB/T 30428.1):
 *   district   6 digits  区级行政区划代码, e.g. 350203 思明区
 *   street     9 digits  district + 3 (001–099 街道, 100–199 镇, 200–399 乡)
 *   community 12 digits  street + 3 (001–199 居委会/社区, 200–399 村委会)
 *   grid      15 digits  community + 3-digit serial (west → east, north → south inside a community)
 */
import { AppError, badRequest } from '../core/errors.js';

export const GEO_LEVELS = ['district', 'street', 'community', 'grid'] as const;
export type GeoLevel = (typeof GEO_LEVELS)[number];

export const LEVEL_NAMES: Record<GeoLevel, { zh: string; en: string }> = {
  district: { zh: '区', en: 'district' },
  street: { zh: '街道(镇)', en: 'street' },
  community: { zh: '社区(村)', en: 'community' },
  grid: { zh: '单元网格', en: 'grid' },
};

/** Digits of the code at each level. */
export const CODE_LENGTH: Record<GeoLevel, number> = { district: 6, street: 9, community: 12, grid: 15 };

/** Coordinate reference systems accepted at the edge; storage is always WGS-84. */
export const CRS_VALUES = ['wgs84', 'gcj02', 'bd09'] as const;
export type Crs = (typeof CRS_VALUES)[number];

/** [lon, lat] in degrees. */
export type Position = [number, number];
export type Ring = Position[];
export interface PolygonGeometry {
  type: 'Polygon';
  coordinates: Ring[];
}
export interface MultiPolygonGeometry {
  type: 'MultiPolygon';
  coordinates: Ring[][];
}
export type AreaGeometry = PolygonGeometry | MultiPolygonGeometry;

/** [minLon, minLat, maxLon, maxLat]. */
export type BBox = [number, number, number, number];

/** One area of the hierarchy as plain data (what the demo generator and the importer produce). */
export interface GeoArea {
  level: GeoLevel;
  code: string;
  name: string;
  /** null for districts. */
  parentCode: string | null;
  geometry: AreaGeometry;
}

/** A named reference to an area, as returned by `locate`. */
export interface AreaRef {
  code: string;
  name: string;
}

export interface LocateResult {
  /** The point in WGS-84. */
  point: { lon: number; lat: number };
  /** H3 cell at resolution 9 (~0.1 km²). */
  h3: string;
  grid: AreaRef;
  community: AreaRef;
  street: AreaRef;
  district: AreaRef;
}

export function isGeoLevel(v: unknown): v is GeoLevel {
  return typeof v === 'string' && (GEO_LEVELS as readonly string[]).includes(v);
}

export function isCrs(v: unknown): v is Crs {
  return typeof v === 'string' && (CRS_VALUES as readonly string[]).includes(v);
}

export function parentLevel(level: GeoLevel): GeoLevel | null {
  const i = GEO_LEVELS.indexOf(level);
  return i > 0 ? (GEO_LEVELS[i - 1] ?? null) : null;
}

/** The level a code belongs to, from its length; null if no level has that length. */
export function levelOfCode(code: string): GeoLevel | null {
  if (!/^\d+$/.test(code)) return null;
  return GEO_LEVELS.find((l) => CODE_LENGTH[l] === code.length) ?? null;
}

/** The parent's code, i.e. the code's prefix one level up (null for a district). */
export function parentCodeOf(level: GeoLevel, code: string): string | null {
  const p = parentLevel(level);
  return p ? code.slice(0, CODE_LENGTH[p]) : null;
}

/** One broken rule, in both languages. */
export interface RuleViolation {
  message: string;
  messageEn: string;
}

/**
 * Checks a code against its level (digits, length, a non-zero serial, and the parent prefix).
 * Returns the violations; an empty list means the code is valid.
 */
export function checkCode(level: GeoLevel, code: unknown, parentCode?: string | null): RuleViolation[] {
  const lz = LEVEL_NAMES[level].zh;
  const le = LEVEL_NAMES[level].en;
  const len = CODE_LENGTH[level];
  if (typeof code !== 'string' || code.length === 0) {
    return [{ message: `缺少${lz}编码`, messageEn: `${le} code is missing` }];
  }
  if (!/^\d+$/.test(code) || code.length !== len) {
    return [{ message: `${lz}编码 ${code} 应为 ${len} 位数字`, messageEn: `${le} code ${code} must have ${len} digits` }];
  }
  const out: RuleViolation[] = [];
  if (level === 'district') {
    if (code.slice(4) === '00' || code.slice(2, 4) === '00') {
      out.push({
        message: `区编码 ${code} 不是区县级行政区划代码（末两位或中间两位为 00）`,
        messageEn: `district code ${code} is not a county-level GB/T 2260 code (it ends in 00)`,
      });
    }
  } else if (code.slice(-3) === '000') {
    out.push({ message: `${lz}编码 ${code} 的顺序码不能为 000`, messageEn: `${le} code ${code} must not end in serial 000` });
  }
  if (parentCode !== undefined && parentCode !== null) {
    const expected = parentCodeOf(level, code);
    if (expected === null) {
      // A district's parent may only be its prefecture-level city (e.g. 350200 for 350203).
      const city = `${code.slice(0, 4)}00`;
      if (parentCode !== city) {
        out.push({ message: `区 ${code} 的上级只能是所属地级市 ${city}（收到 ${parentCode}）`, messageEn: `district ${code} may only have its city ${city} as parent (got ${parentCode})` });
      }
    } else if (parentCode !== expected) {
      out.push({
        message: `${lz}编码 ${code} 的前 ${expected.length} 位应与上级编码 ${parentCode} 一致`,
        messageEn: `${le} code ${code} must start with its parent code ${parentCode}`,
      });
    }
  }
  return out;
}

/** Throws GEO_CODE_INVALID (400) when a code does not fit its level. */
export function assertCode(level: GeoLevel, code: string): void {
  const v = checkCode(level, code);
  if (v.length > 0) throw badRequest('GEO_CODE_INVALID', v[0]!.message, v[0]!.messageEn, { level, code });
}

// ---------------------------------------------------------------- geometry

/** The polygons of a geometry, each as its rings (outer first, then holes). */
export function polygonsOf(g: AreaGeometry): Ring[][] {
  return g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
}

export function bboxOf(g: AreaGeometry): BBox {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const poly of polygonsOf(g)) {
    const outer = poly[0];
    if (!outer) continue;
    for (const [x, y] of outer) {
      if (x < minX) minX = x;
      if (y < minY) minY = y;
      if (x > maxX) maxX = x;
      if (y > maxY) maxY = y;
    }
  }
  return [minX, minY, maxX, maxY];
}

export function bboxContains(outer: BBox, inner: BBox, eps = 1e-7): boolean {
  return inner[0] >= outer[0] - eps && inner[1] >= outer[1] - eps && inner[2] <= outer[2] + eps && inner[3] <= outer[3] + eps;
}

export function bboxIntersects(a: BBox, b: BBox): boolean {
  return a[0] <= b[2] && b[0] <= a[2] && a[1] <= b[3] && b[1] <= a[3];
}

const EARTH_RADIUS_M = 6378137;
const RAD = Math.PI / 180;

/** Area of a ring in m² on the sphere (the formula turf and OpenLayers use); sign ignored. */
function ringAreaM2(ring: Ring): number {
  const n = ring.length;
  if (n < 4) return 0;
  let total = 0;
  for (let i = 0; i < n - 1; i++) {
    const p1 = ring[i]!;
    const p2 = ring[i + 1]!;
    const p3 = ring[(i + 2) % (n - 1)]!;
    total += (p3[0] * RAD - p1[0] * RAD) * Math.sin(p2[1] * RAD);
  }
  return Math.abs((total * EARTH_RADIUS_M * EARTH_RADIUS_M) / 2);
}

/** Area of a (multi)polygon in m², holes subtracted. */
export function areaM2(g: AreaGeometry): number {
  let a = 0;
  for (const poly of polygonsOf(g)) {
    poly.forEach((ring, i) => {
      a += i === 0 ? ringAreaM2(ring) : -ringAreaM2(ring);
    });
  }
  return a;
}

/**
 * Even-odd ray casting over a (multi)polygon, holes included. Each edge is evaluated with its
 * endpoints in a canonical order, so two polygons sharing an edge compute the same crossing and a
 * point on the shared edge belongs to exactly one of them.
 */
export function pointInGeometry(g: AreaGeometry, x: number, y: number): boolean {
  let inside = false;
  for (const poly of polygonsOf(g)) {
    for (const ring of poly) {
      for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
        let ax = ring[i]![0];
        let ay = ring[i]![1];
        let bx = ring[j]![0];
        let by = ring[j]![1];
        if (ay > by) [ax, ay, bx, by] = [bx, by, ax, ay];
        if (ay > y !== by > y && x < ((bx - ax) * (y - ay)) / (by - ay) + ax) inside = !inside;
      }
    }
  }
  return inside;
}

/** A point well inside the geometry (centroid of the bbox if inside, else the middle of an interior span). */
export function interiorPoint(g: AreaGeometry): Position | null {
  const [minX, minY, maxX, maxY] = bboxOf(g);
  const cx = (minX + maxX) / 2;
  const cy = (minY + maxY) / 2;
  if (pointInGeometry(g, cx, cy)) return [cx, cy];
  // Scan a few horizontal lines; take the midpoint of the widest inside span.
  for (let k = 1; k < 16; k++) {
    const y = minY + ((maxY - minY) * k) / 16;
    const xs: number[] = [];
    for (const poly of polygonsOf(g)) {
      for (const ring of poly) {
        for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
          const [ax, ay] = ring[i]!;
          const [bx, by] = ring[j]!;
          if (ay > y !== by > y) xs.push(((bx - ax) * (y - ay)) / (by - ay) + ax);
        }
      }
    }
    xs.sort((a, b) => a - b);
    for (let i = 0; i + 1 < xs.length; i += 2) {
      const mx = (xs[i]! + xs[i + 1]!) / 2;
      if (xs[i + 1]! - xs[i]! > 0 && pointInGeometry(g, mx, y)) return [mx, y];
    }
  }
  return null;
}

/** Checks the shape of a GeoJSON geometry: (Multi)Polygon, closed rings of ≥ 4 finite lon/lat positions. */
export function checkGeometry(g: unknown): RuleViolation[] {
  const bad = (zh: string, en: string): RuleViolation[] => [{ message: zh, messageEn: en }];
  if (!g || typeof g !== 'object') return bad('缺少几何图形', 'geometry is missing');
  const geom = g as { type?: unknown; coordinates?: unknown };
  if (geom.type !== 'Polygon' && geom.type !== 'MultiPolygon') {
    return bad(`几何类型应为 Polygon 或 MultiPolygon（实际为 ${String(geom.type)}）`, `geometry must be a Polygon or MultiPolygon (got ${String(geom.type)})`);
  }
  if (!Array.isArray(geom.coordinates) || geom.coordinates.length === 0) return bad('几何坐标为空', 'geometry has no coordinates');
  const polys = (geom.type === 'Polygon' ? [geom.coordinates] : geom.coordinates) as unknown[];
  for (const poly of polys) {
    if (!Array.isArray(poly) || poly.length === 0) return bad('多边形没有环', 'a polygon has no rings');
    for (const ring of poly as unknown[]) {
      if (!Array.isArray(ring) || ring.length < 4) return bad('多边形的环至少需要 4 个坐标点', 'a polygon ring needs at least 4 positions');
      for (const p of ring as unknown[]) {
        if (!Array.isArray(p) || p.length < 2 || !Number.isFinite(p[0]) || !Number.isFinite(p[1])) {
          return bad('坐标应为 [经度, 纬度] 数值', 'a position must be [lon, lat] numbers');
        }
        const [x, y] = p as number[];
        if (x! < -180 || x! > 180 || y! < -90 || y! > 90) {
          return bad(`坐标 [${x}, ${y}] 超出经纬度范围`, `position [${x}, ${y}] is outside lon/lat range`);
        }
      }
      const a = ring[0] as number[];
      const b = ring[ring.length - 1] as number[];
      if (a[0] !== b[0] || a[1] !== b[1]) return bad('多边形的环未闭合（首尾坐标应相同）', 'a polygon ring is not closed (first and last positions differ)');
    }
  }
  if (areaM2(g as AreaGeometry) <= 0) return bad('多边形面积为 0', 'polygon has zero area');
  return [];
}

/** A rectangle as a closed, counter-clockwise GeoJSON polygon. */
export function rectPolygon(minX: number, minY: number, maxX: number, maxY: number): PolygonGeometry {
  return {
    type: 'Polygon',
    coordinates: [[[minX, minY], [maxX, minY], [maxX, maxY], [minX, maxY], [minX, minY]]],
  };
}

// ---------------------------------------------------------------- errors users can hit

export function outsideManagedArea(lon: number, lat: number): AppError {
  return new AppError({
    code: 'OUTSIDE_MANAGED_AREA',
    kind: 'unprocessable',
    message: `坐标 (${lon.toFixed(6)}, ${lat.toFixed(6)}) 不在任何单元网格内，不属于本平台管辖范围`,
    messageEn: `point (${lon.toFixed(6)}, ${lat.toFixed(6)}) is outside every unit grid of the managed area`,
    details: { lon, lat },
  });
}

export function coordinateInvalid(lon: unknown, lat: unknown): AppError {
  return badRequest(
    'COORDINATE_INVALID',
    `坐标无效：经度应在 -180 到 180 之间，纬度应在 -90 到 90 之间（收到 ${String(lon)}, ${String(lat)}）`,
    `invalid coordinate: lon must be within -180..180 and lat within -90..90 (got ${String(lon)}, ${String(lat)})`,
    { lon, lat },
  );
}

export function crsInvalid(crs: unknown): AppError {
  return badRequest('CRS_INVALID', `不支持的坐标系 ${String(crs)}，可选 wgs84、gcj02、bd09`, `unsupported coordinate system ${String(crs)}; use wgs84, gcj02 or bd09`, { crs });
}

export function levelInvalid(level: unknown): AppError {
  return badRequest('GEO_LEVEL_INVALID', `未知的区划层级 ${String(level)}，可选 district、street、community、grid`, `unknown level ${String(level)}; use district, street, community or grid`, { level });
}
