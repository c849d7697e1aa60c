import type { Kysely } from 'kysely';
import type { MigrationFactory } from '../migrate.js';

/**
 * Instruction notices (src/command/notices.ts): who is told of an instruction's event — one row per
 * event and addressee (a person, a unit, an area's command), written once by the bus subscriber
 * (the primary key makes a redelivery a no-op) and read into GET /notifications.
 */
const migration: MigrationFactory = () => ({
  async up(db: Kysely<any>) {
    await db.schema.createTable('instruction_notices')
      .addColumn('instruction_id', 'text', (c) => c.notNull())
      .addColumn('seq', 'integer', (c) => c.notNull())
      .addColumn('to_kind', 'text', (c) => c.notNull())
      .addColumn('to_code', 'text', (c) => c.notNull())
      .addColumn('type', 'text', (c) => c.notNull())
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('instruction_notices_pk', ['instruction_id', 'seq', 'to_kind', 'to_code'])
      .execute();
    await db.schema.createIndex('instruction_notices_to_idx').on('instruction_notices').columns(['to_kind', 'to_code', 'at']).execute();
  },
  async down(db: Kysely<any>) {
    await db.schema.dropTable('instruction_notices').ifExists().execute();
  },
});
export default migration;
