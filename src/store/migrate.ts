import { Migrator, sql, type DatabaseIntrospector, type Migration, type MigrationProvider, type Kysely, type TableMetadata } from 'kysely';
import type { Db, Dialect } from './db.js';
import { migrationFactories } from './migration-files.js';

/**
 * Ordered, portable migrations with a migrations table (Kysely's `kysely_migration`).
 * A migration is a file `src/store/migrations/NNNN_name.ts` whose default export takes the
 * dialect and returns `{ up, down? }`. Numbers are assigned per capability:
 * 0001–0009 accounts, 0010–0019 geography, 0020–0029 catalog, 0030–0039 calendar,
 * 0040–0069 cases, 0070–0079 evaluation, 0080+ later capabilities.
 */
export type MigrationFactory = (dialect: Dialect) => Migration;

class FolderProvider implements MigrationProvider {
  constructor(private readonly dialect: Dialect) {}
  async getMigrations(): Promise<Record<string, Migration>> {
    const out: Record<string, Migration> = {};
    for (const [name, factory] of await migrationFactories()) out[name] = factory(this.dialect);
    return out;
  }
}

export interface MigrationReport {
  applied: string[];
}

/**
 * The migrator asks only whether its two tables exist. Kysely's PostgreSQL introspector answers by
 * reading every column of every table in the whole database, with `pg_get_serial_sequence` on each:
 * slow on a large database, and it fails ("schema … does not exist") whenever another schema is
 * dropped while it reads — what the test suites do all the time, each in a schema of its own. On
 * PostgreSQL the migrator therefore sees the tables of the store's own schema only, from pg_class.
 * Table names and kinds only: the migrator reads no columns.
 */
function ownSchemaTables(k: Kysely<unknown>, schema: string | undefined): DatabaseIntrospector {
  const getTables = async (): Promise<TableMetadata[]> => {
    const own = schema === undefined ? sql`current_schema()` : sql`${schema}`;
    const { rows } = await sql<{ name: string; schema: string; kind: string }>`
      select c.relname as name, n.nspname as schema, c.relkind as kind
      from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace
      where n.nspname = ${own} and c.relkind in ('r', 'p', 'v', 'm', 'f')`.execute(k);
    return rows.map((r) => ({ name: r.name, schema: r.schema, isView: r.kind === 'v' || r.kind === 'm', columns: [] }));
  };
  return {
    getSchemas: () => k.introspection.getSchemas(),
    getTables,
    getMetadata: async () => ({ tables: await getTables() }),
  };
}

function migratorDb(db: Db): Kysely<unknown> {
  const k = db.kysely as unknown as Kysely<unknown>;
  if (db.dialect !== 'postgres') return k;
  const introspection = ownSchemaTables(k, db.schema);
  // Kysely keeps its state in private fields: every other member is read from (and bound to) the real instance.
  return new Proxy(k, {
    get(target, prop) {
      if (prop === 'introspection') return introspection;
      const value: unknown = Reflect.get(target, prop, target);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

function migratorOf(db: Db): Migrator {
  return new Migrator({
    db: migratorDb(db),
    provider: new FolderProvider(db.dialect),
    // Kysely looks for its table across all schemas unless told which one.
    ...(db.schema ? { migrationTableSchema: db.schema } : {}),
  });
}

export interface MigrationState {
  /** Run on this store, in order, with when. */
  applied: Array<{ name: string; executedAt: string }>;
  /** What `migrate` would run, in order. */
  pending: string[];
}

/** What has run and what would run, without changing anything (`cityloop migrate --dry-run`). */
export async function migrationState(db: Db): Promise<MigrationState> {
  const all = await migratorOf(db).getMigrations();
  return {
    applied: all.filter((m) => m.executedAt).map((m) => ({ name: m.name, executedAt: m.executedAt!.toISOString() })),
    pending: all.filter((m) => !m.executedAt).map((m) => m.name),
  };
}

/** Runs the migrations up to and including `name` (tests: a store as an earlier release left it). */
export async function migrateTo(db: Db, name: string): Promise<MigrationReport> {
  const { error, results } = await migratorOf(db).migrateTo(name);
  if (error) throw new Error(`migration failed: ${(error as Error).message ?? String(error)}`, { cause: error });
  return { applied: (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName) };
}

/** Brings the schema up to date. Safe to run at every start and from several processes (Kysely locks). */
export async function migrateToLatest(db: Db): Promise<MigrationReport> {
  const { error, results } = await migratorOf(db).migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName;
    throw new Error(`migration ${failed ?? '?'} failed: ${(error as Error).message ?? String(error)}`, { cause: error });
  }
  return { applied: (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName) };
}
