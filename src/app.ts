import type { Config } from './core/config.js';
import { systemClock, type Clock } from './core/clock.js';
import { uuidv7Ids, type IdSource } from './core/ids.js';
import { createLogger, type Logger } from './core/logger.js';
import type { ServiceDeps } from './core/deps.js';
import { openDatabase, refreshPlannerStats, type Db, type OpenOptions } from './store/db.js';
import { migrateToLatest } from './store/migrate.js';
import { openBus, type EventBus } from './bus/index.js';
import { createAuthService, type AuthService } from './auth/service.js';
import { createCalendarService, type CalendarService } from './calendar/service.js';
import { createCaseService, type CaseService } from './cases/service.js';
import { createCatalogService, type CatalogService } from './catalog/service.js';
import { createEvaluationService, type EvaluationService } from './evaluation/service.js';
import { createEnforcementService, type EnforcementService } from './enforcement/service.js';
import { createPartyNotices, type PartyNotices } from './enforcement/party-notice.js';
import { catchUpSubscriber } from './evaluation/subscriber.js';
import { createFileStore, type FileStore } from './files/service.js';
import { createGeoService, type GeoService } from './geo/service.js';
import { createNotifier, type Notifier } from './notify/service.js';
import { DEMO_CITY } from './demo/city.js';
import { createVideoService, type VideoService } from './video/service.js';
import type { PenaltyPort } from './video/core.js';
import { DEMO_VIDEO } from './demo/video.js';
import { createClassifierService, type ClassifierService } from './classifier/service.js';
import { labelledSet } from './demo/labelled/generate.js';
import { createPatrolService, type PatrolService } from './patrol/service.js';
import { createCommandService, type CommandService } from './command/service.js';
import { createOpen311Server, type Open311Server } from './open311/service.js';
import { createIotService, type IotService } from './iot/service.js';
import { createIntegrityService, type IntegrityService } from './integrity/service.js';
import { createHotlineService, type HotlineService } from './hotline/service.js';
import { DEMO_GAZETTEER } from './demo/gazetteer.js';
import { createCitizenApp, type CitizenApp } from './citizen/service.js';
import { createSuggestionService, type SuggestionService } from './suggestions/service.js';

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
  video: VideoService;
  /** Text → class proposals (hotline orders, citizen reports): `classify(text)`. */
  classifier: ClassifierService;
  patrol: PatrolService;
  command: CommandService;
  enforcement: EnforcementService;
  /** Non-contact enforcement's notice to the party: SMS with a link, statements online (行政处罚法 art. 41). */
  partyNotices: PartyNotices;
  /** Open311 GeoReport v2 and the public channels' configuration (src/open311). */
  open311: Open311Server;
  iot: IotService;
  /** Seals of every stream's head and the integrity report (src/integrity/). */
  integrity: IntegrityService;
  /** 12345 work orders and the gazetteer (src/hotline). */
  hotline: HotlineService;
  /** The citizen app (随手拍): anonymous reports, me too, follow by code, ratings (src/citizen). */
  citizen: CitizenApp;
  /** 金点子: public suggestions assigned to units, answered in time, answers published (src/suggestions). */
  suggestions: SuggestionService;
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
  /** Store the statutory holiday dataset every installation needs (default true). Demo data is never seeded here: see src/demo/seed.ts. */
  seed?: boolean;
  /** The domain event bus (default: from the config — JetStream with NATS_URL, else in-process). The context closes it. */
  bus?: EventBus;
  /**
   * Register the subscribers that act on domain events: live feed, texts, evaluation catch-up
   * (default true). The simulator's history context turns them off: replayed weeks send no texts.
   */
  subscribers?: boolean;
}

/**
 * The composition root: opens the store, migrates, wires the services and the bus subscribers, and
 * loads the in-memory indexes. It seeds nothing but the holiday dataset; demo data is the caller's
 * (`serve`, `cityloop seed`).
 */
