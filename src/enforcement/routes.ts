/**
 * HTTP for penalty cases (行政处罚案件): clue intake, lists and detail within the reader's area,
 * one route per declared action, the event log. Route = authenticate → validate → authorize →
 * one service call → present.
 */
import { Type } from 'typebox';
import type { AppContext } from '../app.js';
import { authorize } from '../auth/policy.js';
import { notFound, unprocessable } from '../core/errors.js';
import { requireUser } from '../http/auth-hook.js';
import type { Api } from '../http/types.js';
import { actionRoutes } from '../workflow/routes.js';
import { PENALTY_ACTION_DECLARATIONS } from './actions.js';
import { CLUE_SOURCES, PENALTY_STATES } from './model.js';
import { PenaltyCaseView, presentCase } from './presenters.js';
import { DOCUMENT_KINDS, KINDS } from './documents/kinds.js';
import { impoundRoutes } from './impounds-routes.js';
import { benchmarkRoutes } from './benchmark-routes.js';

const Err = Type.Ref('Error');
const tags = ['enforcement'];
const Sha = Type.String({ pattern: '^[0-9a-f]{64}$' });
const CaseOut = Type.Object({ penaltyCase: PenaltyCaseView });

const ClueBody = Type.Object({
  source: Type.Union(CLUE_SOURCES.map((s) => Type.Literal(s)), { description: CLUE_SOURCES.join(', ') }),
  sourceRef: Type.Optional(Type.String({ minLength: 1, maxLength: 120, description: 'Your own id of it: intake is idempotent per (source, sourceRef)' })),
  summary: Type.String({ minLength: 1, maxLength: 2000 }),
  address: Type.String({ minLength: 1, maxLength: 300 }),
  lon: Type.Optional(Type.Number({ minimum: -180, maximum: 180 })),
  lat: Type.Optional(Type.Number({ minimum: -90, maximum: 90 })),
  districtCode: Type.Optional(Type.String({ pattern: '^\\d{6}$' })),
  streetCode: Type.Optional(Type.String({ pattern: '^\\d{9}$' })),
  evidence: Type.Optional(Type.Array(Sha, { maxItems: 50 })),
  cityCaseId: Type.Optional(Type.String({ minLength: 1, maxLength: 60 })),
  violationCode: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
}, { additionalProperties: false });

const EventView = Type.Object({ seq: Type.Integer(), type: Type.String(), data: Type.Record(Type.String(), Type.Unknown()), actorId: Type.String(), role: Type.String(), at: Type.Number(), hash: Type.String() });

