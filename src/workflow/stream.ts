/**
 * What the kit's store needs to know about one kind of record: its projection table and how a
 * record maps onto its columns, its event table and how an event maps onto its columns, and how
 * an event is made from a draft. A workflow declares this once (cases: src/cases/stream.ts); the
 * store (store.ts, store-sqlite.ts) knows nothing else about it. Pure.
 */
import { conflict, notFound, type AppError } from '../core/errors.js';
import { fromJson, toJson } from '../store/dialect.js';
import { GENESIS_HASH, canonicalJson, chainOf, type Chain, type ChainedFields } from './chain.js';

export type SqlRow = Record<string, unknown>;

/** Every record of a stream carries these (the projection's id, the seq of its last event, and that event's hash). */
export interface StreamRecord {
  id: string;
  version: number;
  lastHash: string;
}

/** An event as a command drafts it; sealing adds the stream id, seq and hashes. */
export interface EventDraft<T extends string = string> {
  type: T;
  data: Record<string, unknown>;
  actorId: string;
  role: string;
  at: number;
  lon?: number | null;
  lat?: number | null;
  attachments?: string[];
}

/** An event as stored: the draft's members plus its place in the chain. */
export interface StoredEvent extends ChainedFields {
  hash: string;
}

/** An event ready to store: `dataJson` is the canonical JSON of its data (hashed, and stored as is). */
export interface SealedEvent<E, A = unknown> {
  event: E;
  audience: A;
  dataJson?: string;
}

/**
 * A projection column: its name, how it is read off a record, and how the value is stored: `json`
 * (JSON text), or a function giving the stored form of a non-null value (a coded text column, see
 * text-codec.ts; applied only when the value changed).
 */
export type Column<R> = readonly [column: string, read: (r: R) => unknown, store?: 'json' | ((v: unknown) => unknown)];

/**
 * Serials for human-readable codes (案卷编号 …), counted per key (district and day …) in a counter
 * table `table(keys…, last)`; `uniqueColumn` is the projection column whose unique index catches a
 * serial another process took first.
 */
export interface SerialSpec {
  table: string;
  keys: readonly string[];
  uniqueColumn: string;
}

export interface StreamSpec<R extends StreamRecord, E extends StoredEvent, A = unknown> {
  /** A short name for logs and published events (`case`). */
  name: string;
  /** The projection table; its `id` and `version` columns are the guard. */
  table: string;
  /** Every projection column but `id`. A JSON member is unchanged when it is the very same value (records are never mutated). */
  columns: readonly Column<R>[];
  /**
   * Projection columns of bytes (`bytea` on PostgreSQL, a BLOB on SQLite), whose stored values are
   * Buffers (`storedBytes`): cases keep `last_hash` so.
   */
  binaryColumns?: readonly string[];
  rowToRecord(row: SqlRow): R;
  /** A copy of the record with a new version and chain head (the literal copy the workflow keeps, see cases/record.ts `revise`). */
  stamp(r: R, version: number, lastHash: string): R;
  events: {
    table: string;
    /** The column holding the stream's id (or its number, see `streamNumber`). */
    streamColumn: string;
    /**
     * The projection column holding the record's number, when the event table keys its rows by
     * that number instead of the id (the case log, migration 0246: an integer instead of a 36-character
     * UUID in every event row and primary-key entry). `streamColumn` then holds the number, and the
     * stores fill it in from the projection row: the number is assigned when the row is inserted
     * (SQLite: one more than the highest in the projection and the log; PostgreSQL: a sequence, the
     * column's default). `values` still gives the record's id in its place; `fromRow` gets the id.
     */
    streamNumber?: string;
    /** The member naming the stream in the event, also its name in the hashed text (`caseId`). */
    streamKey: string;
    /** Columns of an event row, in the order `values` gives them. */
    columns: readonly string[];
    /** Columns whose values are JSON text. */
    jsonColumns: readonly string[];
    /**
     * Columns of bytes (`bytea` on PostgreSQL, a BLOB or text on SQLite): a value is a Buffer or a
     * string (its UTF-8 bytes). See data-codec.ts for what the case log keeps so.
     */
    binaryColumns?: readonly string[];
    /**
     * The table keeps no `prev_hash`: an event's prevHash is the hash of the event before it (the
     * genesis hash for seq 1), filled in by the store's `events()`. The hash still covers it, so a
     * deleted, inserted or reordered row breaks the next event's hash (or leaves a seq gap).
     */
    derivedPrevHash?: boolean;
    /** An event row as values in `columns` order (JSON as text). */
    values(e: SealedEvent<E, A>, r: R): unknown[];
    /** The event of a row; `streamId` is the record's id (the row holds its number under `streamNumber`). */
    fromRow(row: SqlRow, streamId: string): E;
    /** The event of a draft, before its hash (the kit sets `hash`). */
    make(streamId: string, seq: number, d: EventDraft, prevHash: string): E;
    /** Who hears of an event; `last` is true for the last event of a write. */
    audience?(type: string, next: R, last: boolean): A;
  };
  serials?: SerialSpec;
  /** The projection columns of a stage clock's light crossings (`warn_at`, `due_at`, `light`), for the sweeper's candidates. */
  clock?: { warnAt: string; dueAt: string; light: string };
  /** Idempotent intake: unique lookups that return an earlier record instead of a new one. */
  lookups?: Readonly<Record<string, readonly string[]>>;
  errors: {
    notFound(id: string): AppError;
    conflict(id: string, expected: number, current?: number): AppError;
  };
}

