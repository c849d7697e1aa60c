import { sql, type Kysely } from 'kysely';
import type { MigrationFactory } from '../migrate.js';
import { jsonColumn } from '../dialect.js';
import { eventTable } from '../event-table.js';

/**
 * Administrative enforcement (src/enforcement): penalty cases on the workflow kit (projection, events,
 * a yearly serial for their codes), the officer register (enforcement certificates, legal
 * qualification, squad), the discretion benchmark and the four lists, issued legal documents with
 * their 文号 series. Disclosure (公示) lives on the case's projection: its state and due instant are columns.
 */
const migration: MigrationFactory = (dialect) => ({
  async up(db: Kysely<any>) {
    const json = jsonColumn(dialect);
    const bytes = dialect === 'postgres' ? 'bytea' : 'blob';
    await db.schema
      .createTable('penalty_cases')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('version', 'integer', (c) => c.notNull())
      .addColumn('last_hash', 'text', (c) => c.notNull())
      .addColumn('code', 'text', (c) => c.notNull().unique())
      .addColumn('state', 'text', (c) => c.notNull())
      .addColumn('procedure', 'text', (c) => c.notNull())
      .addColumn('source', 'text', (c) => c.notNull())
      .addColumn('source_ref', 'text')
      .addColumn('city_case_id', 'text')
      .addColumn('district_code', 'text')
      .addColumn('street_code', 'text')
      .addColumn('violation_code', 'text')
      .addColumn('party_name', 'text')
      .addColumn('fine_fen', 'bigint', (c) => c.notNull())
      .addColumn('waived_fen', 'bigint', (c) => c.notNull())
      .addColumn('squad', 'text')
      .addColumn('clock', json, (c) => c.notNull())
      .addColumn('warn_at', 'bigint')
      .addColumn('due_at', 'bigint')
      .addColumn('light', 'text', (c) => c.notNull())
      .addColumn('detail', json, (c) => c.notNull())
      .addColumn('disclosure_state', 'text')
      .addColumn('disclosure_due_at', 'bigint')
      .addColumn('published_at', 'bigint')
      .addColumn('filed_at', 'bigint')
      .addColumn('decided_at', 'bigint')
      .addColumn('closed_at', 'bigint')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .execute();
    // Intake is idempotent by (source, the other capability's own id of the clue).
    await sql`CREATE UNIQUE INDEX penalty_cases_source_ref_idx ON penalty_cases (source, source_ref) WHERE source_ref IS NOT NULL`.execute(db);
    await sql`CREATE INDEX penalty_cases_city_case_idx ON penalty_cases (city_case_id) WHERE city_case_id IS NOT NULL`.execute(db);
    await sql`CREATE INDEX penalty_cases_disclosure_idx ON penalty_cases (disclosure_state, disclosure_due_at) WHERE disclosure_state IS NOT NULL`.execute(db);
    await db.schema.createIndex('penalty_cases_state_idx').on('penalty_cases').columns(['state', 'updated_at']).execute();
    // Only running clocks are scanned by the deadline sweeper.
    await sql`CREATE INDEX penalty_cases_warn_idx ON penalty_cases (warn_at) WHERE warn_at IS NOT NULL`.execute(db);

    await eventTable(db, 'penalty_case_events', { streamColumn: 'case_id', dataType: json }).execute();
    await db.schema.createIndex('penalty_case_events_type_at_idx').on('penalty_case_events').columns(['type', 'at']).execute();

    await db.schema
      .createTable('penalty_case_serials')
      .addColumn('year', 'text', (c) => c.primaryKey())
      .addColumn('last', 'integer', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('enforcement_officers')
      .addColumn('user_id', 'text', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('cert_no', 'text')
      .addColumn('legal_qualified', 'integer', (c) => c.notNull())
      .addColumn('squad', 'text')
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('discretion_rules')
      .addColumn('code', 'text', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('category', 'text', (c) => c.notNull())
      .addColumn('law', 'text', (c) => c.notNull())
      .addColumn('article', 'text', (c) => c.notNull())
      .addColumn('penalty_basis', 'text', (c) => c.notNull())
      .addColumn('tiers', json, (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('lenience_items')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('list', 'text', (c) => c.notNull())
      .addColumn('violation_code', 'text')
      .addColumn('circumstance', 'text', (c) => c.notNull())
      .addColumn('conditions', json, (c) => c.notNull())
      .addColumn('basis', 'text', (c) => c.notNull())
      .addColumn('ordinal', 'integer', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('penalty_documents')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('case_id', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('doc_no', 'text', (c) => c.notNull())
      .addColumn('version', 'integer', (c) => c.notNull())
      .addColumn('sha256', 'text', (c) => c.notNull())
      .addColumn('size', 'integer', (c) => c.notNull())
      .addColumn('bytes', bytes, (c) => c.notNull())
      .addColumn('created_by', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('penalty_documents_case_idx').on('penalty_documents').columns(['case_id', 'kind', 'version']).unique().execute();
    await db.schema.createIndex('penalty_documents_sha_idx').on('penalty_documents').column('sha256').execute();
    await db.schema
      .createTable('penalty_doc_serials')
      .addColumn('series', 'text', (c) => c.notNull())
      .addColumn('year', 'text', (c) => c.notNull())
      .addColumn('last', 'integer', (c) => c.notNull())
      .addPrimaryKeyConstraint('penalty_doc_serials_pk', ['series', 'year'])
      .execute();

  },
});
export default migration;
