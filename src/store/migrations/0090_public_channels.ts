import type { Kysely } from 'kysely';
import type { MigrationFactory } from '../migrate.js';
import { instantColumn, jsonColumn } from '../dialect.js';

/**
 * The public's channels (issue 12 items 1 and 2): which classes the city opens to the public as
 * Open311 services, the API keys of third-party apps, the cases that came in through a public channel
 * (with the reporter's private contact kept beside them, never in the case log and never published),
 * Open311 batch tokens, and the citizen app's followers ("me too"), ratings, SMS codes and daily quotas.
 */
const migration: MigrationFactory = (dialect) => ({
  async up(db: Kysely<any>) {
    const json = jsonColumn(dialect);
    await db.schema
      .createTable('open311_services')
      .addColumn('category_code', 'text', (c) => c.primaryKey())
      .addColumn('type', 'text', (c) => c.notNull())
      .addColumn('keywords', 'text')
      .addColumn('description', 'text')
      .addColumn('plain_name', 'text')
      .addColumn('attributes', json, (c) => c.notNull())
      .addColumn('radius_m', 'integer', (c) => c.notNull())
      .addColumn('updated_at', instantColumn, (c) => c.notNull())
      .addColumn('updated_by', 'text')
      .execute();

    await db.schema
      .createTable('api_keys')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('key_hash', 'text', (c) => c.notNull().unique())
      .addColumn('prefix', 'text', (c) => c.notNull())
      .addColumn('created_at', instantColumn, (c) => c.notNull())
      .addColumn('created_by', 'text')
      .addColumn('revoked_at', instantColumn)
      .addColumn('revoked_by', 'text')
      .addColumn('last_used_at', instantColumn)
      .execute();

    await db.schema
      .createTable('public_requests')
      .addColumn('case_id', 'text', (c) => c.primaryKey())
      .addColumn('case_code', 'text', (c) => c.notNull().unique())
      .addColumn('channel', 'text', (c) => c.notNull())
      .addColumn('key_id', 'text')
      .addColumn('follow_code', 'text', (c) => c.notNull().unique())
      .addColumn('service_code', 'text', (c) => c.notNull())
      .addColumn('requested_at', instantColumn, (c) => c.notNull())
      .addColumn('device_hash', 'text')
      .addColumn('contact', json)
      .addColumn('media_url', 'text')
      .execute();
    await db.schema.createIndex('public_requests_requested_at').on('public_requests').columns(['requested_at']).execute();

    await db.schema
      .createTable('open311_tokens')
      .addColumn('token', 'text', (c) => c.primaryKey())
      .addColumn('key_id', 'text', (c) => c.notNull())
      .addColumn('state', 'text', (c) => c.notNull())
      .addColumn('payload', json, (c) => c.notNull())
      .addColumn('app_ref', 'text')
      .addColumn('case_id', 'text')
      .addColumn('error', json)
      .addColumn('created_at', instantColumn, (c) => c.notNull())
      .addColumn('done_at', instantColumn)
      .execute();
    await db.schema.createIndex('open311_tokens_pending').on('open311_tokens').columns(['state', 'created_at']).execute();

    await db.schema
      .createTable('citizen_followers')
      .addColumn('case_id', 'text', (c) => c.notNull())
      .addColumn('device_hash', 'text', (c) => c.notNull())
      .addColumn('follow_code', 'text', (c) => c.notNull().unique())
      .addColumn('contact', json)
      .addColumn('at', instantColumn, (c) => c.notNull())
      .addPrimaryKeyConstraint('citizen_followers_pk', ['case_id', 'device_hash'])
      .execute();

    await db.schema
      .createTable('citizen_ratings')
      .addColumn('case_id', 'text', (c) => c.notNull())
      .addColumn('closed_at', instantColumn, (c) => c.notNull())
      .addColumn('follow_code', 'text', (c) => c.notNull())
      .addColumn('rating', 'text', (c) => c.notNull())
      .addColumn('comment', 'text')
      .addColumn('reopened', 'integer', (c) => c.notNull())
      .addColumn('at', instantColumn, (c) => c.notNull())
      .addPrimaryKeyConstraint('citizen_ratings_pk', ['case_id', 'closed_at', 'follow_code'])
      .execute();

    await db.schema
      .createTable('citizen_sms_codes')
      .addColumn('phone_hash', 'text', (c) => c.primaryKey())
      .addColumn('code_hash', 'text', (c) => c.notNull())
      .addColumn('expires_at', instantColumn, (c) => c.notNull())
      .addColumn('attempts', 'integer', (c) => c.notNull())
      .addColumn('sent_at', instantColumn, (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('citizen_quotas')
      .addColumn('subject', 'text', (c) => c.notNull())
      .addColumn('day', 'text', (c) => c.notNull())
      .addColumn('count', 'integer', (c) => c.notNull())
      .addPrimaryKeyConstraint('citizen_quotas_pk', ['subject', 'day'])
      .execute();
  },
  async down(db: Kysely<any>) {
    for (const t of ['citizen_quotas', 'citizen_sms_codes', 'citizen_ratings', 'citizen_followers', 'open311_tokens', 'public_requests', 'api_keys', 'open311_services']) {
      await db.schema.dropTable(t).ifExists().execute();
    }
  },
});
export default migration;
