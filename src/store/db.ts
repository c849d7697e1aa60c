import fs from 'node:fs';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, sql, type Transaction } from 'kysely';
import type pg from 'pg';
import { startCheckpointer, type Checkpointer } from './checkpointer.js';
import { configureConnection } from './sqlite-connection.mjs';
import { createSqliteWriter, type SqliteWriter } from './sqlite-writer.js';
import type { Database } from './schema.js';

/** The PostgreSQL driver, loaded with the first PostgreSQL store (a SQLite start does not need it). */
let pgModule: typeof pg | null = null;
async function loadPg(): Promise<typeof pg> {
  if (pgModule) return pgModule;
  const m = (await import('pg')).default;
  // PostgreSQL returns int8 (bigint, count(*)) and numeric as strings: parse them in one place.
  // Instants are epoch ms, well inside Number.MAX_SAFE_INTEGER.
  m.types.setTypeParser(20, (v) => Number(v));
  m.types.setTypeParser(1700, (v) => Number(v));
  return (pgModule = m);
}

export type Dialect = 'sqlite' | 'postgres';
export type Kdb = Kysely<Database>;
export type Tx = Transaction<Database>;
/** Either the database or an open transaction: repositories accept both. */
export type Executor = Kysely<Database> | Transaction<Database>;

export interface Db {
  readonly kysely: Kysely<Database>;
  readonly dialect: Dialect;
  /**
   * SQLite only: the better-sqlite3 handle (the main connection), for hot paths that keep prepared
   * statements (the case reads). Synchronous calls on it must not interleave with an open Kysely transaction.
   */
  readonly native?: SqliteDatabase.Database;
  /**
   * SQLite only: group commit of the hot write path, on a writer thread with its own connection
   * (sqlite-writer.ts). Its writes are visible to `native` and `kysely` once their promises settle.
   */
  readonly writer?: SqliteWriter;
  /**
   * PostgreSQL only: the pool under Kysely, for the hot write path's batch statement
   * (src/workflow/store-pg.ts: group commit as one statement with one JSON parameter).
   */
  readonly pool?: pg.Pool;
  /** PostgreSQL schema the store works in, when not the default. */
  readonly schema?: string;
  /** A short description without credentials, for logs. */
  readonly description: string;
  close(): Promise<void>;
}

export interface OpenOptions {
  /** PostgreSQL only: work inside this schema (created if missing). Used by tests to isolate runs. */
  schema?: string;
  /** PostgreSQL pool size (default 10). */
  poolSize?: number;
  /** SQLite only: NORMAL (default) or FULL — what an acknowledged commit survives (README, Durability). */
  sqliteSynchronous?: 'NORMAL' | 'FULL';
}

/** Opens a store from a URL: `postgres://…` for PostgreSQL, `sqlite:PATH`, `file:PATH`, a path or `:memory:` for SQLite. */
export async function openDatabase(url: string, opts: OpenOptions = {}): Promise<Db> {
  if (/^postgres(ql)?:\/\//.test(url)) return openPostgres(url, opts);
  return openSqlite(url.replace(/^(sqlite|file):/, ''), opts.sqliteSynchronous ?? 'NORMAL');
}

function openSqlite(file: string, synchronous: 'NORMAL' | 'FULL'): Db {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const native = new SqliteDatabase(file);
  configureConnection(native, file, synchronous);
  const kysely = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(native) }) });
  // Checkpoints run in a worker thread (checkpointer.ts), not inside the writes' COMMITs.
  const checkpointer: Checkpointer | undefined = file === ':memory:' ? undefined : startCheckpointer(file);
  const writer = createSqliteWriter(native, file === ':memory:' ? null : file, { synchronous });
  return {
    kysely,
    native,
    writer,
    dialect: 'sqlite',
    description: `sqlite:${file}`,
    close: async () => {
      await writer.close();
      await checkpointer?.stop();
      await kysely.destroy();
    },
  };
}

