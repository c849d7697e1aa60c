/**
 * The hot statements of a stream on PostgreSQL, for any StreamSpec: group commit. Same meaning as
 * the SQLite path (store-sqlite.ts): per write, the event(s) and the projection together, the
 * projection update guarded by the version that was read.
 *
 * Writes arriving together go to PostgreSQL as ONE statement with one JSON parameter, so a batch
 * costs one round trip and one commit (one WAL flush) however many writes it carries:
 *   - the guarded UPDATEs of the batch's appends, set-based (`… from jobs where id = … and version = …`),
 *     each setting only the columns its write changed; RETURNING says which appends matched;
 *   - the projection rows of its creates, and their serial counters raised to the highest serial used;
 *   - the event rows of every create and of every append that matched — and of no other (a log keyed
 *     by the record's number gets it from the rows the update and the insert return).
 * A stale append (another write moved the record first, in this batch, in an earlier one or in
 * another process) matches no row: its events are not inserted, nothing of it is written, and
 * its caller gets a conflict (409) while the others commit. Two appends of one batch on the same
 * version of a record: the UPDATE takes one, RETURNING names it, the other is stale.
 * When the statement fails as a whole (a unique index refused a create — an idempotency key, a
 * serial another process took —, a deadlock with another process, …), nothing of the batch is
 * written, and every job is run again alone, so only the one that fails is refused.
 *
 * Batches: writes made in one turn of the event loop go together on the next; writes that arrive
 * while MAX_IN_FLIGHT batches are in flight (each on its own pooled connection) wait for the next
 * one, up to PG_MAX_BATCH a batch. So one write at a time costs one round trip, and under load the
 * batches grow. A busy turn (callers resuming from a committed batch) sends its first EAGER_BATCH
 * writes at once, so PostgreSQL works on them while Node makes the rest (+26 % lifecycles/s).
 *
 * Records this process wrote are remembered (a bounded map per stream kind), so the next write acts
 * on them without reading the row, and serials are counted in memory from the stored counter, as on
 * SQLite (see store-sqlite.ts); the version guard and the code's unique index catch what another
 * process did meanwhile, and the kit store (store.ts) then reads the row and runs again.
 */
import type pg from 'pg';
import { isUniqueViolation } from '../store/dialect.js';
import { beforePoolEnd, type Db } from '../store/db.js';
import { quote } from './store-sqlite.js';
import type { SqlRow, StreamRecord, StreamSpec } from './stream.js';
import { storePerTable } from './store-cache.js';

/** Writes in one batch at most. */
export const PG_MAX_BATCH = 64;
/** Batches sent and not yet answered, at most (each holds a pooled connection). */
const MAX_IN_FLIGHT = 3;
const MAX_REMEMBERED = 20_000;
/** Writes queued in one turn that leave at once, without waiting for the turn to end. */
const EAGER_BATCH = PG_MAX_BATCH / 2;
const SERIAL_ATTEMPTS = 20;

export interface PgStreamStore<R extends StreamRecord> {
  remembered(id: string): R | undefined;
  forget(id: string): void;
  /** The projection row by id, as stored now. */
  byId(id: string): Promise<SqlRow | undefined>;
  /**
   * The projection row and its events (`eventsJson`: a JSON array of event rows), committed; with a
   * serial of `serialKey` when given. False when a unique index other than the serial's refused it.
   */
  insert(serialKey: readonly string[] | null, build: (serial: number) => { record: R; row: SqlRow; eventsJson: string }): Promise<boolean>;
  /** Guarded update of the changed columns and the events, in one commit; false (nothing written) when stale. */
  append(id: string, version: number, changes: SqlRow, eventsJson: string, after: R): Promise<boolean>;
  /** `plans`: how many times the batch statement was prepared anew as the table grew (see createPgStore). */
  stats(): { commits: number; writes: number; retried: number; plans: number };
}

/** A job's outcome: 1 written, 0 stale (append), or the unique violation's detail (create). */
type Outcome = 1 | 0 | { unique: string };

interface Job {
  /** The job as a JSON object text without its index. */
  json: string;
  /** The record an append acts on; null for a create. */
  id: string | null;
  resolve(o: Outcome): void;
  reject(e: unknown): void;
}

const cmp = (a: string | null, b: string | null): number => (a === b ? 0 : a === null ? -1 : b === null ? 1 : a < b ? -1 : 1);

