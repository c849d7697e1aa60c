/**
 * The kit's store: streams of hash-chained events with a projection row, for any StreamSpec.
 * Load, create, append with the version guard (a stale write changes nothing and throws the spec's
 * conflict, a 409), the hash chain per stream, the projection written in the same transaction.
 *
 * - SQLite: group commit on the writer thread with prepared statements (store-sqlite.ts); records
 *   this process wrote are remembered and acted on without reading the row.
 * - PostgreSQL: group commit too (store-pg.ts): writes arriving together go as one statement with
 *   one JSON parameter, one commit; records this process wrote are remembered there as well.
 * - A Kysely transaction open on SQLite's main connection: a plain Kysely transaction.
 *
 * `update` is how a workflow acts: it runs `decide` on the record (the remembered one when there
 * is one) and appends what it returns; when the version guard refuses a write based on a
 * remembered record, or `decide` refuses it, the record is read as stored and decided once more —
 * so no answer rests on a stale record. After each commit the store calls `afterCommit`, the one
 * place a workflow publishes its events from.
 */
import { sql, type Kysely } from 'kysely';
import { isAppError, type AppError } from '../core/errors.js';
import type { Db } from '../store/db.js';
import { isUniqueViolation } from '../store/dialect.js';
import { GENESIS_HASH, type ChainReport } from './chain.js';
import { checkOf, registerStream } from './registry.js';
import { pgStreamStore } from './store-pg.js';
import { forgetRemembered, nativeStreamStore, nextStreamNumber } from './store-sqlite.js';
import {
  chainFor, changedColumns, conflictCode, eventRow, eventRowsJson, recordToRow, seal,
  type EventDraft, type SealedEvent, type SqlRow, type StoredEvent, type StreamRecord, type StreamSpec,
} from './stream.js';

/** What `decide` returns: the record after the action and the events that say so. */
export interface Decision<R> {
  next: R;
  drafts: EventDraft[];
}

/** Called once a write is committed, with the stored record and its sealed events. */
export type AfterCommit<R, E, A> = (record: R, events: ReadonlyArray<SealedEvent<E, A>>) => void;

export interface RecordStore<R extends StreamRecord, E extends StoredEvent, A = unknown> {
  readonly spec: StreamSpec<R, E, A>;
  /** A record as stored now (SQLite: a prepared statement). */
  load(id: string): Promise<R | undefined>;
  /** The record found by a unique lookup of the spec (an idempotency key …), as stored. */
  lookup(name: string, values: readonly string[]): Promise<R | undefined>;
  /**
   * Creates a record with its first events in one write. `build` gets the serial of `serialKey`
   * (0 without one) and returns the record at version 0 and its drafts. Undefined when a unique
   * index (an idempotency key) refused it: the caller then reads the winner.
   */
  create(serialKey: readonly string[] | null, build: (serial: number) => Decision<R>): Promise<R | undefined>;
  /** Appends events after `prev`, guarded by its version; returns the stored record. */
  append(prev: R, next: R, drafts: readonly EventDraft[]): Promise<R>;
  /**
   * Acts on a record: `decide` gets it (this process's remembered copy when it has one at
   * `expectedVersion`) and its decision is appended; see the file comment for the retry.
   */
  update(id: string, expectedVersion: number, decide: (r: R) => Decision<R> | Promise<Decision<R>>): Promise<R>;
  /** The stream's events in seq order. */
  events(id: string): Promise<E[]>;
  /** Recomputes a stream's chain and checks that the projection points at its head. */
  verify(id: string): Promise<ChainReport & { record: R }>;
  /** Records whose clock owes a light event at `now` (the spec's `clock` columns), most overdue first. */
  dueForLight(now: number, limit: number): Promise<R[]>;
  /** Group-commit counters: batches committed, writes in them, batches run again write by write. */
  stats(): { commits: number; writes: number; retried: number; plans?: number } | undefined;
}

