/**
 * The shape every hash-chained event log shares (a stream's id, seq, type, data, who, when, the
 * chain's two hashes, primary key (stream, seq)), so each capability's migration declares only what
 * is its own. The column order is the one the existing tables were created with: PostgreSQL's
 * `jsonb_populate_recordset` write path and the upgrade fixtures depend on it.
 */
import type { ColumnDataType, CreateTableBuilder, Kysely } from 'kysely';

export interface EventTableOptions {
  /** The column naming the stream (`case_id`, `alarm_id`, `stream_id` …). */
  streamColumn: string;
  /** The type of `data`: usually `jsonColumn(dialect)`. */
  dataType: ColumnDataType;
  /** Evidence hashes carried by the event (a JSON array), between `at` and the chain's hashes. */
  attachments?: ColumnDataType;
  /** The type of `at` (epoch ms). */
  atType?: ColumnDataType;
  ifNotExists?: boolean;
}

/** The table builder with the shared columns and the primary key; add columns of your own, then `execute()`. */
export function eventTable(db: Kysely<any>, table: string, o: EventTableOptions): CreateTableBuilder<string, any> {
  let t: CreateTableBuilder<string, any> = db.schema.createTable(table);
  if (o.ifNotExists) t = t.ifNotExists();
  t = t
    .addColumn(o.streamColumn, 'text', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('data', o.dataType, (c) => c.notNull())
    .addColumn('actor_id', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('at', o.atType ?? 'bigint', (c) => c.notNull());
  if (o.attachments) t = t.addColumn('attachments', o.attachments, (c) => c.notNull());
  t = t
    .addColumn('prev_hash', 'text', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull());
  return t.addPrimaryKeyConstraint(`${table}_pk`, [o.streamColumn, 'seq']);
}
