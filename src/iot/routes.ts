/**
 * HTTP for the IoT hub: devices (register, edit, read, live state, series), HTTP batch ingest for
 * gateways, alarms (list, detail with history, the declared actions), rules, hub settings and the
 * daily noise compliance. Route = authenticate → validate → one service call → present.
 */
import { Type } from 'typebox';
import type { FastifyRequest } from 'fastify';
import type { Api } from '../http/types.js';
import type { AppContext } from '../app.js';
import { requireUser } from '../http/auth-hook.js';
import { authorize, CITY_WIDE } from '../auth/policy.js';
import { badRequest, unauthorized } from '../core/errors.js';
import { parseInstant, shanghaiDate } from '../core/time.js';
import { actionRoutes } from '../workflow/routes.js';
import { ALARM_ACTIONS, ALARM_STATES, type Alarm, type AlarmEvent } from './alarm-stream.js';
import { DEVICE_TYPES, SEVERITIES, type Rule, type RuleBody } from './rules.js';
import type { Device, DeviceInput, DevicePatch } from './model.js';
import { deviceSheetRoutes } from './sheet-routes.js';

const Err = Type.Ref('Error');
const tags = ['iot'];
const Num = Type.Record(Type.String(), Type.Number());
const Json = Type.Record(Type.String(), Type.Unknown());

export const DeviceView = Type.Object({
  id: Type.String(), type: Type.String(), model: Type.String(), serial: Type.String(), name: Type.String(),
  ownerKind: Type.String(), ownerId: Type.String(), ownerName: Type.String(), contactName: Type.String(), contactPhone: Type.String(),
  lon: Type.Number(), lat: Type.Number(), address: Type.Union([Type.String(), Type.Null()]), gridCode: Type.Union([Type.String(), Type.Null()]),
  streetCode: Type.Union([Type.String(), Type.Null()]), districtCode: Type.Union([Type.String(), Type.Null()]), baseline: Num, params: Json,
  enabled: Type.Boolean(), lastSeenAt: Type.Union([Type.Number(), Type.Null()]), version: Type.Integer(), createdAt: Type.Number(), updatedAt: Type.Number(),
  online: Type.Boolean(), lastValues: Num,
});
const present = (d: Device, online: boolean, lastValues: Record<string, number>) => ({ ...d, online, lastValues });

export const AlarmView = Type.Object({
  id: Type.String(), version: Type.Integer(), state: Type.String(), deviceId: Type.String(), deviceType: Type.String(), ruleId: Type.String(), ruleKey: Type.String(),
  ruleVersion: Type.Integer(), title: Type.String(), severity: Type.String(), active: Type.Boolean(), count: Type.Integer(), firstAt: Type.Number(), lastAt: Type.Number(),
  clearedAt: Type.Union([Type.Number(), Type.Null()]), ackedAt: Type.Union([Type.Number(), Type.Null()]), assigneeId: Type.Union([Type.String(), Type.Null()]),
  caseId: Type.Union([Type.String(), Type.Null()]), escalationStep: Type.Integer(), caseAt: Type.Union([Type.Number(), Type.Null()]),
  nextStepAt: Type.Union([Type.Number(), Type.Null()]), ownerKind: Type.String(), ownerId: Type.String(), districtCode: Type.Union([Type.String(), Type.Null()]),
  streetCode: Type.Union([Type.String(), Type.Null()]), lastValues: Num, updatedAt: Type.Number(),
});
export const presentAlarm = (a: Alarm) => {
  const { lastHash: _h, escalation, ...rest } = a;
  return { ...rest, escalationStep: escalation.step, caseAt: escalation.caseAt };
};
const EventView = Type.Object({ seq: Type.Integer(), type: Type.String(), at: Type.Number(), actorId: Type.String(), role: Type.String(), data: Json, hash: Type.String() });
const presentEvent = (e: AlarmEvent) => ({ seq: e.seq, type: e.type, at: e.at, actorId: e.actorId, role: e.role, data: e.data as Record<string, unknown>, hash: e.hash });

const RuleView = Type.Object({
  id: Type.String(), key: Type.String(), scope: Type.Object({ kind: Type.String(), ref: Type.String() }), version: Type.Integer(), enabled: Type.Boolean(),
  body: Json, updatedAt: Type.Number(), updatedBy: Type.String(),
});
const presentRule = (r: Rule) => ({ ...r, body: r.body as unknown as Record<string, unknown> });

