/**
 * HTTP for the closed loop: intake, search, detail, the action endpoint, chain verification and
 * the worklist. Route = authenticate → validate (schema) → authorize (in the service, per case) →
 * one service call → present.
 */
import { Type } from 'typebox';
import type { Api } from '../http/types.js';
import type { AppContext } from '../app.js';
import { requireUser } from '../http/auth-hook.js';
import { authorize } from '../auth/policy.js';
import { parseInstant } from '../core/time.js';
import { badRequest } from '../core/errors.js';
import { CASE_SOURCES, CASE_STATUSES } from './model.js';
import { CASE_ACTIONS, CASE_ACTION_DECLARATIONS } from './actions.js';
import { CASE_CHANNELS, type ReportInput } from './channels.js';
import { actionRoutes } from '../workflow/routes.js';
import { LIGHTS } from './lights.js';
import { CaseView, ChainView, DetailView, presentCase, presentChain, presentDetail } from './presenters.js';
import { casesXlsx } from './export-xlsx.js';
import type { CaseRecord } from './record.js';
import { consoleRoutes } from './console-routes.js';
import { LIST_COUNT_CAP } from './queries.js';
import { mapClusterRoute } from './map-routes.js';

const Err = Type.Ref('Error');
const tags = ['cases'];

/** A report is one of the intake channels' payloads (src/cases/channels.ts); the channel checks it, in one place. */
const ReportBody = Type.Union(CASE_CHANNELS.map((c) => c.payload), { description: '监督员上报 (source inspector) or 受理员录入 (every other source)' });

/** The generic action path: every declared action has its own route (below); this one answers unknown names. */
const AnyActionBody = Type.Object({ version: Type.Integer({ minimum: 1, description: 'The case version you read (stale → 409 CASE_VERSION_CONFLICT)' }) }, { additionalProperties: true });

export const SearchQuery = Type.Object({
  status: Type.Optional(Type.Array(Type.Enum([...CASE_STATUSES]))),
  categoryCode: Type.Optional(Type.String()),
  source: Type.Optional(Type.Enum([...CASE_SOURCES])),
  districtCode: Type.Optional(Type.String()),
  streetCode: Type.Optional(Type.String()),
  communityCode: Type.Optional(Type.String()),
  gridCode: Type.Optional(Type.String()),
  unitId: Type.Optional(Type.String()),
  unitCode: Type.Optional(Type.String()),
  light: Type.Optional(Type.Enum([...LIGHTS])),
  from: Type.Optional(Type.String({ description: 'reported at or after (ISO 8601, date or epoch ms; Shanghai time without offset)' })),
  to: Type.Optional(Type.String({ description: 'reported before' })),
  q: Type.Optional(Type.String({ maxLength: 100, description: 'text in description, address, class name, or the exact case code' })),
  attention: Type.Optional(Type.Boolean({ description: 'true: only open cases that are overdue (red) or under open supervision (督办)' })),
  reportedBy: Type.Optional(Type.Literal('me', { description: 'me: only the cases I reported (我的上报)' })),
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000, default: 1 })),
  pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 20 })),
});

const IdParams = Type.Object({ id: Type.String() });
/** Points in one /cases/map answer (≈ 270 bytes each: under 1 MB). */
export const MAP_ANSWER_LIMIT = 3_000;
const MapView = Type.Object({
  points: Type.Array(Type.Object({
    id: Type.String(), code: Type.String(), status: Type.String(), light: Type.String(), categoryCode: Type.String(), categoryName: Type.String(),
    lon: Type.Number(), lat: Type.Number(), h3: Type.String(), districtCode: Type.String(), reportedAt: Type.Number(),
  })),
  total: Type.Integer(),
  truncated: Type.Boolean({ description: 'true when more cases matched than the cap' }),
});
const CaseOut = Type.Object({ case: CaseView });

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const EXPORT_LIMIT = 10_000;

