/** The inspector's patrol (巡查) in the post evaluation's score: the scheme's patrol terms, seed weights a city can override. */
import { describe, expect, it } from 'vitest';
import { computeRates, emptyCounters, type Counters } from '../../src/evaluation/model.js';
import { DEFAULT_EVALUATION_CONFIG as CFG, checkEvaluationConfig, compositeScore, patrolFigure, type EvaluationConfig, type PatrolScoreFigures } from '../../src/evaluation/scoring.js';
import { buildRows } from '../../src/evaluation/rows.js';
import { AppError } from '../../src/core/errors.js';

const HOUR = 3_600_000;
const cases = (c: Partial<Counters>): Counters => ({ ...emptyCounters(), ...c });
// Valid reports 80 %, nothing missed, checks and verifications on time: case terms 80·0.4 + 100·0.2·3 → 92.
const diligent = cases({ reports: 10, validReports: 8, invalidReports: 2, checks: 4, checksOnTime: 4, verifications: 2, verificationsOnTime: 2 });
const good = { shifts: 2, distanceM: 20_000, dutyMs: 16 * HOUR, stationaryMs: 0, coverage: 100, anomalies: 0 };
const poor = { shifts: 2, distanceM: 2_000, dutyMs: 4 * HOUR, stationaryMs: HOUR, coverage: 40, anomalies: 6 };
const inspector = (patrol: PatrolScoreFigures | null) => compositeScore(CFG.schemes.inspector, diligent, computeRates(diligent), 1, patrol);

describe('patrol terms of the inspector’s score', () => {
  it('leaves an inspector without shifts scored on the case terms in their old proportions', () => {
    expect(inspector(null).score).toBe(92);
    expect(inspector({ ...good, shifts: 0 }).score).toBe(92);
    expect(inspector(null).terms.filter((t) => t.key.startsWith('patrol')).every((t) => t.value === null)).toBe(true);
  });

  it('weighs coverage, time on duty, distance and anomalies per shift at a quarter of the score', () => {
    const g = inspector(good);
    expect(g.terms.filter((t) => t.key.startsWith('patrol')).map((t) => [t.key, t.weight, t.value])).toEqual([
      ['patrolCoverage', 0.1, 100], ['patrolDuty', 0.05, 100], ['patrolDistance', 0.05, 100], ['patrolAnomalies', 0.05, 100],
    ]);
    // 0.75 × 92 + 0.25 × 100
    expect(g.score).toBe(94);
    const p = inspector(poor);
    // Coverage 40, 2 h a shift → 40, 1 km a shift → 40, 3 anomalies a shift → 20.
    expect(p.terms.filter((t) => t.key.startsWith('patrol')).map((t) => t.value)).toEqual([40, 40, 40, 20]);
    expect(p.score).toBe(0.75 * 92 + 0.1 * 40 + 0.05 * 40 + 0.05 * 40 + 0.05 * 20);
  });

  it('ranks two inspectors with the same cases by their patrol', () => {
    const rows = buildRows([
      { type: 'inspector', id: 'a', name: '甲', counters: diligent, patrol: poor },
      { type: 'inspector', id: 'b', name: '乙', counters: diligent, patrol: good },
    ], CFG);
    expect(rows.map((r) => [r.id, r.rank])).toEqual([['b', 1], ['a', 2]]);
    expect(rows[0]!.patrol).toEqual(good);
  });

  it('reads the figures per shift', () => {
    expect(patrolFigure(good, 'dutyHoursPerShift')).toBe(8);
    expect(patrolFigure(good, 'distanceKmPerShift')).toBe(10);
    expect(patrolFigure(poor, 'anomaliesPerShift')).toBe(3);
    expect(patrolFigure({ ...good, coverage: null }, 'coverage')).toBeNull();
  });

  it('takes a city’s own patrol weights and refuses an unknown figure', () => {
    const own = structuredClone(CFG) as EvaluationConfig;
    own.schemes.inspector.terms = own.schemes.inspector.terms.map((t) => ({ ...t, weight: t.key === 'patrolCoverage' ? 0.25 : t.key.startsWith('patrol') ? 0 : t.weight }));
    const checked = checkEvaluationConfig(own);
    expect(compositeScore(checked.schemes.inspector, diligent, computeRates(diligent), 1, poor).score).toBe(0.75 * 92 + 0.25 * 40);
    const bad = structuredClone(CFG) as EvaluationConfig;
    (bad.schemes.inspector.terms[4] as { figure: string }).figure = 'steps';
    expect(() => checkEvaluationConfig(bad)).toThrow(AppError);
    expect(() => checkEvaluationConfig(bad)).toThrow(/figure unknown: steps/);
  });
});
