/**
 * HTTP for 12345 work orders and the gazetteer. The hotline system pushes orders one by one
 * (`POST /api/v1/hotline/orders`) or an operator imports its export file; operators place, confirm
 * and reject; results go back by push. Route = authenticate → validate → authorize (in the service)
 * → one service call → present, field by field: a caller's name and number only ever masked.
 */
import { Type, type Static } from 'typebox';
import type { AppContext } from '../app.js';
import { badRequest } from '../core/errors.js';
import { detectFormat } from '../core/sheet-files.js';
import { requireUser } from '../http/auth-hook.js';
import type { Api } from '../http/types.js';
import { PLACE_KINDS, type GazetteerPlace, type PlaceKind } from './gazetteer.js';
import { maskName, maskPhone, ORDER_STATE_ZH, ORDER_STATES, SATISFACTION_ZH, type HotlineOrder, type OrderInput, type OrderState } from './model.js';
import { acceptSheetBodies, uploadedFile } from '../http/sheet-upload.js';

const Err = Type.Ref('Error');
const tags = ['hotline'];
const Nullable = <T extends ReturnType<typeof Type.String | typeof Type.Number>>(t: T) => Type.Union([t, Type.Null()]);
const Version = Type.Integer({ minimum: 1, description: 'The version you read (stale → 409)' });
/** Missing means WGS-84 (the service's default). No schema default: inside the locate body's union ajv's strict mode refuses one and the route fails to compile. */
const Crs = Type.Optional(Type.Union([Type.Literal('wgs84'), Type.Literal('gcj02'), Type.Literal('bd09')]));

const OrderView = Type.Object({
  id: Type.String(),
  version: Type.Integer(),
  state: Type.Unsafe<OrderState>(Type.Union(ORDER_STATES.map((s) => Type.Literal(s)))),
  stateName: Type.String(),
  orderNo: Type.String({ title: '工单编号' }),
  calledAt: Nullable(Type.Number()),
  channel: Type.String({ title: '诉求渠道' }),
  callerMasked: Nullable(Type.String({ title: '诉求人（脱敏）' })),
  phoneMasked: Nullable(Type.String({ title: '联系电话（脱敏）' })),
  content: Type.String({ title: '诉求内容' }),
  appealType: Nullable(Type.String({ title: '诉求类型' })),
  address: Nullable(Type.String({ title: '事件发生地' })),
  lon: Nullable(Type.Number()),
  lat: Nullable(Type.Number()),
  locatedBy: Nullable(Type.String({ description: 'coordinates | gazetteer | operator' })),
  placeName: Nullable(Type.String()),
  gridCode: Nullable(Type.String()),
  districtCode: Nullable(Type.String({ description: 'the district the order belongs to (its grid’s, else the receiving desk’s)' })),
  streetCode: Nullable(Type.String()),
  urgency: Type.Union([Type.Literal('normal'), Type.Literal('urgent')]),
  leadUnit: Nullable(Type.String({ title: '主办单位' })),
  coUnits: Nullable(Type.String({ title: '协办单位' })),
  dueAt: Nullable(Type.Number({ title: '办理时限' })),
  difficult: Type.Boolean({ title: '是否疑难' }),
  proposals: Type.Array(Type.Object({ code: Type.String(), name: Type.String(), confidence: Type.Number() }), { description: 'The classifier’s top 3' }),
  categoryCode: Nullable(Type.String()),
  caseId: Nullable(Type.String()),
  caseCode: Nullable(Type.String()),
  closedAt: Nullable(Type.Number({ title: '办结时间' })),
  result: Nullable(Type.String({ title: '办理结果' })),
  afterPhotos: Type.Array(Type.String()),
  push: Type.Object({ state: Type.String({ description: 'none | pending | sent | failed' }), at: Nullable(Type.Number()), detail: Nullable(Type.String()) }),
  satisfaction: Nullable(Type.String()),
  satisfactionName: Nullable(Type.String({ title: '回访结果' })),
  satisfactionNote: Nullable(Type.String()),
  rejectReason: Nullable(Type.String()),
  receivedAt: Type.Number(),
  updatedAt: Type.Number(),
});

