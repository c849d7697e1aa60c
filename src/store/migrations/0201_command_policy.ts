import type { Kysely } from 'kysely';
import type { MigrationFactory } from '../migrate.js';
import { createDocTables } from '../../workflow/doc-stream.js';

/**
 * The level policy (what 加强 and 应急 do) as a doc stream: one record (id `city`), each change a
 * `policy_set` event in the same write — who changed it and when is on the record.
 */
const migration: MigrationFactory = (dialect) => ({
  async up(db: Kysely<any>) {
    await createDocTables(db, dialect, { table: 'command_policies', eventsTable: 'command_policy_events', indexed: [] });
  },
  async down(db: Kysely<any>) {
    await db.schema.dropTable('command_policy_events').ifExists().execute();
    await db.schema.dropTable('command_policies').ifExists().execute();
  },
});
export default migration;
