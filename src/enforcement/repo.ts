/** The only SQL of enforcement besides the kit's store: registers (officers, benchmark, four lists), documents, lists and figures. */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../store/schema.js';
import type { Executor } from '../store/db.js';
import { fromJson, toJson } from '../store/dialect.js';
import { districtOfStreet } from '../auth/model.js';
import type { OfficerInfo } from './commands/types.js';
import type { DiscretionRule, LenienceItem } from './discretion.js';

export async function listOfficers(db: Executor): Promise<OfficerInfo[]> {
  const rows = await db.selectFrom('enforcement_officers').selectAll().orderBy('user_id').execute();
  return rows.map((r) => ({ userId: r.user_id, name: r.name, certNo: r.cert_no, legalQualified: Number(r.legal_qualified) === 1, squad: r.squad }));
}

/**
 * The district each officer works in, from the officer's account scope (a street's account: its district);
 * null for a city-wide account, which may act in any district. Officers without an account are left out.
 */
export async function officerDistricts(db: Executor, userIds?: readonly string[]): Promise<Map<string, string | null>> {
  let q = db.selectFrom('users').innerJoin('enforcement_officers', 'enforcement_officers.user_id', 'users.id').select(['users.id', 'users.scope_level', 'users.scope_code']);
  if (userIds) {
    if (!userIds.length) return new Map();
    q = q.where('users.id', 'in', [...userIds]);
  }
  const rows = await q.execute();
  return new Map(rows.map((r) => [r.id, r.scope_level === 'district' ? r.scope_code : r.scope_level === 'street' ? districtOfStreet(r.scope_code) : null]));
}

export async function putOfficer(db: Executor, o: OfficerInfo, now: number): Promise<void> {
  const row = { user_id: o.userId, name: o.name, cert_no: o.certNo, legal_qualified: o.legalQualified ? 1 : 0, squad: o.squad, updated_at: now };
  await db.insertInto('enforcement_officers').values(row).onConflict((oc) => oc.column('user_id').doUpdateSet({ name: row.name, cert_no: row.cert_no, legal_qualified: row.legal_qualified, squad: row.squad, updated_at: now })).execute();
}

const ruleOf = (r: Database['discretion_rules']): DiscretionRule => ({ code: r.code, name: r.name, category: r.category, law: r.law, article: r.article, penaltyBasis: r.penalty_basis, tiers: fromJson(r.tiers) });
const itemOf = (r: Database['lenience_items']): LenienceItem => ({ id: r.id, list: r.list as LenienceItem['list'], violationCode: r.violation_code, circumstance: r.circumstance, conditions: fromJson(r.conditions), basis: r.basis });

export async function listRules(db: Executor): Promise<DiscretionRule[]> {
  return (await db.selectFrom('discretion_rules').selectAll().orderBy('category').orderBy('code').execute()).map(ruleOf);
}

export async function listItems(db: Executor): Promise<LenienceItem[]> {
  return (await db.selectFrom('lenience_items').selectAll().orderBy('ordinal').execute()).map(itemOf);
}

/** Replaces the benchmark and the four lists in one transaction (an import is the whole register). */
export async function replaceBenchmark(db: Kysely<Database>, rules: readonly DiscretionRule[], items: readonly LenienceItem[], now: number): Promise<void> {
  await db.transaction().execute(async (tx) => {
    await tx.deleteFrom('discretion_rules').execute();
    await tx.deleteFrom('lenience_items').execute();
    if (rules.length) {
      await tx.insertInto('discretion_rules').values(rules.map((r) => ({ code: r.code, name: r.name, category: r.category, law: r.law, article: r.article, penalty_basis: r.penaltyBasis, tiers: toJson(r.tiers), updated_at: now }))).execute();
    }
    if (items.length) {
      await tx.insertInto('lenience_items').values(items.map((i, n) => ({ id: i.id, list: i.list, violation_code: i.violationCode, circumstance: i.circumstance, conditions: toJson(i.conditions), basis: i.basis, ordinal: n, updated_at: now }))).execute();
    }
  });
}

export async function putRule(db: Executor, r: DiscretionRule, now: number): Promise<void> {
  const row = { code: r.code, name: r.name, category: r.category, law: r.law, article: r.article, penalty_basis: r.penaltyBasis, tiers: toJson(r.tiers), updated_at: now };
  const { code: _c, ...rest } = row;
  await db.insertInto('discretion_rules').values(row).onConflict((oc) => oc.column('code').doUpdateSet(rest)).execute();
}

// ---- documents ----

