/** SQL of the public channels' Open311 side: services opened to the public, API keys, published requests, batch tokens. */
import type { Executor } from '../store/db.js';
import { fromJson, toJson } from '../store/dialect.js';
import type { AttributeCode, ServiceConfig, ServiceType } from './model.js';

const toConfig = (r: { category_code: string; type: string; keywords: string | null; description: string | null; plain_name: string | null; attributes: unknown; radius_m: number; updated_at: number }): ServiceConfig => ({
  categoryCode: r.category_code, type: r.type as ServiceType, keywords: r.keywords, description: r.description, plainName: r.plain_name,
  attributes: fromJson<AttributeCode[]>(r.attributes), radiusM: Number(r.radius_m), updatedAt: Number(r.updated_at),
});

export async function listServices(db: Executor): Promise<ServiceConfig[]> {
  return (await db.selectFrom('open311_services').selectAll().orderBy('category_code').execute()).map(toConfig);
}

export async function getService(db: Executor, code: string): Promise<ServiceConfig | undefined> {
  const r = await db.selectFrom('open311_services').selectAll().where('category_code', '=', code).executeTakeFirst();
  return r ? toConfig(r) : undefined;
}

export async function putService(db: Executor, c: ServiceConfig, by: string | null): Promise<void> {
  const row = {
    type: c.type, keywords: c.keywords, description: c.description, plain_name: c.plainName, attributes: toJson(c.attributes),
    radius_m: c.radiusM, updated_at: c.updatedAt, updated_by: by,
  };
  await db.insertInto('open311_services').values({ category_code: c.categoryCode, ...row })
    .onConflict((oc) => oc.column('category_code').doUpdateSet(row)).execute();
}

