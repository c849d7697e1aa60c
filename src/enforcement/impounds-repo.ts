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

export interface InventorySummaryRow {
  yard: string; kind: string; total: number; held: number; releasing: number; readyForRelease: number; holdExpired: number; claimLapsed: number;
  byAge: Record<string, number>;
}

/**
 * The yard's counts by yard and kind over everything still in within an area (not just the page of rows):
 * held / releasing, what needs attention at `now` (as `attention()` reads it) and the ageing buckets
 * (whole days held; `ages` are the buckets' upper bounds in days, the last one open).
 */
export async function inventorySummary(
  db: Kysely<Database>, q: { districtCode?: string; streetCode?: string; yard?: string; kind?: string }, now: number, ages: ReadonlyArray<{ key: string; max: number }>, dayMs: number,
): Promise<InventorySummaryRow[]> {
  let base = db.selectFrom('impounds').where('state', 'in', ['held', 'releasing']);
  if (q.districtCode) base = base.where('district_code', '=', q.districtCode);
  if (q.streetCode) base = base.where('street_code', '=', q.streetCode);
  if (q.yard) base = base.where('yard', '=', q.yard);
  if (q.kind) base = base.where('kind', '=', q.kind);
  const count = (cond: ReturnType<typeof sql>) => sql<number>`SUM(CASE WHEN ${cond} THEN 1 ELSE 0 END)`;
  // Days held ≤ max ⇔ held_at > now − (max + 1) days.
  const ageCols = ages.map((b, n) => {
    const upper = Number.isFinite(b.max) ? sql`held_at > ${now - (b.max + 1) * dayMs}` : sql`1 = 1`;
    const lower = n > 0 ? sql`held_at <= ${now - (ages[n - 1]!.max + 1) * dayMs}` : sql`1 = 1`;
    return count(sql`${upper} AND ${lower}`).as(`age_${n}`);
  });
  const rows = await base.select([
    'yard', 'kind', sql<number>`COUNT(*)`.as('total'),
    count(sql`state = 'held'`).as('held'), count(sql`state = 'releasing'`).as('releasing'),
    count(sql`state = 'held' AND ready_at IS NOT NULL`).as('ready'),
    count(sql`state = 'held' AND ready_at IS NULL AND hold_until <= ${now}`).as('hold_expired'),
    count(sql`state = 'releasing' AND claim_until IS NOT NULL AND claim_until <= ${now}`).as('claim_lapsed'),
    ...ageCols,
  ]).groupBy(['yard', 'kind']).orderBy('yard').orderBy('kind').execute();
  return rows.map((r) => {
    const x = r as Record<string, unknown>;
    return {
      yard: String(x.yard), kind: String(x.kind), total: Number(x.total), held: Number(x.held), releasing: Number(x.releasing), readyForRelease: Number(x.ready),
      holdExpired: Number(x.hold_expired), claimLapsed: Number(x.claim_lapsed), byAge: Object.fromEntries(ages.map((b, n) => [b.key, Number(x[`age_${n}`])])),
    };
  });
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
