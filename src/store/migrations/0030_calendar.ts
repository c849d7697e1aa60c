import { sql, type Kysely } from 'kysely';
import type { MigrationFactory } from '../migrate.js';
import { jsonColumn } from '../dialect.js';

/** Working-time calendar: explicit days (holidays, make-up workdays, admin overrides) and settings (work windows). */
const migration: MigrationFactory = (dialect) => ({
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('calendar_days')
      .addColumn('date', 'text', (c) => c.primaryKey())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('source', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_by', 'text')
      .addCheckConstraint('calendar_days_kind_check', sql`kind in ('workday', 'holiday')`)
      .addCheckConstraint('calendar_days_source_check', sql`source in ('dataset', 'admin')`)
      .execute();
    await db.schema
      .createTable('calendar_settings')
      .addColumn('key', 'text', (c) => c.primaryKey())
      .addColumn('value', jsonColumn(dialect), (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_by', 'text')
      .execute();
  },
  async down(db: Kysely<any>) {
    await db.schema.dropTable('calendar_settings').execute();
    await db.schema.dropTable('calendar_days').execute();
  },
});
export default migration;
