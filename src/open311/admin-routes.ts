/**
 * 系统管理 → 公众渠道: which classes the city opens to the public (Open311 services and the citizen
 * app's choices) and the API keys of third-party apps. City-wide configuration: a city-scope admin.
 */
import { Type, type Static } from 'typebox';
import type { AppContext } from '../app.js';
import { authorize, CITY_WIDE } from '../auth/policy.js';
import { requireUser } from '../http/auth-hook.js';
import type { Api } from '../http/types.js';
import { ATTRIBUTE_CODES, MAX_RADIUS_M, SERVICE_TYPES } from './model.js';
import type { ServiceAdminView } from './service.js';
import type { KeyRow } from './repo.js';

const Err = Type.Ref('Error');
const tags = ['public channels'];
const ServiceType = Type.Enum([...SERVICE_TYPES]);
const AttributeCode = Type.Enum([...ATTRIBUTE_CODES]);
const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);
const NullableInt = Type.Union([Type.Integer(), Type.Null()]);

const ServiceView = Type.Object({
  categoryCode: Type.String(),
  name: Type.String({ description: '小类名 (service_name)' }),
  groupName: Type.String({ description: '大类名 (group)' }),
  kind: Type.Union([Type.Literal('component'), Type.Literal('event')]),
  type: ServiceType,
  keywords: Nullable(Type.String()),
  description: Nullable(Type.String()),
  plainName: Nullable(Type.String({ description: 'The plain-language choice the citizen app shows' })),
  attributes: Type.Array(AttributeCode),
  radiusM: Type.Integer({ description: 'Likely-duplicate radius in metres' }),
  updatedAt: Type.Integer(),
});
const present = (s: ServiceAdminView): Static<typeof ServiceView> => ({
  categoryCode: s.categoryCode, name: s.name, groupName: s.groupName, kind: s.kind, type: s.type, keywords: s.keywords, description: s.description,
  plainName: s.plainName, attributes: s.attributes, radiusM: s.radiusM, updatedAt: s.updatedAt,
});

const ServiceBody = Type.Object({
  type: Type.Optional(Type.Enum([...SERVICE_TYPES], { description: 'realtime: id at once; batch: a token first; blackbox: nothing back' })),
  keywords: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
  description: Type.Optional(Nullable(Type.String({ maxLength: 500 }))),
  plainName: Type.Optional(Nullable(Type.String({ maxLength: 40 }))),
  attributes: Type.Optional(Type.Array(AttributeCode, { maxItems: ATTRIBUTE_CODES.length, uniqueItems: true })),
  radiusM: Type.Optional(Type.Integer({ minimum: 10, maximum: MAX_RADIUS_M })),
}, { additionalProperties: false });

const KeyView = Type.Object({
  id: Type.String(), name: Type.String(), prefix: Type.String({ description: 'The key’s first characters' }),
  createdAt: Type.Integer(), createdBy: Nullable(Type.String()), revokedAt: NullableInt, lastUsedAt: NullableInt,
});
const presentKey = (k: KeyRow): Static<typeof KeyView> => ({ id: k.id, name: k.name, prefix: k.prefix, createdAt: k.createdAt, createdBy: k.createdBy, revokedAt: k.revokedAt, lastUsedAt: k.lastUsedAt });
const Code = Type.Object({ code: Type.String({ pattern: '^[CE]\\d{4}$' }) });
const Id = Type.Object({ id: Type.String({ maxLength: 64 }) });

export async function open311AdminRoutes(app: Api, ctx: AppContext): Promise<void> {
  app.get('/api/v1/admin/open311/services', {
    schema: { tags, summary: '开放给公众的服务 · Classes open to the public (Open311 services, citizen app choices)', response: { 200: Type.Object({ items: Type.Array(ServiceView) }), 401: Err, 403: Err } },
  }, async (req) => {
    authorize(requireUser(req), 'catalog.admin', CITY_WIDE);
    return { items: (await ctx.open311.openServices()).map(present) };
  });

  app.put('/api/v1/admin/open311/services/:code', {
    schema: { tags, summary: '开放或修改服务 · Open a small class to the public, or change how it is offered', params: Code, body: ServiceBody, response: { 200: ServiceView, 400: Err, 401: Err, 403: Err, 422: Err } },
  }, async (req) => present(await ctx.open311.putService(requireUser(req), req.params.code, req.body)));

  app.delete('/api/v1/admin/open311/services/:code', {
    schema: { tags, summary: '停止开放 · Close a class to the public (reports already made stay published)', params: Code, response: { 204: Type.Null(), 401: Err, 403: Err, 404: Err } },
  }, async (req, reply) => {
    await ctx.open311.closeService(requireUser(req), req.params.code);
    return reply.status(204).send(null);
  });

  app.get('/api/v1/admin/api-keys', {
    schema: { tags, summary: 'API 密钥 · API keys of third-party Open311 apps (never the keys themselves)', response: { 200: Type.Object({ items: Type.Array(KeyView) }), 401: Err, 403: Err } },
  }, async (req) => ({ items: (await ctx.open311.listKeys(requireUser(req))).map(presentKey) }));

  app.post('/api/v1/admin/api-keys', {
    schema: {
      tags, summary: '签发密钥 · Issue a key: the answer carries it this once', body: Type.Object({ name: Type.String({ minLength: 1, maxLength: 100 }) }, { additionalProperties: false }),
      response: { 201: Type.Object({ key: Type.String(), record: KeyView }), 400: Err, 401: Err, 403: Err },
    },
  }, async (req, reply) => {
    const { key, record } = await ctx.open311.createKey(requireUser(req), req.body.name);
    return reply.status(201).send({ key, record: presentKey(record) });
  });

  app.post('/api/v1/admin/api-keys/:id/revoke', {
    schema: { tags, summary: '吊销密钥 · Revoke a key at once', params: Id, response: { 200: KeyView, 401: Err, 403: Err, 404: Err } },
  }, async (req) => presentKey(await ctx.open311.revokeKey(requireUser(req), req.params.id)));
}
