/** The SQL of impounds besides the kit's store: lists within an area, the yard's inventory, what the sweeper owes. */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../store/schema.js';

export interface ImpoundQuery {
  states?: readonly string[];
  kind?: string;
  yard?: string;
  penaltyCaseId?: string;
  districtCode?: string;
  streetCode?: string;
  q?: string;
  limit: number;
  offset: number;
}

type Row = Record<string, unknown>;

export async function listImpoundRows(db: Kysely<Database>, q: ImpoundQuery): Promise<{ rows: Row[]; total: number }> {
  let base = db.selectFrom('impounds');
  if (q.states?.length) base = base.where('state', 'in', [...q.states]);
  if (q.kind) base = base.where('kind', '=', q.kind);
  if (q.yard) base = base.where('yard', '=', q.yard);
  if (q.penaltyCaseId) base = base.where('penalty_case_id', '=', q.penaltyCaseId);
  if (q.districtCode) base = base.where('district_code', '=', q.districtCode);
  if (q.streetCode) base = base.where('street_code', '=', q.streetCode);
  if (q.q) base = base.where((eb) => eb.or([eb('code', 'like', `%${q.q}%`), eb('party_name', 'like', `%${q.q}%`)]));
  const [rows, count] = await Promise.all([
    base.selectAll().orderBy('held_at', 'desc').orderBy('id', 'desc').limit(q.limit).offset(q.offset).execute(),
    base.select((eb) => eb.fn.countAll().as('n')).executeTakeFirst(),
  ]);
  return { rows: rows as unknown as Row[], total: Number(count?.n ?? 0) };
}

/** Everything still in a yard (held, or released and not yet collected) within an area: ready for release first (in SQL, so a limit never cuts one off), then oldest first. */
export async function inventoryRows(db: Kysely<Database>, q: { districtCode?: string; streetCode?: string; yard?: string; kind?: string }, limit: number): Promise<Row[]> {
  let base = db.selectFrom('impounds').where('state', 'in', ['held', 'releasing']);
  if (q.districtCode) base = base.where('district_code', '=', q.districtCode);
  if (q.streetCode) base = base.where('street_code', '=', q.streetCode);
  if (q.yard) base = base.where('yard', '=', q.yard);
  if (q.kind) base = base.where('kind', '=', q.kind);
  return base.selectAll().orderBy(sql`CASE WHEN ready_at IS NULL THEN 1 ELSE 0 END`).orderBy('held_at').orderBy('id').limit(limit).execute() as unknown as Promise<Row[]>;
}

/**
 * Penalty cases with a decision (paying needs one) that still have impounds held, releasable on payment
 * and not marked ready, after `afterId` in id order: where the sweeper looks for a payment whose event
 * never reached the release subscriber.
 */
export async function casesAwaitingPayment(db: Kysely<Database>, afterId: string, limit: number): Promise<Row[]> {
  const waiting = db.selectFrom('impounds').select('penalty_case_id')
    .where('state', '=', 'held').where('releasable_on_payment', '=', 1).where('ready_at', 'is', null).where('penalty_case_id', 'is not', null);
  return db.selectFrom('penalty_cases').selectAll().where('id', 'in', waiting as never).where('decided_at', 'is not', null).where('id', '>', afterId)
    .orderBy('id').limit(limit).execute() as unknown as Promise<Row[]>;
}

/** Impounds whose holding or claim period ran out by `now` and whose event is not yet raised. */
export async function attentionDue(db: Kysely<Database>, now: number, limit: number): Promise<Row[]> {
  return db.selectFrom('impounds').selectAll().where('attention_at', '<=', now).orderBy('attention_at').limit(limit).execute() as unknown as Promise<Row[]>;
}
