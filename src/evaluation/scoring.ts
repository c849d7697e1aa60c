/**
 * Composite scores (综合指标值), grades (评价等级) and rankings. Weights, bands and grade limits are
 * data (EvaluationConfig) with defaults from standards.md §5.4, so a city can set its own without
 * a code change. Pure: no I/O.
 *
 * Deliberate departures from S-UNICOM (standards.md §5.4 warns about them):
 *  - the inspector's 漏报率 term is (100 − 漏报率), not 漏报率;
 *  - the operator's 35 % term is 核查按时派发率, not 核实按时派发率 again;
 *  - region weights add up to 1 and only the lower-is-better rates are inverted;
 *  - the inspector's scheme adds patrol terms (巡查: coverage, time on duty, distance, anomalies per
 *    shift; docs/patrol.md) at 25 % of the weight — the standard has no patrol indicator. An inspector
 *    without shifts in the period is scored on the case terms alone (the patrol terms drop out).
 */
import { badRequest } from '../core/errors.js';
import {
  COUNTER_KEYS, RATE_KEYS, derivedCounts, round2,
  type CounterKey, type Counters, type DerivedCounts, type ObjectType, type RateKey, type Rates,
} from './model.js';

/** A score band: every bound given must hold; the first band that matches gives the score. */
export interface Band {
  gte?: number;
  gt?: number;
  lte?: number;
  lt?: number;
  score: number;
}

export type BandValue = CounterKey | keyof DerivedCounts;

/** An inspector's patrol over the period, as the patrol terms read it (src/patrol's post figures). */
export interface PatrolScoreFigures {
  shifts: number;
  distanceM: number;
  dutyMs: number;
  /** Mean grid coverage of the shifts with an assignment, percent. */
  coverage: number | null;
  anomalies: number;
}

export const PATROL_FIGURES = ['coverage', 'dutyHoursPerShift', 'distanceKmPerShift', 'anomaliesPerShift'] as const;
export type PatrolFigure = (typeof PATROL_FIGURES)[number];

/** The figure a patrol term reads; null without shifts (or without an assignment, for coverage). */
export function patrolFigure(p: PatrolScoreFigures | null | undefined, f: PatrolFigure): number | null {
  if (!p || p.shifts <= 0) return null;
  if (f === 'coverage') return p.coverage;
  if (f === 'dutyHoursPerShift') return p.dutyMs / 3_600_000 / p.shifts;
  if (f === 'distanceKmPerShift') return p.distanceM / 1000 / p.shifts;
  return p.anomalies / p.shifts;
}

export type ScoreTerm =
  | { key: string; zh: string; weight: number; kind: 'rate'; rate: RateKey; invert?: boolean }
  | {
      key: string; zh: string; weight: number; kind: 'patrol'; figure: PatrolFigure;
      /** Points by bands of the figure; without bands the figure is the points (coverage, 0–100). */
      bands?: Band[];
      otherwise: number;
    }
  | {
      key: string; zh: string; weight: number; kind: 'bands'; value: BandValue;
      /** Divide the value by the number of grids of the region (regions of different size compare). */
      perGrid?: boolean;
      bands: Band[];
      otherwise: number;
    };

export interface ScoreScheme {
  zh: string;
  terms: ScoreTerm[];
}

export const SCHEME_KEYS = ['region', 'unit', 'inspector', 'operator', 'shift_lead', 'dispatcher'] as const;
export type SchemeKey = (typeof SCHEME_KEYS)[number];

export const schemeOf = (t: ObjectType): SchemeKey =>
  t === 'district' || t === 'street' || t === 'community' || t === 'grid' ? 'region' : t;

export interface GradeBand {
  grade: string;
  /** Lowest score of the grade (inclusive). */
  min: number;
  zh: string;
  color: string;
}

export interface EvaluationConfig {
  schemes: Record<SchemeKey, ScoreScheme>;
  /** Highest grade first; the last one should have min 0. */
  grades: GradeBand[];
}

