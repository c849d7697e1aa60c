import type { Kysely } from 'kysely';
import { doubleColumn, instantColumn, jsonColumn } from '../dialect.js';
import type { MigrationFactory } from '../migrate.js';
import { eventTable } from '../event-table.js';

/**
 * 12345 work orders on the workflow kit (projection + hash-chained events), unique by 工单编号;
 * the gazetteer (地名地址库) unique by name. An order's district and street are columns: district- and
 * street-scoped readers see only their area's orders. src/hotline.
 */
const migration: MigrationFactory = (dialect) => ({
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('hotline_orders')
      .ifNotExists()
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('version', 'integer', (c) => c.notNull())
      .addColumn('last_hash', 'text', (c) => c.notNull())
      .addColumn('state', 'text', (c) => c.notNull())
      .addColumn('order_no', 'text', (c) => c.notNull().unique())
      .addColumn('case_id', 'text')
      .addColumn('district_code', 'text')
      .addColumn('street_code', 'text')
      .addColumn('received_at', instantColumn, (c) => c.notNull())
      .addColumn('updated_at', instantColumn, (c) => c.notNull())
      .addColumn('doc', jsonColumn(dialect), (c) => c.notNull())
      .execute();
    await db.schema.createIndex('hotline_orders_state_idx').ifNotExists().on('hotline_orders').columns(['state', 'received_at']).execute();
    await db.schema.createIndex('hotline_orders_district_idx').ifNotExists().on('hotline_orders').columns(['district_code', 'received_at']).execute();
    await db.schema.createIndex('hotline_orders_case_idx').ifNotExists().on('hotline_orders').column('case_id').execute();
    await eventTable(db, 'hotline_order_events', { streamColumn: 'order_id', dataType: jsonColumn(dialect), atType: instantColumn, ifNotExists: true }).execute();
    await db.schema
      .createTable('gazetteer_places')
      .ifNotExists()
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull().unique())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('aliases', jsonColumn(dialect), (c) => c.notNull())
      .addColumn('lon', doubleColumn, (c) => c.notNull())
      .addColumn('lat', doubleColumn, (c) => c.notNull())
      .addColumn('created_at', instantColumn, (c) => c.notNull())
      .execute();
  },
  async down(db: Kysely<any>) {
    await db.schema.dropTable('gazetteer_places').ifExists().execute();
    await db.schema.dropTable('hotline_order_events').ifExists().execute();
    await db.schema.dropTable('hotline_orders').ifExists().execute();
  },
});
export default migration;
