/**
 * The hot statements of a stream on SQLite, for any StreamSpec. Same SQL meaning as the Kysely
 * path in store.ts: per write, the event(s) and the projection together, the projection update
 * guarded by the version that was read.
 *
 * Writes go to the store's writer (src/store/sqlite-writer.ts): group commit on a writer thread, a
 * caller's promise settling once its batch is committed. Reads are prepared statements on the main
 * connection.
 *
 * Records a process wrote are remembered (a bounded map per stream kind), so the next write acts on
 * them without reading the row; the write's version guard catches a change made by another
 * connection, and the store then reads the row and runs again (store.ts `update`).
 *
 * Serials (codes like 案卷编号): the serial of a key (district and day) is counted here, in memory,
 * from the stored counter read once, so a record's code (and the hash of its first event, which may
 * name it) is known before its write is sent. The write raises the stored counter to the serial it
 * used. Another process counting the same key may take the same serial first: the code's unique
 * index refuses the second, which reads the counter again and is built anew. A refused or failed
 * insert gives its serial back when no later one was handed out meanwhile.
 *
 * Kysely's SQLite driver uses the same main connection. While a Kysely transaction is open on it
 * (between its awaits) a read here would see that transaction's uncommitted rows: `nativeStreamStore`
 * then answers undefined and store.ts takes the Kysely path, which waits for that transaction.
 */
import type SqliteDatabase from 'better-sqlite3';
import type { Db } from '../store/db.js';
import type { JobOutcome, SqliteWriter, WriteJob } from '../store/sqlite-writer.js';
import type { SqlRow, StreamRecord, StreamSpec } from './stream.js';
import { storePerTable } from './store-cache.js';

type Native = SqliteDatabase.Database;

export interface NativeStreamStore<R extends StreamRecord> {
  /** The projection row by id, as stored now. */
  byId(id: string): SqlRow | undefined;
  /** The record as this store last wrote it, without reading the row (may be stale, see above). */
  remembered(id: string): R | undefined;
  /** Drops a remembered record (a write to it went another way). */
  forget(id: string): void;
  /** The row a unique lookup of the spec finds (`lookups`), by its values. */
  lookup(name: string, values: readonly unknown[]): SqlRow | undefined;
  /**
   * The projection row and its event rows, committed; with a serial of `serialKey` when given.
   * False when a unique index other than the serial's refused it (an idempotency key was taken).
   */
  insert(serialKey: readonly string[] | null, build: (serial: number) => { record: R; row: SqlRow; events: unknown[][] }): Promise<boolean>;
  /**
   * Projection update guarded by `version` and event rows in one transaction. False (nothing
   * written) when the record is not at that version or an event (stream, seq) already exists.
   * `after` is the record after the update (remembered once committed).
   */
  append(id: string, version: number, changes: SqlRow, events: unknown[][], after: R): Promise<boolean>;
  /** Group-commit counters since the store was opened: transactions committed and writes in them. */
  stats(): { commits: number; writes: number; retried: number };
}

const stores = new WeakMap<Native, Map<string, NativeStreamStore<any>>>();
/** A parameter that is `x` and hex text for bytes (a BLOB), any other value as it is. */
const BLOB_PARAM = `(select iif(typeof(v) = 'text' and substr(v, 1, 1) = 'x', unhex(substr(v, 2)), v) from (select ? as v))`;
const MAX_REMEMBERED = 20_000;
/** Attempts at an insert whose serial another process took first. */
const SERIAL_ATTEMPTS = 20;

/** The native store of a stream kind on a SQLite database, or undefined (PostgreSQL, or a Kysely transaction is open). */
export function nativeStreamStore<R extends StreamRecord>(db: Db, spec: StreamSpec<R, any, any>): NativeStreamStore<R> | undefined {
  const native = db.native;
  if (!native || !db.writer || native.inTransaction || !native.open) return undefined;
  return storeOf(native, db.writer, spec);
}

/** Forgets what the native store remembers of a record, also while a Kysely transaction is open. */
export function forgetRemembered(db: Db, spec: StreamSpec<any, any, any>, id: string): void {
  if (db.native && db.writer) storeOf(db.native, db.writer, spec).forget(id);
}

