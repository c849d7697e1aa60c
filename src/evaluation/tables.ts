/**
 * Tables of the evaluation read model, as Kysely sees them. Everything here is derived from the case
 * event log (case_events) by the accumulator and can be dropped and rebuilt from it.
 */
import type { CounterKey } from './model.js';

/** The fold state of each case, and the seq of the last event folded (catch-up resumes from it). */
export interface EvaluationCaseFoldsTable {
  case_id: string;
  seq: number;
  state: unknown;
  updated_at: number;
}

/** Flow counters per object and Shanghai day: one integer column per counter (snake_case). */
export type EvaluationDailyTable = { object_type: string; object_id: string; day: string } & Record<FlowColumn, number>;

/** Overdue intervals (红灯) per object; `end_at` is OPEN_END while the case is still overdue. */
export interface EvaluationOverdueTable {
  case_id: string;
  start_seq: number;
  object_type: string;
  object_id: string;
  counter: string;
  start_at: number;
  end_at: number;
}

export interface EvaluationTables {
  evaluation_case_folds: EvaluationCaseFoldsTable;
  evaluation_daily: EvaluationDailyTable;
  evaluation_overdue: EvaluationOverdueTable;
}

/** Column name of a counter: `closedOnTime` → `closed_on_time`. */
export const columnOf = (k: CounterKey): string => k.replace(/[A-Z]/g, (m) => `_${m.toLowerCase()}`);

type Snake<S extends string> = S extends `${infer H}${infer T}` ? `${H extends Lowercase<H> ? H : `_${Lowercase<H>}`}${Snake<T>}` : S;
export type FlowColumn = Snake<Exclude<CounterKey, 'overdueOpen' | 'overdueUnhandled'>>;

/** end_at of an interval still open (far future, fits bigint and a JS number exactly). */
export const OPEN_END = 8_640_000_000_000_000;
