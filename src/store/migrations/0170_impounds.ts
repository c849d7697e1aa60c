import { sql, type Kysely } from 'kysely';
import type { MigrationFactory } from '../migrate.js';
import { jsonColumn } from '../dialect.js';
import { eventTable } from '../event-table.js';

/**
 * Impounds (查封 / 扣押, src/enforcement/impounds*.ts) on the workflow kit: the projection (the yard's
 * inventory reads its columns), hash-chained events, a yearly serial for their codes. Their notices
 * are stored with the penalty documents (penalty_documents, keyed by the impound's id).
 */
const migration: MigrationFactory = (dialect) => ({
  async up(db: Kysely<any>) {
    const json = jsonColumn(dialect);
    await db.schema
      .createTable('impounds')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('version', 'integer', (c) => c.notNull())
      .addColumn('last_hash', 'text', (c) => c.notNull())
      .addColumn('code', 'text', (c) => c.notNull().unique())
      .addColumn('state', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('measure', 'text', (c) => c.notNull())
      .addColumn('penalty_case_id', 'text')
      .addColumn('district_code', 'text')
      .addColumn('street_code', 'text')
      .addColumn('yard', 'text', (c) => c.notNull())
      .addColumn('party_name', 'text')
      .addColumn('held_at', 'bigint', (c) => c.notNull())
      .addColumn('hold_until', 'bigint', (c) => c.notNull())
      .addColumn('claim_until', 'bigint')
      .addColumn('attention_at', 'bigint')
      .addColumn('detail', json, (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('impounds_state_idx').on('impounds').columns(['state', 'held_at']).execute();
    await sql`CREATE INDEX impounds_case_idx ON impounds (penalty_case_id) WHERE penalty_case_id IS NOT NULL`.execute(db);
    await sql`CREATE INDEX impounds_attention_idx ON impounds (attention_at) WHERE attention_at IS NOT NULL`.execute(db);

    await eventTable(db, 'impound_events', { streamColumn: 'impound_id', dataType: json }).execute();

    await db.schema
      .createTable('impound_serials')
      .addColumn('year', 'text', (c) => c.primaryKey())
      .addColumn('last', 'integer', (c) => c.notNull())
      .execute();
  },
  async down(db: Kysely<any>) {
    await db.schema.dropTable('impound_serials').execute();
    await db.schema.dropTable('impound_events').execute();
    await db.schema.dropTable('impounds').execute();
  },
});
export default migration;
