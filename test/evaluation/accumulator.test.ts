import { describe, expect, it } from 'vitest';
import { foldCase, initialFoldState, regionsOf, step, type EvalEvent } from '../../src/evaluation/accumulator.js';
import { emptyCounters, type CounterKey, type Counters, type ObjectType } from '../../src/evaluation/model.js';
import { sumPeriod } from '../../src/evaluation/rows.js';

const GRID = '350203001001001';
const T0 = Date.parse('2026-03-02T09:00:00+08:00');
const H = 3600_000;

/** Builds one case's log: ev('type', hoursAfterT0, actor, role, data). */
function logOf(caseId: string, steps: Array<[string, number, string, string, Record<string, unknown>?]>): EvalEvent[] {
  return steps.map(([type, h, actorId, role, data], i) => ({ caseId, seq: i + 1, type, at: T0 + h * H, actorId, role, data: data ?? {} }));
}

const inspectorHappyPath = (caseId = 'c1') => logOf(caseId, [
  ['reported', 0, 'insp1', 'inspector', { source: 'inspector', gridCode: GRID }],
  ['accepted', 0.2, 'op1', 'operator'],
  ['filed', 0.4, 'lead1', 'shift_lead'],
  ['dispatched', 0.5, 'disp1', 'dispatcher', { unitId: 'u1' }],
  ['handled', 5, 'h1', 'handler'],
  ['verification_sent', 5.5, 'op1', 'operator'],
  ['verification_passed', 6, 'insp1', 'inspector'],
  ['closed', 6.5, 'lead1', 'shift_lead'],
]);

const WEEK = { from: '2026-03-01', to: '2026-03-07' };

function countersOf(events: EvalEvent[], period = WEEK): Map<string, Counters> {
  const { flows, intervals } = foldCase(events);
  const m = sumPeriod(flows, intervals, period);
  return new Map([...m.values()].map((v) => [`${v.type}:${v.id}`, v.counters]));
}
const nonZero = (c: Counters | undefined): Partial<Counters> =>
  Object.fromEntries(Object.entries(c ?? emptyCounters()).filter(([, v]) => v !== 0));
const obj = (type: ObjectType, id: string) => `${type}:${id}`;

