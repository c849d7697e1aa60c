/**
 * The hot statements of the case path on SQLite. Same SQL meaning as the Kysely versions in repo.ts:
 * per action, the event(s) and the projection together, the projection update guarded by the version
 * that was read.
 *
 * Writes go to the store's writer (src/store/sqlite-writer.ts): group commit on a writer thread, a
 * caller's promise settling once its batch is committed. Reads are prepared statements on the main
 * connection.
 *
 * Case codes: the serial of a district's day is counted here, in memory, from the stored counter
 * read once, so a case's code (and the hash of its first event, which names it) is known before its
 * write is sent. The write raises the stored counter to the serial it used. Another process counting
 * the same day may take the same serial first: the code's unique index refuses the second, which
 * reads the counter again and is built anew. A refused or failed insert gives its serial back when no
 * later one was handed out meanwhile; otherwise that serial stays unused.
 *
 * Kysely's SQLite driver uses the same main connection. While a Kysely transaction is open on it
 * (between its awaits) a read here would see that transaction's uncommitted rows: `nativeStore` then
 * answers undefined and repo.ts takes the Kysely path, which waits for that transaction.
 */
import type SqliteDatabase from 'better-sqlite3';
import type { Db } from '../store/db.js';
import type { JobOutcome, SqliteWriter, WriteJob } from '../store/sqlite-writer.js';
import type { CaseRecord } from './record.js';
import { EVENT_COLUMNS, type SqlRow } from './rows.js';

type Native = SqliteDatabase.Database;

export interface NativeCaseStore {
  /** The case row by id, as stored now. */
  caseById(id: string): SqlRow | undefined;
  /**
   * The record of a case as this store last wrote it (a bounded map), without reading the row. It
   * may be stale when another connection wrote the case since: a write based on it is still guarded
   * by its version, and the caller reads the row again when that guard refuses it.
   */
  remembered(id: string): CaseRecord | undefined;
  /** Drops a remembered record (a write to the case went another way). */
  forget(id: string): void;
  caseByIdempotencyKey(key: string): SqlRow | undefined;
  caseBySourceRef(source: string, externalRef: string): SqlRow | undefined;
  /**
   * The case row and its event rows, committed, with the next serial of the district's day. False
   * when an idempotency key or external reference was taken (a unique index refused it).
   */
  insertCase(districtCode: string, day: string, build: (serial: number) => { record: CaseRecord; row: SqlRow; events: unknown[][] }): Promise<boolean>;
  /**
   * Projection update guarded by `version` and event rows in one transaction. Returns false (and
   * writes nothing) when the case is not at that version or an event (case, seq) already exists.
   * `after` is the case after the update (remembered once committed).
   */
  append(id: string, version: number, changes: SqlRow, events: unknown[][], after: CaseRecord): Promise<boolean>;
  /** Group-commit counters since the store was opened: transactions committed and writes in them. */
  stats(): { commits: number; writes: number; retried: number };
}

const stores = new WeakMap<Native, NativeCaseStore>();
const MAX_REMEMBERED = 20_000;
/** Attempts at a case insert whose serial another process took first. */
const SERIAL_ATTEMPTS = 20;

/** The native store of a SQLite database, or undefined (PostgreSQL, or a Kysely transaction is open). */
export function nativeStore(db: Db): NativeCaseStore | undefined {
  const native = db.native;
  if (!native || !db.writer || native.inTransaction || !native.open) return undefined;
  return storeOf(native, db.writer);
}

/** Forgets what the native store remembers of a case, also while a Kysely transaction is open. */
export function forgetRemembered(db: Db, id: string): void {
  if (db.native && db.writer) storeOf(db.native, db.writer).forget(id);
}