/** The code of the spec's version-conflict error. */
export const conflictCode = (spec: StreamSpec<any, any, any>): string => spec.errors.conflict('', 0).code;

const stored = (v: unknown, store: Column<unknown>[2]): unknown => (store === undefined || v === null ? v : store === 'json' ? toJson(v) : store(v));

export function recordToRow<R extends StreamRecord>(spec: StreamSpec<R, any, any>, r: R): SqlRow {
  const row: SqlRow = { id: r.id };
  for (const [column, read, json] of spec.columns) row[column] = stored(read(r), json);
  return row;
}

/** Only the columns that changed between two records: a lean UPDATE per action. */
export function changedColumns<R extends StreamRecord>(spec: StreamSpec<R, any, any>, prev: R, next: R): SqlRow {
  const out: SqlRow = {};
  for (const [column, read, json] of spec.columns) {
    const v = read(next);
    if (v !== read(prev)) out[column] = stored(v, json);
  }
  return out;
}

export function eventRow<R extends StreamRecord, E extends StoredEvent, A>(spec: StreamSpec<R, E, A>, e: SealedEvent<E, A>, r: R): SqlRow {
  const values = spec.events.values(e, r);
  const cols = spec.events.columns;
  const row: SqlRow = {};
  for (let i = 0; i < cols.length; i++) row[cols[i]!] = values[i];
  return row;
}

/** Event rows as one JSON array text (PostgreSQL's jsonb_populate_recordset): JSON columns go in as they are stored. */
export function eventRowsJson<R extends StreamRecord, E extends StoredEvent, A>(spec: StreamSpec<R, E, A>, events: ReadonlyArray<SealedEvent<E, A>>, r: R): string {
  const cols = spec.events.columns;
  const json = spec.events.jsonColumns;
  const binary = spec.events.binaryColumns ?? [];
  // A stream number is not known here: the batch statement takes it from the projection row (store-pg.ts).
  const skip = spec.events.streamNumber ? spec.events.streamColumn : undefined;
  let out = '[';
  for (let j = 0; j < events.length; j++) {
    const values = spec.events.values(events[j]!, r);
    let o = '{';
    let first = true;
    for (let i = 0; i < cols.length; i++) {
      const v = values[i];
      const c = cols[i]!;
      if (c === skip) continue;
      o += `${first ? '' : ','}"${c}":${v === null || v === undefined ? 'null' : json.includes(c) ? (v as string) : binary.includes(c) ? byteaJson(v) : JSON.stringify(v)}`;
      first = false;
    }
    out += `${j ? ',' : ''}${o}}`;
  }
  return `${out}]`;
}

/**
 * Bytes for a projection column of bytes (`binaryColumns`): a Buffer that goes into JSON as the hex
 * string PostgreSQL reads into `bytea` (the PostgreSQL write path sends a row as JSON), and that the
 * SQLite path binds as a BLOB.
 */
export function storedBytes(b: Buffer): Buffer {
  Object.defineProperty(b, 'toJSON', { value: () => `\\x${b.toString('hex')}` });
  return b;
}

/** Bytes as a JSON string PostgreSQL reads into `bytea` (hex form; a string stands for its UTF-8 bytes). */
const byteaJson = (v: unknown): string => `"\\\\x${(typeof v === 'string' ? Buffer.from(v, 'utf8') : (v as Buffer)).toString('hex')}"`;

export { fromJson };

/** The chain of a stream kind. */
export const chainFor = (spec: StreamSpec<any, any, any>): Chain => chainOf(spec.events.streamKey);

const NO_AUDIENCE = undefined;

/**
 * Seq numbers and hashes for the drafts, continuing the record's chain, and who hears of each.
 * Returns the sealed events and the new version and chain head.
 */
export function seal<R extends StreamRecord, E extends StoredEvent, A>(
  spec: StreamSpec<R, E, A>,
  chain: Chain,
  prev: Pick<R, 'id' | 'version' | 'lastHash'>,
  drafts: readonly EventDraft[],
  next: R,
): { events: Array<SealedEvent<E, A>>; version: number; lastHash: string } {
  let seq = prev.version;
  let prevHash = prev.version === 0 ? GENESIS_HASH : prev.lastHash;
  const out: Array<SealedEvent<E, A>> = [];
  const audience = spec.events.audience;
  for (let i = 0; i < drafts.length; i++) {
    const d = drafts[i]!;
    seq += 1;
    const event = spec.events.make(prev.id, seq, d, prevHash);
    const dataJson = canonicalJson(d.data);
    event.hash = chain.hashEvent(event, dataJson);
    out.push({ event, audience: audience ? audience(d.type, next, i === drafts.length - 1) : (NO_AUDIENCE as A), dataJson });
    prevHash = event.hash;
  }
  return { events: out, version: seq, lastHash: prevHash };
}

/** The usual refusals of a stream kind: `<NAME>_NOT_FOUND` (404) and `<NAME>_VERSION_CONFLICT` (409), named in Chinese by `zh`. */
export function streamErrors(name: string, zh: string): StreamSpec<any, any, any>['errors'] {
  const code = name.toUpperCase();
  return {
    notFound: (id) => notFound(`${code}_NOT_FOUND`, `${zh}不存在`, `No such ${name}`, { id }),
    conflict: (id, expected, current) => conflict(`${code}_VERSION_CONFLICT`, `${zh}已被他人更新，请刷新后重试`, `The ${name} was changed by someone else; reload and try again`, { id, expectedVersion: expected, currentVersion: current }),
  };
}
