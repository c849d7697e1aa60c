/**
 * Patrol plans and coverage against them: a shift lead or leader sets which inspectors cover which
 * grids in which hours and how often each grid class must be visited; coverage per grid, street and
 * district is read live (today, up to now) or for a past day, with the grids still uncovered.
 * Plans are doc streams on the kit: created, updated and retired are events.
 */
import { Type } from 'typebox';
import type { ServiceDeps } from '../core/deps.js';
import { unprocessable } from '../core/errors.js';
import { shanghaiDate, shanghaiMidnight } from '../core/time.js';
import type { User } from '../auth/model.js';
import { accessFilter, authorize, can } from '../auth/policy.js';
import type { GeoService } from '../geo/service.js';
import { checkBody } from '../workflow/body.js';
import { publishTo } from '../workflow/publish.js';
import { createRecordStore } from '../workflow/store.js';
import { coverageRate, DEFAULT_FREQUENCIES, GRID_CLASSES, minutesOf, planCoverage, PLAN_STREAM, type GridClass, type GridCoverage, type PatrolPlan } from './plan-model.js';
import { visitsOn } from './track-repo.js';

const HHMM = Type.String({ pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$|^24:00$' });
const Cls = Type.Union(GRID_CLASSES.map((c) => Type.Literal(c)));

export const PlanBody = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 100, title: '计划名称' }),
  districtCode: Type.String({ pattern: '^\\d{6}$', title: '区' }),
  streetCode: Type.Optional(Type.Union([Type.String({ pattern: '^\\d{9}$' }), Type.Null()], { title: '街道' })),
  from: HHMM,
  to: HHMM,
  grids: Type.Array(Type.Object({ code: Type.String({ pattern: '^\\d{15}$' }), cls: Cls }, { additionalProperties: false }), { minItems: 1, maxItems: 2000, title: '网格' }),
  inspectorIds: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 64 }), { maxItems: 200, title: '监督员' })),
  frequencies: Type.Optional(Type.Object(Object.fromEntries(GRID_CLASSES.map((c) => [c, Type.Optional(Type.Number({ minimum: 0.25, maximum: 24 }))])), { additionalProperties: false, title: '巡查频次（小时/次）' })),
}, { additionalProperties: false });

interface PlanInput {
  name: string;
  districtCode: string;
  streetCode?: string | null;
  from: string;
  to: string;
  grids: Array<{ code: string; cls: GridClass }>;
  inspectorIds?: string[];
  frequencies?: Partial<Record<GridClass, number>>;
}

export interface AreaCoverage {
  code: string;
  name: string;
  required: number;
  covered: number;
  rate: number | null;
}

export interface CoverageAnswer {
  day: string;
  /** Minute of the day the figures run to (1440 for a past day). */
  upTo: number;
  rate: number | null;
  plans: Array<{ plan: PatrolPlan; rate: number | null; grids: Array<GridCoverage & { name: string }> }>;
  streets: AreaCoverage[];
  districts: AreaCoverage[];
  /** Grids whose window under way is not covered yet, or whose last window was missed. */
  uncovered: Array<{ code: string; name: string; planId: string; cls: GridClass; missedLast: boolean; everyMinutes: number }>;
}

export interface Plans {
  create(user: User, body: unknown): Promise<PatrolPlan>;
  update(user: User, id: string, body: unknown, version: number): Promise<PatrolPlan>;
  retire(user: User, id: string, version: number): Promise<PatrolPlan>;
  list(user: User): Promise<PatrolPlan[]>;
  getFor(user: User, id: string): Promise<PatrolPlan>;
  /** The active plan naming this inspector (the newest when several do). */
  activeFor(inspectorId: string): Promise<PatrolPlan | undefined>;
  coverage(user: User, q: { day?: string; planId?: string }): Promise<CoverageAnswer>;
  /** The inspectors a plan for this area may name (those who may start a shift there), for the plan editor. */
  inspectors(user: User, area: { districtCode?: string; streetCode?: string }): Promise<Array<{ id: string; name: string }>>;
}

const resourceOf = (p: Pick<PatrolPlan, 'districtCode' | 'streetCode'>) => ({ districtCode: p.districtCode, streetCode: p.streetCode });