export async function createContext(config: Config, opts: ContextOptions = {}): Promise<AppContext> {
  const logger = opts.logger ?? createLogger(config.logLevel, 'cityloop', config.logFormat);
  const dbOpts: OpenOptions = { sqliteSynchronous: config.sqliteSynchronous, ...(opts.schema ? { schema: opts.schema } : {}) };
  const db: Db = await openDatabase(config.databaseUrl, dbOpts);
  let bus: EventBus | undefined;
  try {
    if (opts.migrate !== false) {
      const { applied } = await migrateToLatest(db);
      if (applied.length) {
        logger.debug({ applied }, 'migrations applied');
        logger.info(`${applied.length} migration(s) applied, ${applied[0]}${applied.length > 1 ? ` … ${applied.at(-1)}` : ''}`);
      }
      refreshPlannerStats(db);
    }
    bus = opts.bus ?? (await openBus(config, logger));
    const deps: ServiceDeps = { config, db, clock: opts.clock ?? systemClock, ids: opts.ids ?? uuidv7Ids, logger, bus };
    // The demo city's data is handed in here; seeding it is the caller's (serve, `cityloop seed`).
    const geo = createGeoService(deps, { demoAreas: DEMO_CITY.areas });
    const calendar = createCalendarService(deps);
    const catalog = createCatalogService(deps, { demo: { units: DEMO_CITY.units, responsibilityItems: DEMO_CITY.responsibilityItems } });
    const auth = createAuthService({ ...deps, demoAccounts: DEMO_CITY.accounts });
    const files = createFileStore(deps);
    await files.blobs.check(); // an object store that cannot be reached stops start-up with the reason
    // Command asks the case service to read cases it links; the case service asks command what a level does to new cases' limits.
    const late: { cases?: CaseService } = {};
    const command = createCommandService({ ...deps, geo, catalog, auth, files, calendar, cases: () => late.cases! });
    // A city case that spawned a penalty case closes only once that case is decided or transferred (src/enforcement).
    const enforcementLate: { service?: EnforcementService; penalty?: PenaltyPort } = {};
    const closeGuard = async (caseId: string) => (enforcementLate.service ? enforcementLate.service.closeBlocker(caseId) : null);
    const cases = createCaseService({ ...deps, geo, catalog, calendar, files, limits: command.limitPolicy, closeGuard });
    late.cases = cases;
    const notifier = createNotifier({
      ...deps, inbox: (userId, lanes, limit) => cases.addressedTo(userId, lanes, limit), more: (user, limit) => command.instructions.notices.addressedTo(user, limit),
    });
    // The post evaluation shows the inspectors' patrol figures: patrol is created after, so it is asked late.
    const evaluation = createEvaluationService({ ...deps, patrolFigures: (from, to) => patrol.postFigures(from, to), suggestionFigures: (scope, from, to) => suggestions.figures(scope, from, to) });
    // Video opens penalty clues for non-contact classes and notifies the party (enforcement is created after it).
    const video = createVideoService({ ...deps, geo, files, cases, penalty: () => enforcementLate.penalty }, { demo: DEMO_VIDEO });
    const classifier = createClassifierService({ ...deps, catalog, demoExamples: () => labelledSet() });
    const patrol = createPatrolService({ ...deps, geo, cases, frequencyAt: (area) => command.frequencyAt(area), usersWhoMay: (action, resource) => auth.usersWhoMay(action, resource) });
    const enforcement = createEnforcementService({ ...deps, calendar, geo, sms: notifier.sms });
    const open311 = createOpen311Server({ ...deps, cases, catalog });
    const iot = createIotService({ ...deps, geo, calendar, cases });
    const integrity = createIntegrityService(deps);
    enforcementLate.service = enforcement;
    const partyNotices = createPartyNotices({ ...deps, enforcement, sms: notifier.sms });
    enforcementLate.penalty = { openClue: enforcement.openClue, notifyParty: partyNotices.send };
    const hotline = createHotlineService({ ...deps, geo, cases, classifier, demoPlaces: DEMO_GAZETTEER });
    const citizen = createCitizenApp({ ...deps, cases, open311, files, sms: notifier.sms });
    const suggestions = createSuggestionService({ ...deps, geo, catalog, calendar, files, citizen, sms: notifier.sms });

    const unsubscribe: Array<() => void> = [];
    const catchUp = config.timers ? catchUpSubscriber(evaluation, logger) : null;
    if (opts.subscribers !== false) {
      for (const s of notifier.subscriptions()) unsubscribe.push(bus.subscribe(s));
      if (catchUp) unsubscribe.push(bus.subscribe(catchUp.subscription));
      for (const s of video.subscriptions()) unsubscribe.push(bus.subscribe(s));
      unsubscribe.push(bus.subscribe(command.incidents.subscription()));
      for (const s of command.instructions.notices.subscriptions(notifier.sms, notifier.live)) unsubscribe.push(bus.subscribe(s));
      for (const s of iot.subscriptions(notifier.sms)) unsubscribe.push(bus.subscribe(s));
      for (const s of hotline.subscriptions()) unsubscribe.push(bus.subscribe(s));
      for (const s of enforcement.impounds.subscriptions()) unsubscribe.push(bus.subscribe(s));
    }
    await bus.ready();
    const openedBus = bus;
    let stopVideo: () => Promise<void> = async () => undefined;
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
      video,
      classifier,
      patrol,
      command,
      enforcement,
      partyNotices,
      open311,
      iot,
      integrity,
      hotline,
      citizen,
      suggestions,
      async close() {
        await stopVideo();
        await iot.flush().catch((err: unknown) => logger.warn({ err }, 'IoT flush at close failed'));
        await openedBus.flush();
        for (const u of unsubscribe) u();
        await catchUp?.stop();
        notifier.close();
        await openedBus.close();
        await db.close();
      },
    };
    if (opts.seed !== false) await calendar.seedDataset();
    await geo.load();
    await calendar.load();
    await video.load();
    stopVideo = video.start();
    await iot.load();
    return ctx;
  } catch (e) {
    await bus?.close().catch(() => undefined);
    await db.close();
    throw e;
  }
}
