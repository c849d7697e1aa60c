/**
 * HTTP for impounds (查封 / 扣押) and the yard: take things in, list and read within the reader's area,
 * one route per declared action, the events, the documents, the yard's inventory with ageing, the
 * impounds of a penalty case, and the periods (administrator). Route = authenticate → validate →
 * authorize → one service call → present.
 */
import { Type, type Static, type TSchema } from 'typebox';
import type { AppContext } from '../app.js';
import { authorize, can, CITY_WIDE } from '../auth/policy.js';
import type { User } from '../auth/model.js';
import { notFound } from '../core/errors.js';
import { requireUser } from '../http/auth-hook.js';
import type { Api } from '../http/types.js';
import { actionRoutes } from '../workflow/routes.js';
import { IMPOUND_ACTION_DECLARATIONS, IMPOUND_ACTIONS } from './impounds-actions.js';
import { IMPOUND_DOCUMENT_KINDS } from './impounds-documents.js';
import {
  IMPOUND_KINDS, IMPOUND_STATES, IMPOUND_STATE_NAMES, KIND_NAMES, MEASURES, MEASURE_NAMES, ageDays, attention, type Impound,
} from './impounds-model.js';

const Err = Type.Ref('Error');
const tags = ['enforcement'];
const N = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const Str = Type.String();
const Num = Type.Number();
const Sha = Type.String({ pattern: '^[0-9a-f]{64}$' });
const lit = (values: readonly string[]) => Type.Union(values.map((v) => Type.Literal(v)));

export const ImpoundView = Type.Object({
  id: Str, code: Str, version: Type.Integer(), state: Str, stateName: Str, kind: Str, kindName: Str, measure: Str, measureName: Str,
  penaltyCaseId: N(Str), penaltyCaseCode: N(Str),
  party: N(Type.Object({ kind: Str, name: Str, idNumber: N(Str), address: N(Str), phone: N(Str), legalRep: N(Str) })),
  place: Type.Object({ address: Str, lon: N(Num), lat: N(Num), districtCode: N(Str), streetCode: N(Str) }),
  reason: Str,
  items: Type.Array(Type.Object({ name: Str, quantity: Num, unit: Str, identifier: N(Str), condition: N(Str), photos: Type.Array(Str) })),
  photos: Type.Array(Str),
  officers: Type.Array(Type.Object({ userId: Str, name: Str, certNo: Str })),
  storage: Type.Object({ yard: Str, location: N(Str) }),
  releasableOnPayment: Type.Boolean({ description: 'Paying the fine in full makes it ready for release' }),
  readyForRelease: N(Type.Object({
    at: Num, ground: Str, penaltyCaseId: Str, penaltyCaseCode: N(Str), paidFen: Type.Integer(),
    partyNotice: N(Type.Object({ via: Str, phone: Str, text: Str })),
  }, { description: 'The fine is paid: release and hand back (an officer’s acts)' })),
  heldAt: Num, holdUntil: Num, ageDays: Type.Integer(),
  attention: N(Str),
  extension: N(Type.Object({ at: Num, until: Num, reason: Str, by: Str })),
  holdExpiredAt: N(Num),
  release: N(Type.Object({ at: Num, ground: Str, note: N(Str), by: Str, claimUntil: Num })),
  claimLapsedAt: N(Num),
  returned: N(Type.Object({ at: Num, recipient: Str, idNumber: N(Str), by: Str, photos: Type.Array(Str) })),
  disposal: N(Type.Object({ at: Num, ground: Str, method: Str, proceedsFen: Type.Integer(), note: N(Str), by: Str })),
  documents: Type.Array(Type.Object({ kind: Str, docNo: Str, version: Type.Integer(), sha256: Str, at: Num })),
  createdAt: Num, updatedAt: Num,
  actions: Type.Array(Str, { description: 'Actions this user may take now (by state and role)' }),
});
type ImpoundOut = Static<typeof ImpoundView>;
const Out = Type.Object({ impound: ImpoundView });

