import { sql, type Kysely } from 'kysely';
import type { MigrationFactory } from '../migrate.js';
import { fromJson } from '../dialect.js';

/**
 * Impounds' release on payment as columns (src/enforcement/impounds-stream.ts): `ready_at` (marked ready
 * for release while held) puts ready things first in the yard's SQL, whatever the yard's size;
 * `releasable_on_payment` (0/1) lets the sweeper find held things still waiting for their case's payment
 * (the backstop for a payment event lost between commit and delivery). Both filled from `detail`.
 */
const migration: MigrationFactory = () => ({
  async up(db: Kysely<any>) {
    await db.schema.alterTable('impounds').addColumn('ready_at', 'bigint').execute();
    await db.schema.alterTable('impounds').addColumn('releasable_on_payment', 'integer', (c) => c.notNull().defaultTo(0)).execute();
    const rows = await db.selectFrom('impounds').select(['id', 'kind', 'state', 'detail']).execute();
    for (const r of rows) {
      const d = fromJson<{ releasableOnPayment?: boolean; readyForRelease?: { at: number } | null }>(r.detail);
      const releasable = d.releasableOnPayment ?? r.kind !== 'dog';
      const readyAt = r.state === 'held' && d.readyForRelease ? d.readyForRelease.at : null;
      await db.updateTable('impounds').set({ ready_at: readyAt, releasable_on_payment: releasable ? 1 : 0 }).where('id', '=', r.id).execute();
    }
    await sql`CREATE INDEX impounds_awaiting_payment_idx ON impounds (penalty_case_id) WHERE state = 'held' AND releasable_on_payment = 1 AND ready_at IS NULL AND penalty_case_id IS NOT NULL`.execute(db);
    await db.schema.createIndex('impounds_yard_order_idx').on('impounds').columns(['state', 'ready_at', 'held_at']).execute();
  },
  async down(db: Kysely<any>) {
    await db.schema.dropIndex('impounds_yard_order_idx').ifExists().execute();
    await db.schema.dropIndex('impounds_awaiting_payment_idx').ifExists().execute();
    await db.schema.alterTable('impounds').dropColumn('ready_at').execute();
    await db.schema.alterTable('impounds').dropColumn('releasable_on_payment').execute();
  },
});
export default migration;
