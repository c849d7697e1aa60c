/**
 * The IoT perception hub's use cases: the device registry, rules, ingest (every path ends in
 * `ingest`), alarms and their actions, the escalation sweeper, history. Devices and rules live in
 * memory (the engine); only alarm state changes go through the kit's guarded append, everything else
 * is written in batches by `flush`. Created by a factory that receives its dependencies.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { ServiceDeps } from '../core/deps.js';
import { conflict, isAppError, notFound } from '../core/errors.js';
import type { User } from '../auth/model.js';
import { accessFilter, authorize, can, CITY_WIDE } from '../auth/policy.js';
import type { CalendarService } from '../calendar/service.js';
import type { CaseService } from '../cases/service.js';
import type { GeoService } from '../geo/service.js';
import { getSetting, putSetting } from '../store/settings.js';
import { createAlarmWrites } from './alarms.js';
import { createAlarmDesk } from './alarm-desk.js';
import { createRuleDesk } from './rule-desk.js';
import { createEngine } from './engine.js';
import { sweepEscalations, type SweepReport } from './escalate.js';
import { checkDevice, parseReading, secretHash, type Device, type DeviceInput, type DevicePatch, type RejectReason } from './model.js';
import { DEFAULT_RULES } from './packs.js';
import { minutesOf, type Rule } from './rules.js';
import { alarmsSuppressed, pipelineWaiting, readingsAccepted, readingsRejected } from './metrics.js';
import * as repo from './repo.js';

export interface IngestResult { accepted: number; rejected: number; reasons: Partial<Record<RejectReason, number>> }

export interface IotServiceDeps extends ServiceDeps {
  geo: GeoService;
  calendar: CalendarService;
  cases: CaseService;
}

const REVISION = 'iot.revision';
const NIGHT = 'iot.night_start';
const TYPHOON = 'iot.typhoon';

function deviceNotFound(id: string) {
  return notFound('DEVICE_NOT_FOUND', '设备不存在', 'No such device', { id });
}

export function createIotService(deps: IotServiceDeps) {
  const db = () => deps.db.kysely;
  const now = () => deps.clock.now();
  let nightStart = 22 * 60;
  let revision = 0;
  let lastSeenRevision = '';
  const alarms = createAlarmWrites({ db: deps.db, bus: deps.bus, logger: deps.logger, now, ids: () => deps.ids.next(), budgetPerHour: () => deps.config.iotAlarmBudgetPerHour });
  const env = {
    nightStartMinute: 22 * 60,
    isWorkday: (date: string) => {
      try {
        return deps.calendar.isWorkday(date);
      } catch {
        const wd = new Date(`${date}T00:00:00Z`).getUTCDay();
        return wd !== 0 && wd !== 6;
      }
    },
  };
  const sink = {
    raise: async (d: Device, r: Rule, s: Parameters<typeof alarms.raise>[2], ts: number, v: Record<string, number>) => {
      const a = await alarms.raise(d, r, s, ts, v);
      if (a === null) alarmsSuppressed.inc();
      return a;
    },
    clear: (d: Device, r: Rule, reason: string, ts: number, v: Record<string, number>) => alarms.clear(d, r, reason, ts, v),
    active: (deviceId: string, ruleId: string) => alarms.known(deviceId, ruleId)?.severity ?? null,
  };
  const engine = createEngine({
    sink, env: () => env, limits: { maxInFlight: 2_000, maxQueued: 200_000 }, keepRaw: () => deps.config.iotRawDays > 0,
    onError: (e) => deps.logger.warn({ err: e }, 'IoT alarm write failed'),
  });
  const rejectCounts: Record<string, number> = {};
  function reject(reason: RejectReason, n = 1): void {
    readingsRejected.inc({ reason }, n);
    rejectCounts[reason] = (rejectCounts[reason] ?? 0) + n;
  }

  const resourceOf = (d: Pick<Device, 'districtCode' | 'streetCode'>) => ({ districtCode: d.districtCode, streetCode: d.streetCode });
  /** A device the user may read, or 404 (out of scope reads as not found). */
  function readable(user: User, id: string): Device {
    const l = engine.get(id);
    if (!l || !can(user, 'iot.read', resourceOf(l.device)).allowed) {
      authorize(user, 'iot.read');
      throw deviceNotFound(id);
    }
    return l.device;
  }

  async function bump(): Promise<void> {
    revision += 1;
    await putSetting(db(), REVISION, { at: now(), n: revision, nonce: randomBytes(4).toString('hex') }, now());
  }

  async function reloadRules(): Promise<void> {
    engine.setRules(await repo.allRules(db()));
  }

  function locate(lon: number, lat: number): Pick<Device, 'gridCode' | 'streetCode' | 'districtCode'> {
    const at = deps.geo.tryLocate(lon, lat);
    return { gridCode: at?.grid.code ?? null, streetCode: at?.street.code ?? null, districtCode: at?.district.code ?? null };
  }

  /** Every device in the user's scope (exports, the map, the compliance table). */
  function devicesInScope(user: User): Device[] {
    authorize(user, 'iot.read');
    return [...engine.devices.values()].map((l) => ({ ...l.device, lastSeenAt: l.lastSeen })).filter((d) => can(user, 'iot.read', resourceOf(d)).allowed);
  }

  const newSecret = () => randomBytes(24).toString('base64url');

  return {
    engine,
    alarms,
    /** Seeds the default rule packs (missing ones only) and loads devices, rules, active alarms and settings into memory. */
    async load(): Promise<void> {
      const have = new Set((await repo.allRules(db())).filter((r) => r.scope.kind === 'type').map((r) => r.key));
      for (const body of DEFAULT_RULES) {
        if (have.has(body.key)) continue;
        try {
          await repo.insertRule(db(), { id: `default:${body.key}`, key: body.key, scope: { kind: 'type', ref: body.deviceType }, version: 1, enabled: true, body, updatedAt: now(), updatedBy: 'system' });
        } catch {
          // another process seeded it first
        }
      }
      await this.reload();
      await alarms.load();
    },
    async reload(): Promise<void> {
      const ns = await getSetting<string>(db(), NIGHT);
      nightStart = ns ? minutesOf(ns) : 22 * 60;
      env.nightStartMinute = nightStart;
      engine.setTyphoon((await getSetting<boolean>(db(), TYPHOON)) === true);
      await reloadRules();
      const all = await repo.allDevices(db());
      for (const { device, secretHash: h } of all) engine.upsertDevice(device, h);
    },
    /** Reloads when another process changed devices or rules (checked by the sweeper). */
    async reloadIfChanged(): Promise<boolean> {
      const r = await getSetting<{ n: number; nonce: string }>(db(), REVISION);
      const key = r ? `${r.n}:${r.nonce}` : '';
      if (key === lastSeenRevision) return false;
      lastSeenRevision = key;
      await this.reload();
      return true;
    },

    // ---- devices ----
    async createDevice(user: User, input: DeviceInput): Promise<{ device: Device; secret: string }> {
      checkDevice(input);
      const place = locate(input.lon, input.lat);
      authorize(user, 'iot.admin', place.districtCode ? place : CITY_WIDE);
      if (engine.get(input.id) || (await repo.getDevice(db(), input.id))) throw conflict('DEVICE_EXISTS', `设备编号已存在：${input.id}`, `A device ${input.id} exists`, { id: input.id });
      const t = now();
      const device: Device = {
        id: input.id, type: input.type, model: input.model, serial: input.serial, name: input.name, ownerKind: input.ownerKind, ownerId: input.ownerId,
        ownerName: input.ownerName, contactName: input.contactName, contactPhone: input.contactPhone, lon: input.lon, lat: input.lat, address: input.address ?? null,
        ...place, baseline: input.baseline ?? {}, params: input.params ?? {}, enabled: input.enabled ?? true, lastSeenAt: null, version: 1, createdAt: t, updatedAt: t,
      };
      const secret = newSecret();
      try {
        await repo.insertDevice(db(), deps.db.dialect, device, secretHash(secret));
      } catch (e) {
        if ((await repo.getDevice(db(), input.id)) !== undefined) throw conflict('DEVICE_EXISTS', `设备编号已存在：${input.id}`, `A device ${input.id} exists`, { id: input.id });
        throw conflict('DEVICE_SERIAL_EXISTS', `该型号的序列号已登记：${input.model} ${input.serial}`, `Serial ${input.serial} of model ${input.model} is registered`, { cause: String(e) });
      }
      engine.upsertDevice(device, secretHash(secret));
      await bump();
      return { device, secret };
    },
    async updateDevice(user: User, id: string, patch: DevicePatch, expectedVersion: number, opts: { rotateSecret?: boolean } = {}): Promise<{ device: Device; secret: string | null }> {
      const cur = readable(user, id);
      authorize(user, 'iot.admin', cur.districtCode ? resourceOf(cur) : CITY_WIDE);
      if (cur.version !== expectedVersion) {
        const stored = await repo.getDevice(db(), id);
        if (!stored || stored.version !== expectedVersion) throw conflict('DEVICE_VERSION_CONFLICT', '设备已被他人更新，请刷新后重试', 'The device was changed by someone else; reload and try again', { id, expectedVersion });
      }
      const merged = { ...cur, ...Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) } as Device;
      checkDevice(merged);
      const place = patch.lon !== undefined || patch.lat !== undefined ? locate(merged.lon, merged.lat) : {};
      const next: Device = { ...merged, ...place, version: expectedVersion + 1, updatedAt: now(), lastSeenAt: engine.get(id)?.lastSeen ?? cur.lastSeenAt };
      if (next.districtCode) authorize(user, 'iot.admin', resourceOf(next));
      const secret = opts.rotateSecret ? newSecret() : null;
      if (!(await repo.updateDevice(db(), deps.db.dialect, next, expectedVersion, secret ? secretHash(secret) : undefined))) {
        throw conflict('DEVICE_VERSION_CONFLICT', '设备已被他人更新，请刷新后重试', 'The device was changed by someone else; reload and try again', { id, expectedVersion });
      }
      engine.upsertDevice(next, secret ? secretHash(secret) : engine.get(id)!.secretHash);
      await bump();
      return { device: next, secret };
    },
    getDevice(user: User, id: string): { device: Device; online: boolean; lastValues: Record<string, number>; rules: Rule[] } {
      const d = readable(user, id);
      const l = engine.get(id)!;
      return { device: { ...d, lastSeenAt: l.lastSeen }, online: onlineOf(l.device, l.lastSeen, now()), lastValues: l.lastValues, rules: l.rules.map((r) => r.rule) };
    },
    async listDevices(user: User, q: repo.DeviceQuery) {
      const f = accessFilter(user, 'iot.read');
      if (!f) authorize(user, 'iot.read');
      const page = await repo.listDevices(db(), f!, q);
      const t = now();
      return {
        total: page.total,
        items: page.items.map((d) => {
          const l = engine.get(d.id);
          const lastSeen = l?.lastSeen ?? d.lastSeenAt;
          return { device: { ...d, lastSeenAt: lastSeen }, online: onlineOf(d, lastSeen, t), lastValues: l?.lastValues ?? {} };
        }),
      };
    },
    /**
     * A register file's devices, all or nothing: new ids are registered (each with a secret, shown
     * once), known ids updated (their secrets kept). Any refusal (scope, a serial taken) imports nothing.
     */
    async importDevices(user: User, inputs: readonly DeviceInput[]): Promise<{ created: Array<{ id: string; secret: string }>; updated: string[] }> {
      authorize(user, 'iot.admin');
      const t = now();
      const plans = inputs.map((input) => {
        checkDevice(input);
        const place = locate(input.lon, input.lat);
        authorize(user, 'iot.admin', place.districtCode ? place : CITY_WIDE);
        const prev = engine.get(input.id)?.device;
        if (prev) authorize(user, 'iot.admin', prev.districtCode ? resourceOf(prev) : CITY_WIDE);
        const device: Device = {
          id: input.id, type: input.type, model: input.model, serial: input.serial, name: input.name, ownerKind: input.ownerKind, ownerId: input.ownerId,
          ownerName: input.ownerName, contactName: input.contactName, contactPhone: input.contactPhone, lon: input.lon, lat: input.lat, address: input.address ?? null,
          ...place, baseline: input.baseline ?? {}, params: input.params ?? {}, enabled: input.enabled ?? prev?.enabled ?? true,
          lastSeenAt: engine.get(input.id)?.lastSeen ?? null, version: (prev?.version ?? 0) + 1, createdAt: prev?.createdAt ?? t, updatedAt: t,
        };
        return { device, prev, secret: prev ? null : newSecret() };
      });
      try {
        await db().transaction().execute(async (tx) => {
          for (const p of plans) {
            if (p.prev) {
              if (!(await repo.updateDevice(tx, deps.db.dialect, p.device, p.prev.version))) throw conflict('DEVICE_VERSION_CONFLICT', `设备 ${p.device.id} 已被他人更新`, `Device ${p.device.id} was changed meanwhile`);
            } else await repo.insertDevice(tx, deps.db.dialect, p.device, secretHash(p.secret!));
          }
        });
      } catch (e) {
        if (isAppError(e)) throw e;
        throw conflict('DEVICE_IMPORT_REFUSED', '导入失败：设备编号或型号+序列号与已登记设备重复，未导入任何设备', 'Import refused: a device id or model + serial is registered already; nothing was imported', { cause: String(e) });
      }
      for (const p of plans) engine.upsertDevice(p.device, p.secret ? secretHash(p.secret) : engine.get(p.device.id)!.secretHash);
      await bump();
      return { created: plans.filter((p) => p.secret).map((p) => ({ id: p.device.id, secret: p.secret! })), updated: plans.filter((p) => p.prev).map((p) => p.device.id) };
    },
    /** New secrets for registered devices, in one transaction (the simulator re-provisions its fleet this way; shown once). */
    async rotateSecrets(user: User, ids: readonly string[]): Promise<Array<{ id: string; secret: string }>> {
      authorize(user, 'iot.admin', CITY_WIDE);
      const out = ids.map((id) => {
        if (!engine.get(id)) throw deviceNotFound(id);
        return { id, secret: newSecret() };
      });
      await db().transaction().execute(async (tx) => {
        for (const x of out) await repo.setSecret(tx, x.id, secretHash(x.secret));
      });
      for (const x of out) engine.upsertDevice(engine.get(x.id)!.device, secretHash(x.secret));
      await bump();
      return out;
    },
    devicesInScope,

    // ---- ingest ----
    /** Device credentials (MQTT CONNECT, HTTP Basic). */
    authenticate(deviceId: string, secret: string): boolean {
      const l = engine.get(deviceId);
      if (!l) return false;
      const a = Buffer.from(secretHash(secret), 'hex');
      const b = Buffer.from(l.secretHash, 'hex');
      return a.length === b.length && timingSafeEqual(a, b);
    },
    reject,
    rejections: () => ({ ...rejectCounts }),
    /**
     * One message of a device: a reading `{ts, values}` or an array of them. Each bad reading is
     * counted by reason and dropped; the good ones are evaluated. Resolves once there is room in the
     * pipeline again (the caller's ack waits: back-pressure).
     */
    ingest(deviceId: string, payload: unknown, path: 'mqtt' | 'http'): IngestResult | Promise<IngestResult> {
      const l = engine.get(deviceId);
      const list = Array.isArray(payload) ? payload : [payload];
      if (!l) {
        reject('unknown_device', list.length || 1);
        return { accepted: 0, rejected: list.length || 1, reasons: { unknown_device: list.length || 1 } };
      }
      if (!l.device.enabled) {
        reject('disabled', list.length || 1);
        return { accepted: 0, rejected: list.length || 1, reasons: { disabled: list.length || 1 } };
      }
      const t = now();
      const good: Array<{ ts: number; values: Record<string, number> }> = [];
      const reasons: Partial<Record<RejectReason, number>> = {};
      if (list.length === 0 || list.length > 5_000) {
        reject('malformed');
        return { accepted: 0, rejected: 1, reasons: { malformed: 1 } };
      }
      for (const raw of list) {
        const p = parseReading(raw, t);
        if (p.ok) good.push({ ts: p.ts, values: p.values });
        else {
          reject(p.reason);
          reasons[p.reason] = (reasons[p.reason] ?? 0) + 1;
        }
      }
      if (good.length > 1) good.sort((a, b) => a.ts - b.ts);
      if (good.length) {
        engine.accept(l, good);
        readingsAccepted.inc({ path }, good.length);
      }
      const result = { accepted: good.length, rejected: list.length - good.length, reasons };
      const wait = engine.room();
      return wait ? wait.then(() => result) : result;
    },
    /** Decodes an MQTT payload (UTF-8 JSON) and ingests it; a payload that is not JSON is counted as malformed. */
    ingestBuffer(deviceId: string, buf: Buffer, path: 'mqtt' | 'http'): IngestResult | Promise<IngestResult> {
      let payload: unknown;
      try {
        payload = JSON.parse(buf.toString('utf8'));
      } catch {
        if (!engine.get(deviceId)) reject('unknown_device');
        else reject('malformed');
        return { accepted: 0, rejected: 1, reasons: { malformed: 1 } };
      }
      return this.ingest(deviceId, payload, path);
    },

    /** Waits for the alarm writes in flight, then flushes (tests, the simulator, shutdown). */
    async settle(): Promise<void> {
      while (engine.inFlight() > 0) await new Promise((r) => setTimeout(r, 2));
      await this.flush();
      while (engine.inFlight() > 0) await new Promise((r) => setTimeout(r, 2));
    },
    // ---- batched writes and timers ----
    /** Writes what the engine collected: repeats, minute aggregates, raw readings, last-seen times. */
    async flush(): Promise<void> {
      await alarms.flushRepeats();
      const d = engine.drain();
      pipelineWaiting.set(engine.queued());
      await repo.writeCollected(deps.db, d.minutes, d.raw, d.seen);
    },
    /** Silence (offline) alarms, the escalation ladder and cases, raw retention. */
    async sweep(at = now()): Promise<SweepReport & { silent: number }> {
      const silent = engine.checkSilence(at);
      const r = await sweepEscalations({
        db: deps.db, logger: deps.logger, alarms, cases: deps.cases, device: (id) => engine.get(id)?.device, rule: (id) => engine.rules().find((x) => x.id === id),
      }, at);
      return { ...r, silent };
    },
    async prune(at = now()): Promise<number> {
      return repo.pruneReadings(db(), at - deps.config.iotRawDays * 86_400_000);
    },

    ...createRuleDesk({ deps, engine, reloadRules, bump }),
    settings: () => ({ nightStart: `${String(Math.floor(nightStart / 60)).padStart(2, '0')}:${String(nightStart % 60).padStart(2, '0')}`, typhoon: engine.typhoon() }),
    async setSettings(user: User, s: { nightStart?: string; typhoon?: boolean }) {
      authorize(user, 'iot.admin', CITY_WIDE);
      if (s.nightStart !== undefined) {
        await putSetting(db(), NIGHT, s.nightStart, now());
        nightStart = minutesOf(s.nightStart);
        env.nightStartMinute = nightStart;
      }
      if (s.typhoon !== undefined) {
        await putSetting(db(), TYPHOON, s.typhoon, now());
        engine.setTyphoon(s.typhoon);
      }
      await bump();
      return this.settings();
    },

    ...createAlarmDesk({ deps, alarms, readable, resourceOf, nightStart: () => nightStart, devicesInScope }),
  };
}

/** Online: a reading within the device's silence limit (its offline rule), else within 30 minutes. */
export function onlineOf(d: Device, lastSeen: number | null, at: number): boolean {
  if (lastSeen === null) return false;
  return at - lastSeen < 30 * 60_000;
}

export type IotService = ReturnType<typeof createIotService>;
