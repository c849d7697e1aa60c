import type { Kysely } from 'kysely';
import type { MigrationFactory } from '../migrate.js';
import { jsonColumn } from '../dialect.js';

/**
 * Party notices of non-contact enforcement (非现场执法, 行政处罚法 art. 41, src/enforcement/party-notice*.ts):
 * the notice sent to the party of a penalty case with the link (by the SHA-256 of its token) where the
 * party sees the evidence and states and defends online. The statements themselves are events of the
 * penalty case.
 */
const migration: MigrationFactory = (dialect) => ({
  async up(db: Kysely<any>) {
    const json = jsonColumn(dialect);
    await db.schema.createTable('penalty_party_notices')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('penalty_case_id', 'text', (c) => c.notNull())
      .addColumn('token_hash', 'text', (c) => c.notNull().unique())
      .addColumn('party', json, (c) => c.notNull())
      .addColumn('facts', 'text', (c) => c.notNull())
      .addColumn('evidence', json, (c) => c.notNull())
      .addColumn('sent_at', 'bigint', (c) => c.notNull())
      .addColumn('rights_until', 'bigint', (c) => c.notNull())
      .addColumn('statements', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('created_by', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('penalty_party_notices_case_idx').on('penalty_party_notices').column('penalty_case_id').execute();
  },
  async down(db: Kysely<any>) {
    await db.schema.dropTable('penalty_party_notices').execute();
  },
});

export default migration;
