/**
 * The simulator: realistic days of a city driven through the REAL services (ctx.cases report/act as
 * users with the roles each step needs, the deadline sweeper on a ManualClock). Sources, side paths
 * and delays follow the shares a real 数字城管 centre shows (SHARES below); handling times are drawn
 * against each case's own deadline so that about 6 % run late.
 */
import { distanceMeters, MERGE_MAX_DISTANCE_M } from '../cases/nearby.js';
import type { AppContext } from '../app.js';
import type { User } from '../auth/model.js';
import type { ManualClock } from '../core/clock.js';
import { isAppError } from '../core/errors.js';
import { HOUR_MS, SHANGHAI_OFFSET_MS, shanghaiDate } from '../core/time.js';
import type { CaseRecord } from '../cases/record.js';
import { SOURCES_NEEDING_CHECK } from '../cases/model.js';
import { createCast, type Cast } from './cast.js';
import { Agenda, createRng, type Rng } from './random.js';

/** Shares of a real city (Xiamen-like); the sources add up to 1. */
export const SHARES = {
  sources: { inspector: 0.6, hotline: 0.13, citizen: 0.12, video: 0.08, iot: 0.03, aerial: 0.01, assessment: 0.01, leader: 0.005, petition: 0.01, opinion: 0.005 },
  selfHandle: 0.1, checkConfirmed: 0.9, reject: 0.03, merge: 0.02, voidAfterAccept: 0.02,
  returned: 0.04, extension: 0.03, suspension: 0.01, overdue: 0.06, rework: 0.06, urge: 0.03, supervise: 0.005, lateStep: 0.04,
} as const;

/** Common classes (GB/T 30428.2 codes) with their weight in the report stream. */
const COMMON_CLASSES: Record<string, number> = {
  E0102: 10, E0104: 8, E0103: 5, E0106: 4, E0110: 3, E0201: 8, E0202: 3, E0504: 8, E0505: 7, E0506: 6, E0507: 8, E2101: 5,
  C0101: 2, C0102: 2, C0103: 2, C0105: 1, C0106: 1,
};

export interface SimulateOptions {
  days: number;
  perDay: number;
  seed?: number;
  /** The clock the context was created with; the simulator moves it. */
  clock: ManualClock;
  /** First instant simulated (default: the clock's current time). */
  start?: number;
  /** How often the deadline sweeper runs (default 30 min). */
  sweepEveryMs?: number;
  /**
   * Live: wait in real time between steps, simulated time running `speed` times faster. The context's
   * clock is then the real one, and the platform's own timers raise deadlines (no sweeper here).
   */
  live?: { speed: number };
  /** Pick up the cases earlier runs left open (default true). */
  resume?: boolean;
  /** Called as simulated time moves on (at most once per simulated half hour). */
  onProgress?: (done: number, total: number, day: string) => void;
}

export interface SimulationResult {
  from: number;
  to: number;
  reports: number;
  actions: number;
  outcomes: Record<string, number>;
  errors: Record<string, number>;
}

interface SimCase {
  rec: CaseRecord;
  inspector: User;
  returned: boolean;
}

type Task = () => Promise<void>;
const MIN = 60_000;
const DAY = 24 * HOUR_MS;

/** Moves an instant into the working day (08:00–20:00 Shanghai): people act in the daytime. */
export function intoDaytime(t: number, rng: Rng): number {
  const local = t + SHANGHAI_OFFSET_MS;
  const h = (local % DAY) / HOUR_MS;
  if (h >= 8 && h < 20) return t;
  const midnight = t - (local % DAY);
  return (h < 8 ? midnight : midnight + DAY) + 8 * HOUR_MS + rng.between(0, 60) * MIN;
}

