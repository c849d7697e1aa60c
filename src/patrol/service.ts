/**
 * Patrol use cases: the inspector's shift (start, pause, resume, end — a workflow on the kit), track
 * uploads (live points and offline batches, idempotent by the device's seq), the shift's figures and
 * replay, the live picture of inspectors on duty, and plans with coverage (plans.ts).
 */
import { Type } from 'typebox';
import type { ServiceDeps } from '../core/deps.js';
import { conflict, unprocessable } from '../core/errors.js';
import type { User } from '../auth/model.js';
import { authorize, can, accessFilter } from '../auth/policy.js';
import type { GeoService } from '../geo/service.js';
import { toWgs84 } from '../geo/coords.js';
import type { CaseService } from '../cases/service.js';
import type { PatrolPostFigures } from '../evaluation/rows.js';
import { fromJson } from '../store/dialect.js';
import { checkBody } from '../workflow/body.js';
import { publishTo } from '../workflow/publish.js';
import { createRecordStore } from '../workflow/store.js';
import { createWorkflow } from '../workflow/workflow.js';
import type { DocEvent } from '../workflow/doc-stream.js';
import type { TrackPoint } from './codec.js';
import { shiftFigures, type ShiftFigures } from './figures.js';
import { DEFAULT_INTERVAL_S, MAX_INTERVAL_S, MIN_INTERVAL_S, SHIFT_ACTIONS, SHIFT_STREAM, type PatrolShift } from './model.js';
import * as tracks from './track-repo.js';
import { createPlans, type Plans, type PlansDeps } from './plans.js';

export interface PatrolServiceDeps extends ServiceDeps {
  geo: GeoService;
  cases: Pick<CaseService, 'search'>;
  /** The frequency factor of the command level in force for an area over time (1 for 常态). */
  frequencyAt?: (area: { districtCode: string; streetCode: string | null }) => Promise<(at: number) => number>;
  /** Who may start a shift in an area: the plan editor's list of inspectors. */
  usersWhoMay?: PlansDeps['usersWhoMay'];
}

export const MAX_BATCH = 2000;
/** Points may be a little ahead of the server's clock (a phone's clock drifts). */
const CLOCK_SLACK_MS = 2 * 60_000;

export const StartShiftBody = Type.Object({
  intervalS: Type.Optional(Type.Integer({ minimum: MIN_INTERVAL_S, maximum: MAX_INTERVAL_S, title: '定位间隔（秒）' })),
  planId: Type.Optional(Type.String({ minLength: 1, maxLength: 64, title: '巡查计划' })),
}, { additionalProperties: false });

export const PointIn = Type.Object({
  seq: Type.Integer({ minimum: 1, maximum: 10_000_000, description: 'The device numbers the shift\'s points 1, 2, … (a point sent twice is stored once)' }),
  at: Type.Integer({ minimum: 0, description: 'Epoch ms when the position was taken' }),
  lon: Type.Number({ minimum: -180, maximum: 180 }),
  lat: Type.Number({ minimum: -90, maximum: 90 }),
}, { additionalProperties: false });

export const UploadBody = Type.Object({
  crs: Type.Optional(Type.Union([Type.Literal('wgs84'), Type.Literal('gcj02'), Type.Literal('bd09')], { description: 'Coordinates as the phone gives them (default gcj02)' })),
  points: Type.Array(PointIn, { minItems: 1, maxItems: MAX_BATCH }),
}, { additionalProperties: false });

export interface ShiftDetail {
  shift: PatrolShift;
  figures: ShiftFigures;
  points: TrackPoint[];
  reports: Array<{ id: string; code: string; categoryName: string; status: string; reportedAt: number; lon: number; lat: number }>;
}

export interface LiveInspector {
  shift: PatrolShift;
  lastAt: number | null;
  lon: number | null;
  lat: number | null;
  gridCode: string | null;
  points: number;
  gridsVisited: number;
}

