/** The IoT hub's SQL: devices, rules, alarm lists, minute aggregates and raw readings. The only place that knows the tables. */
import { sql } from 'kysely';
import type { Db, Dialect, Executor } from '../store/db.js';
import { fromJson, toJson } from '../store/dialect.js';
import type { AccessFilter } from '../auth/policy.js';
import { ALARM_STREAM, type Alarm } from './alarm-stream.js';
import type { Device } from './model.js';
import type { Rule, RuleBody, RuleScope } from './rules.js';
import type { IotDevicesTable } from './tables.js';

const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));

export function rowToDevice(r: IotDevicesTable): Device {
  return {
    id: r.id, type: r.type as Device['type'], model: r.model, serial: r.serial, name: r.name, ownerKind: r.owner_kind, ownerId: r.owner_id,
    ownerName: r.owner_name, contactName: r.contact_name, contactPhone: r.contact_phone, lon: Number(r.lon), lat: Number(r.lat), address: r.address,
    gridCode: r.grid_code, streetCode: r.street_code, districtCode: r.district_code, baseline: fromJson(r.baseline), params: fromJson(r.params),
    enabled: Number(r.enabled) === 1, lastSeenAt: num(r.last_seen_at), version: Number(r.version), createdAt: Number(r.created_at), updatedAt: Number(r.updated_at),
  };
}

function deviceRow(d: Device, dialect: Dialect): Omit<IotDevicesTable, 'secret_hash'> {
  const json = (v: unknown) => (dialect === 'postgres' ? JSON.stringify(v) : toJson(v));
  return {
    id: d.id, type: d.type, model: d.model, serial: d.serial, name: d.name, owner_kind: d.ownerKind, owner_id: d.ownerId, owner_name: d.ownerName,
    contact_name: d.contactName, contact_phone: d.contactPhone, lon: d.lon, lat: d.lat, address: d.address, grid_code: d.gridCode,
    street_code: d.streetCode, district_code: d.districtCode, baseline: json(d.baseline), params: json(d.params), enabled: d.enabled ? 1 : 0,
    last_seen_at: d.lastSeenAt, version: d.version, created_at: d.createdAt, updated_at: d.updatedAt,
  };
}

export async function insertDevice(db: Executor, dialect: Dialect, d: Device, secretHash: string): Promise<void> {
  await db.insertInto('iot_devices').values({ ...deviceRow(d, dialect), secret_hash: secretHash }).execute();
}

