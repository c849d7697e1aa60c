/**
 * The three command levels (三级指挥体系): 常态 (everyday full coverage), 加强 (reinforced: key
 * areas and hours, events, holidays) and 应急 (emergency: typhoon, flood, major event), per area
 * (the city, a district or a street) and period. A level in force shortens the stage limits of the
 * new cases of the classes that matter (the limits come from the responsibility list as always; the
 * level scales them, or replaces a class's limit where the level says so) and raises the patrol
 * frequency of plans in the area. Pure: types, the policy and the timeline of levels.
 */
import type { Repeat } from './recurrence.js';
import { docStream, type DocRecord } from '../workflow/doc-stream.js';

export const LEVELS = ['normal', 'reinforced', 'emergency'] as const;
export type CommandLevel = (typeof LEVELS)[number];
export const LEVEL_NAMES: Record<CommandLevel, { zh: string; en: string; color: string }> = {
  normal: { zh: '常态', en: 'Everyday', color: '#52c41a' },
  reinforced: { zh: '加强', en: 'Reinforced', color: '#fa8c16' },
  emergency: { zh: '应急', en: 'Emergency', color: '#f5222d' },
};
const RANK: Record<CommandLevel, number> = { normal: 0, reinforced: 1, emergency: 2 };
export const higher = (a: CommandLevel, b: CommandLevel): CommandLevel => (RANK[a] >= RANK[b] ? a : b);

export type AreaLevel = 'city' | 'district' | 'street';
export function areaLevelOf(code: string): AreaLevel | null {
  if (/^\d{9}$/.test(code)) return 'street';
  if (/^\d{4}00$/.test(code)) return 'city';
  if (/^\d{6}$/.test(code)) return 'district';
  return null;
}

/** A stage limit as the catalog writes it. */
export interface Limit {
  value: number;
  unit: string;
}

/** What a level does. */
export interface LevelPolicy {
  /** Stage limits of new cases are multiplied by this (0.5: half the time). */
  limitFactor: number;
  /** The stages it shortens. */
  stages: string[];
  /** The classes that matter: class-code prefixes ('C01' a big class, 'C0102' a small one); empty: every class. */
  classes: string[];
  /** A class's own limit at this level, instead of the scaled one (most specific prefix wins). */
  overrides: Array<{ classPrefix: string; stage: string; value: number; unit: string }>;
  /** Patrol frequency is multiplied by this (2: twice as often). */
  frequencyFactor: number;
}

export type CommandPolicy = Record<Exclude<CommandLevel, 'normal'>, LevelPolicy>;

export const DEFAULT_POLICY: CommandPolicy = {
  reinforced: { limitFactor: 0.5, stages: ['dispatch', 'handle'], classes: [], overrides: [], frequencyFactor: 2 },
  emergency: { limitFactor: 0.25, stages: ['accept', 'file', 'dispatch', 'handle'], classes: [], overrides: [], frequencyFactor: 4 },
};

/** Someone on duty at a level (值班): named, with a post and a phone. */
export interface OnDuty {
  name: string;
  post: string;
  phone: string | null;
  userId: string | null;
}

/** The command level of one area: a doc stream whose id is the area's code; each change is an event. */
export interface AreaCommand extends DocRecord {
  state: CommandLevel;
  areaLevel: AreaLevel;
  areaName: string;
  reason: string;
  since: number;
  /** Back to 常态 at this instant (a scheduled period), or null. */
  until: number | null;
  onDuty: OnDuty[];
  /** 应急: the incident gathering its cases, tasks and instructions. */
  incidentId: string | null;
  scheduleId: string | null;
}

export const AREA_STREAM = docStream<AreaCommand>({
  name: 'command_area',
  zh: '指挥等级',
  table: 'command_areas',
  eventsTable: 'command_area_events',
  indexed: [['until_at', 'bigint', (a) => a.until]],
});

/** The level policy as a record (id `city`): each change a `policy_set` event. */
export interface PolicyRecord extends DocRecord {
  state: 'set';
  policy: CommandPolicy;
}

