/**
 * The hub's hot path, in memory: each device's live state (last seen, last values, each rule's
 * condition state) and the rules that apply to it. A reading is evaluated synchronously; only alarm
 * state changes go to the store (through AlarmWrites); minute aggregates, raw readings and last-seen
 * times are collected here and written in batches by the flusher. The pipeline is bounded: while
 * too much is waiting to be written, `room()` holds the caller (MQTT QoS 1 acks wait).
 */
import type { Device } from './model.js';
import { permitCovers } from './model.js';
import { evaluateRule, newRuleState, silenceAt, type DeviceFacts, type RuleState, type ScheduleEnv } from './evaluate.js';
import { energyOf } from './evaluate.js';
import { rulesFor, type Rule } from './rules.js';
import { TYPHOON_FACTOR, noiseLimits } from './packs.js';
import type { MinuteRow } from './repo.js';

export interface LiveRule { rule: Rule; state: RuleState }
export interface LiveDevice {
  device: Device;
  secretHash: string;
  facts: DeviceFacts;
  rules: LiveRule[];
  lastSeen: number | null;
  lastValues: Record<string, number>;
}

/** What the engine asks the alarm writer to do; the writer's promise is tracked for back-pressure. */
export interface AlarmSink {
  raise(d: Device, r: Rule, severity: import('./rules.js').Severity, ts: number, values: Record<string, number>): Promise<unknown>;
  clear(d: Device, r: Rule, reason: string, ts: number, values: Record<string, number>): Promise<unknown>;
  /** The severity of the active alarm this process knows for (device, rule). */
  active(deviceId: string, ruleId: string): import('./rules.js').Severity | null;
}

export interface EngineLimits {
  /** Alarm writes in flight before `room()` waits. */
  maxInFlight: number;
  /** Raw readings waiting for the flusher before `room()` waits. */
  maxQueued: number;
}

export const TILT_PARAMS = ['tiltWarning', 'tiltCritical'] as const;

