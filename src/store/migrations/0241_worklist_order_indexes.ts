/**
 * Worklists read in their order (issue 15 item 5). A worklist is, per lane, the open cases awaiting a
 * role (in an area, or of a unit), earliest deadline first. `(awaiting_role, district_code, due_at)`
 * found a lane's cases but not in order: at 200 000 cases with 20 000 open the operator's lane sorted
 * its 6 700 cases on every call (20 ms on a busy machine) and a handler's lane walked every case
 * awaiting a handler to keep its unit's (25 ms). Now:
 * - `(awaiting_role, due_at, reported_at)` gives a role's lane in order (an area's lane reads it in
 *   order and keeps its area's rows);
 * - `(current_unit_id, awaiting_role, due_at, reported_at)` gives a unit's lane in order (a handler's
 *   work, and the supervisions waiting for the unit's reply among the unit's open cases).
 * Both hold open cases only, as the index they replace did: an ended case awaits nobody.
 */
import { sql, type Kysely } from 'kysely';
import type { MigrationFactory } from '../migrate.js';

const migration: MigrationFactory = () => ({
  async up(db: Kysely<any>) {
    await db.schema.dropIndex('cases_work_idx').ifExists().execute();
    await db.schema.createIndex('cases_work_idx').on('cases').columns(['awaiting_role', 'due_at', 'reported_at']).where(sql.ref('awaiting_role'), 'is not', null).execute();
    await db.schema.createIndex('cases_unit_work_idx').on('cases').columns(['current_unit_id', 'awaiting_role', 'due_at', 'reported_at']).where(sql.ref('awaiting_role'), 'is not', null).execute();
  },
  async down(db: Kysely<any>) {
    await db.schema.dropIndex('cases_unit_work_idx').ifExists().execute();
    await db.schema.dropIndex('cases_work_idx').ifExists().execute();
    await db.schema.createIndex('cases_work_idx').on('cases').columns(['awaiting_role', 'district_code', 'due_at']).where(sql.ref('awaiting_role'), 'is not', null).execute();
  },
});
export default migration;
