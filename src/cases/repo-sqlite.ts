/**
 * The hot statements of the case write path on SQLite, as prepared statements on the
 * better-sqlite3 handle. Same SQL meaning as the Kysely versions in repo.ts: per action, the
 * event(s) and the projection together, the projection update guarded by the version that was read.
 *
 * Group commit: writes are queued and flushed together on the next turn of the event loop
 * (setImmediate) or when MAX_BATCH are waiting: one BEGIN IMMEDIATE … COMMIT for the batch. The
 * batch first runs optimistically, every write straight in the transaction: a refused append
 * (stale version) is refused by its guarded UPDATE before it writes anything, so it needs no undo.
 * Should any write fail after writing part of its rows (a unique index, an I/O error), the whole
 * batch is rolled back and run again carefully, each write inside its own SAVEPOINT
 * (better-sqlite3 nests transaction functions as savepoints), so a failing write rolls back only
 * itself. Savepoints are not the default because each one costs a statement journal: about a
 * quarter of the SQL time of a write. A writer's promise settles after the COMMIT: when
 * it resolves, the write is durable as before. The flush is one synchronous call, so no other
 * JavaScript (no read of a case) ever sees a batch half-written or uncommitted. A lone writer gets
 * a batch of one, one setImmediate later.
 *
 * Kysely's SQLite driver uses the same handle. A synchronous call here runs to completion before
 * any other JavaScript, so it cannot interleave with a Kysely query; but while a Kysely transaction
 * is open on the handle (between its awaits) these statements would join it. `nativeStore` then
 * answers undefined and repo.ts takes the Kysely path, which waits for that transaction.
 */
import type SqliteDatabase from 'better-sqlite3';
import type { Db } from '../store/db.js';
import type { CaseRecord } from './record.js';
import { isUniqueViolation } from '../store/dialect.js';

type Native = SqliteDatabase.Database;
type Statement = SqliteDatabase.Statement;
export type SqlRow = Record<string, unknown>;

export interface NativeCaseStore {
  /**
   * The case by id. The records this store wrote are remembered (a bounded map): when the stored
   * head (version, last_hash) still equals the remembered record's, that record is returned without
   * reading and converting the 70 columns again. Any other write to a case moves its version and hash.
   */
  caseById(id: string): { record: CaseRecord } | { row: SqlRow } | undefined;
  caseByIdempotencyKey(key: string): SqlRow | undefined;
  caseBySourceRef(source: string, externalRef: string): SqlRow | undefined;
  /** Serial, case row and event rows, atomically, committed. False when a unique index refused it. */
  insertCase(districtCode: string, day: string, build: (serial: number) => { record: CaseRecord; row: SqlRow; events: SqlRow[] }): Promise<boolean>;
  /**
   * Projection update guarded by `version` and event rows in one transaction. Returns false (and
   * writes nothing) when the case is not at that version or an event (case, seq) already exists.
   * `after` is the case after the update (remembered once committed).
   */
  append(id: string, version: number, changes: SqlRow, events: SqlRow[], after: CaseRecord): Promise<boolean>;
  /** Group-commit counters since the store was opened: transactions committed and writes in them. */
  stats(): { commits: number; writes: number; retried: number };
}

/**
 * A queued write: `work('fast')` runs straight inside the batch transaction, `work('nested')` in a
 * savepoint of it, `work('alone')` is a batch of one (its own BEGIN IMMEDIATE … COMMIT); `settle`
 * after the COMMIT.
 */
type Mode = 'fast' | 'nested' | 'alone';
interface Job {
  work(mode: Mode): unknown;
  settle(ok: boolean, value: unknown): void;
}

/** The columns of an event row (repo.ts eventRow writes exactly these). */
const EVENT_COLUMNS = ['case_id', 'seq', 'type', 'data', 'actor_id', 'role', 'at', 'lon', 'lat', 'attachments', 'prev_hash', 'hash',
  'audience_role', 'audience_unit_id', 'audience_user_id', 'district_code', 'street_code'] as const;

const stores = new WeakMap<Native, NativeCaseStore>();
const MAX_REMEMBERED = 20_000;
/** Writes committed together at most; a full queue flushes at once. */
export const MAX_BATCH = 256;

/** The native store of a SQLite database, or undefined (PostgreSQL, or a Kysely transaction is open). */
export function nativeStore(db: Db): NativeCaseStore | undefined {
  const native = db.native;
  if (!native || native.inTransaction || !native.open) return undefined;
  let s = stores.get(native);
  if (!s) {
    s = createNativeStore(native);
    stores.set(native, s);
  }
  return s;
}

