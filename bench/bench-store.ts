/**
 * A throw-away store for a benchmark: a temporary data folder (SQLite) or a PostgreSQL schema of
 * its own, a context without the demo city or timers on a ManualClock, and a close that removes it all.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createContext, type AppContext } from '../src/app.js';
import { loadConfig } from '../src/core/config.js';
import { ManualClock } from '../src/core/clock.js';
import { createLogger } from '../src/core/logger.js';
import { dropPostgresSchema } from '../src/store/db.js';

export type BenchStoreKind = 'sqlite' | 'postgres';

/** The PostgreSQL a bench may use: CITYLOOP_TEST_PG_URL, else DATABASE_URL when it names PostgreSQL. */
export function benchPgUrl(): string | undefined {
  return process.env.CITYLOOP_TEST_PG_URL ?? (process.env.DATABASE_URL?.startsWith('postgres') ? process.env.DATABASE_URL : undefined);
}

export interface BenchStore {
  ctx: AppContext;
  clock: ManualClock;
  close(): Promise<void>;
}

/** `name` labels the folder and the schema (one bench's stores are told apart from another's). */
export async function openBenchStore(kind: BenchStoreKind, pgUrl: string | undefined, o: { name: string; start: number; env?: Record<string, string | undefined> }): Promise<BenchStore> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `cityloop-bench-${o.name}-`));
  const schema = kind === 'postgres' ? `bench_${o.name}_${process.pid}_${Date.now().toString(36)}` : undefined;
  const base = loadConfig({ CITYLOOP_DATA_DIR: dir, CITYLOOP_DEMO: 'false', CITYLOOP_TIMERS: 'false', LOG_LEVEL: 'silent', ...o.env });
  const config = kind === 'postgres' ? { ...base, databaseUrl: pgUrl!, dialect: 'postgres' as const } : base;
  const clock = new ManualClock(o.start);
  const ctx = await createContext(config, { clock, logger: createLogger('silent'), ...(schema ? { schema } : {}) });
  return {
    ctx, clock,
    async close() {
      await ctx.close();
      if (schema) await dropPostgresSchema(pgUrl!, schema);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
