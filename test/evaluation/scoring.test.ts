import { describe, expect, it } from 'vitest';
import { checkPeriod, computeRates, emptyCounters, monthOf, type Counters } from '../../src/evaluation/model.js';
import {
  DEFAULT_EVALUATION_CONFIG as CFG, bandScore, checkEvaluationConfig, compositeScore, gradeOf, rankScores, type EvaluationConfig,
} from '../../src/evaluation/scoring.js';
import { buildRows } from '../../src/evaluation/rows.js';
import { AppError } from '../../src/core/errors.js';

const counters = (c: Partial<Counters>): Counters => ({ ...emptyCounters(), ...c });
const score = (scheme: keyof EvaluationConfig['schemes'], c: Partial<Counters>, grids = 1) =>
  compositeScore(CFG.schemes[scheme], counters(c), computeRates(counters(c)), grids).score;

describe('rates (standards.md §5.3)', () => {
  it.each([
    ['on-time closure rate = closed on time / (closed + overdue open)', { closed: 8, closedOnTime: 6, overdueOpen: 2 }, 'onTimeClosureRate', 60],
    ['closure rate = closed / due to close', { closed: 8, overdueOpen: 2 }, 'closureRate', 80],
    ['rework rate = rework / handled', { handled: 20, rework: 3 }, 'reworkRate', 15],
    ['handling rate = handled / (handled + overdue unhandled)', { handled: 9, overdueUnhandled: 1 }, 'handleRate', 90],
    ['valid report rate counts decided reports only', { reports: 50, validReports: 30, invalidReports: 10 }, 'validReportRate', 75],
    ['accurate dispatch rate = (dispatches − overturned) / dispatches', { dispatches: 40, dispatchesOverturned: 4 }, 'accurateDispatchRate', 90],
    ['public report rate = confirmed public reports / filed', { filed: 10, publicConfirmed: 4 }, 'publicReportRate', 40],
    ['missed rate = missed / (valid + missed)', { validReports: 6, missed: 2 }, 'missedRate', 25],
  ] as const)('%s', (_name, c, rate, expected) => {
    expect(computeRates(counters(c))[rate]).toBeCloseTo(expected, 10);
  });

  it('gives no rate (null, not 0 or 100) when there is nothing to measure', () => {
    const r = computeRates(emptyCounters());
    for (const v of Object.values(r)) expect(v).toBeNull();
  });

  it('never exceeds 100 % even when counters of a period do not line up', () => {
    expect(computeRates(counters({ dispatches: 2, dispatchesOverturned: 5 })).accurateDispatchRate).toBe(0);
    expect(computeRates(counters({ checks: 1, checksOnTime: 3 })).onTimeCheckRate).toBe(100);
  });
});

describe('bands', () => {
  it.each([
    [2500, 100], [2001, 100], [2000, 90], [1201, 90], [501, 75], [301, 60], [101, 40], [100, 0], [0, 0],
  ])('operator intake of %i scores %i (S-UNICOM 受理数分值)', (v, expected) => {
    const t = CFG.schemes.operator.terms.find((x) => x.key === 'intakeBand')!;
    if (t.kind !== 'bands') throw new Error('band term expected');
    expect(bandScore(v, t.bands, t.otherwise)).toBe(expected);
  });

  it.each([[0, 100], [0.5, 90], [2.99, 90], [3, 75], [8.9, 40], [9, 0]])('a region with %f filed cases per grid scores %i on the volume band', (v, expected) => {
    const t = CFG.schemes.region.terms.find((x) => x.key === 'filedBand')!;
    if (t.kind !== 'bands') throw new Error('band term expected');
    expect(bandScore(v, t.bands, t.otherwise)).toBe(expected);
  });
});

describe('composite scores (standards.md §5.4, without S-UNICOM bugs)', () => {
  it('scores a unit as 10 % volume band + 30 % closure + 30 % on-time handling + 30 % (100 − rework)', () => {
    // 40 to handle → band 100; closure 100 %; on-time handling 30/40 = 75 %; rework 4/40 = 10 % → 90
    const s = score('unit', { handled: 40, handledOnTime: 30, rework: 4, closed: 40 });
    expect(s).toBeCloseTo(0.1 * 100 + 0.3 * 100 + 0.3 * 75 + 0.3 * 90, 2);
  });

  it('gives an inspector more points for fewer missed problems (100 − 漏报率, not 漏报率)', () => {
    const few = score('inspector', { validReports: 9, invalidReports: 1, missed: 1, checks: 1, checksOnTime: 1, verifications: 1, verificationsOnTime: 1 });
    const many = score('inspector', { validReports: 9, invalidReports: 1, missed: 9, checks: 1, checksOnTime: 1, verifications: 1, verificationsOnTime: 1 });
    expect(few!).toBeGreaterThan(many!);
  });

  it('uses the verification send rate for the operator’s 35 % term (not the check rate twice)', () => {
    const s = score('operator', { intake: 0, checkRequests: 10, checkRequestsOnTime: 10, verificationSends: 10, verificationSendsOnTime: 0 });
    expect(s).toBeCloseTo(0.25 * 0 + 0.4 * 100 + 0.35 * 0, 2);
  });

  it('drops a rate with nothing to measure and rescales the other weights', () => {
    // shift lead with filings only: on-time filing 100 %, accurate filing 50 %; no closes → weights .25/.4 rescaled
    const s = score('shift_lead', { filed: 10, filedOnTime: 10, filingsReturned: 5 });
    expect(s).toBeCloseTo((0.25 * 100 + 0.4 * 50) / 0.65, 2);
  });

  it('gives an idle object no score rather than a perfect one', () => {
    expect(score('region', {})).toBeNull();
    expect(score('dispatcher', {})).toBeNull();
  });

  it('compares regions of different size by filed cases per grid', () => {
    const c = { filed: 40, closed: 40, closedOnTime: 40 };
    expect(score('region', c, 100)!).toBeGreaterThan(score('region', c, 1)!);
  });
});

