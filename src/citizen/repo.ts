/** SQL of the citizen app: daily quotas, SMS codes, "me too" followers, ratings. */
import type { Executor } from '../store/db.js';
import { toJson } from '../store/dialect.js';

/** Counts one more use of a subject today and returns the new count (one statement: concurrent requests cannot both slip under a limit). */
export async function bumpQuota(db: Executor, subject: string, day: string): Promise<number> {
  const r = await db.insertInto('citizen_quotas').values({ subject, day, count: 1 })
    .onConflict((oc) => oc.columns(['subject', 'day']).doUpdateSet((eb) => ({ count: eb('citizen_quotas.count', '+', 1) })))
    .returning('count').executeTakeFirstOrThrow();
  return Number(r.count);
}

export async function quota(db: Executor, subject: string, day: string): Promise<number> {
  const r = await db.selectFrom('citizen_quotas').select('count').where('subject', '=', subject).where('day', '=', day).executeTakeFirst();
  return r ? Number(r.count) : 0;
}

export interface CodeRow {
  codeHash: string;
  expiresAt: number;
  attempts: number;
  sentAt: number;
}

export async function getCode(db: Executor, phoneHash: string): Promise<CodeRow | undefined> {
  const r = await db.selectFrom('citizen_sms_codes').selectAll().where('phone_hash', '=', phoneHash).executeTakeFirst();
  return r ? { codeHash: r.code_hash, expiresAt: Number(r.expires_at), attempts: Number(r.attempts), sentAt: Number(r.sent_at) } : undefined;
}

export async function putCode(db: Executor, phoneHash: string, c: CodeRow): Promise<void> {
  const row = { code_hash: c.codeHash, expires_at: c.expiresAt, attempts: c.attempts, sent_at: c.sentAt };
  await db.insertInto('citizen_sms_codes').values({ phone_hash: phoneHash, ...row }).onConflict((oc) => oc.column('phone_hash').doUpdateSet(row)).execute();
}

/** One more wrong attempt; returns the attempts now recorded. */
export async function failCode(db: Executor, phoneHash: string): Promise<void> {
  await db.updateTable('citizen_sms_codes').set((eb) => ({ attempts: eb('attempts', '+', 1) })).where('phone_hash', '=', phoneHash).execute();
}

export async function deleteCode(db: Executor, phoneHash: string): Promise<void> {
  await db.deleteFrom('citizen_sms_codes').where('phone_hash', '=', phoneHash).execute();
}

export interface FollowerRow {
  caseId: string;
  followCode: string;
  at: number;
}

/** Adds a "me too"; a device that already follows the case keeps its code (returned). */
export async function addFollower(db: Executor, f: { caseId: string; deviceHash: string; followCode: string; contact: unknown; at: number }): Promise<FollowerRow> {
  await db.insertInto('citizen_followers').values({ case_id: f.caseId, device_hash: f.deviceHash, follow_code: f.followCode, contact: f.contact === null ? null : toJson(f.contact), at: f.at })
    .onConflict((oc) => oc.columns(['case_id', 'device_hash']).doNothing()).execute();
  const r = await db.selectFrom('citizen_followers').select(['case_id', 'follow_code', 'at']).where('case_id', '=', f.caseId).where('device_hash', '=', f.deviceHash).executeTakeFirstOrThrow();
  return { caseId: r.case_id, followCode: r.follow_code, at: Number(r.at) };
}

export async function followerByCode(db: Executor, followCode: string): Promise<FollowerRow | undefined> {
  const r = await db.selectFrom('citizen_followers').select(['case_id', 'follow_code', 'at']).where('follow_code', '=', followCode).executeTakeFirst();
  return r ? { caseId: r.case_id, followCode: r.follow_code, at: Number(r.at) } : undefined;
}

export async function followerCounts(db: Executor, caseIds: readonly string[]): Promise<Map<string, number>> {
  if (!caseIds.length) return new Map();
  const rows = await db.selectFrom('citizen_followers').select((eb) => ['case_id', eb.fn.countAll<string | number>().as('n')]).where('case_id', 'in', [...caseIds]).groupBy('case_id').execute();
  return new Map(rows.map((r) => [r.case_id, Number(r.n)]));
}

export interface RatingRow {
  rating: string;
  comment: string | null;
  reopened: boolean;
  at: number;
  closedAt: number;
}

export async function ratingOf(db: Executor, caseId: string, closedAt: number, followCode: string): Promise<RatingRow | undefined> {
  const r = await db.selectFrom('citizen_ratings').selectAll().where('case_id', '=', caseId).where('closed_at', '=', closedAt).where('follow_code', '=', followCode).executeTakeFirst();
  return r ? { rating: r.rating, comment: r.comment, reopened: Number(r.reopened) === 1, at: Number(r.at), closedAt: Number(r.closed_at) } : undefined;
}

/** Stores a rating; false when this follow code already rated this closure (the primary key). */
export async function insertRating(db: Executor, r: { caseId: string; closedAt: number; followCode: string; rating: string; comment: string | null; reopened: boolean; at: number }): Promise<boolean> {
  const res = await db.insertInto('citizen_ratings').values({ case_id: r.caseId, closed_at: r.closedAt, follow_code: r.followCode, rating: r.rating, comment: r.comment, reopened: r.reopened ? 1 : 0, at: r.at })
    .onConflict((oc) => oc.columns(['case_id', 'closed_at', 'follow_code']).doNothing()).executeTakeFirst();
  return Number(res.numInsertedOrUpdatedRows ?? 0) > 0;
}

export async function markReopened(db: Executor, caseId: string, closedAt: number, followCode: string): Promise<void> {
  await db.updateTable('citizen_ratings').set({ reopened: 1 }).where('case_id', '=', caseId).where('closed_at', '=', closedAt).where('follow_code', '=', followCode).execute();
}
