/**
 * Impounds (查封 / 扣押) as use cases: taking things in (a list with photos, the yard, two certified
 * officers, the 查封（扣押）决定书 issued at once), reads within the reader's area (out of scope reads
 * as not found), the declared actions (photos, move, extend, release on the decision or on payment,
 * return, dispose), the yard's inventory with ageing, and the sweeper that raises the end of the
 * holding and claim periods as events, once each. Every change is an event in the same write (the kit).
 */
import type { Kysely } from 'kysely';
import { accessFilter, authorize } from '../auth/policy.js';
import type { User } from '../auth/model.js';
import { AppError, conflict, notFound, unprocessable } from '../core/errors.js';
import type { ServiceDeps } from '../core/deps.js';
import { DAY_MS } from '../core/time.js';
import type { Database } from '../store/schema.js';
import { getSetting, putSetting } from '../store/settings.js';
import { checkBody } from '../workflow/body.js';
import { publishTo } from '../workflow/publish.js';
import { createRecordStore, type RecordStore } from '../workflow/store.js';
import type { OfficerInfo } from './commands/types.js';
import { IMPOUND_ACTION_DECLARATIONS, type ImpoundAction, type ImpoundEnv } from './impounds-actions.js';
import { createImpoundDocuments, type ImpoundDocumentKind } from './impounds-documents.js';
import {
  AGE_BUCKETS, DEFAULT_IMPOUND_PERIODS, ageBucket, ageDays, attention, owedEvent, releasableOnPaymentByDefault, type Attention, type CaseFacts, type Impound, type ImpoundItem, type ImpoundKind,
  type ImpoundPeriods, type Measure,
} from './impounds-model.js';
import * as repo from './impounds-repo.js';
import { createReleaseOnPayment } from './impounds-release.js';
import type { SmsNotifier } from '../notify/service.js';
import { IMPOUND_STREAM, type ImpoundEvent } from './impounds-stream.js';
import type { Party, PenaltyCase, Place } from './model.js';

export interface ImpoundInput {
  kind: ImpoundKind;
  measure: Measure;
  penaltyCaseId?: string | null;
  party?: Partial<Party> & { kind: Party['kind']; name: string } | null;
  address?: string | null;
  lon?: number | null;
  lat?: number | null;
  reason: string;
  items: Array<{ name: string; quantity: number; unit: string; identifier?: string | null; condition?: string | null; photos?: string[] }>;
  photos: string[];
  officerIds: string[];
  yard: string;
  location?: string | null;
  /** Default: goods and vehicles yes, dogs no (releasableOnPaymentByDefault). */
  releasableOnPayment?: boolean;
}

export interface ImpoundDeps extends ServiceDeps {
  locate(lon: number, lat: number): { districtCode: string; streetCode: string } | null;
  officers(): Promise<Map<string, OfficerInfo>>;
  /** The district each officer works in (null: city-wide, may act anywhere); officers without an account are missing. */
  officerDistricts(userIds: readonly string[]): Promise<Map<string, string | null>>;
  /** A penalty case the user may read (404 otherwise). */
  penaltyCase(user: User, id: string): Promise<PenaltyCase>;
  /** A penalty case without access checks (release and disposal read its decision and payment). */
  loadPenaltyCase(id: string): Promise<PenaltyCase | undefined>;
  /** Texts the party when the things are ready for release (none: nobody is texted). */
  sms?: SmsNotifier;
}

export interface YardRow {
  impound: Impound;
  ageDays: number;
  bucket: string;
  attention: Attention | null;
}

const resourceOf = (i: Pick<Impound, 'place'>) => ({ districtCode: i.place.districtCode, streetCode: i.place.streetCode });

