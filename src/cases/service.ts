/**
 * The case service: intake, the one command entry `act`, reads, the deadline sweeper and chain
 * verification. Route = authenticate → validate → authorize → one call here → present.
 */
import type { ServiceDeps } from '../core/deps.js';
import { badRequest, conflict, notFound } from '../core/errors.js';
import type { User } from '../auth/model.js';
import { authorize } from '../auth/policy.js';
import type { GeoService } from '../geo/service.js';
import type { CatalogService } from '../catalog/service.js';
import type { CalendarService } from '../calendar/service.js';
import type { FileStore } from '../files/service.js';
import type { Lane } from '../auth/lanes.js';
import { checkBody } from './bodies.js';
import { caseDomainEvents, type CaseNotice } from './events.js';
import type { ChainReport } from './chain.js';
import type { CommandEnv } from './commands/types.js';
import { reportCase, type ReportInput, type ReportResult } from './intake.js';
import { EVENT_NAMES, type CaseEventType } from './model.js';
import { ACTION_SPECS, isCaseAction, permissionFor, transition, type CaseAction } from './lifecycle.js';
import { nextClock, settle, stageOutcome } from './pipeline.js';
import { createPorts, type CasePorts, type LimitPolicy } from './ports.js';
import { caseDetail, caseNotFound, duplicatesOf, mayReadCase, mayReadCaseNow, mapCases, searchCases, worklistFor, type CaseDetail, type CaseSearch, type MapAnswer, type SearchPage } from './queries.js';
import { revise, type Audience, type CaseEvent, type CaseRecord, type EventDraft } from './record.js';
import * as repo from './repo.js';
import { boxAround, distanceMeters } from './nearby.js';
import { createCaseStore, type CaseStore } from './store.js';
import { CASE_STREAM, versionConflict } from './stream.js';
import { registerStream } from '../workflow/registry.js';
import type { Decision } from '../workflow/store.js';
import { startDeadlineTimer, sweepDeadlines, type SweepResult } from './timers.js';
import { verifyAllCases, verifyCase, type AllCasesReport } from './verify.js';

export type { ReportInput, ReportResult } from './intake.js';

export interface CaseServiceDeps extends ServiceDeps {
  geo: GeoService;
  catalog: CatalogService;
  calendar: CalendarService;
  files: FileStore;
  /** The command level's say on new cases' limits (optional). */
  limits?: LimitPolicy;
  /** Whether something outside the loop holds a case open (a penalty case it spawned, src/enforcement): the reason, or null. */
  closeGuard?: (caseId: string) => Promise<{ zh: string; en: string; details?: unknown } | null>;
}

export interface CaseService {
  /** Starts the background deadline timer (no-op when config.timers is false). Returns a stopper. */
  startTimers(): () => void;
  /** Intake: idempotent by `idempotencyKey` or (source, externalRef). */
  report(user: User, input: ReportInput, idempotencyKey?: string | null): Promise<ReportResult>;
  /** The one command entry: refuses with 404/403/409/4xx codes; writes one transaction. */
  act(user: User, caseId: string, action: CaseAction | string, body: unknown, expectedVersion: number): Promise<CaseRecord>;
  get(user: User, caseId: string): Promise<CaseDetail>;
  /** Whether the user may read at least one of these cases (for evidence files: who may see a photo). */
  mayReadAny(user: User, caseIds: readonly string[]): Promise<boolean>;
  /** The case row without access checks (internal callers: simulator, evaluation). */
  find(caseId: string): Promise<CaseRecord | undefined>;
  /** The case with this code (案卷编号), without access checks (the public channels present a summary). */
  findByCode(code: string): Promise<CaseRecord | undefined>;
  events(caseId: string): Promise<CaseEvent[]>;
  search(user: User, q: CaseSearch): Promise<SearchPage>;
  /** The matching cases as map points, unpaged up to a cap (command center). */
  map(user: User, q: Omit<CaseSearch, 'page' | 'pageSize'>): Promise<MapAnswer>;
  worklist(user: User, limit?: number): Promise<CaseRecord[]>;
  duplicates(c: CaseRecord): Promise<Array<{ case: CaseRecord; distanceM: number }>>;
  /** Open cases of a class within `radiusM` of a WGS-84 point, nearest first (no access check: callers present a public summary). */
  openNearby(q: { categoryCode: string; lon: number; lat: number; radiusM: number }): Promise<Array<{ case: CaseRecord; distanceM: number }>>;
  /** Raises yellow/red events that are due at `now`; exactly once per clock period, across processes. */
  sweepDeadlines(now?: number): Promise<SweepResult>;
  verifyCase(caseId: string): Promise<ChainReport & { caseId: string; code: string }>;
  /** Every case's chain; `onProgress` hears how many cases are checked so far. */
  verifyAllCases(onProgress?: (checked: number) => void): Promise<AllCasesReport>;
  /** The latest events addressed to a user (by id) or to the lanes the user works in: notifications. */
  addressedTo(userId: string, lanes: Lane[], limit: number): Promise<AddressedEvent[]>;
  readonly ports: CasePorts;
  /** The kit's record store of cases (tests and tools read its group-commit counters). */
  readonly store: CaseStore;
}

