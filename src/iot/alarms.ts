/**
 * Alarm writes on the kit's store: raise (exactly one active alarm per device and rule — the partial
 * unique index refuses a second, whichever process writes it, and the loser adds a repeat to the
 * winner), repeats (counted in memory and appended as one event a few seconds later), severity
 * raises, clears, and people's actions through the declared workflow. Every step is a hash-chained
 * event; `afterCommit` publishes `alarm.<type>` on the bus.
 */
import type { Logger } from '../core/logger.js';
import type { EventBus } from '../bus/bus.js';
import type { Db } from '../store/db.js';
import { isAppError } from '../core/errors.js';
import { publishTo } from '../workflow/publish.js';
import { createRecordStore, type Decision, type RecordStore } from '../workflow/store.js';
import { createWorkflow, type Actor } from '../workflow/workflow.js';
import { ALARM_ACTIONS, ALARM_STREAM, SYSTEM, nextStepAt, stateOf, systemDraft, type Alarm, type AlarmEvent } from './alarm-stream.js';
import type { Device } from './model.js';
import { rankOf, SEVERITY_NAMES, type Rule, type Severity } from './rules.js';
import * as repo from './repo.js';

export interface AlarmWrites {
  store: RecordStore<Alarm, AlarmEvent>;
  /** The rule's answer "raise" for a reading: a new alarm, a repeat or a higher severity. Null when the device's budget is spent. */
  raise(device: Device, rule: Rule, severity: Severity, ts: number, values: Record<string, number>): Promise<Alarm | null>;
  clear(device: Device, rule: Rule, reason: string, ts: number, values: Record<string, number>): Promise<Alarm | null>;
  /** Appends the repeats counted since the last flush (one event per alarm). */
  flushRepeats(): Promise<number>;
  act(actor: Actor, id: string, action: string, body: unknown, expectedVersion: number): Promise<Alarm>;
  /** The active alarm this process knows for (device, rule). */
  known(deviceId: string, ruleId: string): Alarm | undefined;
  /** Loads the active alarms into memory (at start). */
  load(): Promise<void>;
  /** Alarms suppressed by the per-device budget since start. */
  suppressed(): number;
}

const NOTHING = Symbol('nothing to write');
const GONE = Symbol('alarm no longer active');

