/**
 * The case log keyed by a number instead of the case's id, and leaner rows (issue 15 item 7): the
 * 36-character UUID was in every event row and every primary-key entry (≈ 500 bytes a case on
 * SQLite), and every row repeated its type, role and audience role in full and its case's district
 * and street.
 *
 * - `cases.case_no`: an integer, unique, given to every case here (in report order) and from now on
 *   when its row is inserted — SQLite: by the insert statement, one more than the highest in `cases`
 *   and `case_events` (writes are one at a time); PostgreSQL: the sequence `cases_case_no_seq`, the
 *   column's default (the batch statement takes the number of a new row from its RETURNING,
 *   src/workflow/store-pg.ts). Never shown and never hashed: the id stays the case's name outside
 *   the store, and an event's hash is over its canonical form, which names the case by its id.
 * - `case_events` is rebuilt with `case_no` in place of `case_id`, primary key `(case_no, seq)`;
 *   its other indexes as they were. `type`, `role` and `audience_role` hold one-character codes
 *   (src/cases/event-codes.ts; still text), `attachments` the photos' SHA-256s as bytes (0x01 and 32
 *   bytes a photo; NULL for none; JSON text still read). `district_code` and `street_code` go: they are the case
 *   row's (a case's place never changes), and the two readers that filter by them (notifications,
 *   the live feed) join the case row anyway. The rows are copied in one statement (SQL only).
 * - Not WITHOUT ROWID on SQLite: measured on the simulator's log replayed in the order it was
 *   written, it takes 236 bytes a case more than a rowid table with its primary-key index —
 *   appends to older cases land inside the key order (leaf pages split half full), interior pages
 *   hold whole rows, and the other indexes carry (case_no, seq) instead of a rowid.
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
import { MAX_BINARY_ATTACHMENTS, ROLE_CODES, TYPE_CODES, typeCode } from '../../cases/event-codes.js';

const HEX = UNIT_ID_CODE.toString(16).padStart(2, '0');

/** A column's values as their codes, in SQL (values without a code stay as they are). */
const coded = (column: string, codes: ReadonlyArray<readonly [string, string]>): string =>
  `case ${column} ${codes.map(([v, c]) => `when '${v}' then '${c}'`).join(' ')} else ${column} end`;
/** How each column of the new table (after case_no, seq) is read off the old one. */
const CODED: Readonly<Record<string, string>> = {
  type: coded('e.type', TYPE_CODES), role: coded('e.role', ROLE_CODES), audience_role: coded('e.audience_role', ROLE_CODES),
};
/** Up to MAX_BINARY_ATTACHMENTS numbers, 0, 1, …: SQLite's triggers walk a row's photos with it (no CTE in a trigger). */
const SLOTS = `'${JSON.stringify(Array.from({ length: MAX_BINARY_ATTACHMENTS }, (_, i) => i))}'`;
/** Attachments as bytes (event-codes.ts storedAttachments) when every one is a SHA-256 hex, none as NULL. */
const SQLITE_ATTACHMENTS = `case when e.attachments is null or e.attachments = '[]' then null
  when typeof(e.attachments) = 'text' and json_array_length(e.attachments) <= ${MAX_BINARY_ATTACHMENTS}
    and not exists (select 1 from json_each(e.attachments) where typeof(value) <> 'text' or length(value) <> 64 or value glob '*[^0-9a-f]*')
  then unhex('01' || (select group_concat(value, '') from json_each(e.attachments)))
  else e.attachments end`;
const PG_ATTACHMENTS = `case when e.attachments is null or e.attachments = '[]'::jsonb then null
  when jsonb_typeof(e.attachments) = 'array' and jsonb_array_length(e.attachments) <= ${MAX_BINARY_ATTACHMENTS}
    and not exists (select 1 from jsonb_array_elements(e.attachments) x where jsonb_typeof(x) <> 'string' or x #>> '{}' !~ '^[0-9a-f]{64}$')
  then '\\x01'::bytea || decode((select string_agg(x, '' order by o) from jsonb_array_elements_text(e.attachments) with ordinality t(x, o)), 'hex')
  else convert_to(e.attachments::text, 'UTF8') end`;
const fromOld = (postgres: boolean) => (c: string): string =>
  CODED[c] ?? (c === 'attachments' ? (postgres ? PG_ATTACHMENTS : SQLITE_ATTACHMENTS) : `e.${c}`);
/** The columns in the new table's order after (case_no, seq). */
const SQLITE_COLUMNS = ['type', 'data', 'actor_id', 'role', 'at', 'lon', 'lat', 'attachments', 'hash',
  'audience_role', 'audience_unit_id', 'audience_user_id'];
/** PostgreSQL: fixed-width columns first (no alignment padding between them). */
const PG_COLUMNS = ['at', 'lon', 'lat', 'type', 'data', 'actor_id', 'role', 'attachments', 'hash',
  'audience_role', 'audience_unit_id', 'audience_user_id'];
