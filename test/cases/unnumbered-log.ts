/**
 * Turns a store's case log back into the form before migration 0246 (upgrade tests): `case_events`
 * keyed by `(case_id, seq)`, no `cases.case_no`, type and roles in full, the case's district and
 * street in every row, and the two triggers that keep `file_refs` and `case_unit_holds` reading the
 * event's `case_id` — as the release before wrote it; the actor as text (before migration 0247).
 */
import { sql, type Kysely } from 'kysely';
import type { Db } from '../../src/store/db.js';
import codeDispatch from '../../src/store/migrations/0244_code_dispatch_data.js';
import { ROLE_CODES, TYPE_CODES } from '../../src/cases/event-codes.js';

const COLUMNS = ['seq', 'type', 'data', 'actor_id', 'role', 'at', 'lon', 'lat', 'attachments', 'hash',
  'audience_role', 'audience_unit_id', 'audience_user_id', 'district_code', 'street_code'];
const decoded = (column: string, codes: ReadonlyArray<readonly [string, string]>): string =>
  `case ${column} ${codes.map(([v, c]) => `when '${c}' then '${v}'`).join(' ')} else ${column} end`;
const FROM: Readonly<Record<string, string>> = {
  type: decoded('e.type', TYPE_CODES), role: decoded('e.role', ROLE_CODES), audience_role: decoded('e.audience_role', ROLE_CODES),
  district_code: 'c.district_code', street_code: 'c.street_code',
};
/** The actor back as text (migration 0247 stores it as bytes): a UUID's 16 bytes after 0x01, or UTF-8. */
const ACTOR = {
  sqlite: `case when typeof(e.actor_id) <> 'blob' then e.actor_id
    when length(e.actor_id) = 17 and substr(e.actor_id, 1, 1) = x'01' then lower(substr(hex(e.actor_id), 3, 8) || '-' || substr(hex(e.actor_id), 11, 4)
      || '-' || substr(hex(e.actor_id), 15, 4) || '-' || substr(hex(e.actor_id), 19, 4) || '-' || substr(hex(e.actor_id), 23, 12))
    else cast(e.actor_id as text) end`,
  postgres: `case when length(e.actor_id) = 17 and get_byte(e.actor_id, 0) = 1 then encode(substring(e.actor_id from 2), 'hex')::uuid::text
    else convert_from(e.actor_id, 'UTF8') end`,
};
const SLOTS = `'${JSON.stringify(Array.from({ length: 64 }, (_, i) => i))}'`;
/** Attachments back as JSON text (SQLite) or jsonb (PostgreSQL). */
const ATTACHMENTS = {
  sqlite: `case when e.attachments is null then '[]' when typeof(e.attachments) = 'blob' then
    (select json_group_array(lower(hex(substr(e.attachments, 2 + 32 * s.value, 32)))) from json_each(${SLOTS}) s where 1 + 32 * (s.value + 1) <= length(e.attachments))
    else e.attachments end`,
  postgres: `case when e.attachments is null then '[]'::jsonb when get_byte(e.attachments, 0) = 1 then
    (select jsonb_agg(encode(substring(e.attachments from 2 + 32 * i for 32), 'hex') order by i) from generate_series(0, (length(e.attachments) - 1) / 32 - 1) i)
    else convert_from(e.attachments, 'UTF8')::jsonb end`,
};

export async function unnumberCaseLog(db: Db): Promise<void> {
  const k = db.kysely as unknown as Kysely<any>;
  const cols = COLUMNS.join(', ');
  const from = COLUMNS.map((c) => (c === 'attachments' ? ATTACHMENTS[db.dialect] : c === 'actor_id' ? ACTOR[db.dialect] : FROM[c] ?? `e.${c}`)).join(', ');
  if (db.dialect === 'sqlite') {
    await sql`create table case_events_prev ("case_id" text not null, "seq" integer not null, "type" text not null, "data" text not null,
      "actor_id" text not null, "role" text not null, "at" bigint not null, "lon" double precision, "lat" double precision,
      "attachments" text not null, "hash" text not null, "audience_role" text, "audience_unit_id" text, "audience_user_id" text,
      "district_code" text not null, "street_code" text not null, constraint "case_events_pk" primary key ("case_id", "seq"))`.execute(k);
    await sql.raw(`insert into case_events_prev (case_id, ${cols}) select c.id, ${from} from case_events e join cases c on c.case_no = e.case_no`).execute(k);
    await sql`drop table case_events`.execute(k);
    await sql`alter table case_events_prev rename to case_events`.execute(k);
    await sql`drop index cases_case_no_uq`.execute(k);
    await sql`alter table cases drop column case_no`.execute(k);
    await sql`CREATE TRIGGER case_events_file_refs AFTER INSERT ON case_events
      WHEN NEW.attachments IS NOT NULL AND NEW.attachments <> '[]'
      BEGIN
        INSERT OR IGNORE INTO file_refs (sha256, case_id) SELECT value, NEW.case_id FROM json_each(NEW.attachments);
      END`.execute(k);
  } else {
    await sql`create table case_events_prev (case_id text not null, seq integer not null, type text not null, data bytea not null,
      actor_id text not null, role text not null, at bigint not null, lon double precision, lat double precision, attachments jsonb not null,
      hash bytea not null, audience_role text, audience_unit_id text, audience_user_id text, district_code text not null, street_code text not null,
      constraint case_events_prev_pk primary key (case_id, seq))`.execute(k);
    await sql.raw(`insert into case_events_prev (case_id, ${cols}) select c.id, ${from} from case_events e join cases c on c.case_no = e.case_no`).execute(k);
    await sql`drop table case_events`.execute(k);
    await sql`alter table case_events_prev rename to case_events`.execute(k);
    await sql`alter table case_events rename constraint case_events_prev_pk to case_events_pk`.execute(k);
    await sql`alter table cases drop column case_no`.execute(k); // its index and sequence go with it
    await sql`CREATE OR REPLACE FUNCTION case_events_file_refs() RETURNS trigger AS $$
      BEGIN
        IF NEW.attachments IS NOT NULL AND jsonb_typeof(NEW.attachments) = 'array' AND jsonb_array_length(NEW.attachments) > 0 THEN
          INSERT INTO file_refs (sha256, case_id) SELECT DISTINCT x, NEW.case_id FROM jsonb_array_elements_text(NEW.attachments) AS x
          ON CONFLICT DO NOTHING;
        END IF;
        RETURN NEW;
      END $$ LANGUAGE plpgsql`.execute(k);
    await sql`CREATE TRIGGER case_events_file_refs AFTER INSERT ON case_events FOR EACH ROW EXECUTE FUNCTION case_events_file_refs()`.execute(k);
    await sql`CREATE TRIGGER case_events_unit_holds AFTER INSERT ON case_events FOR EACH ROW
      WHEN (NEW.type IN ('dispatched', 'reassigned')) EXECUTE FUNCTION case_events_unit_holds()`.execute(k);
  }
  await sql`create index case_events_at_idx on case_events (at)`.execute(k);
  await sql`create index case_events_audience_idx on case_events (audience_role, at) where audience_role is not null`.execute(k);
  await sql`create index case_events_audience_user_idx on case_events (audience_user_id, at) where audience_user_id is not null`.execute(k);
  // The unit holds' trigger (SQLite) and function (PostgreSQL) as 0244 left them: reading NEW.case_id.
  await codeDispatch(db.dialect).up(k);
}
