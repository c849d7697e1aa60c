import type { Kysely } from 'kysely';
import type { MigrationFactory } from '../migrate.js';
import { doubleColumn, jsonColumn } from '../dialect.js';
import { eventTable } from '../event-table.js';

/**
 * Video AI intake: the algorithm shelf, the camera register (with its art. 41 review), the sources
 * that send detections (by API key), the arrival counters, the review items on the workflow kit
 * (projection + hash-chained events) and the algorithm × camera pairs (suppression) with their log.
 */
const migration: MigrationFactory = (dialect) => ({
  async up(db: Kysely<any>) {
    const json = jsonColumn(dialect);
    await db.schema.createTable('video_algorithms')
      .addColumn('code', 'text', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('vendor', 'text', (c) => c.notNull())
      .addColumn('version', 'text', (c) => c.notNull())
      .addColumn('category_code', 'text', (c) => c.notNull())
      .addColumn('min_confidence', doubleColumn, (c) => c.notNull())
      .addColumn('dwell_seconds', 'integer', (c) => c.notNull())
      .addColumn('roi_policy', 'text', (c) => c.notNull())
      .addColumn('non_contact', 'integer', (c) => c.notNull())
      .addColumn('self_correct_seconds', 'integer', (c) => c.notNull())
      .addColumn('dedup_seconds', 'integer', (c) => c.notNull())
      .addColumn('default_schedule', json, (c) => c.notNull())
      .addColumn('enabled', 'integer', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .execute();

    await db.schema.createTable('video_cameras')
      .addColumn('code', 'text', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('owner', 'text', (c) => c.notNull())
      .addColumn('lon', doubleColumn, (c) => c.notNull())
      .addColumn('lat', doubleColumn, (c) => c.notNull())
      .addColumn('address', 'text')
      .addColumn('direction', 'integer')
      .addColumn('grid_code', 'text', (c) => c.notNull())
      .addColumn('street_code', 'text', (c) => c.notNull())
      .addColumn('district_code', 'text', (c) => c.notNull())
      .addColumn('algorithms', json, (c) => c.notNull())
      .addColumn('rois', json, (c) => c.notNull())
      .addColumn('online', 'integer', (c) => c.notNull())
      .addColumn('review', json, (c) => c.notNull())
      .addColumn('review_passed', 'integer', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('video_cameras_district_idx').on('video_cameras').columns(['district_code', 'street_code']).execute();

    await db.schema.createTable('video_sources')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('key_hash', 'text', (c) => c.notNull().unique())
      .addColumn('active', 'integer', (c) => c.notNull())
      .addColumn('created_by', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();

    await db.schema.createTable('video_counters')
      .addColumn('day', 'text', (c) => c.notNull())
      .addColumn('camera_code', 'text', (c) => c.notNull())
      .addColumn('algorithm_code', 'text', (c) => c.notNull())
      .addColumn('outcome', 'text', (c) => c.notNull())
      .addColumn('count', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('video_counters_pk', ['day', 'camera_code', 'algorithm_code', 'outcome'])
      .execute();

    await db.schema.createTable('video_items')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('version', 'integer', (c) => c.notNull())
      .addColumn('last_hash', 'text', (c) => c.notNull())
      .addColumn('state', 'text', (c) => c.notNull())
      .addColumn('camera_code', 'text', (c) => c.notNull())
      .addColumn('algorithm_code', 'text', (c) => c.notNull())
      .addColumn('category_code', 'text', (c) => c.notNull())
      .addColumn('district_code', 'text', (c) => c.notNull())
      .addColumn('street_code', 'text', (c) => c.notNull())
      .addColumn('lon', doubleColumn, (c) => c.notNull())
      .addColumn('lat', doubleColumn, (c) => c.notNull())
      .addColumn('first_at', 'bigint', (c) => c.notNull())
      .addColumn('last_at', 'bigint', (c) => c.notNull())
      .addColumn('sightings', 'integer', (c) => c.notNull())
      .addColumn('best_confidence', doubleColumn, (c) => c.notNull())
      .addColumn('box', json, (c) => c.notNull())
      .addColumn('snapshot', 'text')
      .addColumn('snapshots', json, (c) => c.notNull())
      .addColumn('cameras', json, (c) => c.notNull())
      .addColumn('plate', 'text')
      .addColumn('watch_until', 'bigint')
      .addColumn('case_id', 'text')
      .addColumn('verdict', 'text')
      .addColumn('verdict_note', 'text')
      .addColumn('verdict_at', 'bigint')
      .addColumn('reviewer_id', 'text')
      .addColumn('auto', 'integer', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('video_items_state_idx').on('video_items').columns(['state', 'first_at']).execute();
    await db.schema.createIndex('video_items_pair_idx').on('video_items').columns(['algorithm_code', 'camera_code', 'verdict_at']).execute();
    await db.schema.createIndex('video_items_case_idx').on('video_items').column('case_id').execute();

    await eventTable(db, 'video_item_events', { streamColumn: 'item_id', dataType: json, attachments: json }).execute();

    await db.schema.createTable('video_pairs')
      .addColumn('camera_code', 'text', (c) => c.notNull())
      .addColumn('algorithm_code', 'text', (c) => c.notNull())
      .addColumn('suppressed', 'integer', (c) => c.notNull())
      .addColumn('changed_at', 'bigint', (c) => c.notNull())
      /** Verdicts before this instant no longer count for suppression (an administrator restored the pair). */
      .addColumn('counting_since', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('video_pairs_pk', ['camera_code', 'algorithm_code'])
      .execute();

    await db.schema.createTable('video_pair_events')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('camera_code', 'text', (c) => c.notNull())
      .addColumn('algorithm_code', 'text', (c) => c.notNull())
      .addColumn('type', 'text', (c) => c.notNull())
      .addColumn('data', json, (c) => c.notNull())
      .addColumn('actor_id', 'text', (c) => c.notNull())
      .addColumn('at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('video_pair_events_at_idx').on('video_pair_events').column('at').execute();
  },
  async down(db: Kysely<any>) {
    for (const t of ['video_pair_events', 'video_pairs', 'video_item_events', 'video_items', 'video_counters', 'video_sources', 'video_cameras', 'video_algorithms']) {
      await db.schema.dropTable(t).ifExists().execute();
    }
  },
});

export default migration;
