/**
 * The hot statements of the case write path on SQLite, as prepared statements on the
 * better-sqlite3 handle, each write in one synchronous transaction (BEGIN IMMEDIATE … COMMIT).
 * Same SQL meaning as the Kysely versions in repo.ts: one transaction per action, the event(s) and
 * the projection together, the projection update guarded by the version that was read.
 *
 * Kysely's SQLite driver uses the same handle. A synchronous call here runs to completion before
 * any other JavaScript, so it cannot interleave with a Kysely query; but while a Kysely transaction
 * is open on the handle (between its awaits) these statements would join it. `nativeStore` then
 * answers undefined and repo.ts takes the Kysely path, which waits for that transaction.
 */
import type SqliteDatabase from 'better-sqlite3';
import type { Db } from '../store/db.js';
import { isUniqueViolation } from '../store/dialect.js';

type Native = SqliteDatabase.Database;
type Statement = SqliteDatabase.Statement;
export type SqlRow = Record<string, unknown>;

export interface NativeCaseStore {
  /**
   * The case row by id. The rows this store wrote are remembered (a bounded map): when the stored
   * head (version, last_hash) still equals the remembered row's, that row is returned without
   * reading the 70 columns again. Any other write to a case moves its version and hash.
   */
  caseById(id: string): SqlRow | undefined;
  caseByIdempotencyKey(key: string): SqlRow | undefined;
  caseBySourceRef(source: string, externalRef: string): SqlRow | undefined;
  /** Serial, case row and event rows in one transaction. False when a unique index refused it. */
  insertCase(districtCode: string, day: string, build: (serial: number) => { row: SqlRow; events: SqlRow[] }): boolean;
  /**
   * Projection update guarded by `version` and event rows in one transaction. Returns false (and
   * writes nothing) when the case is not at that version or an event (case, seq) already exists.
   * `after` is the whole row after the update (remembered once committed).
   */
  append(id: string, version: number, changes: SqlRow, events: SqlRow[], after: SqlRow): boolean;
}

const stores = new WeakMap<Native, NativeCaseStore>();
const MAX_REMEMBERED = 20_000;

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
  /** Rows as written (primitive column values only, never handed out for mutation), by case id. */
  const written = new Map<string, SqlRow>();
  const remember = (row: SqlRow): void => {
    const id = row.id as string;
    written.delete(id);
    written.set(id, row);
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
  const insertInto = (table: string, row: SqlRow): void => {
    const cols = Object.keys(row);
    const key = `i:${table}:${cols.join(',')}`;
    let st = dynamic.get(key);
    if (!st) st = cache(key, `insert into ${table} (${cols.map(quote).join(', ')}) values (${cols.map(() => '?').join(', ')})`);
    const values = new Array<unknown>(cols.length);
    for (let i = 0; i < cols.length; i++) values[i] = row[cols[i]!];
    st.run(values);
  };

  class Refused extends Error {}

  const insertTx = native.transaction((districtCode: string, day: string, build: (serial: number) => { row: SqlRow; events: SqlRow[] }) => {
    const r = serial.get(districtCode, day) as { last: number | bigint };
    const { row, events } = build(Number(r.last));
    insertInto('cases', row);
    for (const e of events) insertInto('case_events', e);
    return row;
  });

  const appendTx = native.transaction((id: string, version: number, changes: SqlRow, events: SqlRow[], _after: SqlRow) => {
    const cols = Object.keys(changes);
    const key = `u:${cols.join(',')}`;
    let st = dynamic.get(key);
    if (!st) st = cache(key, `update cases set ${cols.map((c) => `${quote(c)} = ?`).join(', ')} where id = ? and version = ?`);
    const values = new Array<unknown>(cols.length + 2);
    for (let i = 0; i < cols.length; i++) values[i] = changes[cols[i]!];
    values[cols.length] = id;
    values[cols.length + 1] = version;
    const res = st.run(values);
    if (res.changes !== 1) throw new Refused();
    for (const e of events) insertInto('case_events', e);
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
        if (head[0] === known.version && head[1] === known.last_hash) return known;
        written.delete(id);
      }
      return byId(id);
    },
    caseByIdempotencyKey: (key) => byKey(key),
    caseBySourceRef: (source, ref) => byRef(source, ref),
    insertCase(districtCode, day, build) {
      try {
        remember(insertTx.immediate(districtCode, day, build));
        return true;
      } catch (e) {
        if (isUniqueViolation(e)) return false;
        throw e;
      }
    },
    append(id, version, changes, events, after) {
      try {
        appendTx.immediate(id, version, changes, events, after);
        remember(after);
        return true;
      } catch (e) {
        if (e instanceof Refused || isUniqueViolation(e)) return false;
        throw e;
      }
    },
  };
}
