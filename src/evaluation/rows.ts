/**
 * From counters per object to the rows of an evaluation: rates, composite score, grade and rank
 * (ranked within each object type). Plus the in-memory summation of folded events over a period,
 * which is the reference the stored read model is compared with. Pure.
 */
import { shanghaiMidnight } from '../core/time.js';
import type { Flow, OverdueInterval } from './accumulator.js';
import {
  addInto, computeRates, derivedCounts, emptyCounters, round2,
  type Counters, type DerivedCounts, type ObjectType, type Period, type Rates,
} from './model.js';
import { compositeScore, gradeOf, rankScores, schemeOf, type EvaluationConfig, type TermResult } from './scoring.js';

export interface ObjectFigures {
  type: ObjectType;
  id: string;
  /** Display name (Chinese); the id when unknown. */
  name: string;
  /** Number of grids of a region (1 for a grid); used by per-grid bands. */
  grids?: number;
  counters: Counters;
  /** Inspectors: their patrol in the period (scored by the scheme's patrol terms, shown beside them). */
  patrol?: PatrolPostFigures | null;
}

export interface EvaluationRow {
  type: ObjectType;
  id: string;
  name: string;
  counters: Counters;
  derived: DerivedCounts;
  rates: Rates;
  score: number | null;
  terms: TermResult[];
  grade: string | null;
  gradeName: string | null;
  gradeColor: string | null;
  rank: number | null;
  /** Inspectors: the patrol figures of their shifts in the period (src/patrol), when patrol reports them. */
  patrol?: PatrolPostFigures | null;
}

/** An inspector's patrol over a period: what the post evaluation shows beside the case indicators. */
export interface PatrolPostFigures {
  shifts: number;
  distanceM: number;
  dutyMs: number;
  stationaryMs: number;
  /** Mean grid coverage of the shifts with an assignment, percent. */
  coverage: number | null;
  anomalies: number;
}

const roundRates = (r: Rates): Rates =>
  Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v === null ? null : round2(v)])) as Rates;

/** Scores, grades and ranks objects; rows come back ordered by type, then rank (unranked last), then id. */
export function buildRows(objects: readonly ObjectFigures[], config: EvaluationConfig): EvaluationRow[] {
  const rows: EvaluationRow[] = objects.map((o) => {
    const rates = computeRates(o.counters);
    const { score, terms } = compositeScore(config.schemes[schemeOf(o.type)], o.counters, rates, o.grids ?? 1, o.patrol ?? null);
    const grade = gradeOf(score, config.grades);
    return {
      type: o.type, id: o.id, name: o.name, counters: o.counters, derived: derivedCounts(o.counters),
      rates: roundRates(rates), score, terms: terms.map((t) => ({ ...t, value: t.value === null ? null : round2(t.value) })),
      grade: grade?.grade ?? null, gradeName: grade?.zh ?? null, gradeColor: grade?.color ?? null, rank: null,
      ...(o.patrol !== undefined ? { patrol: o.patrol } : {}),
    };
  });
  const byType = new Map<ObjectType, EvaluationRow[]>();
  for (const r of rows) byType.set(r.type, [...(byType.get(r.type) ?? []), r]);
  for (const group of byType.values()) {
    const ranks = rankScores(group.map((r) => r.score));
    group.forEach((r, i) => { r.rank = ranks[i] ?? null; });
  }
  return rows.sort((a, b) =>
    a.type.localeCompare(b.type)
    || (a.rank ?? Number.MAX_SAFE_INTEGER) - (b.rank ?? Number.MAX_SAFE_INTEGER)
    || a.id.localeCompare(b.id));
}

/** First instant after the period (Shanghai midnight after its last day). */
export const periodEnd = (p: Period): number => shanghaiMidnight(p.to) + 86_400_000;

const keyOf = (type: ObjectType, id: string): string => `${type}\u0000${id}`;

/**
 * Sums folded flows of the period's days and the overdue intervals open at its end, per object.
 * This is what the read model computes with SQL; tests compare the two.
 */
export function sumPeriod(flows: Iterable<Flow>, intervals: Iterable<OverdueInterval>, period: Period): Map<string, { type: ObjectType; id: string; counters: Counters }> {
  const out = new Map<string, { type: ObjectType; id: string; counters: Counters }>();
  const get = (type: ObjectType, id: string) => {
    const k = keyOf(type, id);
    let v = out.get(k);
    if (!v) { v = { type, id, counters: emptyCounters() }; out.set(k, v); }
    return v;
  };
  for (const f of flows) {
    if (f.day < period.from || f.day > period.to) continue;
    get(f.type, f.id).counters[f.counter] += 1;
  }
  const end = periodEnd(period);
  for (const iv of intervals) {
    if (!isOpenAt(iv, end)) continue;
    for (const o of iv.objects) get(o.type, o.id).counters[o.counter] += 1;
  }
  return out;
}

/** An interval counts at instant t when it started before t and had not ended by t. */
export const isOpenAt = (iv: { start: number; end: number | null }, t: number): boolean =>
  iv.start < t && (iv.end === null || iv.end >= t);

/** Totals of a set of rows (for a 合计 line). */
export function totalCounters(rows: readonly { counters: Counters }[]): Counters {
  const t = emptyCounters();
  for (const r of rows) addInto(t, r.counters);
  return t;
}
