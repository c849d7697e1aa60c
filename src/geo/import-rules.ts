/**
 * Rules for importing geography from GeoJSON. Every feature is checked and every problem reported
 * ("第 17 个要素 / feature 17: …", numbered from 1); one problem rejects the whole file. Pure: no I/O.
 *
 * Feature properties: `code` (required), `name` (required), `level` (district|street|community|grid;
 * inferred from the code length when absent), `parentCode` (optional; must equal the code's prefix).
 */
import { AppError, badRequest } from '../core/errors.js';
import {
  bboxContains,
  bboxOf,
  checkCode,
  checkGeometry,
  interiorPoint,
  isGeoLevel,
  LEVEL_NAMES,
  levelOfCode,
  parentCodeOf,
  parentLevel,
  type AreaGeometry,
  type GeoArea,
  type GeoLevel,
  type Position,
} from './model.js';
import { PolygonIndex } from './spatial.js';

export interface FeatureError {
  /** 1-based position of the feature in the file. */
  feature: number;
  code?: string;
  message: string;
  messageEn: string;
}

export interface IncomingArea extends GeoArea {
  feature: number;
}

/** At most this many problems are listed back (the file is rejected either way). */
export const MAX_REPORTED_ERRORS = 200;

const NAME_MAX = 64;

function err(feature: number, zh: string, en: string, code?: string): FeatureError {
  return { feature, ...(code ? { code } : {}), message: `第 ${feature} 个要素：${zh}`, messageEn: `feature ${feature}: ${en}` };
}

/** Reads a FeatureCollection into areas, checking each feature on its own (shape, level, code, name, geometry, duplicates). */
export function parseFeatureCollection(input: unknown): { areas: IncomingArea[]; errors: FeatureError[] } {
  const fc = input as { type?: unknown; features?: unknown };
  if (!fc || typeof fc !== 'object' || fc.type !== 'FeatureCollection' || !Array.isArray(fc.features)) {
    throw badRequest('GEOJSON_INVALID', '文件不是 GeoJSON FeatureCollection', 'the file is not a GeoJSON FeatureCollection');
  }
  if (fc.features.length === 0) throw badRequest('GEOJSON_EMPTY', 'GeoJSON 中没有任何要素', 'the GeoJSON has no features');
  const areas: IncomingArea[] = [];
  const errors: FeatureError[] = [];
  const seen = new Map<string, number>();
  (fc.features as unknown[]).forEach((raw, i) => {
    const n = i + 1;
    const f = raw as { type?: unknown; properties?: Record<string, unknown> | null; geometry?: unknown };
    if (!f || typeof f !== 'object' || f.type !== 'Feature') {
      errors.push(err(n, '不是 GeoJSON Feature', 'is not a GeoJSON Feature'));
      return;
    }
    const p = f.properties ?? {};
    const code = typeof p.code === 'number' ? String(p.code) : p.code;
    if (typeof code !== 'string' || code.trim() === '') {
      errors.push(err(n, '缺少编码（properties.code）', 'code is missing (properties.code)'));
      return;
    }
    let level: GeoLevel | null;
    if (p.level === undefined || p.level === null) {
      level = levelOfCode(code);
      if (!level) {
        errors.push(err(n, `编码 ${code} 的位数不属于任何层级（区 6 位、街道 9 位、社区 12 位、网格 15 位）`, `code ${code} has no level's length (district 6, street 9, community 12, grid 15 digits)`, code));
        return;
      }
    } else if (isGeoLevel(p.level)) {
      level = p.level;
    } else {
      errors.push(err(n, `未知的层级 ${String(p.level)}（可选 district、street、community、grid）`, `unknown level ${String(p.level)} (use district, street, community or grid)`, code));
      return;
    }
    const rawParent = p.parentCode ?? p.parent_code;
    const parentCode = rawParent === undefined || rawParent === null || rawParent === '' ? undefined : String(rawParent);
    for (const v of checkCode(level, code, parentCode)) errors.push(err(n, v.message, v.messageEn, code));
    const name = typeof p.name === 'string' ? p.name.trim() : '';
    if (name === '') errors.push(err(n, `${LEVEL_NAMES[level].zh} ${code} 缺少名称`, `${LEVEL_NAMES[level].en} ${code} has no name`, code));
    else if (name.length > NAME_MAX) errors.push(err(n, `名称超过 ${NAME_MAX} 个字`, `name is longer than ${NAME_MAX} characters`, code));
    for (const v of checkGeometry(f.geometry)) errors.push(err(n, v.message, v.messageEn, code));
    const first = seen.get(code);
    if (first !== undefined) errors.push(err(n, `编码 ${code} 与第 ${first} 个要素重复`, `code ${code} repeats feature ${first}`, code));
    else seen.set(code, n);
    if (errors.length > 0 && errors[errors.length - 1]!.feature === n) return;
    areas.push({ feature: n, level, code, name, parentCode: parentCodeOf(level, code), geometry: f.geometry as AreaGeometry });
  });
  return { areas, errors };
}