export function createEngine(o: { sink: AlarmSink; env: () => ScheduleEnv; limits: EngineLimits; keepRaw: () => boolean; onError(e: unknown): void }) {
  const devices = new Map<string, LiveDevice>();
  let rules: Rule[] = [];
  let typhoon = false;
  let inFlight = 0;
  const waiters: Array<() => void> = [];
  let minutes = new Map<string, MinuteRow>();
  let raw: Array<{ deviceId: string; ts: number; values: Record<string, number> }> = [];
  let seen = new Map<string, number>();
  const stats = { readings: 0, raised: 0, cleared: 0 };

  function factsOf(d: Device): DeviceFacts {
    if (d.type === 'noise') {
      const zone = typeof d.params.zoneClass === 'string' ? d.params.zoneClass : null;
      return { baseline: d.baseline, params: { ...noiseLimits({ ownerKind: d.ownerKind, zoneClass: zone, indoor: d.params.indoor === true }), ...d.params } };
    }
    if (!typhoon || d.type !== 'tilt') return { baseline: d.baseline, params: d.params };
    const params: Record<string, unknown> = { ...d.params };
    params.tiltWarning = (typeof d.params.tiltWarning === 'number' ? d.params.tiltWarning : 2) * TYPHOON_FACTOR;
    params.tiltCritical = (typeof d.params.tiltCritical === 'number' ? d.params.tiltCritical : 5) * TYPHOON_FACTOR;
    return { baseline: d.baseline, params };
  }

  function live(d: Device, secretHash: string, prev?: LiveDevice): LiveDevice {
    const own = rulesFor(rules, d);
    const kept = new Map(prev?.rules.map((r) => [r.rule.id, r]));
    return {
      device: d, secretHash, facts: factsOf(d),
      rules: own.map((rule) => {
        const k = kept.get(rule.id);
        return k && k.rule.version === rule.version ? { rule, state: k.state } : { rule, state: newRuleState(rule.body) };
      }),
      lastSeen: prev?.lastSeen ?? d.lastSeenAt, lastValues: prev?.lastValues ?? {},
    };
  }

  function track(p: Promise<unknown>): void {
    inFlight++;
    p.then(release, (e) => {
      release();
      o.onError(e);
    });
  }
  function release(): void {
    inFlight--;
    wake();
  }
  function wake(): void {
    while (waiters.length && inFlight < o.limits.maxInFlight && raw.length < o.limits.maxQueued) waiters.shift()!();
  }

  function aggregate(deviceId: string, ts: number, values: Record<string, number>): void {
    const minute = ts - (ts % 60_000);
    for (const key in values) {
      const v = values[key]!;
      const k = `${deviceId}\u0000${key}\u0000${minute}`;
      const m = minutes.get(k);
      if (!m) minutes.set(k, { deviceId, key, minute, count: 1, min: v, max: v, sum: v, energy: energyOf(v) });
      else {
        m.count++;
        if (v < m.min) m.min = v;
        if (v > m.max) m.max = v;
        m.sum += v;
        m.energy += energyOf(v);
      }
    }
  }

  return {
    stats,
    devices,
    /** Replaces the rule set; every device's rules are re-chosen (state kept for unchanged rules). */
    setRules(next: Rule[]): void {
      rules = next;
      for (const [id, l] of devices) devices.set(id, live(l.device, l.secretHash, l));
    },
    rules: () => rules,
    setTyphoon(on: boolean): void {
      typhoon = on;
      for (const l of devices.values()) l.facts = factsOf(l.device);
    },
    typhoon: () => typhoon,
    upsertDevice(d: Device, secretHash: string): void {
      devices.set(d.id, live(d, secretHash, devices.get(d.id)));
    },
    get: (id: string) => devices.get(id),
    /**
     * Evaluates a device's readings (already checked) in time order. Synchronous: alarm writes are
     * started and tracked, never awaited here.
     */
    accept(l: LiveDevice, readings: ReadonlyArray<{ ts: number; values: Record<string, number> }>): void {
      const env = o.env();
      const d = l.device;
      for (const r of readings) {
        stats.readings++;
        if (l.lastSeen === null || r.ts >= l.lastSeen) {
          l.lastSeen = r.ts;
          l.lastValues = r.values;
        }
        aggregate(d.id, r.ts, r.values);
        if (o.keepRaw()) raw.push({ deviceId: d.id, ts: r.ts, values: r.values });
        const suppressedNight = permitCovers(d.params, r.ts);
        for (const lr of l.rules) {
          const active = o.sink.active(d.id, lr.rule.id);
          const out = evaluateRule(lr.rule.body, lr.state, r.ts, r.values, l.facts, env, active, suppressedNight && lr.rule.body.suppressWhen === 'night_work_permit');
          if (out.kind === 'raise') {
            if (active === null) stats.raised++;
            track(o.sink.raise(d, lr.rule, out.severity, r.ts, r.values));
          } else if (out.kind === 'clear') {
            stats.cleared++;
            track(o.sink.clear(d, lr.rule, out.reason, r.ts, r.values));
          }
        }
      }
      seen.set(d.id, l.lastSeen ?? 0);
    },
    /** Silence conditions of every device at `now`. */
    checkSilence(now: number): number {
      const env = o.env();
      let n = 0;
      for (const l of devices.values()) {
        if (!l.device.enabled) continue;
        const since = l.lastSeen ?? l.device.createdAt;
        for (const lr of l.rules) {
          const sev = silenceAt(lr.rule.body, since, now, env);
          if (sev && o.sink.active(l.device.id, lr.rule.id) === null) {
            n++;
            track(o.sink.raise(l.device, lr.rule, sev, now, { silentMinutes: Math.floor((now - since) / 60_000) }));
          }
        }
      }
      return n;
    },
    /** Resolves when there is room in the pipeline. */
    room(): Promise<void> | undefined {
      if (inFlight < o.limits.maxInFlight && raw.length < o.limits.maxQueued) return undefined;
      return new Promise((resolve) => waiters.push(resolve));
    },
    inFlight: () => inFlight,
    /** Takes what the flusher must write. */
    drain(): { minutes: MinuteRow[]; raw: typeof raw; seen: Map<string, number> } {
      const out = { minutes: [...minutes.values()], raw, seen };
      minutes = new Map();
      raw = [];
      seen = new Map();
      wake();
      return out;
    },
    queued: () => raw.length,
    /** Bytes-free estimate for the bench: how many devices and rule states are live. */
    size: () => devices.size,
  };
}

export type Engine = ReturnType<typeof createEngine>;
