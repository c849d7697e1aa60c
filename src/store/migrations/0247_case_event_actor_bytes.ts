/**
 * The case log's `actor_id` as bytes (issue 15 item 7): a user's id — a UUID in canonical lowercase
 * form, 36 characters in every event row — becomes 0x01 and its 16 bytes; any other actor
 * (`system`, a device, an id not in that form) its UTF-8 bytes (src/cases/event-codes.ts
 * `storedActor`, `actorOf`). Measured: ≈ 17 bytes an event, ≈ 125 bytes a case on either store
 * (docs/benchmarks.md, cases.storage, session 11).
 *
 * PostgreSQL: the column becomes `bytea` (the table is rewritten once, with its indexes). SQLite: the
 * column keeps its declared type and holds BLOBs; every row is rewritten in place. Readers decode
 * either form, so a row still holding text (none after this) reads as before. Not hashed: an
 * event's hash is over its canonical form, which names the actor by its id, so every chain verifies
 * as before.
 */
import { sql, type Kysely } from 'kysely';
import type { MigrationFactory } from '../migrate.js';

const SQLITE_UUID = `'${'[0-9a-f]'.repeat(8)}-${'[0-9a-f]'.repeat(4)}-${'[0-9a-f]'.repeat(4)}-${'[0-9a-f]'.repeat(4)}-${'[0-9a-f]'.repeat(12)}'`;
const PG_UUID = `'^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'`;

const migration: MigrationFactory = (dialect) => ({
  async up(db: Kysely<any>) {
    if (dialect === 'postgres') {
      await sql.raw(`alter table case_events alter column actor_id type bytea using
        case when actor_id ~ ${PG_UUID} then '\\x01'::bytea || decode(replace(actor_id, '-', ''), 'hex')
        else convert_to(actor_id, 'UTF8') end`).execute(db);
      return;
    }
    // SQLite's migrator opens no transaction: one UPDATE is one already.
    await sql.raw(`update case_events set actor_id = case
        when typeof(actor_id) <> 'text' then actor_id
        when length(actor_id) = 36 and actor_id glob ${SQLITE_UUID} then unhex('01' || replace(actor_id, '-', ''))
        else cast(actor_id as blob) end
      where typeof(actor_id) = 'text'`).execute(db);
  },
});
export default migration;