const Text = (max: number) => Type.String({ minLength: 1, maxLength: max });
const DeviceFields = {
  type: Type.Enum([...DEVICE_TYPES], { description: 'noise 噪声 · gas 可燃气体 · tilt 广告设施倾斜 · dust 扬尘 · manhole 井盖' }),
  model: Text(60), serial: Text(60), name: Text(60),
  ownerKind: Type.String({ minLength: 2, maxLength: 40, description: 'construction_site, ad_facility, gas_user, manhole, utility_tunnel … (referenced by kind + id)' }),
  ownerId: Text(64), ownerName: Text(100), contactName: Text(40), contactPhone: Type.String({ minLength: 6, maxLength: 20 }),
  lon: Type.Number({ minimum: -180, maximum: 180 }), lat: Type.Number({ minimum: -90, maximum: 90 }),
  address: Type.Optional(Type.Union([Type.String({ maxLength: 200 }), Type.Null()])),
  baseline: Type.Optional(Num), params: Type.Optional(Json), enabled: Type.Optional(Type.Boolean()),
};
const DeviceBody = Type.Object({ id: Type.String({ minLength: 3, maxLength: 64, description: 'device id = MQTT username' }), ...DeviceFields }, { additionalProperties: false });
const PatchBody = Type.Object({
  version: Type.Integer({ minimum: 1 }), rotateSecret: Type.Optional(Type.Boolean({ description: 'issue a new secret (shown once)' })),
  ...Object.fromEntries(Object.entries(DeviceFields).map(([k, v]) => [k, Type.Optional(v)])),
}, { additionalProperties: false });

const Id = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });
const Paging = { page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000, default: 1 })), pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })) };

function instant(v: string | undefined, field: string, fallback: number): number {
  if (v === undefined) return fallback;
  const t = parseInstant(v);
  if (Number.isNaN(t)) throw badRequest('INSTANT_INVALID', `时间格式无效：${field}=${v}`, `Unreadable instant: ${field}=${v}`, { field });
  return t;
}

/** HTTP Basic with a device's id and secret (a device or gateway posting its own readings). */
function basicDevice(req: FastifyRequest): { id: string; secret: string } | null {
  const m = /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(req.headers.authorization ?? '');
  if (!m) return null;
  const text = Buffer.from(m[1]!, 'base64').toString('utf8');
  const i = text.indexOf(':');
  return i > 0 ? { id: text.slice(0, i), secret: text.slice(i + 1) } : { id: text, secret: '' };
}

