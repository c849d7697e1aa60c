import { describe, expect, it } from 'vitest';
import {
  evaluateRule, inSchedule, leq, newCondState, newRuleState, silenceAt, stepCondition, type ScheduleEnv,
} from '../../src/iot/evaluate.js';
import { checkRuleBody, rulesFor, type Condition, type Rule, type RuleBody, type Severity } from '../../src/iot/rules.js';
import { DEFAULT_RULES, noiseLimits } from '../../src/iot/packs.js';

const at = (iso: string) => Date.parse(`${iso}+08:00`);
const HOLIDAYS = new Set(['2026-10-01', '2026-10-02']);
const env: ScheduleEnv = { nightStartMinute: 22 * 60, isWorkday: (d) => !HOLIDAYS.has(d) && ![0, 6].includes(new Date(`${d}T00:00:00Z`).getUTCDay()) };
const dev = { baseline: { tilt: 1.0 }, params: {} };
const T0 = at('2026-03-02T10:00:00');

function run(c: Condition, series: Array<[number, number]>, key = 'x') {
  const st = newCondState();
  return series.map(([s, v]) => stepCondition(c, st, T0 + s * 1000, { [key]: v }, dev));
}

describe('condition kinds', () => {
  it('threshold: on above the limit, in the hysteresis band just below, off beyond it', () => {
    expect(run({ kind: 'threshold', key: 'x', op: '>', value: 50, hysteresis: 3 }, [[0, 51], [1, 50], [2, 47.5], [3, 47]])).toEqual(['on', 'band', 'band', 'off']);
    expect(run({ kind: 'threshold', key: 'x', op: '<=', value: 10, hysteresis: 2 }, [[0, 10], [1, 11], [2, 12]])).toEqual(['on', 'band', 'off']);
  });

  it('threshold: says nothing about a reading that does not carry its key', () => {
    const st = newCondState();
    expect(stepCondition({ kind: 'threshold', key: 'x', op: '>', value: 1 }, st, T0, { y: 5 }, dev)).toBeNull();
  });

  it('sustained: fires only after the value stayed over the limit for the whole duration, and restarts after a dip', () => {
    const c: Condition = { kind: 'sustained', key: 'x', op: '>', value: 100, forSeconds: 60 };
    expect(run(c, [[0, 120], [30, 130], [59, 110], [60, 110], [61, 90], [70, 120], [129, 120], [130, 120]]))
      .toEqual(['band', 'band', 'band', 'on', 'off', 'band', 'band', 'on']);
  });

  it('repeated: fires on the N-th hit inside the window; hits older than the window fall out', () => {
    const c: Condition = { kind: 'repeated', key: 'x', op: '>=', value: 1, times: 3, windowSeconds: 60 };
    expect(run(c, [[0, 1], [10, 1], [20, 0], [30, 1]])).toEqual(['band', 'band', 'off', 'on']);
    expect(run(c, [[0, 1], [10, 1], [100, 1], [110, 1]])).toEqual(['band', 'band', 'band', 'band']);
  });

  it('baseline: compares the distance from the install baseline, both ways', () => {
    const c: Condition = { kind: 'baseline', key: 'tilt', op: '>=', value: 2, hysteresis: 0.5 };
    expect(run(c, [[0, 1.5], [1, 3.0], [2, -1.2], [3, 2.7], [4, 2.2]], 'tilt')).toEqual(['off', 'on', 'on', 'band', 'off']);
  });

  it('rate: compares the change per minute between consecutive readings', () => {
    const c: Condition = { kind: 'rate', key: 'x', op: '>', value: 1 };
    // 0.5 per 60 s = 0.5/min; then 2 in 30 s = 4/min.
    expect(run(c, [[0, 0], [60, 0.5], [90, 2.5]])).toEqual([null, 'off', 'on']);
    // Readings closer than 20 s say nothing: the last digit's flicker over 0.4 s is not a 1.5°/min change.
    expect(run(c, [[0, 0.67], [0.4, 0.68], [3, 0.67], [25, 0.68], [50, 3.68]])).toEqual([null, null, null, 'off', 'on']);
  });

  it('leq: an energy average, not an arithmetic mean, over a sliding window', () => {
    expect(leq([60, 60])).toBeCloseTo(60, 10);
    expect(leq([50, 70])).toBeCloseTo(67.03, 2); // the arithmetic mean would be 60
    const c: Condition = { kind: 'leq', key: 'x', op: '>', value: 55, windowSeconds: 60 };
    // 50 and 70 dB: Leq 67 > 55 although the mean is 60; once 70 leaves the window only 50s remain.
    expect(run(c, [[0, 70], [30, 50], [61, 50], [62, 50]])).toEqual(['on', 'on', 'off', 'off']);
  });

  it('mean: an arithmetic average over a sliding window (PM10’s hourly mean), where Leq would follow the peaks', () => {
    const c: Condition = { kind: 'mean', key: 'x', op: '>', value: 200, windowSeconds: 3600 };
    // An hour of 100 µg/m³ with one reading at 400: the mean stays 120; an energy average would be ~395.
    expect(run(c, [[0, 100], [600, 100], [1200, 400], [1800, 100], [2400, 100]])).toEqual(['off', 'off', 'off', 'off', 'off']);
    expect(run(c, [[0, 250], [600, 250], [3000, 190], [3700, 120]])).toEqual(['on', 'on', 'on', 'off']);
    expect(DEFAULT_RULES.find((r) => r.key === 'dust.pm10')!.create.major!.condition.kind).toBe('mean');
  });

  it('silence: the device’s last reading older than N minutes, in schedule', () => {
    const body: RuleBody = { ...DEFAULT_RULES.find((r) => r.key === 'noise.offline')! };
    expect(silenceAt(body, T0, T0 + 29 * 60_000, env)).toBeNull();
    expect(silenceAt(body, T0, T0 + 30 * 60_000, env)).toBe('minor');
  });
});