describe('the counter accumulator folds a case’s log into counters', () => {
  it('credits an inspector’s report that runs the whole loop on time to every object that took part', () => {
    const c = countersOf(inspectorHappyPath());
    expect(nonZero(c.get(obj('grid', GRID)))).toEqual({
      reports: 1, validReports: 1, filed: 1, dispatches: 1, handled: 1, handledOnTime: 1, closed: 1, closedOnTime: 1,
    });
    expect(nonZero(c.get(obj('district', '350203')))).toEqual(nonZero(c.get(obj('grid', GRID))));
    expect(nonZero(c.get(obj('inspector', 'insp1')))).toEqual({ reports: 1, validReports: 1, verifications: 1, verificationsOnTime: 1 });
    expect(nonZero(c.get(obj('operator', 'op1')))).toEqual({ intake: 1, verificationSends: 1, verificationSendsOnTime: 1 });
    expect(nonZero(c.get(obj('shift_lead', 'lead1')))).toEqual({ filed: 1, filedOnTime: 1, closes: 1, closesOnTime: 1 });
    expect(nonZero(c.get(obj('dispatcher', 'disp1')))).toEqual({ dispatches: 1, dispatchesOnTime: 1 });
    expect(nonZero(c.get(obj('unit', 'u1')))).toEqual({ assigned: 1, handled: 1, handledOnTime: 1, closed: 1, closedOnTime: 1 });
    expect(c.has(obj('inspector', 'h1'))).toBe(false);
  });

  it('derives community, street and district from the grid code', () => {
    expect(regionsOf(GRID).map((r) => `${r.type}:${r.id}`)).toEqual([
      `grid:${GRID}`, 'community:350203001001', 'street:350203001', 'district:350203',
    ]);
  });

  it('marks handling late when the handling clock went red, and the case closed late', () => {
    const log = inspectorHappyPath();
    log.splice(4, 0, { caseId: 'c1', seq: 0, type: 'deadline_overdue', at: T0 + 4 * H, actorId: 'system', role: 'system', data: { stage: 'handle' } });
    log.forEach((e, i) => { e.seq = i + 1; });
    const c = countersOf(log);
    expect(nonZero(c.get(obj('unit', 'u1')))).toEqual({ assigned: 1, handled: 1, handledLate: 1, closed: 1 });
    // The lead closed promptly: the close stage itself was on time.
    expect(nonZero(c.get(obj('shift_lead', 'lead1')))).toEqual({ filed: 1, filedOnTime: 1, closes: 1, closesOnTime: 1 });
  });

  it('trusts the stage outcome the event records even when the sweeper never raised the red light', () => {
    const log = inspectorHappyPath();
    log[4]!.data = { endedStage: { stage: 'handle', cycle: 4, dueAt: T0 + 4 * H, onTime: false } };
    const c = countersOf(log);
    expect(nonZero(c.get(obj('unit', 'u1')))).toEqual({ assigned: 1, handled: 1, handledLate: 1, closed: 1 });
    expect(c.get(obj('grid', GRID))!.closedOnTime).toBe(0);
  });

  it('counts a case red at the end of the period as overdue open (and unhandled for its unit), not after it is handled', () => {
    const log = logOf('c2', [
      ['reported', 0, 'insp1', 'inspector', { source: 'inspector', gridCode: GRID }],
      ['accepted', 0.1, 'op1', 'operator'],
      ['filed', 0.2, 'lead1', 'shift_lead'],
      ['dispatched', 0.3, 'system', 'system', { unitId: 'u1' }],
      ['deadline_overdue', 30, 'system', 'system', { stage: 'handle' }], // 2026-03-03 15:00
      ['handled', 24 * 6, 'h1', 'handler'], // 2026-03-08: the week after
    ]);
    const inWeek = countersOf(log);
    expect(inWeek.get(obj('grid', GRID))!.overdueOpen).toBe(1);
    expect(inWeek.get(obj('unit', 'u1'))!.overdueUnhandled).toBe(1);
    expect(inWeek.get(obj('unit', 'u1'))!.handled).toBe(0);
    // An auto-dispatch credits no dispatcher.
    expect([...inWeek.keys()].some((k) => k.startsWith('dispatcher:'))).toBe(false);
    const nextWeek = countersOf(log, { from: '2026-03-08', to: '2026-03-14' });
    expect(nonZero(nextWeek.get(obj('unit', 'u1')))).toEqual({ handled: 1, handledLate: 1 });
  });

  it('counts a public report confirmed on site against the inspector who checked it (漏报)', () => {
    const c = countersOf(logOf('c3', [
      ['reported', 0, 'sys-12345', 'system', { source: 'hotline', gridCode: GRID }],
      ['check_requested', 0.1, 'op1', 'operator'],
      ['checked', 1, 'insp2', 'inspector', { confirmed: true }],
      ['accepted', 1.1, 'op1', 'operator'],
      ['filed', 1.2, 'lead1', 'shift_lead'],
    ]));
    expect(nonZero(c.get(obj('grid', GRID)))).toEqual({ reports: 1, publicReports: 1, publicConfirmed: 1, validReports: 1, filed: 1 });
    expect(nonZero(c.get(obj('inspector', 'insp2')))).toEqual({ checks: 1, checksOnTime: 1, missed: 1 });
    expect(nonZero(c.get(obj('operator', 'op1')))).toEqual({ checkRequests: 1, checkRequestsOnTime: 1, intake: 1 });
  });

  it('holds a return against the unit, the dispatcher who sent it there and the lead who filed it', () => {
    const c = countersOf(logOf('c4', [
      ['reported', 0, 'insp1', 'inspector', { source: 'inspector', gridCode: GRID }],
      ['accepted', 0.1, 'op1', 'operator'],
      ['filed', 0.2, 'lead1', 'shift_lead'],
      ['dispatched', 0.3, 'disp1', 'dispatcher', { unitId: 'u1' }],
      ['return_requested', 1, 'h1', 'handler'],
      ['return_approved', 1.5, 'disp1', 'dispatcher'],
      ['dispatched', 1.6, 'disp2', 'dispatcher', { unitId: 'u2' }],
      ['extension_granted', 2, 'disp2', 'dispatcher'],
      ['handled', 3, 'h2', 'handler'],
      ['verification_sent', 3.1, 'op1', 'operator'],
      ['verification_failed', 4, 'insp1', 'inspector'],
      ['handled', 5, 'h2', 'handler'],
      ['verification_sent', 5.1, 'op1', 'operator'],
      ['verification_passed', 6, 'insp1', 'inspector'],
      ['closed', 6.1, 'lead1', 'shift_lead'],
    ]));
    expect(nonZero(c.get(obj('unit', 'u1')))).toEqual({ assigned: 1, returned: 1 });
    expect(nonZero(c.get(obj('unit', 'u2')))).toEqual({ assigned: 1, extensions: 1, handled: 2, handledOnTime: 2, rework: 1, closed: 1, closedOnTime: 1 });
    expect(nonZero(c.get(obj('dispatcher', 'disp1')))).toEqual({ dispatches: 1, dispatchesOnTime: 1, dispatchesOverturned: 1 });
    expect(nonZero(c.get(obj('dispatcher', 'disp2')))).toEqual({ dispatches: 1, dispatchesOnTime: 1 });
    expect(c.get(obj('shift_lead', 'lead1'))!.filingsReturned).toBe(1);
    expect(nonZero(c.get(obj('inspector', 'insp1')))).toEqual({ reports: 1, validReports: 1, verifications: 2, verificationsOnTime: 2 });
  });

  it('counts rejected, voided and merged reports as invalid for the reporting inspector', () => {
    const rejected = logOf('c5', [['reported', 0, 'insp1', 'inspector', { source: 'inspector', gridCode: GRID }], ['rejected', 1, 'op1', 'operator']]);
    const voided = logOf('c6', [['reported', 0, 'insp1', 'inspector', { source: 'inspector', gridCode: GRID }], ['accepted', 1, 'op1', 'operator'], ['voided', 2, 'lead1', 'shift_lead']]);
    const merged = logOf('c7', [['reported', 0, 'insp1', 'inspector', { source: 'inspector', gridCode: GRID }], ['merged', 1, 'op1', 'operator']]);
    for (const log of [rejected, voided, merged]) {
      expect(countersOf(log).get(obj('inspector', 'insp1'))).toMatchObject({ reports: 1, invalidReports: 1, validReports: 0 });
    }
  });

  it('counts a self-handled case as a valid report closed on time', () => {
    const c = countersOf(logOf('c8', [
      ['reported', 0, 'insp1', 'inspector', { source: 'inspector', gridCode: GRID }],
      ['self_handled', 0.2, 'insp1', 'inspector'],
      ['closed', 1, 'lead1', 'shift_lead'],
    ]));
    expect(nonZero(c.get(obj('inspector', 'insp1')))).toEqual({ reports: 1, selfHandled: 1, validReports: 1 });
    expect(nonZero(c.get(obj('grid', GRID)))).toEqual({ reports: 1, selfHandled: 1, validReports: 1, closed: 1, closedOnTime: 1 });
  });

  it('ignores events it has already folded, so a catch-up may see an event twice', () => {
    const log = inspectorHappyPath();
    let s = initialFoldState();
    const seen: Array<{ counter: CounterKey }> = [];
    for (const e of [...log.slice(0, 5), ...log.slice(3)]) {
      const r = step(s, e);
      s = r.state;
      seen.push(...r.result.flows);
    }
    expect(seen.length).toBe(foldCase(log).flows.length);
  });

  it('leaves no overdue interval open once the case is closed', () => {
    const log = logOf('c9', [
      ['reported', 0, 'insp1', 'inspector', { source: 'inspector', gridCode: GRID }],
      ['deadline_overdue', 2, 'system', 'system', { stage: 'accept' }],
      ['rejected', 3, 'op1', 'operator'],
    ]);
    const { intervals, state } = foldCase(log);
    expect(intervals).toHaveLength(1);
    expect(intervals[0]!.end).toBe(T0 + 3 * H);
    expect(state.ended).toBe(true);
    expect(countersOf(log).get(obj('grid', GRID))!.overdueOpen).toBe(0);
  });
});