export async function deleteService(db: Executor, code: string): Promise<boolean> {
  const r = await db.deleteFrom('open311_services').where('category_code', '=', code).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

// --- API keys ---------------------------------------------------------------------------------

export interface KeyRow {
  id: string;
  name: string;
  prefix: string;
  createdAt: number;
  createdBy: string | null;
  revokedAt: number | null;
  lastUsedAt: number | null;
}

const toKey = (r: { id: string; name: string; prefix: string; created_at: number; created_by: string | null; revoked_at: number | null; last_used_at: number | null }): KeyRow => ({
  id: r.id, name: r.name, prefix: r.prefix, createdAt: Number(r.created_at), createdBy: r.created_by,
  revokedAt: r.revoked_at === null ? null : Number(r.revoked_at), lastUsedAt: r.last_used_at === null ? null : Number(r.last_used_at),
});
const KEY_COLUMNS = ['id', 'name', 'prefix', 'created_at', 'created_by', 'revoked_at', 'last_used_at'] as const;

export async function insertKey(db: Executor, k: { id: string; name: string; hash: string; prefix: string; at: number; by: string | null }): Promise<void> {
  await db.insertInto('api_keys').values({ id: k.id, name: k.name, key_hash: k.hash, prefix: k.prefix, created_at: k.at, created_by: k.by, revoked_at: null, revoked_by: null, last_used_at: null }).execute();
}

export async function keyByHash(db: Executor, hash: string): Promise<KeyRow | undefined> {
  const r = await db.selectFrom('api_keys').select(KEY_COLUMNS).where('key_hash', '=', hash).executeTakeFirst();
  return r ? toKey(r) : undefined;
}

export async function keyById(db: Executor, id: string): Promise<KeyRow | undefined> {
  const r = await db.selectFrom('api_keys').select(KEY_COLUMNS).where('id', '=', id).executeTakeFirst();
  return r ? toKey(r) : undefined;
}

export async function listKeys(db: Executor): Promise<KeyRow[]> {
  return (await db.selectFrom('api_keys').select(KEY_COLUMNS).orderBy('created_at', 'desc').execute()).map(toKey);
}

export async function revokeKey(db: Executor, id: string, at: number, by: string | null): Promise<boolean> {
  const r = await db.updateTable('api_keys').set({ revoked_at: at, revoked_by: by }).where('id', '=', id).where('revoked_at', 'is', null).executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** Last use, at most once a minute per key (a busy app does not write on every request). */
export async function touchKey(db: Executor, id: string, at: number): Promise<void> {
  await db.updateTable('api_keys').set({ last_used_at: at }).where('id', '=', id)
    .where((eb) => eb.or([eb('last_used_at', 'is', null), eb('last_used_at', '<', at - 60_000)])).execute();
}

// --- published requests -----------------------------------------------------------------------

export interface PublicRow {
  caseId: string;
  caseCode: string;
  channel: string;
  keyId: string | null;
  followCode: string;
  serviceCode: string;
  requestedAt: number;
  mediaUrl: string | null;
}

type PublicDbRow = { case_id: string; case_code: string; channel: string; key_id: string | null; follow_code: string; service_code: string; requested_at: number; media_url: string | null };
const PUBLIC_COLUMNS = ['case_id', 'case_code', 'channel', 'key_id', 'follow_code', 'service_code', 'requested_at', 'media_url'] as const;
const toPublic = (r: PublicDbRow): PublicRow => ({
  caseId: r.case_id, caseCode: r.case_code, channel: r.channel, keyId: r.key_id, followCode: r.follow_code, serviceCode: r.service_code,
  requestedAt: Number(r.requested_at), mediaUrl: r.media_url,
});

/** Records a case as published; a second call for the same case (a replay) changes nothing. */
export async function insertPublic(db: Executor, p: PublicRow & { deviceHash: string | null; contact: unknown }): Promise<void> {
  await db.insertInto('public_requests').values({
    case_id: p.caseId, case_code: p.caseCode, channel: p.channel, key_id: p.keyId, follow_code: p.followCode, service_code: p.serviceCode,
    requested_at: p.requestedAt, device_hash: p.deviceHash, contact: p.contact === null ? null : toJson(p.contact), media_url: p.mediaUrl,
  }).onConflict((oc) => oc.column('case_id').doNothing()).execute();
}

export async function publicByCode(db: Executor, code: string): Promise<PublicRow | undefined> {
  const r = await db.selectFrom('public_requests').select(PUBLIC_COLUMNS).where('case_code', '=', code).executeTakeFirst();
  return r ? toPublic(r) : undefined;
}

export async function publicByCase(db: Executor, caseId: string): Promise<PublicRow | undefined> {
  const r = await db.selectFrom('public_requests').select(PUBLIC_COLUMNS).where('case_id', '=', caseId).executeTakeFirst();
  return r ? toPublic(r) : undefined;
}

export async function publicByFollowCode(db: Executor, followCode: string): Promise<PublicRow | undefined> {
  const r = await db.selectFrom('public_requests').select(PUBLIC_COLUMNS).where('follow_code', '=', followCode).executeTakeFirst();
  return r ? toPublic(r) : undefined;
}

/** Published requests in a window, newest first. */
export async function listPublic(db: Executor, q: { ids: string[] | null; serviceCodes: string[] | null; from: number; to: number; limit: number; offset: number }): Promise<PublicRow[]> {
  let s = db.selectFrom('public_requests').select(PUBLIC_COLUMNS);
  if (q.ids) s = s.where('case_code', 'in', q.ids);
  else {
    s = s.where('requested_at', '>=', q.from).where('requested_at', '<=', q.to);
    if (q.serviceCodes) s = s.where('service_code', 'in', q.serviceCodes);
  }
  return (await s.orderBy('requested_at', 'desc').orderBy('case_id', 'desc').limit(q.limit).offset(q.offset).execute()).map(toPublic);
}

// --- batch tokens -----------------------------------------------------------------------------

export interface TokenRow {
  token: string;
  keyId: string;
  state: 'pending' | 'done' | 'failed';
  payload: unknown;
  appRef: string | null;
  caseId: string | null;
  error: unknown;
}

export async function insertToken(db: Executor, t: { token: string; keyId: string; payload: unknown; appRef: string | null; at: number }): Promise<void> {
  await db.insertInto('open311_tokens').values({ token: t.token, key_id: t.keyId, state: 'pending', payload: toJson(t.payload), app_ref: t.appRef, case_id: null, error: null, created_at: t.at, done_at: null }).execute();
}

const toToken = (r: { token: string; key_id: string; state: string; payload: unknown; app_ref: string | null; case_id: string | null; error: unknown }): TokenRow => ({
  token: r.token, keyId: r.key_id, state: r.state as TokenRow['state'], payload: fromJson(r.payload), appRef: r.app_ref, caseId: r.case_id,
  error: r.error === null ? null : fromJson(r.error),
});

export async function getToken(db: Executor, token: string): Promise<TokenRow | undefined> {
  const r = await db.selectFrom('open311_tokens').selectAll().where('token', '=', token).executeTakeFirst();
  return r ? toToken(r) : undefined;
}

export async function pendingTokens(db: Executor, limit: number): Promise<TokenRow[]> {
  return (await db.selectFrom('open311_tokens').selectAll().where('state', '=', 'pending').orderBy('created_at').limit(limit).execute()).map(toToken);
}

export async function finishToken(db: Executor, token: string, r: { caseId: string } | { error: unknown }, at: number): Promise<void> {
  await db.updateTable('open311_tokens')
    .set('caseId' in r ? { state: 'done', case_id: r.caseId, done_at: at } : { state: 'failed', error: toJson(r.error), done_at: at })
    .where('token', '=', token).where('state', '=', 'pending').execute();
}

/** The token an app already holds for this reference (a replayed batch POST). */
export async function tokenByRef(db: Executor, keyId: string, appRef: string): Promise<TokenRow | undefined> {
  const r = await db.selectFrom('open311_tokens').selectAll().where('key_id', '=', keyId).where('app_ref', '=', appRef).executeTakeFirst();
  return r ? toToken(r) : undefined;
}