const stores = new WeakMap<pg.Pool, Map<string, PgStreamStore<any>>>();

/** The PostgreSQL store of a stream kind, or undefined on SQLite. */
export function pgStreamStore<R extends StreamRecord>(db: Db, spec: StreamSpec<R, any, any>): PgStreamStore<R> | undefined {
  const pool = db.pool;
  if (!pool) return undefined;
  return storePerTable(stores, pool, spec.table, () => createPgStore(pool, spec));
}

/** A JSON object text of a row: JSON columns go in as the JSON text they hold, the rest as JSON values. */
export function rowJson(row: SqlRow, jsonColumns: ReadonlySet<string>): string {
  let o = '{';
  let first = true;
  for (const name in row) {
    const v = row[name];
    o += `${first ? '' : ','}"${name}":${v === null || v === undefined ? 'null' : jsonColumns.has(name) ? (v as string) : JSON.stringify(v)}`;
    first = false;
  }
  return `${o}}`;
}

/**
 * The batch statement of a stream: see the file comment. $1 is a JSON array of jobs `{i, id, v, c, e}`
 * (append) or `{i, r, s, e}` (create); $2 the ids of the appends, so the planner finds their rows by
 * the primary key (it cannot see into $1, and would otherwise hash-join a scan of the whole table).
 */
export function batchStatement(spec: StreamSpec<any, any, any>): string {
  const t = quote(spec.table);
  const et = quote(spec.events.table);
  const cols = spec.columns.map(([c]) => c);
  const sets = cols.map((c) => `${quote(c)} = case when j.c ? '${c}' then r.${quote(c)} else p.${quote(c)} end`).join(', ');
  const ecols = spec.events.columns.map(quote).join(', ');
  // A log keyed by the record's number (StreamSpec.events.streamNumber) takes it from the projection
  // row: RETURNING of the update and of the insert (a trigger or a subquery of this statement would
  // not see the row the insert makes; the number is the column's default, a sequence).
  const num = spec.events.streamNumber;
  const eSel = spec.events.columns.map((c) => (num && c === spec.events.streamColumn ? 'w.stream_no' : `r.${quote(c)}`)).join(', ');
  const created = num
    ? `(select e, stream_no from u union all select j.e, n.stream_no from j join n on n.id = j.r->>'id')`
    : '(select e from u union all select e from j where j.r is not null)';
  const all = ['id', ...cols];
  // Counters raised in key order: two batches raising the same two counters (a district's new day in
  // two processes) lock their rows in one order, never crosswise (a deadlock, a second's wait).
  const serial = spec.serials
    ? `, s as (insert into ${quote(spec.serials.table)} (${spec.serials.keys.map(quote).join(', ')}, last)
        select ${spec.serials.keys.map((k) => `r.${quote(k)}`).join(', ')}, max(r.last) from j cross join lateral jsonb_populate_record(null::${quote(spec.serials.table)}, j.s) r
        where j.s is not null group by ${spec.serials.keys.map((k) => `r.${quote(k)}`).join(', ')} order by ${spec.serials.keys.map((k) => `r.${quote(k)}`).join(', ')}
        on conflict (${spec.serials.keys.map(quote).join(', ')}) do update set last = greatest(${quote(spec.serials.table)}.last, excluded.last))`
    : '';
  return `with j as (select (x->>'i')::int as i, x->>'id' as id, (x->>'v')::int as v, x->'c' as c, x->'r' as r, x->'s' as s, x->'e' as e
      from jsonb_array_elements($1::jsonb) x),
    u as (update ${t} p set ${sets}
      from j cross join lateral jsonb_populate_record(null::${t}, j.c) r
      where p.id = any($2::text[]) and j.c is not null and p.id = j.id and p.version = j.v
      returning j.i, j.e${num ? `, p.${quote(num)} as stream_no` : ''}),
    n as (insert into ${t} (${all.map(quote).join(', ')}) select ${all.map((c) => `r.${quote(c)}`).join(', ')}
      from j cross join lateral jsonb_populate_record(null::${t}, j.r) r where j.r is not null${num ? ` returning id, ${quote(num)} as stream_no` : ''})${serial},
    ev as (insert into ${et} (${ecols}) select ${eSel}
      from ${created} w cross join lateral jsonb_populate_recordset(null::${et}, w.e) r)
    select i from u`;
}

