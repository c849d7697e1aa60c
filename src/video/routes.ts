/**
 * HTTP for video intake: the detection webhook (per-source API key), the review queue and its
 * actions, snapshots through their item. The shelf, register and dashboards are in admin-routes.ts.
 */
import { Type } from 'typebox';
import type { FastifySchemaValidationError } from 'fastify';
import type { FastifyValidationResult } from 'fastify/types/schema.js';
import type { Api } from '../http/types.js';
import type { AppContext } from '../app.js';
import { requireUser } from '../http/auth-hook.js';
import { notFound } from '../core/errors.js';
import { EXTENSIONS } from '../files/model.js';
import { actionRoutes } from '../workflow/routes.js';
import { ITEM_ACTION_DECLARATIONS } from './actions.js';
import { IngestBody, IngestResult } from './schemas.js';
import { ItemEventView, ItemView, presentEvent, presentItem } from './presenters.js';
import { ITEM_STATES } from './model.js';
import { videoAdminRoutes } from './admin-routes.js';
import { cameraSheetRoutes } from './sheet-routes.js';
import { PenaltyBody } from './penalty.js';
import { NonContactClassSchema, NonContactClassesBody } from './non-contact.js';

const Err = Type.Ref('Error');
const tags = ['video'];

/** The body's shape is checked per detection by the service (a bad one must not sink its batch); here only that it is an object. */
function objectOnly(): FastifyValidationResult {
  const check = (data: unknown): boolean => {
    const ok = data !== null && typeof data === 'object' && !Array.isArray(data);
    check.errors = ok ? null : [{ keyword: 'type', instancePath: '', schemaPath: '#/type', params: { type: 'object' }, message: 'must be one detection or {detections: [...]}' }];
    return ok;
  };
  check.errors = null as FastifySchemaValidationError[] | null;
  return check;
}

