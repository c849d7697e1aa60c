import { describe, expect, it } from 'vitest';
import { lightAt, lightEventsDue, lightForFraction } from '../../src/cases/lights.js';
import { DEFAULT_STAGE_LIMITS, extendClock, NO_CLOCK, pauseClock, resumeClock, stageOf, startClock, usedFraction, type WorkCalendar } from '../../src/cases/stages.js';

describe('traffic lights', () => {
  it.each([
    [0, 'green'], [0.5, 'green'], [0.7999, 'green'], [0.8, 'yellow'], [0.95, 'yellow'], [1, 'yellow'], [1.0001, 'red'], [3, 'red'],
  ] as const)('%s of the limit used is %s', (f, light) => {
    expect(lightForFraction(f)).toBe(light);
  });
  it('reads instants: yellow from the warning time, red only after the deadline', () => {
    expect(lightAt(79, 80, 100)).toBe('green');
    expect(lightAt(80, 80, 100)).toBe('yellow');
    expect(lightAt(100, 80, 100)).toBe('yellow');
    expect(lightAt(101, 80, 100)).toBe('red');
    expect(lightAt(1e15, null, null)).toBe('green');
  });
  it('names the events still owed, each crossing once', () => {
    expect(lightEventsDue('green', 'green')).toEqual([]);
    expect(lightEventsDue('green', 'yellow')).toEqual(['deadline_warning']);
    expect(lightEventsDue('green', 'red')).toEqual(['deadline_warning', 'deadline_overdue']);
    expect(lightEventsDue('yellow', 'red')).toEqual(['deadline_overdue']);
    expect(lightEventsDue('red', 'red')).toEqual([]);
  });
});

// Natural time only: the real working-time calendar is tested by its own suite.
const H = 3600_000;
const natural: WorkCalendar = {
  deadline: (start, amount, unit) => start + amount * (unit.endsWith('days') ? 24 * H : H),
  elapsed: (from, to, unit) => (to - from) / (unit.endsWith('days') ? 24 * H : H),
};

describe('stage clocks', () => {
  const t0 = 1_700_000_000_000;
  it('map each state to its stage', () => {
    expect(stageOf({ status: 'reported', phase: 'new' })).toBe('accept');
    expect(stageOf({ status: 'reported', phase: 'checking' })).toBe('check');
    expect(stageOf({ status: 'reported', phase: 'accepted' })).toBe('file');
    expect(stageOf({ status: 'filed', phase: 'awaiting_dispatch' })).toBe('dispatch');
    expect(stageOf({ status: 'suspended', phase: 'suspended' })).toBe('handle');
    expect(stageOf({ status: 'verifying', phase: 'verification_passed' })).toBe('close');
    expect(stageOf({ status: 'closed', phase: 'done' })).toBeNull();
  });
  it('warn at 80 % and fall due at 100 % of the limit', () => {
    const c = startClock(natural, NO_CLOCK, 'handle', { value: 10, unit: 'hours' }, t0);
    expect(c).toMatchObject({ stage: 'handle', cycle: 1, warnAt: t0 + 8 * H, dueAt: t0 + 10 * H, light: 'green' });
  });
  it('stop while suspended and keep the time that was left', () => {
    let c = startClock(natural, NO_CLOCK, 'handle', { value: 10, unit: 'hours' }, t0);
    c = pauseClock(natural, c, t0 + 4 * H);
    expect(c).toMatchObject({ warnAt: null, dueAt: null, consumed: 4 });
    c = resumeClock(natural, c, t0 + 100 * H);
    expect(c.dueAt).toBe(t0 + 106 * H);
    expect(c.warnAt).toBe(t0 + 104 * H);
    expect(usedFraction(natural, c, t0 + 101 * H)).toBeCloseTo(0.5);
  });
  it('move the deadline by an extension and start a new period', () => {
    let c = startClock(natural, NO_CLOCK, 'handle', { value: 10, unit: 'hours' }, t0);
    c = { ...c, light: 'red' };
    c = extendClock(natural, c, 10, t0 + 11 * H);
    expect(c).toMatchObject({ dueAt: t0 + 20 * H, warnAt: t0 + 16 * H, light: 'green', cycle: 2 });
  });
  it('a stage entered late starts yellow or red at once', () => {
    const c = startClock(natural, NO_CLOCK, 'handle', { value: 0, unit: 'hours' }, t0);
    expect(c.light).toBe('yellow');
  });
  it('have defaults for every stage', () => {
    expect(Object.keys(DEFAULT_STAGE_LIMITS)).toHaveLength(7);
  });
});
