/**
 * Administrative enforcement's use cases: clue intake (the entry other capabilities call), the
 * penalty-case workflow on the kit, reads within the actor's area, the deadline and disclosure
 * sweeper, and the registers the commands read (officers, the benchmark and the four lists, the
 * periods and the review rules). Commands are pure (src/enforcement/commands/); this file hands
 * them the calendar and the registers, and writes through the kit's store.
 */
import type { Kysely } from 'kysely';
import { authorize, accessFilter } from '../auth/policy.js';
import { districtOfStreet, type User } from '../auth/model.js';
import { AppError, conflict, notFound, unprocessable } from '../core/errors.js';
import type { ServiceDeps } from '../core/deps.js';
import type { CalendarService } from '../calendar/service.js';
import type { GeoService } from '../geo/service.js';
import type { Database } from '../store/schema.js';
import { getSetting, putSetting } from '../store/settings.js';
import { NO_CLOCK, withStatutoryDays } from '../workflow/clock.js';
import { checkBody } from '../workflow/body.js';
import { publishTo } from '../workflow/publish.js';
import { createRecordStore, type RecordStore } from '../workflow/store.js';
import type { EventDraft } from '../workflow/stream.js';
import { sweepClocks } from '../workflow/sweep.js';
import { PENALTY_ACTION_DECLARATIONS, type PenaltyAction } from './actions.js';
import type { Env, OfficerInfo } from './commands/types.js';
import { publish as publishCommand } from './commands/execution.js';
import { benchmark, checkRule, type DiscretionRule, type Facts, type LenienceItem } from './discretion.js';
import { DEFAULT_PERIODS, NO_FLAGS, OPEN_STATES, resourceOf, type ClueSource, type PenaltyCase, type Periods } from './model.js';
import { DEFAULT_REVIEW_RULES, type ReviewRules } from './review.js';
import * as repo from './repo.js';
import { DEMO_ITEMS, DEMO_OFFICERS, DEMO_RULES } from './seed.js';
import { createDocumentService } from './documents/service.js';
import { PENALTY_STREAM, type PenaltyEvent } from './stream.js';
import { createImpoundService } from './impounds.js';
import type { SmsNotifier } from '../notify/service.js';
import { coalesceKeys } from '../core/coalesce.js';

/** A clue (线索) as another capability hands it over (TEAM.md). */
export interface ClueInput {
  source: ClueSource;
  /** The caller's own id of what it saw (detection, alarm, case id …): intake is idempotent per (source, sourceRef). */
  sourceRef?: string | null;
  summary: string;
  address: string;
  lon?: number | null;
  lat?: number | null;
  /** Else located from lon/lat. */
  districtCode?: string | null;
  streetCode?: string | null;
  /** SHA-256 digests of stored files (photos, clips). */
  evidence?: readonly string[];
  /** The city case (案卷) it came from: linked both ways. */
  cityCaseId?: string | null;
  violationCode?: string | null;
  occurredAt?: number | null;
}

export interface ClueActor {
  actorId: string;
  role: string;
}

export interface EnforcementDeps extends ServiceDeps {
  calendar: CalendarService;
  geo: GeoService;
  /** Texts parties (impounds ready for release). */
  sms?: SmsNotifier;
}

export interface PenaltyList {
  items: PenaltyCase[];
  total: number;
}

