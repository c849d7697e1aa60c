/**
 * PostgreSQL: the two triggers that keep `file_refs` (a photo's cases, for read rights and the
 * evidence store's clean-up) and `case_unit_holds` (the cases a unit has held, for its lists) from
 * the case log run once per statement instead of once per event row (issue 15 item 1).
 *
 * Row triggers ran a PL/pgSQL function and, for every event with photos or a dispatch, an INSERT of
 * their own through SPI. The batch statement (src/workflow/store-pg.ts) inserts the events of up to
 * 64 writes at once: statement triggers with a transition table (`REFERENCING NEW TABLE`) make one
 * set-based INSERT for all of them. Measured (docs/benchmarks.md, session 12): 64 event rows, a
 * lifecycle's share of photos and dispatches, cost ≈ 1.3 ms with the row triggers and ≈ 0.75 ms
 * with these (0.26 ms with none): ≈ 66 µs of PostgreSQL's CPU less a lifecycle. Same rows as before,
 * for every form a row may hold (photos as bytes or as JSON text; data coded or plain JSON), and the
 * same rule: AFTER triggers fire at the end of the statement, so they find the case rows the
 * statement itself inserted. `case_event_unit_id` repeats 0246's reading of a dispatch's unit on
 * purpose: a migration keeps the SQL it shipped with.
 * `case_unit_holds.reported_at` is taken from the case row here (its BEFORE trigger, for other
 * writers, then has nothing to fill).
 *
 * SQLite keeps its row triggers: they are SQL run inside the engine, without a function call's cost.
 */
import { sql, type Kysely } from 'kysely';
import type { MigrationFactory } from '../migrate.js';
import { UNIT_ID_CODE } from '../../cases/event-data.js';
import { typeCode } from '../../cases/event-codes.js';

const HEX = UNIT_ID_CODE.toString(16).padStart(2, '0');
const HOLD_TYPES = ['dispatched', 'reassigned'].flatMap((t) => [`'${typeCode(t)}'`, `'${t}'`]).join(', ');

async function postgres(db: Kysely<any>): Promise<void> {
  await sql`drop trigger if exists case_events_file_refs on case_events`.execute(db);
  await sql`drop trigger if exists case_events_unit_holds on case_events`.execute(db);
  await sql`drop function if exists case_events_file_refs()`.execute(db);
  await sql`drop function if exists case_events_unit_holds()`.execute(db);

  // A dispatch's unit id, read off the event's data as 0246's row trigger did: plain JSON (first byte
  // `{`) by its member, coded data (first byte 1, src/cases/event-data.ts) after the first
  // `UNIT_ID_CODE "`. NULL when there is none.
  await sql.raw(`CREATE OR REPLACE FUNCTION case_event_unit_id(data bytea) RETURNS text AS $$
    DECLARE d jsonb; p int; r bytea; q int;
    BEGIN
      IF length(data) = 0 THEN RETURN NULL; END IF;
      IF get_byte(data, 0) = 123 THEN
        d := convert_from(data, 'UTF8')::jsonb;
        IF jsonb_typeof(d -> 'unitId') = 'string' THEN RETURN d ->> 'unitId'; END IF;
      ELSIF get_byte(data, 0) = 1 THEN
        p := position('\\x${HEX}22'::bytea in data);
        IF p > 0 THEN
          r := substring(data from p + 2);
          q := position('\\x22'::bytea in r);
          IF q > 1 THEN RETURN convert_from(substring(r from 1 for q - 1), 'UTF8'); END IF;
        END IF;
      END IF;
      RETURN NULL;
    END $$ LANGUAGE plpgsql IMMUTABLE STRICT`).execute(db);

  // The photos as SHA-256 hex texts, in one set-based statement (no function call a row): bytes
  // (0x01 and 32 bytes a photo) or JSON text (an array; anything else names none).
  await sql`CREATE FUNCTION case_events_file_refs() RETURNS trigger AS $$
    BEGIN
      INSERT INTO file_refs (sha256, case_id)
      SELECT DISTINCT x.sha256, c.id
        FROM new_events n
        JOIN cases c ON c.case_no = n.case_no
        CROSS JOIN LATERAL (
          SELECT encode(substring(n.attachments from 2 + 32 * i for 32), 'hex')
            FROM generate_series(0, CASE WHEN get_byte(n.attachments, 0) = 1 THEN (length(n.attachments) - 1) / 32 - 1 ELSE -1 END) AS i
          UNION ALL
          SELECT t FROM jsonb_array_elements_text(CASE WHEN get_byte(n.attachments, 0) <> 1
              AND jsonb_typeof(convert_from(n.attachments, 'UTF8')::jsonb) = 'array'
            THEN convert_from(n.attachments, 'UTF8')::jsonb ELSE '[]'::jsonb END) AS t
        ) AS x(sha256)
       WHERE length(n.attachments) > 0
      ON CONFLICT DO NOTHING;
      RETURN NULL;
    END $$ LANGUAGE plpgsql`.execute(db);
  await sql`CREATE TRIGGER case_events_file_refs AFTER INSERT ON case_events
    REFERENCING NEW TABLE AS new_events FOR EACH STATEMENT EXECUTE FUNCTION case_events_file_refs()`.execute(db);

  await sql.raw(`CREATE FUNCTION case_events_unit_holds() RETURNS trigger AS $$
    BEGIN
      INSERT INTO case_unit_holds (unit_id, case_id, reported_at)
      SELECT DISTINCT h.unit_id, c.id, c.reported_at
        FROM (SELECT n.case_no, case_event_unit_id(n.data) AS unit_id FROM new_events n WHERE n.type IN (${HOLD_TYPES})) h
        JOIN cases c ON c.case_no = h.case_no
       WHERE h.unit_id IS NOT NULL
      ON CONFLICT DO NOTHING;
      RETURN NULL;
    END $$ LANGUAGE plpgsql`).execute(db);
  await sql`CREATE TRIGGER case_events_unit_holds AFTER INSERT ON case_events
    REFERENCING NEW TABLE AS new_events FOR EACH STATEMENT EXECUTE FUNCTION case_events_unit_holds()`.execute(db);
}

const migration: MigrationFactory = (dialect) => ({
  async up(db: Kysely<any>) {
    if (dialect === 'postgres') await postgres(db);
  },
});
export default migration;
