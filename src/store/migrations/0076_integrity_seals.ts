import type { Kysely } from 'kysely';
import type { MigrationFactory } from '../migrate.js';
import { jsonColumn } from '../dialect.js';
import { eventTable } from '../event-table.js';

/**
 * Seals (src/integrity/): the seal chain's head, its events (one per seal, hash-chained like every
 * stream) and the heads each stream had when last sealed. A seal writes its event, moves the chain's
 * head and the heads it covers in one transaction.
 */
const migration: MigrationFactory = (dialect) => ({
  async up(db: Kysely<any>) {
    const json = jsonColumn(dialect);
    await db.schema
      .createTable('integrity_seal_chain')
      .ifNotExists()
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('version', 'integer', (c) => c.notNull())
      .addColumn('last_hash', 'text', (c) => c.notNull())
      .addColumn('sealed_at', 'bigint', (c) => c.notNull())
      .execute();
    await eventTable(db, 'integrity_seals', { streamColumn: 'chain_id', dataType: json, ifNotExists: true })
      // An RFC 3161 token over `hash`, when a timestamp authority answered (not part of the hashed event).
      .addColumn('timestamp_token', 'text')
      .execute();
    await db.schema
      .createTable('integrity_heads')
      .ifNotExists()
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('stream_id', 'text', (c) => c.notNull())
      .addColumn('version', 'integer', (c) => c.notNull())
      .addColumn('hash', 'text', (c) => c.notNull())
      .addColumn('sealed_seq', 'integer', (c) => c.notNull())
      .addColumn('sealed_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('integrity_heads_pk', ['kind', 'stream_id'])
      .execute();
  },
  async down(db: Kysely<any>) {
    await db.schema.dropTable('integrity_heads').ifExists().execute();
    await db.schema.dropTable('integrity_seals').ifExists().execute();
    await db.schema.dropTable('integrity_seal_chain').ifExists().execute();
  },
});
export default migration;