export async function nextDocSerial(db: Executor, series: string, year: string): Promise<number> {
  const r = await sql<{ last: number }>`insert into penalty_doc_serials (series, year, last) values (${series}, ${year}, 1)
    on conflict (series, year) do update set last = penalty_doc_serials.last + 1 returning last`.execute(db);
  return Number(r.rows[0]!.last);
}

export interface DocumentRow { id: string; caseId: string; kind: string; docNo: string; version: number; sha256: string; size: number; createdBy: string; createdAt: number }

export async function insertDocument(db: Executor, d: DocumentRow, bytes: Buffer): Promise<void> {
  await db.insertInto('penalty_documents').values({ id: d.id, case_id: d.caseId, kind: d.kind, doc_no: d.docNo, version: d.version, sha256: d.sha256, size: d.size, bytes, created_by: d.createdBy, created_at: d.createdAt }).execute();
}

export async function deleteDocument(db: Executor, id: string): Promise<void> {
  await db.deleteFrom('penalty_documents').where('id', '=', id).execute();
}

export async function documentBytes(db: Executor, caseId: string, sha256: string): Promise<{ bytes: Buffer; kind: string; docNo: string; version: number } | undefined> {
  const r = await db.selectFrom('penalty_documents').select(['bytes', 'kind', 'doc_no', 'version']).where('case_id', '=', caseId).where('sha256', '=', sha256).executeTakeFirst();
  return r ? { bytes: Buffer.from(r.bytes), kind: r.kind, docNo: r.doc_no, version: Number(r.version) } : undefined;
}

// ---- lists ----

export interface ListQuery {
  states?: readonly string[];
  districtCode?: string;
  streetCode?: string;
  light?: string;
  q?: string;
  limit: number;
  offset: number;
}

export async function listCaseIds(db: Kysely<Database>, q: ListQuery): Promise<{ ids: string[]; total: number }> {
  let base = db.selectFrom('penalty_cases');
  if (q.states?.length) base = base.where('state', 'in', [...q.states]);
  if (q.districtCode) base = base.where('district_code', '=', q.districtCode);
  if (q.streetCode) base = base.where('street_code', '=', q.streetCode);
  if (q.light) base = base.where('light', '=', q.light);
  if (q.q) base = base.where((eb) => eb.or([eb('code', 'like', `%${q.q}%`), eb('party_name', 'like', `%${q.q}%`)]));
  const [rows, count] = await Promise.all([
    base.select('id').orderBy('updated_at', 'desc').orderBy('id', 'desc').limit(q.limit).offset(q.offset).execute(),
    base.select((eb) => eb.fn.countAll().as('n')).executeTakeFirst(),
  ]);
  return { ids: rows.map((r) => r.id), total: Number(count?.n ?? 0) };
}

export async function caseRows(db: Kysely<Database>, ids: readonly string[]): Promise<Record<string, unknown>[]> {
  if (!ids.length) return [];
  return db.selectFrom('penalty_cases').selectAll().where('id', 'in', [...ids]).execute() as unknown as Promise<Record<string, unknown>[]>;
}

/** Penalty cases spawned by any of these city cases (the close guard asks for the closes of one turn at once). */
export async function byCityCases(db: Kysely<Database>, cityCaseIds: readonly string[]): Promise<Record<string, unknown>[]> {
  if (!cityCaseIds.length) return [];
  return db.selectFrom('penalty_cases').selectAll().where('city_case_id', 'in', [...cityCaseIds]).execute() as unknown as Promise<Record<string, unknown>[]>;
}

export async function byCityCase(db: Kysely<Database>, cityCaseId: string): Promise<Record<string, unknown>[]> {
  return db.selectFrom('penalty_cases').selectAll().where('city_case_id', '=', cityCaseId).execute() as unknown as Promise<Record<string, unknown>[]>;
}

/** Pending disclosures due by `before` (the sweeper publishes them on their last day). */
export async function disclosuresDue(db: Kysely<Database>, before: number, limit: number): Promise<Record<string, unknown>[]> {
  return db.selectFrom('penalty_cases').selectAll().where('disclosure_state', '=', 'pending').where('disclosure_due_at', '<=', before).orderBy('disclosure_due_at').limit(limit).execute() as unknown as Promise<Record<string, unknown>[]>;
}

export async function publishedDisclosures(db: Kysely<Database>, limit: number, offset: number): Promise<{ rows: Record<string, unknown>[]; total: number }> {
  const base = db.selectFrom('penalty_cases').where('disclosure_state', '=', 'published');
  const [rows, count] = await Promise.all([
    base.selectAll().orderBy('published_at', 'desc').limit(limit).offset(offset).execute(),
    base.select((eb) => eb.fn.countAll().as('n')).executeTakeFirst(),
  ]);
  return { rows: rows as unknown as Record<string, unknown>[], total: Number(count?.n ?? 0) };
}
