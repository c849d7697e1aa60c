import { sql, type Kysely } from 'kysely';
import type { MigrationFactory } from '../migrate.js';

/**
 * Which units ever held which cases, so a unit's case lists include the cases it returned or had
 * reassigned away: it keeps reading them (mayReadCase knows it from the log), and a list must agree
 * with a direct read. Kept by a trigger on the case log — every `dispatched` / `reassigned` event's
 * unit lands here in the statement that writes the event, on either store, from any process.
 */
const migration: MigrationFactory = (dialect) => ({
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('case_unit_holds')
      .ifNotExists()
      .addColumn('unit_id', 'text', (c) => c.notNull())
      .addColumn('case_id', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('case_unit_holds_pk', ['unit_id', 'case_id'])
      .execute();
    if (dialect === 'sqlite') {
      await sql`CREATE TRIGGER IF NOT EXISTS case_events_unit_holds AFTER INSERT ON case_events
        WHEN NEW.type IN ('dispatched', 'reassigned') AND json_extract(NEW.data, '$.unitId') IS NOT NULL
        BEGIN
          INSERT OR IGNORE INTO case_unit_holds (unit_id, case_id) VALUES (json_extract(NEW.data, '$.unitId'), NEW.case_id);
        END`.execute(db);
      await sql`INSERT OR IGNORE INTO case_unit_holds (unit_id, case_id)
        SELECT json_extract(data, '$.unitId'), case_id FROM case_events
        WHERE type IN ('dispatched', 'reassigned') AND json_extract(data, '$.unitId') IS NOT NULL`.execute(db);
    } else {
      await sql`CREATE OR REPLACE FUNCTION case_events_unit_holds() RETURNS trigger AS $$
        BEGIN
          IF NEW.type IN ('dispatched', 'reassigned') AND jsonb_typeof(NEW.data -> 'unitId') = 'string' THEN
            INSERT INTO case_unit_holds (unit_id, case_id) VALUES (NEW.data ->> 'unitId', NEW.case_id) ON CONFLICT DO NOTHING;
          END IF;
          RETURN NEW;
        END $$ LANGUAGE plpgsql`.execute(db);
      await sql`CREATE TRIGGER case_events_unit_holds AFTER INSERT ON case_events FOR EACH ROW
        WHEN (NEW.type IN ('dispatched', 'reassigned')) EXECUTE FUNCTION case_events_unit_holds()`.execute(db);
      await sql`INSERT INTO case_unit_holds (unit_id, case_id)
        SELECT DISTINCT data ->> 'unitId', case_id FROM case_events
        WHERE type IN ('dispatched', 'reassigned') AND jsonb_typeof(data -> 'unitId') = 'string' ON CONFLICT DO NOTHING`.execute(db);
    }
  },
  async down(db: Kysely<any>) {
    if (dialect === 'sqlite') await sql`DROP TRIGGER IF EXISTS case_events_unit_holds`.execute(db);
    else {
      await sql`DROP TRIGGER IF EXISTS case_events_unit_holds ON case_events`.execute(db);
      await sql`DROP FUNCTION IF EXISTS case_events_unit_holds()`.execute(db);
    }
    await db.schema.dropTable('case_unit_holds').ifExists().execute();
  },
});
export default migration;