/** 受理数/派遣数 bands (more work handled = more points): S-UNICOM 受理员. */
const VOLUME_BANDS: Band[] = [
  { gte: 2001, score: 100 }, { gte: 1201, score: 90 }, { gte: 501, score: 75 }, { gte: 301, score: 60 }, { gte: 101, score: 40 },
];
/** 立案数 bands of a unit (fewer problems in its remit = more points): S-UNICOM 专业部门, ×10 to a 0–100 scale. */
const UNIT_CASE_BANDS: Band[] = [
  { lte: 50, score: 100 }, { lte: 100, score: 90 }, { lte: 200, score: 75 }, { lte: 500, score: 60 }, { lte: 1000, score: 40 },
];
/** 立案数 per grid of a region: S-UNICOM 一类区域 (二类: lt 4/6/8/10). */
const REGION_CASE_BANDS: Band[] = [
  { lte: 0, score: 100 }, { lt: 3, score: 90 }, { lt: 5, score: 75 }, { lt: 7, score: 60 }, { lt: 9, score: 40 },
];

export const DEFAULT_EVALUATION_CONFIG: EvaluationConfig = {
  schemes: {
    region: {
      zh: '区域评价',
      terms: [
        { key: 'filedBand', zh: '立案数分值(每网格)', weight: 0.1, kind: 'bands', value: 'filed', perGrid: true, bands: REGION_CASE_BANDS, otherwise: 0 },
        { key: 'publicReport', zh: '监督举报率(反向)', weight: 0.2, kind: 'rate', rate: 'publicReportRate', invert: true },
        { key: 'closure', zh: '结案率', weight: 0.3, kind: 'rate', rate: 'closureRate' },
        { key: 'onTimeClosure', zh: '按期结案率', weight: 0.4, kind: 'rate', rate: 'onTimeClosureRate' },
      ],
    },
    unit: {
      zh: '专业部门评价',
      terms: [
        { key: 'caseBand', zh: '立案数分值', weight: 0.1, kind: 'bands', value: 'needHandle', bands: UNIT_CASE_BANDS, otherwise: 0 },
        { key: 'closure', zh: '结案率', weight: 0.3, kind: 'rate', rate: 'closureRate' },
        { key: 'onTimeHandle', zh: '按期处置率', weight: 0.3, kind: 'rate', rate: 'onTimeHandleRate' },
        { key: 'rework', zh: '返工率(反向)', weight: 0.3, kind: 'rate', rate: 'reworkRate', invert: true },
      ],
    },
    inspector: {
      zh: '监督员岗位评价',
      terms: [
        { key: 'validReport', zh: '有效上报率', weight: 0.3, kind: 'rate', rate: 'validReportRate' },
        { key: 'missed', zh: '漏报率(反向)', weight: 0.15, kind: 'rate', rate: 'missedRate', invert: true },
        { key: 'onTimeCheck', zh: '按时核实率', weight: 0.15, kind: 'rate', rate: 'onTimeCheckRate' },
        { key: 'onTimeVerification', zh: '按时核查率', weight: 0.15, kind: 'rate', rate: 'onTimeVerificationRate' },
        // Patrol (巡查): the case terms keep their proportions (0.4 : 0.2 : 0.2 : 0.2) when an inspector has no shifts.
        { key: 'patrolCoverage', zh: '巡查覆盖率', weight: 0.1, kind: 'patrol', figure: 'coverage', otherwise: 0 },
        {
          key: 'patrolDuty', zh: '在岗时长分值(每班)', weight: 0.05, kind: 'patrol', figure: 'dutyHoursPerShift', otherwise: 40,
          bands: [{ gte: 7.5, score: 100 }, { gte: 6, score: 80 }, { gte: 4, score: 60 }],
        },
        {
          key: 'patrolDistance', zh: '巡查里程分值(每班)', weight: 0.05, kind: 'patrol', figure: 'distanceKmPerShift', otherwise: 40,
          bands: [{ gte: 8, score: 100 }, { gte: 5, score: 80 }, { gte: 2, score: 60 }],
        },
        {
          key: 'patrolAnomalies', zh: '巡查异常分值(每班)', weight: 0.05, kind: 'patrol', figure: 'anomaliesPerShift', otherwise: 20,
          bands: [{ lte: 0, score: 100 }, { lte: 0.5, score: 80 }, { lte: 1, score: 60 }, { lte: 2, score: 40 }],
        },
      ],
    },
    operator: {
      zh: '受理员岗位评价',
      terms: [
        { key: 'intakeBand', zh: '受理数分值', weight: 0.25, kind: 'bands', value: 'intake', bands: VOLUME_BANDS, otherwise: 0 },
        { key: 'checkSend', zh: '核实按时派发率', weight: 0.4, kind: 'rate', rate: 'checkRequestOnTimeRate' },
        { key: 'verificationSend', zh: '核查按时派发率', weight: 0.35, kind: 'rate', rate: 'verificationSendOnTimeRate' },
      ],
    },
    shift_lead: {
      zh: '值班长岗位评价',
      terms: [
        { key: 'onTimeFiling', zh: '按时立案率', weight: 0.25, kind: 'rate', rate: 'onTimeFilingRate' },
        { key: 'accurateFiling', zh: '准确立案率', weight: 0.4, kind: 'rate', rate: 'accurateFilingRate' },
        { key: 'onTimeClose', zh: '按时结案率', weight: 0.35, kind: 'rate', rate: 'onTimeCloseRate' },
      ],
    },
    dispatcher: {
      zh: '派遣员岗位评价',
      terms: [
        { key: 'dispatchBand', zh: '派遣数分值', weight: 0.2, kind: 'bands', value: 'dispatches', bands: VOLUME_BANDS, otherwise: 0 },
        { key: 'onTimeDispatch', zh: '按时派遣率', weight: 0.4, kind: 'rate', rate: 'onTimeDispatchRate' },
        { key: 'accurateDispatch', zh: '准确派遣率', weight: 0.4, kind: 'rate', rate: 'accurateDispatchRate' },
      ],
    },
  },
  grades: [
    { grade: 'A', min: 90, zh: '优秀', color: '#52c41a' },
    { grade: 'B', min: 75, zh: '良好', color: '#1677ff' },
    { grade: 'C', min: 60, zh: '合格', color: '#fadb14' },
    { grade: 'D', min: 40, zh: '较差', color: '#fa8c16' },
    { grade: 'E', min: 0, zh: '差', color: '#f5222d' },
  ],
};