export function presentOrder(o: HotlineOrder): Static<typeof OrderView> {
  return {
    id: o.id, version: o.version, state: o.state, stateName: ORDER_STATE_ZH[o.state], orderNo: o.orderNo, calledAt: o.calledAt, channel: o.channel,
    callerMasked: o.callerMasked, phoneMasked: o.phoneMasked, content: o.content, appealType: o.appealType, address: o.address, lon: o.lon, lat: o.lat,
    locatedBy: o.locatedBy, placeName: o.placeName, gridCode: o.gridCode, districtCode: o.districtCode, streetCode: o.streetCode, urgency: o.urgency, leadUnit: o.leadUnit, coUnits: o.coUnits, dueAt: o.dueAt,
    difficult: o.difficult, proposals: o.proposals.map((p) => ({ code: p.code, name: p.name, confidence: p.confidence })), categoryCode: o.categoryCode,
    caseId: o.caseId, caseCode: o.caseCode, closedAt: o.closedAt, result: o.result, afterPhotos: [...o.afterPhotos],
    push: { state: o.push.state, at: o.push.at, detail: o.push.detail }, satisfaction: o.satisfaction,
    satisfactionName: o.satisfaction ? SATISFACTION_ZH[o.satisfaction] : null, satisfactionNote: o.satisfactionNote, rejectReason: o.rejectReason,
    receivedAt: o.receivedAt, updatedAt: o.updatedAt,
  };
}

const PlaceKindSchema = Type.Unsafe<PlaceKind>(Type.Union(PLACE_KINDS.map((k) => Type.Literal(k))));
const PlaceView = Type.Object({
  id: Type.String(), name: Type.String(), kind: PlaceKindSchema, aliases: Type.Array(Type.String()), lon: Type.Number(), lat: Type.Number(),
});
const presentPlace = (p: GazetteerPlace): Static<typeof PlaceView> => ({ id: p.id, name: p.name, kind: p.kind, aliases: [...p.aliases], lon: p.lon, lat: p.lat });

/** The push API's body: the hotline's fields with English names; name and number are masked on arrival. */
const PushedOrder = Type.Object({
  orderNo: Type.String({ minLength: 1, maxLength: 64, title: '工单编号' }),
  calledAt: Type.Optional(Nullable(Type.Number({ title: '来电时间', description: 'epoch ms' }))),
  channel: Type.Optional(Type.String({ maxLength: 20, title: '诉求渠道' })),
  caller: Type.Optional(Nullable(Type.String({ maxLength: 50, title: '诉求人', description: 'kept masked only' }))),
  phone: Type.Optional(Nullable(Type.String({ maxLength: 30, title: '联系电话', description: 'kept masked only' }))),
  content: Type.String({ minLength: 1, maxLength: 4000, title: '诉求内容' }),
  appealType: Type.Optional(Nullable(Type.String({ maxLength: 100, title: '诉求类型', description: 'GB/T 39666-2020 code and/or name' }))),
  address: Type.Optional(Nullable(Type.String({ maxLength: 300, title: '事件发生地' }))),
  lon: Type.Optional(Nullable(Type.Number({ minimum: -180, maximum: 180 }))),
  lat: Type.Optional(Nullable(Type.Number({ minimum: -90, maximum: 90 }))),
  crs: Crs,
  urgency: Type.Optional(Type.Union([Type.Literal('normal'), Type.Literal('urgent')], { title: '紧急程度' })),
  leadUnit: Type.Optional(Nullable(Type.String({ maxLength: 100, title: '主办单位' }))),
  coUnits: Type.Optional(Nullable(Type.String({ maxLength: 300, title: '协办单位' }))),
  dueAt: Type.Optional(Nullable(Type.Number({ title: '办理时限', description: 'epoch ms' }))),
  difficult: Type.Optional(Type.Boolean({ title: '是否疑难' })),
}, { additionalProperties: false });

function pushedToInput(b: Static<typeof PushedOrder>): OrderInput {
  const lon = b.lon ?? null;
  const lat = b.lat ?? null;
  if ((lon === null) !== (lat === null)) throw badRequest('COORDINATES_INCOMPLETE', '经纬度应同时填写', 'Give both longitude and latitude');
  if (!b.address?.trim() && lon === null) throw badRequest('LOCATION_REQUIRED', '事件发生地和经纬度至少填一项', 'Give the address or the coordinates');
  return {
    orderNo: b.orderNo.trim(), calledAt: b.calledAt ?? null, channel: b.channel?.trim() || '电话', callerMasked: maskName(b.caller ?? ''), phoneMasked: maskPhone(b.phone ?? ''),
    content: b.content.trim(), appealType: b.appealType ?? null, address: b.address?.trim() || null, lon, lat, crs: b.crs ?? 'wgs84',
    urgency: b.urgency ?? 'normal', leadUnit: b.leadUnit ?? null, coUnits: b.coUnits ?? null, dueAt: b.dueAt ?? null, difficult: b.difficult ?? false,
  };
}


const IdParam = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });
const ImportResponse = { 400: Err, 401: Err, 403: Err, 413: Err, 422: Err };

