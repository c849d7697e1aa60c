import type { Kysely } from 'kysely';
import { jsonColumn } from '../dialect.js';
import type { MigrationFactory } from '../migrate.js';

/** Catalog: classes (部件/事件), their former names, units, components (部件) and the responsibility list (see src/catalog). */
const migration: MigrationFactory = (dialect) => ({
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('categories')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('code', 'text', (c) => c.notNull().unique())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('major_code', 'text', (c) => c.notNull())
      .addColumn('minor_code', 'text')
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('version', 'text', (c) => c.notNull())
      .addColumn('local', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('enabled', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('valid_from', 'bigint')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('category_names')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('category_code', 'text', (c) => c.notNull().references('categories.code').onDelete('cascade'))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('version', 'text', (c) => c.notNull())
      .addColumn('valid_from', 'bigint')
      .addColumn('valid_to', 'bigint', (c) => c.notNull())
      .addColumn('changed_by', 'text')
      .execute();
    await db.schema.createIndex('category_names_code_idx').on('category_names').columns(['category_code', 'valid_to']).execute();

    await db.schema
      .createTable('units')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('code', 'text', (c) => c.notNull().unique())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('parent_code', 'text', (c) => c.references('units.code'))
      .addColumn('district_code', 'text')
      .addColumn('street_code', 'text')
      .addColumn('duty', 'text')
      .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .execute();
    // Territorial rules look up "the street office of street X" and "the district body of district Y".
    await db.schema.createIndex('units_area_idx').on('units').columns(['kind', 'district_code', 'street_code']).execute();
    await db.schema.createIndex('units_parent_idx').on('units').column('parent_code').execute();

    await db.schema
      .createTable('components')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('object_code', 'text', (c) => c.notNull().unique())
      .addColumn('category_code', 'text', (c) => c.notNull().references('categories.code'))
      .addColumn('district_code', 'text', (c) => c.notNull())
      .addColumn('serial', 'integer', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('lon', 'double precision', (c) => c.notNull())
      .addColumn('lat', 'double precision', (c) => c.notNull())
      .addColumn('grid_code', 'text')
      .addColumn('state', 'text', (c) => c.notNull())
      .addColumn('owner_unit_code', 'text', (c) => c.references('units.code'))
      .addColumn('maintainer_unit_code', 'text', (c) => c.references('units.code'))
      .addColumn('address', 'text')
      .addColumn('note', 'text')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .execute();
    // Next serial per (district, class), and lists filtered by district and class.
    await db.schema.createIndex('components_district_class_idx').on('components').columns(['district_code', 'category_code', 'serial']).execute();
    await db.schema.createIndex('components_grid_idx').on('components').column('grid_code').execute();

    await db.schema
      .createTable('responsibility_items')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('item_no', 'text', (c) => c.notNull().unique())
      .addColumn('category_code', 'text', (c) => c.notNull().references('categories.code'))
      .addColumn('area_code', 'text')
      .addColumn('condition', 'text', (c) => c.notNull())
      .addColumn('urgency', 'text', (c) => c.notNull())
      .addColumn('owner_type', 'text', (c) => c.notNull())
      .addColumn('owner_unit_code', 'text', (c) => c.references('units.code'))
      .addColumn('owner_unit_kind', 'text')
      .addColumn('owner_duty', 'text')
      .addColumn('co_unit_codes', jsonColumn(dialect), (c) => c.notNull())
      .addColumn('time_limits', jsonColumn(dialect), (c) => c.notNull())
      .addColumn('closing_condition', 'text', (c) => c.notNull())
      .addColumn('legal_basis', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .execute();
    // A case is matched by its class: every match reads the items of one class.
    await db.schema.createIndex('responsibility_items_class_idx').on('responsibility_items').column('category_code').execute();
  },
  async down(db: Kysely<any>) {
    await db.schema.dropTable('responsibility_items').execute();
    await db.schema.dropTable('components').execute();
    await db.schema.dropTable('units').execute();
    await db.schema.dropTable('category_names').execute();
    await db.schema.dropTable('categories').execute();
  },
});
export default migration;
