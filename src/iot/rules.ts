/**
 * Alarm rules as typed, versioned data (ThingsBoard's alarm rule, with what its users miss): one
 * create-condition per severity, an optional clear, condition kinds threshold / sustained / repeated
 * / baseline / rate / leq (energy average) / mean (arithmetic, for PM10 and the like) / silence, each with a hysteresis band for clearing; schedules with several
 * windows a day, windows across midnight, the city's night and workday / holiday from the calendar;
 * an escalation ladder and the grace period before a case. Pure: types, validation, no I/O.
 */
import { unprocessable } from '../core/errors.js';

export const SEVERITIES = ['critical', 'major', 'minor', 'warning'] as const;
export type Severity = (typeof SEVERITIES)[number];
export const SEVERITY_NAMES: Record<Severity, string> = { critical: '紧急', major: '重要', minor: '次要', warning: '提示' };
/** Higher is worse. */
export const rankOf = (s: Severity): number => 4 - SEVERITIES.indexOf(s);

export const DEVICE_TYPES = ['noise', 'gas', 'tilt', 'dust', 'manhole'] as const;
export type DeviceType = (typeof DEVICE_TYPES)[number];
export const DEVICE_TYPE_NAMES: Record<DeviceType, string> = { noise: '噪声监测', gas: '可燃气体', tilt: '广告设施倾斜', dust: '扬尘监测', manhole: '井盖监测' };

export const OPS = ['>', '>=', '<', '<='] as const;
export type Op = (typeof OPS)[number];

/** A threshold: a number, or a device parameter (zone limits …) with its default, plus an offset (night Lmax = limit + 15). */
export type Threshold = number | { param: string; default: number; plus?: number };

interface Compared {
  /** The reading's member compared (`laeq`, `lel`, `tilt` …). */
  key: string;
  op: Op;
  value: Threshold;
  /** Clears only once the value is this far back on the safe side (default 0). */
  hysteresis?: number;
}

export type Condition =
  | ({ kind: 'threshold' } & Compared)
  | ({ kind: 'sustained'; forSeconds: number } & Compared)
  | ({ kind: 'repeated'; times: number; windowSeconds: number } & Compared)
  /** |value − the device's install baseline of `key`| compared. */
  | ({ kind: 'baseline' } & Compared)
  /** |Δvalue| per minute between consecutive readings compared. */
  | ({ kind: 'rate' } & Compared)
  /** The energy average (Leq = 10·lg(mean 10^(L/10))) over the last `windowSeconds` compared. */
  | ({ kind: 'leq'; windowSeconds: number } & Compared)
  | ({ kind: 'mean'; windowSeconds: number } & Compared)
  /** No reading for `minutes` (checked by the sweeper, not by readings). */
  | { kind: 'silence'; minutes: number };
export const CONDITION_KINDS = ['threshold', 'sustained', 'repeated', 'baseline', 'rate', 'leq', 'mean', 'silence'] as const;

/** A window of a day: `HH:MM`–`HH:MM` (end before start crosses midnight; equal = all day), or the city's night / day. */
export type ScheduleWindow = { start: string; end: string; days?: number[] } | { preset: 'night' | 'day'; days?: number[] };
export interface Schedule {
  windows: ScheduleWindow[];
  /** The calendar kind of the day a window starts on (default any). */
  dayKind?: 'any' | 'workday' | 'holiday';
}

export interface EscalationStep {
  afterMinutes: number;
  notify: 'owner' | 'street' | 'district';
}

export interface RuleBody {
  key: string;
  name: string;
  deviceType: DeviceType;
  create: Partial<Record<Severity, { condition: Condition; schedule?: Schedule }>>;
  /** auto: when every create-condition is back beyond its hysteresis band (or the schedule ended); condition: its own; manual: only by a person. */
  clear: { mode: 'auto' } | { mode: 'manual' } | { mode: 'condition'; condition: Condition };
  schedule?: Schedule;
  /** A registered night-work permit of the site suppresses the rule inside the permit's window. */
  suppressWhen?: 'night_work_permit';
  /** Who is told when (minutes after the alarm was raised); stops on acknowledge or clear. */
  escalation: EscalationStep[];
  /** Still active this long after raising: a case in the closed loop (null: never). */
  caseAfterMinutes: number | null;
  caseClass: { categoryCode: string; description: string } | null;
}

export type RuleScope = { kind: 'type'; ref: DeviceType } | { kind: 'device'; ref: string } | { kind: 'owner'; ref: string };