export function createRecordStore<R extends StreamRecord, E extends StoredEvent, A>(
  db: Db,
  spec: StreamSpec<R, E, A>,
  opts: { afterCommit?: AfterCommit<R, E, A>; /** Leave the stream out of the registry (src/workflow/registry.ts): it is not sealed. */ unregistered?: boolean } = {},
): RecordStore<R, E, A> {
  const chain = chainFor(spec);
  const conflict = conflictCode(spec);
  const after = opts.afterCommit;
  const k = db.kysely as unknown as Kysely<any>;
  const table = spec.table;
  const ev = spec.events;
  const num = ev.streamNumber;
  /** The record's number by its id (a log keyed by numbers, StreamSpec.events.streamNumber), or the id. */
  const streamRef = (id: string) => (num ? sql`(select ${sql.ref(num)} from ${sql.table(table)} where id = ${id})` : id);
  /** Rows for the Kysely path: a new projection row gets its number (PostgreSQL: the column's default), an event row the record's. */
  const numberedRow = (row: SqlRow): SqlRow => (num && db.dialect === 'sqlite' ? { ...row, [num]: sql.raw(nextStreamNumber(spec)) } : row);
  const numberedEvent = (row: SqlRow, id: string): SqlRow => (num ? { ...row, [ev.streamColumn]: streamRef(id) } : row);

  async function load(id: string): Promise<R | undefined> {
    const n = nativeStreamStore(db, spec);
    if (n) {
      const row = n.byId(id);
      return row && spec.rowToRecord(row);
    }
    const p = pgStreamStore(db, spec);
    const r = p ? await p.byId(id) : await k.selectFrom(table).selectAll().where('id', '=', id).executeTakeFirst();
    return r ? spec.rowToRecord(r) : undefined;
  }

  async function lookup(name: string, values: readonly string[]): Promise<R | undefined> {
    const n = nativeStreamStore(db, spec);
    if (n) {
      const row = n.lookup(name, values);
      return row && spec.rowToRecord(row);
    }
    const cols = spec.lookups?.[name];
    if (!cols) throw new Error(`${spec.name}: no lookup ${name}`);
    let q = k.selectFrom(table).selectAll();
    for (let i = 0; i < cols.length; i++) q = q.where(cols[i]!, '=', values[i]);
    const r = await q.executeTakeFirst();
    return r ? spec.rowToRecord(r) : undefined;
  }

  async function nextSerial(tx: Kysely<any>, key: readonly string[]): Promise<number> {
    const s = spec.serials!;
    const cols = sql.join(s.keys.map((c) => sql.ref(c)));
    const r = await sql<{ last: number }>`insert into ${sql.table(s.table)} (${cols}, last) values (${sql.join(key)}, 1)
      on conflict (${cols}) do update set last = ${sql.table(s.table)}.last + 1 returning last`.execute(tx);
    return Number(r.rows[0]!.last);
  }

  async function create(serialKey: readonly string[] | null, build: (serial: number) => Decision<R>): Promise<R | undefined> {
    let record: R | undefined;
    let events: Array<SealedEvent<E, A>> = [];
    const sealAll = (serial: number): R => {
      const d = build(serial);
      const s = seal(spec, chain, d.next, d.drafts, d.next);
      events = s.events;
      record = spec.stamp(d.next, s.version, s.lastHash);
      return record;
    };
    const n = nativeStreamStore(db, spec);
    const p = n ? undefined : pgStreamStore(db, spec);
    if (p) {
      const ok = await p.insert(serialKey, (serial) => {
        const r = sealAll(serial);
        return { record: r, row: recordToRow(spec, r), eventsJson: eventRowsJson(spec, events, r) };
      });
      if (!ok) return undefined;
    } else if (n) {
      const ok = await n.insert(serialKey, (serial) => {
        const r = sealAll(serial);
        return { record: r, row: recordToRow(spec, r), events: events.map((e) => ev.values(e, r)) };
      });
      if (!ok) return undefined;
    } else {
      try {
        await k.transaction().execute(async (tx) => {
          const serial = serialKey ? await nextSerial(tx, serialKey) : 0;
          const r = sealAll(serial);
          await tx.insertInto(table).values(numberedRow(recordToRow(spec, r))).execute();
          await tx.insertInto(ev.table).values(events.map((e) => numberedEvent(eventRow(spec, e, r), r.id))).execute();
        });
      } catch (e) {
        if (isUniqueViolation(e)) return undefined;
        throw e;
      }
    }
    after?.(record!, events);
    return record;
  }

  async function write(prev: R, next: R, events: Array<SealedEvent<E, A>>): Promise<void> {
    const changes = changedColumns(spec, prev, next);
    const n = nativeStreamStore(db, spec);
    if (n) {
      const values = new Array<unknown[]>(events.length);
      for (let i = 0; i < events.length; i++) values[i] = ev.values(events[i]!, next);
      if (!(await n.append(prev.id, prev.version, changes, values, next))) throw spec.errors.conflict(prev.id, prev.version);
      return;
    }
    const p = pgStreamStore(db, spec);
    if (p) {
      if (!(await p.append(prev.id, prev.version, changes, eventRowsJson(spec, events, next), next))) throw spec.errors.conflict(prev.id, prev.version);
      return;
    }
    // Written another way than the native store (a Kysely transaction is open): what it remembers goes stale.
    forgetRemembered(db, spec, prev.id);
    try {
      await k.transaction().execute(async (tx) => {
        const res = await tx.updateTable(table).set(changes).where('id', '=', prev.id).where('version', '=', prev.version).executeTakeFirst();
        if (Number(res.numUpdatedRows) !== 1) throw spec.errors.conflict(prev.id, prev.version);
        await tx.insertInto(ev.table).values(events.map((e) => numberedEvent(eventRow(spec, e, next), next.id))).execute();
      });
    } catch (e) {
      if (isUniqueViolation(e)) throw spec.errors.conflict(prev.id, prev.version);
      throw e;
    }
  }

  async function append(prev: R, next: R, drafts: readonly EventDraft[]): Promise<R> {
    const sealed = seal(spec, chain, prev, drafts, next);
    const stored = spec.stamp(next, sealed.version, sealed.lastHash);
    await write(prev, stored, sealed.events);
    after?.(stored, sealed.events);
    return stored;
  }

  async function decideAndAppend(r: R, decide: (r: R) => Decision<R> | Promise<Decision<R>>): Promise<R> {
    const pending = decide(r);
    const d = pending instanceof Promise ? await pending : pending;
    return append(r, d.next, d.drafts);
  }

  async function update(id: string, expectedVersion: number, decide: (r: R) => Decision<R> | Promise<Decision<R>>): Promise<R> {
    const known = (nativeStreamStore(db, spec) ?? pgStreamStore(db, spec))?.remembered(id);
    if (!known) {
      const r = await load(id);
      if (!r) throw spec.errors.notFound(id);
      return decideAndAppend(r, decide);
    }
    // The record this process wrote last. Another process may have moved it since: the write's
    // version guard catches that. When it does, when the versions differ, or when the action is
    // refused, the record is read as stored and — unless it is the very record that was refused —
    // decided once more.
    let refusal: AppError | undefined;
    if (known.version === expectedVersion) {
      try {
        return await decideAndAppend(known, decide);
      } catch (e) {
        if (!isAppError(e)) throw e;
        refusal = e;
      }
    }
    const r = await load(id);
    if (!r) throw spec.errors.notFound(id);
    if (refusal && r.version === known.version && refusal.code !== conflict) throw refusal;
    return decideAndAppend(r, decide);
  }

  async function events(id: string): Promise<E[]> {
    const rows = await k.selectFrom(ev.table).select(ev.columns as string[]).where(ev.streamColumn, '=', streamRef(id)).orderBy('seq').execute();
    const out = rows.map((row) => ev.fromRow(row as SqlRow, id));
    // No stored prev_hash: each event follows the one read before it (see StreamSpec.events.derivedPrevHash).
    if (ev.derivedPrevHash) for (let i = 0; i < out.length; i++) out[i]!.prevHash = i === 0 ? GENESIS_HASH : out[i - 1]!.hash;
    return out;
  }

  async function verify(id: string): Promise<ChainReport & { record: R }> {
    const r = await k.selectFrom(table).selectAll().where('id', '=', id).executeTakeFirst();
    if (!r) throw spec.errors.notFound(id);
    const record = spec.rowToRecord(r);
    const report = chain.verifyChain(await events(id));
    // The projection must point at the head of the chain, too.
    if (report.ok && (report.head !== record.lastHash || report.events !== record.version)) {
      return { ...report, ok: false, record, breaksAt: { seq: report.events, problem: 'head_mismatch', expected: `${report.events}:${report.head}`, found: `${record.version}:${record.lastHash}` } };
    }
    return { ...report, record };
  }

  async function dueForLight(now: number, limit: number): Promise<R[]> {
    const c = spec.clock;
    if (!c) throw new Error(`${spec.name}: no clock columns`);
    const rows = await k.selectFrom(table).selectAll()
      .where((eb) => eb.or([
        eb.and([eb(c.light, '=', 'green'), eb(c.warnAt, 'is not', null), eb(c.warnAt, '<=', now)]),
        eb.and([eb(c.light, '<>', 'red'), eb(c.dueAt, 'is not', null), eb(c.dueAt, '<', now)]),
      ]))
      .orderBy(c.warnAt).limit(limit).execute();
    return rows.map((r) => spec.rowToRecord(r));
  }

  const store: RecordStore<R, E, A> = {
    spec, load, lookup, create, append, update, events, verify, dueForLight,
    stats: () => (db.writer ? db.writer.stats() : pgStreamStore(db, spec)?.stats()),
  };
  // Every stream kind is known to whatever runs over all of them: sealing, the integrity report.
  if (!opts.unregistered) registerStream(db, { kind: spec.name, spec, check: async (id) => checkOf(await verify(id)) });
  return store;
}
