/**
 * HTTP for suggestions (金点子). Public, no login: submit (`X-Device-Id` for the abuse limits, an
 * optional phone verified by SMS code), follow by code, the list of answered suggestions — nothing
 * personal in any public answer (no phone, no device, no place finer than the district; phone
 * numbers, ID numbers and e-mail addresses in the text are masked). Staff: the queue in reach, one
 * suggestion with its log, the declared actions, photos, the answer limit.
 */
import { Type, type Static } from 'typebox';
import type { AppContext } from '../app.js';
import { requireUser } from '../http/auth-hook.js';
import type { Api } from '../http/types.js';
import { actionRoutes } from '../workflow/routes.js';
import {
  ADOPTION_NAMES, CHANNELS, maskPersonal, SUGGESTION_ACTIONS, SUGGESTION_STATE_NAMES, SUGGESTION_STATES, TOPIC_NAMES, TOPICS,
  type Suggestion, type SuggestionState, type Topic,
} from './model.js';
import type { PublicFollowView } from './service.js';

const Err = Type.Ref('Error');
const tags = ['suggestions'];
const Nullable = <T extends ReturnType<typeof Type.String | typeof Type.Number | typeof Type.Integer>>(t: T) => Type.Union([t, Type.Null()]);
const TopicSchema = Type.Unsafe<Topic>(Type.Union(TOPICS.map((t) => Type.Literal(t)), { title: '建议类别' }));
const StateSchema = Type.Unsafe<SuggestionState>(Type.Union(SUGGESTION_STATES.map((s) => Type.Literal(s))));
const DeviceHeader = Type.Object({ 'x-device-id': Type.Optional(Type.String({ maxLength: 64, description: 'A random id the page keeps in local storage (abuse limits)' })) });
const FollowCode = Type.String({ minLength: 1, maxLength: 16, description: '查询码' });
const Page = Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000 }));

const AnswerView = Type.Object({ text: Type.String(), adoption: Type.String(), adoptionName: Type.String(), byName: Type.String(), at: Type.Integer() });

const StaffView = Type.Object({
  id: Type.String(), version: Type.Integer(), code: Type.String(), state: StateSchema, stateName: Type.String(),
  channel: Type.String(), topic: TopicSchema, topicName: Type.String(), title: Type.String(), content: Type.String(), photos: Type.Array(Type.String()),
  lon: Nullable(Type.Number()), lat: Nullable(Type.Number()), address: Nullable(Type.String()), districtCode: Nullable(Type.String()), streetCode: Nullable(Type.String()),
  named: Type.Boolean({ description: 'A verified callback number was left (the number is never shown)' }),
  unitId: Nullable(Type.String()), unitName: Nullable(Type.String()),
  limit: Type.Union([Type.Object({ value: Type.Number(), unit: Type.String() }), Type.Null()]),
  dueAt: Nullable(Type.Integer()), warnAt: Nullable(Type.Integer()), light: Type.String({ description: 'green | yellow | red' }),
  answer: Type.Union([Type.Object({ ...AnswerView.properties, onTime: Type.Boolean(), unitId: Nullable(Type.String()), photos: Type.Array(Type.String()) }), Type.Null()]),
  discardReason: Nullable(Type.String()), returns: Type.Integer(), urges: Type.Integer(),
  receivedAt: Type.Integer(), assignedAt: Nullable(Type.Integer()), updatedAt: Type.Integer(),
});

export function presentSuggestion(s: Suggestion): Static<typeof StaffView> {
  return {
    id: s.id, version: s.version, code: s.code, state: s.state, stateName: SUGGESTION_STATE_NAMES[s.state].zh, channel: s.channel, topic: s.topic, topicName: TOPIC_NAMES[s.topic].zh,
    title: s.title, content: s.content, photos: [...s.photos], lon: s.lon, lat: s.lat, address: s.address, districtCode: s.districtCode, streetCode: s.streetCode, named: s.named,
    unitId: s.unitId, unitName: s.unitName, limit: s.limit ? { value: s.limit.value, unit: s.limit.unit } : null, dueAt: s.clock.dueAt, warnAt: s.clock.warnAt, light: s.clock.light,
    answer: s.answer ? {
      text: s.answer.text, adoption: s.answer.adoption, adoptionName: ADOPTION_NAMES[s.answer.adoption].zh, byName: s.answer.byName, at: s.answer.at,
      onTime: s.answer.onTime, unitId: s.answer.unitId, photos: [...s.answer.photos],
    } : null,
    discardReason: s.discardReason, returns: s.returns, urges: s.urges, receivedAt: s.receivedAt, assignedAt: s.assignedAt, updatedAt: s.updatedAt,
  };
}

const PublicItem = Type.Object({
  code: Type.String(), topic: TopicSchema, topicName: Type.String(), title: Type.String(), content: Type.String({ description: 'Phone numbers, ID numbers and e-mail addresses masked' }),
  districtName: Nullable(Type.String()), receivedAt: Type.Integer(), answer: AnswerView,
});