export async function hotlineRoutes(parent: Api, ctx: AppContext): Promise<void> {
  const { hotline } = ctx;
  await parent.register(async (plugin) => {
    const app = plugin as unknown as Api;
    acceptSheetBodies(app);

    app.post('/api/v1/hotline/orders', {
      schema: {
        tags, summary: 'Receive a 12345 work order from the hotline system 工单推送 (idempotent by orderNo)',
        description: '201 for a new order, 200 with the order as it stands when the 工单编号 was received before. Caller name and phone are masked before anything is kept.',
        body: PushedOrder, response: { 200: OrderView, 201: OrderView, 400: Err, 401: Err, 403: Err, 422: Err },
      },
    }, async (req, reply) => {
      const r = await hotline.receive(requireUser(req), pushedToInput(req.body));
      return reply.status(r.created ? 201 : 200).send(presentOrder(r.order));
    });

    app.post('/api/v1/hotline/orders/import', {
      schema: {
        tags, summary: 'Import a hotline export file (XLSX or CSV) 工单导入, all or nothing',
        description: 'Columns 工单编号, 来电时间, 诉求渠道, 诉求人, 联系电话, 诉求内容, 诉求类型, 事件发生地, 经度, 纬度, 坐标系, 紧急程度, 主办单位, 协办单位, 办理时限, 是否疑难. Any bad row: 422 HOTLINE_IMPORT_INVALID with details.errors and nothing imported. Orders received before are left as they are.',
        response: { 200: Type.Object({ created: Type.Integer(), existing: Type.Integer(), needsLocation: Type.Integer(), orderNos: Type.Array(Type.String()) }), ...ImportResponse },
      },
    }, async (req) => {
      const user = requireUser(req);
      const file = await uploadedFile(req);
      return hotline.importOrders(user, file.body, detectFormat(file.body, { filename: file.filename, contentType: file.contentType }));
    });

    app.post('/api/v1/hotline/ratings/import', {
      schema: {
        tags, summary: 'Import 回访 satisfaction results (XLSX or CSV), all or nothing',
        description: 'Columns 工单编号, 回访结果 (满意 / 基本满意 / 不满意), 回访时间, 回访意见. An order must be answered first.',
        response: { 200: Type.Object({ rated: Type.Integer() }), ...ImportResponse },
      },
    }, async (req) => {
      const user = requireUser(req);
      const file = await uploadedFile(req);
      return hotline.importRatings(user, file.body, detectFormat(file.body, { filename: file.filename, contentType: file.contentType }));
    });

    app.get('/api/v1/hotline/orders', {
      schema: {
        tags, summary: 'Work orders, newest first, with counts per state',
        querystring: Type.Object({
          state: Type.Optional(Type.String({ description: `comma list of ${ORDER_STATES.join(', ')}`, maxLength: 100 })),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
          offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 100_000_000 })),
        }),
        response: { 200: Type.Object({ items: Type.Array(OrderView), total: Type.Integer(), counts: Type.Record(Type.String(), Type.Integer()) }), 400: Err, 401: Err, 403: Err },
      },
    }, async (req) => {
      const states = req.query.state ? req.query.state.split(',').map((s) => s.trim()).filter(Boolean) : undefined;
      const bad = states?.find((s) => !(ORDER_STATES as readonly string[]).includes(s));
      if (bad) throw badRequest('STATE_INVALID', `状态无效：${bad}`, `Unknown state: ${bad}`);
      const page = await hotline.list(requireUser(req), { states: states as OrderState[] | undefined, limit: req.query.limit, offset: req.query.offset });
      return { items: page.items.map(presentOrder), total: page.total, counts: page.counts };
    });

    app.get('/api/v1/hotline/orders/:id', {
      schema: { tags, summary: 'One work order', params: IdParam, response: { 200: OrderView, 401: Err, 403: Err, 404: Err } },
    }, async (req) => presentOrder(await hotline.get(requireUser(req), req.params.id)));

    app.post('/api/v1/hotline/orders/:id/locate', {
      schema: {
        tags, summary: 'Place an order 定位: a point (from the map) or a gazetteer place', params: IdParam,
        body: Type.Union([
          Type.Object({ version: Version, lon: Type.Number(), lat: Type.Number(), crs: Crs }, { additionalProperties: false }),
          Type.Object({ version: Version, placeId: Type.String({ minLength: 1 }) }, { additionalProperties: false }),
        ]),
        response: { 200: OrderView, 400: Err, 401: Err, 403: Err, 404: Err, 409: Err, 422: Err },
      },
    }, async (req) => {
      const { version, ...at } = req.body as { version: number } & ({ lon: number; lat: number; crs?: string } | { placeId: string });
      return presentOrder(await hotline.locate(requireUser(req), req.params.id, version, at));
    });

    app.post('/api/v1/hotline/orders/:id/confirm', {
      schema: {
        tags, summary: 'Confirm or correct the class 确认分类: the order becomes a case (source hotline); the decision trains the classifier', params: IdParam,
        body: Type.Object({ version: Version, categoryCode: Type.String({ minLength: 2, maxLength: 8 }), urgency: Type.Optional(Type.Union([Type.Literal('normal'), Type.Literal('urgent')])) }, { additionalProperties: false }),
        response: { 200: OrderView, 400: Err, 401: Err, 403: Err, 404: Err, 409: Err, 422: Err },
      },
    }, async (req) => {
      const { version, ...body } = req.body;
      return presentOrder(await hotline.confirm(requireUser(req), req.params.id, version, body));
    });

    app.post('/api/v1/hotline/orders/:id/reject', {
      schema: {
        tags, summary: 'Reject 不予受理 (not the bureau’s matter …) with a reason, pushed back to the hotline', params: IdParam,
        body: Type.Object({ version: Version, reason: Type.String({ minLength: 1, maxLength: 500 }) }, { additionalProperties: false }),
        response: { 200: OrderView, 400: Err, 401: Err, 403: Err, 404: Err, 409: Err, 422: Err },
      },
    }, async (req) => presentOrder(await hotline.reject(requireUser(req), req.params.id, req.body.version, req.body.reason)));

    app.post('/api/v1/hotline/orders/:id/push', {
      schema: { tags, summary: 'Push the result to the hotline system again 重新回传', params: IdParam, response: { 200: OrderView, 401: Err, 403: Err, 404: Err, 409: Err, 422: Err } },
    }, async (req) => presentOrder(await hotline.push(requireUser(req), req.params.id)));

    app.get('/api/v1/hotline/settings', {
      schema: { tags, summary: 'Where results are pushed (the hotline system’s address)', response: { 200: Type.Object({ pushUrl: Nullable(Type.String()) }), 401: Err, 403: Err } },
    }, async (req) => {
      const user = requireUser(req);
      await hotline.places(user); // who may see the gazetteer may see this
      return { pushUrl: await hotline.pushUrl() };
    });

    app.put('/api/v1/hotline/settings', {
      schema: {
        tags, summary: 'Set where results are pushed (admin)',
        body: Type.Object({ pushUrl: Nullable(Type.String({ format: 'uri', pattern: '^https?://', maxLength: 500 })) }, { additionalProperties: false }),
        response: { 200: Type.Object({ pushUrl: Nullable(Type.String()) }), 400: Err, 401: Err, 403: Err },
      },
    }, async (req) => {
      await hotline.setPushUrl(requireUser(req), req.body.pushUrl);
      return { pushUrl: req.body.pushUrl };
    });

    app.get('/api/v1/gazetteer', {
      schema: { tags: ['gazetteer'], summary: 'The gazetteer 地名地址库: roads, communities, landmarks', response: { 200: Type.Object({ items: Type.Array(PlaceView) }), 401: Err, 403: Err } },
    }, async (req) => ({ items: (await hotline.places(requireUser(req))).map(presentPlace) }));

    app.post('/api/v1/gazetteer', {
      schema: {
        tags: ['gazetteer'], summary: 'Add a place (admin); its point must lie in a grid',
        body: Type.Object({
          name: Type.String({ minLength: 2, maxLength: 40 }), kind: PlaceKindSchema,
          aliases: Type.Optional(Type.Array(Type.String({ minLength: 2, maxLength: 40 }), { maxItems: 10 })), lon: Type.Number(), lat: Type.Number(), crs: Crs,
        }, { additionalProperties: false }),
        response: { 201: PlaceView, 400: Err, 401: Err, 403: Err, 409: Err, 422: Err },
      },
    }, async (req, reply) => reply.status(201).send(presentPlace(await hotline.addPlace(requireUser(req), req.body))));

    app.delete('/api/v1/gazetteer/:id', {
      schema: { tags: ['gazetteer'], summary: 'Remove a place (admin)', params: IdParam, response: { 204: Type.Null(), 401: Err, 403: Err, 404: Err } },
    }, async (req, reply) => {
      await hotline.removePlace(requireUser(req), req.params.id);
      return reply.status(204).send(null);
    });

    app.get('/api/v1/gazetteer/resolve', {
      schema: {
        tags: ['gazetteer'], summary: 'Where an address in words would be placed',
        querystring: Type.Object({ address: Type.String({ minLength: 1, maxLength: 300 }) }),
        response: { 200: Type.Object({ match: Type.Union([Type.Object({ place: PlaceView, matched: Type.String(), gridCode: Nullable(Type.String()) }), Type.Null()]) }), 400: Err, 401: Err, 403: Err },
      },
    }, async (req) => {
      const r = await hotline.resolve(requireUser(req), req.query.address);
      return { match: r ? { place: presentPlace(r.place), matched: r.matched, gridCode: r.gridCode } : null };
    });
  });
}
