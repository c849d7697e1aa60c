/**
 * Group commit for SQLite, on a writer thread. Writes are queued and sent in batches to a worker
 * thread with its own connection, which runs each batch in one transaction (sqlite-batch.mjs) and
 * answers once it is committed; each submitter's promise then settles. Several batches are in
 * flight: while the thread commits one, this thread already runs what the callers of the previous
 * one do next, so the SQL runs on the second core. Batches that queue up at the thread while it is
 * busy are committed together (sqlite-writer-worker.mjs), so commits grow with the load.
 *
 * The writer knows statements, not tables: a job is SQL text and parameters (`WriteJob`); the
 * repositories own the SQL. A lone write while the thread is idle, and every write of an in-memory
 * database (no file to share), run on the main connection instead, with the same transaction rules.
 *
 * Reads stay on the main connection: a write is visible to them once its promise has settled.
 */
import { Worker } from 'node:worker_threads';
import type SqliteDatabase from 'better-sqlite3';
import { createBatchRunner, type BatchJob, type BatchRunner, type BatchStats, type JobOutcome } from './sqlite-batch.mjs';

export type { JobOutcome } from './sqlite-batch.mjs';

export interface WriteJob {
  /** The first run must change exactly one row, else the job is refused with nothing written. */
  guarded: boolean;
  runs: Array<readonly [sql: string, params: unknown[]]>;
}

export interface SqliteWriter {
  /** Queues a job; settles with its outcome once its batch is committed (rejects when the batch could not be). */
  submit(job: WriteJob): Promise<JobOutcome>;
  /** Batches committed and jobs in them since the store was opened. */
  stats(): BatchStats;
  /** Waits for queued writes, then stops the writer. */
  close(): Promise<void>;
}

/** Jobs in one batch while the load is moderate (see send). */
export const MAX_BATCH = 16;
/** Batches sent to the writer thread and not yet answered, at most. */
const MAX_IN_FLIGHT = 8;
/** Jobs in one batch at most, however long the queue. */
const MAX_JOBS = 256;
/** Queued jobs that run on the main connection when the writer thread is idle. */
const INLINE_MAX = 1;

interface Pending {
  job: BatchJob;
  resolve(o: JobOutcome): void;
  reject(e: unknown): void;
}

const WORKER_URL = new URL('./sqlite-writer-worker.mjs', import.meta.url);
const NO_STATS: BatchStats = { commits: 0, writes: 0, retried: 0 };
const sum = (parts: BatchStats[], k: keyof BatchStats): number => parts.reduce((n, p) => n + p[k], 0);

