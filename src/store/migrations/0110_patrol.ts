import type { Kysely } from 'kysely';
import type { MigrationFactory } from '../migrate.js';
import { doubleColumn, jsonColumn } from '../dialect.js';
import { createDocTables } from '../../workflow/doc-stream.js';

// The tables as they were at this step (a migration never follows later code).
const SHIFT_TABLES = {
  table: 'patrol_shifts', eventsTable: 'patrol_shift_events',
  indexed: [['inspector_id', 'text'], ['open_inspector', 'text'], ['district_code', 'text'], ['street_code', 'text'], ['started_at', 'bigint']] as const,
};
const PLAN_TABLES = {
  table: 'patrol_plans', eventsTable: 'patrol_plan_events',
  indexed: [['district_code', 'text'], ['street_code', 'text']] as const,
};

/**
 * Patrol: shifts and plans (doc streams on the workflow kit), the compact track store (one row per
 * shift with what it holds, chunks of delta-encoded points) and grid visits per 15-minute slot.
 */
const migration: MigrationFactory = (dialect) => ({
  async up(db: Kysely<any>) {
    await createDocTables(db, dialect, SHIFT_TABLES);
    // One open shift per inspector.
    await db.schema.createIndex('patrol_shifts_open_idx').on('patrol_shifts').column('open_inspector').unique().execute();
    await db.schema.createIndex('patrol_shifts_inspector_idx').on('patrol_shifts').columns(['inspector_id', 'started_at']).execute();
    await db.schema.createIndex('patrol_shifts_started_idx').on('patrol_shifts').column('started_at').execute();
    await createDocTables(db, dialect, PLAN_TABLES);

    await db.schema.createTable('patrol_tracks')
      .addColumn('shift_id', 'text', (c) => c.primaryKey())
      .addColumn('inspector_id', 'text', (c) => c.notNull())
      .addColumn('ranges', 'text', (c) => c.notNull())
      .addColumn('points', 'integer', (c) => c.notNull())
      .addColumn('open_chunks', 'integer', (c) => c.notNull())
      .addColumn('last_at', 'bigint')
      .addColumn('last_lon', doubleColumn)
      .addColumn('last_lat', doubleColumn)
      .addColumn('last_grid', 'text')
      .addColumn('grids', jsonColumn(dialect), (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('patrol_tracks_last_idx').on('patrol_tracks').column('last_at').execute();

    await db.schema.createTable('patrol_track_chunks')
      .addColumn('shift_id', 'text', (c) => c.notNull())
      .addColumn('seq_from', 'integer', (c) => c.notNull())
      .addColumn('seq_to', 'integer', (c) => c.notNull())
      .addColumn('t_from', 'bigint', (c) => c.notNull())
      .addColumn('t_to', 'bigint', (c) => c.notNull())
      .addColumn('n', 'integer', (c) => c.notNull())
      .addColumn('sealed', 'integer', (c) => c.notNull())
      .addColumn('data', dialect === 'postgres' ? 'bytea' : 'blob', (c) => c.notNull())
      .addPrimaryKeyConstraint('patrol_track_chunks_pk', ['shift_id', 'seq_from'])
      .execute();

    await db.schema.createTable('patrol_visits')
      .addColumn('day', 'text', (c) => c.notNull())
      .addColumn('grid_code', 'text', (c) => c.notNull())
      .addColumn('slot', 'integer', (c) => c.notNull())
      .addColumn('first_at', 'bigint', (c) => c.notNull())
      .addColumn('inspector_id', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('patrol_visits_pk', ['day', 'grid_code', 'slot'])
      .execute();
  },
  async down(db: Kysely<any>) {
    for (const t of ['patrol_visits', 'patrol_track_chunks', 'patrol_tracks', 'patrol_plan_events', 'patrol_plans', 'patrol_shift_events', 'patrol_shifts']) {
      await db.schema.dropTable(t).ifExists().execute();
    }
  },
});
export default migration;