/**
 * Kysely's SQLite driver prepares every query anew; preparing costs about as much as running a
 * simple statement. Reuse prepared statements by SQL text (a busy one — still iterating — is not shared).
 * Kysely's transactions begin IMMEDIATE: the writer thread is another connection, and a deferred
 * transaction that read before the writer committed could not write after it (SQLITE_BUSY_SNAPSHOT);
 * taking the write lock at the start waits for the writer's batch instead.
 */
function withStatementCache(native: SqliteDatabase.Database, max = 1000): { prepare(sql: string): SqliteDatabase.Statement; close(): void } {
  const cache = new Map<string, SqliteDatabase.Statement>();
  return {
    prepare(text: string) {
      const sqlText = text === 'begin' ? 'begin immediate' : text;
      const hit = cache.get(sqlText);
      if (hit && !hit.busy) return hit;
      const stmt = native.prepare(sqlText);
      if (!hit) {
        if (cache.size >= max) cache.clear();
        cache.set(sqlText, stmt);
      }
      return stmt;
    },
    close() {
      cache.clear();
      native.close();
    },
  };
}

async function openPostgres(url: string, opts: OpenOptions): Promise<Db> {
  const pg = await loadPg();
  const schema = opts.schema;
  if (schema !== undefined && !/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`bad schema name ${schema}`);
  if (schema) {
    const admin = new pg.Pool({ connectionString: url, max: 1 });
    try {
      await admin.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    } finally {
      await admin.end();
    }
  }
  // search_path as a connection option, so it holds from a connection's first query on.
  // plan_cache_mode only touches named (prepared) statements — Kysely's are unnamed —, that is the
  // case write path's batch statement (src/workflow/store-pg.ts): planned once per connection
  // instead of ≈ 1.5 ms of planning per batch; its plan does not depend on the values.
  const options = `${schema ? `-c search_path=${schema} ` : ''}-c plan_cache_mode=force_generic_plan`;
  const pool = new pg.Pool({ connectionString: url, max: opts.poolSize ?? 10, options });
  const kysely = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  const safe = url.replace(/\/\/[^@/]*@/, '//***@');
  return {
    kysely,
    pool,
    dialect: 'postgres',
    ...(schema ? { schema } : {}),
    description: schema ? `${safe} (schema ${schema})` : safe,
    close: async () => {
      // Writes still queued or in flight (src/workflow/store-pg.ts) are committed first, as on SQLite.
      for (const drain of drains.get(pool) ?? []) await drain();
      await kysely.destroy();
    },
  };
}

const drains = new WeakMap<pg.Pool, Set<() => Promise<void>>>();

/** Registers what must finish before a PostgreSQL pool ends (the write batcher's queue). */
export function beforePoolEnd(pool: pg.Pool, drain: () => Promise<void>): void {
  let set = drains.get(pool);
  if (!set) {
    set = new Set();
    drains.set(pool, set);
  }
  set.add(drain);
}

/** Drops a PostgreSQL schema (tests clean up after themselves). */
export async function dropPostgresSchema(url: string, schema: string): Promise<void> {
  const pg = await loadPg();
  const pool = new pg.Pool({ connectionString: url, max: 1 });
  try {
    await pool.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  } finally {
    await pool.end();
  }
}

export { sql };

/**
 * Planner statistics for SQLite (`sqlite_stat1`): without them SQLite guesses which index serves a
 * list or a count, and with several indexes leading on different columns it guesses wrong for some
 * shapes (a district's page sorted from the whole district instead of read in order). `PRAGMA
 * optimize` analyses only tables whose statistics are missing or stale, each on a bounded sample
 * (`analysis_limit`), so it is cheap at every start. PostgreSQL keeps its own (autovacuum's ANALYZE).
 */
export function refreshPlannerStats(db: Db): void {
  if (!db.native) return;
  db.native.pragma('analysis_limit = 400');
  db.native.pragma('optimize = 0x10002');
}