export async function simulate(ctx: AppContext, opts: SimulateOptions): Promise<SimulationResult> {
  const rng = createRng(opts.seed ?? 1);
  // Live, the city works around the clock: a show should not wait for the morning.
  const daytime = (t: number, r: Rng): number => (opts.live ? t : intoDaytime(t, r));
  const clock = opts.clock;
  const start = opts.start ?? clock.now();
  const end = start + opts.days * DAY;
  const districts = await ctx.geo.listDistricts();
  const grids = await ctx.geo.listGrids({ limit: 100_000 } as never);
  if (grids.length === 0) throw new Error('the simulator needs a geography: seed the demo city first');
  const known = new Set((await ctx.catalog.listCategories({ smallOnly: true } as never)).map((c) => c.code));
  const classes = Object.fromEntries(Object.entries(COMMON_CLASSES).filter(([code]) => known.has(code)));
  if (Object.keys(classes).length === 0) throw new Error('the simulator needs the standard classes: seed the demo catalog first');
  const cast: Cast = await createCast(ctx, rng, districts);
  const photo = (await ctx.files.saveBuffer(Buffer.from(PNG_1X1, 'base64'), { uploadedBy: cast.operators[0]!.id, originalName: 'sim.png' })).sha256;

  const result: SimulationResult = { from: start, to: end, reports: 0, actions: 0, outcomes: {}, errors: {} };
  const count = (k: string) => { result.outcomes[k] = (result.outcomes[k] ?? 0) + 1; };
  const agenda = new Agenda<Task>();
  const at = (t: number, task: Task) => { if (t < end) agenda.push(Math.round(t), task); };
  const after = (minutes: [number, number], task: Task, lateChance = 0, late: [number, number] = [90, 240]) => {
    const m = rng.chance(lateChance) ? late : minutes;
    at(daytime(clock.now() + rng.between(m[0], m[1]) * MIN, rng), task);
  };
  const openByDistrict = new Map<string, SimCase[]>();

  async function act(c: SimCase, user: User, action: string, body: Record<string, unknown> = {}): Promise<boolean> {
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        c.rec = await ctx.cases.act(user, c.rec.id, action, body, c.rec.version);
        result.actions += 1;
        return true;
      } catch (e) {
        if (isAppError(e) && e.code === 'CASE_VERSION_CONFLICT' && attempt === 0) {
          const fresh = await ctx.cases.find(c.rec.id);
          if (fresh) { c.rec = fresh; continue; }
        }
        const code = isAppError(e) ? e.code : 'ERROR';
        result.errors[`${action}:${code}`] = (result.errors[`${action}:${code}`] ?? 0) + 1;
        if (!isAppError(e)) ctx.logger.warn({ err: e, action, caseId: c.rec.id }, 'simulated action failed');
        return false;
      }
    }
    return false;
  }

  const lead = () => rng.pick(cast.shiftLeads);
  const operator = () => rng.pick(cast.operators);
  const dispatcher = () => rng.pick(cast.dispatchers);

  async function report(): Promise<void> {
    const source = rng.weighted(SHARES.sources);
    const grid = rng.pick(grids);
    const district = grid.code.slice(0, 6);
    const inspector = rng.pick(cast.inspectorsOf(district));
    const by = source === 'inspector' ? inspector : source === 'leader' ? cast.leaders[0]! : source === 'assessment' ? cast.evaluators[0]! : operator();
    try {
      const r = await ctx.cases.report(by, {
        source, lon: grid.label.lon, lat: grid.label.lat, categoryCode: rng.weighted(classes),
        urgency: rng.chance(0.1) ? 'urgent' : 'normal', description: `模拟案卷：${grid.name}`, address: grid.name,
        externalRef: source === 'hotline' ? `12345-${start}-${result.reports}` : null,
        photos: source === 'inspector' || source === 'video' ? [photo] : [],
      });
      result.reports += 1;
      count(`source:${source}`);
      const c: SimCase = { rec: r.case, inspector, returned: false };
      const list = openByDistrict.get(district) ?? [];
      list.push(c);
      if (list.length > 50) list.shift();
      openByDistrict.set(district, list);
      if (source === 'inspector') intakeInspector(c);
      else if (SOURCES_NEEDING_CHECK.has(source)) after([5, 30], () => check(c));
      else after([5, 40], () => intake(c)); // a leader's or an assessment's report needs no on-site check
    } catch (e) {
      const code = isAppError(e) ? e.code : 'ERROR';
      result.errors[`report:${code}`] = (result.errors[`report:${code}`] ?? 0) + 1;
      if (!isAppError(e)) throw e;
    }
  }

  function intakeInspector(c: SimCase): void {
    if (rng.chance(SHARES.selfHandle)) {
      after([10, 40], async () => {
        if (!(await act(c, c.inspector, 'self_handle', { photos: [photo], note: '现场已自行处置' }))) return;
        count('selfHandled');
        after([20, 90], async () => { if (await act(c, lead(), 'close')) count('closed'); });
      });
      return;
    }
    after([5, 40], () => intake(c), SHARES.lateStep, [70, 150]);
  }

  async function check(c: SimCase): Promise<void> {
    if (!(await act(c, operator(), 'request_check'))) return;
    after([20, 100], async () => {
      const confirmed = rng.chance(SHARES.checkConfirmed);
      if (!(await act(c, c.inspector, 'check', { confirmed, note: confirmed ? '现场核实属实' : '现场未发现问题' }))) return;
      if (!confirmed) return after([5, 30], async () => { if (await act(c, operator(), 'reject', { reason: '核实不属实' })) count('rejected'); });
      after([5, 30], () => intake(c));
    }, SHARES.lateStep * 1.5, [130, 240]);
  }

  async function intake(c: SimCase): Promise<void> {
    const r = rng.next();
    if (r < SHARES.reject) {
      if (await act(c, operator(), 'reject', { reason: '不属于城市管理范围' })) count('rejected');
      return;
    }
    if (r < SHARES.reject + SHARES.merge) {
      // A duplicate is the same problem close by: same class within the merge distance (nearby.ts).
      const target = (openByDistrict.get(c.rec.place.districtCode) ?? []).find((o) => o !== c && o.rec.status !== 'closed' && o.rec.status !== 'rejected' && o.rec.status !== 'merged'
        && o.rec.categoryCode === c.rec.categoryCode && distanceMeters(o.rec.lon, o.rec.lat, c.rec.lon, c.rec.lat) <= MERGE_MAX_DISTANCE_M);
      if (target && (await act(c, operator(), 'merge', { intoCaseId: target.rec.id, note: '重复上报' }))) { count('merged'); return; }
    }
    if (!(await act(c, operator(), 'accept'))) return;
    if (rng.chance(SHARES.voidAfterAccept)) {
      after([5, 30], async () => {
        if (!(await act(c, operator(), 'request_void', { reason: '重复或无效案卷' }))) return;
        after([10, 40], async () => { if (await act(c, lead(), 'void', { reason: '同意作废' })) count('voided'); });
      });
      return;
    }
    after([5, 40], () => file(c), SHARES.lateStep, [70, 120]);
  }

  async function file(c: SimCase): Promise<void> {
    if (!(await act(c, lead(), 'file'))) return;
    count('filed');
    if (c.rec.status === 'dispatched') { count('autoDispatched'); return handling(c); }
    after([5, 40], () => dispatch(c), SHARES.lateStep, [70, 120]);
  }

  async function unitFor(c: SimCase, avoid: string | null): Promise<string> {
    const routing = await ctx.cases.ports.route({ categoryCode: c.rec.categoryCode, districtCode: c.rec.place.districtCode, streetCode: c.rec.place.streetCode, urgency: c.rec.urgency });
    const codes = routing.candidates.map((x) => x.ownerUnitCode).filter((x): x is string => !!x && x !== avoid);
    // Several items apply (e.g. 共享单车乱停放 by operator): the dispatcher picks the one the photo shows.
    if (codes.length > 1) codes.unshift(rng.pick(codes));
    // No item applies: the territorial bodies, as a dispatcher would (the street office, then the squad).
    const fallbacks = [c.rec.place.streetCode, `${c.rec.place.districtCode}-CGJ`];
    const options = [...codes, ...fallbacks].filter((x) => x !== avoid);
    for (const code of options) if (await ctx.cases.ports.unit(code)) return code;
    return options[0]!;
  }

  async function dispatch(c: SimCase): Promise<void> {
    const unitCode = await unitFor(c, c.returned ? c.rec.unit?.code ?? null : null);
    if (!(await act(c, dispatcher(), 'dispatch', { unitCode }))) return;
    handling(c);
  }

  /** What the unit does with a case dispatched to it. */
  function handling(c: SimCase): void {
    const unitId = c.rec.unit?.id;
    if (!unitId) return;
    const now = clock.now();
    const due = c.rec.clock.dueAt ?? now + 2 * DAY;
    const span = Math.max(30 * MIN, due - now);
    const handler = () => cast.handlerOf(unitId);
    if (rng.chance(SHARES.urge)) at(daytime(now + span * 0.6, rng), async () => { if (c.rec.status === 'dispatched' && (await act(c, dispatcher(), 'urge', { note: '请尽快处置' }))) count('urged'); });
    if (rng.chance(SHARES.supervise)) {
      at(daytime(now + span * 0.3, rng), async () => {
        if (c.rec.status !== 'dispatched' || !(await act(c, cast.leaders[0]!, 'supervise', { level: 2, opinion: '请重点督办' }))) return;
        count('supervised');
        after([60, 240], async () => { await act(c, await handler(), 'reply_supervision', { reply: '已安排人员处置' }); });
      });
    }
    const r = rng.next();
    if (!c.returned && r < SHARES.returned) {
      return after([30, 240], async () => {
        if (!(await act(c, await handler(), 'request_return', { reason: '不属于本单位职责' }))) return;
        after([10, 60], async () => {
          if (!(await act(c, dispatcher(), 'approve_return'))) return;
          count('returned');
          c.returned = true;
          after([10, 40], () => dispatch(c));
        });
      });
    }
    if (r < SHARES.returned + SHARES.extension) {
      return at(daytime(now + span * 0.4, rng), async () => {
        const unit = c.rec.clock.limit?.unit;
        if (!(await act(c, await handler(), 'request_extension', { reason: '工程量大，需延期', amount: unit === 'work_days' || unit === 'days' ? 2 : 4 }))) return;
        after([15, 60], async () => {
          const grant = rng.chance(0.85);
          if (await act(c, dispatcher(), grant ? 'grant_extension' : 'refuse_extension', grant ? {} : { note: '不同意延期' })) count(grant ? 'extended' : 'extensionRefused');
          handle(c);
        });
      });
    }
    if (r < SHARES.returned + SHARES.extension + SHARES.suspension) {
      return at(daytime(now + span * 0.3, rng), async () => {
        if (!(await act(c, await handler(), 'request_suspension', { reason: '需协调产权单位，申请挂账' }))) return;
        after([30, 90], async () => {
          if (!(await act(c, dispatcher(), 'approve_suspension'))) return;
          count('suspended');
          at(daytime(clock.now() + rng.between(1, 3) * DAY, rng), async () => { if (await act(c, dispatcher(), 'resume')) handle(c); });
        });
      });
    }
    handle(c);
  }

  /** Schedules the handling against the case's own deadline (about 6 % late). */
  function handle(c: SimCase): void {
    const unitId = c.rec.unit?.id;
    if (!unitId) return;
    const now = clock.now();
    const due = c.rec.clock.dueAt ?? now + 2 * DAY;
    const late = rng.chance(SHARES.overdue);
    const when = late ? due + rng.between(0.2, 2) * DAY : now + Math.max(20 * MIN, (due - now) * rng.between(0.1, 0.85));
    at(daytime(when, rng), async () => {
      if (!(await act(c, await cast.handlerOf(unitId), 'handle', { photos: [photo], note: '已按要求处置完毕' }))) return;
      if (late) count('handledLate');
      after([10, 60], () => verification(c));
    });
  }

  async function verification(c: SimCase): Promise<void> {
    if (!(await act(c, operator(), 'send_verification'))) return;
    after([30, 200], async () => {
      const passed = !rng.chance(SHARES.rework);
      if (!(await act(c, c.inspector, 'verify', passed ? { passed, photos: [photo] } : { passed, photos: [photo], reason: '现场仍有问题，需返工' }))) return;
      if (!passed) { count('rework'); return handle(c); }
      after([10, 60], async () => { if (await act(c, lead(), 'close')) count('closed'); }, SHARES.lateStep, [150, 240]);
    }, SHARES.lateStep, [300, 500]);
  }

  /** A case an earlier run left open: the step its phase waits for comes first in this run. */
  function resume(rec: CaseRecord): void {
    const c: SimCase = { rec, inspector: rng.pick(cast.inspectorsOf(rec.place.districtCode)), returned: false };
    const soon = (task: Task) => at(daytime(start + rng.between(5, 240) * MIN, rng), task);
    const then = (ok: Promise<boolean>, next: () => unknown) => ok.then((done) => { if (done) next(); });
    count('resumed');
    switch (rec.phase) {
      case 'new': return soon(() => (SOURCES_NEEDING_CHECK.has(rec.source) ? check(c) : intake(c)));
      case 'checking': return soon(() => then(act(c, c.inspector, 'check', { confirmed: true, note: '现场核实属实' }), () => intake(c)));
      case 'checked': return soon(() => intake(c));
      case 'accepted': return soon(() => file(c));
      case 'awaiting_dispatch': return soon(() => dispatch(c));
      case 'working': return soon(async () => handle(c));
      case 'awaiting_verification': return soon(() => verification(c));
      case 'verification_pending': return soon(() => then(act(c, c.inspector, 'verify', { passed: true, photos: [photo] }), () => act(c, lead(), 'close')));
      case 'verification_passed':
      case 'self_handled': return soon(async () => { if (await act(c, lead(), 'close')) count('closed'); });
      case 'void_requested': return soon(async () => { if (await act(c, lead(), 'void', { reason: '同意作废' })) count('voided'); });
      case 'return_requested': return soon(() => then(act(c, dispatcher(), 'approve_return'), () => { c.returned = true; return dispatch(c); }));
      case 'extension_requested': return soon(() => then(act(c, dispatcher(), 'grant_extension'), () => handle(c)));
      case 'suspension_requested': return soon(async () => { await act(c, dispatcher(), 'approve_suspension'); });
      case 'suspended': return soon(() => then(act(c, dispatcher(), 'resume'), () => handle(c)));
      default: return undefined;
    }
  }

  // Cases earlier runs left open carry on: this run continues where the last one ended.
  if (opts.resume !== false) {
    const reader = cast.leaders[0]!;
    for (let page = 1; ; page++) {
      const p = await ctx.cases.search(reader, { status: ['reported', 'filed', 'dispatched', 'suspended', 'handled', 'verifying'], page, pageSize: 200 });
      for (const rec of p.items) resume(rec);
      if (p.items.length < 200 || page * 200 >= p.total) break;
    }
  }

  // Reports through each day (fewer at weekends), and the sweeper every half hour.
  for (let d = 0; d < opts.days; d++) {
    const dayStart = start + d * DAY;
    const weekday = new Date(dayStart + SHANGHAI_OFFSET_MS).getUTCDay();
    const n = Math.round(opts.perDay * (weekday === 0 || weekday === 6 ? 0.6 : 1));
    for (let i = 0; i < n; i++) at(daytime(dayStart + rng.between(0, DAY), rng), report);
  }
  const sweepEvery = opts.sweepEveryMs ?? 30 * MIN;
  const sweep = async (): Promise<void> => {
    const r = await ctx.cases.sweepDeadlines(clock.now());
    result.outcomes.overdueRaised = (result.outcomes.overdueRaised ?? 0) + r.overdue;
    at(clock.now() + sweepEvery, sweep);
  };
  if (!opts.live) at(start + sweepEvery, sweep);

  const live = opts.live;
  const realStart = Date.now();
  let told = start;
  for (let task = agenda.pop(); task; task = agenda.pop()) {
    if (live) {
      const due = realStart + (task.at - start) / live.speed;
      if (due > Date.now()) await new Promise((r) => setTimeout(r, due - Date.now()));
    }
    clock.set(Math.max(clock.now(), task.at));
    if (opts.onProgress && clock.now() - told >= sweepEvery) {
      told = clock.now();
      opts.onProgress(told - start, end - start, shanghaiDate(told));
    }
    await task.item();
  }
  opts.onProgress?.(end - start, end - start, shanghaiDate(end - 1));
  clock.set(Math.max(clock.now(), end));
  return result;
}

/** A 1×1 PNG: the photo every simulated step attaches. */
const PNG_1X1 = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';