describe('schedules', () => {
  it('a window across midnight belongs to the day it starts on', () => {
    const s = { windows: [{ start: '22:00', end: '06:00', days: [5] }] }; // Friday nights
    expect(inSchedule(s, at('2026-03-06T23:30:00'), env)).toBe(true); // Friday 23:30
    expect(inSchedule(s, at('2026-03-07T05:59:00'), env)).toBe(true); // Saturday 05:59, Friday's night
    expect(inSchedule(s, at('2026-03-07T06:00:00'), env)).toBe(false);
    expect(inSchedule(s, at('2026-03-07T23:00:00'), env)).toBe(false); // Saturday night is not Friday's
  });

  it('several windows a day', () => {
    const s = { windows: [{ start: '07:00', end: '09:00' }, { start: '17:00', end: '19:30' }] };
    expect([at('2026-03-02T08:00:00'), at('2026-03-02T12:00:00'), at('2026-03-02T19:29:00'), at('2026-03-02T19:30:00')].map((t) => inSchedule(s, t, env)))
      .toEqual([true, false, true, false]);
  });

  it('workday / holiday from the calendar: a holiday weekday is not a workday', () => {
    const workdays = { windows: [{ start: '00:00', end: '00:00' }], dayKind: 'workday' as const };
    const holidays = { ...workdays, dayKind: 'holiday' as const };
    const holiday = at('2026-10-01T10:00:00'); // a Thursday, National Day
    expect(inSchedule(workdays, holiday, env)).toBe(false);
    expect(inSchedule(holidays, holiday, env)).toBe(true);
    expect(inSchedule(workdays, at('2026-10-08T10:00:00'), env)).toBe(true);
  });

  it('the city’s night is 8 hours from its start: moved to 23:00 it ends at 07:00', () => {
    const night = { windows: [{ preset: 'night' as const }] };
    const moved = { ...env, nightStartMinute: 23 * 60 };
    expect(inSchedule(night, at('2026-03-02T22:30:00'), env)).toBe(true);
    expect(inSchedule(night, at('2026-03-02T22:30:00'), moved)).toBe(false);
    expect(inSchedule(night, at('2026-03-03T06:30:00'), moved)).toBe(true);
    expect(inSchedule({ windows: [{ preset: 'day' as const }] }, at('2026-03-03T06:30:00'), moved)).toBe(false);
  });
});

