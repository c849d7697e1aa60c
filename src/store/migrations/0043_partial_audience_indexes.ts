import { sql, type Kysely } from 'kysely';
import type { MigrationFactory } from '../migrate.js';

/**
 * The audience indexes of the log hold only the events that address someone. Most events name a
 * role to act next and few name a user (closed, rejected, voided, merged, a supervision reply), so
 * the user index used to take a NULL entry for nearly every event written. Notifications query
 * `audience_user_id = ?` and `audience_role = ?`, which both stores match to these partial indexes.
 */
const migration: MigrationFactory = () => ({
  async up(db: Kysely<any>) {
    await db.schema.dropIndex('case_events_audience_idx').ifExists().execute();
    await db.schema.dropIndex('case_events_audience_user_idx').ifExists().execute();
    await db.schema.createIndex('case_events_audience_idx').on('case_events').columns(['audience_role', 'at'])
      .where(sql.ref('audience_role'), 'is not', null).execute();
    await db.schema.createIndex('case_events_audience_user_idx').on('case_events').columns(['audience_user_id', 'at'])
      .where(sql.ref('audience_user_id'), 'is not', null).execute();
  },
  async down(db: Kysely<any>) {
    await db.schema.dropIndex('case_events_audience_idx').ifExists().execute();
    await db.schema.dropIndex('case_events_audience_user_idx').ifExists().execute();
    await db.schema.createIndex('case_events_audience_idx').on('case_events').columns(['audience_role', 'at']).execute();
    await db.schema.createIndex('case_events_audience_user_idx').on('case_events').columns(['audience_user_id', 'at']).execute();
  },
});
export default migration;
