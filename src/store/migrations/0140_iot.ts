import { sql, type Kysely } from 'kysely';
import type { MigrationFactory } from '../migrate.js';
import { doubleColumn, jsonColumn } from '../dialect.js';
import { eventTable } from '../event-table.js';

/**
 * The IoT perception hub (src/iot): devices, alarm rules (typed, versioned data), alarms on the
 * workflow kit (projection + hash-chained events; at most one active alarm per device and rule,
 * enforced by a partial unique index), per-minute aggregates, raw readings and daily noise compliance.
 */
const migration: MigrationFactory = (dialect) => ({
  async up(db: Kysely<any>) {
    await db.schema.createTable('iot_devices')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('type', 'text', (c) => c.notNull())
      .addColumn('model', 'text', (c) => c.notNull())
      .addColumn('serial', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('owner_kind', 'text', (c) => c.notNull())
      .addColumn('owner_id', 'text', (c) => c.notNull())
      .addColumn('owner_name', 'text', (c) => c.notNull())
      .addColumn('contact_name', 'text', (c) => c.notNull())
      .addColumn('contact_phone', 'text', (c) => c.notNull())
      .addColumn('lon', doubleColumn, (c) => c.notNull())
      .addColumn('lat', doubleColumn, (c) => c.notNull())
      .addColumn('address', 'text')
      .addColumn('grid_code', 'text')
      .addColumn('street_code', 'text')
      .addColumn('district_code', 'text')
      .addColumn('baseline', jsonColumn(dialect), (c) => c.notNull())
      .addColumn('params', jsonColumn(dialect), (c) => c.notNull())
      .addColumn('secret_hash', 'text', (c) => c.notNull())
      .addColumn('enabled', 'integer', (c) => c.notNull())
      .addColumn('last_seen_at', 'bigint')
      .addColumn('version', 'integer', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('iot_devices_serial_idx').on('iot_devices').columns(['model', 'serial']).unique().execute();
    await db.schema.createIndex('iot_devices_owner_idx').on('iot_devices').columns(['owner_kind', 'owner_id']).execute();

    await db.schema.createTable('iot_rules')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('key', 'text', (c) => c.notNull())
      .addColumn('scope_kind', 'text', (c) => c.notNull())
      .addColumn('scope_ref', 'text', (c) => c.notNull())
      .addColumn('version', 'integer', (c) => c.notNull())
      .addColumn('body', 'text', (c) => c.notNull())
      .addColumn('enabled', 'integer', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_by', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('iot_rules_scope_idx').on('iot_rules').columns(['key', 'scope_kind', 'scope_ref']).unique().execute();
    await db.schema.createTable('iot_rule_versions')
      .addColumn('rule_id', 'text', (c) => c.notNull())
      .addColumn('version', 'integer', (c) => c.notNull())
      .addColumn('body', 'text', (c) => c.notNull())
      .addColumn('at', 'bigint', (c) => c.notNull())
      .addColumn('actor_id', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('iot_rule_versions_pk', ['rule_id', 'version'])
      .execute();

    await db.schema.createTable('iot_alarms')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('version', 'integer', (c) => c.notNull())
      .addColumn('last_hash', 'text', (c) => c.notNull())
      .addColumn('device_id', 'text', (c) => c.notNull())
      .addColumn('device_type', 'text', (c) => c.notNull())
      .addColumn('rule_id', 'text', (c) => c.notNull())
      .addColumn('rule_key', 'text', (c) => c.notNull())
      .addColumn('rule_version', 'integer', (c) => c.notNull())
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('severity', 'text', (c) => c.notNull())
      .addColumn('state', 'text', (c) => c.notNull())
      .addColumn('active', 'integer', (c) => c.notNull())
      .addColumn('count', 'integer', (c) => c.notNull())
      .addColumn('first_at', 'bigint', (c) => c.notNull())
      .addColumn('last_at', 'bigint', (c) => c.notNull())
      .addColumn('cleared_at', 'bigint')
      .addColumn('acked_at', 'bigint')
      .addColumn('assignee_id', 'text')
      .addColumn('case_id', 'text')
      .addColumn('escalation', 'text', (c) => c.notNull())
      .addColumn('next_step_at', 'bigint')
      .addColumn('owner_kind', 'text', (c) => c.notNull())
      .addColumn('owner_id', 'text', (c) => c.notNull())
      .addColumn('district_code', 'text')
      .addColumn('street_code', 'text')
      .addColumn('last_values', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .execute();
    // At most one active alarm per (device, rule), whatever process or thread writes: ThingsBoard's known race, closed by the store.
    await sql`CREATE UNIQUE INDEX iot_alarms_one_active ON iot_alarms (device_id, rule_id) WHERE active = 1`.execute(db);
    await db.schema.createIndex('iot_alarms_list_idx').on('iot_alarms').columns(['last_at', 'id']).execute();
    await db.schema.createIndex('iot_alarms_device_idx').on('iot_alarms').columns(['device_id', 'rule_id', 'first_at']).execute();
    await db.schema.createIndex('iot_alarms_step_idx').on('iot_alarms').columns(['next_step_at']).execute();
    await eventTable(db, 'iot_alarm_events', { streamColumn: 'alarm_id', dataType: 'text' }).execute();

    await db.schema.createTable('iot_minutes')
      .addColumn('device_id', 'text', (c) => c.notNull())
      .addColumn('key', 'text', (c) => c.notNull())
      .addColumn('minute', 'bigint', (c) => c.notNull())
      .addColumn('count', 'integer', (c) => c.notNull())
      .addColumn('min', doubleColumn, (c) => c.notNull())
      .addColumn('max', doubleColumn, (c) => c.notNull())
      .addColumn('sum', doubleColumn, (c) => c.notNull())
      .addColumn('energy', doubleColumn, (c) => c.notNull())
      .addPrimaryKeyConstraint('iot_minutes_pk', ['device_id', 'key', 'minute'])
      .execute();
    await db.schema.createTable('iot_readings')
      .addColumn('device_id', 'text', (c) => c.notNull())
      .addColumn('ts', 'bigint', (c) => c.notNull())
      .addColumn('vals', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('iot_readings_device_idx').on('iot_readings').columns(['device_id', 'ts']).execute();
    await db.schema.createIndex('iot_readings_ts_idx').on('iot_readings').columns(['ts']).execute();
  },
  async down(db: Kysely<any>) {
    for (const t of ['iot_readings', 'iot_minutes', 'iot_alarm_events', 'iot_alarms', 'iot_rule_versions', 'iot_rules', 'iot_devices']) {
      await db.schema.dropTable(t).ifExists().execute();
    }
  },
});
export default migration;
