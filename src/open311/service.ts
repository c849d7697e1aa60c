/**
 * The Open311 GeoReport v2 server's use cases: the services a city opened to the public, POST with
 * an API key (a case with source `citizen` through the public channel, idempotent per key + app
 * reference), the published requests read back with the case's live state, and batch tokens.
 * Admin: which classes are open, and the API keys of third-party apps.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { ServiceDeps } from '../core/deps.js';
import { AppError, badRequest, forbidden, notFound, unprocessable } from '../core/errors.js';
import type { User } from '../auth/model.js';
import { authorize, CITY_WIDE } from '../auth/policy.js';
import type { CaseService } from '../cases/service.js';
import type { CaseRecord } from '../cases/record.js';
import type { CatalogService } from '../catalog/service.js';
import type { Category } from '../catalog/model.js';
import {
  ATTRIBUTE_CODES, DEFAULT_RADIUS_M, MAX_RADIUS_M, SERVICE_TYPES, checkAttributes, definitionOf, readPostForm, readRequestQuery,
  toRequest, toService, type AttributeCode, type CaseView, type ClassInfo, type Form, type Open311Request,
  type Open311Service as ServiceItem, type PostedRequest, type ServiceConfig, type ServiceDefinition, type ServiceType,
} from './model.js';
import * as repo from './repo.js';
import type { KeyRow, PublicRow } from './repo.js';

export interface ServiceInput {
  type?: ServiceType;
  keywords?: string | null;
  description?: string | null;
  plainName?: string | null;
  attributes?: AttributeCode[];
  radiusM?: number;
}

/** An opened service as the console shows it: the configuration with the class's names. */
export interface ServiceAdminView extends ServiceConfig {
  name: string;
  groupName: string;
  kind: 'component' | 'event';
}

export type PostAnswer = { service_request_id: string; service_notice: string; account_id: string } | { token: string; service_notice: string; account_id: string } | null;

export interface Open311Server {
  services(): Promise<ServiceItem[]>;
  definition(code: string): Promise<ServiceDefinition>;
  /** POST /requests: `apiKey` from the form or header, `appRef` the app's own id of the request (idempotency). */
  post(apiKey: string | null, form: Form, headerAppRef?: string | null): Promise<{ answer: PostAnswer; replayed: boolean }>;
  requests(query: Record<string, string | undefined>): Promise<Open311Request[]>;
  request(serviceRequestId: string): Promise<Open311Request>;
  token(token: string): Promise<{ token: string; service_request_id?: string }>;
  /** Turns queued batch requests into cases (after each batch POST and at start). */
  drainTokens(): Promise<number>;
  /** A case as the public may see it (the citizen app shares this view). */
  viewOf(c: CaseRecord): CaseView;
  /** The services opened to the public, with their configuration (citizen app, console). */
  openServices(): Promise<ServiceAdminView[]>;
  publishCase(p: { record: CaseRecord; channel: 'open311' | 'citizen_app'; keyId: string | null; deviceHash: string | null; contact: unknown; mediaUrl: string | null }): Promise<PublicRow>;
  publicRow(by: { caseId?: string; followCode?: string; caseCode?: string }): Promise<PublicRow | undefined>;
  // Admin (系统管理 → 公众渠道)
  putService(user: User, code: string, input: ServiceInput): Promise<ServiceAdminView>;
  closeService(user: User, code: string): Promise<void>;
  listKeys(user: User): Promise<KeyRow[]>;
  /** A new key: the key itself is in the answer only this once (only its hash is kept). `user` null: the command line. */
  createKey(user: User | null, name: string): Promise<{ key: string; record: KeyRow }>;
  revokeKey(user: User, id: string): Promise<KeyRow>;
  /** Opens the demo city's citizen-facing classes (demo seed). */
  seedDemo(): Promise<void>;
}