export interface PlansDeps extends ServiceDeps {
  geo: GeoService;
  frequencyAt: (area: { districtCode: string; streetCode: string | null }) => Promise<(at: number) => number>;
  /** Accounts allowed an action in an area (the auth service's usersWhoMay). */
  usersWhoMay?: (action: 'patrol.shift', resource: { districtCode: string | null; streetCode: string | null }) => Promise<Array<{ id: string; displayName: string }>>;
}

export function createPlans(deps: PlansDeps): Plans {
  const { db, clock, ids, geo } = deps;
  const store = createRecordStore(db, PLAN_STREAM, { afterCommit: publishTo(deps.bus, 'patrol_plan') });

  function valid(user: User, raw: unknown): PlanInput & { role: string } {
    const b = checkBody<PlanInput>('plan', { body: PlanBody, zh: '巡查计划' }, raw);
    if (minutesOf(b.from) >= minutesOf(b.to)) throw unprocessable('PLAN_HOURS_INVALID', '计划的开始时间应早于结束时间', 'The plan must start before it ends', { from: b.from, to: b.to });
    if (b.streetCode && !b.streetCode.startsWith(b.districtCode)) throw unprocessable('PLAN_AREA_INVALID', '街道不属于该区', 'The street is not in the district', { streetCode: b.streetCode });
    const prefix = b.streetCode ?? b.districtCode;
    const seen = new Set<string>();
    for (const g of b.grids) {
      if (!g.code.startsWith(prefix) || !geo.nameOf(g.code)) {
        throw unprocessable('PLAN_GRID_INVALID', `网格 ${g.code} 不存在或不在计划的区域内`, `Grid ${g.code} does not exist or lies outside the plan's area`, { gridCode: g.code });
      }
      if (seen.has(g.code)) throw unprocessable('PLAN_GRID_DUPLICATE', `网格 ${g.code} 重复`, `Grid ${g.code} is listed twice`, { gridCode: g.code });
      seen.add(g.code);
    }
    const role = authorize(user, 'patrol.plan', { districtCode: b.districtCode, streetCode: b.streetCode ?? null });
    return { ...b, role };
  }

  const fields = (b: PlanInput) => ({
    name: b.name, districtCode: b.districtCode, streetCode: b.streetCode ?? null, from: b.from, to: b.to, grids: b.grids, inspectorIds: [...new Set(b.inspectorIds ?? [])],
    frequencies: { ...DEFAULT_FREQUENCIES, ...Object.fromEntries(Object.entries(b.frequencies ?? {}).filter(([, v]) => v !== undefined)) } as Record<GridClass, number>,
  });

  async function getFor(user: User, id: string): Promise<PatrolPlan> {
    const p = await store.load(id);
    if (!p || (!p.inspectorIds.includes(user.id) && !can(user, 'patrol.read', resourceOf(p)).allowed)) throw PLAN_STREAM.errors.notFound(id);
    return p;
  }

  async function inScope(user: User): Promise<PatrolPlan[]> {
    const f = accessFilter(user, 'patrol.read');
    if (!f) {
      // An inspector reads the plans that name them (the app shows their grids).
      authorize(user, 'patrol.shift');
      const rows = await db.kysely.selectFrom('patrol_plans').selectAll().where('state', '=', 'active').execute();
      return rows.map((r) => PLAN_STREAM.rowToRecord(r)).filter((p) => p.inspectorIds.includes(user.id));
    }
    let sel = db.kysely.selectFrom('patrol_plans').selectAll().where('state', '=', 'active');
    if (f.districtCode) sel = sel.where('district_code', '=', f.districtCode);
    if (f.streetCode) sel = sel.where('street_code', '=', f.streetCode);
    return (await sel.orderBy('id').execute()).map((r) => PLAN_STREAM.rowToRecord(r));
  }

  return {
    async inspectors(user, area) {
      const districtCode = area.streetCode?.slice(0, 6) ?? area.districtCode ?? null;
      const resource = { districtCode, streetCode: area.streetCode ?? null };
      authorize(user, 'patrol.plan', resource);
      const users = deps.usersWhoMay ? await deps.usersWhoMay('patrol.shift', resource) : [];
      return users.map((u) => ({ id: u.id, name: u.displayName })).sort((a, b) => a.name.localeCompare(b.name, 'zh'));
    },
    async create(user, raw) {
      const b = valid(user, raw);
      const now = clock.now();
      const plan: PatrolPlan = { id: ids.next(), version: 0, lastHash: '', state: 'active', updatedAt: now, ...fields(b) };
      return (await store.create(null, () => ({ next: plan, drafts: [{ type: 'created', actorId: user.id, role: b.role, at: now, data: fields(b) }] })))!;
    },
    async update(user, id, raw, version) {
      await getFor(user, id);
      const b = valid(user, raw);
      return store.update(id, version, (p) => {
        const role = authorize(user, 'patrol.plan', resourceOf(p));
        if (p.version !== version) throw PLAN_STREAM.errors.conflict(id, version, p.version);
        const now = clock.now();
        return { next: { ...p, ...fields(b), updatedAt: now }, drafts: [{ type: 'updated', actorId: user.id, role, at: now, data: fields(b) }] };
      });
    },
    async retire(user, id, version) {
      await getFor(user, id);
      return store.update(id, version, (p) => {
        const role = authorize(user, 'patrol.plan', resourceOf(p));
        if (p.version !== version) throw PLAN_STREAM.errors.conflict(id, version, p.version);
        const now = clock.now();
        return { next: { ...p, state: 'retired', updatedAt: now }, drafts: [{ type: 'retired', actorId: user.id, role, at: now, data: {} }] };
      });
    },
    list: inScope,
    getFor,
    async activeFor(inspectorId) {
      const rows = await db.kysely.selectFrom('patrol_plans').selectAll().where('state', '=', 'active').orderBy('id', 'desc').execute();
      return rows.map((r) => PLAN_STREAM.rowToRecord(r)).find((p) => p.inspectorIds.includes(inspectorId));
    },
    async coverage(user, q) {
      const now = clock.now();
      const today = shanghaiDate(now);
      const day = q.day ?? today;
      const midnight = shanghaiMidnight(day);
      const upTo = day === today ? Math.floor((now - midnight) / 60_000) : day < today ? 1440 : -1;
      let plans = await inScope(user);
      if (q.planId) plans = plans.filter((p) => p.id === q.planId);
      const codes = [...new Set(plans.flatMap((p) => p.grids.map((g) => g.code)))];
      const visits = await visitsOn(db.kysely, day, codes);
      const streets = new Map<string, AreaCoverage>();
      const districts = new Map<string, AreaCoverage>();
      const add = (m: Map<string, AreaCoverage>, code: string, g: GridCoverage) => {
        const a = m.get(code) ?? { code, name: geo.nameOf(code) ?? code, required: 0, covered: 0, rate: null };
        a.required += g.required;
        a.covered += g.covered;
        m.set(code, a);
      };
      const uncovered: CoverageAnswer['uncovered'] = [];
      const factors = await Promise.all(plans.map((p) => deps.frequencyAt({ districtCode: p.districtCode, streetCode: p.streetCode })));
      const out = plans.map((plan, k) => {
        const factor = factors[k]!;
        const grids = planCoverage(plan, visits, upTo, (minute) => factor(midnight + minute * 60_000))
          .map((g) => ({ ...g, name: geo.nameOf(g.code) ?? g.code }));
        for (const g of grids) {
          add(streets, g.code.slice(0, 9), g);
          add(districts, g.code.slice(0, 6), g);
          if (g.current === false || g.missedLast) uncovered.push({ code: g.code, name: g.name, planId: plan.id, cls: g.cls, missedLast: g.missedLast, everyMinutes: g.everyMinutes });
        }
        return { plan, rate: coverageRate(grids), grids };
      });
      const finish = (m: Map<string, AreaCoverage>) => [...m.values()].map((a) => ({ ...a, rate: coverageRate([a]) })).sort((a, b) => a.code.localeCompare(b.code));
      return { day, upTo, rate: coverageRate(out.flatMap((p) => p.grids)), plans: out, streets: finish(streets), districts: finish(districts), uncovered };
    },
  };
}
