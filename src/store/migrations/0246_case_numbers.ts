/**
 * The case log keyed by a number instead of the case's id (issue 15 item 7): the 36-character UUID
 * was in every event row and every primary-key entry (≈ 500 bytes a case on SQLite).
 *
 * - `cases.case_no`: an integer, unique, given to every case here (in report order) and from now on
 *   when its row is inserted — SQLite: by the insert statement, one more than the highest in `cases`
 *   and `case_events` (writes are one at a time); PostgreSQL: the sequence `cases_case_no_seq`, the
 *   column's default (the batch statement takes the number of a new row from its RETURNING,
 *   src/workflow/store-pg.ts). Never shown and never hashed: the id stays the case's name outside
 *   the store, and an event's hash is over its canonical form, which names the case by its id.
 * - `case_events` is rebuilt with `case_no` in place of `case_id`, primary key `(case_no, seq)`;
 *   its other indexes as they were. The rows are copied in one statement (SQL only, no decoding).
 * - The two triggers that keep `file_refs` and `case_unit_holds` from the log take the case's id
 *   from its row by number. Both run after the insert (on PostgreSQL at the end of the statement),
 *   so they find the row the same statement or transaction inserted: the case row is written first.
 *
 * An event without a case row (none in a store the platform wrote) stops the migration: it would
 * have no number to go under, and dropping it silently would hide what integrity should report.
 */
import { sql, type Kysely } from 'kysely';
import type { MigrationFactory } from '../migrate.js';
import { UNIT_ID_CODE } from '../../cases/event-data.js';

const HEX = UNIT_ID_CODE.toString(16).padStart(2, '0');

/** The columns copied as they are, in the new table's order after (case_no, seq). */
const SQLITE_COLUMNS = ['type', 'data', 'actor_id', 'role', 'at', 'lon', 'lat', 'attachments', 'hash',
  'audience_role', 'audience_unit_id', 'audience_user_id', 'district_code', 'street_code'];
/** PostgreSQL: fixed-width columns first (no alignment padding between them). */
const PG_COLUMNS = ['at', 'lon', 'lat', 'type', 'data', 'actor_id', 'role', 'attachments', 'hash',
  'audience_role', 'audience_unit_id', 'audience_user_id', 'district_code', 'street_code'];

async function refuseOrphans(db: Kysely<any>): Promise<void> {
  const r = await sql<{ case_id: string; n: number }>`select e.case_id, count(*) as n from case_events e
    where not exists (select 1 from cases c where c.id = e.case_id) group by e.case_id limit 5`.execute(db);
  if (r.rows.length) {
    throw new Error(`case_events holds events of cases without a row (${r.rows.map((x) => `${x.case_id}: ${x.n}`).join(', ')}): `
      + 'run `cityloop verify` on the previous release and restore the cases from a backup first');
  }
}

async function sqlite(db: Kysely<any>): Promise<void> {
  await sql`alter table cases add column case_no integer`.execute(db);
  await sql`update cases set case_no = x.n from (select id, row_number() over (order by reported_at, id) as n from cases) as x
    where cases.id = x.id`.execute(db);
  await sql`create unique index cases_case_no_uq on cases (case_no)`.execute(db);
  await refuseOrphans(db);
  await sql`create table case_events_next ("case_no" integer not null, "seq" integer not null, "type" text not null,
    "data" text not null, "actor_id" text not null, "role" text not null, "at" bigint not null, "lon" double precision,
    "lat" double precision, "attachments" text not null, "hash" text not null, "audience_role" text, "audience_unit_id" text,
    "audience_user_id" text, "district_code" text not null, "street_code" text not null,
    constraint "case_events_pk" primary key ("case_no", "seq"))`.execute(db);
  const cols = SQLITE_COLUMNS.map((c) => `e.${c}`).join(', ');
  await sql.raw(`insert into case_events_next (case_no, seq, ${SQLITE_COLUMNS.join(', ')})
    select c.case_no, e.seq, ${cols} from case_events e join cases c on c.id = e.case_id order by c.case_no, e.seq`).execute(db);
  await sql`drop table case_events`.execute(db);
  await sql`alter table case_events_next rename to case_events`.execute(db);
  await sql`create index case_events_at_idx on case_events (at)`.execute(db);
  await sql`create index case_events_audience_idx on case_events (audience_role, at) where audience_role is not null`.execute(db);
  await sql`create index case_events_audience_user_idx on case_events (audience_user_id, at) where audience_user_id is not null`.execute(db);
  await sql`CREATE TRIGGER case_events_file_refs AFTER INSERT ON case_events
    WHEN NEW.attachments IS NOT NULL AND NEW.attachments <> '[]'
    BEGIN
      INSERT OR IGNORE INTO file_refs (sha256, case_id)
      SELECT value, (SELECT id FROM cases WHERE case_no = NEW.case_no) FROM json_each(NEW.attachments);
    END`.execute(db);
  // As migration 0244's, with the case's id from its row. No CTE inside a trigger: nested subqueries.
  await sql.raw(`CREATE TRIGGER case_events_unit_holds AFTER INSERT ON case_events
    WHEN NEW.type IN ('dispatched', 'reassigned')
    BEGIN
      INSERT OR IGNORE INTO case_unit_holds (unit_id, case_id)
      SELECT u, (SELECT id FROM cases WHERE case_no = NEW.case_no) FROM (
        SELECT CASE WHEN typeof(d) = 'text' THEN json_extract(d, '$.unitId')
                    WHEN p > 0 THEN CAST(substr(r, 1, instr(r, x'22') - 1) AS TEXT) END AS u
        FROM (SELECT d, p, substr(d, p + 2) AS r FROM (
          SELECT NEW.data AS d, CASE WHEN typeof(NEW.data) = 'blob' AND substr(NEW.data, 1, 1) = x'01' THEN instr(NEW.data, x'${HEX}22') ELSE 0 END AS p)))
      WHERE u IS NOT NULL AND u <> '';
    END`).execute(db);
}

