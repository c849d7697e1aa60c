import type { Kysely } from 'kysely';
import type { MigrationFactory } from '../migrate.js';

/**
 * The inspector's 我的上报 asks `reporter_id = ?` newest first. Numbered after 0070: Kysely refuses a new
 * migration that sorts before one an installation already ran.
 */
const migration: MigrationFactory = () => ({
  async up(db: Kysely<any>) {
    await db.schema.createIndex('cases_reporter_idx').ifNotExists().on('cases').columns(['reporter_id', 'reported_at']).execute();
  },
  async down(db: Kysely<any>) {
    await db.schema.dropIndex('cases_reporter_idx').ifExists().execute();
  },
});
export default migration;