/** The types whose unit case_unit_holds keeps, coded and not. */
const HOLD_TYPES = ['dispatched', 'reassigned'].flatMap((t) => [`'${typeCode(t)}'`, `'${t}'`]).join(', ');

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
    "lat" double precision, "attachments" text, "hash" text not null, "audience_role" text, "audience_unit_id" text,
    "audience_user_id" text, constraint "case_events_pk" primary key ("case_no", "seq"))`.execute(db);
  const cols = SQLITE_COLUMNS.map(fromOld(false)).join(', ');
  await sql.raw(`insert into case_events_next (case_no, seq, ${SQLITE_COLUMNS.join(', ')})
    select c.case_no, e.seq, ${cols} from case_events e join cases c on c.id = e.case_id order by c.case_no, e.seq`).execute(db);
  await sql`drop table case_events`.execute(db);
  await sql`alter table case_events_next rename to case_events`.execute(db);
  await sql`create index case_events_at_idx on case_events (at)`.execute(db);
  await sql`create index case_events_audience_idx on case_events (audience_role, at) where audience_role is not null`.execute(db);
  await sql`create index case_events_audience_user_idx on case_events (audience_user_id, at) where audience_user_id is not null`.execute(db);
  // Photos as bytes (0x01, then 32 bytes each) or JSON text; json_each is given no bytes (it would read them as JSONB).
  await sql.raw(`CREATE TRIGGER case_events_file_refs AFTER INSERT ON case_events
    WHEN NEW.attachments IS NOT NULL AND NEW.attachments <> '[]'
    BEGIN
      INSERT OR IGNORE INTO file_refs (sha256, case_id)
      SELECT h, (SELECT id FROM cases WHERE case_no = NEW.case_no) FROM (
        SELECT lower(hex(substr(NEW.attachments, 2 + 32 * s.value, 32))) AS h FROM json_each(${SLOTS}) s
        WHERE typeof(NEW.attachments) = 'blob' AND substr(NEW.attachments, 1, 1) = x'01' AND 1 + 32 * (s.value + 1) <= length(NEW.attachments)
        UNION ALL
        SELECT value FROM json_each(CASE WHEN typeof(NEW.attachments) = 'text' THEN NEW.attachments ELSE '[]' END));
    END`).execute(db);
  // As migration 0244's, with the case's id from its row. No CTE inside a trigger: nested subqueries.
  await sql.raw(`CREATE TRIGGER case_events_unit_holds AFTER INSERT ON case_events
    WHEN NEW.type IN (${HOLD_TYPES})
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
    attachments bytea, hash bytea not null, audience_role text, audience_unit_id text, audience_user_id text,
    constraint case_events_next_pk primary key (case_no, seq))`.execute(db);
  const cols = PG_COLUMNS.map(fromOld(true)).join(', ');
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
    DECLARE d jsonb;
    BEGIN
      IF NEW.attachments IS NULL OR length(NEW.attachments) = 0 THEN RETURN NEW; END IF;
      IF get_byte(NEW.attachments, 0) = 1 THEN
        INSERT INTO file_refs (sha256, case_id)
        SELECT DISTINCT encode(substring(NEW.attachments from 2 + 32 * i for 32), 'hex'), c.id
        FROM generate_series(0, (length(NEW.attachments) - 1) / 32 - 1) AS i, cases c WHERE c.case_no = NEW.case_no
        ON CONFLICT DO NOTHING;
      ELSE
        d := convert_from(NEW.attachments, 'UTF8')::jsonb;
        IF jsonb_typeof(d) = 'array' AND jsonb_array_length(d) > 0 THEN
          INSERT INTO file_refs (sha256, case_id)
          SELECT DISTINCT x, c.id FROM jsonb_array_elements_text(d) AS x, cases c WHERE c.case_no = NEW.case_no
          ON CONFLICT DO NOTHING;
        END IF;
      END IF;
      RETURN NEW;
    END $$ LANGUAGE plpgsql`.execute(db);
  await sql`CREATE TRIGGER case_events_file_refs AFTER INSERT ON case_events FOR EACH ROW EXECUTE FUNCTION case_events_file_refs()`.execute(db);
  await sql.raw(`CREATE OR REPLACE FUNCTION case_events_unit_holds() RETURNS trigger AS $$
    DECLARE d jsonb; p int; r bytea; q int; u text;
    BEGIN
      IF NEW.type IN (${HOLD_TYPES}) THEN
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
  await sql.raw(`CREATE TRIGGER case_events_unit_holds AFTER INSERT ON case_events FOR EACH ROW
    WHEN (NEW.type IN (${HOLD_TYPES})) EXECUTE FUNCTION case_events_unit_holds()`).execute(db);
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
