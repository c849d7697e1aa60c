import type { Kysely } from 'kysely';
import type { MigrationFactory } from '../migrate.js';
import { jsonColumn } from '../dialect.js';

/** Platform settings: small keyed values (e.g. when the demo city was seeded). */
const migration: MigrationFactory = (dialect) => ({
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('settings')
      .addColumn('key', 'text', (c) => c.primaryKey())
      .addColumn('value', jsonColumn(dialect), (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .execute();
  },
  async down(db: Kysely<any>) {
    await db.schema.dropTable('settings').execute();
  },
});
export default migration;
