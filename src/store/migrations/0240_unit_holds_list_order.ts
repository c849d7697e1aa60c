/**
 * A unit's case list in list order (issue 15 item 5). A unit-bound reader (a handler) reads the
 * cases its unit holds now or once held, i.e. the unit's rows in `case_unit_holds` (every current
 * unit came with a `dispatched` or `reassigned` event, so it is there too). Its list was
 * `current_unit_id = ? OR id IN (holds)`: at 200 000 cases the page gathered and sorted all of the
 * unit's 8 000 cases (12 ms) and the count walked them again (4 ms). The hold now carries its case's
 * `reported_at`, and `(unit_id, reported_at, case_id)` reads a unit's page newest first from the
 * index, the way `cases_list_order_idx` serves the city's.
 *
 * `reported_at` never changes after a case is reported, so it is copied once: by a trigger on the
 * hold's insert (the hold itself is written by the trigger on case_events, migration 0075, which this
 * one leaves alone), from the case's row — written before its events on both stores.
 */
import { sql, type Kysely } from 'kysely';
import type { MigrationFactory } from '../migrate.js';

const migration: MigrationFactory = (dialect) => ({
  async up(db: Kysely<any>) {
    await db.schema.alterTable('case_unit_holds').addColumn('reported_at', 'bigint').execute();
    await sql`UPDATE case_unit_holds SET reported_at = (SELECT reported_at FROM cases WHERE cases.id = case_unit_holds.case_id)`.execute(db);
    await db.schema.createIndex('case_unit_holds_list_idx').on('case_unit_holds').columns(['unit_id', 'reported_at', 'case_id']).execute();
    if (dialect === 'sqlite') {
      await sql`CREATE TRIGGER IF NOT EXISTS case_unit_holds_reported_at AFTER INSERT ON case_unit_holds
        WHEN NEW.reported_at IS NULL
        BEGIN
          UPDATE case_unit_holds SET reported_at = (SELECT reported_at FROM cases WHERE id = NEW.case_id)
          WHERE unit_id = NEW.unit_id AND case_id = NEW.case_id;
        END`.execute(db);
    } else {
      await sql`CREATE OR REPLACE FUNCTION case_unit_holds_reported_at() RETURNS trigger AS $$
        BEGIN
          IF NEW.reported_at IS NULL THEN
            NEW.reported_at := (SELECT reported_at FROM cases WHERE id = NEW.case_id);
          END IF;
          RETURN NEW;
        END $$ LANGUAGE plpgsql`.execute(db);
      await sql`CREATE TRIGGER case_unit_holds_reported_at BEFORE INSERT ON case_unit_holds FOR EACH ROW
        EXECUTE FUNCTION case_unit_holds_reported_at()`.execute(db);
    }
  },
  async down(db: Kysely<any>) {
    if (dialect === 'sqlite') await sql`DROP TRIGGER IF EXISTS case_unit_holds_reported_at`.execute(db);
    else {
      await sql`DROP TRIGGER IF EXISTS case_unit_holds_reported_at ON case_unit_holds`.execute(db);
      await sql`DROP FUNCTION IF EXISTS case_unit_holds_reported_at()`.execute(db);
    }
    await db.schema.dropIndex('case_unit_holds_list_idx').ifExists().execute();
    await db.schema.alterTable('case_unit_holds').dropColumn('reported_at').execute();
  },
});
export default migration;