export function createImpoundService(deps: ImpoundDeps) {
  const { db, clock, ids } = deps;
  const k = db.kysely as unknown as Kysely<Database>;
  const store: RecordStore<Impound, ImpoundEvent> = createRecordStore(db, IMPOUND_STREAM, { afterCommit: publishTo(deps.bus, 'impound') });
  const documents = createImpoundDocuments(deps, store);

  async function periods(): Promise<ImpoundPeriods> {
    const p = await getSetting<Partial<ImpoundPeriods>>(k, 'enforcement.impound_periods');
    return { ...DEFAULT_IMPOUND_PERIODS, ...p, claimDays: { ...DEFAULT_IMPOUND_PERIODS.claimDays, ...p?.claimDays } };
  }

  function factsOf(p: PenaltyCase): CaseFacts {
    const fine = p.decision?.fineFen ?? 0;
    return { decided: p.decision !== null && p.revoked === null, paid: p.payment !== null && (p.payment.paidAt !== null || (fine > 0 && p.payment.paidFen >= fine)) };
  }

  async function caseFacts(i: Impound): Promise<CaseFacts | null> {
    if (!i.penaltyCaseId) return null;
    const p = await deps.loadPenaltyCase(i.penaltyCaseId);
    return p ? factsOf(p) : null;
  }

  const releaseOnPayment = createReleaseOnPayment({ ...deps, store, loadPenaltyCase: deps.loadPenaltyCase, caseFacts: factsOf, ...(deps.sms ? { sms: deps.sms } : {}) });

  async function create(user: User, input: ImpoundInput): Promise<Impound> {
    const role = authorize(user, 'impound.manage');
    if (!input.items.length) throw unprocessable('ITEMS_REQUIRED', '请填写查封扣押财物清单', 'List the things held');
    if (!input.photos.length) throw unprocessable('PHOTOS_REQUIRED', '请上传现场照片', 'Add photos of the things held');
    const linked = input.penaltyCaseId ? await deps.penaltyCase(user, input.penaltyCaseId) : null;
    let place: Place;
    if (linked) place = { ...linked.place, ...(input.address ? { address: input.address } : {}) };
    else {
      if (!input.address?.trim()) throw unprocessable('ADDRESS_REQUIRED', '请填写查封扣押地点', 'Give the place');
      const at = input.lon != null && input.lat != null ? deps.locate(input.lon, input.lat) : null;
      if (!at) throw unprocessable('OUTSIDE_MANAGED_AREA', '该位置不在管辖范围内，请在地图上选点', 'The place is outside the managed area: pick it on the map');
      place = { address: input.address.trim(), lon: input.lon ?? null, lat: input.lat ?? null, districtCode: at.districtCode, streetCode: at.streetCode };
    }
    authorize(user, 'impound.manage', { districtCode: place.districtCode, streetCode: place.streetCode });
    // 行政强制法 art. 18: two or more officers with enforcement certificates.
    const register = await deps.officers();
    const officerIds = [...new Set(input.officerIds)];
    if (officerIds.length < 2) throw unprocessable('TWO_OFFICERS_REQUIRED', '实施查封扣押应当由两名以上行政执法人员实施（行政强制法第十八条）', 'Two or more officers carry out an impound (art. 18)');
    const officers = officerIds.map((id) => {
      const o = register.get(id);
      if (!o?.certNo) throw unprocessable('OFFICER_CERT_REQUIRED', '执法人员须持有行政执法证件', 'Every officer needs an enforcement certificate', { userId: id });
      return { userId: o.userId, name: o.name, certNo: o.certNo };
    });
    // The officers act within their own area: a district's officer not in another district's impound.
    const districts = await deps.officerDistricts(officerIds);
    for (const o of officers) {
      const d = districts.get(o.userId);
      if (d === undefined || (d !== null && d !== place.districtCode)) {
        throw unprocessable('OFFICER_OUTSIDE_DISTRICT', `执法人员${o.name}（${o.certNo}）不属于该案所在区，不能实施本次查封扣押`, `Officer ${o.name} (${o.certNo}) does not work in the district of this impound`, { userId: o.userId, districtCode: place.districtCode });
      }
    }
    const p = await periods();
    const now = clock.now();
    const year = new Date(now + 8 * 3600_000).getUTCFullYear().toString();
    const party: Party | null = input.party
      ? { kind: input.party.kind, name: input.party.name, idNumber: input.party.idNumber ?? null, address: input.party.address ?? null, phone: input.party.phone ?? null, legalRep: input.party.legalRep ?? null }
      : linked?.party ?? null;
    const items: ImpoundItem[] = input.items.map((it) => ({ name: it.name.trim(), quantity: it.quantity, unit: it.unit.trim(), identifier: it.identifier?.trim() || null, condition: it.condition?.trim() || null, photos: it.photos ?? [] }));
    const created = await store.create([year], (serial) => {
      const i: Impound = {
        id: ids.next(), version: 0, lastHash: '', code: `KY${year}${String(serial).padStart(6, '0')}`, state: 'held', kind: input.kind, measure: input.measure,
        penaltyCaseId: linked?.id ?? null, penaltyCaseCode: linked?.code ?? null, party, place, reason: input.reason.trim(), items, photos: [...new Set(input.photos)], officers,
        storage: { yard: input.yard.trim(), location: input.location?.trim() || null },
        releasableOnPayment: input.releasableOnPayment ?? releasableOnPaymentByDefault(input.kind), readyForRelease: null, heldAt: now, holdUntil: now + p.holdDays * DAY_MS, extension: null,
        holdExpiredAt: null, release: null, claimLapsedAt: null, returned: null, disposal: null, documents: [], createdAt: now, updatedAt: now,
      };
      return {
        next: i,
        drafts: [{
          type: 'impounded', actorId: user.id, role, at: now,
          data: { kind: i.kind, measure: i.measure, penaltyCaseId: i.penaltyCaseId, releasableOnPayment: i.releasableOnPayment, items: items.map((x) => ({ name: x.name, quantity: x.quantity, unit: x.unit, identifier: x.identifier })), photos: i.photos, yard: i.storage.yard, holdUntil: i.holdUntil, officers: officerIds, districtCode: place.districtCode },
        }],
      };
    });
    if (!created) throw conflict('IMPOUND_CONFLICT', '查封扣押登记冲突，请重试', 'The impound could not be stored; try again');
    // The 查封（扣押）决定书 and its list go with the things (art. 24): issued at once.
    return (await documents.issue(created, 'impound_notice', { id: user.id, role })).impound;
  }

  async function get(user: User, id: string): Promise<Impound> {
    const i = await store.load(id);
    if (!i) throw IMPOUND_STREAM.errors.notFound(id);
    try {
      authorize(user, 'penalty.read', resourceOf(i));
    } catch (e) {
      if (e instanceof AppError && e.code === 'FORBIDDEN_SCOPE') throw IMPOUND_STREAM.errors.notFound(id);
      throw e;
    }
    return i;
  }

  async function act(user: User, id: string, action: string, raw: unknown, expectedVersion: number): Promise<Impound> {
    const d = Object.hasOwn(IMPOUND_ACTION_DECLARATIONS, action) ? IMPOUND_ACTION_DECLARATIONS[action as ImpoundAction] : undefined;
    if (!d) throw notFound('ACTION_UNKNOWN', `没有这个操作：${action}`, `No such impound action: ${action}`, { action });
    const current = await get(user, id);
    const env: ImpoundEnv = { periods: await periods(), caseFacts: await caseFacts(current) };
    return store.update(id, expectedVersion, (i) => {
      const role = authorize(user, d.permission, resourceOf(i));
      if (!(d.roles as readonly string[]).includes(role)) throw new AppError({ code: 'FORBIDDEN_ROLE', kind: 'forbidden', message: `您的角色无权执行此操作（${d.zh}）`, messageEn: `None of your roles may ${action}`, details: { action } });
      if (i.version !== expectedVersion) throw IMPOUND_STREAM.errors.conflict(i.id, expectedVersion, i.version);
      if (!(d.from as readonly string[]).includes(i.state)) throw conflict('ACTION_NOT_ALLOWED', `当前状态不能${d.zh}`, `${action} is not allowed in state ${i.state}`, { action, state: i.state });
      const body = checkBody<Record<string, unknown>>(action, d, raw);
      const now = clock.now();
      const out = d.run(env, { actor: user, role, now }, i, body as never);
      return { next: { ...out.next, state: ('to' in d ? d.to : undefined) ?? i.state }, drafts: [{ type: d.event, data: out.data, actorId: user.id, role, at: now }] };
    });
  }

  function scopeOf(user: User): { districtCode?: string; streetCode?: string } | null {
    const f = accessFilter(user, 'penalty.read');
    if (!f) authorize(user, 'penalty.read');
    return { ...(f?.districtCode ? { districtCode: f.districtCode } : {}), ...(f?.streetCode ? { streetCode: f.streetCode } : {}) };
  }

  async function list(user: User, q: Omit<repo.ImpoundQuery, 'streetCode'>): Promise<{ items: Impound[]; total: number }> {
    const scope = scopeOf(user)!;
    if (scope.districtCode && q.districtCode && q.districtCode !== scope.districtCode) return { items: [], total: 0 };
    const r = await repo.listImpoundRows(k, { ...q, ...scope });
    return { items: r.rows.map((row) => IMPOUND_STREAM.rowToRecord(row)), total: r.total };
  }

  /** The yard's inventory: what is still in (held or released and not collected), ready-for-release first, then oldest first (up to `limit` rows), with its age and what it needs; the summary counts the whole yard. */
  async function yard(user: User, q: { yard?: string; kind?: string; districtCode?: string }, limit = 500) {
    const scope = scopeOf(user)!;
    if (scope.districtCode && q.districtCode && q.districtCode !== scope.districtCode) return { rows: [] as YardRow[], summary: [], buckets: AGE_BUCKETS.map((b) => ({ key: b.key, name: b.zh })) };
    const now = clock.now();
    const rows: YardRow[] = (await repo.inventoryRows(k, { ...q, ...scope }, limit)).map((r) => {
      const i = IMPOUND_STREAM.rowToRecord(r);
      const days = ageDays(i.heldAt, now);
      return { impound: i, ageDays: days, bucket: ageBucket(days), attention: attention(i, now) };
    });
    // Ready-for-release rows come first from SQL (repo.inventoryRows); the counts are over the whole yard, not this page.
    const summary = (await repo.inventorySummary(k, { ...q, ...scope }, now, AGE_BUCKETS, DAY_MS)).sort((a, b) => a.yard.localeCompare(b.yard) || a.kind.localeCompare(b.kind));
    return { rows, summary, buckets: AGE_BUCKETS.map((b) => ({ key: b.key, name: b.zh })) };
  }

  /**
   * Raises the end of each holding period (decide or release now, art. 28) and of each claim period (may be
   * disposed of), once each; and marks ready for release what a paid case's lost payment event left unmarked.
   */
  async function sweep(now = clock.now()): Promise<{ holdExpired: number; claimLapsed: number; readyForRelease: number }> {
    let holdExpired = 0;
    let claimLapsed = 0;
    for (const row of await repo.attentionDue(k, now, 500)) {
      const i = IMPOUND_STREAM.rowToRecord(row);
      const what = owedEvent(i, now);
      if (!what) continue;
      const next: Impound = what === 'hold_expired' ? { ...i, holdExpiredAt: now, updatedAt: now } : { ...i, claimLapsedAt: now, updatedAt: now };
      const data = what === 'hold_expired' ? { holdUntil: i.holdUntil, daysHeld: ageDays(i.heldAt, now) } : { claimUntil: i.release!.claimUntil, daysHeld: ageDays(i.heldAt, now) };
      try {
        await store.append(i, next, [{ type: what === 'hold_expired' ? 'hold_period_expired' : 'claim_period_lapsed', data, actorId: 'system', role: 'system', at: now }]);
        if (what === 'hold_expired') holdExpired += 1;
        else claimLapsed += 1;
      } catch (err) {
        if (!(err instanceof AppError) || err.code !== 'IMPOUND_VERSION_CONFLICT') throw err;
      }
    }
    const readyForRelease = await releaseOnPayment.backstop();
    return { holdExpired, claimLapsed, readyForRelease };
  }

  return {
    store,
    create,
    get,
    act,
    list,
    yard,
    sweep,
    /** Marks the case's impounds ready for release once its fine is paid in full (the bus calls it; idempotent). */
    onPaid: releaseOnPayment.onPaid,
    subscriptions: () => [releaseOnPayment.subscription],
    periods,
    async putPeriods(p: Partial<ImpoundPeriods>): Promise<ImpoundPeriods> {
      const cur = await periods();
      const next = { ...cur, ...p, claimDays: { ...cur.claimDays, ...p.claimDays } };
      await putSetting(k, 'enforcement.impound_periods', next, clock.now());
      return next;
    },
    async events(user: User, id: string) {
      await get(user, id);
      return store.events(id);
    },
    async issueDocument(user: User, id: string, kind: ImpoundDocumentKind) {
      const i = await get(user, id);
      const role = authorize(user, 'penalty.document', resourceOf(i));
      return documents.issue(i, kind, { id: user.id, role });
    },
    async pdf(user: User, id: string, sha256: string) {
      return documents.pdf(await get(user, id), sha256);
    },
  };
}

export type ImpoundService = ReturnType<typeof createImpoundService>;
