/**
 * Geography use cases: load the in-memory index, locate points, import and export GeoJSON, list the
 * hierarchy, seed the demo city. `locate` is synchronous: it sits on the hot path of every report.
 */
import type { ServiceDeps } from '../core/deps.js';
import { notFound } from '../core/errors.js';
import type { OnProgress } from '../core/progress.js';
import { h3Cell } from './coords.js';
import { checkHierarchy, importRejected, parseFeatureCollection } from './import-rules.js';
import { Locator } from './locator.js';
import {
  areaM2,
  bboxOf,
  GEO_LEVELS,
  interiorPoint,
  isGeoLevel,
  levelInvalid,
  levelOfCode,
  type AreaGeometry,
  type BBox,
  type Crs,
  type GeoArea,
  type GeoLevel,
  type LocateResult,
} from './model.js';
import * as repo from './repo.js';

/** An area without its outline: what lists return. */
export interface AreaSummary {
  level: GeoLevel;
  code: string;
  name: string;
  parentCode: string | null;
  areaM2: number;
  bbox: BBox;
  label: { lon: number; lat: number };
  h3: string;
}

export interface AreaDetail extends AreaSummary {
  geometry: AreaGeometry;
}

export interface GeoFeature {
  type: 'Feature';
  id: string;
  properties: { level: GeoLevel; code: string; name: string; parentCode: string | null; areaM2: number };
  geometry: AreaGeometry;
}

export interface GeoFeatureCollection {
  type: 'FeatureCollection';
  features: GeoFeature[];
}

export interface ImportSummary {
  replaced: boolean;
  /** Areas written per level (inserted or updated). */
  written: Record<GeoLevel, number>;
  inserted: number;
  updated: number;
  /** Areas in the store per level after the import. */
  totals: Record<GeoLevel, number>;
}

export interface ExportFilter {
  districtCode?: string;
  streetCode?: string;
  parentCode?: string;
  bbox?: BBox;
}

export interface GeoService {
  /** Builds the in-memory spatial index from the store (call after any change made elsewhere). */
  load(): Promise<void>;
  /** Inserts the demo geography when the store has none; returns what was written, or null. */
  seedDemo(): Promise<ImportSummary | null>;
  /** The grid, community, street and district of a point; throws OUTSIDE_MANAGED_AREA (422). */
  locate(lon: number, lat: number, crs?: Crs | string): LocateResult;
  /** Like `locate`, but null when the point is outside every grid (bad coordinates still throw). */
  tryLocate(lon: number, lat: number, crs?: Crs | string): LocateResult | null;
  /** Name of an area by its code (any level), from memory. */
  nameOf(code: string): string | undefined;
  /** Grids in the loaded index. */
  gridCount(): number;
  /** Validates the whole FeatureCollection and writes it in one transaction, or nothing (GEO_IMPORT_INVALID). */
  importGeoJson(input: unknown, opts?: { replace?: boolean; onProgress?: OnProgress | undefined }): Promise<ImportSummary>;
  exportGeoJson(level: GeoLevel | string, filter?: ExportFilter): Promise<GeoFeatureCollection>;
  listDistricts(): Promise<AreaSummary[]>;
  listStreets(filter?: { districtCode?: string }): Promise<AreaSummary[]>;
  listCommunities(filter?: { districtCode?: string; streetCode?: string }): Promise<AreaSummary[]>;
  listGrids(filter?: ExportFilter & { limit?: number }): Promise<AreaSummary[]>;
  /** One area with its outline, by code (level from the code's length); GEO_AREA_NOT_FOUND (404). */
  getArea(code: string): Promise<AreaDetail>;
  counts(): Promise<Record<GeoLevel, number>>;
}

function summary(a: repo.StoredArea): AreaSummary {
  return { level: a.level, code: a.code, name: a.name, parentCode: a.parentCode, areaM2: Math.round(a.areaM2), bbox: a.bbox, label: a.label, h3: a.h3 };
}

/** Derived figures of an area: bbox, area, a label point inside it and that point's H3 cell. */
function derive(a: GeoArea, id: string): repo.AreaWrite {
  const bbox = bboxOf(a.geometry);
  const p = interiorPoint(a.geometry) ?? [(bbox[0] + bbox[2]) / 2, (bbox[1] + bbox[3]) / 2];
  return { ...a, id, bbox, areaM2: areaM2(a.geometry), label: { lon: p[0], lat: p[1] }, h3: h3Cell(p[0], p[1]) };
}

