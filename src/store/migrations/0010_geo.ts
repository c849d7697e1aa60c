import type { Kysely } from 'kysely';
import type { MigrationFactory } from '../migrate.js';
import { doubleColumn, jsonColumn } from '../dialect.js';

/**
 * Geography (GB/T 30428.1): district → street → community → unit grid, one table per level with the
 * same shape. Parents are referenced by their public code; bounding boxes are plain columns so that
 * bbox filters are indexed queries on both stores (no PostGIS needed).
 */
const TABLES = [
  { table: 'geo_districts', parent: null },
  { table: 'geo_streets', parent: 'geo_districts' },
  { table: 'geo_communities', parent: 'geo_streets' },
  { table: 'geo_grids', parent: 'geo_communities' },
] as const;

const migration: MigrationFactory = (dialect) => ({
  async up(db: Kysely<any>) {
    for (const { table, parent } of TABLES) {
      let t = db.schema
        .createTable(table)
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('code', 'text', (c) => c.notNull().unique())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('parent_code', 'text', (c) => (parent ? c.notNull().references(`${parent}.code`) : c))
        .addColumn('district_code', 'text', (c) => c.notNull())
        .addColumn('street_code', 'text')
        .addColumn('geometry', jsonColumn(dialect), (c) => c.notNull());
      for (const col of ['min_lon', 'min_lat', 'max_lon', 'max_lat', 'area_m2', 'label_lon', 'label_lat']) {
        t = t.addColumn(col, doubleColumn, (c) => c.notNull());
      }
      await t
        .addColumn('h3', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .execute();
      if (parent) await db.schema.createIndex(`${table}_parent_idx`).on(table).column('parent_code').execute();
      await db.schema.createIndex(`${table}_district_idx`).on(table).column('district_code').execute();
      if (table === 'geo_grids') {
        await db.schema.createIndex('geo_grids_street_idx').on(table).column('street_code').execute();
        await db.schema.createIndex('geo_grids_bbox_idx').on(table).columns(['min_lon', 'max_lon', 'min_lat', 'max_lat']).execute();
      }
    }
  },
  async down(db: Kysely<any>) {
    for (const { table } of [...TABLES].reverse()) await db.schema.dropTable(table).execute();
  },
});
export default migration;