function storeOf<R extends StreamRecord>(native: Native, writer: SqliteWriter, spec: StreamSpec<R, any, any>): NativeStreamStore<R> {
  return storePerTable(stores, native, spec.table, () => createNativeStore(native, writer, spec));
}

/**
 * A new record's number (StreamSpec.events.streamNumber), as SQL: one more than the highest in the
 * projection and in the log (so a number is not reused while events of a deleted row remain). Writes
 * to a SQLite store are one at a time, so two inserts never take the same one.
 */
export function nextStreamNumber(spec: StreamSpec<any, any, any>): string {
  const num = quote(spec.events.streamNumber!);
  return `(select coalesce(max(n), 0) + 1 from (select max(${num}) as n from ${quote(spec.table)} `
    + `union all select max(${quote(spec.events.streamColumn)}) from ${quote(spec.events.table)}))`;
}

/** A record's number by its id (the statement's one parameter), as SQL. */
export const streamNumberOf = (spec: StreamSpec<any, any, any>): string =>
  `(select ${quote(spec.events.streamNumber!)} from ${quote(spec.table)} where id = ?)`;

export const quote = (name: string): string => {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`bad SQL name ${name}`);
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

function createNativeStore<R extends StreamRecord>(native: Native, writer: SqliteWriter, spec: StreamSpec<R, any, any>): NativeStreamStore<R> {
  const table = quote(spec.table);
  const byId = rowReader(native, `select * from ${table} where id = ?`);
  const lookups = new Map<string, (...params: unknown[]) => SqlRow | undefined>();
  for (const [name, cols] of Object.entries(spec.lookups ?? {})) {
    lookups.set(name, rowReader(native, `select * from ${table} where ${cols.map((c) => `${quote(c)} = ?`).join(' and ')}`));
  }
  /** Records as written, by id (records are never mutated: a command makes a new one). */
  const written = new Map<string, R>();
  const remember = (record: R): void => {
    const id = record.id;
    written.delete(id);
    written.set(id, record);
    if (written.size > MAX_REMEMBERED) written.delete(written.keys().next().value!);
  };

  // ---- serials ----
  const ser = spec.serials;
  const serialTable = ser ? quote(ser.table) : '';
  const storedSerial = ser ? native.prepare(`select last from ${serialTable} where ${ser.keys.map((k) => `${quote(k)} = ?`).join(' and ')}`).pluck() : undefined;
  const RAISE_SERIAL = ser
    ? `insert into ${serialTable} (${ser.keys.map(quote).join(', ')}, last) values (${ser.keys.map(() => '?').join(', ')}, ?) `
      + `on conflict (${ser.keys.map(quote).join(', ')}) do update set last = max(${serialTable}.last, excluded.last)`
    : '';
  const takenSerial = ser ? new RegExp(`\\b${spec.table}\\.${ser.uniqueColumn}\\b`) : undefined;
  /** Last serial handed out, by key. */
  const serials = new Map<string, number>();
  const takeSerial = (key: string, values: readonly string[]): number => {
    let last = serials.get(key);
    if (last === undefined) {
      last = Number(storedSerial!.get(...values) ?? 0);
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
  const cols = spec.events.columns;
  // Bytes (the compact case log's data and hash, StreamSpec.events.binaryColumns) cross to the writer
  // thread as text, `x` and their hex, which the statement turns back into a BLOB: a Buffer would
  // cross inside the batch's JSON as an array of numbers. Text that is not `x…` (plain JSON) stays text.
  const binary = cols.flatMap((c, i) => (spec.events.binaryColumns?.includes(c) ? [i] : []));
  // A log keyed by the record's number (StreamSpec.events.streamNumber): the values carry the id, the
  // statement looks the number up (the projection row is written first, in the same transaction).
  const numbered = spec.events.streamNumber ? cols.indexOf(spec.events.streamColumn) : -1;
  const param = (i: number): string => (i === numbered ? streamNumberOf(spec) : binary.includes(i) ? BLOB_PARAM : '?');
  const INSERT_EVENT = `insert into ${quote(spec.events.table)} (${cols.map(quote).join(', ')}) values (${cols.map((_, i) => param(i)).join(', ')})`;
  /** Event rows come as values in the spec's event column order. */
  const eventRuns = (runs: WriteJob['runs'], events: unknown[][]): void => {
    for (const values of events) {
      for (const i of binary) {
        const v = values[i];
        if (Buffer.isBuffer(v)) values[i] = `x${v.toString('hex')}`;
      }
      runs.push([INSERT_EVENT, values]);
    }
  };
  // Projection columns of bytes (StreamSpec.binaryColumns: cases' last_hash) cross the same way.
  const rowBinary = new Set(spec.binaryColumns ?? []);
  const rowParam = (c: string): string => (rowBinary.has(c) ? BLOB_PARAM : '?');
  const rowValue = (v: unknown): unknown => (Buffer.isBuffer(v) ? `x${v.toString('hex')}` : v);
  const num = spec.events.streamNumber;
  const insertRun = (row: SqlRow): readonly [string, unknown[]] => {
    const names = Object.keys(row);
    const text = textOf(`i:${names.join(',')}`, () => `insert into ${table} (${names.map(quote).join(', ')}${num ? `, ${quote(num)}` : ''}) `
      + `values (${names.map(rowParam).join(', ')}${num ? `, ${nextStreamNumber(spec)}` : ''})`);
    const values = new Array<unknown>(names.length);
    for (let i = 0; i < names.length; i++) values[i] = rowValue(row[names[i]!]);
    return [text, values];
  };
  const updateRun = (id: string, version: number, changes: SqlRow): readonly [string, unknown[]] => {
    const names = Object.keys(changes);
    const text = textOf(`u:${names.join(',')}`, () => `update ${table} set ${names.map((c) => `${quote(c)} = ${rowParam(c)}`).join(', ')} where id = ? and version = ?`);
    const values = new Array<unknown>(names.length + 2);
    for (let i = 0; i < names.length; i++) values[i] = rowValue(changes[names[i]!]);
    values[names.length] = id;
    values[names.length + 1] = version;
    return [text, values];
  };

  return {
    byId: (id) => byId(id),
    remembered: (id) => written.get(id),
    forget: (id) => { written.delete(id); },
    lookup(name, values) {
      const read = lookups.get(name);
      if (!read) throw new Error(`${spec.name}: no lookup ${name}`);
      return read(...values);
    },
    stats: () => writer.stats(),
    async insert(serialKey, build) {
      const key = serialKey ? serialKey.join('|') : '';
      for (let attempt = 1; ; attempt++) {
        const serial = serialKey ? takeSerial(key, serialKey) : 0;
        let built: ReturnType<typeof build>;
        try {
          built = build(serial);
        } catch (e) {
          if (serialKey) giveBack(key, serial);
          throw e;
        }
        const runs: WriteJob['runs'] = serialKey ? [[RAISE_SERIAL, [...serialKey, serial]], insertRun(built.row)] : [insertRun(built.row)];
        eventRuns(runs, built.events);
        let outcome: JobOutcome;
        try {
          outcome = await writer.submit({ guarded: false, runs });
        } catch (e) {
          if (serialKey) giveBack(key, serial);
          throw e;
        }
        if (outcome === 1) {
          remember(built.record);
          return true;
        }
        if (serialKey && outcome !== 0 && 'unique' in outcome && takenSerial!.test(outcome.unique) && attempt < SERIAL_ATTEMPTS) {
          // Another process took this serial: count on from what it stored, keeping the serials this
          // process handed out meanwhile (the other inserts of the batch retry too).
          serials.set(key, Math.max(serials.get(key) ?? 0, Number(storedSerial!.get(...serialKey) ?? 0)));
          continue;
        }
        if (serialKey) giveBack(key, serial);
        if (outcome !== 0 && 'unique' in outcome) return false;
        throw new WriteFailed(outcome === 0 ? { error: `${spec.name} insert refused` } : outcome);
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