export interface GeoServiceOptions {
  /** The demo city's areas (src/demo, wired by the composition root); `seedDemo` imports them into an empty store. */
  demoAreas?: () => GeoArea[];
}

export function createGeoService(deps: ServiceDeps, opts: GeoServiceOptions = {}): GeoService {
  const { db, clock, ids, logger } = deps;
  let locator = new Locator([]);
  let names = new Map<string, string>();

  const service: GeoService = {
    async load() {
      const areas = await repo.loadAllAreas(db.kysely);
      locator = new Locator(areas);
      names = new Map(areas.map((a) => [a.code, a.name]));
      logger.debug({ grids: locator.gridCount }, 'geography index loaded');
    },

    async seedDemo() {
      const c = await repo.countAreas(db.kysely);
      if (c.district + c.street + c.community + c.grid > 0) return null;
      if (!opts.demoAreas) throw new Error('geo.seedDemo: no demo geography was wired into this service');
      return service.importGeoJson(toFeatureCollection(opts.demoAreas()), { replace: false });
    },

    locate(lon, lat, crs = 'wgs84') {
      return locator.locate(lon, lat, crs as Crs);
    },

    tryLocate(lon, lat, crs = 'wgs84') {
      try {
        return locator.locate(lon, lat, crs as Crs);
      } catch (e) {
        if ((e as { code?: string }).code === 'OUTSIDE_MANAGED_AREA') return null;
        throw e;
      }
    },

    nameOf(code) {
      return names.get(code);
    },

    gridCount() {
      return locator.gridCount;
    },

    async importGeoJson(input, opts = {}) {
      const replace = opts.replace === true;
      const { areas, errors } = parseFeatureCollection(input);
      if (errors.length > 0) throw importRejected(errors);
      const now = clock.now();
      const result = await db.kysely.transaction().execute(async (tx) => {
        const existing = replace ? [] : await repo.loadAllAreas(tx);
        const problems = checkHierarchy(areas, existing);
        if (problems.length > 0) throw importRejected(problems);
        const known = new Set(existing.map((a) => a.code));
        const ordered = [...areas].sort((a, b) => GEO_LEVELS.indexOf(a.level) - GEO_LEVELS.indexOf(b.level));
        if (replace) await repo.deleteAllAreas(tx);
        await repo.upsertAreas(tx, ordered.map((a) => derive(a, ids.next())), now, opts.onProgress);
        const written = { district: 0, street: 0, community: 0, grid: 0 };
        for (const a of areas) written[a.level] += 1;
        const inserted = areas.filter((a) => !known.has(a.code)).length;
        return { replaced: replace, written, inserted, updated: areas.length - inserted, totals: await repo.countAreas(tx) };
      });
      await service.load();
      logger.info({ ...result.written, replaced: replace }, 'geography imported');
      return result;
    },

    async exportGeoJson(level, filter = {}) {
      if (!isGeoLevel(level)) throw levelInvalid(level);
      const areas = await repo.listAreas(db.kysely, level, filter, true);
      return toFeatureCollection(areas);
    },

    async listDistricts() {
      return (await repo.listAreas(db.kysely, 'district')).map(summary);
    },
    async listStreets(filter = {}) {
      return (await repo.listAreas(db.kysely, 'street', filter)).map(summary);
    },
    async listCommunities(filter = {}) {
      return (await repo.listAreas(db.kysely, 'community', filter)).map(summary);
    },
    async listGrids(filter = {}) {
      return (await repo.listAreas(db.kysely, 'grid', filter)).map(summary);
    },

    async getArea(code) {
      const level = levelOfCode(code);
      const a = level ? await repo.findArea(db.kysely, level, code) : null;
      if (!a) throw notFound('GEO_AREA_NOT_FOUND', `没有编码为 ${code} 的区划或网格`, `no area or grid has code ${code}`, { code });
      return { ...summary(a), geometry: a.geometry };
    },

    counts() {
      return repo.countAreas(db.kysely);
    },
  };
  return service;
}

/** Areas as a GeoJSON FeatureCollection (properties listed one by one: nothing internal leaks). */
export function toFeatureCollection(areas: Iterable<GeoArea & { areaM2?: number }>): GeoFeatureCollection {
  const features: GeoFeature[] = [];
  for (const a of areas) {
    features.push({
      type: 'Feature',
      id: a.code,
      properties: { level: a.level, code: a.code, name: a.name, parentCode: a.parentCode, areaM2: Math.round(a.areaM2 ?? areaM2(a.geometry)) },
      geometry: a.geometry,
    });
  }
  return { type: 'FeatureCollection', features };
}
