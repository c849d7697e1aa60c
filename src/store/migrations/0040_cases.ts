import { sql, type Kysely } from 'kysely';
import type { MigrationFactory } from '../migrate.js';
import { doubleColumn, jsonColumn } from '../dialect.js';

/** Cases: the projection table, the append-only event log and the case-code counters. */
const migration: MigrationFactory = (dialect) => ({
  async up(db: Kysely<any>) {
    const json = jsonColumn(dialect);
    await db.schema
      .createTable('cases')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('code', 'text', (c) => c.notNull().unique())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('phase', 'text', (c) => c.notNull())
      .addColumn('version', 'integer', (c) => c.notNull())
      .addColumn('last_hash', 'text', (c) => c.notNull())
      .addColumn('awaiting_role', 'text')
      .addColumn('source', 'text', (c) => c.notNull())
      .addColumn('external_ref', 'text')
      .addColumn('idempotency_key', 'text')
      .addColumn('category_code', 'text', (c) => c.notNull())
      .addColumn('category_name', 'text', (c) => c.notNull())
      .addColumn('urgency', 'text', (c) => c.notNull())
      .addColumn('description', 'text', (c) => c.notNull())
      .addColumn('address', 'text')
      .addColumn('lon', doubleColumn, (c) => c.notNull())
      .addColumn('lat', doubleColumn, (c) => c.notNull())
      .addColumn('h3', 'text', (c) => c.notNull())
      .addColumn('grid_code', 'text', (c) => c.notNull())
      .addColumn('community_code', 'text', (c) => c.notNull())
      .addColumn('street_code', 'text', (c) => c.notNull())
      .addColumn('district_code', 'text', (c) => c.notNull())
      .addColumn('place_names', json, (c) => c.notNull())
      .addColumn('reporter_id', 'text', (c) => c.notNull())
      .addColumn('photos', json, (c) => c.notNull())
      .addColumn('reported_at', 'bigint', (c) => c.notNull())
      .addColumn('filed_at', 'bigint')
      .addColumn('closed_at', 'bigint')
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .addColumn('item_id', 'text')
      .addColumn('item_no', 'text')
      .addColumn('filing_condition', 'text')
      .addColumn('time_limits', json)
      .addColumn('current_unit_id', 'text')
      .addColumn('current_unit_code', 'text')
      .addColumn('current_unit_name', 'text')
      .addColumn('stage', 'text')
      .addColumn('stage_cycle', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('stage_started_at', 'bigint')
      .addColumn('stage_limit_value', doubleColumn)
      .addColumn('stage_limit_unit', 'text')
      .addColumn('stage_segment_start', 'bigint')
      .addColumn('stage_consumed', doubleColumn, (c) => c.notNull().defaultTo(0))
      .addColumn('warn_at', 'bigint')
      .addColumn('due_at', 'bigint')
      .addColumn('light', 'text', (c) => c.notNull())
      .addColumn('suspended_at', 'bigint')
      .addColumn('suspended_ms', 'bigint', (c) => c.notNull().defaultTo(0))
      .addColumn('pending', json)
      .addColumn('check_confirmed', 'integer')
      .addColumn('urge_count', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('supervised', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('supervision_level', 'integer')
      .addColumn('supervision_open', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('supervisor_id', 'text')
      .addColumn('dispatch_count', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('rework_count', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('return_count', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('merged_into', 'text')
      .execute();
    // Intake is idempotent: NULLs are distinct in unique indexes on both stores.
    await db.schema.createIndex('cases_source_ref_uq').on('cases').columns(['source', 'external_ref']).unique().execute();
    await db.schema.createIndex('cases_idem_uq').on('cases').column('idempotency_key').unique().execute();
    // Partial indexes: only clocks that still owe a light event are scanned by the deadline sweeper.
    await db.schema.createIndex('cases_sweep_warn_idx').on('cases').column('warn_at')
      .where(sql.ref('light'), '=', 'green').where(sql.ref('warn_at'), 'is not', null).execute();
    await db.schema.createIndex('cases_sweep_due_idx').on('cases').column('due_at')
      .where(sql.ref('light'), '<>', 'red').where(sql.ref('due_at'), 'is not', null).execute();
    await db.schema.createIndex('cases_work_idx').on('cases').columns(['awaiting_role', 'district_code', 'due_at']).execute();
    await db.schema.createIndex('cases_unit_idx').on('cases').columns(['current_unit_id', 'status']).execute();
    await db.schema.createIndex('cases_reported_idx').on('cases').columns(['reported_at']).execute();
    await db.schema.createIndex('cases_status_idx').on('cases').columns(['status', 'reported_at']).execute();
    await db.schema.createIndex('cases_dup_idx').on('cases').columns(['category_code', 'reported_at']).execute();
    await db.schema.createIndex('cases_merged_idx').on('cases').column('merged_into').execute();

    await db.schema
      .createTable('case_events')
      .addColumn('case_id', 'text', (c) => c.notNull())
      .addColumn('seq', 'integer', (c) => c.notNull())
      .addColumn('type', 'text', (c) => c.notNull())
      .addColumn('data', json, (c) => c.notNull())
      .addColumn('actor_id', 'text', (c) => c.notNull())
      .addColumn('role', 'text', (c) => c.notNull())
      .addColumn('at', 'bigint', (c) => c.notNull())
      .addColumn('lon', doubleColumn)
      .addColumn('lat', doubleColumn)
      .addColumn('attachments', json, (c) => c.notNull())
      .addColumn('prev_hash', 'text', (c) => c.notNull())
      .addColumn('hash', 'text', (c) => c.notNull())
      .addColumn('audience_role', 'text')
      .addColumn('audience_unit_id', 'text')
      .addColumn('audience_user_id', 'text')
      .addColumn('district_code', 'text', (c) => c.notNull())
      .addColumn('street_code', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('case_events_pk', ['case_id', 'seq'])
      .execute();
    await db.schema.createIndex('case_events_type_at_idx').on('case_events').columns(['type', 'at']).execute();
    await db.schema.createIndex('case_events_at_idx').on('case_events').column('at').execute();
    await db.schema.createIndex('case_events_audience_idx').on('case_events').columns(['audience_role', 'at']).execute();
    await db.schema.createIndex('case_events_audience_user_idx').on('case_events').columns(['audience_user_id', 'at']).execute();

    await db.schema
      .createTable('case_code_counters')
      .addColumn('district_code', 'text', (c) => c.notNull())
      .addColumn('day', 'text', (c) => c.notNull())
      .addColumn('last', 'integer', (c) => c.notNull())
      .addPrimaryKeyConstraint('case_code_counters_pk', ['district_code', 'day'])
      .execute();
  },
  async down(db: Kysely<any>) {
    await db.schema.dropTable('case_code_counters').execute();
    await db.schema.dropTable('case_events').execute();
    await db.schema.dropTable('cases').execute();
  },
});
export default migration;