export function presentImpound(i: Impound, user: User | undefined, now: number): ImpoundOut {
  const res = { districtCode: i.place.districtCode, streetCode: i.place.streetCode };
  return {
    id: i.id, code: i.code, version: i.version, state: i.state, stateName: IMPOUND_STATE_NAMES[i.state], kind: i.kind, kindName: KIND_NAMES[i.kind],
    measure: i.measure, measureName: MEASURE_NAMES[i.measure], penaltyCaseId: i.penaltyCaseId, penaltyCaseCode: i.penaltyCaseCode,
    party: i.party && { ...i.party }, place: { ...i.place }, reason: i.reason, items: i.items.map((x) => ({ ...x, photos: [...x.photos] })), photos: [...i.photos],
    officers: i.officers.map((o) => ({ ...o })), storage: { ...i.storage },
    releasableOnPayment: i.releasableOnPayment, readyForRelease: i.readyForRelease && { ...i.readyForRelease, partyNotice: i.readyForRelease.partyNotice && { ...i.readyForRelease.partyNotice } }, heldAt: i.heldAt, holdUntil: i.holdUntil, ageDays: ageDays(i.heldAt, now), attention: attention(i, now),
    extension: i.extension && { ...i.extension }, holdExpiredAt: i.holdExpiredAt, release: i.release && { ...i.release }, claimLapsedAt: i.claimLapsedAt,
    returned: i.returned && { ...i.returned, photos: [...i.returned.photos] }, disposal: i.disposal && { ...i.disposal }, documents: i.documents.map((d) => ({ ...d })),
    createdAt: i.createdAt, updatedAt: i.updatedAt,
    actions: user ? IMPOUND_ACTIONS.filter((a) => {
      const d = IMPOUND_ACTION_DECLARATIONS[a];
      if (!(d.from as readonly string[]).includes(i.state)) return false;
      const dec = can(user, d.permission, res);
      return dec.allowed && (d.roles as readonly string[]).includes(dec.role);
    }) : [],
  };
}

const PartyBody = Type.Object({
  kind: lit(['person', 'org']), name: Type.String({ minLength: 1, maxLength: 200 }), idNumber: Type.Optional(Type.String({ maxLength: 40 })),
  address: Type.Optional(Type.String({ maxLength: 300 })), phone: Type.Optional(Type.String({ maxLength: 40 })), legalRep: Type.Optional(Type.String({ maxLength: 100 })),
}, { additionalProperties: false });

const CreateBody = Type.Object({
  kind: lit(IMPOUND_KINDS), measure: lit(MEASURES),
  penaltyCaseId: Type.Optional(Type.String({ minLength: 1, maxLength: 60, description: 'The penalty case it belongs to: its place and party are taken from it' })),
  party: Type.Optional(PartyBody),
  address: Type.Optional(Type.String({ minLength: 1, maxLength: 300 })),
  lon: Type.Optional(Type.Number({ minimum: -180, maximum: 180 })), lat: Type.Optional(Type.Number({ minimum: -90, maximum: 90 })),
  reason: Type.String({ minLength: 1, maxLength: 1000, pattern: '\\S' }),
  items: Type.Array(Type.Object({
    name: Type.String({ minLength: 1, maxLength: 100, pattern: '\\S' }), quantity: Type.Number({ exclusiveMinimum: 0, maximum: 1_000_000 }), unit: Type.String({ minLength: 1, maxLength: 10, pattern: '\\S' }),
    identifier: Type.Optional(Type.String({ maxLength: 100, description: '车架号 / 电机号 / 芯片号 / 规格' })), condition: Type.Optional(Type.String({ maxLength: 300 })),
    photos: Type.Optional(Type.Array(Sha, { maxItems: 20 })),
  }, { additionalProperties: false }), { minItems: 1, maxItems: 200 }),
  photos: Type.Array(Sha, { minItems: 1, maxItems: 50 }),
  officerIds: Type.Array(Type.String({ minLength: 1 }), { minItems: 1, maxItems: 10 }),
  yard: Type.String({ minLength: 1, maxLength: 100, pattern: '\\S', description: '存放场所（暂扣场）' }), location: Type.Optional(Type.String({ maxLength: 100 })),
  releasableOnPayment: Type.Optional(Type.Boolean({ description: '缴清罚款即可解除（默认：物品、车辆是，犬只否） · Ready for release once the fine is paid in full' })),
}, { additionalProperties: false });

