import { sql, type Kysely } from 'kysely';
import type { MigrationFactory } from '../migrate.js';

/**
 * Indexes of `cases` that hold only the rows a query can ask for. A city's year is mostly closed
 * cases with no idempotency key, no external reference, no merge and nobody left to act: those rows
 * no longer take an entry in these indexes, and writing a new case or closing one touches fewer of
 * them. Every query that uses them compares the column with `=`, which both stores match to a
 * partial index on `column IS NOT NULL`; the unique ones mean what they meant (NULLs were distinct).
 */
const INDEXES: Array<{ name: string; columns: string[]; where: string; unique?: boolean }> = [
  { name: 'cases_idem_uq', columns: ['idempotency_key'], where: 'idempotency_key', unique: true },
  { name: 'cases_source_ref_uq', columns: ['source', 'external_ref'], where: 'external_ref', unique: true },
  { name: 'cases_merged_idx', columns: ['merged_into'], where: 'merged_into' },
  { name: 'cases_current_unit_idx', columns: ['current_unit_id'], where: 'current_unit_id' },
  // The worklist asks `awaiting_role = ?`: an ended case waits for nobody.
  { name: 'cases_work_idx', columns: ['awaiting_role', 'district_code', 'due_at'], where: 'awaiting_role' },
];

const migration: MigrationFactory = () => ({
  async up(db: Kysely<any>) {
    for (const ix of INDEXES) {
      await db.schema.dropIndex(ix.name).ifExists().execute();
      let create = db.schema.createIndex(ix.name).on('cases').columns(ix.columns).where(sql.ref(ix.where), 'is not', null);
      if (ix.unique) create = create.unique();
      await create.execute();
    }
  },
  async down(db: Kysely<any>) {
    for (const ix of INDEXES) {
      await db.schema.dropIndex(ix.name).ifExists().execute();
      let create = db.schema.createIndex(ix.name).on('cases').columns(ix.columns);
      if (ix.unique) create = create.unique();
      await create.execute();
    }
  },
});
export default migration;
