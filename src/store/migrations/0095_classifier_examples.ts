import type { Kysely } from 'kysely';
import type { MigrationFactory } from '../migrate.js';

/**
 * The classifier's labelled texts (src/classifier): the city's set and the operators' decisions.
 * Decisions are read by origin to report how often the proposal was right.
 */
const migration: MigrationFactory = () => ({
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('classifier_examples')
      .ifNotExists()
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('text', 'text', (c) => c.notNull())
      .addColumn('code', 'text', (c) => c.notNull())
      .addColumn('origin', 'text', (c) => c.notNull())
      .addColumn('proposed_code', 'text')
      .addColumn('ref', 'text')
      .addColumn('actor_id', 'text')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('classifier_examples_origin_idx').ifNotExists().on('classifier_examples').columns(['origin', 'created_at']).execute();
  },
  async down(db: Kysely<any>) {
    await db.schema.dropTable('classifier_examples').ifExists().execute();
  },
});
export default migration;