export const POLICY_STREAM = docStream<PolicyRecord>({
  name: 'command_policy',
  zh: '指挥等级策略',
  table: 'command_policies',
  eventsTable: 'command_policy_events',
  indexed: [],
});

/** A change of level, as the timeline keeps it. */
export interface LevelChange {
  areaCode: string;
  at: number;
  level: CommandLevel;
}

/** Every level change, per area in time order: which level held where and when. */
export class LevelTimeline {
  private readonly byArea = new Map<string, LevelChange[]>();
  constructor(changes: readonly LevelChange[]) {
    for (const c of [...changes].sort((a, b) => a.at - b.at)) {
      const list = this.byArea.get(c.areaCode) ?? [];
      list.push(c);
      this.byArea.set(c.areaCode, list);
    }
  }

  /** The level of one area at an instant. */
  ofArea(areaCode: string, at: number): CommandLevel {
    const list = this.byArea.get(areaCode);
    if (!list) return 'normal';
    let level: CommandLevel = 'normal';
    for (const c of list) {
      if (c.at > at) break;
      level = c.level;
    }
    return level;
  }

  /** The level in force at a place: the highest of its street, its district and the city. */
  at(place: { districtCode: string; streetCode: string | null }, at: number, cityCode: string): CommandLevel {
    let level = this.ofArea(cityCode, at);
    level = higher(level, this.ofArea(place.districtCode, at));
    if (place.streetCode) level = higher(level, this.ofArea(place.streetCode, at));
    return level;
  }
}

const round2 = (v: number): number => Math.max(0.01, Math.round(v * 100) / 100);

/**
 * The stage limits of a new case of `categoryCode` at a level: the level's override for the class,
 * else the limit scaled by the level's factor, for the stages the level shortens and the classes
 * that matter. Undefined when the level changes nothing for this case.
 */
export function limitsAtLevel(policy: CommandPolicy, level: CommandLevel, categoryCode: string, limits: Readonly<Record<string, Limit>>): Record<string, Limit> | undefined {
  if (level === 'normal') return undefined;
  const p = policy[level];
  if (p.classes.length > 0 && !p.classes.some((c) => categoryCode.startsWith(c))) return undefined;
  const out: Record<string, Limit> = {};
  let changed = false;
  for (const [stage, limit] of Object.entries(limits)) {
    const override = p.overrides
      .filter((o) => o.stage === stage && categoryCode.startsWith(o.classPrefix))
      .sort((a, b) => b.classPrefix.length - a.classPrefix.length)[0];
    if (override) {
      out[stage] = { value: override.value, unit: override.unit };
      changed = true;
    } else if (p.stages.includes(stage) && p.limitFactor !== 1) {
      out[stage] = { value: round2(limit.value * p.limitFactor), unit: limit.unit };
      changed = true;
    } else {
      out[stage] = limit;
    }
  }
  return changed ? out : undefined;
}

export function frequencyFactor(policy: CommandPolicy, level: CommandLevel): number {
  return level === 'normal' ? 1 : policy[level].frequencyFactor;
}

/** A level set ahead for a period (a holiday, a forecast typhoon): applied and lifted by the timer. */
export interface LevelSchedule extends DocRecord {
  state: 'pending' | 'active' | 'done' | 'cancelled';
  areaCode: string;
  level: Exclude<CommandLevel, 'normal'>;
  /** The period in force or next (for a repeating schedule: its current or next occurrence). */
  from: number;
  until: number;
  reason: string;
  createdBy: string;
  /** A repeating schedule's rule and overall period (src/command/recurrence.ts); absent: one period. */
  repeat?: Repeat | null;
  periodFrom?: number;
  periodUntil?: number;
}

export const SCHEDULE_STREAM = docStream<LevelSchedule>({
  name: 'command_schedule',
  zh: '指挥等级计划',
  table: 'command_schedules',
  eventsTable: 'command_schedule_events',
  indexed: [['area_code', 'text', (s) => s.areaCode], ['from_at', 'bigint', (s) => s.from], ['until_at', 'bigint', (s) => s.until]],
});
