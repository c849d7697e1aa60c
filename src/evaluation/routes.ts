/**
 * HTTP for the evaluation (绩效评价). Route = authenticate → validate → authorize → one service
 * call → present. Reading needs `evaluation.read`; changing weights needs `evaluation.admin`.
 */
import { Type, type Static, type TSchema } from 'typebox';
import type { AppContext } from '../app.js';
import type { User } from '../auth/model.js';
import { accessFilter, authorize, CITY_WIDE } from '../auth/policy.js';
import { requireUser } from '../http/auth-hook.js';
import type { Api } from '../http/types.js';
import { COUNTER_KEYS, EVALUATION_LEVELS, OBJECT_TYPES, RATE_KEYS, type EvaluationLevel, type ObjectType } from './model.js';
import type { Evaluation, EvaluationScope } from './service.js';

const Err = Type.Ref('Error');
const tags = ['evaluation'];
const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);

const Query = Type.Object({
  level: Type.Unsafe<EvaluationLevel>(Type.Union(EVALUATION_LEVELS.map((l) => Type.Literal(l)), { description: 'district | street | community | grid | unit | post (all four posts)' })),
  from: Type.String({ description: 'First day, YYYY-MM-DD (Asia/Shanghai)', examples: ['2026-03-01'] }),
  to: Type.String({ description: 'Last day (inclusive), YYYY-MM-DD', examples: ['2026-03-31'] }),
});

const CountersView = Type.Object(Object.fromEntries(COUNTER_KEYS.map((k) => [k, Type.Integer()])));
const RatesView = Type.Object(Object.fromEntries(RATE_KEYS.map((k) => [k, Nullable(Type.Number())])), {
  description: 'Percent 0–100; null when there is nothing to measure',
});
const RowView = Type.Object({
  type: Type.Unsafe<ObjectType>(Type.Union(OBJECT_TYPES.map((t) => Type.Literal(t)))),
  id: Type.String({ description: 'Area code, unit id or user id' }),
  name: Type.String(),
  counters: CountersView,
  derived: Type.Object({ needHandle: Type.Integer(), needClose: Type.Integer(), accurateDispatches: Type.Integer(), accurateFilings: Type.Integer() }),
  rates: RatesView,
  score: Nullable(Type.Number({ description: '综合指标值 0–100; null for an idle object' })),
  terms: Type.Array(Type.Object({ key: Type.String(), zh: Type.String(), weight: Type.Number(), value: Nullable(Type.Number()) })),
  grade: Nullable(Type.String({ description: 'A ≥ 90, B ≥ 75, C ≥ 60, D ≥ 40, E below (configurable)' })),
  gradeName: Nullable(Type.String()),
  gradeColor: Nullable(Type.String()),
  rank: Nullable(Type.Integer({ description: 'Within the object type; equal scores share a rank' })),
  patrol: Type.Optional(Nullable(Type.Object({
    shifts: Type.Integer(), distanceM: Type.Integer(), dutyMs: Type.Number(), stationaryMs: Type.Number(),
    coverage: Nullable(Type.Number({ description: 'Mean grid coverage of the shifts, percent' })), anomalies: Type.Integer(),
  }, { description: 'Inspectors: patrol figures of their shifts in the period (docs/patrol.md)' }))),
});
const EvaluationView = Type.Object({
  level: Type.String(),
  from: Type.String(),
  to: Type.String(),
  asOf: Nullable(Type.Number({ description: 'Events up to this instant (epoch ms) are counted' })),
  rows: Type.Array(RowView),
  totals: CountersView,
});

function present(e: Evaluation): Static<typeof EvaluationView> {
  return {
    level: e.level, from: e.period.from, to: e.period.to, asOf: e.asOf, totals: e.totals,
    rows: e.rows.map((r) => ({
      type: r.type, id: r.id, name: r.name, counters: r.counters, derived: r.derived, rates: r.rates, score: r.score,
      terms: r.terms.map((t) => ({ key: t.key, zh: t.zh, weight: t.weight, value: t.value })),
      grade: r.grade, gradeName: r.gradeName, gradeColor: r.gradeColor, rank: r.rank,
      ...(r.patrol !== undefined ? { patrol: r.patrol && { ...r.patrol } } : {}),
    })),
  };
}