export interface PatrolService {
  startShift(user: User, body: unknown): Promise<PatrolShift>;
  act(user: User, shiftId: string, action: string, body: unknown, version: number): Promise<PatrolShift>;
  upload(user: User, shiftId: string, body: unknown): Promise<tracks.IngestOutcome>;
  /** The inspector's own open shift, if any. */
  current(user: User): Promise<PatrolShift | null>;
  get(user: User, shiftId: string): Promise<PatrolShift>;
  detail(user: User, shiftId: string): Promise<ShiftDetail>;
  list(user: User, q: { inspectorId?: string; from?: number; to?: number; limit?: number }): Promise<PatrolShift[]>;
  live(user: User): Promise<LiveInspector[]>;
  /** Figures of a shift without access checks (evaluation, benchmarks). */
  figuresOf(shift: PatrolShift, now?: number): Promise<ShiftFigures>;
  events(user: User, shiftId: string): Promise<DocEvent[]>;
  storage(): ReturnType<typeof tracks.storageBytes>;
  /** Per inspector, the figures of their shifts ended in [from, to): the patrol part of the post evaluation. */
  postFigures(from: number, to: number): Promise<Map<string, PatrolPostFigures>>;
  plans: Plans;
}

const resourceOf = (s: Pick<PatrolShift, 'districtCode' | 'streetCode'>) => ({ districtCode: s.districtCode, streetCode: s.streetCode });