describe('a rule: raise, severity, hysteresis, clear', () => {
  const body: RuleBody = {
    key: 'test.gas', name: '测试', deviceType: 'gas',
    create: {
      critical: { condition: { kind: 'threshold', key: 'lel', op: '>=', value: 50, hysteresis: 5 } },
      major: { condition: { kind: 'threshold', key: 'lel', op: '>=', value: 25, hysteresis: 5 } },
    },
    clear: { mode: 'auto' }, escalation: [], caseAfterMinutes: null, caseClass: null,
  };
  it('raises the worst severity that holds and clears only beyond the band (no flapping around the threshold)', () => {
    const st = newRuleState(body);
    let active = null as Severity | null;
    const out: string[] = [];
    for (const v of [10, 26, 60, 24, 26, 22, 20, 19.9]) {
      const o = evaluateRule(body, st, T0, { lel: v }, dev, env, active);
      out.push(o.kind === 'raise' ? o.severity : o.kind);
      if (o.kind === 'raise') active = o.severity;
      if (o.kind === 'clear') active = null;
    }
    expect(out).toEqual(['none', 'major', 'critical', 'none', 'major', 'none', 'clear', 'none']);
  });

  it('a scheduled rule raises nothing outside its schedule and clears when its schedule ends', () => {
    const night = DEFAULT_RULES.find((r) => r.key === 'noise.night')!;
    const st = newRuleState(night);
    expect(evaluateRule(night, st, at('2026-03-02T15:00:00'), { lmax: 95 }, dev, env, null).kind).toBe('none');
    expect(evaluateRule(night, st, at('2026-03-02T23:00:00'), { lmax: 95 }, dev, env, null)).toEqual({ kind: 'raise', severity: 'critical' });
    expect(evaluateRule(night, st, at('2026-03-03T06:01:00'), { lmax: 95 }, dev, env, 'critical')).toEqual({ kind: 'clear', reason: 'schedule_ended' });
  });

  it('a night-work permit suppresses the night alarm', () => {
    const night = DEFAULT_RULES.find((r) => r.key === 'noise.night')!;
    expect(evaluateRule(night, newRuleState(night), at('2026-03-02T23:00:00'), { lmax: 95 }, dev, env, null, true).kind).toBe('none');
  });

  it('a manual-clear rule never clears by itself', () => {
    const tilt = DEFAULT_RULES.find((r) => r.key === 'tilt.baseline')!;
    const st = newRuleState(tilt);
    expect(evaluateRule(tilt, st, T0, { tilt: 7 }, dev, env, null)).toEqual({ kind: 'raise', severity: 'critical' });
    expect(evaluateRule(tilt, st, T0 + 1000, { tilt: 1 }, dev, env, 'critical').kind).toBe('none');
  });

  it('device parameters move a threshold (a GB 3096 zone’s night limit, the night Lmax at limit + 15)', () => {
    const night = DEFAULT_RULES.find((r) => r.key === 'noise.night')!;
    const quiet = { baseline: {}, params: noiseLimits({ ownerKind: 'school', zoneClass: '1' }) }; // 45 dB at night
    expect(evaluateRule(night, newRuleState(night), at('2026-03-02T23:00:00'), { lmax: 61 }, quiet, env, null)).toEqual({ kind: 'raise', severity: 'critical' });
    expect(evaluateRule(night, newRuleState(night), at('2026-03-02T23:00:00'), { lmax: 61 }, dev, env, null).kind).toBe('none');
    expect(noiseLimits({ ownerKind: 'construction_site', zoneClass: '1' })).toEqual({ dayLimit: 70, nightLimit: 55 });
  });
});

describe('rules as data', () => {
  it('every seeded rule passes the check', () => {
    for (const r of DEFAULT_RULES) expect(() => checkRuleBody(r), r.key).not.toThrow();
  });
  it('refuses a wrong member with RULE_INVALID naming it', () => {
    const bad = { ...DEFAULT_RULES[0]!, create: { major: { condition: { kind: 'leq', key: 'laeq', op: '>', value: 55, windowSeconds: 0 } } } } as RuleBody;
    expect(() => checkRuleBody(bad)).toThrow(expect.objectContaining({ code: 'RULE_INVALID', details: { path: 'create.major.condition.windowSeconds' } }));
    expect(() => checkRuleBody({ ...DEFAULT_RULES[0]!, schedule: { windows: [{ start: '25:00', end: '06:00' }] } })).toThrow(expect.objectContaining({ code: 'RULE_INVALID' }));
  });
  it('an override per device wins over the owner’s, which wins over the type default', () => {
    const base = DEFAULT_RULES.find((r) => r.key === 'gas.lel')!;
    const mk = (id: string, scope: Rule['scope']): Rule => ({ id, key: base.key, scope, version: 1, enabled: true, body: base, updatedAt: 0, updatedBy: 'x' });
    const rules = [mk('t', { kind: 'type', ref: 'gas' }), mk('o', { kind: 'owner', ref: 'tunnel:T1' }), mk('d', { kind: 'device', ref: 'G-2' })];
    expect(rulesFor(rules, { id: 'G-1', type: 'gas', ownerKind: 'gas_user', ownerId: 'U' }).map((r) => r.id)).toEqual(['t']);
    expect(rulesFor(rules, { id: 'G-1', type: 'gas', ownerKind: 'tunnel', ownerId: 'T1' }).map((r) => r.id)).toEqual(['o']);
    expect(rulesFor(rules, { id: 'G-2', type: 'gas', ownerKind: 'tunnel', ownerId: 'T1' }).map((r) => r.id)).toEqual(['d']);
  });
});
