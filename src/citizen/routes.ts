/**
 * HTTP for the citizen app (随手拍): no login. Every call names its device (`X-Device-Id`, a random id
 * the page keeps) for the abuse limits; the per-address intake rate limit applies on top. Answers carry
 * nothing about staff or other reporters.
 */
import { Type, type Static } from 'typebox';
import type { AppContext } from '../app.js';
import { badRequest } from '../core/errors.js';
import type { Api } from '../http/types.js';
import { RATINGS } from './model.js';
import type { FollowView } from './service.js';

const Err = Type.Ref('Error');
const tags = ['citizen app'];
const DeviceHeader = Type.Object({ 'x-device-id': Type.Optional(Type.String({ maxLength: 64, description: 'A random id the page keeps in local storage (abuse limits)' })) });
const Crs = Type.Enum(['wgs84', 'gcj02', 'bd09'], { description: 'GCJ-02 from Chinese map SDKs is accepted and converted once' });
const Lon = Type.Number({ minimum: -180, maximum: 180 });
const Lat = Type.Number({ minimum: -90, maximum: 90 });
const FollowCode = Type.String({ minLength: 1, maxLength: 16, description: '查询码' });
const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);

const Choice = Type.Object({ code: Type.String(), name: Type.String(), className: Type.String(), groupName: Type.String(), radiusM: Type.Integer(), urgency: Type.Boolean() });
const Nearby = Type.Object({
  code: Type.String(), className: Type.String(), statusText: Type.String(), distanceM: Type.Integer(), reportedAt: Type.Integer(), description: Type.String(), followers: Type.Integer(),
});
const Follow = Type.Object({
  code: Type.String(), followCode: Type.String(), className: Type.String(), status: Type.Enum(['open', 'closed']), statusText: Type.String(),
  reportedAt: Type.Integer(), expectedAt: Type.Union([Type.Integer(), Type.Null()]), unitName: Nullable(Type.String()), address: Nullable(Type.String()),
  description: Type.String(), afterPhotos: Type.Array(Type.String()), steps: Type.Array(Type.Object({ at: Type.Integer(), text: Type.String() })), followers: Type.Integer(),
  rating: Type.Union([Type.Object({ rating: Type.String(), comment: Nullable(Type.String()), reopened: Type.Boolean(), at: Type.Integer() }), Type.Null()]),
  rateUntil: Type.Union([Type.Integer(), Type.Null()]),
});
const present = (f: FollowView): Static<typeof Follow> => ({
  code: f.code, followCode: f.followCode, className: f.className, status: f.status, statusText: f.statusText, reportedAt: f.reportedAt, expectedAt: f.expectedAt,
  unitName: f.unitName, address: f.address, description: f.description, afterPhotos: f.afterPhotos, steps: f.steps, followers: f.followers, rating: f.rating, rateUntil: f.rateUntil,
});
const Phone = Type.Optional(Type.Union([Type.String({ maxLength: 20 }), Type.Null()]));
const SmsCode = Type.Optional(Type.Union([Type.String({ maxLength: 8 }), Type.Null()]));

