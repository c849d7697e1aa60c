/** Tables of this capability, as Kysely sees them. Instants are epoch ms (number); JSON columns hold text on SQLite and jsonb on PostgreSQL. */

/**
 * One row of any level of the hierarchy. The four tables share this shape so that import, export and
 * listing stay one code path; the public code (GB/T 30428.1) has a unique index, `id` is a UUIDv7.
 */
export interface GeoAreaTable {
  id: string;
  /** 6 (district), 9 (street), 12 (community) or 15 (grid) digits. */
  code: string;
  name: string;
  /** The parent's code (null for districts): always the code's prefix one level up. */
  parent_code: string | null;
  /** Denormalised for indexed filters ("the grids of 思明区"): the first 6 digits of the code. */
  district_code: string;
  /** The first 9 digits of the code; null for districts. */
  street_code: string | null;
  /** GeoJSON Polygon or MultiPolygon, WGS-84. */
  geometry: unknown;
  min_lon: number;
  min_lat: number;
  max_lon: number;
  max_lat: number;
  area_m2: number;
  /** A point inside the area (label position), WGS-84. */
  label_lon: number;
  label_lat: number;
  /** H3 cell (resolution 9) of the label point. */
  h3: string;
  created_at: number;
  updated_at: number;
}

export interface GeoTables {
  geo_districts: GeoAreaTable;
  geo_streets: GeoAreaTable;
  geo_communities: GeoAreaTable;
  geo_grids: GeoAreaTable;
}