const FollowView = Type.Object({
  code: Type.String(), followCode: Type.String(), topic: TopicSchema, topicName: Type.String(), title: Type.String(), content: Type.String(),
  state: StateSchema, stateName: Type.String(), receivedAt: Type.Integer(), unitName: Nullable(Type.String()), expectedAt: Nullable(Type.Integer()),
  answer: Type.Union([AnswerView, Type.Null()]), discardReason: Nullable(Type.String()), steps: Type.Array(Type.Object({ at: Type.Integer(), text: Type.String() })),
});

const presentFollow = (f: PublicFollowView): Static<typeof FollowView> => ({
  code: f.code, followCode: f.followCode, topic: f.topic, topicName: TOPIC_NAMES[f.topic].zh, title: f.title, content: f.content, state: f.state,
  stateName: f.state === 'received' ? '已收到，待分办' : SUGGESTION_STATE_NAMES[f.state].zh, receivedAt: f.receivedAt, unitName: f.unitName, expectedAt: f.expectedAt,
  answer: f.answer ? { ...f.answer, adoptionName: ADOPTION_NAMES[f.answer.adoption as keyof typeof ADOPTION_NAMES]?.zh ?? f.answer.adoption } : null,
  discardReason: f.discardReason, steps: f.steps,
});

const Limit = Type.Object({ value: Type.Number({ minimum: 0.5, maximum: 60 }), unit: Type.Union([Type.Literal('work_days'), Type.Literal('work_hours'), Type.Literal('days')]) }, { additionalProperties: false });