// ---- scoring ----

export function bandScore(value: number, bands: readonly Band[], otherwise: number): number {
  for (const b of bands) {
    if (b.gte !== undefined && !(value >= b.gte)) continue;
    if (b.gt !== undefined && !(value > b.gt)) continue;
    if (b.lte !== undefined && !(value <= b.lte)) continue;
    if (b.lt !== undefined && !(value < b.lt)) continue;
    return b.score;
  }
  return otherwise;
}

export interface TermResult {
  key: string;
  zh: string;
  weight: number;
  /** The term's points on a 0–100 scale; null when its rate has nothing to measure. */
  value: number | null;
}

export interface ScoreResult {
  /** 0–100, two decimals; null when no rate of the scheme has anything to measure (an idle object). */
  score: number | null;
  terms: TermResult[];
}

/**
 * Composite score of one object. A rate with nothing to measure (null) drops out and the weights of
 * the remaining terms are scaled up to 1, so a grid without rework is not marked down for it. When
 * no rate term remains, the object has no score: volume bands alone say nothing about performance.
 */
export function compositeScore(scheme: ScoreScheme, counters: Counters, rates: Rates, grids = 1, patrol: PatrolScoreFigures | null = null): ScoreResult {
  const derived = derivedCounts(counters);
  const terms: TermResult[] = scheme.terms.map((t) => {
    if (t.kind === 'rate') {
      const r = rates[t.rate];
      return { key: t.key, zh: t.zh, weight: t.weight, value: r === null ? null : t.invert ? 100 - r : r };
    }
    if (t.kind === 'patrol') {
      const v = patrolFigure(patrol, t.figure);
      return { key: t.key, zh: t.zh, weight: t.weight, value: v === null ? null : t.bands ? bandScore(v, t.bands, t.otherwise) : Math.max(0, Math.min(100, v)) };
    }
    const raw = (t.value in derived ? derived[t.value as keyof DerivedCounts] : counters[t.value as CounterKey]);
    const v = t.perGrid ? raw / Math.max(1, grids) : raw;
    return { key: t.key, zh: t.zh, weight: t.weight, value: bandScore(v, t.bands, t.otherwise) };
  });
  const anyRate = scheme.terms.some((t, i) => (t.kind === 'rate' || t.kind === 'patrol') && terms[i]!.value !== null);
  if (!anyRate) return { score: null, terms };
  let sum = 0;
  let weight = 0;
  for (const t of terms) {
    if (t.value === null) continue;
    sum += t.value * t.weight;
    weight += t.weight;
  }
  return { score: weight > 0 ? round2(sum / weight) : null, terms };
}