function storeOf(native: Native, writer: SqliteWriter): NativeCaseStore {
  let s = stores.get(native);
  if (!s) {
    s = createNativeStore(native, writer);
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

class WriteFailed extends Error {
  constructor(readonly outcome: Exclude<JobOutcome, 0 | 1>) {
    super('unique' in outcome ? outcome.unique : outcome.error);
    (this as { code?: string }).code = outcome.code;
  }
}

function createNativeStore(native: Native, writer: SqliteWriter): NativeCaseStore {
  const byId = rowReader(native, 'select * from cases where id = ?');
  const byKey = rowReader(native, 'select * from cases where idempotency_key = ?');
  const byRef = rowReader(native, 'select * from cases where source = ? and external_ref = ?');
  /** Records as written, by case id (records are never mutated: a command makes a new one). */
  const written = new Map<string, CaseRecord>();
  const remember = (record: CaseRecord): void => {
    const id = record.id;
    written.delete(id);
    written.set(id, record);
    if (written.size > MAX_REMEMBERED) written.delete(written.keys().next().value!);
  };

  // ---- case codes ----
  const storedSerial = native.prepare('select last from case_code_counters where district_code = ? and day = ?').pluck();
  const RAISE_SERIAL = 'insert into case_code_counters (district_code, day, last) values (?, ?, ?) '
    + 'on conflict (district_code, day) do update set last = max(case_code_counters.last, excluded.last)';
  /** Last serial handed out, by district and day. */
  const serials = new Map<string, number>();
  const takeSerial = (key: string, districtCode: string, day: string): number => {
    let last = serials.get(key);
    if (last === undefined) {
      last = Number(storedSerial.get(districtCode, day) ?? 0);
      if (serials.size > 10_000) serials.clear();
    }
    serials.set(key, last + 1);
    return last + 1;
  };
  const giveBack = (key: string, serial: number): void => {
    if (serials.get(key) === serial) serials.set(key, serial - 1);
  };

  // ---- statements whose text depends on the column set ----
  const texts = new Map<string, string>();
  const textOf = (key: string, make: () => string): string => {
    let t = texts.get(key);
    if (t === undefined) {
      t = make();
      if (texts.size < 500) texts.set(key, t);
    }
    return t;
  };
  const INSERT_EVENT = `insert into case_events (${EVENT_COLUMNS.map(quote).join(', ')}) values (${EVENT_COLUMNS.map(() => '?').join(', ')})`;
  /** Event rows come as values in EVENT_COLUMNS order (repo.ts eventValues). */
  const eventRuns = (runs: WriteJob['runs'], events: unknown[][]): void => {
    for (const values of events) runs.push([INSERT_EVENT, values]);
  };
  const insertRun = (table: string, row: SqlRow): readonly [string, unknown[]] => {
    const cols = Object.keys(row);
    const text = textOf(`i:${table}:${cols.join(',')}`, () => `insert into ${table} (${cols.map(quote).join(', ')}) values (${cols.map(() => '?').join(', ')})`);
    const values = new Array<unknown>(cols.length);
    for (let i = 0; i < cols.length; i++) values[i] = row[cols[i]!];
    return [text, values];
  };
  const updateRun = (id: string, version: number, changes: SqlRow): readonly [string, unknown[]] => {
    const cols = Object.keys(changes);
    const text = textOf(`u:${cols.join(',')}`, () => `update cases set ${cols.map((c) => `${quote(c)} = ?`).join(', ')} where id = ? and version = ?`);
    const values = new Array<unknown>(cols.length + 2);
    for (let i = 0; i < cols.length; i++) values[i] = changes[cols[i]!];
    values[cols.length] = id;
    values[cols.length + 1] = version;
    return [text, values];
  };

  return {
    caseById: (id) => byId(id),
    remembered: (id) => written.get(id),
    forget: (id) => { written.delete(id); },
    caseByIdempotencyKey: (key) => byKey(key),
    caseBySourceRef: (source, ref) => byRef(source, ref),
    stats: () => writer.stats(),
    async insertCase(districtCode, day, build) {
      const key = `${districtCode}|${day}`;
      for (let attempt = 1; ; attempt++) {
        const serial = takeSerial(key, districtCode, day);
        let built: ReturnType<typeof build>;
        try {
          built = build(serial);
        } catch (e) {
          giveBack(key, serial);
          throw e;
        }
        const runs: WriteJob['runs'] = [[RAISE_SERIAL, [districtCode, day, serial]], insertRun('cases', built.row)];
        eventRuns(runs, built.events);
        let outcome: JobOutcome;
        try {
          outcome = await writer.submit({ guarded: false, runs });
        } catch (e) {
          giveBack(key, serial);
          throw e;
        }
        if (outcome === 1) {
          remember(built.record);
          return true;
        }
        if (outcome !== 0 && 'unique' in outcome && /\bcases\.code\b/.test(outcome.unique) && attempt < SERIAL_ATTEMPTS) {
          // Another process took this serial: count on from what it stored, keeping the serials this
          // process handed out meanwhile (the other inserts of the batch retry too).
          serials.set(key, Math.max(serials.get(key) ?? 0, Number(storedSerial.get(districtCode, day) ?? 0)));
          continue;
        }
        giveBack(key, serial);
        if (outcome !== 0 && 'unique' in outcome) return false;
        throw new WriteFailed(outcome === 0 ? { error: 'case insert refused' } : outcome);
      }
    },
    async append(id, version, changes, events, after) {
      const runs: WriteJob['runs'] = [updateRun(id, version, changes)];
      eventRuns(runs, events);
      const outcome = await writer.submit({ guarded: true, runs });
      if (outcome === 1) {
        remember(after);
        return true;
      }
      if (outcome === 0 || 'unique' in outcome) {
        // Stale: what this store remembered at that version is not what is stored.
        if (written.get(id)?.version === version) written.delete(id);
        return false;
      }
      throw new WriteFailed(outcome);
    },
  };
}