export async function suggestionRoutes(app: Api, ctx: AppContext): Promise<void> {
  const { suggestions } = ctx;

  // ---- public, no login ----
  app.get('/api/v1/public/suggestion-topics', {
    schema: { tags, summary: '金点子：建议类别 · The topics a suggestion may have', security: [], response: { 200: Type.Object({ items: Type.Array(Type.Object({ code: TopicSchema, name: Type.String(), nameEn: Type.String() })) }) } },
  }, async () => ({ items: TOPICS.map((t) => ({ code: t, name: TOPIC_NAMES[t].zh, nameEn: TOPIC_NAMES[t].en })) }));

  const Submitted = Type.Object({ code: Type.String(), followCode: Type.String(), replayed: Type.Boolean() });
  app.post('/api/v1/public/suggestions', {
    schema: {
      tags, summary: '提交金点子 · Send a suggestion, no account (a phone for a callback is optional, verified by SMS code)', security: [], headers: DeviceHeader,
      body: Type.Object({
        topic: TopicSchema,
        title: Type.String({ minLength: 1, maxLength: 60, title: '标题' }),
        content: Type.String({ minLength: 1, maxLength: 2000, title: '建议内容' }),
        photos: Type.Optional(Type.Array(Type.String({ pattern: '^[0-9a-f]{64}$' }), { maxItems: 6, description: 'Uploaded with POST /api/v1/public/photos' })),
        lon: Type.Optional(Nullable(Type.Number({ minimum: -180, maximum: 180 }))),
        lat: Type.Optional(Nullable(Type.Number({ minimum: -90, maximum: 90 }))),
        crs: Type.Optional(Type.Union([Type.Literal('wgs84'), Type.Literal('gcj02'), Type.Literal('bd09')])),
        address: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
        phone: Type.Optional(Nullable(Type.String({ maxLength: 20 }))),
        smsCode: Type.Optional(Nullable(Type.String({ maxLength: 8 }))),
        source: Type.Optional(Type.Union(CHANNELS.map((c) => Type.Literal(c)), { description: 'citizen_app (the page /r) or api (default)' })),
        clientRef: Type.Optional(Nullable(Type.String({ minLength: 8, maxLength: 64, description: 'The sender’s id of this submission: a resend returns the same suggestion' }))),
      }, { additionalProperties: false }),
      response: { 200: Submitted, 201: Submitted, 400: Err, 404: Err, 409: Err, 422: Err, 429: Err },
    },
  }, async (req, reply) => {
    const r = await suggestions.submit(req.headers['x-device-id'], req.body);
    return reply.status(r.replayed ? 200 : 201).send(r);
  });

  app.get('/api/v1/public/suggestions/follow/:followCode', {
    schema: { tags, summary: '凭查询码查看建议办理情况 · Follow a suggestion by its code: where it stands, the unit, the expected time, the answer', security: [], params: Type.Object({ followCode: FollowCode }), response: { 200: FollowView, 404: Err } },
  }, async (req) => presentFollow(await suggestions.follow(req.params.followCode)));

  app.get('/api/v1/public/suggestions', {
    schema: {
      tags, summary: '金点子答复公开 · Answered suggestions, latest first (nothing personal)', security: [],
      querystring: Type.Object({ topic: Type.Optional(TopicSchema), page: Page, pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 50 })) }),
      response: { 200: Type.Object({ items: Type.Array(PublicItem), total: Type.Integer() }), 400: Err },
    },
  }, async (req) => {
    const r = await suggestions.publicList(req.query);
    return {
      total: r.total,
      items: r.items.map((s) => ({
        code: s.code, topic: s.topic, topicName: TOPIC_NAMES[s.topic].zh, title: maskPersonal(s.title), content: maskPersonal(s.content),
        districtName: s.districtCode ? ctx.geo.nameOf(s.districtCode) ?? null : null, receivedAt: s.receivedAt,
        answer: { text: maskPersonal(s.answer!.text), adoption: s.answer!.adoption, adoptionName: ADOPTION_NAMES[s.answer!.adoption].zh, byName: s.answer!.byName, at: s.answer!.at },
      })),
    };
  });

  // ---- staff ----
  app.get('/api/v1/suggestions', {
    schema: {
      tags, summary: '金点子 in reach: the centre’s area, a unit’s own', 
      querystring: Type.Object({
        state: Type.Optional(Type.Union([StateSchema, Type.Literal('open')], { description: 'open = received or assigned' })),
        light: Type.Optional(Type.Union([Type.Literal('yellow'), Type.Literal('red')])),
        topic: Type.Optional(TopicSchema),
        q: Type.Optional(Type.String({ maxLength: 32, description: '建议编号' })),
        page: Page, pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
      }),
      response: { 200: Type.Object({ items: Type.Array(StaffView), total: Type.Integer() }), 400: Err, 401: Err, 403: Err },
    },
  }, async (req) => {
    const r = await suggestions.list(requireUser(req), req.query);
    return { items: r.items.map(presentSuggestion), total: r.total };
  });

  app.get('/api/v1/suggestions/settings', {
    schema: { tags, summary: 'The answer limit a unit has (default 5 working days)', response: { 200: Type.Object({ answerLimit: Type.Object({ value: Type.Number(), unit: Type.String() }) }), 401: Err } },
  }, async (req) => {
    requireUser(req);
    const l = await suggestions.answerLimit();
    return { answerLimit: { value: l.value, unit: l.unit } };
  });

  app.put('/api/v1/suggestions/settings', {
    schema: {
      tags, summary: 'Set the answer limit (administrator, city scope); applies to assignments from now on',
      body: Type.Object({ answerLimit: Limit }, { additionalProperties: false }),
      response: { 200: Type.Object({ answerLimit: Type.Object({ value: Type.Number(), unit: Type.String() }) }), 400: Err, 401: Err, 403: Err, 422: Err },
    },
  }, async (req) => {
    const l = await suggestions.setAnswerLimit(requireUser(req), req.body.answerLimit);
    return { answerLimit: { value: l.value, unit: l.unit } };
  });

  app.get('/api/v1/suggestions/:id', {
    schema: { tags, summary: 'One suggestion (404 when out of reach)', params: Type.Object({ id: Type.String({ maxLength: 64 }) }), response: { 200: StaffView, 401: Err, 404: Err } },
  }, async (req) => presentSuggestion(await suggestions.get(requireUser(req), req.params.id)));

  app.get('/api/v1/suggestions/:id/events', {
    schema: {
      tags, summary: 'The suggestion’s log (hash-chained)', params: Type.Object({ id: Type.String({ maxLength: 64 }) }),
      response: { 200: Type.Object({ items: Type.Array(Type.Object({ seq: Type.Integer(), type: Type.String(), data: Type.Record(Type.String(), Type.Unknown()), actorId: Type.String(), role: Type.String(), at: Type.Integer(), hash: Type.String() })) }), 401: Err, 404: Err },
    },
  }, async (req) => ({
    items: (await suggestions.events(requireUser(req), req.params.id)).map((e) => ({ seq: e.seq, type: e.type, data: e.data, actorId: e.actorId, role: e.role, at: e.at, hash: e.hash })),
  }));

  app.get('/api/v1/suggestions/:id/photos/:sha256', {
    schema: { tags, summary: 'A photo of the suggestion or its answer', params: Type.Object({ id: Type.String({ maxLength: 64 }), sha256: Type.String({ pattern: '^[0-9a-f]{64}$' }) }), response: { 401: Err, 404: Err } },
  }, async (req, reply) => {
    const { file, stream } = await suggestions.photo(requireUser(req), req.params.id, req.params.sha256);
    return reply.header('content-type', file.mime).header('content-length', String(file.size)).header('cache-control', 'private, max-age=86400').send(stream);
  });

  actionRoutes(app, {
    base: '/api/v1/suggestions', tags, declarations: SUGGESTION_ACTIONS,
    response: { 200: StaffView, 400: Err, 401: Err, 403: Err, 404: Err, 409: Err, 422: Err },
    handle: async (req, id, action, body, version) => presentSuggestion(await suggestions.act(requireUser(req), id, action, body, version)),
  });
}

