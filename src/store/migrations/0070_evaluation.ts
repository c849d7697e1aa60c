import type { Kysely } from 'kysely';
import type { MigrationFactory } from '../migrate.js';
import { jsonColumn } from '../dialect.js';
import { COUNTER_KEYS, STOCK_COUNTERS } from '../../evaluation/model.js';
import { columnOf } from '../../evaluation/tables.js';

/**
 * Evaluation read model: per-case fold states, per-day counters per object, overdue intervals.
 * Derived from case_events only; safe to drop and rebuild.
 */
const migration: MigrationFactory = (dialect) => ({
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('evaluation_case_folds')
      .addColumn('case_id', 'text', (c) => c.primaryKey())
      .addColumn('seq', 'integer', (c) => c.notNull())
      .addColumn('state', jsonColumn(dialect), (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .execute();

    let daily = db.schema
      .createTable('evaluation_daily')
      .addColumn('object_type', 'text', (c) => c.notNull())
      .addColumn('day', 'text', (c) => c.notNull())
      .addColumn('object_id', 'text', (c) => c.notNull());
    for (const k of COUNTER_KEYS) {
      if (!STOCK_COUNTERS.has(k)) daily = daily.addColumn(columnOf(k), 'integer', (c) => c.notNull().defaultTo(0));
    }
    // The key leads with (type, day): a period of one level is one index range.
    await daily.addPrimaryKeyConstraint('evaluation_daily_pk', ['object_type', 'day', 'object_id']).execute();

    await db.schema
      .createTable('evaluation_overdue')
      .addColumn('case_id', 'text', (c) => c.notNull())
      .addColumn('start_seq', 'integer', (c) => c.notNull())
      .addColumn('object_type', 'text', (c) => c.notNull())
      .addColumn('object_id', 'text', (c) => c.notNull())
      .addColumn('counter', 'text', (c) => c.notNull())
      .addColumn('start_at', 'bigint', (c) => c.notNull())
      .addColumn('end_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('evaluation_overdue_pk', ['case_id', 'start_seq', 'object_type', 'object_id', 'counter'])
      .execute();
    // "Open at the end of the period" scans only intervals that end after it (few, unless the period is old).
    await db.schema.createIndex('evaluation_overdue_end_idx').on('evaluation_overdue').columns(['object_type', 'end_at']).execute();
  },
  async down(db: Kysely<any>) {
    await db.schema.dropTable('evaluation_overdue').execute();
    await db.schema.dropTable('evaluation_daily').execute();
    await db.schema.dropTable('evaluation_case_folds').execute();
  },
});
export default migration;