export interface Open311Deps extends ServiceDeps {
  cases: CaseService;
  catalog: CatalogService;
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
/** Case-insensitive letters and digits without look-alikes (0/O, 1/I/L): read aloud on a hotline call. */
const FOLLOW_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
export function newFollowCode(): string {
  const bytes = randomBytes(10);
  let s = '';
  for (const b of bytes) s += FOLLOW_ALPHABET[b % FOLLOW_ALPHABET.length];
  return s;
}

/** The actor of a public channel: role `citizen`, no account, city-wide (a report may come from anywhere in the city). */
export function channelActor(id: string, name: string): User {
  return { id, username: id, displayName: name, phone: null, active: true, unitId: null, scope: { level: 'city', code: '000000' }, roles: ['citizen'], createdAt: 0, updatedAt: 0 };
}

const DEMO_SERVICES: Array<[string, string, ServiceInput]> = [
  ['C0101', '井盖破损或丢失', { attributes: ['urgency', 'component_code'], keywords: '井盖,窨井,下水井' }],
  ['C0118', '路灯不亮或损坏', { attributes: ['component_code'], keywords: '路灯,灯杆' }],
  ['C0305', '垃圾箱破损或满溢', { keywords: '垃圾桶,果皮箱' }],
  ['E0102', '路边有垃圾', { keywords: '垃圾,脏乱' }],
  ['E0107', '废弃车辆（僵尸车）', { keywords: '僵尸车,废弃车', radiusM: 100 }],
  ['E0110', '路面坑洼破损', { attributes: ['urgency'], keywords: '坑,路面,破损' }],
  ['E0201', '乱贴小广告', { keywords: '小广告,牛皮癣' }],
  ['E0301', '施工噪音扰民', { keywords: '噪音,施工,夜间施工', radiusM: 500 }],
  ['E0404', '下水道堵塞或破损', { attributes: ['urgency'], keywords: '下水道,堵塞,污水' }],
  ['E0406', '路面积水', { attributes: ['urgency'], keywords: '积水,内涝', type: 'batch' }],
];

export function createOpen311Server(deps: Open311Deps): Open311Server {
  const db = () => deps.db.kysely;
  const now = () => deps.clock.now();

  async function classInfo(code: string): Promise<ClassInfo> {
    const c = await deps.catalog.getCategory(code);
    const big = await deps.catalog.getCategory(code.slice(0, 3)).catch(() => undefined);
    return { code: c.code, name: c.name, groupName: big?.name ?? '', kind: c.kind };
  }

  async function openServices(): Promise<ServiceAdminView[]> {
    const configs = await repo.listServices(db());
    if (!configs.length) return [];
    const all = await deps.catalog.listCategories({ includeDisabled: false, limit: 10_000 });
    const byCode = new Map<string, Category>(all.map((c) => [c.code, c]));
    const out: ServiceAdminView[] = [];
    for (const c of configs) {
      const cls = byCode.get(c.categoryCode);
      if (!cls) continue; // a class disabled in the catalog is closed to the public too
      out.push({ ...c, name: cls.name, groupName: byCode.get(c.categoryCode.slice(0, 3))?.name ?? '', kind: cls.kind });
    }
    return out;
  }

  async function openService(code: string): Promise<ServiceConfig> {
    const c = await repo.getService(db(), code);
    if (!c) throw notFound('OPEN311_SERVICE_NOT_FOUND', `没有开放给公众的服务 ${code}`, `No public service ${code}`, { field: 'service_code' });
    return c;
  }

  async function keyOf(apiKey: string | null): Promise<KeyRow> {
    if (!apiKey) throw forbidden('API_KEY_REQUIRED', '提交需要 API 密钥（api_key）', 'POST needs an API key (api_key)');
    const k = await repo.keyByHash(db(), sha256(apiKey));
    if (!k || k.revokedAt !== null) throw forbidden('API_KEY_INVALID', 'API 密钥无效或已吊销', 'The API key is invalid or revoked');
    await repo.touchKey(db(), k.id, now());
    return k;
  }

  const viewOf = (c: CaseRecord): CaseView => ({
    id: c.id, code: c.code, status: c.status, phase: c.phase, categoryCode: c.categoryCode, categoryName: c.categoryName,
    description: c.description, address: c.address, lon: c.lon, lat: c.lat, reportedAt: c.reportedAt, updatedAt: c.updatedAt,
    dueAt: c.clock.dueAt, unitName: c.unit?.name ?? null,
  });

  async function publishCase(p: { record: CaseRecord; channel: 'open311' | 'citizen_app'; keyId: string | null; deviceHash: string | null; contact: unknown; mediaUrl: string | null }): Promise<PublicRow> {
    const existing = await repo.publicByCase(db(), p.record.id);
    if (existing) return existing;
    const row: PublicRow = {
      caseId: p.record.id, caseCode: p.record.code, channel: p.channel, keyId: p.keyId, followCode: newFollowCode(),
      serviceCode: p.record.categoryCode, requestedAt: p.record.reportedAt, mediaUrl: p.mediaUrl,
    };
    await repo.insertPublic(db(), { ...row, deviceHash: p.deviceHash, contact: p.contact });
    return (await repo.publicByCase(db(), p.record.id)) ?? row;
  }

  /** The case a posted request becomes, through the public channel (replays return the first one). */
  async function fileCase(key: KeyRow, posted: PostedRequest, appRef: string | null): Promise<{ record: CaseRecord; replayed: boolean }> {
    const svc = await openService(posted.serviceCode);
    const attrs = checkAttributes(definitionOf(svc), posted.attributes);
    if (posted.lat === null || posted.lon === null) {
      throw unprocessable('OPEN311_COORDINATES_REQUIRED', '暂不能仅凭地址定位，请提供 lat 和 long', 'An address alone cannot be placed yet: send lat and long', { field: 'lat' });
    }
    const description = [posted.description || (await classInfo(svc.categoryCode)).name, attrs.componentCode ? `（部件标识码 ${attrs.componentCode}）` : '']
      .join('').slice(0, 4000);
    const actor = channelActor(`open311:${key.id}`, key.name);
    const r = await deps.cases.report(actor, {
      source: 'citizen', lon: posted.lon, lat: posted.lat, crs: posted.crs, address: posted.addressString, categoryCode: svc.categoryCode,
      urgency: attrs.urgency, description,
    }, appRef);
    const c = posted.contact;
    const contact = c.email || c.phone || c.firstName || c.lastName || c.accountId ? { email: c.email, phone: c.phone, firstName: c.firstName, lastName: c.lastName, accountId: c.accountId } : null;
    await publishCase({ record: r.case, channel: 'open311', keyId: key.id, deviceHash: c.deviceId ? sha256(c.deviceId) : null, contact, mediaUrl: posted.mediaUrl });
    return { record: r.case, replayed: r.replayed };
  }

  let draining: Promise<number> | null = null;
  async function drainOnce(): Promise<number> {
    let done = 0;
    for (;;) {
      const batch = await repo.pendingTokens(db(), 50);
      if (!batch.length) return done;
      for (const t of batch) {
        const key = await repo.keyById(db(), t.keyId);
        try {
          if (!key) throw forbidden('API_KEY_INVALID', 'API 密钥无效或已吊销', 'The API key is invalid or revoked');
          const { record } = await fileCase(key, t.payload as PostedRequest, t.appRef ? `batch:${t.appRef}` : `token:${t.token}`);
          await repo.finishToken(db(), t.token, { caseId: record.id }, now());
        } catch (e) {
          if (!(e instanceof AppError)) deps.logger.error({ err: e, token: t.token }, 'open311 batch request failed');
          await repo.finishToken(db(), t.token, { error: e instanceof AppError ? e.toBody() : { code: 'INTERNAL', message: '内部错误', messageEn: 'Internal error' } }, now());
        }
        done += 1;
      }
    }
  }
  const drainTokens = (): Promise<number> => {
    draining ??= drainOnce().finally(() => (draining = null));
    return draining;
  };

  async function requestView(row: PublicRow): Promise<Open311Request | undefined> {
    const c = await deps.cases.find(row.caseId);
    return c ? toRequest(viewOf(c), row.mediaUrl) : undefined;
  }

  function checkServiceInput(code: string, input: ServiceInput, kind: 'component' | 'event'): void {
    if (input.type !== undefined && !SERVICE_TYPES.includes(input.type)) throw badRequest('OPEN311_TYPE_INVALID', '类型应为 realtime、batch 或 blackbox', 'type must be realtime, batch or blackbox', { field: 'type' });
    if (input.radiusM !== undefined && (!Number.isInteger(input.radiusM) || input.radiusM < 10 || input.radiusM > MAX_RADIUS_M)) {
      throw badRequest('OPEN311_RADIUS_INVALID', `查重半径应为 10–${MAX_RADIUS_M} 米`, `The duplicate radius must be 10–${MAX_RADIUS_M} m`, { field: 'radiusM' });
    }
    for (const a of input.attributes ?? []) {
      if (!ATTRIBUTE_CODES.includes(a)) throw badRequest('OPEN311_ATTRIBUTE_INVALID', `未知属性 ${a}`, `Unknown attribute ${a}`, { field: 'attributes' });
      if (a === 'component_code' && kind !== 'component') {
        throw badRequest('OPEN311_ATTRIBUTE_INVALID', '只有部件类可询问部件标识码', 'Only component classes can ask for the component code', { field: 'attributes', code });
      }
    }
  }

  return {
    viewOf,
    openServices,
    publishCase,
    drainTokens,
    async publicRow(by) {
      if (by.caseId) return repo.publicByCase(db(), by.caseId);
      if (by.followCode) return repo.publicByFollowCode(db(), by.followCode);
      if (by.caseCode) return repo.publicByCode(db(), by.caseCode);
      return undefined;
    },

    async services() {
      return (await openServices()).map((s) => toService(s, { code: s.categoryCode, name: s.name, groupName: s.groupName, kind: s.kind }));
    },

    async definition(code) {
      return definitionOf(await openService(code));
    },

    async post(apiKey, form, headerAppRef) {
      const key = await keyOf(apiKey);
      const posted = readPostForm(form);
      const appRef = posted.appRef ?? headerAppRef ?? null;
      if (appRef !== null && (appRef.length === 0 || appRef.length > 128)) throw badRequest('OPEN311_INVALID', 'app_ref 应为 1–128 个字符', 'app_ref must be 1–128 characters', { field: 'app_ref' });
      const svc = await openService(posted.serviceCode);
      checkAttributes(definitionOf(svc), posted.attributes);
      const accountId = posted.contact.accountId ?? '';
      if (svc.type === 'batch') {
        const earlier = appRef ? await repo.tokenByRef(db(), key.id, appRef) : undefined;
        if (earlier) return { answer: { token: earlier.token, service_notice: '', account_id: accountId }, replayed: true };
        if (posted.lat === null) throw unprocessable('OPEN311_COORDINATES_REQUIRED', '暂不能仅凭地址定位，请提供 lat 和 long', 'An address alone cannot be placed yet: send lat and long', { field: 'lat' });
        const token = randomBytes(16).toString('hex');
        await repo.insertToken(db(), { token, keyId: key.id, payload: posted, appRef, at: now() });
        setImmediate(() => void drainTokens().catch((e: unknown) => deps.logger.error({ err: e }, 'open311 token drain failed')));
        return { answer: { token, service_notice: '已进入受理队列，请凭 token 查询编号', account_id: accountId }, replayed: false };
      }
      const { record, replayed } = await fileCase(key, posted, appRef);
      if (svc.type === 'blackbox') return { answer: null, replayed };
      return { answer: { service_request_id: record.code, service_notice: '', account_id: accountId }, replayed };
    },

    async requests(query) {
      const q = readRequestQuery(query, now());
      const out: Open311Request[] = [];
      let skip = (q.page - 1) * q.pageSize;
      const chunk = 500;
      for (let offset = 0; out.length < q.pageSize; offset += chunk) {
        const rows = await repo.listPublic(db(), { ids: q.ids, serviceCodes: q.serviceCodes, from: q.from, to: q.to, limit: chunk, offset });
        for (const row of rows) {
          const r = await requestView(row);
          if (!r || (q.statuses && !q.ids && !q.statuses.includes(r.status))) continue;
          if (skip > 0) {
            skip -= 1;
            continue;
          }
          out.push(r);
          if (out.length >= q.pageSize) break;
        }
        if (rows.length < chunk) break;
      }
      return out;
    },

    async request(id) {
      const row = /^\d{1,40}$/.test(id) ? await repo.publicByCode(db(), id) : undefined;
      const r = row ? await requestView(row) : undefined;
      if (!r) throw notFound('OPEN311_REQUEST_NOT_FOUND', `没有编号为 ${id} 的公开诉求`, `No public request ${id}`, { field: 'service_request_id' });
      return r;
    },

    async token(token) {
      const t = /^[0-9a-f]{32}$/.test(token) ? await repo.getToken(db(), token) : undefined;
      if (!t) throw notFound('OPEN311_TOKEN_NOT_FOUND', '没有这个 token', 'No such token', { field: 'token' });
      if (t.state !== 'done' || !t.caseId) return { token };
      const row = await repo.publicByCase(db(), t.caseId);
      return row ? { token, service_request_id: row.caseCode } : { token };
    },

    async putService(user, code, input) {
      authorize(user, 'catalog.admin', CITY_WIDE);
      const cls = await deps.catalog.getCategory(code).catch(() => undefined);
      if (!cls || !cls.minorCode || !cls.enabled) {
        throw unprocessable('OPEN311_CLASS_INVALID', `${code} 不是启用的小类，不能开放给公众`, `${code} is not an enabled small class`, { field: 'code' });
      }
      checkServiceInput(code, input, cls.kind);
      const prev = await repo.getService(db(), code);
      const next: ServiceConfig = {
        categoryCode: code, type: input.type ?? prev?.type ?? 'realtime',
        keywords: input.keywords !== undefined ? input.keywords : prev?.keywords ?? null,
        description: input.description !== undefined ? input.description : prev?.description ?? null,
        plainName: input.plainName !== undefined ? input.plainName : prev?.plainName ?? null,
        attributes: input.attributes ?? prev?.attributes ?? [], radiusM: input.radiusM ?? prev?.radiusM ?? DEFAULT_RADIUS_M, updatedAt: now(),
      };
      await repo.putService(db(), next, user.id);
      const big = await deps.catalog.getCategory(code.slice(0, 3)).catch(() => undefined);
      return { ...next, name: cls.name, groupName: big?.name ?? '', kind: cls.kind };
    },

    async closeService(user, code) {
      authorize(user, 'catalog.admin', CITY_WIDE);
      if (!(await repo.deleteService(db(), code))) throw notFound('OPEN311_SERVICE_NOT_FOUND', `没有开放给公众的服务 ${code}`, `No public service ${code}`);
    },

    async listKeys(user) {
      authorize(user, 'users.admin', CITY_WIDE);
      return repo.listKeys(db());
    },

    async createKey(user, name) {
      if (user) authorize(user, 'users.admin', CITY_WIDE);
      const n = name.trim();
      if (!n || n.length > 100) throw badRequest('API_KEY_NAME_INVALID', '请填写应用名称（1–100 个字符）', 'Name the app (1–100 characters)', { field: 'name' });
      const key = `cl_${randomBytes(24).toString('base64url')}`;
      const id = deps.ids.next();
      await repo.insertKey(db(), { id, name: n, hash: sha256(key), prefix: key.slice(0, 9), at: now(), by: user?.id ?? null });
      return { key, record: (await repo.keyById(db(), id))! };
    },

    async revokeKey(user, id) {
      authorize(user, 'users.admin', CITY_WIDE);
      const k = await repo.keyById(db(), id);
      if (!k) throw notFound('API_KEY_NOT_FOUND', 'API 密钥不存在', 'No such API key');
      await repo.revokeKey(db(), id, now(), user.id);
      return (await repo.keyById(db(), id))!;
    },

    async seedDemo() {
      const codes = new Set((await deps.catalog.listCategories({ limit: 10_000 })).map((c) => c.code));
      for (const [code, plainName, input] of DEMO_SERVICES) {
        if (!codes.has(code) || (await repo.getService(db(), code))) continue;
        await repo.putService(db(), {
          categoryCode: code, type: input.type ?? 'realtime', keywords: input.keywords ?? null, description: null, plainName,
          attributes: input.attributes ?? [], radiusM: input.radiusM ?? DEFAULT_RADIUS_M, updatedAt: now(),
        }, null);
      }
    },
  };
}