function createPgStore<R extends StreamRecord>(pool: pg.Pool, spec: StreamSpec<R, any, any>): PgStreamStore<R> {
  const table = quote(spec.table);
  const jsonCols = new Set(spec.columns.filter((c) => c[2] === 'json').map((c) => c[0]));
  const text = batchStatement(spec);
  // The statement is prepared per connection with a generic plan (db.ts), made from the table's
  // statistics of that moment: made while the table was small, it scans the whole table for every
  // batch once it is large (where autovacuum does not analyze it — it is off on the test machine).
  // So it is prepared anew, under a new name, each time this process's writes double from 1 024:
  // at most ≈ 20 plans in a process's life, each made once per pooled connection.
  const baseName = `cityloop_batch_${spec.table}`;
  let name = baseName;
  let replanAt = 1024;
  // Not a named statement: `select *` would fail as a prepared plan once a migration adds a column.
  const BY_ID = `select * from ${table} where id = $1`;
  const counters = { commits: 0, writes: 0, retried: 0, plans: 1 };

  const written = new Map<string, R>();
  const remember = (record: R): void => {
    written.delete(record.id);
    written.set(record.id, record);
    if (written.size > MAX_REMEMBERED) written.delete(written.keys().next().value!);
  };

  // ---- serials, counted in memory from the stored counter (as store-sqlite.ts) ----
  const ser = spec.serials;
  const storedSerialText = ser ? `select last from ${quote(ser.table)} where ${ser.keys.map((k, i) => `${quote(k)} = $${i + 1}`).join(' and ')}` : '';
  const takenSerial = ser ? new RegExp(`\\(${ser.uniqueColumn}\\)=`) : undefined;
  const serials = new Map<string, number>();
  const storedSerial = async (values: readonly string[]): Promise<number> =>
    Number((await pool.query<{ last: number }>(storedSerialText, values as string[])).rows[0]?.last ?? 0);
  // The first creates of a key (a district's new day) arrive together under load: they share one read.
  const reading = new Map<string, Promise<number>>();
  const takeSerial = async (key: string, values: readonly string[]): Promise<number> => {
    let last = serials.get(key);
    if (last === undefined) {
      let read = reading.get(key);
      if (!read) {
        read = storedSerial(values);
        reading.set(key, read);
        const done = () => reading.delete(key);
        read.then(done, done);
      }
      const stored = await read;
      last = Math.max(serials.get(key) ?? 0, stored); // another write of this key may have counted meanwhile
      if (serials.size > 10_000) serials.clear();
    }
    serials.set(key, last + 1);
    return last + 1;
  };
  const giveBack = (key: string, serial: number): void => {
    if (serials.get(key) === serial) serials.set(key, serial - 1);
  };

  // ---- the batcher ----
  const queue: Job[] = [];
  let inFlight = 0;
  let scheduled = false;

  const run = async (jobs: Job[], client: pg.Pool): Promise<Set<number>> => {
    // Updates in id order, so batches of several processes (two sweepers …) lock shared rows in one order.
    const order = jobs.map((_, i) => i);
    if (jobs.length > 1) order.sort((a, b) => cmp(jobs[a]!.id, jobs[b]!.id));
    let param = '[';
    const ids: string[] = [];
    for (let k = 0; k < order.length; k++) {
      const i = order[k]!;
      const job = jobs[i]!;
      param += `${k ? ',' : ''}{"i":${i},${job.json}}`;
      if (job.id !== null) ids.push(job.id);
    }
    const res = await client.query<{ i: number }>({ name, text, values: [`${param}]`, ids] });
    counters.commits += 1;
    counters.writes += jobs.length;
    if (counters.writes >= replanAt) {
      replanAt *= 2;
      counters.plans += 1;
      name = `${baseName}_${counters.plans}`;
    }
    const matched = new Set<number>();
    for (const row of res.rows) matched.add(row.i);
    return matched;
  };
  const settle = (jobs: Job[], matched: Set<number>): void => {
    for (let i = 0; i < jobs.length; i++) jobs[i]!.resolve(jobs[i]!.id !== null ? (matched.has(i) ? 1 : 0) : 1);
  };
  const refuse = (job: Job, e: unknown): void => {
    if (isUniqueViolation(e)) job.resolve(job.id !== null ? 0 : { unique: String((e as { detail?: string }).detail ?? (e as Error).message) });
    else job.reject(e);
  };
  const send = async (jobs: Job[]): Promise<void> => {
    try {
      settle(jobs, await run(jobs, pool));
      return;
    } catch (e) {
      if (jobs.length === 1) return refuse(jobs[0]!, e);
    }
    // Nothing of the batch was written: each job again alone and in order (the first of two creates
    // with one idempotency key wins, as on SQLite), so only the one that fails is refused.
    counters.retried += 1;
    for (const job of jobs) {
      try {
        settle([job], await run([job], pool));
      } catch (e) {
        refuse(job, e);
      }
    }
  };
  /** Resolved once nothing is queued or in flight (the pool's close waits for it). */
  let idle: Array<() => void> = [];
  const quiet = (): void => {
    if (queue.length || inFlight || scheduled) return;
    const waiting = idle;
    idle = [];
    for (const done of waiting) done();
  };
  beforePoolEnd(pool, () => new Promise<void>((done) => {
    idle.push(done);
    quiet();
  }));
  const launch = (jobs: Job[]): void => {
    inFlight += 1;
    void send(jobs).finally(() => {
      inFlight -= 1;
      if (queue.length && !scheduled) {
        scheduled = true;
        setImmediate(kick);
      }
      quiet();
    });
  };
  const kick = (): void => {
    scheduled = false;
    while (inFlight < MAX_IN_FLIGHT && queue.length) launch(queue.splice(0, PG_MAX_BATCH));
  };
  const submit = (json: string, id: string | null): Promise<Outcome> => new Promise<Outcome>((resolve, reject) => {
    queue.push({ json, id, resolve, reject });
    // Under load, EAGER_BATCH writes leave at once, without waiting for the turn to end: PostgreSQL
    // works on them while this turn's other callers (resumed by the batch that just committed) make
    // theirs. A whole batch sent at the turn's end would leave Node and PostgreSQL taking turns.
    if (queue.length >= EAGER_BATCH && inFlight < MAX_IN_FLIGHT) {
      launch(queue.splice(0, PG_MAX_BATCH));
      return;
    }
    // Otherwise sent on the next turn of the event loop, so writes made in this one (callers resuming
    // from one committed batch, or started together) share a batch.
    if (!scheduled) {
      scheduled = true;
      setImmediate(kick);
    }
  });

  return {
    remembered: (id) => written.get(id),
    forget: (id) => { written.delete(id); },
    async byId(id) {
      return (await pool.query<SqlRow>(BY_ID, [id])).rows[0];
    },
    stats: () => ({ ...counters }),
    async insert(serialKey, build) {
      const key = serialKey ? serialKey.join('|') : '';
      for (let attempt = 1; ; attempt++) {
        const serial = serialKey ? await takeSerial(key, serialKey) : 0;
        let built: ReturnType<typeof build>;
        try {
          built = build(serial);
        } catch (e) {
          if (serialKey) giveBack(key, serial);
          throw e;
        }
        // Without a serial there is no "s" at all: a JSON null would be a row of NULLs to the statement.
        let s = '';
        if (serialKey) {
          s = ',"s":{';
          for (let i = 0; i < ser!.keys.length; i++) s += `"${ser!.keys[i]}":${JSON.stringify(serialKey[i])},`;
          s += `"last":${serial}}`;
        }
        let outcome: Outcome;
        try {
          outcome = await submit(`"r":${rowJson(built.row, jsonCols)}${s},"e":${built.eventsJson}`, null);
        } catch (e) {
          if (serialKey) giveBack(key, serial);
          throw e;
        }
        if (outcome === 1) {
          remember(built.record);
          return true;
        }
        const detail = outcome === 0 ? '' : outcome.unique;
        if (serialKey && takenSerial!.test(detail) && attempt < SERIAL_ATTEMPTS) {
          // Another process took this serial: count on from what it stored.
          serials.set(key, Math.max(serials.get(key) ?? 0, await storedSerial(serialKey)));
          continue;
        }
        if (serialKey) giveBack(key, serial);
        return false;
      }
    },
    async append(id, version, changes, eventsJson, after) {
      const outcome = await submit(`"id":${JSON.stringify(id)},"v":${version},"c":${rowJson(changes, jsonCols)},"e":${eventsJson}`, id);
      if (outcome === 1) {
        remember(after);
        return true;
      }
      if (written.get(id)?.version === version) written.delete(id);
      return false;
    },
  };
}
