import { sql, type Kysely } from 'kysely';
import type { MigrationFactory } from '../migrate.js';

/**
 * Which cases reference which evidence file, so a file is served only to someone who may read one of
 * them (or who uploaded it). Kept by a trigger on the case log: every event's attachments land here in
 * the same statement that writes the event, on either store, whichever process or thread writes it.
 */
const migration: MigrationFactory = (dialect) => ({
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('file_refs')
      .ifNotExists()
      .addColumn('sha256', 'text', (c) => c.notNull())
      .addColumn('case_id', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('file_refs_pk', ['sha256', 'case_id'])
      .execute();
    if (dialect === 'sqlite') {
      await sql`CREATE TRIGGER IF NOT EXISTS case_events_file_refs AFTER INSERT ON case_events
        WHEN NEW.attachments IS NOT NULL AND NEW.attachments <> '[]'
        BEGIN
          INSERT OR IGNORE INTO file_refs (sha256, case_id) SELECT value, NEW.case_id FROM json_each(NEW.attachments);
        END`.execute(db);
      await sql`INSERT OR IGNORE INTO file_refs (sha256, case_id)
        SELECT j.value, e.case_id FROM case_events e, json_each(e.attachments) j WHERE e.attachments IS NOT NULL AND e.attachments <> '[]'`.execute(db);
    } else {
      await sql`CREATE OR REPLACE FUNCTION case_events_file_refs() RETURNS trigger AS $$
        BEGIN
          IF NEW.attachments IS NOT NULL AND jsonb_typeof(NEW.attachments) = 'array' AND jsonb_array_length(NEW.attachments) > 0 THEN
            INSERT INTO file_refs (sha256, case_id) SELECT DISTINCT x, NEW.case_id FROM jsonb_array_elements_text(NEW.attachments) AS x
            ON CONFLICT DO NOTHING;
          END IF;
          RETURN NEW;
        END $$ LANGUAGE plpgsql`.execute(db);
      await sql`CREATE TRIGGER case_events_file_refs AFTER INSERT ON case_events FOR EACH ROW EXECUTE FUNCTION case_events_file_refs()`.execute(db);
      await sql`INSERT INTO file_refs (sha256, case_id)
        SELECT DISTINCT x, e.case_id FROM case_events e, jsonb_array_elements_text(e.attachments) AS x
        WHERE jsonb_typeof(e.attachments) = 'array' ON CONFLICT DO NOTHING`.execute(db);
    }
  },
  async down(db: Kysely<any>) {
    if (dialect === 'sqlite') await sql`DROP TRIGGER IF EXISTS case_events_file_refs`.execute(db);
    else {
      await sql`DROP TRIGGER IF EXISTS case_events_file_refs ON case_events`.execute(db);
      await sql`DROP FUNCTION IF EXISTS case_events_file_refs()`.execute(db);
    }
    await db.schema.dropTable('file_refs').ifExists().execute();
  },
});
export default migration;
