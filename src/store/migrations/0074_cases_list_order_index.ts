import type { Kysely } from 'kysely';
import type { MigrationFactory } from '../migrate.js';

/**
 * Case lists are newest first with the id as tie-break (`ORDER BY reported_at DESC, id DESC`): with
 * an index on reported_at alone every page sorted its matches again for the id (a temporary B-tree in
 * SQLite). The index on both serves the order as it stands and replaces the one on reported_at.
 */
const migration: MigrationFactory = () => ({
  async up(db: Kysely<any>) {
    await db.schema.createIndex('cases_list_order_idx').ifNotExists().on('cases').columns(['reported_at', 'id']).execute();
    await db.schema.dropIndex('cases_reported_idx').ifExists().execute();
  },
  async down(db: Kysely<any>) {
    await db.schema.createIndex('cases_reported_idx').ifNotExists().on('cases').columns(['reported_at']).execute();
    await db.schema.dropIndex('cases_list_order_idx').ifExists().execute();
  },
});
export default migration;