async function postgres(db: Kysely<any>): Promise<void> {
  await sql`create sequence cases_case_no_seq as integer`.execute(db);
  await sql`alter table cases add column case_no integer`.execute(db);
  await sql`update cases c set case_no = x.n from (select id, row_number() over (order by reported_at, id) as n from cases) as x
    where c.id = x.id`.execute(db);
  await sql`select setval('cases_case_no_seq', coalesce((select max(case_no) from cases), 0) + 1, false)`.execute(db);
  await sql`alter table cases alter column case_no set default nextval('cases_case_no_seq'), alter column case_no set not null`.execute(db);
  await sql`alter sequence cases_case_no_seq owned by cases.case_no`.execute(db);
  await sql`create unique index cases_case_no_uq on cases (case_no)`.execute(db);
  await refuseOrphans(db);
  await sql`create table case_events_next (case_no integer not null, seq integer not null, at bigint not null,
    lon double precision, lat double precision, type text not null, data bytea not null, actor_id text not null, role text not null,
    attachments jsonb not null, hash bytea not null, audience_role text, audience_unit_id text, audience_user_id text,
    district_code text not null, street_code text not null, constraint case_events_next_pk primary key (case_no, seq))`.execute(db);
  const cols = PG_COLUMNS.map((c) => `e.${c}`).join(', ');
  await sql.raw(`insert into case_events_next (case_no, seq, ${PG_COLUMNS.join(', ')})
    select c.case_no, e.seq, ${cols} from case_events e join cases c on c.id = e.case_id order by c.case_no, e.seq`).execute(db);
  await sql`drop table case_events`.execute(db);
  await sql`alter table case_events_next rename to case_events`.execute(db);
  await sql`alter table case_events rename constraint case_events_next_pk to case_events_pk`.execute(db);
  await sql`create index case_events_at_idx on case_events (at)`.execute(db);
  await sql`create index case_events_audience_idx on case_events (audience_role, at) where audience_role is not null`.execute(db);
  await sql`create index case_events_audience_user_idx on case_events (audience_user_id, at) where audience_user_id is not null`.execute(db);
  // AFTER row triggers fire at the end of the statement, so they see the case row the batch
  // statement inserted together with its events.
  await sql`CREATE OR REPLACE FUNCTION case_events_file_refs() RETURNS trigger AS $$
    BEGIN
      IF NEW.attachments IS NOT NULL AND jsonb_typeof(NEW.attachments) = 'array' AND jsonb_array_length(NEW.attachments) > 0 THEN
        INSERT INTO file_refs (sha256, case_id)
        SELECT DISTINCT x, c.id FROM jsonb_array_elements_text(NEW.attachments) AS x, cases c WHERE c.case_no = NEW.case_no
        ON CONFLICT DO NOTHING;
      END IF;
      RETURN NEW;
    END $$ LANGUAGE plpgsql`.execute(db);
  await sql`CREATE TRIGGER case_events_file_refs AFTER INSERT ON case_events FOR EACH ROW EXECUTE FUNCTION case_events_file_refs()`.execute(db);
  await sql.raw(`CREATE OR REPLACE FUNCTION case_events_unit_holds() RETURNS trigger AS $$
    DECLARE d jsonb; p int; r bytea; q int; u text;
    BEGIN
      IF NEW.type IN ('dispatched', 'reassigned') THEN
        IF get_byte(NEW.data, 0) = 123 THEN
          d := convert_from(NEW.data, 'UTF8')::jsonb;
          IF jsonb_typeof(d -> 'unitId') = 'string' THEN u := d ->> 'unitId'; END IF;
        ELSIF get_byte(NEW.data, 0) = 1 THEN
          p := position('\\x${HEX}22'::bytea in NEW.data);
          IF p > 0 THEN
            r := substring(NEW.data from p + 2);
            q := position('\\x22'::bytea in r);
            IF q > 1 THEN u := convert_from(substring(r from 1 for q - 1), 'UTF8'); END IF;
          END IF;
        END IF;
        IF u IS NOT NULL THEN
          INSERT INTO case_unit_holds (unit_id, case_id) SELECT u, c.id FROM cases c WHERE c.case_no = NEW.case_no ON CONFLICT DO NOTHING;
        END IF;
      END IF;
      RETURN NEW;
    END $$ LANGUAGE plpgsql`).execute(db);
  await sql`CREATE TRIGGER case_events_unit_holds AFTER INSERT ON case_events FOR EACH ROW
    WHEN (NEW.type IN ('dispatched', 'reassigned')) EXECUTE FUNCTION case_events_unit_holds()`.execute(db);
}

const migration: MigrationFactory = (dialect) => ({
  async up(db: Kysely<any>) {
    // PostgreSQL runs each migration in a transaction; SQLite's migrator does not, and the table is
    // rebuilt here: all of it or nothing.
    if (dialect === 'sqlite') await db.transaction().execute((tx) => sqlite(tx));
    else await postgres(db);
  },
});
export default migration;
