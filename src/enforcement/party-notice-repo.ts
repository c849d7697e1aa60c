/** SQL of the party notices (penalty_party_notices). */
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { Database } from '../store/schema.js';
import { fromJson, toJson } from '../store/dialect.js';
import type { NoticeParty, PartyNotice } from './party-notice-model.js';

type Db = Kysely<Database>;

const rowOf = (r: Database['penalty_party_notices']): PartyNotice => ({
  id: r.id, penaltyCaseId: r.penalty_case_id, party: fromJson<NoticeParty>(r.party), facts: r.facts, evidence: fromJson<string[]>(r.evidence),
  sentAt: Number(r.sent_at), rightsUntil: Number(r.rights_until), statements: Number(r.statements), createdBy: r.created_by,
});

export async function insertNotice(db: Db, n: PartyNotice, tokenHash: string): Promise<void> {
  await (db as Db).insertInto('penalty_party_notices').values({
    id: n.id, penalty_case_id: n.penaltyCaseId, token_hash: tokenHash, party: toJson(n.party), facts: n.facts, evidence: toJson(n.evidence),
    sent_at: n.sentAt, rights_until: n.rightsUntil, statements: n.statements, created_by: n.createdBy,
  }).execute();
}

export async function deleteNotice(db: Db, id: string): Promise<void> {
  await db.deleteFrom('penalty_party_notices').where('id', '=', id).execute();
}

export async function noticeByTokenHash(db: Db, tokenHash: string): Promise<PartyNotice | undefined> {
  const r = await db.selectFrom('penalty_party_notices').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
  return r && rowOf(r);
}

export async function noticesOfCase(db: Db, penaltyCaseId: string): Promise<PartyNotice[]> {
  return (await db.selectFrom('penalty_party_notices').selectAll().where('penalty_case_id', '=', penaltyCaseId).orderBy('sent_at').execute()).map(rowOf);
}

/** Counts one more statement, up to `max`; false when the notice already holds that many. */
export async function countStatement(db: Db, id: string, max: number): Promise<boolean> {
  const r = await db.updateTable('penalty_party_notices').set({ statements: sql`statements + 1` }).where('id', '=', id).where('statements', '<', max).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}