export function createPatrolService(deps: PatrolServiceDeps): PatrolService {
  const { db, clock, ids, geo } = deps;
  const store = createRecordStore(db, SHIFT_STREAM, { afterCommit: publishTo(deps.bus, 'patrol_shift') });
  const plans = createPlans({ ...deps, frequencyAt: deps.frequencyAt ?? (async () => () => 1) });

  const gridOf = (p: TrackPoint): string | null => geo.tryLocate(p.lon, p.lat, 'wgs84')?.grid.code ?? null;

  async function figuresOf(shift: PatrolShift, now = clock.now()): Promise<ShiftFigures> {
    const points = await tracks.pointsOf(db.kysely, shift.id);
    return shiftFigures({ points, startedAt: shift.startedAt, endedAt: shift.endedAt, pauses: shift.pauses, assigned: shift.assigned, gridOf, now });
  }

  const actions = {
    ...SHIFT_ACTIONS,
    end: {
      ...SHIFT_ACTIONS.end,
      run: async (ctx: Parameters<typeof SHIFT_ACTIONS.end.run>[0], s: PatrolShift, b: { note?: string }) => {
        const out = SHIFT_ACTIONS.end.run(ctx, s, b);
        const f = await figuresOf(out.next, ctx.now);
        return { next: out.next, data: { ...out.data, figures: { ...f, gridsVisited: f.gridsVisited.length } } };
      },
    },
  };
  const workflow = createWorkflow({
    store, actions, now: () => clock.now(),
    withState: (s, state) => ({ ...s, state: state as PatrolShift['state'] }),
    reaches: (actor, s) => actor.id === s.inspectorId,
  });

  /** A shift the user may read: their own, or one in the area of a reader (out of reach reads as not found). */
  async function readable(user: User, shiftId: string): Promise<PatrolShift> {
    const s = await store.load(shiftId);
    if (!s || (s.inspectorId !== user.id && !can(user, 'patrol.read', resourceOf(s)).allowed)) throw SHIFT_STREAM.errors.notFound(shiftId);
    return s;
  }

  async function startShift(user: User, raw: unknown): Promise<PatrolShift> {
    authorize(user, 'patrol.shift');
    const b = checkBody<{ intervalS?: number; planId?: string }>('start', { body: StartShiftBody, zh: '上班' }, raw);
    const plan = b.planId ? await plans.getFor(user, b.planId) : await plans.activeFor(user.id);
    const now = clock.now();
    const district = plan?.districtCode ?? (user.scope.level === 'district' ? user.scope.code : user.scope.level === 'street' ? user.scope.code.slice(0, 6) : null);
    const street = plan ? plan.streetCode : user.scope.level === 'street' ? user.scope.code : null;
    const shift: PatrolShift = {
      id: ids.next(), version: 0, lastHash: '', state: 'on_duty', inspectorId: user.id, inspectorName: user.displayName,
      districtCode: district, streetCode: street, planId: plan?.id ?? null, assigned: plan ? plan.grids.map((g) => g.code) : [],
      intervalS: b.intervalS ?? DEFAULT_INTERVAL_S, startedAt: now, endedAt: null, pauses: [], openInspector: user.id, updatedAt: now,
    };
    const created = await store.create(null, () => ({
      next: shift,
      drafts: [{ type: 'started', actorId: user.id, role: 'inspector', at: now, data: { planId: shift.planId, assigned: shift.assigned, intervalS: shift.intervalS } }],
    }));
    if (!created) {
      throw conflict('SHIFT_ALREADY_OPEN', '您已在岗，请先下班再开始新的班次', 'You already have a shift open; end it first', {});
    }
    await tracks.createTrack(db.kysely, created.id, user.id, now);
    return created;
  }

  async function upload(user: User, shiftId: string, raw: unknown): Promise<tracks.IngestOutcome> {
    authorize(user, 'patrol.shift');
    const b = checkBody<{ crs?: string; points: Array<{ seq: number; at: number; lon: number; lat: number }> }>('upload', { body: UploadBody, zh: '上传轨迹' }, raw);
    const s = await store.load(shiftId);
    if (!s || s.inspectorId !== user.id) throw SHIFT_STREAM.errors.notFound(shiftId);
    const now = clock.now();
    const until = (s.endedAt ?? now) + CLOCK_SLACK_MS;
    const crs = b.crs ?? 'gcj02';
    const located: tracks.LocatedPoint[] = [];
    for (const [i, p] of b.points.entries()) {
      if (p.at < s.startedAt - CLOCK_SLACK_MS || p.at > until) {
        throw unprocessable('POINT_OUTSIDE_SHIFT', `第${i + 1}个定位点的时间不在本班次内`, `Point ${i + 1} was taken outside the shift`, { index: i, seq: p.seq, at: p.at, startedAt: s.startedAt, endedAt: s.endedAt });
      }
      const loc = geo.tryLocate(p.lon, p.lat, crs);
      const w = loc ? loc.point : toWgs84(p.lon, p.lat, crs);
      located.push({ seq: p.seq, at: p.at, lon: w.lon, lat: w.lat, grid: loc?.grid.code ?? null });
    }
    await tracks.createTrack(db.kysely, s.id, s.inspectorId, now);
    return tracks.ingest(db, s.id, located, now);
  }

  async function list(user: User, q: { inspectorId?: string; from?: number; to?: number; limit?: number }): Promise<PatrolShift[]> {
    const own = !can(user, 'patrol.read').allowed;
    if (own) authorize(user, 'patrol.shift');
    const f = own ? {} : accessFilter(user, 'patrol.read') ?? {};
    let sel = db.kysely.selectFrom('patrol_shifts').selectAll();
    if (own) sel = sel.where('inspector_id', '=', user.id);
    else if (q.inspectorId) sel = sel.where('inspector_id', '=', q.inspectorId);
    if (f.districtCode) sel = sel.where('district_code', '=', f.districtCode);
    if (f.streetCode) sel = sel.where('street_code', '=', f.streetCode);
    if (q.from !== undefined) sel = sel.where('started_at', '>=', q.from);
    if (q.to !== undefined) sel = sel.where('started_at', '<', q.to);
    const rows = await sel.orderBy('started_at', 'desc').limit(Math.min(q.limit ?? 100, 500)).execute();
    return rows.map((r) => SHIFT_STREAM.rowToRecord(r));
  }

  return {
    startShift,
    async act(user, shiftId, action, body, version) {
      const s = await store.load(shiftId);
      // Another inspector's shift does not exist for this user.
      if (!s || s.inspectorId !== user.id) throw SHIFT_STREAM.errors.notFound(shiftId);
      const out = await workflow.act(user, shiftId, action, body, version);
      if (out.state === 'ended') await tracks.finishTrack(db, out.id);
      return out;
    },
    upload,
    async current(user) {
      const s = await store.lookup('open', [user.id]);
      return s ?? null;
    },
    get: readable,
    async detail(user, shiftId) {
      const shift = await readable(user, shiftId);
      const points = await tracks.pointsOf(db.kysely, shift.id);
      const now = clock.now();
      const figures = shiftFigures({ points, startedAt: shift.startedAt, endedAt: shift.endedAt, pauses: shift.pauses, assigned: shift.assigned, gridOf, now });
      // The reports made along the track: the inspector's cases in the shift's hours, as far as the reader may read them.
      const reports = can(user, 'case.read').allowed
        ? (await deps.cases.search(user, { reporterId: shift.inspectorId, from: shift.startedAt, to: (shift.endedAt ?? now) + 1, pageSize: 200 })).items
        : [];
      return {
        shift, figures, points,
        reports: reports.map((c) => ({ id: c.id, code: c.code, categoryName: c.categoryName, status: c.status, reportedAt: c.reportedAt, lon: c.lon, lat: c.lat })),
      };
    },
    list,
    async live(user) {
      authorize(user, 'patrol.read');
      const f = accessFilter(user, 'patrol.read') ?? {};
      let sel = db.kysely.selectFrom('patrol_shifts').selectAll().where('open_inspector', 'is not', null);
      if (f.districtCode) sel = sel.where('district_code', '=', f.districtCode);
      if (f.streetCode) sel = sel.where('street_code', '=', f.streetCode);
      const shifts = (await sel.limit(5000).execute()).map((r) => SHIFT_STREAM.rowToRecord(r));
      const t = await tracks.tracksOf(db.kysely, shifts.map((s) => s.id));
      return shifts.map((shift) => {
        const row = t.get(shift.id);
        return { shift, lastAt: row?.lastAt ?? null, lon: row?.lastLon ?? null, lat: row?.lastLat ?? null, gridCode: row?.lastGrid ?? null, points: row?.points ?? 0, gridsVisited: row?.grids.length ?? 0 };
      });
    },
    figuresOf,
    async events(user, shiftId) {
      await readable(user, shiftId);
      return store.events(shiftId);
    },
    storage: () => tracks.storageBytes(db),
    async postFigures(from, to) {
      const rows = await db.kysely.selectFrom('patrol_shift_events').innerJoin('patrol_shifts', 'patrol_shifts.id', 'patrol_shift_events.stream_id')
        .select(['patrol_shifts.inspector_id as inspectorId', 'patrol_shift_events.data as data'])
        .where('patrol_shift_events.type', '=', 'ended').where('patrol_shift_events.at', '>=', from).where('patrol_shift_events.at', '<', to).execute();
      const out = new Map<string, PatrolPostFigures & { covered: number[] }>();
      for (const r of rows) {
        const f = (fromJson<{ figures?: { distanceM: number; dutyMs: number; stationaryMs: number; coverage: number | null; anomalies: unknown[] } }>(r.data)).figures;
        if (!f || !r.inspectorId) continue;
        const o = out.get(r.inspectorId) ?? { shifts: 0, distanceM: 0, dutyMs: 0, stationaryMs: 0, coverage: null, anomalies: 0, covered: [] };
        o.shifts += 1;
        o.distanceM += f.distanceM;
        o.dutyMs += f.dutyMs;
        o.stationaryMs += f.stationaryMs;
        o.anomalies += f.anomalies.length;
        if (f.coverage !== null) o.covered.push(f.coverage);
        out.set(r.inspectorId, o);
      }
      return new Map([...out].map(([id, { covered, ...o }]) => [id, { ...o, coverage: covered.length ? Math.round((covered.reduce((a, b) => a + b, 0) / covered.length) * 10) / 10 : null }]));
    },
    plans,
  };
}