const quote = (name: string): string => {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`bad column name ${name}`);
  return `"${name}"`;
};

/**
 * A single-row reader: rows come back as arrays (no per-row property-name lookups in the driver)
 * and are named here with the statement's column names.
 */
function rowReader(native: Native, text: string): (...params: unknown[]) => SqlRow | undefined {
  const st = native.prepare(text).raw(true);
  const cols = st.columns().map((c) => c.name);
  return (...params) => {
    const a = st.get(...params) as unknown[] | undefined;
    if (!a) return undefined;
    const row: SqlRow = {};
    for (let i = 0; i < cols.length; i++) row[cols[i]!] = a[i];
    return row;
  };
}

function createNativeStore(native: Native): NativeCaseStore {
  const byId = rowReader(native, 'select * from cases where id = ?');
  const headOf = native.prepare('select version, last_hash from cases where id = ?').raw(true);
  /** Records as written, by case id (records are never mutated: a command makes a new one). */
  const written = new Map<string, CaseRecord>();
  const remember = (record: CaseRecord): void => {
    const id = record.id;
    written.delete(id);
    written.set(id, record);
    if (written.size > MAX_REMEMBERED) written.delete(written.keys().next().value!);
  };
  const byKey = rowReader(native, 'select * from cases where idempotency_key = ?');
  const byRef = rowReader(native, 'select * from cases where source = ? and external_ref = ?');
  const serial = native.prepare(
    'insert into case_code_counters (district_code, day, last) values (?, ?, 1) ' +
      'on conflict (district_code, day) do update set last = case_code_counters.last + 1 returning last',
  );
  /** Statements whose text depends on the column set (inserts, lean updates), by table and columns. */
  const dynamic = new Map<string, Statement>();
  const cache = (key: string, text: string): Statement => {
    const st = native.prepare(text);
    if (dynamic.size < 500) dynamic.set(key, st);
    return st;
  };
  /** Event rows always carry the same columns: one statement, values in EVENT_COLUMNS order. */
  const insertEvent = native.prepare(`insert into case_events (${EVENT_COLUMNS.map(quote).join(', ')}) values (${EVENT_COLUMNS.map(() => '?').join(', ')})`);
  const eventValues = new Array<unknown>(EVENT_COLUMNS.length);
  const insertEvents = (events: SqlRow[]): void => {
    for (const e of events) {
      for (let i = 0; i < EVENT_COLUMNS.length; i++) eventValues[i] = e[EVENT_COLUMNS[i]!];
      insertEvent.run(eventValues);
    }
  };
  const insertInto = (table: string, row: SqlRow): void => {
    const cols = Object.keys(row);
    const key = `i:${table}:${cols.join(',')}`;
    let st = dynamic.get(key);
    if (!st) st = cache(key, `insert into ${table} (${cols.map(quote).join(', ')}) values (${cols.map(() => '?').join(', ')})`);
    const values = new Array<unknown>(cols.length);
    for (let i = 0; i < cols.length; i++) values[i] = row[cols[i]!];
    st.run(values);
  };

  /** The writes themselves, run inside a transaction the caller opened. */
  const insertRows = (districtCode: string, day: string, build: (serial: number) => { record: CaseRecord; row: SqlRow; events: SqlRow[] }): CaseRecord => {
    const r = serial.get(districtCode, day) as { last: number | bigint };
    const { record, row, events } = build(Number(r.last));
    insertInto('cases', row);
    insertEvents(events);
    return record;
  };
  /** False, with nothing written, when the case is not at `version` (the guarded UPDATE goes first). */
  const appendRows = (id: string, version: number, changes: SqlRow, events: SqlRow[]): boolean => {
    const cols = Object.keys(changes);
    const key = `u:${cols.join(',')}`;
    let st = dynamic.get(key);
    if (!st) st = cache(key, `update cases set ${cols.map((c) => `${quote(c)} = ?`).join(', ')} where id = ? and version = ?`);
    const values = new Array<unknown>(cols.length + 2);
    for (let i = 0; i < cols.length; i++) values[i] = changes[cols[i]!];
    values[cols.length] = id;
    values[cols.length + 1] = version;
    if (st.run(values).changes !== 1) return false;
    insertEvents(events);
    return true;
  };

  // ---- group commit ----
  let queue: Job[] = [];
  let scheduled = false;
  let commits = 0;
  let writes = 0;
  let retried = 0;
  const outcomes: Array<{ ok: boolean; value: unknown }> = [];
  /** Aborts an optimistic batch: something failed after a job had written part of its rows. */
  class Abort extends Error {}
  /**
   * The batch, optimistically: every job runs straight in the one transaction (no savepoints —
   * each costs a statement journal). A refused append writes nothing, so it needs no undo; any
   * error aborts the whole batch, which then runs again carefully.
   */
  const batchFast = native.transaction((jobs: Job[]) => {
    outcomes.length = 0;
    for (const job of jobs) {
      try {
        outcomes.push({ ok: true, value: job.work('fast') });
      } catch (e) {
        throw new Abort(undefined, { cause: e });
      }
    }
  });
  /** The batch, carefully: each job in its own SAVEPOINT, so a failing one rolls back only itself. */
  const batchCareful = native.transaction((jobs: Job[]) => {
    outcomes.length = 0;
    for (const job of jobs) {
      try {
        outcomes.push({ ok: true, value: job.work('nested') });
      } catch (e) {
        // An error that ended the whole transaction (I/O, full disk) fails the batch: nothing of it is committed.
        if (!native.inTransaction) throw e;
        outcomes.push({ ok: false, value: e });
      }
    }
  });
  const flush = (): void => {
    scheduled = false;
    if (queue.length === 0) return;
    if (native.open && native.inTransaction) {
      // A Kysely transaction is open on the handle (between its awaits): wait for it to end.
      scheduled = true;
      setTimeout(flush, 1);
      return;
    }
    const jobs = queue;
    queue = [];
    if (!native.open) {
      for (const j of jobs) j.settle(false, new Error('The database is closed'));
      return;
    }
    if (jobs.length === 1) {
      // A lone write: its own transaction, no savepoint.
      const job = jobs[0]!;
      let value: unknown;
      try {
        value = job.work('alone');
      } catch (e) {
        job.settle(false, e);
        return;
      }
      commits += 1;
      writes += 1;
      job.settle(true, value);
      return;
    }
    try {
      try {
        batchFast.immediate(jobs);
      } catch (e) {
        if (!(e instanceof Abort)) throw e;
        retried += 1;
        batchCareful.immediate(jobs);
      }
      commits += 1;
      writes += jobs.length;
    } catch (e) {
      for (const j of jobs) j.settle(false, e);
      return;
    }
    const done = outcomes.slice(0, jobs.length);
    for (let i = 0; i < jobs.length; i++) jobs[i]!.settle(done[i]!.ok, done[i]!.value);
  };
  /** Each write as a transaction function: its own transaction when alone, a SAVEPOINT when nested. */
  class Refused extends Error {}
  const insertTx = native.transaction(insertRows);
  const appendTx = native.transaction((id: string, version: number, changes: SqlRow, events: SqlRow[]) => {
    if (!appendRows(id, version, changes, events)) throw new Refused();
    return true;
  });
  const enqueue = (work: (mode: Mode) => boolean, committed?: () => void): Promise<boolean> =>
    new Promise<boolean>((resolve, reject) => {
      queue.push({
        work,
        settle(ok, value) {
          if (!ok) return reject(value);
          if (value === true) committed?.();
          resolve(value as boolean);
        },
      });
      if (queue.length >= MAX_BATCH) flush();
      else if (!scheduled) {
        scheduled = true;
        setImmediate(flush);
      }
    });

  return {
    caseById(id) {
      const known = written.get(id);
      if (known) {
        const head = headOf.get(id) as [number, string] | undefined;
        if (!head) {
          written.delete(id);
          return undefined;
        }
        if (head[0] === known.version && head[1] === known.lastHash) return { record: known };
        written.delete(id);
      }
      const row = byId(id);
      return row && { row };
    },
    caseByIdempotencyKey: (key) => byKey(key),
    stats: () => ({ commits, writes, retried }),
    caseBySourceRef: (source, ref) => byRef(source, ref),
    insertCase(districtCode, day, build) {
      let record: CaseRecord | undefined;
      return enqueue((mode) => {
        if (mode === 'fast') {
          record = insertRows(districtCode, day, build);
          return true;
        }
        try {
          record = mode === 'alone' ? insertTx.immediate(districtCode, day, build) : insertTx(districtCode, day, build);
          return true;
        } catch (e) {
          if (isUniqueViolation(e)) return false;
          throw e;
        }
      }, () => remember(record!));
    },
    append(id, version, changes, events, after) {
      return enqueue((mode) => {
        if (mode === 'fast') return appendRows(id, version, changes, events);
        try {
          return mode === 'alone' ? appendTx.immediate(id, version, changes, events) : appendTx(id, version, changes, events);
        } catch (e) {
          if (e instanceof Refused || isUniqueViolation(e)) return false;
          throw e;
        }
      }, () => remember(after));
    },
  };
}