export function createSqliteWriter(native: SqliteDatabase.Database, file: string | null, opts: { onError?: (message: string) => void; synchronous?: 'NORMAL' | 'FULL' } = {}): SqliteWriter {
  const ids = new Map<string, number>();
  /** Every statement text by id (ids start at 1), and how many of them each runner has prepared. */
  const allDefs: Array<[number, string]> = [];
  let workerDefined = 0;
  let inlineDefined = 0;
  const queue: Pending[] = [];
  const inFlight: Pending[][] = [];
  let scheduled = false;
  let closed = false;
  let closing: Promise<void> | null = null;
  let workerStats: BatchStats = NO_STATS;
  /** What threads that have stopped had committed. */
  let retiredStats: BatchStats = NO_STATS;
  let drained: (() => void) | null = null;

  let worker: Worker | null = null;
  let inline: BatchRunner | null = null;

  const encode = (job: WriteJob): BatchJob => {
    const out: unknown[] = [job.guarded ? 1 : 0];
    for (const [sql, params] of job.runs) {
      let id = ids.get(sql);
      if (id === undefined) {
        id = ids.size + 1;
        ids.set(sql, id);
        allDefs.push([id, sql]);
      }
      out.push(id, params);
    }
    return out;
  };

  const settle = (batch: Pending[], outcomes: JobOutcome[]): void => {
    for (let i = 0; i < batch.length; i++) batch[i]!.resolve(outcomes[i]!);
  };
  const fail = (batch: Pending[], e: unknown): void => {
    for (const p of batch) p.reject(e);
  };
  const idle = (): void => {
    if (inFlight.length === 0 && queue.length === 0 && drained) {
      const d = drained;
      drained = null;
      d();
    }
  };

  /**
   * The writer thread failed or stopped: the writes it held fail with the reason (a batch it had not
   * committed is not in the database; one it committed just before stopping is, and its callers find
   * the case moved on), and the next batch starts a new thread.
   */
  const lostWorker = (w: Worker, e: Error): void => {
    if (worker !== w) return;
    worker = null;
    workerDefined = 0;
    retiredStats = { commits: retiredStats.commits + workerStats.commits, writes: retiredStats.writes + workerStats.writes, retried: retiredStats.retried + workerStats.retried };
    workerStats = NO_STATS;
    opts.onError?.(e.message);
    const lost = inFlight.flat();
    inFlight.length = 0;
    fail(lost, e);
    schedule();
    idle();
  };

  const startWorker = (path: string): Worker => {
    const w = new Worker(WORKER_URL, { workerData: { file: path, synchronous: opts.synchronous ?? 'NORMAL' } });
    w.on('message', (m: { t: string; outcomes: JobOutcome[]; stats: BatchStats; error?: string; code?: string }) => {
      if (m.t === 'fatal') {
        lostWorker(w, Object.assign(new Error(`the SQLite writer thread could not start: ${m.error}`), { code: m.code }));
        return;
      }
      if (m.t !== 'done' || inFlight.length === 0) return;
      const done = inFlight.shift()!;
      workerStats = m.stats;
      // Keep the writer busy: what queued meanwhile goes out before the finished batch's callers run.
      if (queue.length) send();
      else if (inFlight.length === 0) w.unref();
      settle(done, m.outcomes);
      idle();
    });
    // An error thrown in the thread may arrive as a plain object (a SqliteError is not cloned as an Error).
    w.on('error', (e: unknown) => {
      const { message, code } = (e ?? {}) as { message?: string; code?: string };
      lostWorker(w, e instanceof Error ? e : Object.assign(new Error(`the SQLite writer thread failed: ${message ?? code ?? String(e)}`), { code }));
    });
    w.on('exit', (code) => lostWorker(w, new Error(`the SQLite writer thread stopped (exit code ${code})`)));
    return w;
  };

  function send(): void {
    scheduled = false;
    if (queue.length === 0) return;
    if (!file || (inFlight.length === 0 && queue.length <= INLINE_MAX && !native.inTransaction)) {
      if (native.inTransaction) {
        // A Kysely transaction is open on this connection (between its awaits): the writes must not
        // join it; wait for it to end. (The writer thread waits for the lock by itself.)
        scheduled = true;
        setTimeout(send, 1);
        return;
      }
      runHere(queue.length > MAX_BATCH ? queue.splice(0, MAX_BATCH) : queue.splice(0));
      return;
    }
    if (inFlight.length >= MAX_IN_FLIGHT) return;
    // Batches of MAX_BATCH while the load is moderate, so that several are in flight and this thread
    // runs what one batch's callers do next while the writer commits another; under a heavier load
    // the queue is shared out over the batches in flight.
    const size = Math.min(queue.length, Math.max(MAX_BATCH, Math.ceil(queue.length / MAX_IN_FLIGHT)), MAX_JOBS);
    const batch = queue.splice(0, size);
    worker ??= startWorker(file);
    inFlight.push(batch);
    worker.ref();
    const defs = allDefs.length > workerDefined ? allDefs.slice(workerDefined) : undefined;
    workerDefined = allDefs.length;
    // As one JSON text: a string crosses to the thread as one copy, not value by value.
    worker.postMessage(JSON.stringify({ t: 'batch', defs, jobs: batch.map((p) => p.job) }));
    if (queue.length) schedule();
  }

  /**
   * A lone write while the writer thread is idle, or every write of an in-memory database: the batch
   * runs on this connection, synchronously, so no other JavaScript sees it half-written; and a lone
   * write does not wait for a hop to the thread and back.
   */
  function runHere(batch: Pending[]): void {
    inline ??= createBatchRunner(native);
    let outcomes: JobOutcome[];
    try {
      if (allDefs.length > inlineDefined) inline.define(allDefs.slice(inlineDefined));
      inlineDefined = allDefs.length;
      outcomes = inline.run(batch.map((p) => p.job));
    } catch (e) {
      fail(batch, e);
      schedule();
      idle();
      return;
    }
    settle(batch, outcomes);
    schedule();
    idle();
  }

  function schedule(): void {
    if (scheduled || queue.length === 0) return;
    scheduled = true;
    setImmediate(send);
  }

  return {
    submit(job) {
      if (closed) return Promise.reject(new Error('The database is closed'));
      return new Promise<JobOutcome>((resolve, reject) => {
        queue.push({ job: encode(job), resolve, reject });
        schedule();
      });
    },
    stats() {
      const parts = [retiredStats, workerStats, inline?.stats() ?? NO_STATS];
      return { commits: sum(parts, 'commits'), writes: sum(parts, 'writes'), retried: sum(parts, 'retried') };
    },
    close() {
      closing ??= (async () => {
        if (inFlight.length || queue.length) await new Promise<void>((r) => { drained = r; });
        closed = true;
        if (!worker) return;
        const w = worker;
        worker = null;
        await new Promise<void>((resolve) => {
          w.once('exit', () => resolve());
          w.ref();
          w.postMessage({ t: 'close' });
        });
      })();
      return closing;
    },
  };
}
