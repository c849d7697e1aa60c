import type { Kysely } from 'kysely';
import type { MigrationFactory } from '../migrate.js';

/**
 * Fewer index writes per case action (both stores). Every action changes `status`, so an index
 * holding `status` is rewritten on each one:
 * - `cases_unit_idx (current_unit_id, status)` becomes `(current_unit_id)`, rewritten only when the
 *   unit changes (dispatch, reassign); searches by unit (and status) still start from it.
 * - `case_events_type_at_idx (type, at)` goes: no query filters events by type (evaluation reads
 *   the log by `at`, notifications by audience, a case's log by its primary key).
 */
const migration: MigrationFactory = () => ({
  async up(db: Kysely<any>) {
    await db.schema.dropIndex('case_events_type_at_idx').ifExists().execute();
    await db.schema.dropIndex('cases_unit_idx').ifExists().execute();
    await db.schema.createIndex('cases_current_unit_idx').on('cases').column('current_unit_id').execute();
  },
  async down(db: Kysely<any>) {
    await db.schema.dropIndex('cases_current_unit_idx').ifExists().execute();
    await db.schema.createIndex('cases_unit_idx').on('cases').columns(['current_unit_id', 'status']).execute();
    await db.schema.createIndex('case_events_type_at_idx').on('case_events').columns(['type', 'at']).execute();
  },
});
export default migration;