export interface Rule {
  id: string;
  key: string;
  scope: RuleScope;
  version: number;
  enabled: boolean;
  body: RuleBody;
  updatedAt: number;
  updatedBy: string;
}

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;
export const minutesOf = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

function problem(path: string, zh: string, en: string): never {
  throw unprocessable('RULE_INVALID', `规则无效：${path} ${zh}`, `Invalid rule: ${path} ${en}`, { path });
}
const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

function checkThreshold(t: unknown, path: string): void {
  if (finite(t)) return;
  if (t && typeof t === 'object') {
    const o = t as { param?: unknown; default?: unknown; plus?: unknown };
    if (typeof o.param === 'string' && /^[a-zA-Z][\w]{0,39}$/.test(o.param) && finite(o.default) && (o.plus === undefined || finite(o.plus))) return;
  }
  problem(path, '应为数字或 {param, default}', 'must be a number or {param, default}');
}

export function checkCondition(c: Condition, path: string): void {
  if (!c || typeof c !== 'object' || !CONDITION_KINDS.includes(c.kind)) problem(`${path}.kind`, `应为 ${CONDITION_KINDS.join('/')}`, `must be one of ${CONDITION_KINDS.join(', ')}`);
  if (c.kind === 'silence') {
    if (!finite(c.minutes) || c.minutes < 1 || c.minutes > 10_080) problem(`${path}.minutes`, '应为 1–10080 分钟', 'must be 1–10080 minutes');
    return;
  }
  if (typeof c.key !== 'string' || !/^[a-zA-Z][\w]{0,39}$/.test(c.key)) problem(`${path}.key`, '应为读数名称', 'must be a reading name');
  if (!OPS.includes(c.op)) problem(`${path}.op`, '应为 > >= < <=', 'must be >, >=, < or <=');
  checkThreshold(c.value, `${path}.value`);
  if (c.hysteresis !== undefined && (!finite(c.hysteresis) || c.hysteresis < 0)) problem(`${path}.hysteresis`, '应为非负数', 'must be ≥ 0');
  if (c.kind === 'sustained' && (!finite(c.forSeconds) || c.forSeconds < 1 || c.forSeconds > 86_400)) problem(`${path}.forSeconds`, '应为 1–86400 秒', 'must be 1–86400 s');
  if ((c.kind === 'leq' || c.kind === 'mean') && (!finite(c.windowSeconds) || c.windowSeconds < 1 || c.windowSeconds > 86_400)) problem(`${path}.windowSeconds`, '应为 1–86400 秒', 'must be 1–86400 s');
  if (c.kind === 'repeated') {
    if (!Number.isInteger(c.times) || c.times < 2 || c.times > 1000) problem(`${path}.times`, '应为 2–1000', 'must be 2–1000');
    if (!finite(c.windowSeconds) || c.windowSeconds < 1 || c.windowSeconds > 86_400) problem(`${path}.windowSeconds`, '应为 1–86400 秒', 'must be 1–86400 s');
  }
}

export function checkSchedule(s: Schedule, path: string): void {
  if (!s || !Array.isArray(s.windows) || s.windows.length < 1 || s.windows.length > 12) problem(`${path}.windows`, '应有 1–12 个时段', 'must have 1–12 windows');
  s.windows.forEach((w, i) => {
    const p = `${path}.windows[${i}]`;
    if ('preset' in w) {
      if (w.preset !== 'night' && w.preset !== 'day') problem(`${p}.preset`, '应为 night 或 day', 'must be night or day');
    } else if (typeof w.start !== 'string' || typeof w.end !== 'string' || !HHMM.test(w.start) || !HHMM.test(w.end)) {
      problem(p, '时间应为 HH:MM', 'times must be HH:MM');
    }
    if (w.days !== undefined && (!Array.isArray(w.days) || w.days.some((d) => !Number.isInteger(d) || d < 1 || d > 7))) problem(`${p}.days`, '应为 1–7（周一为 1）', 'must be 1–7 (Monday = 1)');
  });
  if (s.dayKind !== undefined && !['any', 'workday', 'holiday'].includes(s.dayKind)) problem(`${path}.dayKind`, '应为 any/workday/holiday', 'must be any, workday or holiday');
}