export async function citizenRoutes(app: Api, ctx: AppContext): Promise<void> {
  app.get('/api/v1/public/choices', {
    schema: { tags, summary: '随手拍：可选的问题类型 · The problem types the public may report', security: [], response: { 200: Type.Object({ items: Type.Array(Choice) }) } },
  }, async () => ({ items: await ctx.citizen.choices() }));

  app.get('/api/v1/public/nearby', {
    schema: {
      tags, summary: '附近可能重复的问题 · Likely duplicates nearby: open cases of the same type within its radius', security: [],
      querystring: Type.Object({ categoryCode: Type.String({ maxLength: 8 }), lon: Lon, lat: Lat, crs: Type.Optional(Crs) }),
      response: { 200: Type.Object({ items: Type.Array(Nearby) }), 400: Err, 422: Err },
    },
  }, async (req) => ({ items: await ctx.citizen.nearby(req.query) }));

  app.post('/api/v1/public/sms-codes', {
    schema: {
      tags, summary: '发送短信验证码 · Send a verification code to a phone (optional callback number)', security: [], headers: DeviceHeader,
      body: Type.Object({ phone: Type.String({ maxLength: 20 }) }, { additionalProperties: false }),
      response: { 200: Type.Object({ expiresInS: Type.Integer(), masked: Type.String() }), 400: Err, 429: Err },
    },
  }, async (req) => ctx.citizen.sendCode(req.headers['x-device-id'], req.body.phone));

  app.post('/api/v1/public/photos', {
    schema: {
      tags, summary: '上传照片 · Upload a photo (multipart field "file"; JPEG, PNG, WebP)', security: [], headers: DeviceHeader, consumes: ['multipart/form-data'],
      response: { 201: Type.Object({ sha256: Type.String(), size: Type.Integer() }), 400: Err, 413: Err, 415: Err, 429: Err },
    },
  }, async (req, reply) => {
    if (!req.isMultipart()) throw badRequest('MULTIPART_REQUIRED', '请以 multipart/form-data 上传文件', 'Upload the file as multipart/form-data');
    const device = req.headers['x-device-id'];
    const part = await req.file();
    if (!part) throw badRequest('FILE_MISSING', '请求中没有文件', 'The request carries no file');
    const saved = await ctx.citizen.uploadPhoto(typeof device === 'string' ? device : undefined, part.file, part.filename || null, () => part.file.truncated);
    return reply.status(201).send({ sha256: saved.sha256, size: saved.size });
  });

  app.post('/api/v1/public/reports', {
    schema: {
      tags, summary: '随手拍上报 · Report a problem anonymously (a phone for a callback is optional, verified by SMS code)', security: [], headers: DeviceHeader,
      body: Type.Object({
        categoryCode: Type.String({ maxLength: 8 }), lon: Lon, lat: Lat, crs: Type.Optional(Crs), address: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
        description: Type.String({ minLength: 1, maxLength: 1000 }), photos: Type.Optional(Type.Array(Type.String({ pattern: '^[0-9a-f]{64}$' }), { maxItems: 9 })),
        urgency: Type.Optional(Type.Enum(['normal', 'urgent'])), phone: Phone, smsCode: SmsCode,
        clientRef: Type.Optional(Nullable(Type.String({ minLength: 8, maxLength: 64, description: 'The page’s id of this submission: a resend returns the same case' }))),
      }, { additionalProperties: false }),
      response: { 200: Type.Object({ code: Type.String(), followCode: Type.String(), replayed: Type.Boolean() }), 201: Type.Object({ code: Type.String(), followCode: Type.String(), replayed: Type.Boolean() }), 400: Err, 404: Err, 409: Err, 422: Err, 429: Err },
    },
  }, async (req, reply) => {
    const r = await ctx.citizen.report(req.headers['x-device-id'], req.body);
    return reply.status(r.replayed ? 200 : 201).send(r);
  });

  app.post('/api/v1/public/cases/:code/me-too', {
    schema: {
      tags, summary: '我也遇到 · "Me too": follow an existing open case instead of reporting it again', security: [], headers: DeviceHeader,
      params: Type.Object({ code: Type.String({ maxLength: 32 }) }),
      body: Type.Object({ phone: Phone, smsCode: SmsCode }, { additionalProperties: false }),
      response: { 200: Type.Object({ code: Type.String(), followCode: Type.String() }), 400: Err, 404: Err, 422: Err, 429: Err },
    },
  }, async (req) => ctx.citizen.meToo(req.headers['x-device-id'], req.params.code, req.body));

  app.get('/api/v1/public/follow/:followCode', {
    schema: { tags, summary: '凭查询码跟进 · Follow a case by its code: status in plain words, expected time, unit, after-photos', security: [], params: Type.Object({ followCode: FollowCode }), response: { 200: Follow, 404: Err } },
  }, async (req) => present(await ctx.citizen.follow(req.params.followCode)));

  app.get('/api/v1/public/follow/:followCode/photos/:sha256', {
    schema: { tags, summary: '处置后照片 · A photo of the followed case (after-photos and the reporter’s own)', security: [], params: Type.Object({ followCode: FollowCode, sha256: Type.String({ pattern: '^[0-9a-f]{64}$' }) }), response: { 404: Err } },
  }, async (req, reply) => {
    const { file, stream } = await ctx.citizen.photo(req.params.followCode, req.params.sha256);
    return reply.header('content-type', file.mime).header('content-length', String(file.size)).header('cache-control', 'private, max-age=86400').send(stream);
  });

  app.post('/api/v1/public/follow/:followCode/rating', {
    schema: {
      tags, summary: '评价办理结果 · Rate the result: 满意 / 基本满意 / 不满意 (within 7 days of closing; 不满意 reopens it for the shift lead’s review)', security: [],
      params: Type.Object({ followCode: FollowCode }),
      body: Type.Object({ rating: Type.Enum([...RATINGS]), comment: Type.Optional(Nullable(Type.String({ maxLength: 500 }))) }, { additionalProperties: false }),
      response: { 200: Follow, 400: Err, 404: Err, 409: Err },
    },
  }, async (req) => present(await ctx.citizen.rate(req.params.followCode, req.body)));
}
