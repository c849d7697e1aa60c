import type { Config } from './core/config.js';
import { systemClock, type Clock } from './core/clock.js';
import { uuidv7Ids, type IdSource } from './core/ids.js';
import { createLogger, type Logger } from './core/logger.js';
import type { ServiceDeps } from './core/deps.js';
import { openDatabase, type Db, type OpenOptions } from './store/db.js';
import { migrateToLatest } from './store/migrate.js';
import { createAuthService, type AuthService } from './auth/service.js';
import { createCalendarService, type CalendarService } from './calendar/service.js';
import { createCaseService, type CaseService } from './cases/service.js';
import { createCatalogService, type CatalogService } from './catalog/service.js';
import { createEvaluationService, type EvaluationService } from './evaluation/service.js';
import { createFileStore, type FileStore } from './files/service.js';
import { createGeoService, type GeoService } from './geo/service.js';
import { createNotifier, type Notifier } from './notify/service.js';
import { seedOnFirstStart } from './demo/seed.js';

/** Everything a request handler, a CLI command or a test may use: the services, wired once. */
export interface AppContext extends ServiceDeps {
  geo: GeoService;
  calendar: CalendarService;
  catalog: CatalogService;
  auth: AuthService;
  files: FileStore;
  notifier: Notifier;
  cases: CaseService;
  evaluation: EvaluationService;
  close(): Promise<void>;
}

export interface ContextOptions {
  clock?: Clock;
  ids?: IdSource;
  logger?: Logger;
  /** PostgreSQL schema to work in (tests). */
  schema?: string;
  /** Run migrations (default true). */
  migrate?: boolean;
  /** Seed what the platform needs on first start, and the demo city when config.demo (default true). */
  seed?: boolean;
}

/** Opens the store, migrates, wires the services, seeds on first start and loads the in-memory indexes. */
export async function createContext(config: Config, opts: ContextOptions = {}): Promise<AppContext> {
  const logger = opts.logger ?? createLogger(config.logLevel);
  const dbOpts: OpenOptions = opts.schema ? { schema: opts.schema } : {};
  const db: Db = await openDatabase(config.databaseUrl, dbOpts);
  try {
    if (opts.migrate !== false) {
      const { applied } = await migrateToLatest(db);
      if (applied.length) logger.info({ applied }, 'migrations applied');
    }
    const deps: ServiceDeps = { config, db, clock: opts.clock ?? systemClock, ids: opts.ids ?? uuidv7Ids, logger };
    const geo = createGeoService(deps);
    const calendar = createCalendarService(deps);
    const catalog = createCatalogService(deps);
    const auth = createAuthService(deps);
    const files = createFileStore(deps);
    const notifier = createNotifier(deps);
    const cases = createCaseService({ ...deps, geo, catalog, calendar, files, notifier });
    const evaluation = createEvaluationService({ ...deps });
    const ctx: AppContext = {
      ...deps,
      geo,
      calendar,
      catalog,
      auth,
      files,
      notifier,
      cases,
      evaluation,
      async close() {
        notifier.close();
        await db.close();
      },
    };
    if (opts.seed !== false) await seedOnFirstStart(ctx);
    await geo.load();
    await calendar.load();
    return ctx;
  } catch (e) {
    await db.close();
    throw e;
  }
}
