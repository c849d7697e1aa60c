import type { Kysely } from 'kysely';
import type { MigrationFactory } from '../migrate.js';

/** Evidence file metadata (the bytes are content-addressed on disk) and notification read cursors. */
const migration: MigrationFactory = () => ({
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('files')
      .addColumn('sha256', 'text', (c) => c.primaryKey())
      .addColumn('mime', 'text', (c) => c.notNull())
      .addColumn('size', 'bigint', (c) => c.notNull())
      .addColumn('original_name', 'text')
      .addColumn('uploaded_by', 'text', (c) => c.notNull())
      .addColumn('uploaded_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('notification_cursors')
      .addColumn('user_id', 'text', (c) => c.primaryKey())
      .addColumn('read_until', 'bigint', (c) => c.notNull())
      .execute();
  },
  async down(db: Kysely<any>) {
    await db.schema.dropTable('notification_cursors').execute();
    await db.schema.dropTable('files').execute();
  },
});
export default migration;
