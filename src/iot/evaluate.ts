/**
 * The hot path of the rule engine, pure and synchronous: a reading steps each condition's state
 * (sustained since, repeated hits, the Leq window, the last value for rates) and the rule answers
 * raise (with a severity), clear or nothing. Schedules are checked here against the city's night
 * and the working-time calendar handed in. No I/O, no clock: time is the reading's.
 */
import { SHANGHAI_OFFSET_MS, DAY_MS } from '../core/time.js';
import {
  SEVERITIES, minutesOf, thresholdOf, type Condition, type Op, type RuleBody, type Schedule, type Severity,
} from './rules.js';

/** What a condition says about a reading: true, false beyond its hysteresis band, or inside the band. */
export type Tri = 'on' | 'band' | 'off';

/**
 * A condition's state. Kept small — 100 000 devices hold several each: the members a kind needs are
 * made on its first reading (hits for repeated, the Leq window for leq), null until then.
 */
export interface CondState {
  since: number | null;
  hits: number[] | null;
  prevV: number | null;
  prevT: number;
  win: LeqWindow | null;
}
/** A sliding Leq window: times and energies from `head` on, and their sum. */
export interface LeqWindow { t: number[]; e: number[]; head: number; sum: number }
export const newCondState = (): CondState => ({ since: null, hits: null, prevV: null, prevT: 0, win: null });

export interface DeviceFacts {
  baseline: Readonly<Record<string, number>>;
  params: Readonly<Record<string, unknown>>;
}

/** The sound energy of a level, and the energy average (Leq) of levels: 10·lg(mean 10^(L/10)). */
export const energyOf = (level: number): number => 10 ** (level / 10);
export const levelOf = (meanEnergy: number): number => 10 * Math.log10(meanEnergy);
export function leq(levels: readonly number[]): number {
  let s = 0;
  for (const l of levels) s += energyOf(l);
  return levelOf(s / levels.length);
}

function compare(x: number, op: Op, t: number, h: number): Tri {
  switch (op) {
    case '>': return x > t ? 'on' : x > t - h ? 'band' : 'off';
    case '>=': return x >= t ? 'on' : x > t - h ? 'band' : 'off';
    case '<': return x < t ? 'on' : x < t + h ? 'band' : 'off';
    case '<=': return x <= t ? 'on' : x < t + h ? 'band' : 'off';
  }
}

/** A rate of change is measured over at least this long. */
export const RATE_MIN_MS = 20_000;

/** The value a condition compares for this reading, stepping its state; undefined when the reading does not carry it. */
function measure(c: Exclude<Condition, { kind: 'silence' }>, st: CondState, ts: number, v: number, dev: DeviceFacts): number | undefined {
  switch (c.kind) {
    case 'baseline': {
      const b = dev.baseline[c.key];
      return typeof b === 'number' ? Math.abs(v - b) : undefined;
    }
    case 'rate': {
      // Against a reference reading at least RATE_MIN_MS old: a sensor's last digit over a fraction
      // of a second (0.01° in 0.4 s is 1.5°/min) must not read as a sudden change.
      const prev = st.prevV;
      const dt = ts - st.prevT;
      if (prev !== null && dt < RATE_MIN_MS) return undefined;
      st.prevV = v;
      st.prevT = ts;
      if (prev === null) return undefined;
      return (Math.abs(v - prev) / dt) * 60_000;
    }
    case 'leq':
    case 'mean': {
      // Leq averages sound energy; mean (PM10's hourly average) the values themselves.
      const from = ts - c.windowSeconds * 1000;
      const e = c.kind === 'leq' ? energyOf(v) : v;
      const w = (st.win ??= { t: [], e: [], head: 0, sum: 0 });
      w.t.push(ts);
      w.e.push(e);
      w.sum += e;
      while (w.head < w.t.length && w.t[w.head]! <= from) {
        w.sum -= w.e[w.head]!;
        w.head += 1;
      }
      if (w.head > 64 && w.head * 2 > w.t.length) {
        w.t = w.t.slice(w.head);
        w.e = w.e.slice(w.head);
        w.head = 0;
      }
      const n = w.t.length - w.head;
      return c.kind === 'leq' ? levelOf(Math.max(w.sum, 0) / n) : w.sum / n;
    }
    default:
      return v;
  }
}

/** Steps one condition with a reading. Null: the reading says nothing about it (key missing, first rate sample). */
export function stepCondition(c: Condition, st: CondState, ts: number, values: Readonly<Record<string, number>>, dev: DeviceFacts): Tri | null {
  if (c.kind === 'silence') return 'off';
  const v = values[c.key];
  if (v === undefined) return null;
  const x = measure(c, st, ts, v, dev);
  if (x === undefined) return null;
  const tri = compare(x, c.op, thresholdOf(c.value, dev.params), c.hysteresis ?? 0);
  if (c.kind === 'sustained') {
    if (tri !== 'on') {
      st.since = null;
      return tri;
    }
    if (st.since === null) st.since = ts;
    return ts - st.since >= c.forSeconds * 1000 ? 'on' : 'band';
  }
  if (c.kind === 'repeated') {
    const from = ts - c.windowSeconds * 1000;
    const hits = (st.hits ??= []);
    let i = 0;
    while (i < hits.length && hits[i]! <= from) i++;
    if (i) hits.splice(0, i);
    if (tri !== 'on') return tri;
    hits.push(ts);
    if (hits.length > c.times) hits.shift();
    return hits.length >= c.times ? 'on' : 'band';
  }
  return tri;
}