/** The whole body, or RULE_INVALID (422) naming the first wrong member. */
export function checkRuleBody(b: RuleBody): RuleBody {
  if (!b || typeof b !== 'object') problem('', '应为对象', 'must be an object');
  if (typeof b.key !== 'string' || !/^[a-z][a-z0-9_.]{1,39}$/.test(b.key)) problem('key', '应为小写标识', 'must be a lower-case identifier');
  if (typeof b.name !== 'string' || b.name.trim().length < 1 || b.name.length > 60) problem('name', '应为 1–60 个字符', 'must be 1–60 characters');
  if (!DEVICE_TYPES.includes(b.deviceType)) problem('deviceType', `应为 ${DEVICE_TYPES.join('/')}`, `must be one of ${DEVICE_TYPES.join(', ')}`);
  const sev = Object.keys(b.create ?? {});
  if (sev.length === 0) problem('create', '至少需要一个级别的触发条件', 'needs a condition for at least one severity');
  for (const s of sev) {
    if (!SEVERITIES.includes(s as Severity)) problem(`create.${s}`, '级别无效', 'unknown severity');
    const c = b.create[s as Severity]!;
    checkCondition(c.condition, `create.${s}.condition`);
    if (c.schedule) checkSchedule(c.schedule, `create.${s}.schedule`);
  }
  if (!b.clear || !['auto', 'manual', 'condition'].includes(b.clear.mode)) problem('clear.mode', '应为 auto/manual/condition', 'must be auto, manual or condition');
  if (b.clear.mode === 'condition') checkCondition(b.clear.condition, 'clear.condition');
  if (b.schedule) checkSchedule(b.schedule, 'schedule');
  if (b.suppressWhen !== undefined && b.suppressWhen !== 'night_work_permit') problem('suppressWhen', '应为 night_work_permit', 'must be night_work_permit');
  if (!Array.isArray(b.escalation) || b.escalation.length > 10) problem('escalation', '应为 0–10 级', 'must have 0–10 steps');
  let last = -1;
  b.escalation.forEach((s, i) => {
    if (!finite(s.afterMinutes) || s.afterMinutes < 0 || s.afterMinutes < last) problem(`escalation[${i}].afterMinutes`, '应为不递减的非负分钟数', 'must be non-decreasing minutes ≥ 0');
    if (!['owner', 'street', 'district'].includes(s.notify)) problem(`escalation[${i}].notify`, '应为 owner/street/district', 'must be owner, street or district');
    last = s.afterMinutes;
  });
  if (b.caseAfterMinutes !== null && (!finite(b.caseAfterMinutes) || b.caseAfterMinutes < 0 || b.caseAfterMinutes > 10_080)) problem('caseAfterMinutes', '应为 0–10080 分钟或 null', 'must be 0–10080 minutes or null');
  if (b.caseAfterMinutes !== null && !b.caseClass) problem('caseClass', '转案件需要案件分类', 'a rule that opens cases needs a case class');
  if (b.caseClass && (typeof b.caseClass.categoryCode !== 'string' || !/^[CE]\d{4}$/.test(b.caseClass.categoryCode))) problem('caseClass.categoryCode', '应为小类编码，如 E0301', 'must be a small-class code such as E0301');
  return b;
}

/** The threshold's number for a device (its parameter, else the default, plus the offset). */
export function thresholdOf(t: Threshold, params: Readonly<Record<string, unknown>>): number {
  if (typeof t === 'number') return t;
  const p = params[t.param];
  return (typeof p === 'number' && Number.isFinite(p) ? p : t.default) + (t.plus ?? 0);
}

/**
 * The rule that applies to a device for each key: a device's own override wins over its owner's,
 * which wins over the device type's default.
 */
export function rulesFor(rules: readonly Rule[], device: { id: string; type: string; ownerKind: string; ownerId: string }): Rule[] {
  const byKey = new Map<string, Rule>();
  const rank = (r: Rule) => (r.scope.kind === 'device' ? 3 : r.scope.kind === 'owner' ? 2 : 1);
  for (const r of rules) {
    if (r.body.deviceType !== device.type) continue;
    const applies = r.scope.kind === 'type' ? r.scope.ref === device.type
      : r.scope.kind === 'device' ? r.scope.ref === device.id : r.scope.ref === `${device.ownerKind}:${device.ownerId}`;
    if (!applies) continue;
    const prev = byKey.get(r.key);
    if (!prev || rank(r) > rank(prev)) byKey.set(r.key, r);
  }
  return [...byKey.values()].filter((r) => r.enabled);
}
