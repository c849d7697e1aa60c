/** Queries of the geography tables. The only place in src/geo that knows SQL. */
import type { Selectable } from 'kysely';
import type { Executor } from '../store/db.js';
import { fromJson, toJson } from '../store/dialect.js';
import { noProgress, WRITING, type OnProgress } from '../core/progress.js';
import type { AreaGeometry, BBox, GeoArea, GeoLevel } from './model.js';
import type { GeoAreaTable } from './tables.js';

export const TABLE_OF = {
  district: 'geo_districts',
  street: 'geo_streets',
  community: 'geo_communities',
  grid: 'geo_grids',
} as const satisfies Record<GeoLevel, string>;

type Row = Selectable<GeoAreaTable>;

/** An area as stored, with the derived figures. */
export interface StoredArea extends GeoArea {
  bbox: BBox;
  areaM2: number;
  label: { lon: number; lat: number };
  h3: string;
}

/** What the service computes before writing (ids and instants are added here). */
export interface AreaWrite extends StoredArea {
  id: string;
}

export interface AreaFilter {
  districtCode?: string;
  streetCode?: string;
  parentCode?: string;
  /** Areas whose bounding box intersects this one. */
  bbox?: BBox;
  limit?: number;
}

function toArea(level: GeoLevel, r: Row, withGeometry: boolean): StoredArea {
  return {
    level,
    code: r.code,
    name: r.name,
    parentCode: r.parent_code,
    geometry: withGeometry ? fromJson<AreaGeometry>(r.geometry) : { type: 'Polygon', coordinates: [] },
    bbox: [Number(r.min_lon), Number(r.min_lat), Number(r.max_lon), Number(r.max_lat)],
    areaM2: Number(r.area_m2),
    label: { lon: Number(r.label_lon), lat: Number(r.label_lat) },
    h3: r.h3,
  };
}

function toRow(a: AreaWrite, now: number): Row {
  return {
    id: a.id,
    code: a.code,
    name: a.name,
    parent_code: a.parentCode,
    district_code: a.code.slice(0, 6),
    street_code: a.level === 'district' ? null : a.code.slice(0, 9),
    geometry: toJson(a.geometry),
    min_lon: a.bbox[0],
    min_lat: a.bbox[1],
    max_lon: a.bbox[2],
    max_lat: a.bbox[3],
    area_m2: a.areaM2,
    label_lon: a.label.lon,
    label_lat: a.label.lat,
    h3: a.h3,
    created_at: now,
    updated_at: now,
  };
}

/** Areas of one level, ordered by code. Geometry is read only when asked for (it is the bulk of a row). */
export async function listAreas(db: Executor, level: GeoLevel, filter: AreaFilter = {}, withGeometry = false): Promise<StoredArea[]> {
  let q = db.selectFrom(TABLE_OF[level]).selectAll();
  if (filter.districtCode) q = q.where('district_code', '=', filter.districtCode);
  if (filter.streetCode) q = q.where('street_code', '=', filter.streetCode);
  if (filter.parentCode) q = q.where('parent_code', '=', filter.parentCode);
  if (filter.bbox) {
    const [minX, minY, maxX, maxY] = filter.bbox;
    q = q.where('min_lon', '<=', maxX).where('max_lon', '>=', minX).where('min_lat', '<=', maxY).where('max_lat', '>=', minY);
  }
  q = q.orderBy('code');
  if (filter.limit) q = q.limit(filter.limit);
  const rows = await q.execute();
  return rows.map((r) => toArea(level, r, withGeometry));
}

export async function findArea(db: Executor, level: GeoLevel, code: string): Promise<StoredArea | null> {
  const r = await db.selectFrom(TABLE_OF[level]).selectAll().where('code', '=', code).executeTakeFirst();
  return r ? toArea(level, r, true) : null;
}

/** Every area of every level, with geometry (for the in-memory index and import checks). */
export async function loadAllAreas(db: Executor): Promise<StoredArea[]> {
  const out: StoredArea[] = [];
  for (const level of ['district', 'street', 'community', 'grid'] as const) out.push(...(await listAreas(db, level, {}, true)));
  return out;
}

export async function countAreas(db: Executor): Promise<Record<GeoLevel, number>> {
  const out = { district: 0, street: 0, community: 0, grid: 0 };
  for (const level of ['district', 'street', 'community', 'grid'] as const) {
    const r = await db.selectFrom(TABLE_OF[level]).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
    out[level] = Number(r.n);
  }
  return out;
}

/** Removes the whole geography (children first, for the parent references). */
export async function deleteAllAreas(db: Executor): Promise<void> {
  for (const level of ['grid', 'community', 'street', 'district'] as const) await db.deleteFrom(TABLE_OF[level]).execute();
}

const CHUNK = 400;

/**
 * Inserts areas, or updates the existing row with the same code (name, parent, geometry, figures;
 * id and created_at stay). Callers pass parents before children.
 */
export async function upsertAreas(db: Executor, areas: AreaWrite[], now: number, progress: OnProgress = noProgress): Promise<void> {
  let written = 0;
  for (const level of ['district', 'street', 'community', 'grid'] as const) {
    const rows = areas.filter((a) => a.level === level).map((a) => toRow(a, now));
    for (let i = 0; i < rows.length; i += CHUNK) {
      progress(written, areas.length, WRITING);
      written += Math.min(CHUNK, rows.length - i);
      await db
        .insertInto(TABLE_OF[level])
        .values(rows.slice(i, i + CHUNK))
        .onConflict((oc) =>
          oc.column('code').doUpdateSet((eb) => ({
            name: eb.ref('excluded.name'),
            parent_code: eb.ref('excluded.parent_code'),
            geometry: eb.ref('excluded.geometry'),
            min_lon: eb.ref('excluded.min_lon'),
            min_lat: eb.ref('excluded.min_lat'),
            max_lon: eb.ref('excluded.max_lon'),
            max_lat: eb.ref('excluded.max_lat'),
            area_m2: eb.ref('excluded.area_m2'),
            label_lon: eb.ref('excluded.label_lon'),
            label_lat: eb.ref('excluded.label_lat'),
            h3: eb.ref('excluded.h3'),
            updated_at: eb.ref('excluded.updated_at'),
          })),
        )
        .execute();
    }
  }
  progress(areas.length, areas.length, WRITING);
}