export async function videoRoutes(app: Api, ctx: AppContext): Promise<void> {
  app.post('/api/v1/video/detections', {
    bodyLimit: 64 * 1024 * 1024,
    schema: {
      tags, summary: '接收视频识别结果 · Post detections (webhook; one or a batch of up to 500)',
      description: 'Authenticated by the source’s API key in `X-Api-Key` (系统管理 → 视频接入). Each detection is checked on its own: a bad one is answered with `outcome: invalid` and its reasons, and counted for its camera and algorithm; the others go on. Boxes and regions are fractions (0–1) of the frame. Snapshots inline (`snapshotBase64`) are stored by SHA-256.',
      headers: Type.Object({ 'x-api-key': Type.Optional(Type.String()) }),
      body: IngestBody,
      response: { 200: IngestResult, 400: Err, 401: Err, 413: Err },
    },
    validatorCompiler: ({ httpPart }) => (httpPart === 'body' ? objectOnly() : () => true),
  }, async (req) => ctx.video.ingest(req.headers['x-api-key'] as string | undefined, req.body));

  app.get('/api/v1/video/items', {
    schema: {
      tags, summary: '识别事件（审核队列） · Review items',
      querystring: Type.Object({
        state: Type.Optional(Type.String({ description: `comma-separated: ${ITEM_STATES.join(', ')}` })),
        camera: Type.Optional(Type.String({ maxLength: 64 })), algorithm: Type.Optional(Type.String({ maxLength: 64 })), caseId: Type.Optional(Type.String({ maxLength: 64 })),
        page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000, default: 1 })), pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 20 })),
      }),
      response: { 200: Type.Object({ items: Type.Array(ItemView), total: Type.Integer(), page: Type.Integer(), pageSize: Type.Integer() }), 400: Err, 401: Err, 403: Err },
    },
  }, async (req) => {
    const r = await ctx.video.items(requireUser(req), req.query);
    return { ...r, items: r.items.map(presentItem) };
  });

  app.get('/api/v1/video/items/:id', {
    schema: {
      tags, summary: '识别事件详情与记录 · A review item and its hash-chained history',
      params: Type.Object({ id: Type.String({ maxLength: 64 }) }),
      response: { 200: Type.Object({ item: ItemView, events: Type.Array(ItemEventView) }), 401: Err, 403: Err, 404: Err },
    },
  }, async (req) => {
    const r = await ctx.video.item(requireUser(req), req.params.id);
    return { item: presentItem(r.item), events: r.events.map(presentEvent) };
  });

  app.get('/api/v1/video/items/:id/snapshots/:sha256', {
    schema: {
      tags, summary: '识别抓拍 · A snapshot of a review item',
      description: 'Served to whoever may read the item (its camera in their area); anyone else 404.',
      params: Type.Object({ id: Type.String({ maxLength: 64 }), sha256: Type.String({ pattern: '^[0-9a-f]{64}$' }) }),
      response: { 401: Err, 403: Err, 404: Err },
    },
  }, async (req, reply) => {
    const user = requireUser(req);
    if (!(await ctx.video.itemHasSnapshot(user, req.params.id, req.params.sha256))) throw notFound('FILE_NOT_FOUND', '文件不存在', 'No such file', { sha256: req.params.sha256 });
    const { file, stream } = await ctx.files.open(req.params.sha256);
    return reply.header('content-type', file.mime).header('content-length', String(file.size)).header('cache-control', 'private, max-age=31536000, immutable')
      .header('content-disposition', `inline; filename="${file.sha256.slice(0, 12)}.${EXTENSIONS[file.mime]}"`).send(stream);
  });

  app.post('/api/v1/video/items/:id/penalty', {
    schema: {
      tags, summary: '移送非现场执法 · Open a penalty clue for a non-contact class and notify the party by SMS',
      description: 'The item must be accepted (a case), its class on the non-contact list (`GET /api/v1/video/non-contact-classes`) and its algorithm marked for it, and its camera must have passed the art. 41 review (else 422 `VIDEO_CAMERA_NOT_REVIEWED`). The clue carries the snapshots of reviewed cameras; the party gets an SMS with a link to see them and state and defend online.',
      params: Type.Object({ id: Type.String({ maxLength: 64 }) }), body: PenaltyBody,
      response: {
        201: Type.Object({ penaltyCase: Type.Object({ id: Type.String(), code: Type.String(), state: Type.String() }), notice: Type.Object({ id: Type.String(), rightsUntil: Type.Number() }), evidence: Type.Array(Type.String()) }),
        400: Err, 401: Err, 403: Err, 404: Err, 409: Err, 422: Err,
      },
    },
  }, async (req, reply) => reply.code(201).send(await ctx.video.openPenalty(requireUser(req), req.params.id, req.body)));

  app.get('/api/v1/video/non-contact-classes', {
    schema: { tags, summary: '非现场执法事项清单 · The classes punished without contact', response: { 200: Type.Object({ classes: Type.Array(NonContactClassSchema) }), 401: Err, 403: Err } },
  }, async (req) => ({ classes: await ctx.video.nonContactClasses(requireUser(req)) }));

  app.put('/api/v1/video/non-contact-classes', {
    schema: { tags, summary: '设置非现场执法事项清单 · Set the classes punished without contact', body: NonContactClassesBody, response: { 200: Type.Object({ classes: Type.Array(NonContactClassSchema) }), 400: Err, 401: Err, 403: Err, 422: Err } },
  }, async (req) => ({ classes: await ctx.video.setNonContactClasses(requireUser(req), req.body) }));

  actionRoutes(app, {
    base: '/api/v1/video/items', tags, declarations: ITEM_ACTION_DECLARATIONS,
    response: { 200: Type.Object({ item: ItemView }), 400: Err, 401: Err, 403: Err, 404: Err, 409: Err, 422: Err },
    handle: async (req, id, action, body, version) => ({ item: presentItem(await ctx.video.act(requireUser(req), id, action, body, version)) }),
  });

  await videoAdminRoutes(app, ctx);
  await cameraSheetRoutes(app, ctx);
}
