/**
 * A stream whose record is one JSON document plus the few columns it is found by: the shape of
 * small workflows (patrol shifts, command levels, instructions, incidents, plans) that need the kit's
 * hash-chained events, version guard and clocks but no column per member. Gives the StreamSpec and
 * the migration step for its two tables. Pure but for the migration helper.
 */
import type { ColumnDataType, Kysely } from 'kysely';
import type { Dialect } from '../store/db.js';
import { jsonColumn } from '../store/dialect.js';
import type { StageClock } from './clock.js';
import { fromJson, streamErrors, type Column, type EventDraft, type SqlRow, type StoredEvent, type StreamRecord, type StreamSpec } from './stream.js';
import { eventTable } from '../store/event-table.js';

export interface DocRecord extends StreamRecord {
  state: string;
  updatedAt: number;
}

export interface DocEvent extends StoredEvent {
  streamId: string;
}

export interface DocStreamOptions<R extends DocRecord> {
  name: string;
  zh: string;
  table: string;
  eventsTable: string;
  /** Columns the record is found by, besides id/state/updated_at: name, type, reader. */
  indexed: ReadonlyArray<readonly [column: string, type: ColumnDataType, read: (r: R) => unknown]>;
  /** The record's stage clock, when it has one (warn_at, due_at, light columns for the sweeper). */
  clock?: (r: R) => StageClock<string, string>;
  lookups?: Readonly<Record<string, readonly string[]>>;
}

const EVENT_COLUMNS = ['stream_id', 'seq', 'type', 'data', 'actor_id', 'role', 'at', 'prev_hash', 'hash'];
const BASE = new Set(['id', 'version', 'lastHash']);

function docOf<R extends DocRecord>(r: R): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(r)) if (!BASE.has(k)) out[k] = v;
  return out;
}

export function docStream<R extends DocRecord>(o: DocStreamOptions<R>): StreamSpec<R, DocEvent> {
  const columns: Column<R>[] = [
    ['version', (r) => r.version], ['last_hash', (r) => r.lastHash], ['state', (r) => r.state], ['updated_at', (r) => r.updatedAt],
    ['doc', docOf, 'json'],
    ...o.indexed.map(([c, , read]) => [c, read] as Column<R>),
  ];
  const clock = o.clock;
  if (clock) columns.push(['warn_at', (r) => clock(r).warnAt], ['due_at', (r) => clock(r).dueAt], ['light', (r) => clock(r).light]);
  return {
    name: o.name,
    table: o.table,
    columns,
    rowToRecord: (row: SqlRow) => ({ ...fromJson<Record<string, unknown>>(row.doc), id: row.id as string, version: Number(row.version), lastHash: row.last_hash as string }) as unknown as R,
    stamp: (r, version, lastHash) => ({ ...r, version, lastHash }),
    events: {
      table: o.eventsTable, streamColumn: 'stream_id', streamKey: 'streamId', columns: EVENT_COLUMNS, jsonColumns: ['data'],
      values: ({ event: e, dataJson }) => [e.streamId, e.seq, e.type, dataJson, e.actorId, e.role, e.at, e.prevHash, e.hash],
      fromRow: (r) => ({
        streamId: r.stream_id as string, seq: Number(r.seq), type: r.type as string, data: fromJson(r.data), actorId: r.actor_id as string,
        role: r.role as string, at: Number(r.at), lon: null, lat: null, attachments: [], prevHash: r.prev_hash as string, hash: r.hash as string,
      }),
      make: (streamId: string, seq: number, d: EventDraft, prevHash: string): DocEvent => ({
        streamId, seq, type: d.type, data: d.data, actorId: d.actorId, role: d.role, at: d.at, lon: null, lat: null, attachments: [], prevHash, hash: '',
      }),
    },
    ...(clock ? { clock: { warnAt: 'warn_at', dueAt: 'due_at', light: 'light' } } : {}),
    ...(o.lookups ? { lookups: o.lookups } : {}),
    errors: streamErrors(o.name, o.zh),
  };
}

/** The projection table of a doc stream, as Kysely sees it (the capability adds its indexed columns). */
export interface DocStreamTable {
  id: string;
  version: number;
  last_hash: string;
  state: string;
  updated_at: number;
  doc: unknown;
}

/** The event table of a doc stream, as Kysely sees it. */
export interface DocStreamEventsTable {
  stream_id: string;
  seq: number;
  type: string;
  data: unknown;
  actor_id: string;
  role: string;
  at: number;
  prev_hash: string;
  hash: string;
}

/** The migration step of a doc stream: its projection and event tables (indexes are the caller's). */
export interface DocTables {
  table: string;
  eventsTable: string;
  indexed: ReadonlyArray<readonly [column: string, type: ColumnDataType, ...rest: unknown[]]>;
  /** Adds warn_at, due_at and light (a stage clock). */
  clock?: boolean;
}

export async function createDocTables(db: Kysely<any>, dialect: Dialect, o: DocTables): Promise<void> {
  const json = jsonColumn(dialect);
  let t = db.schema.createTable(o.table)
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('last_hash', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('doc', json, (c) => c.notNull());
  for (const [c, type] of o.indexed) t = t.addColumn(c, type);
  if (o.clock) t = t.addColumn('warn_at', 'bigint').addColumn('due_at', 'bigint').addColumn('light', 'text', (c) => c.notNull().defaultTo('green'));
  await t.execute();
  await eventTable(db, o.eventsTable, { streamColumn: 'stream_id', dataType: json }).execute();
}
