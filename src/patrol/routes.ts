/**
 * HTTP for patrol (巡查): the inspector app's shift and track uploads, the command center's live
 * picture and replay, plans and coverage. Route = authenticate → validate → one service call → present.
 */
import { Type, type Static, type TSchema } from 'typebox';
import type { AppContext } from '../app.js';
import { requireUser } from '../http/auth-hook.js';
import type { Api } from '../http/types.js';
import { actionRoutes } from '../workflow/routes.js';
import { ANOMALY_NAMES, type ShiftFigures } from './figures.js';
import { SHIFT_ACTIONS, SHIFT_STATE_NAMES, type PatrolShift } from './model.js';
import { GRID_CLASSES, type PatrolPlan } from './plan-model.js';
import { PlanBody } from './plans.js';
import { StartShiftBody, UploadBody } from './service.js';

const Err = Type.Ref('Error');
const tags = ['patrol'];
const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const Int = Type.Integer();
const Str = Type.String();

const ShiftView = Type.Object({
  id: Str, version: Int, state: Type.Union([Type.Literal('on_duty'), Type.Literal('paused'), Type.Literal('ended')]), stateName: Str,
  inspectorId: Str, inspectorName: Str, districtCode: Nullable(Str), streetCode: Nullable(Str), planId: Nullable(Str),
  assigned: Type.Array(Str), intervalS: Int, startedAt: Type.Number(), endedAt: Nullable(Type.Number()),
  pauses: Type.Array(Type.Object({ from: Type.Number(), to: Nullable(Type.Number()) })), updatedAt: Type.Number(),
});
const presentShift = (s: PatrolShift): Static<typeof ShiftView> => ({
  id: s.id, version: s.version, state: s.state, stateName: SHIFT_STATE_NAMES[s.state], inspectorId: s.inspectorId, inspectorName: s.inspectorName,
  districtCode: s.districtCode, streetCode: s.streetCode, planId: s.planId, assigned: s.assigned, intervalS: s.intervalS, startedAt: s.startedAt,
  endedAt: s.endedAt, pauses: s.pauses.map((p) => ({ from: p.from, to: p.to })), updatedAt: s.updatedAt,
});

const FiguresView = Type.Object({
  points: Int, distanceM: Int, dutyMs: Type.Number(), stationaryMs: Type.Number(), outsideMs: Type.Number(),
  gridsVisited: Type.Array(Str), gridsAssigned: Int, gridsCovered: Int, coverage: Nullable(Type.Number({ description: 'Assigned grids visited, percent' })),
  anomalies: Type.Array(Type.Object({ kind: Str, name: Str, nameEn: Str, from: Type.Number(), to: Type.Number(), minutes: Int })),
});
const presentFigures = (f: ShiftFigures): Static<typeof FiguresView> => ({
  points: f.points, distanceM: f.distanceM, dutyMs: f.dutyMs, stationaryMs: f.stationaryMs, outsideMs: f.outsideMs, gridsVisited: f.gridsVisited,
  gridsAssigned: f.gridsAssigned, gridsCovered: f.gridsCovered, coverage: f.coverage,
  anomalies: f.anomalies.map((a) => ({ kind: a.kind, name: ANOMALY_NAMES[a.kind].zh, nameEn: ANOMALY_NAMES[a.kind].en, from: a.from, to: a.to, minutes: a.minutes })),
});

const DetailView = Type.Object({
  shift: ShiftView,
  figures: FiguresView,
  points: Type.Array(Type.Tuple([Type.Number(), Type.Number(), Type.Number()]), { description: '[at, lon, lat] WGS-84 in time order' }),
  reports: Type.Array(Type.Object({ id: Str, code: Str, categoryName: Str, status: Str, reportedAt: Type.Number(), lon: Type.Number(), lat: Type.Number() })),
});

const LiveView = Type.Array(Type.Object({
  shift: ShiftView, lastAt: Nullable(Type.Number()), lon: Nullable(Type.Number()), lat: Nullable(Type.Number()), gridCode: Nullable(Str), points: Int, gridsVisited: Int,
}));