/** Version-guarded update; false when another writer moved the device first. */
export async function updateDevice(db: Executor, dialect: Dialect, d: Device, expectedVersion: number, secretHash?: string): Promise<boolean> {
  const { id: _id, created_at: _c, last_seen_at: _l, ...row } = deviceRow(d, dialect);
  const r = await db.updateTable('iot_devices').set({ ...row, ...(secretHash ? { secret_hash: secretHash } : {}) })
    .where('id', '=', d.id).where('version', '=', expectedVersion).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function setSecret(db: Executor, id: string, secretHash: string): Promise<void> {
  await db.updateTable('iot_devices').set({ secret_hash: secretHash }).where('id', '=', id).execute();
}

export async function getDevice(db: Executor, id: string): Promise<Device | undefined> {
  const r = await db.selectFrom('iot_devices').selectAll().where('id', '=', id).executeTakeFirst();
  return r ? rowToDevice(r) : undefined;
}

export async function allDevices(db: Executor): Promise<Array<{ device: Device; secretHash: string }>> {
  const rows = await db.selectFrom('iot_devices').selectAll().execute();
  return rows.map((r) => ({ device: rowToDevice(r), secretHash: r.secret_hash }));
}

export async function secretOf(db: Executor, id: string): Promise<string | undefined> {
  return (await db.selectFrom('iot_devices').select('secret_hash').where('id', '=', id).executeTakeFirst())?.secret_hash;
}

export interface DeviceQuery { type?: string; ownerKind?: string; ownerId?: string; q?: string; page: number; pageSize: number }

export async function listDevices(db: Executor, f: AccessFilter, q: DeviceQuery): Promise<{ items: Device[]; total: number }> {
  let base = db.selectFrom('iot_devices');
  if (f.districtCode) base = base.where('district_code', '=', f.districtCode);
  if (f.streetCode) base = base.where('street_code', '=', f.streetCode);
  if (q.type) base = base.where('type', '=', q.type);
  if (q.ownerKind) base = base.where('owner_kind', '=', q.ownerKind);
  if (q.ownerId) base = base.where('owner_id', '=', q.ownerId);
  if (q.q) base = base.where((eb) => eb.or([eb('id', '=', q.q!), eb('name', 'like', `%${q.q}%`), eb('owner_name', 'like', `%${q.q}%`)]));
  const [rows, total] = await Promise.all([
    base.selectAll().orderBy('id').limit(q.pageSize).offset((q.page - 1) * q.pageSize).execute(),
    base.select((eb) => eb.fn.countAll().as('n')).executeTakeFirst(),
  ]);
  return { items: rows.map(rowToDevice), total: Number(total?.n ?? 0) };
}

/** Last-seen times, written in one statement per flush. */
export async function touchDevices(db: Executor, seen: ReadonlyMap<string, number>): Promise<void> {
  const all = [...seen];
  for (let i = 0; i < all.length; i += 1_000) {
    const part = all.slice(i, i + 1_000);
    const list = sql.join(part.map(([id, at]) => sql`(${id}, cast(${at} as bigint))`));
    await sql`update iot_devices set last_seen_at = v.at from (values ${list}) as v(id, at)
      where iot_devices.id = v.id and (iot_devices.last_seen_at is null or iot_devices.last_seen_at < v.at)`.execute(db);
  }
}

// ---- rules ----
function rowToRule(r: { id: string; key: string; scope_kind: string; scope_ref: string; version: number; body: string; enabled: number; updated_at: number | string; updated_by: string }): Rule {
  return {
    id: r.id, key: r.key, scope: { kind: r.scope_kind, ref: r.scope_ref } as RuleScope, version: Number(r.version), enabled: Number(r.enabled) === 1,
    body: fromJson<RuleBody>(r.body), updatedAt: Number(r.updated_at), updatedBy: r.updated_by,
  };
}
export async function allRules(db: Executor): Promise<Rule[]> {
  return (await db.selectFrom('iot_rules').selectAll().orderBy('key').orderBy('scope_kind').execute()).map(rowToRule);
}
export async function getRule(db: Executor, id: string): Promise<Rule | undefined> {
  const r = await db.selectFrom('iot_rules').selectAll().where('id', '=', id).executeTakeFirst();
  return r ? rowToRule(r) : undefined;
}
export async function insertRule(db: Executor, r: Rule): Promise<void> {
  const body = toJson(r.body);
  await db.insertInto('iot_rules').values({
    id: r.id, key: r.key, scope_kind: r.scope.kind, scope_ref: r.scope.ref, version: r.version, body, enabled: r.enabled ? 1 : 0, updated_at: r.updatedAt, updated_by: r.updatedBy,
  }).execute();
  await db.insertInto('iot_rule_versions').values({ rule_id: r.id, version: r.version, body, at: r.updatedAt, actor_id: r.updatedBy }).execute();
}
/** A new version of a rule, guarded by the version read; false when someone saved it first. */
export async function saveRuleVersion(db: Executor, r: Rule, expectedVersion: number): Promise<boolean> {
  const body = toJson(r.body);
  const u = await db.updateTable('iot_rules').set({ version: r.version, body, enabled: r.enabled ? 1 : 0, updated_at: r.updatedAt, updated_by: r.updatedBy })
    .where('id', '=', r.id).where('version', '=', expectedVersion).executeTakeFirst();
  if (Number(u.numUpdatedRows) !== 1) return false;
  await db.insertInto('iot_rule_versions').values({ rule_id: r.id, version: r.version, body, at: r.updatedAt, actor_id: r.updatedBy }).execute();
  return true;
}
export async function ruleVersions(db: Executor, id: string): Promise<Array<{ version: number; at: number; actorId: string }>> {
  const rows = await db.selectFrom('iot_rule_versions').select(['version', 'at', 'actor_id']).where('rule_id', '=', id).orderBy('version', 'desc').execute();
  return rows.map((r) => ({ version: Number(r.version), at: Number(r.at), actorId: r.actor_id }));
}

// ---- alarms ----
const toAlarm = (r: unknown) => ALARM_STREAM.rowToRecord(r as Record<string, unknown>);

export async function activeAlarm(db: Executor, deviceId: string, ruleId: string): Promise<Alarm | undefined> {
  const r = await db.selectFrom('iot_alarms').selectAll().where('device_id', '=', deviceId).where('rule_id', '=', ruleId).where('active', '=', 1).executeTakeFirst();
  return r ? toAlarm(r) : undefined;
}
export async function activeAlarms(db: Executor): Promise<Alarm[]> {
  return (await db.selectFrom('iot_alarms').selectAll().where('active', '=', 1).execute()).map(toAlarm);
}
/** The latest alarm of (device, rule) that carries a case, for "a repeat adds to the open case". */
export async function lastCaseOf(db: Executor, deviceId: string, ruleId: string): Promise<string | null> {
  const r = await db.selectFrom('iot_alarms').select('case_id').where('device_id', '=', deviceId).where('rule_id', '=', ruleId)
    .where('case_id', 'is not', null).orderBy('first_at', 'desc').limit(1).executeTakeFirst();
  return r?.case_id ?? null;
}
export async function dueAlarms(db: Executor, now: number, limit: number): Promise<Alarm[]> {
  return (await db.selectFrom('iot_alarms').selectAll().where('next_step_at', '<=', now).where('active', '=', 1).orderBy('next_step_at').limit(limit).execute()).map(toAlarm);
}
/** Alarms raised in the last `sinceMs` per device (the per-device budget after a restart). */
export async function recentRaises(db: Executor, since: number): Promise<Map<string, number[]>> {
  const rows = await db.selectFrom('iot_alarms').select(['device_id', 'first_at']).where('first_at', '>=', since).execute();
  const out = new Map<string, number[]>();
  for (const r of rows) out.set(r.device_id, [...(out.get(r.device_id) ?? []), Number(r.first_at)]);
  return out;
}

export interface AlarmQuery { state?: string[]; severity?: string[]; deviceId?: string; deviceType?: string; ruleKey?: string; active?: boolean; from?: number; to?: number; page: number; pageSize: number }
export async function listAlarms(db: Executor, f: AccessFilter, q: AlarmQuery): Promise<{ items: Alarm[]; total: number }> {
  let base = db.selectFrom('iot_alarms');
  if (f.districtCode) base = base.where('district_code', '=', f.districtCode);
  if (f.streetCode) base = base.where('street_code', '=', f.streetCode);
  if (q.state?.length) base = base.where('state', 'in', q.state);
  if (q.severity?.length) base = base.where('severity', 'in', q.severity);
  if (q.deviceId) base = base.where('device_id', '=', q.deviceId);
  if (q.deviceType) base = base.where('device_type', '=', q.deviceType);
  if (q.ruleKey) base = base.where('rule_key', '=', q.ruleKey);
  if (q.active !== undefined) base = base.where('active', '=', q.active ? 1 : 0);
  if (q.from !== undefined) base = base.where('last_at', '>=', q.from);
  if (q.to !== undefined) base = base.where('first_at', '<', q.to);
  const [rows, total] = await Promise.all([
    base.selectAll().orderBy('last_at', 'desc').orderBy('id', 'desc').limit(q.pageSize).offset((q.page - 1) * q.pageSize).execute(),
    base.select((eb) => eb.fn.countAll().as('n')).executeTakeFirst(),
  ]);
  return { items: rows.map(toAlarm), total: Number(total?.n ?? 0) };
}

// ---- history ----
export interface MinuteRow { deviceId: string; key: string; minute: number; count: number; min: number; max: number; sum: number; energy: number }

/** Adds closed minutes (a minute flushed twice — readings arriving late, two processes — merges). */
export async function upsertMinutes(db: Executor, rows: readonly MinuteRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 500) {
    const chunk = rows.slice(i, i + 500).map((r) => ({ device_id: r.deviceId, key: r.key, minute: r.minute, count: r.count, min: r.min, max: r.max, sum: r.sum, energy: r.energy }));
    await db.insertInto('iot_minutes').values(chunk).onConflict((oc) => oc.columns(['device_id', 'key', 'minute']).doUpdateSet({
      count: sql`iot_minutes.count + excluded.count`, sum: sql`iot_minutes.sum + excluded.sum`, energy: sql`iot_minutes.energy + excluded.energy`,
      min: sql`case when excluded.min < iot_minutes.min then excluded.min else iot_minutes.min end`,
      max: sql`case when excluded.max > iot_minutes.max then excluded.max else iot_minutes.max end`,
    })).execute();
  }
}

