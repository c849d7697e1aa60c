/**
 * Runs batches of write jobs on one better-sqlite3 connection, each batch in one transaction (group
 * commit). Plain JavaScript so that a worker thread can load it without a TypeScript loader; typed by
 * sqlite-batch.d.mts. It knows no table: a job is a list of statement runs, by statement id.
 *
 * A job is `[guarded, id, params, id, params, …]`. When `guarded` is 1 its first statement must
 * change exactly one row (a version-guarded UPDATE); when it changes none the job is refused and
 * nothing of it is written — the guard runs first, so a refusal needs no undo.
 *
 * A batch first runs optimistically, every job straight in the transaction. Should any job fail
 * after writing part of its rows (a unique index, a constraint), the whole batch is rolled back and
 * run again carefully, each job inside its own SAVEPOINT, so the failing job rolls back only itself.
 * Savepoints are not the default because each costs a statement journal: about a quarter of the SQL
 * time of a write.
 */

export const OK = 1;
export const REFUSED = 0;

/** The outcome of a failed job or batch, as plain data (it crosses a thread). */
export function failure(e) {
  const code = e && typeof e.code === 'string' ? e.code : undefined;
  const message = String((e && e.message) || e);
  if (code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY') return { unique: message, code };
  return { error: message, code };
}

export function createBatchRunner(db, opts = {}) {
  const statements = new Map();
  const begin = db.prepare('BEGIN IMMEDIATE');
  const commit = db.prepare('COMMIT');
  const rollback = db.prepare('ROLLBACK');
  const savepoint = db.prepare('SAVEPOINT job');
  const release = db.prepare('RELEASE job');
  const rollbackTo = db.prepare('ROLLBACK TO job');
  /** How long to wait for the write lock another connection holds (a long transaction elsewhere). */
  const lockWaitMs = opts.lockWaitMs ?? 60_000;
  const stats = { commits: 0, writes: 0, retried: 0 };

  /**
   * Bytes bound as a BLOB (the case log's coded data and hashes): a Buffer crosses to the writer
   * thread inside the batch's JSON text as `{"type":"Buffer","data":[…]}`, and better-sqlite3 binds
   * a Buffer but not that, nor a bare Uint8Array.
   */
  const withBytes = (values) => {
    if (!Array.isArray(values)) return values;
    for (let k = 0; k < values.length; k++) {
      const v = values[k];
      if (v !== null && typeof v === 'object' && !Buffer.isBuffer(v)) {
        if (v.type === 'Buffer' && Array.isArray(v.data)) values[k] = Buffer.from(v.data);
        else if (v instanceof Uint8Array) values[k] = Buffer.from(v.buffer, v.byteOffset, v.byteLength);
      }
    }
    return values;
  };

  const statement = (id) => {
    const st = statements.get(id);
    if (!st) throw new Error(`statement ${id} was never defined`);
    return st;
  };

  const runJob = (job) => {
    let i = 1;
    if (job[0] === 1) {
      const changed = statement(job[1]).run(withBytes(job[2])).changes;
      if (changed === 0) return REFUSED;
      // A guard is meant to match one row; more were changed: undo them with the job.
      if (changed !== 1) throw new Error(`the guard of a job changed ${changed} rows`);
      i = 3;
    }
    for (; i < job.length; i += 2) statement(job[i]).run(withBytes(job[i + 1]));
    return OK;
  };

  const open = () => {
    const until = Date.now() + lockWaitMs;
    for (;;) {
      try {
        begin.run();
        return;
      } catch (e) {
        // busy_timeout has already waited; keep waiting while another connection holds a long transaction.
        if (!(e && e.code === 'SQLITE_BUSY') || Date.now() > until) throw e;
      }
    }
  };

  const undo = () => {
    if (db.inTransaction) rollback.run();
  };

  /** Runs the jobs in one transaction; returns an outcome per job. Throws only when nothing could be committed. */
  const run = (jobs) => {
    const out = new Array(jobs.length);
    open();
    let failed = false;
    try {
      for (let j = 0; j < jobs.length; j++) out[j] = runJob(jobs[j]);
    } catch {
      failed = true;
    }
    try {
      if (!failed) {
        commit.run();
        stats.commits += 1;
        stats.writes += jobs.length;
        return out;
      }
      undo();
      stats.retried += 1;
      open();
      for (let j = 0; j < jobs.length; j++) {
        savepoint.run();
        try {
          out[j] = runJob(jobs[j]);
          release.run();
        } catch (e) {
          // An error that ended the whole transaction (I/O, full disk) fails the batch: nothing of it is committed.
          if (!db.inTransaction) throw e;
          rollbackTo.run();
          release.run();
          out[j] = failure(e);
        }
      }
      commit.run();
      stats.commits += 1;
      stats.writes += jobs.length;
      return out;
    } catch (e) {
      undo();
      throw e;
    }
  };

  return {
    define(defs) {
      for (const [id, sql] of defs) statements.set(id, db.prepare(sql));
    },
    run,
    stats: () => ({ ...stats }),
  };
}