/** A notification: the part of a published case notice that names the event. */
export type AddressedEvent = Pick<CaseNotice, 'caseId' | 'caseCode' | 'categoryName' | 'seq' | 'type' | 'label' | 'at'>;

export function createCaseService(deps: CaseServiceDeps): CaseService {
  const ports = createPorts(deps.geo, deps.catalog, deps.calendar, deps.limits);
  const { db, clock, bus } = deps;

  /**
   * The one place committed case events leave the capability: as domain events on the bus. It is
   * the kit store's after-commit hook, so every write (intake, actions, the deadline sweeper) goes through it.
   */
  function publish(c: CaseRecord, events: ReadonlyArray<{ event: CaseEvent; audience: Audience }>): void {
    bus.publish(caseDomainEvents(c, events));
  }
  const store = createCaseStore(db, publish);
  // Cases are checked with the row folded from the log (projection-check.ts), not only the chain.
  registerStream(db, { kind: CASE_STREAM.name, spec: CASE_STREAM, check: (id) => verifyCase(store, id) });

  /** Writes drafts after `prev`, guarded by its version; returns the stored case. */
  const write = (prev: CaseRecord, next: CaseRecord, drafts: EventDraft[]): Promise<CaseRecord> => store.append(prev, next, drafts);

  async function act(user: User, caseId: string, action: string, rawBody: unknown, expectedVersion: number): Promise<CaseRecord> {
    if (!isCaseAction(action)) throw notFound('CASE_ACTION_UNKNOWN', `没有这个案卷操作：${action}`, `No such case action: ${action}`, { action });
    if (!Number.isInteger(expectedVersion) || expectedVersion < 1) {
      throw badRequest('VERSION_REQUIRED', '请提供读取时的案卷版本号（version）', 'Send the version of the case you read (version)', { field: 'version' });
    }
    return store.update(caseId, expectedVersion, (c) => decide(user, c, action, rawBody, expectedVersion));
  }

  /** What an action does to a case: checks (role and area, version, body, lifecycle), the command, the clock, the events. */
  async function decide(user: User, c: CaseRecord, action: CaseAction, rawBody: unknown, expectedVersion: number): Promise<Decision<CaseRecord>> {
    const permission = permissionFor(action, c);
    authorize(user, permission); // the role first: it says nothing about this case
    // A case the user may not read does not exist for them (404); one they read but may not act on is a 403.
    if (!(await mayReadCase(store, user, c))) throw caseNotFound(c.id);
    const role = authorize(user, permission, { districtCode: c.place.districtCode, streetCode: c.place.streetCode, unitId: c.unit?.id ?? null });
    if (c.version !== expectedVersion) throw versionConflict(c.id, expectedVersion, c.version);
    const body = checkBody(action, rawBody);
    const t = transition(c, action, { source: c.source, checkConfirmed: c.checkConfirmed, supervisionOpen: c.supervisionOpen, passed: body.passed });
    if (body.photos?.length) await deps.files.requireAll(body.photos);
    if (action === 'close' && deps.closeGuard) {
      const held = await deps.closeGuard(c.id);
      if (held) throw conflict('CASE_HELD_OPEN', held.zh, held.en, held.details);
    }

    const now = clock.now();
    const env: CommandEnv = {
      ports, now, actorId: user.id, role, mergeMaxDistanceM: deps.config.mergeMaxDistanceM,
      // Lookups on the actor's behalf stay in the actor's scope: what they may not read does not exist for them.
      findCase: async (id) => {
        const found = await store.load(id);
        return found && mayReadCaseNow(user, found) ? found : undefined;
      },
    };
    const base: CaseRecord = revise(c, { status: t.to.status, phase: t.to.phase });
    const pending = ACTION_SPECS[action].run(env, c, base, body);
    const r = pending instanceof Promise ? await pending : pending;
    const newClock = typeof r.clock === 'object' ? r.clock : nextClock(ports.calendar, c, r.next, now, r.clock === 'restart');
    const ended = newClock.stage !== c.clock.stage || r.clock === 'restart' || action === 'reassign' ? stageOutcome(c.clock, now) : null;
    const next = settle(r.next, now, newClock);
    const main: EventDraft = {
      type: t.event, actorId: user.id, role, at: now, lon: body.location?.lon ?? null, lat: body.location?.lat ?? null,
      attachments: body.photos ?? [], data: ended ? { ...r.data, endedStage: ended } : r.data,
    };
    return { next, drafts: r.extra ? [main, ...r.extra] : [main] };
  }

  const timerDeps = { db, ports, write, logger: deps.logger };
  const intakeDeps = { store, ids: deps.ids, files: deps.files, ports, now: () => clock.now() };

  return {
    ports,
    store,
    startTimers() {
      if (!deps.config.timers) return () => undefined;
      return startDeadlineTimer(timerDeps, () => clock.now());
    },
    report: (user, input, key) => reportCase(intakeDeps, user, input, key),
    act,
    get: (user, id) => caseDetail({ db, ports, store }, user, id),
    async mayReadAny(user, ids) {
      for (const id of ids) {
        const c = await store.load(id);
        if (c && (await mayReadCase(store, user, c))) return true;
      }
      return false;
    },
    find: (id) => store.load(id),
    async findByCode(code) {
      const id = await repo.idOfCode(db.kysely, code);
      return id ? store.load(id) : undefined;
    },
    events: (id) => store.events(id),
    search: (user, q) => searchCases(db, user, q),
    map: (user, q) => mapCases(db, user, q),
    worklist: (user, limit) => worklistFor(db, user, limit),
    duplicates: (c) => duplicatesOf(db, c),
    async openNearby(q) {
      const near = await repo.openNearby(db.kysely, { categoryCode: q.categoryCode, ...boxAround(q.lon, q.lat, q.radiusM) });
      return near.map((x) => ({ case: x, distanceM: Math.round(distanceMeters(q.lon, q.lat, x.lon, x.lat)) }))
        .filter((x) => x.distanceM <= q.radiusM).sort((a, b) => a.distanceM - b.distanceM);
    },
    sweepDeadlines: (now) => sweepDeadlines(timerDeps, now ?? clock.now()),
    verifyCase: (id) => verifyCase(store, id),
    verifyAllCases: (onProgress) => verifyAllCases(db, store, onProgress),
    async addressedTo(userId, lanes, limit) {
      const rows = await repo.eventsForAudience(db.kysely, { userId, lanes, limit });
      return rows.map((r) => ({
        caseId: r.case_id, caseCode: r.code, categoryName: r.category_name, seq: Number(r.seq), type: r.type as CaseEventType,
        label: EVENT_NAMES[r.type as CaseEventType] ?? r.type, at: Number(r.at),
      }));
    },
  };
}