const MINUTE_UPSERT = 'insert into iot_minutes (device_id, key, minute, count, min, max, sum, energy) values (?, ?, ?, ?, ?, ?, ?, ?) '
  + 'on conflict (device_id, key, minute) do update set count = iot_minutes.count + excluded.count, sum = iot_minutes.sum + excluded.sum, '
  + 'energy = iot_minutes.energy + excluded.energy, min = case when excluded.min < iot_minutes.min then excluded.min else iot_minutes.min end, '
  + 'max = case when excluded.max > iot_minutes.max then excluded.max else iot_minutes.max end';
const READING_INSERT = 'insert into iot_readings (device_id, ts, vals) values (?, ?, ?)';
const TOUCH = 'update iot_devices set last_seen_at = ? where id = ? and (last_seen_at is null or last_seen_at < ?)';

/**
 * What the flusher collected, written at once. On SQLite through the store's writer (sqlite-writer.ts):
 * one prepared statement a row, the aggregates and last-seen times in one job, the raw readings in
 * another, both committed on the writer thread while ingest goes on. On PostgreSQL multi-row statements.
 */
export async function writeCollected(db: Db, minutes: readonly MinuteRow[], raw: ReadonlyArray<{ deviceId: string; ts: number; values: Record<string, number> }>, seen: ReadonlyMap<string, number>): Promise<void> {
  const writer = db.writer;
  if (!writer) {
    if (minutes.length) await upsertMinutes(db.kysely, minutes);
    if (raw.length) await insertReadings(db.kysely, raw);
    if (seen.size) await touchDevices(db.kysely, seen);
    return;
  }
  const jobs: Array<Promise<unknown>> = [];
  const a: Array<readonly [string, unknown[]]> = [];
  for (const m of minutes) a.push([MINUTE_UPSERT, [m.deviceId, m.key, m.minute, m.count, m.min, m.max, m.sum, m.energy]]);
  for (const [id, at] of seen) a.push([TOUCH, [at, id, at]]);
  if (a.length) jobs.push(writer.submit({ guarded: false, runs: a }));
  if (raw.length) jobs.push(writer.submit({ guarded: false, runs: raw.map((r) => [READING_INSERT, [r.deviceId, r.ts, JSON.stringify(r.values)]] as const) }));
  const outcomes = await Promise.all(jobs);
  for (const o of outcomes) if (o && typeof o === 'object' && 'error' in o) throw new Error(String((o as { error: unknown }).error));
}