const SuggestionFiguresView = Type.Object({
  from: Type.String(), to: Type.String(),
  received: Type.Integer(), answered: Type.Integer(), answeredOnTime: Type.Integer(), overdue: Type.Integer(), open: Type.Integer(), discarded: Type.Integer(),
  feedbackRate: Nullable(Type.Number({ description: '反馈率, percent' })), onTimeRate: Nullable(Type.Number({ description: '按时答复率, percent' })),
  byUnit: Type.Array(Type.Object({
    unitId: Type.String(), unitName: Type.String(), assigned: Type.Integer(), answered: Type.Integer(), answeredOnTime: Type.Integer(), overdue: Type.Integer(), onTimeRate: Nullable(Type.Number()),
  })),
});

const ConfigView = Type.Object({}, { additionalProperties: true, description: 'EvaluationConfig: schemes (terms with weights, rates or bands) and grades' });

/** The part of the city this reader's evaluation covers (403 when no role of theirs reads evaluations). */
function readerScope(user: User): EvaluationScope {
  authorize(user, 'evaluation.read');
  const f = accessFilter(user, 'evaluation.read') ?? {};
  return { ...(f.districtCode ? { districtCode: f.districtCode } : {}), ...(f.streetCode ? { streetCode: f.streetCode } : {}) };
}

export async function evaluationRoutes(app: Api, ctx: AppContext): Promise<void> {
  const { evaluation } = ctx;

  app.get('/api/v1/evaluation', {
    schema: {
      tags,
      summary: 'Evaluation 绩效评价 of a level over a period: counters, rates, composite score, grade, rank',
      description: 'Every figure is derived from the case event log (docs/case-events.md). Rates follow GB/T 30428.4 / standards.md §5.3; '
        + 'weights and grades are the city’s configuration (GET /api/v1/evaluation/config).',
      querystring: Query,
      response: { 200: EvaluationView, 400: Err, 401: Err, 403: Err },
    },
  }, async (req) => {
    return present(await evaluation.evaluate(req.query, readerScope(requireUser(req))));
  });

  app.get('/api/v1/evaluation/export', {
    schema: {
      tags,
      summary: 'The same evaluation as an XLSX workbook (Chinese headers)',
      querystring: Query,
      produces: ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
      response: { 200: Type.Unsafe<Buffer>({ type: 'string', format: 'binary' }), 400: Err, 401: Err, 403: Err },
    },
  }, async (req, reply) => {
    const { filename, body } = await evaluation.exportXlsx(req.query, readerScope(requireUser(req)));
    return reply
      .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('content-disposition', `attachment; filename="${filename}"`)
      .send(body);
  });

  app.get('/api/v1/evaluation/suggestions', {
    schema: {
      tags,
      summary: '金点子 反馈率 and 按时答复率 over a period (suggestions received in it, within the reader’s area)',
      description: 'feedbackRate = answered ÷ received (discarded abuse not counted); onTimeRate = answered on time ÷ (answered + unanswered past the deadline). Percent 0–100, null when nothing to measure.',
      querystring: Type.Object({ from: Query.properties.from, to: Query.properties.to }),
      response: { 200: SuggestionFiguresView, 400: Err, 401: Err, 403: Err },
    },
  }, async (req) => {
    const f = await evaluation.suggestions(req.query, readerScope(requireUser(req)));
    return {
      from: f.from, to: f.to, received: f.received, answered: f.answered, answeredOnTime: f.answeredOnTime, overdue: f.overdue, open: f.open, discarded: f.discarded,
      feedbackRate: f.feedbackRate, onTimeRate: f.onTimeRate,
      byUnit: f.byUnit.map((u) => ({ unitId: u.unitId, unitName: u.unitName, assigned: u.assigned, answered: u.answered, answeredOnTime: u.answeredOnTime, overdue: u.overdue, onTimeRate: u.onTimeRate })),
    };
  });

  app.get('/api/v1/evaluation/config', {
    schema: { tags, summary: 'Weights, bands and grade limits in force', response: { 200: ConfigView, 401: Err, 403: Err } },
  }, async (req) => {
    authorize(requireUser(req), 'evaluation.read');
    return (await evaluation.getConfig()) as unknown as Static<typeof ConfigView>;
  });

  app.put('/api/v1/evaluation/config', {
    schema: {
      tags,
      summary: 'Replace the weights, bands and grade limits (weights of each scheme add up to 1)',
      body: ConfigView,
      response: { 200: ConfigView, 400: Err, 401: Err, 403: Err },
    },
  }, async (req) => {
    authorize(requireUser(req), 'evaluation.admin', CITY_WIDE);
    return (await evaluation.setConfig(req.body)) as unknown as Static<typeof ConfigView>;
  });
}