/** What the schedule check needs: the city's night (start minute; 8 hours) and the working-time calendar. */
export interface ScheduleEnv {
  nightStartMinute: number;
  isWorkday(date: string): boolean;
}

const NIGHT_MINUTES = 8 * 60;
const localMinute = (t: number) => Math.floor((((t + SHANGHAI_OFFSET_MS) % DAY_MS) + DAY_MS) % DAY_MS / 60_000);
const localDay = (t: number) => Math.floor((t + SHANGHAI_OFFSET_MS) / DAY_MS);
const dateOfDay = (day: number) => new Date(day * DAY_MS).toISOString().slice(0, 10);
/** 1 = Monday … 7 = Sunday. */
const weekdayOf = (day: number) => ((day + 3) % 7 + 7) % 7 + 1;

function windowBounds(w: Schedule['windows'][number], env: ScheduleEnv): [number, number] {
  if ('preset' in w) {
    const ns = env.nightStartMinute;
    const ne = (ns + NIGHT_MINUTES) % 1440;
    return w.preset === 'night' ? [ns, ne] : [ne, ns];
  }
  return [minutesOf(w.start), minutesOf(w.end)];
}

/** Is the instant inside the schedule? A window belongs to the day it starts on (its weekday and calendar kind). */
export function inSchedule(s: Schedule | undefined, t: number, env: ScheduleEnv): boolean {
  if (!s) return true;
  const m = localMinute(t);
  const day = localDay(t);
  const dayOk = (d: number, days: number[] | undefined) => {
    if (days && !days.includes(weekdayOf(d))) return false;
    if (!s.dayKind || s.dayKind === 'any') return true;
    return env.isWorkday(dateOfDay(d)) === (s.dayKind === 'workday');
  };
  for (const w of s.windows) {
    const [a, b] = windowBounds(w, env);
    if (a === b) {
      if (dayOk(day, w.days)) return true;
    } else if (a < b) {
      if (m >= a && m < b && dayOk(day, w.days)) return true;
    } else if ((m >= a && dayOk(day, w.days)) || (m < b && dayOk(day - 1, w.days))) {
      return true;
    }
  }
  return false;
}

export interface RuleState {
  create: Partial<Record<Severity, CondState>>;
  /** Only for a rule that clears on a condition of its own. */
  clear: CondState | null;
}
/** A silence condition keeps no state (the device's last-seen time is the engine's): one shared, never written. */
const SILENCE_STATE: CondState = Object.freeze(newCondState()) as CondState;
export function newRuleState(body: RuleBody): RuleState {
  const create: Partial<Record<Severity, CondState>> = {};
  for (const s of SEVERITIES) {
    const c = body.create[s];
    if (c) create[s] = c.condition.kind === 'silence' ? SILENCE_STATE : newCondState();
  }
  return { create, clear: body.clear.mode === 'condition' ? newCondState() : null };
}

export type Outcome =
  | { kind: 'none' }
  | { kind: 'raise'; severity: Severity }
  | { kind: 'clear'; reason: 'condition' | 'schedule_ended' | 'silence_ended' };
const NONE: Outcome = { kind: 'none' };

/**
 * One reading through one rule. `active` is the severity of the rule's active alarm on the device,
 * or null. `suppressed`: a night-work permit covers the reading (for rules that honour one).
 */
export function evaluateRule(body: RuleBody, st: RuleState, ts: number, values: Readonly<Record<string, number>>, dev: DeviceFacts, env: ScheduleEnv, active: Severity | null, suppressed = false): Outcome {
  const ruleOn = !suppressed && inSchedule(body.schedule, ts, env);
  let fire: Severity | null = null;
  let allOff = true;
  let said = false;
  let silence = false;
  for (const sev of SEVERITIES) {
    const c = body.create[sev];
    if (!c) continue;
    if (c.condition.kind === 'silence') silence = true;
    const tri = stepCondition(c.condition, st.create[sev]!, ts, values, dev);
    if (tri === null) continue;
    said = true;
    if (tri !== 'off') allOff = false;
    if (tri === 'on' && fire === null && ruleOn && inSchedule(c.schedule, ts, env)) fire = sev;
  }
  if (fire) return { kind: 'raise', severity: fire };
  if (active === null) return NONE;
  if (silence) return body.clear.mode === 'manual' ? NONE : { kind: 'clear', reason: 'silence_ended' };
  switch (body.clear.mode) {
    case 'manual':
      return NONE;
    case 'condition': {
      const tri = stepCondition(body.clear.condition, (st.clear ??= newCondState()), ts, values, dev);
      return tri === 'on' ? { kind: 'clear', reason: 'condition' } : NONE;
    }
    case 'auto':
      if (body.schedule && !ruleOn && !suppressed) return { kind: 'clear', reason: 'schedule_ended' };
      return said && allOff ? { kind: 'clear', reason: 'condition' } : NONE;
  }
}

/** The silence conditions of a rule that a device's last reading at `lastSeen` fails at `now`: the worst severity, or null. */
export function silenceAt(body: RuleBody, lastSeen: number, now: number, env: ScheduleEnv): Severity | null {
  if (!inSchedule(body.schedule, now, env)) return null;
  for (const sev of SEVERITIES) {
    const c = body.create[sev];
    if (c?.condition.kind === 'silence' && now - lastSeen >= c.condition.minutes * 60_000 && inSchedule(c.schedule, now, env)) return sev;
  }
  return null;
}