export function gradeOf(score: number | null, grades: readonly GradeBand[]): GradeBand | null {
  if (score === null) return null;
  for (const g of grades) if (score >= g.min) return g;
  return grades[grades.length - 1] ?? null;
}

/**
 * Competition ranking (1, 2, 2, 4): equal scores share a rank; objects without a score get no rank
 * and come last. Returns ranks in the input order.
 */
export function rankScores(scores: readonly (number | null)[]): (number | null)[] {
  const order = scores
    .map((s, i) => ({ s, i }))
    .filter((x): x is { s: number; i: number } => x.s !== null)
    .sort((a, b) => b.s - a.s);
  const ranks: (number | null)[] = scores.map(() => null);
  let prev: number | null = null;
  let prevRank = 0;
  order.forEach((x, pos) => {
    const rank = prev !== null && x.s === prev ? prevRank : pos + 1;
    ranks[x.i] = rank;
    prev = x.s;
    prevRank = rank;
  });
  return ranks;
}

// ---- validation of a city's own config ----

const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const DERIVED_KEYS: readonly string[] = ['needHandle', 'needClose', 'accurateDispatches', 'accurateFilings'];

/** Checks a config given by an administrator; throws EVALUATION_CONFIG_INVALID (400) listing every problem. */
export function checkEvaluationConfig(input: unknown): EvaluationConfig {
  const problems: string[] = [];
  const cfg = input as Partial<EvaluationConfig> | null;
  if (!cfg || typeof cfg !== 'object' || !cfg.schemes || !Array.isArray(cfg.grades)) {
    problems.push('config needs schemes and grades');
  } else {
    for (const key of SCHEME_KEYS) {
      const s = cfg.schemes[key];
      if (!s || !Array.isArray(s.terms) || s.terms.length === 0) { problems.push(`schemes.${key}: terms missing`); continue; }
      let total = 0;
      s.terms.forEach((t, i) => {
        const at = `schemes.${key}.terms[${i}]`;
        if (!isNum(t.weight) || t.weight < 0) problems.push(`${at}.weight must be ≥ 0`);
        else total += t.weight;
        if (t.kind === 'rate') {
          if (!(RATE_KEYS as readonly string[]).includes(t.rate)) problems.push(`${at}.rate unknown: ${String(t.rate)}`);
        } else if (t.kind === 'patrol') {
          if (!(PATROL_FIGURES as readonly string[]).includes(t.figure)) problems.push(`${at}.figure unknown: ${String(t.figure)}`);
          if (t.bands !== undefined && (!Array.isArray(t.bands) || t.bands.some((b) => !isNum(b.score) || b.score < 0 || b.score > 100))) problems.push(`${at}.bands need scores 0–100`);
          if (!isNum(t.otherwise) || t.otherwise < 0 || t.otherwise > 100) problems.push(`${at}.otherwise must be 0–100`);
        } else if (t.kind === 'bands') {
          if (!(COUNTER_KEYS as readonly string[]).includes(t.value) && !DERIVED_KEYS.includes(t.value)) problems.push(`${at}.value unknown: ${String(t.value)}`);
          if (!Array.isArray(t.bands) || t.bands.some((b) => !isNum(b.score) || b.score < 0 || b.score > 100)) problems.push(`${at}.bands need scores 0–100`);
          if (!isNum(t.otherwise) || t.otherwise < 0 || t.otherwise > 100) problems.push(`${at}.otherwise must be 0–100`);
        } else {
          problems.push(`${at}.kind must be rate, bands or patrol`);
        }
      });
      if (Math.abs(total - 1) > 1e-6) problems.push(`schemes.${key}: weights add up to ${round2(total)}, not 1`);
    }
    const mins = cfg.grades.map((g) => g?.min);
    if (cfg.grades.length === 0 || cfg.grades.some((g) => !g || typeof g.grade !== 'string' || !isNum(g.min))) problems.push('grades need grade and min');
    else if (mins.some((m, i) => i > 0 && !((m as number) < (mins[i - 1] as number)))) problems.push('grades must go from the highest min down');
    else if (mins[mins.length - 1] !== 0) problems.push('the lowest grade must start at 0');
  }
  if (problems.length) {
    throw badRequest('EVALUATION_CONFIG_INVALID', `评价配置有误：${problems.join('；')}`, `Evaluation config invalid: ${problems.join('; ')}`, { problems });
  }
  return cfg as EvaluationConfig;
}

