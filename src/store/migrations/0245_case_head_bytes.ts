/**
 * A case's chain head (`cases.last_hash`) as 32 bytes instead of 64 hex characters, as the log's own
 * `hash` already is (migration 0242): SQLite converts it with unhex, PostgreSQL's column becomes
 * `bytea`. Readers take either form (`hashHex`), so the integrity heads and seals read on unchanged.
 */
import { sql, type Kysely } from 'kysely';
import type { MigrationFactory } from '../migrate.js';

const migration: MigrationFactory = (dialect) => ({
  async up(db: Kysely<any>) {
    if (dialect === 'sqlite') {
      await sql`update cases set last_hash = unhex(last_hash) where typeof(last_hash) = 'text' and length(last_hash) = 64`.execute(db);
    } else {
      await sql`alter table cases alter column last_hash type bytea using decode(last_hash, 'hex')`.execute(db);
    }
  },
});
export default migration;
