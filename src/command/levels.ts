/**
 * Command levels per area: set by a leader or switched by a schedule, each change a `level_set`
 * event on the area's stream; the level policy (what 加强 and 应急 do) is city-wide configuration.
 * The timeline of changes answers "which level held here then" for new cases' limits and for plan
 * coverage. Going to 应急 opens an incident; coming back closes it.
 */
import { Type } from 'typebox';
import type { ServiceDeps } from '../core/deps.js';
import { badRequest, unprocessable } from '../core/errors.js';
import type { User } from '../auth/model.js';
import { accessFilter, authorize, CITY_WIDE, type Resource } from '../auth/policy.js';
import type { GeoService } from '../geo/service.js';
import { getSetting } from '../store/settings.js';
import { coalesceRead } from '../core/coalesce.js';
import { fromJson } from '../store/dialect.js';
import { checkBody } from '../workflow/body.js';
import { publishTo } from '../workflow/publish.js';
import { createRecordStore } from '../workflow/store.js';
import type { DocEvent } from '../workflow/doc-stream.js';
import {
  AREA_STREAM, DEFAULT_POLICY, LEVELS, LEVEL_NAMES, LevelTimeline, POLICY_STREAM, SCHEDULE_STREAM, areaLevelOf,
  type AreaCommand, type CommandLevel, type CommandPolicy, type LevelSchedule, type OnDuty, type PolicyRecord,
} from './model.js';
import type { Incidents } from './incidents.js';
import { nextOccurrence, repeatText, RepeatBody, type Repeat } from './recurrence.js';

const POLICY_KEY = 'command.policy';
const Level = Type.Union(LEVELS.map((l) => Type.Literal(l)));

export const OnDutyBody = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 50 }), post: Type.String({ minLength: 1, maxLength: 50 }),
  phone: Type.Optional(Type.Union([Type.String({ maxLength: 30 }), Type.Null()])), userId: Type.Optional(Type.Union([Type.String({ maxLength: 64 }), Type.Null()])),
}, { additionalProperties: false });

export const SetLevelBody = Type.Object({
  level: Level,
  reason: Type.String({ minLength: 1, maxLength: 200, title: '原因' }),
  until: Type.Optional(Type.Union([Type.Integer({ minimum: 0 }), Type.Null()], { title: '截止时间' })),
  onDuty: Type.Optional(Type.Array(OnDutyBody, { maxItems: 50, title: '值班人员' })),
}, { additionalProperties: false });

export const ScheduleBody = Type.Object({
  areaCode: Type.String({ pattern: '^\\d{6}$|^\\d{9}$' }),
  level: Type.Union([Type.Literal('reinforced'), Type.Literal('emergency')]),
  from: Type.Integer({ minimum: 0 }),
  until: Type.Integer({ minimum: 0 }),
  reason: Type.String({ minLength: 1, maxLength: 200, title: '原因' }),
  repeat: Type.Optional(RepeatBody),
}, { additionalProperties: false });

const LevelPolicyBody = Type.Object({
  limitFactor: Type.Number({ exclusiveMinimum: 0, maximum: 1 }),
  stages: Type.Array(Type.Union(['accept', 'check', 'file', 'dispatch', 'handle', 'verify', 'close'].map((s) => Type.Literal(s))), { maxItems: 7 }),
  classes: Type.Array(Type.String({ pattern: '^[A-Z]\\d{2,6}$' }), { maxItems: 500 }),
  overrides: Type.Array(Type.Object({
    classPrefix: Type.String({ pattern: '^[A-Z]\\d{2,6}$' }), stage: Type.String({ minLength: 1, maxLength: 20 }), value: Type.Number({ exclusiveMinimum: 0, maximum: 10_000 }),
    unit: Type.Union(['work_hours', 'work_days', 'hours', 'days'].map((u) => Type.Literal(u))),
  }, { additionalProperties: false }), { maxItems: 500 }),
  frequencyFactor: Type.Number({ minimum: 1, maximum: 12 }),
}, { additionalProperties: false });
export const PolicyBody = Type.Object({ reinforced: LevelPolicyBody, emergency: LevelPolicyBody }, { additionalProperties: false });

export const cityOf = (code: string): string => `${code.slice(0, 4)}00`;

/** An area as a policy resource: the city is city-wide, a district or street its own. */
export function areaResource(code: string): Resource {
  const level = areaLevelOf(code);
  if (level === 'city') return CITY_WIDE;
  if (level === 'district') return { districtCode: code };
  return { districtCode: code.slice(0, 6), streetCode: code };
}

