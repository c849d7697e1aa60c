import type { Kysely } from 'kysely';
import { uuidv7 } from 'uuidv7';
import { STANDARD_VERSION } from '../../catalog/model.js';
import { STANDARD_CLASSES } from '../../catalog/standard-classes.js';
import type { MigrationFactory } from '../migrate.js';

/**
 * Loads the shipped classification tables (部件 S-CETC, 事件 S-WX; standards.md §3) once, so that every
 * installation, demo or not, can classify cases. Later changes are the city's, made through the catalog.
 */
const migration: MigrationFactory = () => ({
  async up(db: Kysely<any>) {
    const now = 0;
    const rows = STANDARD_CLASSES.map((c) => ({
      id: uuidv7(),
      code: c.code,
      kind: c.kind,
      major_code: c.code.slice(1, 3),
      minor_code: c.code.length === 5 ? c.code.slice(3, 5) : null,
      name: c.name,
      version: STANDARD_VERSION,
      local: c.local ? 1 : 0,
      enabled: 1,
      valid_from: null,
      created_at: now,
      updated_at: now,
    }));
    for (let i = 0; i < rows.length; i += 100) await db.insertInto('categories').values(rows.slice(i, i + 100)).execute();
  },
  async down(db: Kysely<any>) {
    await db.deleteFrom('categories').where('version', '=', STANDARD_VERSION).execute();
  },
});
export default migration;
