import type SqliteDatabase from 'better-sqlite3';

/** A job: `[guarded, statementId, params, statementId, params, …]` (see sqlite-batch.mjs). */
export type BatchJob = unknown[];
export type JobFailure = { unique: string; code?: string } | { error: string; code?: string };
/** 1: written; 0: refused by its guard, nothing written; otherwise why it failed (nothing of it written). */
export type JobOutcome = 1 | 0 | JobFailure;
export interface BatchStats {
  commits: number;
  writes: number;
  retried: number;
}

export const OK: 1;
export const REFUSED: 0;
export function failure(e: unknown): JobFailure;

export interface BatchRunner {
  define(defs: ReadonlyArray<readonly [id: number, sql: string]>): void;
  run(jobs: readonly BatchJob[]): JobOutcome[];
  stats(): BatchStats;
}

export function createBatchRunner(db: SqliteDatabase.Database, opts?: { lockWaitMs?: number }): BatchRunner;