export async function penaltyCaseRoutes(app: Api, ctx: AppContext): Promise<void> {
  const { enforcement } = ctx;

  app.post('/api/v1/penalty-cases/clues', {
    schema: {
      tags, summary: '登记线索 · Open a clue (idempotent per source and sourceRef)', body: ClueBody,
      response: { 200: CaseOut, 201: CaseOut, 400: Err, 401: Err, 403: Err, 404: Err, 422: Err },
    },
  }, async (req, reply) => {
    const user = requireUser(req);
    const role = authorize(user, 'penalty.clue');
    if (req.body.cityCaseId) await ctx.cases.get(user, req.body.cityCaseId);
    if (req.body.evidence?.length) await ctx.files.requireAll(req.body.evidence);
    // The place is checked before anything is written: inside the city, and inside the officer's own area.
    const where = enforcement.placeOf(req.body);
    if (!where.districtCode || !ctx.geo.nameOf(where.districtCode) || (where.streetCode && !ctx.geo.nameOf(where.streetCode))) {
      throw unprocessable('OUTSIDE_MANAGED_AREA', '该位置不在管辖范围内，请在地图上选点或填写所在区', 'The place is outside the managed area: pick it on the map or give its district', { field: 'lon' });
    }
    authorize(user, 'penalty.clue', { districtCode: where.districtCode, streetCode: where.streetCode });
    const { penaltyCase, created } = await enforcement.openClue(req.body, { actorId: user.id, role });
    // An earlier clue with the same source reference that the officer may not read reads as not found.
    if (!created) await enforcement.get(user, penaltyCase.id);
    return reply.code(created ? 201 : 200).send({ penaltyCase: presentCase(penaltyCase, user, ctx.clock.now()) });
  });

  app.get('/api/v1/penalty-cases', {
    schema: {
      tags, summary: '处罚案件列表 · Penalty cases in your area, newest first',
      querystring: Type.Object({
        state: Type.Optional(Type.String({ description: `comma-separated: ${PENALTY_STATES.join(', ')}` })),
        light: Type.Optional(Type.Union([Type.Literal('green'), Type.Literal('yellow'), Type.Literal('red')])),
        q: Type.Optional(Type.String({ maxLength: 60, description: 'case code or party name contains' })),
        districtCode: Type.Optional(Type.String({ pattern: '^\\d{6}$' })),
        limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
        offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 100000, default: 0 })),
      }),
      response: { 200: Type.Object({ items: Type.Array(PenaltyCaseView), total: Type.Integer() }), 400: Err, 401: Err, 403: Err },
    },
  }, async (req) => {
    const user = requireUser(req);
    const states = req.query.state ? req.query.state.split(',').map((s) => s.trim()).filter((s) => (PENALTY_STATES as readonly string[]).includes(s)) : undefined;
    const r = await enforcement.list(user, { states, light: req.query.light, q: req.query.q, districtCode: req.query.districtCode, limit: req.query.limit ?? 50, offset: req.query.offset ?? 0 });
    const now = ctx.clock.now();
    return { items: r.items.map((p) => presentCase(p, user, now)), total: r.total };
  });

  app.get('/api/v1/penalty-cases/:id', {
    schema: { tags, summary: '处罚案件详情 · One penalty case', params: Type.Object({ id: Type.String() }), response: { 200: CaseOut, 401: Err, 403: Err, 404: Err } },
  }, async (req) => {
    const user = requireUser(req);
    return { penaltyCase: presentCase(await enforcement.get(user, req.params.id), user, ctx.clock.now()) };
  });

  app.get('/api/v1/penalty-cases/:id/events', {
    schema: { tags, summary: '全过程记录 · The case’s events, hash-chained', params: Type.Object({ id: Type.String() }), response: { 200: Type.Object({ items: Type.Array(EventView) }), 401: Err, 403: Err, 404: Err } },
  }, async (req) => {
    const events = await enforcement.events(requireUser(req), req.params.id);
    return { items: events.map((e) => ({ seq: e.seq, type: e.type, data: e.data as Record<string, unknown>, actorId: e.actorId, role: e.role, at: e.at, hash: e.hash })) };
  });

  app.get('/api/v1/cases/:id/penalty-cases', {
    schema: { tags, summary: '案卷关联的处罚案件 · Penalty cases a city case spawned', params: Type.Object({ id: Type.String() }), response: { 200: Type.Object({ items: Type.Array(PenaltyCaseView) }), 401: Err, 403: Err, 404: Err } },
  }, async (req) => {
    const user = requireUser(req);
    await ctx.cases.get(user, req.params.id);
    authorize(user, 'penalty.read');
    const now = ctx.clock.now();
    const linked = await enforcement.ofCityCase(req.params.id);
    const visible = [];
    for (const p of linked) visible.push(await enforcement.get(user, p.id).catch(() => null));
    return { items: visible.filter((p) => p !== null).map((p) => presentCase(p, user, now)) };
  });

  app.post('/api/v1/penalty-cases/:id/documents', {
    schema: {
      tags, summary: `制作法律文书 · Issue a legal document as PDF (${DOCUMENT_KINDS.map((d) => `${d} ${KINDS[d].title}`).join(', ')})`,
      params: Type.Object({ id: Type.String() }),
      body: Type.Object({ kind: Type.Union(DOCUMENT_KINDS.map((d) => Type.Literal(d))) }, { additionalProperties: false }),
      response: { 201: Type.Object({ penaltyCase: PenaltyCaseView, document: Type.Object({ kind: Type.String(), docNo: Type.String(), version: Type.Integer(), sha256: Type.String(), at: Type.Number() }) }), 400: Err, 401: Err, 403: Err, 404: Err, 409: Err },
    },
  }, async (req, reply) => {
    const user = requireUser(req);
    const r = await enforcement.documents.issue(user, req.params.id, req.body.kind);
    return reply.code(201).send({ penaltyCase: presentCase(r.penaltyCase, user, ctx.clock.now()), document: r.document });
  });

  app.get('/api/v1/penalty-cases/:id/documents/:sha256', {
    schema: { tags, summary: '文书 PDF · A stored legal document', params: Type.Object({ id: Type.String(), sha256: Type.String({ pattern: '^[0-9a-f]{64}$' }) }), response: { 400: Err, 401: Err, 403: Err, 404: Err } },
  }, async (req, reply) => {
    const d = await enforcement.documents.pdf(requireUser(req), req.params.id, req.params.sha256);
    return reply.header('content-type', 'application/pdf').header('content-disposition', `inline; filename="document.pdf"; filename*=UTF-8''${encodeURIComponent(d.filename)}`).send(d.bytes);
  });

  app.get('/api/v1/penalty-cases/:id/evidence/:sha256', {
    schema: { tags, summary: '证据文件（照片等） · A file the penalty case carries as evidence (to whoever may read the case)', params: Type.Object({ id: Type.String(), sha256: Type.String({ pattern: '^[0-9a-f]{64}$' }) }), response: { 400: Err, 401: Err, 403: Err, 404: Err } },
  }, async (req, reply) => {
    const p = await enforcement.get(requireUser(req), req.params.id);
    const sha = req.params.sha256;
    if (!p.evidence.some((e) => e.sha256 === sha)) throw notFound('FILE_NOT_FOUND', '文件不存在', 'No such file', { sha256: sha });
    const { file, stream } = await ctx.files.open(sha);
    return reply.header('content-type', file.mime).header('content-length', String(file.size)).header('cache-control', 'private, max-age=31536000, immutable').send(stream);
  });

  const DisclosureView = Type.Object({
    caseId: Type.String(), caseCode: Type.String(), docNo: Type.Union([Type.String(), Type.Null()]), partyName: Type.String(), partyId: Type.Union([Type.String(), Type.Null()]),
    legalRep: Type.Union([Type.String(), Type.Null()]), violation: Type.Union([Type.String(), Type.Null()]), basis: Type.Union([Type.String(), Type.Null()]),
    fineFen: Type.Integer(), decidedAt: Type.Union([Type.Number(), Type.Null()]), publishedAt: Type.Number(), authority: Type.String(),
  });
  app.get('/api/v1/public/penalty-disclosures', {
    schema: {
      tags, summary: '行政处罚决定公示（公开，个人信息已脱敏） · Published penalty decisions, personal data redacted (no login)',
      querystring: Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })), offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 100000, default: 0 })) }),
      response: { 200: Type.Object({ items: Type.Array(DisclosureView), total: Type.Integer() }), 400: Err },
    },
  }, async (req) => enforcement.disclosures(req.query.limit ?? 50, req.query.offset ?? 0) as never);

  // The generic path (the console's one entry): unknown names answer 404 ACTION_UNKNOWN; the body is the action's to check.
  app.post('/api/v1/penalty-cases/:id/actions/:action', {
    schema: {
      tags, summary: '处罚案件操作（每个操作另有自己的路径与请求体） · Take an action (each also has its own path and body)',
      params: Type.Object({ id: Type.String(), action: Type.String() }),
      body: Type.Object({ version: Type.Integer({ minimum: 1 }) }, { additionalProperties: true }),
      response: { 200: CaseOut, 400: Err, 401: Err, 403: Err, 404: Err, 409: Err, 422: Err },
    },
  }, async (req) => {
    const user = requireUser(req);
    const { version, ...body } = req.body as { version: number } & Record<string, unknown>;
    return { penaltyCase: presentCase(await enforcement.act(user, req.params.id, req.params.action, body, version), user, ctx.clock.now()) };
  });

  actionRoutes(app, {
    base: '/api/v1/penalty-cases', tags, declarations: PENALTY_ACTION_DECLARATIONS,
    response: { 200: CaseOut, 400: Err, 401: Err, 403: Err, 404: Err, 409: Err, 422: Err },
    handle: async (req, id, action, body, version) => {
      const user = requireUser(req);
      return { penaltyCase: presentCase(await enforcement.act(user, id, action, body, version), user, ctx.clock.now()) };
    },
  });

  // Impounds (查封/扣押) and the yard.
  await impoundRoutes(app, ctx);
  // The discretion benchmark as a file, the calculator, the leader figures.
  await benchmarkRoutes(app, ctx);
}
