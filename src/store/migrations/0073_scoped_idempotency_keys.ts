import { sql, type Kysely } from 'kysely';
import type { MigrationFactory } from '../migrate.js';

/**
 * Idempotency-Keys are scoped to the user who sent them (src/cases/intake.ts, scopedIdempotencyKey):
 * keys stored before are rewritten to the same `userId:key` form, so a replay by their sender still
 * finds them and nobody else's does.
 */
const migration: MigrationFactory = () => ({
  async up(db: Kysely<any>) {
    await sql`UPDATE cases SET idempotency_key = reporter_id || ':' || idempotency_key WHERE idempotency_key IS NOT NULL AND idempotency_key NOT LIKE reporter_id || ':%'`.execute(db);
  },
});
export default migration;