export interface Levels {
  policy(): Promise<CommandPolicy>;
  setPolicy(user: User, body: unknown): Promise<CommandPolicy>;
  /** Every change of the policy (`policy_set` {policy}: who and when). */
  policyEvents(user: User): Promise<DocEvent[]>;
  set(user: User | 'system', areaCode: string, body: unknown, scheduleId?: string | null): Promise<AreaCommand>;
  /** Areas with their level, in the reader's area (and the city and district above it). */
  list(user: User): Promise<AreaCommand[]>;
  events(user: User, areaCode: string): Promise<DocEvent[]>;
  timeline(): Promise<LevelTimeline>;
  schedule(user: User, body: unknown): Promise<LevelSchedule>;
  cancelSchedule(user: User, id: string, version: number): Promise<LevelSchedule>;
  schedules(user: User): Promise<LevelSchedule[]>;
  /** Applies due schedules (start and end of their periods) and lifts levels whose `until` passed. */
  sweep(now: number): Promise<{ applied: number; lifted: number }>;
}

export function createLevels(deps: ServiceDeps & { geo: GeoService; incidents: Incidents }): Levels {
  const { db, clock, ids, geo, incidents } = deps;
  const store = createRecordStore(db, AREA_STREAM, { afterCommit: publishTo(deps.bus, 'command_area') });
  const schedules = createRecordStore(db, SCHEDULE_STREAM, { afterCommit: publishTo(deps.bus, 'command_schedule') });
  const policies = createRecordStore(db, POLICY_STREAM, { afterCommit: publishTo(deps.bus, 'command_policy') });
  const nameOf = (code: string) => (areaLevelOf(code) === 'city' ? '全市' : geo.nameOf(code) ?? code);

  function checkArea(code: string): void {
    const level = areaLevelOf(code);
    if (!level) throw badRequest('AREA_CODE_INVALID', `区域代码无效：${code}`, `Not an area code: ${code}`, { areaCode: code });
    if (level !== 'city' && !geo.nameOf(code)) throw unprocessable('AREA_NOT_FOUND', `没有这个区域：${code}`, `No such area: ${code}`, { areaCode: code });
  }

  async function set(user: User | 'system', areaCode: string, raw: unknown, scheduleId: string | null = null): Promise<AreaCommand> {
    checkArea(areaCode);
    const role = user === 'system' ? 'system' : authorize(user, 'command.level', areaResource(areaCode));
    const actorId = user === 'system' ? 'system' : user.id;
    const b = checkBody<{ level: CommandLevel; reason: string; until?: number | null; onDuty?: OnDuty[] }>('set_level', { body: SetLevelBody, zh: '设置指挥等级' }, raw);
    const now = clock.now();
    if (b.until != null && b.until <= now) throw unprocessable('LEVEL_UNTIL_PAST', '截止时间应晚于现在', 'The end must lie in the future', { until: b.until });
    const onDuty = (b.onDuty ?? []).map((o) => ({ name: o.name, post: o.post, phone: o.phone ?? null, userId: o.userId ?? null }));
    const decide = async (prev: AreaCommand | null): Promise<AreaCommand> => {
      let incidentId = prev?.incidentId ?? null;
      if (b.level === 'emergency' && !incidentId) incidentId = (await incidents.open(actorId, role, { areaCode, areaName: nameOf(areaCode), title: `${nameOf(areaCode)}应急：${b.reason}` })).id;
      if (b.level !== 'emergency' && incidentId) {
        await incidents.close(actorId, role, incidentId);
        incidentId = null;
      }
      return {
        id: areaCode, version: prev?.version ?? 0, lastHash: prev?.lastHash ?? '', state: b.level, areaLevel: areaLevelOf(areaCode)!, areaName: nameOf(areaCode),
        reason: b.reason, since: now, until: b.level === 'normal' ? null : (b.until ?? null), onDuty, incidentId, scheduleId, updatedAt: now,
      };
    };
    const draft = (prev: AreaCommand | null, next: AreaCommand) => ({
      type: 'level_set', actorId, role, at: now,
      data: { areaCode, from: prev?.state ?? 'normal', level: next.state, reason: b.reason, until: next.until, onDuty, incidentId: next.incidentId, scheduleId },
    });
    const existing = await store.load(areaCode);
    if (!existing) {
      const next = await decide(null);
      const created = await store.create(null, () => ({ next, drafts: [draft(null, next)] }));
      if (created) return created;
    }
    const current = existing ?? (await store.load(areaCode))!;
    const next = await decide(current);
    return store.update(areaCode, current.version, (prev) => ({ next: { ...next, version: prev.version, lastHash: prev.lastHash }, drafts: [draft(prev, next)] }));
  }

  // Every case filed asks which level held at its place: the timeline is every level change ever
  // made, and reading it each time grew with the city's history. It is kept, and read again only when
  // an area's version (the committed head of its stream) differs from those it was built from — so a
  // level set by another process is seen at the next filing, at the cost of one small read of heads.
  // Heads are read before the events: a change landing between the two only causes one more reload.
  // The filings of one turn share one read of the heads (src/core/coalesce.ts: sent after each asked).
  let cached: { heads: string; timeline: LevelTimeline } | null = null;
  const readHeads = coalesceRead(async () => (await db.kysely.selectFrom('command_areas').select(['id', 'version']).orderBy('id').execute())
    .map((r) => `${r.id}:${Number(r.version)}`).join(','));
  async function timeline(): Promise<LevelTimeline> {
    const heads = await readHeads();
    if (cached?.heads === heads) return cached.timeline;
    const rows = await db.kysely.selectFrom('command_area_events').select(['stream_id', 'at', 'data']).where('type', '=', 'level_set').orderBy('at').execute();
    const t = new LevelTimeline(rows.map((r) => ({ areaCode: r.stream_id, at: Number(r.at), level: fromJson<{ level: CommandLevel }>(r.data).level })));
    cached = { heads, timeline: t };
    return t;
  }

  return {
    async policy() {
      // The stream's record; before its first change, a setting written by an older version, else the defaults.
      return (await policies.load('city'))?.policy ?? (await getSetting<CommandPolicy>(db.kysely, POLICY_KEY)) ?? DEFAULT_POLICY;
    },
    async setPolicy(user, raw) {
      const role = authorize(user, 'command.level', CITY_WIDE);
      const b = checkBody<CommandPolicy>('policy', { body: PolicyBody, zh: '指挥等级策略' }, raw);
      const now = clock.now();
      const draft = { type: 'policy_set', actorId: user.id, role, at: now, data: { policy: b } };
      const existing = await policies.load('city');
      if (!existing) {
        const rec: PolicyRecord = { id: 'city', version: 0, lastHash: '', state: 'set', policy: b, updatedAt: now };
        if (await policies.create(null, () => ({ next: rec, drafts: [draft] }))) return b;
      }
      const cur = existing ?? (await policies.load('city'))!;
      await policies.update('city', cur.version, (prev) => ({ next: { ...prev, policy: b, updatedAt: now }, drafts: [draft] }));
      return b;
    },
    async policyEvents(user) {
      authorize(user, 'command.read');
      return policies.events('city');
    },
    set,
    async list(user) {
      authorize(user, 'command.read');
      const f = accessFilter(user, 'command.read') ?? {};
      const rows = (await db.kysely.selectFrom('command_areas').selectAll().execute()).map((r) => AREA_STREAM.rowToRecord(r));
      const mine = f.streetCode ?? f.districtCode;
      return rows.filter((a) => !mine || a.areaLevel === 'city' || mine.startsWith(a.id) || a.id.startsWith(mine)).sort((a, b) => a.id.localeCompare(b.id));
    },
    async events(user, areaCode) {
      authorize(user, 'command.read');
      return store.events(areaCode);
    },
    timeline,
    async schedule(user, raw) {
      const b = checkBody<{ areaCode: string; level: 'reinforced' | 'emergency'; from: number; until: number; reason: string; repeat?: Repeat }>('schedule', { body: ScheduleBody, zh: '等级计划' }, raw);
      checkArea(b.areaCode);
      const role = authorize(user, 'command.level', areaResource(b.areaCode));
      if (b.until <= b.from) throw unprocessable('SCHEDULE_PERIOD_INVALID', '结束时间应晚于开始时间', 'The period must end after it starts', { from: b.from, until: b.until });
      const now = clock.now();
      // A repeating schedule waits for its first occurrence in the period; a plain one is that period.
      const first = b.repeat ? nextOccurrence(b.repeat, now, b.from, b.until) : { from: b.from, until: b.until };
      if (!first) throw unprocessable('SCHEDULE_NO_OCCURRENCE', '该周期在计划期内没有一次发生', 'The rule has no occurrence left in the period', { from: b.from, until: b.until, repeat: b.repeat });
      const s: LevelSchedule = {
        id: ids.next(), version: 0, lastHash: '', state: 'pending', areaCode: b.areaCode, level: b.level, from: first.from, until: first.until, reason: b.reason, createdBy: user.id, updatedAt: now,
        ...(b.repeat ? { repeat: b.repeat, periodFrom: b.from, periodUntil: b.until } : {}),
      };
      return (await schedules.create(null, () => ({ next: s, drafts: [{ type: 'scheduled', actorId: user.id, role, at: now, data: { ...b, next: first, ...(b.repeat ? { repeatText: repeatText(b.repeat) } : {}) } }] })))!;
    },
    async cancelSchedule(user, id, version) {
      const s = await schedules.load(id);
      if (!s) throw SCHEDULE_STREAM.errors.notFound(id);
      const role = authorize(user, 'command.level', areaResource(s.areaCode));
      return schedules.update(id, version, (cur) => {
        if (cur.version !== version) throw SCHEDULE_STREAM.errors.conflict(id, version, cur.version);
        if (cur.state !== 'pending') throw unprocessable('SCHEDULE_NOT_PENDING', '只能取消尚未生效的等级计划', 'Only a schedule that has not started can be cancelled', { state: cur.state });
        const now = clock.now();
        return { next: { ...cur, state: 'cancelled', updatedAt: now }, drafts: [{ type: 'cancelled', actorId: user.id, role, at: now, data: {} }] };
      });
    },
    async schedules(user) {
      authorize(user, 'command.read');
      const f = accessFilter(user, 'command.read') ?? {};
      const rows = (await db.kysely.selectFrom('command_schedules').selectAll().where('state', 'in', ['pending', 'active']).orderBy('from_at').execute()).map((r) => SCHEDULE_STREAM.rowToRecord(r));
      const mine = f.streetCode ?? f.districtCode;
      return rows.filter((s) => !mine || mine.startsWith(s.areaCode) || s.areaCode.startsWith(mine) || areaLevelOf(s.areaCode) === 'city');
    },
    async sweep(now) {
      let applied = 0;
      let lifted = 0;
      const due = (await db.kysely.selectFrom('command_schedules').selectAll()
        .where((eb) => eb.or([eb.and([eb('state', '=', 'pending'), eb('from_at', '<=', now)]), eb.and([eb('state', '=', 'active'), eb('until_at', '<=', now)])]))
        .execute()).map((r) => SCHEDULE_STREAM.rowToRecord(r));
      for (const s of due) {
        const starting = s.state === 'pending' && s.until > now;
        if (starting) {
          await set('system', s.areaCode, { level: s.level, reason: `${s.reason}（计划）`, until: s.until }, s.id);
          applied += 1;
        } else {
          const area = await store.load(s.areaCode);
          if (area && area.scheduleId === s.id && area.state !== 'normal') {
            await set('system', s.areaCode, { level: 'normal', reason: `${s.reason}结束` }, s.id);
            lifted += 1;
          }
        }
        if (starting) {
          await schedules.append(s, { ...s, state: 'active', updatedAt: now }, [{ type: 'started', actorId: 'system', role: 'system', at: now, data: { from: s.from, until: s.until } }]);
          continue;
        }
        // Ended (or missed while the timer was down): a repeating schedule waits for its next occurrence.
        const next = s.repeat ? nextOccurrence(s.repeat, now, s.periodFrom ?? s.from, s.periodUntil ?? s.until) : null;
        await schedules.append(s, { ...s, state: next ? 'pending' : 'done', ...(next ? { from: next.from, until: next.until } : {}), updatedAt: now }, [
          { type: 'ended', actorId: 'system', role: 'system', at: now, data: { from: s.from, until: s.until, next } },
        ]);
      }
      // A level set by hand with an end lifts itself.
      const expired = (await db.kysely.selectFrom('command_areas').selectAll().where('until_at', 'is not', null).where('until_at', '<=', now).where('state', '<>', 'normal').execute())
        .map((r) => AREA_STREAM.rowToRecord(r)).filter((a) => !a.scheduleId);
      for (const a of expired) {
        await set('system', a.id, { level: 'normal', reason: `${LEVEL_NAMES[a.state].zh}期满` });
        lifted += 1;
      }
      return { applied, lifted };
    },
  };
}