const YardRowView = Type.Object({ impound: ImpoundView, ageDays: Type.Integer(), bucket: Str, attention: N(Str) });
const YardView = Type.Object({
  rows: Type.Array(YardRowView),
  summary: Type.Array(Type.Object({ yard: Str, kind: Str, total: Type.Integer(), held: Type.Integer(), releasing: Type.Integer(), readyForRelease: Type.Integer(), holdExpired: Type.Integer(), claimLapsed: Type.Integer(), byAge: Type.Record(Str, Type.Integer()) })),
  buckets: Type.Array(Type.Object({ key: Str, name: Str })),
});
const EventView = Type.Object({ seq: Type.Integer(), type: Str, data: Type.Record(Str, Type.Unknown()), actorId: Str, role: Str, at: Num, hash: Str });
const PeriodsView = Type.Object({ holdDays: Type.Integer({ minimum: 1, maximum: 30 }), maxExtensionDays: Type.Integer({ minimum: 0, maximum: 30 }), claimDays: Type.Object({ goods: Type.Integer({ minimum: 1, maximum: 3650 }), vehicle: Type.Integer({ minimum: 1, maximum: 3650 }), dog: Type.Integer({ minimum: 1, maximum: 3650 }) }) });

/** Every file digest an action body names (photos), to check they are stored. */
function digestsOf(body: Record<string, unknown>): string[] {
  return Object.values(body).flatMap((v) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string' && /^[0-9a-f]{64}$/.test(x)) : []));
}

export async function impoundRoutes(app: Api, ctx: AppContext): Promise<void> {
  const svc = ctx.enforcement.impounds;
  const now = () => ctx.clock.now();

  app.post('/api/v1/impounds', {
    schema: { tags, summary: '查封扣押登记（清单、照片、存放场所，同时制作查封（扣押）决定书） · Impound things with a list, photos and a yard; issues the notice', body: CreateBody, response: { 201: Out, 400: Err, 401: Err, 403: Err, 404: Err, 422: Err } },
  }, async (req, reply) => {
    const user = requireUser(req);
    authorize(user, 'impound.manage');
    await ctx.files.requireAll([...req.body.photos, ...req.body.items.flatMap((i) => i.photos ?? [])]);
    const i = await svc.create(user, req.body);
    return reply.code(201).send({ impound: presentImpound(i, user, now()) });
  });

  app.get('/api/v1/impounds', {
    schema: {
      tags, summary: '查封扣押记录 · Impounds in your area, newest first',
      querystring: Type.Object({
        state: Type.Optional(Type.String({ description: `comma-separated: ${IMPOUND_STATES.join(', ')}` })), kind: Type.Optional(lit(IMPOUND_KINDS)),
        yard: Type.Optional(Type.String({ maxLength: 100 })), penaltyCaseId: Type.Optional(Type.String({ maxLength: 60 })), q: Type.Optional(Type.String({ maxLength: 60 })),
        districtCode: Type.Optional(Type.String({ pattern: '^\\d{6}$' })),
        limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })), offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 100000, default: 0 })),
      }),
      response: { 200: Type.Object({ items: Type.Array(ImpoundView), total: Type.Integer() }), 400: Err, 401: Err, 403: Err },
    },
  }, async (req) => {
    const user = requireUser(req);
    const q = req.query;
    const states = q.state ? q.state.split(',').map((s) => s.trim()).filter((s) => (IMPOUND_STATES as readonly string[]).includes(s)) : undefined;
    const r = await svc.list(user, { states, kind: q.kind, yard: q.yard, penaltyCaseId: q.penaltyCaseId, q: q.q, districtCode: q.districtCode, limit: q.limit ?? 50, offset: q.offset ?? 0 });
    return { items: r.items.map((i) => presentImpound(i, user, now())), total: r.total };
  });

  app.get('/api/v1/impounds/yard', {
    schema: {
      tags, summary: '暂扣场库存（账龄） · The yard’s inventory: what is still in, oldest first, with its age and what it needs',
      querystring: Type.Object({ yard: Type.Optional(Type.String({ maxLength: 100 })), kind: Type.Optional(lit(IMPOUND_KINDS)), districtCode: Type.Optional(Type.String({ pattern: '^\\d{6}$' })) }),
      response: { 200: YardView, 400: Err, 401: Err, 403: Err },
    },
  }, async (req) => {
    const user = requireUser(req);
    const r = await svc.yard(user, req.query);
    return { ...r, rows: r.rows.map((x) => ({ ...x, impound: presentImpound(x.impound, user, now()) })) };
  });

  app.get('/api/v1/enforcement/officers', {
    schema: {
      tags, summary: '本辖区持证执法人员（执法证号，用于选择承办人员；区级账号只见本区及全市执法人员） · Certified officers who may act in the caller\'s area (a district account: its district\'s and the city-wide ones)',
      response: { 200: Type.Object({ items: Type.Array(Type.Object({ userId: Str, name: Str, certNo: Str, squad: N(Str), districtCode: N(Str) })) }), 401: Err, 403: Err },
    },
  }, async (req) => {
    const all = await ctx.enforcement.officersFor(requireUser(req));
    return { items: all.filter((o) => o.certNo).map((o) => ({ userId: o.userId, name: o.name, certNo: o.certNo!, squad: o.squad, districtCode: o.districtCode })).sort((a, b) => a.certNo.localeCompare(b.certNo)) };
  });

  app.get('/api/v1/impounds/periods', {
    schema: { tags, summary: '查封扣押期限设置 · The holding, extension and claim periods', response: { 200: PeriodsView, 401: Err, 403: Err } },
  }, async (req) => {
    authorize(requireUser(req), 'penalty.read');
    return svc.periods();
  });

  app.put('/api/v1/impounds/periods', {
    schema: { tags, summary: '设置查封扣押期限（管理员） · Set the periods (administrator)', body: PeriodsView, response: { 200: PeriodsView, 400: Err, 401: Err, 403: Err } },
  }, async (req) => {
    authorize(requireUser(req), 'enforcement.admin', CITY_WIDE);
    return svc.putPeriods(req.body);
  });

  app.get('/api/v1/impounds/:id', {
    schema: { tags, summary: '查封扣押详情 · One impound', params: Type.Object({ id: Str }), response: { 200: Out, 401: Err, 403: Err, 404: Err } },
  }, async (req) => {
    const user = requireUser(req);
    return { impound: presentImpound(await svc.get(user, req.params.id), user, now()) };
  });

  app.get('/api/v1/impounds/:id/events', {
    schema: { tags, summary: '查封扣押全过程记录 · The impound’s events, hash-chained', params: Type.Object({ id: Str }), response: { 200: Type.Object({ items: Type.Array(EventView) }), 401: Err, 403: Err, 404: Err } },
  }, async (req) => {
    const events = await svc.events(requireUser(req), req.params.id);
    return { items: events.map((e) => ({ seq: e.seq, type: e.type, data: e.data as Record<string, unknown>, actorId: e.actorId, role: e.role, at: e.at, hash: e.hash })) };
  });

  app.post('/api/v1/impounds/:id/documents', {
    schema: {
      tags, summary: '制作查封扣押文书 · Issue an impound document as PDF (impound_notice 查封（扣押）决定书, release_notice 解除决定书, disposal_record 处置记录)',
      params: Type.Object({ id: Str }), body: Type.Object({ kind: lit(IMPOUND_DOCUMENT_KINDS) }, { additionalProperties: false }),
      response: { 201: Type.Object({ impound: ImpoundView, document: Type.Object({ kind: Str, docNo: Str, version: Type.Integer(), sha256: Str, at: Num }) }), 400: Err, 401: Err, 403: Err, 404: Err, 409: Err },
    },
  }, async (req, reply) => {
    const user = requireUser(req);
    const r = await svc.issueDocument(user, req.params.id, req.body.kind);
    return reply.code(201).send({ impound: presentImpound(r.impound, user, now()), document: r.document });
  });

  app.get('/api/v1/impounds/:id/documents/:sha256', {
    schema: { tags, summary: '查封扣押文书 PDF · A stored impound document', params: Type.Object({ id: Str, sha256: Sha }), response: { 400: Err, 401: Err, 403: Err, 404: Err } },
  }, async (req, reply) => {
    const d = await svc.pdf(requireUser(req), req.params.id, req.params.sha256);
    return reply.header('content-type', 'application/pdf').header('content-disposition', `inline; filename="document.pdf"; filename*=UTF-8''${encodeURIComponent(d.filename)}`).send(d.bytes);
  });

  app.get('/api/v1/impounds/:id/photos/:sha256', {
    schema: { tags, summary: '查封扣押照片 · A photo the impound carries (to whoever may read the impound)', params: Type.Object({ id: Str, sha256: Sha }), response: { 400: Err, 401: Err, 403: Err, 404: Err } },
  }, async (req, reply) => {
    const i = await svc.get(requireUser(req), req.params.id);
    const sha = req.params.sha256;
    const carried = [...i.photos, ...i.items.flatMap((x) => x.photos), ...(i.returned?.photos ?? [])];
    if (!carried.includes(sha)) throw notFound('FILE_NOT_FOUND', '文件不存在', 'No such file', { sha256: sha });
    const { file, stream } = await ctx.files.open(sha);
    return reply.header('content-type', file.mime).header('content-length', String(file.size)).header('cache-control', 'private, max-age=31536000, immutable').send(stream);
  });

  app.get('/api/v1/penalty-cases/:id/impounds', {
    schema: { tags, summary: '处罚案件的查封扣押 · Impounds of a penalty case', params: Type.Object({ id: Str }), response: { 200: Type.Object({ items: Type.Array(ImpoundView) }), 401: Err, 403: Err, 404: Err } },
  }, async (req) => {
    const user = requireUser(req);
    await ctx.enforcement.get(user, req.params.id);
    const r = await svc.list(user, { penaltyCaseId: req.params.id, limit: 200, offset: 0 });
    return { items: r.items.map((i) => presentImpound(i, user, now())) };
  });

  const handle = async (user: User, id: string, action: string, body: Record<string, unknown>, version: number) => {
    const digests = digestsOf(body);
    if (digests.length) await ctx.files.requireAll(digests);
    return { impound: presentImpound(await svc.act(user, id, action, body, version), user, now()) };
  };

  app.post('/api/v1/impounds/:id/actions/:action', {
    schema: {
      tags, summary: '查封扣押操作（每个操作另有自己的路径与请求体） · Take an action (each also has its own path and body)',
      params: Type.Object({ id: Str, action: Str }), body: Type.Object({ version: Type.Integer({ minimum: 1 }) }, { additionalProperties: true }),
      response: { 200: Out, 400: Err, 401: Err, 403: Err, 404: Err, 409: Err, 422: Err },
    },
  }, async (req) => {
    const { version, ...body } = req.body as { version: number } & Record<string, unknown>;
    return handle(requireUser(req), req.params.id, req.params.action, body, version);
  });

  actionRoutes(app, {
    base: '/api/v1/impounds', tags, declarations: IMPOUND_ACTION_DECLARATIONS,
    response: { 200: Out, 400: Err, 401: Err, 403: Err, 404: Err, 409: Err, 422: Err },
    handle: async (req, id, action, body, version) => handle(requireUser(req), id, action, body, version),
  });
}