export function createAlarmWrites(deps: { db: Db; bus: EventBus; logger: Logger; now(): number; ids(): string; budgetPerHour(): number }): AlarmWrites {
  const store = createRecordStore(deps.db, ALARM_STREAM, { afterCommit: publishTo(deps.bus, 'alarm') });
  const workflow = createWorkflow({ store, actions: ALARM_ACTIONS, withState: (a, s) => ({ ...a, state: s as Alarm['state'] }), now: deps.now });
  const open = new Map<string, Alarm>();
  const pending = new Map<string, { n: number; lastAt: number; values: Record<string, number> }>();
  const chains = new Map<string, Promise<unknown>>();
  const raises = new Map<string, number[]>();
  let suppressed = 0;
  const keyOf = (deviceId: string, ruleId: string) => `${deviceId}\u0000${ruleId}`;

  /** One write at a time per (device, rule) in this process: the store's index covers the others. */
  function serial<T>(key: string, run: () => Promise<T>): Promise<T> {
    const prev = chains.get(key) ?? Promise.resolve();
    const next = prev.then(run, run);
    const tail = next.catch(() => undefined);
    chains.set(key, tail);
    void tail.then(() => { if (chains.get(key) === tail) chains.delete(key); });
    return next;
  }

  function remember(a: Alarm): Alarm {
    const k = keyOf(a.deviceId, a.ruleId);
    if (a.active) open.set(k, a);
    else if (open.get(k)?.id === a.id) open.delete(k);
    return a;
  }

  function overBudget(deviceId: string, now: number): boolean {
    const list = (raises.get(deviceId) ?? []).filter((t) => t > now - 3_600_000);
    raises.set(deviceId, list);
    if (list.length >= deps.budgetPerHour()) return true;
    list.push(now);
    return false;
  }

  function fresh(device: Device, rule: Rule, severity: Severity, ts: number, values: Record<string, number>, now: number): Decision<Alarm> {
    const ladder = rule.body.escalation;
    const base: Alarm = {
      id: deps.ids(), version: 0, lastHash: '', state: 'active_unack', deviceId: device.id, deviceType: device.type, ruleId: rule.id, ruleKey: rule.key,
      ruleVersion: rule.version, title: `${device.name}：${rule.body.name}`, severity, active: true, count: 1, firstAt: now, lastAt: ts, clearedAt: null,
      ackedAt: null, assigneeId: null, caseId: null,
      escalation: { step: 0, caseAt: rule.body.caseAfterMinutes === null ? null : now + rule.body.caseAfterMinutes * 60_000 }, nextStepAt: null,
      ownerKind: device.ownerKind, ownerId: device.ownerId, districtCode: device.districtCode, streetCode: device.streetCode, lastValues: values, updatedAt: now,
    };
    const drafts = [systemDraft('raised', now, { deviceId: device.id, ruleId: rule.id, ruleKey: rule.key, ruleVersion: rule.version, severity, ts, values })];
    // The ladder's steps due at once (the owner, told at raise) go in the same write.
    let step = 0;
    while (step < ladder.length && ladder[step]!.afterMinutes === 0) {
      drafts.push(systemDraft('escalated', now, noticeOf(device, rule, ladder[step]!.notify, severity, values)));
      step++;
    }
    const next = { ...base, escalation: { ...base.escalation, step } };
    return { next: { ...next, nextStepAt: nextStepAt(next, ladder) }, drafts };
  }

  /** Appends through the guarded append; when another process moved the alarm first, reads it and decides again. */
  async function guarded(a: Alarm, decide: (r: Alarm) => Decision<Alarm>): Promise<Alarm> {
    let version = a.version;
    for (let attempt = 0; ; attempt++) {
      try {
        return await store.update(a.id, version, decide);
      } catch (e) {
        if (attempt >= 8 || !isAppError(e) || e.code !== 'ALARM_VERSION_CONFLICT') throw e;
        const fresh = await store.load(a.id);
        if (!fresh) throw e;
        version = fresh.version;
      }
    }
  }

  async function appendRepeat(a: Alarm, severity: Severity, n: number, ts: number, values: Record<string, number>): Promise<Alarm> {
    return guarded(a, (r) => {
      if (!r.active) throw GONE;
      const now = deps.now();
      const higher = rankOf(severity) > rankOf(r.severity);
      const next = { ...r, count: r.count + n, lastAt: Math.max(r.lastAt, ts), lastValues: values, severity: higher ? severity : r.severity, updatedAt: now };
      const drafts = [higher
        ? systemDraft('severity_raised', now, { from: r.severity, to: severity, count: next.count, ts, values })
        : systemDraft('repeated', now, { added: n, count: next.count, ts, values })];
      return { next, drafts };
    });
  }

  /** A repeat: counted now, written with the next flush (one event for many readings). */
  function pend(known: Alarm, ts: number, values: Record<string, number>): Alarm {
    const p = pending.get(known.id) ?? { n: 0, lastAt: ts, values };
    p.n += 1;
    p.lastAt = Math.max(p.lastAt, ts);
    p.values = values;
    pending.set(known.id, p);
    return known;
  }

  async function raise(device: Device, rule: Rule, severity: Severity, ts: number, values: Record<string, number>): Promise<Alarm | null> {
    const k = keyOf(device.id, rule.id);
    const known = open.get(k);
    if (known && rankOf(severity) <= rankOf(known.severity)) return pend(known, ts, values);
    return serial(k, async () => {
      for (let attempt = 0; attempt < 4; attempt++) {
        const cur = open.get(k) ?? (await repo.activeAlarm(deps.db.kysely, device.id, rule.id));
        if (cur && rankOf(severity) <= rankOf(cur.severity)) return pend(remember(cur), ts, values);
        if (cur) {
          try {
            return remember(await appendRepeat(cur, severity, 1, ts, values));
          } catch (e) {
            if (e !== GONE) throw e;
            open.delete(k);
            continue;
          }
        }
        const now = deps.now();
        if (overBudget(device.id, now)) {
          suppressed += 1;
          if (suppressed === 1 || suppressed % 100 === 0) deps.logger.warn({ deviceId: device.id, suppressed }, 'IoT alarm budget spent: alarm not raised');
          return null;
        }
        const created = await store.create(null, () => fresh(device, rule, severity, ts, values, now));
        if (created) return remember(created);
        // Another process (or thread) holds the active alarm: the loop adds this raise to it as a repeat.
        open.delete(k);
      }
      throw new Error(`alarm for ${device.id}/${rule.id}: no active alarm after a refused insert`);
    });
  }

  async function clear(device: Device, rule: Rule, reason: string, ts: number, values: Record<string, number>): Promise<Alarm | null> {
    const k = keyOf(device.id, rule.id);
    return serial(k, async () => {
      await flushOne(k);
      const cur = open.get(k) ?? (await repo.activeAlarm(deps.db.kysely, device.id, rule.id));
      if (!cur) return null;
      try {
        return remember(await guarded(cur, (r) => {
          if (!r.active) throw GONE;
          const now = deps.now();
          const next = { ...r, active: false, clearedAt: now, state: stateOf(false, r.ackedAt !== null), nextStepAt: null, lastValues: values, updatedAt: now };
          return { next, drafts: [systemDraft('cleared', now, { reason, ts, values })] };
        }));
      } catch (e) {
        if (e !== GONE) throw e;
        open.delete(k);
        return null;
      }
    });
  }

  async function flushOne(k: string): Promise<void> {
    const a = open.get(k);
    const p = a && pending.get(a.id);
    if (!a || !p) return;
    pending.delete(a.id);
    try {
      remember(await appendRepeat(a, a.severity, p.n, p.lastAt, p.values));
    } catch (e) {
      if (e !== GONE) throw e;
      open.delete(k);
    }
  }

  return {
    store,
    raise,
    clear,
    async flushRepeats() {
      const keys: string[] = [];
      for (const [k, a] of open) if (pending.has(a.id)) keys.push(k);
      let n = 0;
      await Promise.all(keys.map((k) => serial(k, async () => {
        try {
          await flushOne(k);
          n++;
        } catch (e) {
          deps.logger.warn({ err: e, key: k }, 'alarm repeat not written');
        }
      })));
      return n;
    },
    async act(actor, id, action, body, expectedVersion) {
      const a = await workflow.act(actor, id, action, body, expectedVersion);
      const ladderStopped = a.active && (a.ackedAt !== null) && a.nextStepAt !== null;
      remember(a);
      if (ladderStopped) {
        // Acknowledged: the notices stop; the case stays due. Recomputed as one more system step.
        const fixed = await recompute(a);
        if (fixed) remember(fixed);
        return fixed ?? a;
      }
      return a;
    },
    known: (deviceId, ruleId) => open.get(keyOf(deviceId, ruleId)),
    async load() {
      open.clear();
      for (const a of await repo.activeAlarms(deps.db.kysely)) open.set(keyOf(a.deviceId, a.ruleId), a);
      for (const [d, list] of await repo.recentRaises(deps.db.kysely, deps.now() - 3_600_000)) raises.set(d, list);
    },
    suppressed: () => suppressed,
  };

  async function recompute(a: Alarm): Promise<Alarm | null> {
    const want = a.caseId === null && a.active ? a.escalation.caseAt : null;
    if (a.nextStepAt === want) return null;
    try {
      return await store.update(a.id, a.version, (r) => {
        const w = r.caseId === null && r.active ? r.escalation.caseAt : null;
        if (r.nextStepAt === w) throw NOTHING;
        return { next: { ...r, nextStepAt: w }, drafts: [systemDraft('escalation_stopped', deps.now(), { reason: 'acknowledged', caseAt: w })] };
      });
    } catch (e) {
      if (e === NOTHING || (isAppError(e) && e.kind === 'conflict')) return null;
      throw e;
    }
  }
}

/** What an escalation step says and to whom (the SMS subscriber sends it). */
export function noticeOf(device: Device, rule: Rule, notify: 'owner' | 'street' | 'district', severity: Severity, values: Record<string, number>): Record<string, unknown> {
  const shown = Object.entries(values).slice(0, 3).map(([k, v]) => `${k}=${Math.round(v * 10) / 10}`).join(' ');
  const who = notify === 'owner' ? `${device.ownerName}（${device.contactName}）` : notify === 'street' ? '街道' : '区';
  const text = notify === 'owner'
    ? `【城市运管服】${device.ownerName}：您的${device.name}（${device.id}）触发“${rule.body.name}”（${SEVERITY_NAMES[severity]}，${shown}），请立即自行整改。逾期未改将转执法处理。`
    : `【城市运管服】${device.ownerName}·${device.name}：“${rule.body.name}”告警（${SEVERITY_NAMES[severity]}，${shown}）仍未处理，请督促整改。`;
  return {
    notify, to: who, phone: notify === 'owner' ? device.contactPhone : null, text,
    districtCode: device.districtCode, streetCode: device.streetCode, deviceId: device.id, ruleKey: rule.key,
  };
}

export { SYSTEM };