describe('grades and ranks', () => {
  it.each([[100, 'A'], [90, 'A'], [89.99, 'B'], [75, 'B'], [74.99, 'C'], [60, 'C'], [40, 'D'], [39.99, 'E'], [0, 'E']])(
    'score %f is grade %s', (s, g) => expect(gradeOf(s, CFG.grades)?.grade).toBe(g));

  it('has no grade without a score', () => expect(gradeOf(null, CFG.grades)).toBeNull());

  it('lets a city set its own grade limits', () => {
    const strict = [{ grade: '优', min: 95, zh: '优', color: 'green' }, { grade: '良', min: 0, zh: '良', color: 'blue' }];
    expect(gradeOf(94, strict)?.grade).toBe('良');
  });

  it.each([
    [[90, 80, 80, 70], [1, 2, 2, 4]],
    [[50, null, 60, 60], [3, null, 1, 1]],
    [[null, null], [null, null]],
    [[70, 70, 70], [1, 1, 1]],
  ] as Array<[(number | null)[], (number | null)[]]>)('ranks %j as %j (ties share a rank, no score no rank)', (scores, ranks) => {
    expect(rankScores(scores)).toEqual(ranks);
  });

  it('ranks rows within their object type', () => {
    const rows = buildRows([
      { type: 'inspector', id: 'a', name: '甲', counters: counters({ validReports: 1, invalidReports: 1 }) },
      { type: 'inspector', id: 'b', name: '乙', counters: counters({ validReports: 2 }) },
      { type: 'dispatcher', id: 'c', name: '丙', counters: counters({ dispatches: 1, dispatchesOnTime: 0 }) },
    ], CFG);
    expect(rows.map((r) => [r.id, r.rank, r.grade])).toEqual([['c', 1, 'D'], ['b', 1, 'A'], ['a', 2, 'C']]);
  });
});

describe('a city’s own evaluation config', () => {
  it('accepts the defaults', () => expect(checkEvaluationConfig(structuredClone(CFG))).toBeTruthy());

  it('refuses weights that do not add up to 1, naming the scheme', () => {
    const bad = structuredClone(CFG);
    bad.schemes.region.terms[0]!.weight = 0.5;
    const err = (() => { try { checkEvaluationConfig(bad); return null; } catch (e) { return e as AppError; } })();
    expect(err).toBeInstanceOf(AppError);
    expect(err!.code).toBe('EVALUATION_CONFIG_INVALID');
    expect(err!.kind).toBe('invalid');
    expect(err!.messageEn).toContain('schemes.region');
  });

  it('refuses unknown rates and grades out of order', () => {
    const bad = structuredClone(CFG) as unknown as { schemes: { unit: { terms: Array<{ rate?: string }> } }; grades: Array<{ min: number }> };
    bad.schemes.unit.terms[1]!.rate = 'happinessRate';
    bad.grades[1]!.min = 95;
    expect(() => checkEvaluationConfig(bad)).toThrow(/happinessRate.*grades must go/s);
  });
});

describe('periods', () => {
  it('accepts a month and knows its days', () => {
    expect(monthOf('2026-02-14')).toEqual({ from: '2026-02-01', to: '2026-02-28' });
    expect(checkPeriod('2026-03-01', '2026-03-31')).toEqual({ from: '2026-03-01', to: '2026-03-31' });
  });

  it.each([
    ['2026-03-31', '2026-03-01'], ['2026-02-30', '2026-03-01'], ['yesterday', '2026-03-01'], [undefined, '2026-03-01'], ['2024-01-01', '2026-01-01'],
  ])('refuses from=%s to=%s with EVALUATION_PERIOD_INVALID', (from, to) => {
    expect(() => checkPeriod(from, to)).toThrow(expect.objectContaining({ code: 'EVALUATION_PERIOD_INVALID', kind: 'invalid' }));
  });
});