/** Points to probe for overlaps: an interior point and each outer vertex pulled 1% towards it. */
function probePoints(g: AreaGeometry): Position[] {
  const c = interiorPoint(g);
  if (!c) return [];
  const out: Position[] = [c];
  const polys = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
  for (const poly of polys) {
    for (const [x, y] of poly[0] ?? []) out.push([x + (c[0] - x) * 0.01, y + (c[1] - y) * 0.01]);
  }
  return out;
}

/**
 * Checks the incoming areas against each other and what already exists (`existing`, all levels;
 * empty when replacing): every parent exists, children lie inside their parents (bounding boxes,
 * 1e-6° tolerance), and grids do not overlap (probed at an interior point and near each vertex).
 */
export function checkHierarchy(incoming: IncomingArea[], existing: Iterable<GeoArea>): FeatureError[] {
  const errors: FeatureError[] = [];
  const merged = new Map<string, GeoArea>();
  for (const a of existing) merged.set(a.code, a);
  const incomingByCode = new Map<string, IncomingArea>();
  for (const a of incoming) {
    merged.set(a.code, a);
    incomingByCode.set(a.code, a);
  }
  const bbox = new Map<string, ReturnType<typeof bboxOf>>();
  const boxOf = (a: GeoArea) => {
    let b = bbox.get(a.code);
    if (!b) bbox.set(a.code, (b = bboxOf(a.geometry)));
    return b;
  };

  // Parents exist and contain their children (incoming children, and existing children of incoming parents).
  for (const a of merged.values()) {
    const pl = parentLevel(a.level);
    if (!pl || !a.parentCode) continue;
    const own = incomingByCode.get(a.code);
    const parentIncoming = incomingByCode.get(a.parentCode);
    if (!own && !parentIncoming) continue;
    const parent = merged.get(a.parentCode);
    const lz = LEVEL_NAMES[a.level].zh;
    const le = LEVEL_NAMES[a.level].en;
    const pz = LEVEL_NAMES[pl].zh;
    const pe = LEVEL_NAMES[pl].en;
    if (!parent) {
      if (own) errors.push(err(own.feature, `${lz} ${a.code} 的上级${pz} ${a.parentCode} 不存在（文件和现有数据中都没有）`, `${le} ${a.code}: its ${pe} ${a.parentCode} exists neither in the file nor in the store`, a.code));
      continue;
    }
    if (!bboxContains(boxOf(parent), boxOf(a), 1e-6)) {
      const at = own?.feature ?? parentIncoming!.feature;
      errors.push(err(at, `${lz} ${a.code}（${a.name}）超出所属${pz} ${parent.code}（${parent.name}）的范围`, `${le} ${a.code} (${a.name}) lies outside its ${pe} ${parent.code} (${parent.name})`, own ? a.code : parent.code));
    }
  }

  // Grids must not overlap (不重不漏): probe each incoming grid against all grids.
  const grids = [...merged.values()].filter((a) => a.level === 'grid');
  const changed = grids.filter((g) => incomingByCode.has(g.code));
  if (changed.length > 0) {
    const index = new PolygonIndex(grids.map((g) => g.geometry));
    const position = new Map(grids.map((g, i) => [g.code, i]));
    const reported = new Set<string>();
    for (const g of changed) {
      const self = position.get(g.code)!;
      for (const [x, y] of probePoints(g.geometry)) {
        const other = index.search(x, y, x, y).find((i) => i !== self && index.contains(i, x, y));
        if (other === undefined) continue;
        const o = grids[other]!;
        const key = [g.code, o.code].sort().join('|');
        if (!reported.has(key)) {
          reported.add(key);
          errors.push(err((g as IncomingArea).feature, `网格 ${g.code} 与网格 ${o.code} 重叠`, `grid ${g.code} overlaps grid ${o.code}`, g.code));
        }
        break;
      }
      if (errors.length >= MAX_REPORTED_ERRORS) break;
    }
  }
  return errors.sort((a, b) => a.feature - b.feature);
}

/** The one error a rejected file produces: the first problems listed in `details.errors`. */
export function importRejected(errors: FeatureError[]): AppError {
  const first = errors[0]!;
  const more = errors.length > 1 ? `（另有 ${errors.length - 1} 处错误）` : '';
  const moreEn = errors.length > 1 ? ` (and ${errors.length - 1} more)` : '';
  return new AppError({
    code: 'GEO_IMPORT_INVALID',
    kind: 'unprocessable',
    message: `地理数据有误，未导入任何内容：${first.message}${more}`,
    messageEn: `geography rejected, nothing imported: ${first.messageEn}${moreEn}`,
    details: { errorCount: errors.length, errors: errors.slice(0, MAX_REPORTED_ERRORS) },
  });
}
