import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe } from 'vitest';
import { loadConfig, type Config } from '../../src/core/config.js';
import { ManualClock } from '../../src/core/clock.js';
import { createLogger } from '../../src/core/logger.js';
import { createContext, type AppContext, type ContextOptions } from '../../src/app.js';
import { dropPostgresSchema } from '../../src/store/db.js';

export type StoreKind = 'sqlite' | 'postgres';
export const PG_URL = process.env.CITYLOOP_TEST_PG_URL;
const inCi = process.env.CI === 'true';

/** A fresh temporary data folder. */
export function tempDir(prefix = 'cityloop-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

let schemaCounter = 0;
function freshSchema(): string {
  schemaCounter += 1;
  // Random bytes too: the counter starts again in every file a worker runs, and Date.now() may be a fake timer's.
  return `t_${process.pid}_${Date.now().toString(36)}_${schemaCounter}_${randomBytes(4).toString('hex')}`;
}

export interface TestContextOptions extends ContextOptions {
  /** Config overrides (demo defaults to false in tests: seed what you need). */
  config?: Partial<Config>;
  /** Start time of the ManualClock (default 2026-03-02 09:00 Shanghai, a Monday). */
  startAt?: number;
}

export interface TestContext {
  ctx: AppContext;
  clock: ManualClock;
  kind: StoreKind;
  dataDir: string;
  /** The config the context was created with (same store, same data folder). */
  config: Config;
  /** PostgreSQL: the schema the store works in. */
  schema?: string;
  close(): Promise<void>;
}

export const DEFAULT_START = Date.parse('2026-03-02T09:00:00+08:00');

/** A full application context on a fresh store of the given kind. */
export async function createTestContext(kind: StoreKind, opts: TestContextOptions = {}): Promise<TestContext> {
  const dataDir = tempDir();
  const schema = kind === 'postgres' ? freshSchema() : undefined;
  if (kind === 'postgres' && !PG_URL) throw new Error('CITYLOOP_TEST_PG_URL is not set');
  const base = loadConfig({ CITYLOOP_DATA_DIR: dataDir, CITYLOOP_DEMO: 'false', CITYLOOP_TIMERS: 'false', LOG_LEVEL: 'silent' });
  const config: Config = {
    ...base,
    ...(kind === 'postgres' ? { databaseUrl: PG_URL!, dialect: 'postgres' as const } : {}),
    ...opts.config,
  };
  const clock = new ManualClock(opts.startAt ?? DEFAULT_START);
  const ctx = await createContext(config, { clock, logger: createLogger('silent'), ...(schema ? { schema } : {}), ...opts });
  return {
    ctx,
    clock,
    kind,
    dataDir,
    config,
    ...(schema ? { schema } : {}),
    async close() {
      await ctx.close();
      if (schema && PG_URL) await dropPostgresSchema(PG_URL, schema);
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Another application context on the same store as `tc` — what a second process would open: its
 * own connection(s), writer and in-memory state, the same config, schema and clock. Close it before `tc`.
 */
export async function openSecond(tc: TestContext): Promise<AppContext> {
  return createContext(tc.config, { clock: tc.clock, logger: createLogger('silent'), ...(tc.schema ? { schema: tc.schema } : {}) });
}

/**
 * Runs a suite against every store: SQLite always; PostgreSQL when CITYLOOP_TEST_PG_URL is set.
 * Unset, the PostgreSQL suite says so and skips — except under CI=true, where it fails the run.
 * The context is created once per store (beforeAll); use `get()` inside tests.
 */
export function describeStores(name: string, body: (get: () => TestContext, kind: StoreKind) => void, opts: TestContextOptions = {}): void {
  for (const kind of ['sqlite', 'postgres'] as const) {
    if (kind === 'postgres' && !PG_URL) {
      if (inCi) {
        describe(`${name} [postgres]`, () => {
          beforeAll(() => {
            throw new Error('CI=true but CITYLOOP_TEST_PG_URL is not set: the PostgreSQL contract tests must run in CI');
          });
          body(() => {
            throw new Error('no PostgreSQL');
          }, kind);
        });
      } else {
        describe.skipIf(true)(`${name} [postgres] — skipped: set CITYLOOP_TEST_PG_URL=postgres://postgres@127.0.0.1:5432/test to run`, () => {
          body(() => {
            throw new Error('no PostgreSQL');
          }, kind);
        });
      }
      continue;
    }
    describe(`${name} [${kind}]`, () => {
      let tc: TestContext | undefined;
      beforeAll(async () => {
        tc = await createTestContext(kind, opts);
      }, 60_000);
      afterAll(async () => {
        await tc?.close();
      });
      body(() => {
        if (!tc) throw new Error('test context not ready');
        return tc;
      }, kind);
    });
  }
}