export function createEnforcementService(deps: EnforcementDeps) {
  const { db, clock, ids, bus } = deps;
  const k = db.kysely as unknown as Kysely<Database>;
  // Every close of a city case asks this (src/app.ts wires it as the cases' close guard): the closes
  // of one turn share one read (src/core/coalesce.ts), as fresh as a read of each its own.
  const spawnedBy = coalesceKeys<string, PenaltyCase[]>(async (cityCaseIds) => {
    const out = new Map<string, PenaltyCase[]>();
    for (const r of await repo.byCityCases(k, cityCaseIds)) {
      const p = PENALTY_STREAM.rowToRecord(r);
      const list = out.get(p.cityCaseId!);
      if (list) list.push(p);
      else out.set(p.cityCaseId!, [p]);
    }
    return out;
  });
  const store: RecordStore<PenaltyCase, PenaltyEvent> = createRecordStore(db, PENALTY_STREAM, { afterCommit: publishTo(bus, 'penalty') });
  const cal = withStatutoryDays(deps.calendar as unknown as Parameters<typeof withStatutoryDays>[0]);

  // Registers, cached in this process and reloaded after a local write (small tables).
  let cache: { officers: Map<string, OfficerInfo>; rules: Map<string, DiscretionRule>; items: LenienceItem[]; periods: Periods; review: ReviewRules } | null = null;
  async function registers() {
    if (!cache) {
      const [officers, rules, items, periods, review] = await Promise.all([
        repo.listOfficers(k), repo.listRules(k), repo.listItems(k),
        getSetting<Partial<Periods>>(k, 'enforcement.periods'), getSetting<ReviewRules>(k, 'enforcement.review_rules'),
      ]);
      cache = {
        officers: new Map(officers.map((o) => [o.userId, o])), rules: new Map(rules.map((r) => [r.code, r])), items,
        periods: { ...DEFAULT_PERIODS, ...periods }, review: review ?? DEFAULT_REVIEW_RULES,
      };
    }
    return cache;
  }
  const invalidate = (): void => { cache = null; };

  async function env(): Promise<Env> {
    const r = await registers();
    return {
      cal, periods: r.periods, rules: r.review,
      officer: (id) => r.officers.get(id),
      violationName: (code) => r.rules.get(code)?.name,
      benchmark: (code: string, facts: Facts) => {
        const rule = r.rules.get(code);
        if (!rule) throw unprocessable('VIOLATION_UNKNOWN', `裁量基准中没有该违法行为：${code}`, `No discretion rule for violation ${code}`, { violationCode: code });
        return benchmark(rule, r.items, facts);
      },
    };
  }

  function place(input: ClueInput): PenaltyCase['place'] {
    let districtCode = input.districtCode ?? null;
    let streetCode = input.streetCode ?? null;
    if ((!districtCode || !streetCode) && input.lon != null && input.lat != null) {
      const at = deps.geo.tryLocate(input.lon, input.lat);
      districtCode ??= at?.district.code ?? null;
      streetCode ??= at?.street.code ?? null;
    }
    if (!districtCode && streetCode) districtCode = streetCode.slice(0, 6);
    return { address: input.address, lon: input.lon ?? null, lat: input.lat ?? null, districtCode, streetCode };
  }

  /** Opens a clue: idempotent by (source, sourceRef); returns the earlier one when it exists. */
  async function openClue(input: ClueInput, by: ClueActor = { actorId: 'system', role: 'system' }): Promise<{ penaltyCase: PenaltyCase; created: boolean }> {
    if (!input.summary?.trim()) throw unprocessable('SUMMARY_REQUIRED', '请填写线索内容', 'Describe the clue');
    if (!input.address?.trim()) throw unprocessable('ADDRESS_REQUIRED', '请填写地点', 'Give the place');
    const sourceRef = input.sourceRef ?? (input.source === 'case' ? input.cityCaseId ?? null : null);
    if (sourceRef) {
      const earlier = await store.lookup('source', [input.source, sourceRef]);
      if (earlier) return { penaltyCase: earlier, created: false };
    }
    const now = clock.now();
    const year = new Date(now + 8 * 3600_000).getUTCFullYear().toString();
    const where = place(input);
    const created = await store.create([year], (serial) => {
      const p: PenaltyCase = {
        id: ids.next(), version: 0, lastHash: '', code: `ZF${year}${String(serial).padStart(6, '0')}`, state: 'clue', procedure: 'general',
        source: input.source, sourceRef, cityCaseId: input.cityCaseId ?? null, summary: input.summary.trim(), place: where,
        violationCode: input.violationCode ?? null, violationName: null, party: null, occurredAt: input.occurredAt ?? null, safetyRelated: false,
        officers: [], squad: null, evidence: (input.evidence ?? []).map((sha256) => ({ kind: 'photo', sha256, note: '线索证据', at: now })), records: 0,
        flags: NO_FLAGS, proposal: null, notice: null, hearing: null, legalReview: null, collective: null, decision: null, service: null,
        payment: null, demand: null, court: null, fileReview: null, documents: [], disclosure: null, revoked: null,
        clock: NO_CLOCK as PenaltyCase['clock'], filedAt: null, decidedAt: null, closedAt: null, createdAt: now, updatedAt: now,
      };
      const draft: EventDraft = {
        type: 'clue_opened', actorId: by.actorId, role: by.role, at: now,
        data: { source: input.source, sourceRef, summary: p.summary, address: where.address, districtCode: where.districtCode, cityCaseId: p.cityCaseId, evidence: input.evidence ?? [], violationCode: p.violationCode },
      };
      return { next: p, drafts: [draft] };
    });
    if (created) return { penaltyCase: created, created: true };
    const winner = await store.lookup('source', [input.source, sourceRef!]);
    if (!winner) throw conflict('CLUE_CONFLICT', '线索登记冲突，请重试', 'The clue could not be stored; try again');
    return { penaltyCase: winner, created: false };
  }

  /** Reads one case within the user's area; out of scope reads as not found. */
  async function get(user: User, id: string): Promise<PenaltyCase> {
    const p = await store.load(id);
    if (!p) throw PENALTY_STREAM.errors.notFound(id);
    try {
      authorize(user, 'penalty.read', resourceOf(p));
    } catch (e) {
      if (e instanceof AppError && e.code === 'FORBIDDEN_SCOPE') throw PENALTY_STREAM.errors.notFound(id);
      throw e;
    }
    return p;
  }

  async function act(user: User, id: string, action: string, raw: unknown, expectedVersion: number): Promise<PenaltyCase> {
    const d = Object.hasOwn(PENALTY_ACTION_DECLARATIONS, action) ? PENALTY_ACTION_DECLARATIONS[action as PenaltyAction] : undefined;
    if (!d) throw notFound('ACTION_UNKNOWN', `没有这个操作：${action}`, `No such penalty-case action: ${action}`, { action });
    await get(user, id);
    const e = await env();
    return store.update(id, expectedVersion, (p) => {
      const role = authorize(user, d.permission, resourceOf(p));
      if (!(d.roles as readonly string[]).includes(role)) throw new AppError({ code: 'FORBIDDEN_ROLE', kind: 'forbidden', message: `您的角色无权执行此操作（${d.zh}）`, messageEn: `None of your roles may ${action}`, details: { action } });
      if (p.version !== expectedVersion) throw PENALTY_STREAM.errors.conflict(p.id, expectedVersion, p.version);
      if (!(d.from as readonly string[]).includes(p.state)) throw conflict('ACTION_NOT_ALLOWED', `当前状态不能${d.zh}`, `${action} is not allowed in state ${p.state}`, { action, state: p.state });
      const body = checkBody<Record<string, unknown>>(action, d, raw);
      const now = clock.now();
      const out = d.run(e, { actor: user, role, now }, p, body as never);
      const to = out.to ?? ('to' in d ? d.to : undefined) ?? p.state;
      return { next: { ...out.next, state: to }, drafts: [{ type: d.event, data: out.data, actorId: user.id, role, at: now }] };
    });
  }

  // Impounds (查封/扣押): their own stream; they read the officer register and the linked penalty case.
  const impounds = createImpoundService({
    ...deps,
    locate: (lon, lat) => {
      const at = deps.geo.tryLocate(lon, lat);
      return at ? { districtCode: at.district.code, streetCode: at.street.code } : null;
    },
    officers: async () => (await registers()).officers,
    officerDistricts: (ids) => repo.officerDistricts(k, ids),
    penaltyCase: (user, id) => get(user, id),
    loadPenaltyCase: (id) => store.load(id),
  });

  async function list(user: User, q: Omit<repo.ListQuery, 'districtCode' | 'streetCode'> & { districtCode?: string }): Promise<PenaltyList> {
    const f = accessFilter(user, 'penalty.read');
    if (!f) authorize(user, 'penalty.read');
    if (f?.districtCode && q.districtCode && q.districtCode !== f.districtCode) return { items: [], total: 0 };
    const { ids: found, total } = await repo.listCaseIds(k, { ...q, districtCode: f?.districtCode ?? q.districtCode, streetCode: f?.streetCode });
    const rows = await repo.caseRows(k, found);
    const byId = new Map(rows.map((r) => [r.id as string, PENALTY_STREAM.rowToRecord(r)]));
    return { items: found.map((i) => byId.get(i)!).filter(Boolean), total };
  }

  /** The yellow/red crossings of every running clock, and disclosures on their last day published by the system. */
  async function sweep(now = clock.now()): Promise<{ warnings: number; overdue: number; published: number; holdExpired: number; claimLapsed: number; readyForRelease: number }> {
    const lights = await sweepClocks<PenaltyCase>({
      candidates: (at, limit) => store.dueForLight(at, limit), clockOf: (p) => p.clock, conflictCode: 'PENALTY_CASE_VERSION_CONFLICT',
      lit: (p, light, at) => ({ ...p, clock: { ...p.clock, light }, updatedAt: at }), data: (p) => ({ stage: p.clock.stage, dueAt: p.clock.dueAt }), append: store.append,
    }, now);
    let published = 0;
    const e = await env();
    // Published on the start of the last day of the period at the latest (from 00:00 of the day it ends).
    for (const row of await repo.disclosuresDue(k, now + 24 * 3600_000, 500)) {
      const p = PENALTY_STREAM.rowToRecord(row);
      try {
        const out = publishCommand(e, { actor: { id: 'system', roles: [] }, role: 'system', now }, p, {});
        await store.append(p, { ...out.next }, [{ type: 'disclosed', data: { ...out.data, auto: true }, actorId: 'system', role: 'system', at: now }]);
        published += 1;
      } catch (err) {
        if (!(err instanceof AppError) || err.code !== 'PENALTY_CASE_VERSION_CONFLICT') throw err;
      }
    }
    const held = await impounds.sweep(now);
    return { warnings: lights.warnings, overdue: lights.overdue, published, ...held };
  }

  const documents = createDocumentService(deps, store, get);

  return {
    store,
    documents,
    impounds,
    openClue,
    /** Where a clue is (its district and street from the codes given or from lon/lat; null when outside the city). */
    placeOf: place,
    get,
    act,
    list,
    sweep,
    async events(user: User, id: string) {
      await get(user, id);
      return store.events(id);
    },
    /** The public list of published decisions (redacted content only), newest first. */
    async disclosures(limit: number, offset: number): Promise<{ items: Array<Record<string, unknown> & { publishedAt: number; caseId: string }>; total: number }> {
      const r = await repo.publishedDisclosures(k, limit, offset);
      return {
        items: r.rows.map((row) => {
          const p = PENALTY_STREAM.rowToRecord(row);
          return { ...(p.disclosure!.content ?? {}), caseId: p.id, publishedAt: p.disclosure!.publishedAt! };
        }),
        total: r.total,
      };
    },
    /** Penalty cases spawned by a city case (the link back from 案卷). */
    async ofCityCase(cityCaseId: string): Promise<PenaltyCase[]> {
      return (await repo.byCityCase(k, cityCaseId)).map((r) => PENALTY_STREAM.rowToRecord(r));
    },
    /** What holds a city case open: a penalty case it spawned that is not yet decided, transferred or otherwise ended; null when none. */
    async closeBlocker(cityCaseId: string): Promise<{ zh: string; en: string; details: unknown } | null> {
      const open = ((await spawnedBy(cityCaseId)) ?? []).filter((p) => p.decidedAt === null && OPEN_STATES.includes(p.state));
      if (!open.length) return null;
      return { zh: `关联的行政处罚案件（${open.map((p) => p.code).join('、')}）尚未作出决定或移送，案卷不能结案`, en: 'A penalty case this case spawned is not yet decided or transferred', details: { penaltyCases: open.map((p) => ({ id: p.id, code: p.code, state: p.state })) } };
    },
    calendar: cal,
    registers,
    env,
    // ---- registers ----
    async officers(): Promise<OfficerInfo[]> {
      return [...(await registers()).officers.values()];
    },
    /**
     * The officers the user may pick for an act in the user's area: a district's (or street's) account sees that
     * district's officers and the city-wide ones (who may act anywhere); a city account sees all.
     */
    async officersFor(user: User): Promise<Array<OfficerInfo & { districtCode: string | null }>> {
      const f = accessFilter(user, 'penalty.read');
      if (!f) authorize(user, 'penalty.read');
      const own = f?.districtCode ?? (f?.streetCode ? districtOfStreet(f.streetCode) : null);
      const districts = await repo.officerDistricts(k);
      return [...(await registers()).officers.values()]
        .map((o) => ({ ...o, districtCode: districts.get(o.userId) ?? null }))
        .filter((o) => districts.has(o.userId) && (own === null || o.districtCode === null || o.districtCode === own));
    },
    async putOfficer(o: OfficerInfo): Promise<OfficerInfo> {
      await repo.putOfficer(k, o, clock.now());
      invalidate();
      return o;
    },
    async rules(): Promise<{ rules: DiscretionRule[]; items: LenienceItem[] }> {
      const r = await registers();
      return { rules: [...r.rules.values()], items: r.items };
    },
    async replaceBenchmark(rules: DiscretionRule[], items: LenienceItem[]): Promise<void> {
      for (const r of rules) checkRule(r);
      await repo.replaceBenchmark(k, rules, items, clock.now());
      invalidate();
    },
    async putRule(rule: DiscretionRule): Promise<void> {
      checkRule(rule);
      await repo.putRule(k, rule, clock.now());
      invalidate();
    },
    async calculate(violationCode: string, facts: Facts) {
      return (await env()).benchmark(violationCode, facts);
    },
    async periods(): Promise<Periods> {
      return (await registers()).periods;
    },
    async putPeriods(p: Partial<Periods>): Promise<Periods> {
      const next = { ...(await registers()).periods, ...p };
      await putSetting(k, 'enforcement.periods', next, clock.now());
      invalidate();
      return next;
    },
    async reviewRules(): Promise<ReviewRules> {
      return (await registers()).review;
    },
    async putReviewRules(r: ReviewRules): Promise<ReviewRules> {
      await putSetting(k, 'enforcement.review_rules', r, clock.now());
      invalidate();
      return r;
    },
    invalidate,
    /** Demo: the benchmark and four lists when there are none, and the demo officers in the register. */
    async seedDemo(findUser: (username: string) => Promise<{ id: string; displayName: string } | undefined>): Promise<void> {
      if ((await repo.listRules(k)).length === 0) await repo.replaceBenchmark(k, DEMO_RULES, DEMO_ITEMS, clock.now());
      for (const [username, o] of Object.entries(DEMO_OFFICERS)) {
        const u = await findUser(username);
        if (u) await repo.putOfficer(k, { userId: u.id, name: u.displayName.replace(/（.*）$/, ''), certNo: o.certNo, legalQualified: o.legalQualified, squad: o.squad }, clock.now());
      }
      invalidate();
    },
  };
}

export type EnforcementService = ReturnType<typeof createEnforcementService>;