export async function insertReadings(db: Executor, rows: ReadonlyArray<{ deviceId: string; ts: number; values: Record<string, number> }>): Promise<void> {
  for (let i = 0; i < rows.length; i += 1000) {
    await db.insertInto('iot_readings').values(rows.slice(i, i + 1000).map((r) => ({ device_id: r.deviceId, ts: r.ts, vals: JSON.stringify(r.values) }))).execute();
  }
}

export async function pruneReadings(db: Executor, before: number): Promise<number> {
  const r = await db.deleteFrom('iot_readings').where('ts', '<', before).executeTakeFirst();
  return Number(r.numDeletedRows);
}

export async function minutes(db: Executor, deviceId: string, from: number, to: number): Promise<MinuteRow[]> {
  const rows = await db.selectFrom('iot_minutes').selectAll().where('device_id', '=', deviceId).where('minute', '>=', from).where('minute', '<', to).orderBy('minute').execute();
  return rows.map((r) => ({ deviceId: r.device_id, key: r.key, minute: Number(r.minute), count: Number(r.count), min: Number(r.min), max: Number(r.max), sum: Number(r.sum), energy: Number(r.energy) }));
}

/** Minutes of every device of a type (for daily compliance). */
export async function minutesOfType(db: Executor, type: string, key: string, from: number, to: number): Promise<MinuteRow[]> {
  const rows = await db.selectFrom('iot_minutes').innerJoin('iot_devices', 'iot_devices.id', 'iot_minutes.device_id')
    .select(['iot_minutes.device_id', 'iot_minutes.minute', 'iot_minutes.count', 'iot_minutes.min', 'iot_minutes.max', 'iot_minutes.sum', 'iot_minutes.energy'])
    .where('iot_devices.type', '=', type).where('iot_minutes.key', '=', key).where('iot_minutes.minute', '>=', from).where('iot_minutes.minute', '<', to).execute();
  return rows.map((r) => ({ deviceId: r.device_id, key, minute: Number(r.minute), count: Number(r.count), min: Number(r.min), max: Number(r.max), sum: Number(r.sum), energy: Number(r.energy) }));
}

export async function rawReadings(db: Executor, deviceId: string, from: number, to: number, limit: number): Promise<Array<{ ts: number; values: Record<string, number> }>> {
  const rows = await db.selectFrom('iot_readings').select(['ts', 'vals']).where('device_id', '=', deviceId).where('ts', '>=', from).where('ts', '<', to).orderBy('ts').limit(limit).execute();
  return rows.map((r) => ({ ts: Number(r.ts), values: JSON.parse(r.vals) as Record<string, number> }));
}
