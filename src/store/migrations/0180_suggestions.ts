import type { Kysely } from 'kysely';
import type { MigrationFactory } from '../migrate.js';
import { createDocTables } from '../../workflow/doc-stream.js';

/**
 * Suggestions (金点子, src/suggestions): a doc stream on the workflow kit with its answer clock, the
 * serial of each day's 建议编号, and the citizen's callback number beside the stream (never in its log).
 */
const TABLE = {
  table: 'suggestions', eventsTable: 'suggestion_events', clock: true,
  indexed: [
    ['code', 'text'], ['follow_code', 'text'], ['topic', 'text'], ['unit_id', 'text'], ['district_code', 'text'], ['street_code', 'text'],
    ['received_at', 'bigint'], ['answered_at', 'bigint'], ['on_time', 'integer'], ['intake_key', 'text'],
  ] as const,
};

const migration: MigrationFactory = (dialect) => ({
  async up(db: Kysely<any>) {
    await createDocTables(db, dialect, TABLE);
    await db.schema.createIndex('suggestions_code_idx').on('suggestions').column('code').unique().execute();
    await db.schema.createIndex('suggestions_follow_code_idx').on('suggestions').column('follow_code').unique().execute();
    await db.schema.createIndex('suggestions_intake_key_idx').on('suggestions').column('intake_key').unique().execute();
    await db.schema.createIndex('suggestions_state_received_idx').on('suggestions').columns(['state', 'received_at']).execute();
    await db.schema.createIndex('suggestions_unit_idx').on('suggestions').columns(['unit_id', 'state']).execute();
    await db.schema.createIndex('suggestions_answered_idx').on('suggestions').columns(['state', 'answered_at']).execute();
    await db.schema.createIndex('suggestions_due_idx').on('suggestions').columns(['light', 'warn_at']).execute();
    await db.schema.createTable('suggestion_serials').addColumn('day', 'text', (c) => c.primaryKey()).addColumn('last', 'integer', (c) => c.notNull()).execute();
    await db.schema.createTable('suggestion_contacts')
      .addColumn('suggestion_id', 'text', (c) => c.primaryKey())
      .addColumn('phone', 'text')
      .addColumn('device_hash', 'text')
      .addColumn('at', 'bigint', (c) => c.notNull())
      .execute();
  },
  async down(db: Kysely<any>) {
    for (const t of ['suggestion_contacts', 'suggestion_serials', 'suggestion_events', 'suggestions']) await db.schema.dropTable(t).ifExists().execute();
  },
});
export default migration;