export async function iotRoutes(app: Api, ctx: AppContext): Promise<void> {
  const iot = ctx.iot;

  app.get('/api/v1/devices', {
    schema: {
      tags, summary: '感知设备列表（在线状态、最近读数） · Devices with live status',
      querystring: Type.Object({ type: Type.Optional(Type.Enum([...DEVICE_TYPES])), ownerKind: Type.Optional(Type.String()), ownerId: Type.Optional(Type.String()), q: Type.Optional(Type.String({ maxLength: 60 })), ...Paging }),
      response: { 200: Type.Object({ items: Type.Array(DeviceView), total: Type.Integer() }), 400: Err, 401: Err, 403: Err },
    },
  }, async (req) => {
    const user = requireUser(req);
    const q = req.query;
    const r = await iot.listDevices(user, { ...q, page: q.page ?? 1, pageSize: q.pageSize ?? 50 });
    return { total: r.total, items: r.items.map((x) => present(x.device, x.online, x.lastValues)) };
  });

  app.post('/api/v1/devices', {
    schema: {
      tags, summary: '登记设备（返回设备密钥，仅此一次） · Register a device (its secret is shown once)', body: DeviceBody,
      response: { 201: Type.Object({ device: DeviceView, secret: Type.String() }), 400: Err, 401: Err, 403: Err, 409: Err, 422: Err },
    },
  }, async (req, reply) => {
    const user = requireUser(req);
    const r = await iot.createDevice(user, req.body as DeviceInput);
    return reply.status(201).send({ device: present(r.device, false, {}), secret: r.secret });
  });

  await deviceSheetRoutes(app, ctx);

  app.get('/api/v1/devices/:id', {
    schema: { tags, summary: '设备详情（实时状态、适用规则） · A device, its live state and rules', params: Id, response: { 200: Type.Object({ device: DeviceView, rules: Type.Array(RuleView) }), 401: Err, 403: Err, 404: Err } },
  }, async (req) => {
    const user = requireUser(req);
    const r = iot.getDevice(user, req.params.id);
    return { device: present(r.device, r.online, r.lastValues), rules: r.rules.map(presentRule) };
  });

  app.patch('/api/v1/devices/:id', {
    schema: {
      tags, summary: '修改设备（版本保护；可换发密钥） · Edit a device (version-guarded; may rotate its secret)', params: Id, body: PatchBody,
      response: { 200: Type.Object({ device: DeviceView, secret: Type.Union([Type.String(), Type.Null()]) }), 400: Err, 401: Err, 403: Err, 404: Err, 409: Err, 422: Err },
    },
  }, async (req) => {
    const user = requireUser(req);
    const { version, rotateSecret, ...patch } = req.body as { version: number; rotateSecret?: boolean } & DevicePatch;
    const r = await iot.updateDevice(user, req.params.id, patch, version, { rotateSecret: rotateSecret === true });
    const live = iot.getDevice(user, r.device.id);
    return { device: present(r.device, live.online, live.lastValues), secret: r.secret };
  });

  app.get('/api/v1/devices/:id/series', {
    schema: {
      tags, summary: '设备读数曲线（分钟聚合；声级为能量平均 Leq） · A device’s series from minute aggregates (sound levels as Leq)', params: Id,
      querystring: Type.Object({ from: Type.Optional(Type.String()), to: Type.Optional(Type.String()), step: Type.Optional(Type.Integer({ minimum: 1, maximum: 1440, default: 1, description: 'minutes' })) }),
      response: {
        200: Type.Object({
          deviceId: Type.String(), from: Type.Number(), to: Type.Number(), stepMinutes: Type.Integer(),
          series: Type.Record(Type.String(), Type.Array(Type.Object({ at: Type.Number(), count: Type.Integer(), min: Type.Number(), max: Type.Number(), mean: Type.Number() }))),
        }), 400: Err, 401: Err, 403: Err, 404: Err,
      },
    },
  }, async (req) => {
    const user = requireUser(req);
    const to = instant(req.query.to, 'to', ctx.clock.now());
    const from = instant(req.query.from, 'from', to - 3 * 3_600_000);
    if (!(from < to) || to - from > 92 * 86_400_000) throw badRequest('SERIES_RANGE_INVALID', '时间范围无效（from 早于 to，最长 92 天）', 'from must be before to, at most 92 days apart');
    return iot.series(user, req.params.id, from, to, req.query.step ?? 1);
  });

  app.get('/api/v1/devices/:id/readings', {
    schema: {
      tags, summary: '设备原始读数（保留 IOT_RAW_DAYS 天） · A device’s raw readings (kept IOT_RAW_DAYS days)', params: Id,
      querystring: Type.Object({ from: Type.Optional(Type.String()), to: Type.Optional(Type.String()), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000, default: 1_000 })) }),
      response: {
        200: Type.Object({ deviceId: Type.String(), from: Type.Number(), to: Type.Number(), keptDays: Type.Integer(), items: Type.Array(Type.Object({ ts: Type.Number(), values: Type.Record(Type.String(), Type.Number()) })) }),
        400: Err, 401: Err, 403: Err, 404: Err,
      },
    },
  }, async (req) => {
    const user = requireUser(req);
    const to = instant(req.query.to, 'to', ctx.clock.now());
    const from = instant(req.query.from, 'from', to - 3_600_000);
    if (!(from < to)) throw badRequest('SERIES_RANGE_INVALID', '时间范围无效（from 应早于 to）', 'from must be before to');
    return iot.readings(user, req.params.id, from, to, req.query.limit ?? 1_000);
  });

  app.post('/api/v1/telemetry', {
    schema: {
      tags, summary: '批量上传读数（网关；设备 Basic 认证或具备 iot.admin 的账户） · Batch ingest for gateways',
      description: 'Each reading {deviceId, ts?, values:{…}}. A bad reading is counted by reason (cityloop_iot_rejected_total) and skipped; the rest are taken. With HTTP Basic (device id : secret) only that device’s readings.',
      body: Type.Object({ readings: Type.Array(Type.Unknown(), { minItems: 1, maxItems: 10_000 }) }, { additionalProperties: false }),
      response: { 200: Type.Object({ accepted: Type.Integer(), rejected: Type.Integer(), reasons: Type.Record(Type.String(), Type.Integer()) }), 400: Err, 401: Err, 403: Err },
    },
  }, async (req) => {
    const basic = basicDevice(req);
    if (basic) {
      if (!iot.authenticate(basic.id, basic.secret)) {
        iot.reject('bad_credentials');
        throw unauthorized('DEVICE_AUTH_FAILED', '设备编号或密钥错误', 'Wrong device id or secret');
      }
    } else {
      const user = requireUser(req);
      authorize(user, 'iot.admin', CITY_WIDE);
    }
    const byDevice = new Map<string, unknown[]>();
    const total = { accepted: 0, rejected: 0, reasons: {} as Record<string, number> };
    for (const r of req.body.readings) {
      const id = r && typeof r === 'object' ? (r as { deviceId?: unknown }).deviceId : undefined;
      if (typeof id !== 'string' || (basic && id !== basic.id)) {
        const reason = typeof id !== 'string' ? 'malformed' : 'bad_credentials';
        iot.reject(reason);
        total.rejected++;
        total.reasons[reason] = (total.reasons[reason] ?? 0) + 1;
        continue;
      }
      byDevice.set(id, [...(byDevice.get(id) ?? []), r]);
    }
    for (const [id, list] of byDevice) {
      const r = await iot.ingest(id, list, 'http');
      total.accepted += r.accepted;
      total.rejected += r.rejected;
      for (const [k, v] of Object.entries(r.reasons)) total.reasons[k] = (total.reasons[k] ?? 0) + (v ?? 0);
    }
    return total;
  });

  app.get('/api/v1/alarms', {
    schema: {
      tags, summary: '告警列表（筛选、分页） · Alarms (filters, paging)',
      querystring: Type.Object({
        state: Type.Optional(Type.Array(Type.Enum([...ALARM_STATES]))), severity: Type.Optional(Type.Array(Type.Enum([...SEVERITIES]))),
        active: Type.Optional(Type.Boolean()), deviceId: Type.Optional(Type.String()), deviceType: Type.Optional(Type.Enum([...DEVICE_TYPES])),
        ruleKey: Type.Optional(Type.String()), from: Type.Optional(Type.String()), to: Type.Optional(Type.String()), ...Paging,
      }),
      response: { 200: Type.Object({ items: Type.Array(AlarmView), total: Type.Integer() }), 400: Err, 401: Err, 403: Err },
    },
  }, async (req) => {
    const user = requireUser(req);
    const q = req.query;
    const r = await iot.listAlarms(user, {
      ...q, page: q.page ?? 1, pageSize: q.pageSize ?? 50,
      from: q.from === undefined ? undefined : instant(q.from, 'from', 0), to: q.to === undefined ? undefined : instant(q.to, 'to', 0),
    });
    return { total: r.total, items: r.items.map(presentAlarm) };
  });

  app.get('/api/v1/alarms/:id', {
    schema: { tags, summary: '告警详情与完整历史（含触发读数） · An alarm and its whole history', params: Id, response: { 200: Type.Object({ alarm: AlarmView, events: Type.Array(EventView) }), 401: Err, 403: Err, 404: Err } },
  }, async (req) => {
    const user = requireUser(req);
    const r = await iot.getAlarm(user, req.params.id);
    return { alarm: presentAlarm(r.alarm), events: r.events.map(presentEvent) };
  });

  actionRoutes(app, {
    base: '/api/v1/alarms', tags, declarations: ALARM_ACTIONS,
    response: { 200: Type.Object({ alarm: AlarmView }), 400: Err, 401: Err, 403: Err, 404: Err, 409: Err, 422: Err },
    handle: async (req, id, action, body, version) => ({ alarm: presentAlarm(await iot.actOnAlarm(requireUser(req), id, action, body, version)) }),
  });

  app.get('/api/v1/iot/rules', {
    schema: { tags, summary: '告警规则（默认规则包与覆盖） · Alarm rules (defaults and overrides)', response: { 200: Type.Object({ items: Type.Array(RuleView) }), 401: Err, 403: Err } },
  }, async (req) => ({ items: iot.listRules(requireUser(req)).map(presentRule) }));

  app.put('/api/v1/iot/rules/:id', {
    schema: {
      tags, summary: '保存规则新版本（校验；版本保护） · Save a new version of a rule (validated, version-guarded)', params: Id,
      body: Type.Object({ version: Type.Integer({ minimum: 1 }), enabled: Type.Optional(Type.Boolean()), body: Json }, { additionalProperties: false }),
      response: { 200: Type.Object({ rule: RuleView }), 400: Err, 401: Err, 403: Err, 404: Err, 409: Err, 422: Err },
    },
  }, async (req) => {
    const b = req.body;
    return { rule: presentRule(await iot.saveRule(requireUser(req), req.params.id, b.body as unknown as RuleBody, b.version, b.enabled ?? true)) };
  });

  app.post('/api/v1/iot/rules', {
    schema: {
      tags, summary: '为单个设备或业主覆盖默认规则 · Override a default rule for one device or owner',
      body: Type.Object({ scope: Type.Object({ kind: Type.Enum(['device', 'owner']), ref: Type.String({ minLength: 1, maxLength: 130 }) }), body: Json }, { additionalProperties: false }),
      response: { 201: Type.Object({ rule: RuleView }), 400: Err, 401: Err, 403: Err, 409: Err, 422: Err },
    },
  }, async (req, reply) => {
    const b = req.body;
    const r = await iot.overrideRule(requireUser(req), b.scope as { kind: 'device' | 'owner'; ref: string }, b.body as unknown as RuleBody);
    return reply.status(201).send({ rule: presentRule(r) });
  });

  const Settings = Type.Object({ nightStart: Type.String({ pattern: '^([01]\\d|2[0-3]):[0-5]\\d$', description: 'night = 8 hours from here (噪声污染防治法 art. 88)' }), typhoon: Type.Boolean({ description: '台风模式：倾斜阈值全市收紧' }) });
  app.get('/api/v1/iot/settings', {
    schema: { tags, summary: '物联设置（夜间起点、台风模式） · Hub settings', response: { 200: Settings, 401: Err, 403: Err } },
  }, async (req) => {
    authorize(requireUser(req), 'iot.read');
    return iot.settings();
  });
  app.put('/api/v1/iot/settings', {
    schema: { tags, summary: '修改物联设置 · Change hub settings', body: Type.Partial(Settings, { additionalProperties: false }), response: { 200: Settings, 400: Err, 401: Err, 403: Err } },
  }, async (req) => iot.setSettings(requireUser(req), req.body));

  app.get('/api/v1/iot/noise/compliance', {
    schema: {
      tags, summary: '工地噪声日达标（超标分钟数，昼/夜；最差在前） · Daily noise compliance per site, worst first',
      querystring: Type.Object({ date: Type.Optional(Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' })) }),
      response: {
        200: Type.Object({
          date: Type.String(),
          items: Type.Array(Type.Object({
            deviceId: Type.String(), name: Type.String(), ownerKind: Type.String(), ownerId: Type.String(), ownerName: Type.String(),
            districtCode: Type.Union([Type.String(), Type.Null()]), streetCode: Type.Union([Type.String(), Type.Null()]), dayLimit: Type.Number(), nightLimit: Type.Number(),
            dayMinutes: Type.Integer(), nightMinutes: Type.Integer(), dayOver: Type.Integer(), nightOver: Type.Integer(), worstLeq: Type.Union([Type.Number(), Type.Null()]),
          })),
        }), 400: Err, 401: Err, 403: Err,
      },
    },
  }, async (req) => {
    const date = req.query.date ?? shanghaiDate(ctx.clock.now());
    return { date, items: await iot.compliance(requireUser(req), date) };
  });

  app.get('/api/v1/iot/stats', {
    schema: {
      tags, summary: '接入统计（拒收原因计数、在线设备） · Ingest figures',
      response: { 200: Type.Object({ devices: Type.Integer(), online: Type.Integer(), readings: Type.Integer(), rejected: Type.Record(Type.String(), Type.Integer()), activeAlarms: Type.Integer(), suppressedAlarms: Type.Integer() }), 401: Err, 403: Err },
    },
  }, async (req) => {
    const user = requireUser(req);
    const devices = iot.devicesInScope(user);
    const t = ctx.clock.now();
    const active = await iot.listAlarms(user, { active: true, page: 1, pageSize: 1 });
    return {
      devices: devices.length, online: devices.filter((d) => d.lastSeenAt !== null && t - d.lastSeenAt < 30 * 60_000).length,
      readings: iot.engine.stats.readings, rejected: iot.rejections(), activeAlarms: active.total, suppressedAlarms: iot.alarms.suppressed(),
    };
  });
}