/** The filters of an export, as a line for its first row. */
function describeFilters(q: Record<string, unknown>): string {
  return Object.entries(q)
    .filter(([, v]) => v !== undefined && v !== '')
    .map(([k, v]) => `${k}=${Array.isArray(v) ? v.join(',') : String(v)}`)
    .join('; ');
}

export function instant(v: string | undefined, field: string): number | undefined {
  if (v === undefined) return undefined;
  const t = parseInstant(v);
  if (Number.isNaN(t)) throw badRequest('INSTANT_INVALID', `时间格式无效：${field}=${v}`, `Unreadable instant: ${field}=${v}`, { field });
  return t;
}

export async function caseRoutes(app: Api, ctx: AppContext): Promise<void> {
  await consoleRoutes(app, ctx);
  app.post('/api/v1/reports', {
    schema: {
      tags, summary: '上报问题（幂等：Idempotency-Key 或 来源+外部编号） · Report a problem',
      headers: Type.Object({ 'idempotency-key': Type.Optional(Type.String({ minLength: 1, maxLength: 200 })) }),
      body: ReportBody,
      response: { 200: CaseOut, 201: CaseOut, 400: Err, 401: Err, 403: Err, 422: Err },
    },
    // The channel of the report's source validates the body (src/workflow/channels.ts), so the HTTP and the programmatic API refuse alike.
    validatorCompiler: () => () => true,
  }, async (req, reply) => {
    const user = requireUser(req);
    const r = await ctx.cases.report(user, req.body as ReportInput, req.headers['idempotency-key'] ?? null);
    return reply.status(r.replayed ? 200 : 201).send({ case: presentCase(r.case) });
  });

  app.get('/api/v1/cases', {
    schema: {
      tags, summary: '查询案卷 · Search cases (filters, paging)', querystring: SearchQuery,
      response: {
        200: Type.Object({
          items: Type.Array(CaseView),
          total: Type.Integer({ description: `Matching cases, counted up to ${LIST_COUNT_CAP}` }),
          totalCapped: Type.Boolean({ description: `true: more than total match (the count stops at ${LIST_COUNT_CAP}: "10 000+")` }),
          page: Type.Integer(), pageSize: Type.Integer(),
        }),
        400: Err, 401: Err, 403: Err,
      },
    },
  }, async (req) => {
    const user = requireUser(req);
    const q = req.query;
    const { reportedBy, ...rest } = q;
    const r = await ctx.cases.search(user, { ...rest, from: instant(q.from, 'from'), to: instant(q.to, 'to'), ...(reportedBy === 'me' ? { reporterId: user.id } : {}) });
    return { items: r.items.map(presentCase), total: r.total, totalCapped: r.totalCapped, page: r.page, pageSize: r.pageSize };
  });

  app.get('/api/v1/cases/map', {
    schema: {
      tags, summary: '地图点位：最新的匹配案卷（上限 3 000；整城请用 /cases/map/clusters）· Cases as map points (newest 3 000; for a whole city use /cases/map/clusters)',
      querystring: Type.Omit(SearchQuery, ['page', 'pageSize', 'reportedBy']),
      response: { 200: MapView, 400: Err, 401: Err, 403: Err },
    },
  }, async (req) => {
    const user = requireUser(req);
    const q = req.query;
    const r = await ctx.cases.map(user, { ...q, from: instant(q.from, 'from'), to: instant(q.to, 'to') });
    // Every point of a big city is 13 MB: this answer stops at MAP_ANSWER_LIMIT; the console uses clusters.
    return r.points.length > MAP_ANSWER_LIMIT ? { points: r.points.slice(0, MAP_ANSWER_LIMIT), total: r.total, truncated: true } : r;
  });
  await mapClusterRoute(app, ctx, Type.Omit(SearchQuery, ['page', 'pageSize', 'reportedBy']));

  app.get('/api/v1/cases/export', {
    schema: {
      tags, summary: '导出查询结果（XLSX，与查询同一范围，上限 10 000 件） · The search result as an XLSX workbook',
      querystring: Type.Omit(SearchQuery, ['page', 'pageSize']),
      produces: [XLSX],
      response: { 200: Type.Unsafe<Buffer>({ type: 'string', format: 'binary' }), 400: Err, 401: Err, 403: Err },
    },
  }, async (req, reply) => {
    const user = requireUser(req);
    const q = req.query;
    const { reportedBy, ...rest } = q;
    const filter = { ...rest, from: instant(q.from, 'from'), to: instant(q.to, 'to'), ...(reportedBy === 'me' ? { reporterId: user.id } : {}) };
    // The very search of GET /cases, page by page: the same filters and the same access narrowing.
    const rows: CaseRecord[] = [];
    let total = 0;
    let totalCapped = false;
    for (let page = 1; rows.length < EXPORT_LIMIT; page++) {
      const r = await ctx.cases.search(user, { ...filter, page, pageSize: 200 });
      total = r.total;
      totalCapped = r.totalCapped;
      rows.push(...r.items);
      if (r.items.length < 200) break;
    }
    const now = ctx.clock.now();
    const body = await casesXlsx(rows.slice(0, EXPORT_LIMIT), { filters: describeFilters(q), total, totalCapped, generatedAt: now });
    const day = new Date(now + 8 * 3_600_000).toISOString().slice(0, 10);
    return reply
      .header('content-type', XLSX)
      .header('content-disposition', `attachment; filename="cases-${day}.xlsx"; filename*=UTF-8''${encodeURIComponent(`案卷查询-${day}.xlsx`)}`)
      .send(body);
  });

  app.get('/api/v1/cases/:id', {
    schema: { tags, summary: '案卷详情：时间线、疑似重复、可执行操作 · Case detail', params: IdParams, response: { 200: DetailView, 401: Err, 403: Err, 404: Err } },
  }, async (req) => {
    const detail = await ctx.cases.get(requireUser(req), req.params.id);
    return presentDetail(detail, await ctx.auth.displayNames(detail.events.map((e) => e.actorId)));
  });

  // One route per declared action, its body documented from the declaration.
  actionRoutes(app, {
    base: '/api/v1/cases', tags, declarations: CASE_ACTION_DECLARATIONS,
    response: { 200: CaseOut, 400: Err, 401: Err, 403: Err, 404: Err, 409: Err, 422: Err },
    handle: async (req, id, action, body, version) => ({ case: presentCase(await ctx.cases.act(requireUser(req), id, action, body, version)) }),
  });
  app.post('/api/v1/cases/:id/actions/:action', {
    schema: {
      tags, summary: '案卷操作（每个操作另有自己的路径与请求体） · Take a lifecycle action (each also has its own path and body)',
      params: Type.Object({ id: Type.String(), action: Type.String({ description: CASE_ACTIONS.join(' · ') }) }),
      body: AnyActionBody,
      response: { 200: CaseOut, 400: Err, 401: Err, 403: Err, 404: Err, 409: Err, 422: Err },
    },
  }, async (req) => {
    const user = requireUser(req);
    const { version, ...body } = req.body;
    return { case: presentCase(await ctx.cases.act(user, req.params.id, req.params.action, body, version)) };
  });

  app.get('/api/v1/cases/:id/verify', {
    schema: { tags, summary: '校验案卷流转记录的哈希链 · Recompute the hash chain', params: IdParams, response: { 200: ChainView, 401: Err, 403: Err, 404: Err } },
  }, async (req) => {
    const user = requireUser(req);
    const c = await ctx.cases.get(user, req.params.id); // authorizes case.read on this case
    return presentChain(await ctx.cases.verifyCase(c.case.id));
  });

  app.get('/api/v1/worklist', {
    schema: {
      tags, summary: '我的待办（最紧急在前） · What I must act on, most urgent first',
      querystring: Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })) }),
      response: { 200: Type.Object({ items: Type.Array(CaseView) }), 401: Err, 403: Err },
    },
  }, async (req) => {
    const user = requireUser(req);
    authorize(user, 'case.read');
    return { items: (await ctx.cases.worklist(user, req.query.limit)).map(presentCase) };
  });
}