const PlanView = Type.Object({
  id: Str, version: Int, state: Str, name: Str, districtCode: Str, streetCode: Nullable(Str), from: Str, to: Str,
  grids: Type.Array(Type.Object({ code: Str, cls: Str })), inspectorIds: Type.Array(Str),
  frequencies: Type.Object(Object.fromEntries(GRID_CLASSES.map((c) => [c, Type.Number()]))), updatedAt: Type.Number(),
});
const presentPlan = (p: PatrolPlan): Static<typeof PlanView> => ({
  id: p.id, version: p.version, state: p.state, name: p.name, districtCode: p.districtCode, streetCode: p.streetCode, from: p.from, to: p.to,
  grids: p.grids.map((g) => ({ code: g.code, cls: g.cls })), inspectorIds: p.inspectorIds, frequencies: { ...p.frequencies }, updatedAt: p.updatedAt,
});

const AreaCoverageView = Type.Object({ code: Str, name: Str, required: Int, covered: Int, rate: Nullable(Type.Number()) });
const CoverageView = Type.Object({
  day: Str, upTo: Int, rate: Nullable(Type.Number()),
  plans: Type.Array(Type.Object({
    plan: PlanView, rate: Nullable(Type.Number()),
    grids: Type.Array(Type.Object({
      code: Str, name: Str, cls: Str, required: Int, covered: Int, current: Nullable(Type.Boolean()), everyMinutes: Int, missedLast: Type.Boolean(), lastVisitSlot: Nullable(Int),
    })),
  })),
  streets: Type.Array(AreaCoverageView),
  districts: Type.Array(AreaCoverageView),
  uncovered: Type.Array(Type.Object({ code: Str, name: Str, planId: Str, cls: Str, missedLast: Type.Boolean(), everyMinutes: Int })),
});

const EventView = Type.Object({ seq: Int, type: Str, data: Type.Unknown(), actorId: Str, role: Str, at: Type.Number(), hash: Str });
const Id = Type.Object({ id: Str });
const errors = { 400: Err, 401: Err, 403: Err, 404: Err, 409: Err, 422: Err };

export async function patrolRoutes(app: Api, ctx: AppContext): Promise<void> {
  const { patrol } = ctx;

  app.post('/api/v1/patrol/shifts', {
    schema: { tags, summary: 'Start a shift 上班 (the inspector app); the grids come from the plan naming the inspector', body: StartShiftBody, response: { 200: ShiftView, ...errors } },
  }, async (req) => presentShift(await patrol.startShift(requireUser(req), req.body)));

  app.get('/api/v1/patrol/shifts/current', {
    schema: { tags, summary: 'My open shift, if any', response: { 200: Type.Object({ shift: Nullable(ShiftView) }), 401: Err } },
  }, async (req) => {
    const s = await patrol.current(requireUser(req));
    return { shift: s ? presentShift(s) : null };
  });

  app.get('/api/v1/patrol/shifts', {
    schema: {
      tags, summary: 'Shifts: an inspector\'s own, or those in the reader\'s area',
      querystring: Type.Object({ inspectorId: Type.Optional(Str), from: Type.Optional(Type.Number()), to: Type.Optional(Type.Number()), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })) }),
      response: { 200: Type.Array(ShiftView), ...errors },
    },
  }, async (req) => (await patrol.list(requireUser(req), req.query)).map(presentShift));

  app.get('/api/v1/patrol/shifts/:id', {
    schema: { tags, summary: 'A shift with its track (replay), figures and the reports made along it', params: Id, response: { 200: DetailView, ...errors } },
  }, async (req) => {
    const d = await patrol.detail(requireUser(req), req.params.id);
    return { shift: presentShift(d.shift), figures: presentFigures(d.figures), points: d.points.map((p) => [p.at, p.lon, p.lat] as [number, number, number]).sort((a, b) => a[0] - b[0]), reports: d.reports };
  });

  app.get('/api/v1/patrol/shifts/:id/events', {
    schema: { tags, summary: 'The shift\'s hash-chained events', params: Id, response: { 200: Type.Array(EventView), ...errors } },
  }, async (req) => (await patrol.events(requireUser(req), req.params.id)).map((e) => ({ seq: e.seq, type: e.type, data: e.data, actorId: e.actorId, role: e.role, at: e.at, hash: e.hash })));

  app.post('/api/v1/patrol/shifts/:id/points', {
    schema: {
      tags, summary: 'Upload positions: live, or a batch kept while offline (a point sent twice is stored once, by its seq)',
      params: Id, body: UploadBody,
      response: { 200: Type.Object({ accepted: Int, duplicates: Int, points: Int }), ...errors },
    },
  }, async (req) => patrol.upload(requireUser(req), req.params.id, req.body));

  actionRoutes(app, {
    base: '/api/v1/patrol/shifts', tags, declarations: SHIFT_ACTIONS, response: { 200: ShiftView, ...errors },
    handle: async (req, id, action, body, version) => presentShift(await patrol.act(requireUser(req), id, action, body, version)),
  });

  app.get('/api/v1/patrol/live', {
    schema: { tags, summary: 'Inspectors on duty in the reader\'s area: position, state, last upload', response: { 200: LiveView, 401: Err, 403: Err } },
  }, async (req) => (await patrol.live(requireUser(req))).map((l) => ({ ...l, shift: presentShift(l.shift) })));

  app.get('/api/v1/patrol/plans', {
    schema: { tags, summary: 'Active plans in the reader\'s area (an inspector: the plans naming them)', response: { 200: Type.Array(PlanView), 401: Err, 403: Err } },
  }, async (req) => (await patrol.plans.list(requireUser(req))).map(presentPlan));

  app.get('/api/v1/patrol/inspectors', {
    schema: {
      tags, summary: 'The inspectors a plan for a district or street may name (the plan editor\'s choices)',
      querystring: Type.Object({ districtCode: Type.Optional(Type.String({ pattern: '^\\d{6}$' })), streetCode: Type.Optional(Type.String({ pattern: '^\\d{9}$' })) }),
      response: { 200: Type.Array(Type.Object({ id: Str, name: Str })), ...errors },
    },
  }, async (req) => patrol.plans.inspectors(requireUser(req), req.query));

  app.post('/api/v1/patrol/plans', {
    schema: { tags, summary: 'Create a plan 巡查计划', body: PlanBody, response: { 200: PlanView, ...errors } },
  }, async (req) => presentPlan(await patrol.plans.create(requireUser(req), req.body)));

  app.put('/api/v1/patrol/plans/:id', {
    schema: {
      tags, summary: 'Change a plan (send the version you read)', params: Id,
      body: Type.Object({ version: Type.Integer({ minimum: 1 }), plan: PlanBody }, { additionalProperties: false }),
      response: { 200: PlanView, ...errors },
    },
  }, async (req) => presentPlan(await patrol.plans.update(requireUser(req), req.params.id, req.body.plan, req.body.version)));

  app.post('/api/v1/patrol/plans/:id/retire', {
    schema: { tags, summary: 'Retire a plan', params: Id, body: Type.Object({ version: Type.Integer({ minimum: 1 }) }), response: { 200: PlanView, ...errors } },
  }, async (req) => presentPlan(await patrol.plans.retire(requireUser(req), req.params.id, req.body.version)));

  app.get('/api/v1/patrol/coverage', {
    schema: {
      tags, summary: 'Coverage against plans per grid, street and district — live (today, up to now) or for a day; the grids still uncovered',
      querystring: Type.Object({ day: Type.Optional(Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' })), planId: Type.Optional(Str) }),
      response: { 200: CoverageView, ...errors },
    },
  }, async (req) => {
    const c = await patrol.plans.coverage(requireUser(req), req.query);
    return { ...c, plans: c.plans.map((p) => ({ ...p, plan: presentPlan(p.plan) })) };
  });
}
