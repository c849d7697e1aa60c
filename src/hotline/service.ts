/**
 * 12345 work orders: received (file import or the hotline system's push, idempotent by 工单编号,
 * personal data masked before anything is kept), placed (coordinates, else the gazetteer, else
 * 待定位 for the operator), classified (top 3 proposals), confirmed by the operator into a case
 * through the hotline channel, and answered back: when the case closes, its 办结时间, 办理结果
 * and after-photos are recorded on the order and pushed to the hotline system; the 回访
 * satisfaction comes back by file. Every change is an event on the order's chained stream
 * (the workflow kit's store), published as `hotline.<type>`.
 */
import type { ServiceDeps } from '../core/deps.js';
import { AppError, conflict, notFound, unprocessable } from '../core/errors.js';
import { importRefused, parseRows, type RowError } from '../core/sheet-table.js';
import { readTable, type SheetFormat } from '../core/sheet-files.js';
import type { User } from '../auth/model.js';
import { accessFilter, authorize, can, resourceOfScope, type Action, type Resource } from '../auth/policy.js';
import type { CaseService } from '../cases/service.js';
import type { ClassifierService } from '../classifier/service.js';
import type { GeoService } from '../geo/service.js';
import type { Subscription } from '../bus/bus.js';
import { getSetting, putSetting } from '../store/settings.js';
import { publishTo } from '../workflow/publish.js';
import { createRecordStore } from '../workflow/store.js';
import type { EventDraft } from '../workflow/stream.js';
import { resolveAddress, type GazetteerPlace, type PlaceKind } from './gazetteer.js';
import { ORDER_COLUMNS, RATING_COLUMNS, areaOfGrid, readOrderRow, readRatingRow, stateAfterReceipt, type HotlineOrder, type OrderInput, type OrderState, type RatingInput } from './model.js';
import { createHotlineRepo } from './repo.js';
import { ORDER_STREAM } from './stream.js';
import { pushResult, type PushOutcome } from './pushback.js';

export interface ImportSummary {
  /** Orders new to the platform. */
  created: number;
  /** Orders already received (same 工单编号): left as they are. */
  existing: number;
  /** Of the new ones, how many wait for a location. */
  needsLocation: number;
  orderNos: string[];
}

export interface HotlineService {
  /** One order from the hotline system (push API); idempotent by 工单编号. */
  receive(user: User, input: OrderInput): Promise<{ order: HotlineOrder; created: boolean }>;
  /** A file as hotline systems export it: every row checked first; any wrong row and nothing is imported (HOTLINE_IMPORT_INVALID with every row's error). */
  importOrders(user: User, file: Buffer, format: SheetFormat): Promise<ImportSummary>;
  /** 回访 results: all or nothing (HOTLINE_RATINGS_INVALID); an order must be answered first. */
  importRatings(user: User, file: Buffer, format: SheetFormat): Promise<{ rated: number }>;
  list(user: User, q: { states?: OrderState[]; limit?: number; offset?: number }): Promise<{ items: HotlineOrder[]; total: number; counts: Record<string, number> }>;
  get(user: User, id: string): Promise<HotlineOrder>;
  /** The operator places an order that waits for a location (a point, or a gazetteer place). */
  locate(user: User, id: string, version: number, at: { lon: number; lat: number; crs?: string } | { placeId: string }): Promise<HotlineOrder>;
  /** The operator confirms or corrects the class: the order becomes a case (hotline channel); the decision trains the classifier. */
  confirm(user: User, id: string, version: number, body: { categoryCode: string; urgency?: 'normal' | 'urgent' }): Promise<HotlineOrder>;
  reject(user: User, id: string, version: number, reason: string): Promise<HotlineOrder>;
  /** Push an answered order's result (again) to the hotline system. */
  push(user: User, id: string): Promise<HotlineOrder>;
  pushUrl(): Promise<string | null>;
  setPushUrl(user: User, url: string | null): Promise<void>;
  /** Case events → orders: closed cases answer their order. Register on the bus. */
  subscriptions(): Subscription[];
  places(user: User): Promise<GazetteerPlace[]>;
  addPlace(user: User, p: { name: string; kind: PlaceKind; aliases?: string[]; lon: number; lat: number; crs?: string }): Promise<GazetteerPlace>;
  removePlace(user: User, id: string): Promise<void>;
  /** Where an address in words would be placed (the console's check when adding places). */
  resolve(user: User, address: string): Promise<{ place: GazetteerPlace; matched: string; gridCode: string | null } | null>;
  /** The demo gazetteer, when the store has no place yet. */
  seedDemo(): Promise<number>;
}

export interface HotlineDeps extends ServiceDeps {
  geo: GeoService;
  cases: CaseService;
  classifier: ClassifierService;
  demoPlaces?: readonly Omit<GazetteerPlace, 'id'>[] | readonly { name: string; kind: PlaceKind; aliases?: string[]; lon: number; lat: number }[];
  /** Sends a result to the hotline system (tests swap nothing: the default posts JSON with fetch). */
  send?: typeof pushResult;
}

/** Stored as `{ url }`: a bare JSON string does not survive PostgreSQL's jsonb round trip through fromJson. */
const PUSH_URL_KEY = 'hotline.push';
const SYSTEM = { id: 'system:hotline', role: 'system' };

const resourceOf = (o: Pick<HotlineOrder, 'districtCode' | 'streetCode'>): Resource => ({ districtCode: o.districtCode, streetCode: o.streetCode });

export function createHotlineService(deps: HotlineDeps): HotlineService {
  const repo = createHotlineRepo(deps.db.kysely);
  const store = createRecordStore(deps.db, ORDER_STREAM, { afterCommit: publishTo(deps.bus, 'hotline') });
  const send = deps.send ?? pushResult;
  let gazetteer: GazetteerPlace[] | null = null;
  const placesNow = async () => (gazetteer ??= await repo.places());

  /** Where an order is: its own coordinates, else the gazetteer; null when neither places it in a grid. */
  async function placeOf(input: Pick<OrderInput, 'lon' | 'lat' | 'crs' | 'address'>) {
    if (input.lon !== null && input.lat !== null) {
      const at = deps.geo.tryLocate(input.lon, input.lat, input.crs);
      if (at) return { lon: at.point.lon, lat: at.point.lat, gridCode: at.grid.code, locatedBy: 'coordinates' as const, placeName: null };
    }
    if (input.address) {
      const hit = resolveAddress(input.address, await placesNow());
      const at = hit ? deps.geo.tryLocate(hit.place.lon, hit.place.lat) : null;
      if (hit && at) return { lon: at.point.lon, lat: at.point.lat, gridCode: at.grid.code, locatedBy: 'gazetteer' as const, placeName: hit.place.name };
    }
    return null;
  }

  /** The area an order belongs to: its grid's once placed, else the receiving account's (city-wide: none). */
  function areaFor(user: User, gridCode: string | null): { districtCode: string | null; streetCode: string | null } {
    if (gridCode) return areaOfGrid(gridCode);
    const r = resourceOfScope(user.scope);
    return { districtCode: r.districtCode ?? null, streetCode: r.streetCode ?? null };
  }

  /**
   * Why this user may not take this order in (null: may): an order already received outside the user's area
   * reads as not found, and a new one placed outside it is not theirs to receive.
   */
  async function receiptRefusal(user: User, input: OrderInput): Promise<'unknown' | 'outside' | null> {
    const earlier = await store.lookup('orderNo', [input.orderNo]);
    if (earlier) return can(user, 'hotline.intake', resourceOf(earlier)).allowed ? null : 'unknown';
    const at = await placeOf(input);
    return at && !can(user, 'hotline.intake', areaFor(user, at.gridCode)).allowed ? 'outside' : null;
  }

  async function receiveOne(user: User, input: OrderInput): Promise<{ order: HotlineOrder; created: boolean }> {
    const refusal = await receiptRefusal(user, input);
    if (refusal === 'unknown') throw ORDER_STREAM.errors.notFound(input.orderNo);
    if (refusal === 'outside') throw outsideArea();
    const earlier = await store.lookup('orderNo', [input.orderNo]);
    if (earlier) return { order: earlier, created: false };
    const now = deps.clock.now();
    const at = await placeOf(input);
    const proposals = (await deps.classifier.classify(input.content)).top;
    const order: HotlineOrder = {
      ...input, id: deps.ids.next(), version: 0, lastHash: '', state: stateAfterReceipt(!!at),
      lon: at?.lon ?? input.lon, lat: at?.lat ?? input.lat, crs: at ? 'wgs84' : input.crs,
      locatedBy: at?.locatedBy ?? null, placeName: at?.placeName ?? null, gridCode: at?.gridCode ?? null, ...areaFor(user, at?.gridCode ?? null),
      proposals, categoryCode: null, caseId: null, caseCode: null, caseStatus: null, closedAt: null, result: null, afterPhotos: [],
      push: { state: 'none', at: null, detail: null }, satisfaction: null, satisfactionNote: null, ratedAt: null, rejectReason: null,
      receivedAt: now, updatedAt: now,
    };
    const draft: EventDraft = {
      type: 'received', actorId: user.id, role: 'operator', at: now,
      data: { ...input, located: at, proposals: proposals.map((p) => ({ code: p.code, confidence: Math.round(p.confidence * 1000) / 1000 })) },
    };
    const created = await store.create(null, () => ({ next: order, drafts: [draft] }));
    if (created) return { order: created, created: true };
    const winner = await store.lookup('orderNo', [input.orderNo]);
    if (!winner) throw new Error('hotline order insert hit a unique index without a winner');
    if (!can(user, 'hotline.intake', resourceOf(winner)).allowed) throw ORDER_STREAM.errors.notFound(input.orderNo);
    return { order: winner, created: false };
  }

  /** An order this user may do `action` on; one outside the user's area reads as not found. */
  async function loadFor(user: User, action: Action, id: string): Promise<HotlineOrder> {
    authorize(user, action);
    const o = await store.load(id);
    if (!o || !can(user, action, resourceOf(o)).allowed) throw ORDER_STREAM.errors.notFound(id);
    return o;
  }

  /** One guarded step on an order: refuses an order outside the user's area (not found), a stale version and a state the step is not taken from. */
  function step(user: User, id: string, version: number, from: readonly OrderState[], what: { zh: string; en: string }, decide: (o: HotlineOrder) => { next: HotlineOrder; draft: Omit<EventDraft, 'at'> }) {
    authorize(user, 'hotline.intake');
    return store.update(id, version, (o) => {
      if (!can(user, 'hotline.intake', resourceOf(o)).allowed) throw ORDER_STREAM.errors.notFound(id);
      if (o.version !== version) throw ORDER_STREAM.errors.conflict(id, version, o.version);
      if (!from.includes(o.state)) throw conflict('ACTION_NOT_ALLOWED', `工单当前状态不能${what.zh}`, `Cannot ${what.en} an order in state ${o.state}`, { state: o.state });
      const now = deps.clock.now();
      const { next, draft } = decide(o);
      return { next: { ...next, updatedAt: now }, drafts: [{ ...draft, at: now }] };
    });
  }

  async function pushNow(o: HotlineOrder): Promise<HotlineOrder> {
    const url = (await getSetting<{ url: string | null }>(deps.db.kysely, PUSH_URL_KEY))?.url;
    if (!url) return o;
    const outcome: PushOutcome = await send(url, o);
    return store.update(o.id, o.version, (cur) => {
      const now = deps.clock.now();
      const next = { ...cur, push: { state: outcome.ok ? 'sent' as const : 'failed' as const, at: now, detail: outcome.detail }, updatedAt: now };
      return { next, drafts: [{ type: 'result_pushed', actorId: SYSTEM.id, role: SYSTEM.role, at: now, data: { ok: outcome.ok, status: outcome.status, detail: outcome.detail, url } }] };
    });
  }

  /** A closed case answers its order: 办结时间, 办理结果 (the handler's note) and the after-photos. */
  async function answerFromCase(caseId: string): Promise<void> {
    const order = await store.lookup('caseId', [caseId]);
    if (!order || order.state !== 'filed') return;
    const events = await deps.cases.events(caseId);
    const closed = [...events].reverse().find((e) => e.type === 'closed');
    if (!closed) return;
    const handled = [...events].reverse().find((e) => e.type === 'handled' || e.type === 'self_handled');
    const note = handled ? String((handled.data as { note?: unknown }).note ?? '') : '';
    const result = note || '已办结';
    const photos = handled?.attachments ?? [];
    const answered = await store.update(order.id, order.version, (cur) => {
      const now = deps.clock.now();
      const next: HotlineOrder = { ...cur, state: 'answered', caseStatus: 'closed', closedAt: closed.at, result, afterPhotos: [...photos], push: { state: 'pending', at: null, detail: null }, updatedAt: now };
      return { next, drafts: [{ type: 'answered', actorId: SYSTEM.id, role: SYSTEM.role, at: now, data: { caseId, closedAt: closed.at, result, afterPhotos: photos } }] };
    });
    await pushNow(answered);
  }

  const readable = (user: User) => authorize(user, 'hotline.read');
  const intake = (user: User) => authorize(user, 'hotline.intake');
  const outsideArea = () => new AppError({ code: 'FORBIDDEN_SCOPE', kind: 'forbidden', message: '工单的事发地不在您的管辖范围内', messageEn: 'The order’s place is outside your area' });
  const gazetteerAdmin = (user: User) => authorize(user, 'gazetteer.admin');

  return {
    async receive(user, input) {
      intake(user);
      return receiveOne(user, input);
    },

    async importOrders(user, file, format) {
      intake(user);
      const parsed = parseRows(await readTable(file, format), ORDER_COLUMNS, readOrderRow);
      const errors: RowError[] = [...parsed.errors];
      const seen = new Map<string, number>();
      parsed.items.forEach((o, i) => {
        const row = parsed.rowOf[i]!;
        const first = seen.get(o.orderNo);
        if (first) errors.push({ row, column: '工单编号', message: `第${row}行：工单编号 ${o.orderNo} 与第${first}行重复`, messageEn: `row ${row}: order ${o.orderNo} repeats row ${first}` });
        else seen.set(o.orderNo, row);
      });
      // All or nothing: a row this account may not take in is refused before anything is written.
      for (let i = 0; i < parsed.items.length; i++) {
        const o = parsed.items[i]!;
        const row = parsed.rowOf[i]!;
        const refusal = await receiptRefusal(user, o);
        if (refusal === 'unknown') errors.push({ row, column: '工单编号', message: `第${row}行：工单编号 ${o.orderNo} 已被占用，不能导入`, messageEn: `row ${row}: order number ${o.orderNo} is taken and cannot be imported` });
        if (refusal === 'outside') errors.push({ row, column: '事件发生地', message: `第${row}行：事发地不在您的管辖范围内`, messageEn: `row ${row}: the place is outside your area` });
      }
      if (errors.length) throw importRefused('HOTLINE_IMPORT_INVALID', errors, { zh: '工单', en: 'orders' });
      const out: ImportSummary = { created: 0, existing: 0, needsLocation: 0, orderNos: [] };
      for (const input of parsed.items) {
        const r = await receiveOne(user, input);
        out.orderNos.push(input.orderNo);
        if (!r.created) out.existing++;
        else {
          out.created++;
          if (r.order.state === 'needs_location') out.needsLocation++;
        }
      }
      return out;
    },

    async importRatings(user, file, format) {
      intake(user);
      const parsed = parseRows(await readTable(file, format), RATING_COLUMNS, readRatingRow);
      const errors: RowError[] = [...parsed.errors];
      const targets: Array<{ order: HotlineOrder; rating: RatingInput }> = [];
      for (let i = 0; i < parsed.items.length; i++) {
        const rating = parsed.items[i]!;
        const row = parsed.rowOf[i]!;
        const found = await store.lookup('orderNo', [rating.orderNo]);
        const order = found && can(user, 'hotline.intake', resourceOf(found)).allowed ? found : null;
        if (!order) errors.push({ row, column: '工单编号', message: `第${row}行：没有工单 ${rating.orderNo}`, messageEn: `row ${row}: no order ${rating.orderNo}` });
        else if (order.state !== 'answered') errors.push({ row, column: '工单编号', message: `第${row}行：工单 ${rating.orderNo} 尚未办结，不能回访`, messageEn: `row ${row}: order ${rating.orderNo} is not answered yet` });
        else targets.push({ order, rating });
      }
      if (errors.length) throw importRefused('HOTLINE_RATINGS_INVALID', errors, { zh: '回访结果', en: 'ratings' });
      for (const { order, rating } of targets) {
        await store.update(order.id, order.version, (cur) => {
          const now = deps.clock.now();
          const next: HotlineOrder = { ...cur, satisfaction: rating.satisfaction, satisfactionNote: rating.note, ratedAt: rating.ratedAt ?? now, updatedAt: now };
          return { next, drafts: [{ type: 'rated', actorId: user.id, role: 'operator', at: now, data: { satisfaction: rating.satisfaction, note: rating.note, ratedAt: next.ratedAt } }] };
        });
      }
      return { rated: targets.length };
    },

    async list(user, q) {
      readable(user);
      const area = accessFilter(user, 'hotline.read') ?? {};
      const limit = Math.min(q.limit ?? 50, 200);
      const [page, counts] = await Promise.all([repo.listOrders(area, { states: q.states, limit, offset: q.offset ?? 0 }), repo.countByState(area)]);
      return { ...page, counts };
    },

    async get(user, id) {
      return loadFor(user, 'hotline.read', id);
    },

    async locate(user, id, version, target) {
      await loadFor(user, 'hotline.intake', id);
      let lon: number;
      let lat: number;
      let placeName: string | null = null;
      if ('placeId' in target) {
        const place = (await placesNow()).find((p) => p.id === target.placeId);
        if (!place) throw notFound('PLACE_NOT_FOUND', '地名不存在', 'No such place');
        ({ lon, lat } = place);
        placeName = place.name;
      } else ({ lon, lat } = target);
      const at = deps.geo.locate(lon, lat, 'placeId' in target ? 'wgs84' : target.crs ?? 'wgs84');
      const area = areaOfGrid(at.grid.code);
      if (!can(user, 'hotline.intake', area).allowed) throw outsideArea();
      return step(user, id, version, ['needs_location', 'to_confirm'], { zh: '定位', en: 'locate' }, (o) => ({
        next: { ...o, state: 'to_confirm', lon: at.point.lon, lat: at.point.lat, crs: 'wgs84', gridCode: at.grid.code, ...area, locatedBy: 'operator', placeName },
        draft: { type: 'located', actorId: user.id, role: 'operator', data: { lon: at.point.lon, lat: at.point.lat, gridCode: at.grid.code, placeName } },
      }));
    },

    async confirm(user, id, version, body) {
      const o = await loadFor(user, 'hotline.intake', id);
      if (o.version !== version) throw ORDER_STREAM.errors.conflict(id, version, o.version);
      if (o.state !== 'to_confirm') throw conflict('ACTION_NOT_ALLOWED', '工单当前状态不能确认分类', `Cannot confirm an order in state ${o.state}`, { state: o.state });
      if (o.lon === null || o.lat === null) throw unprocessable('ORDER_NOT_LOCATED', '工单尚未定位', 'The order has no location yet');
      const urgency = body.urgency ?? o.urgency;
      const { case: c } = await deps.cases.report(user, {
        source: 'hotline', externalRef: o.orderNo, lon: o.lon, lat: o.lat, crs: 'wgs84', address: o.address?.slice(0, 200) ?? null,
        categoryCode: body.categoryCode, urgency, description: o.content,
      });
      await deps.classifier.recordDecision({ text: o.content, code: body.categoryCode, proposedCode: o.proposals[0]?.code ?? null, ref: o.orderNo, actorId: user.id });
      return step(user, id, version, ['to_confirm'], { zh: '确认分类', en: 'confirm' }, (cur) => ({
        next: { ...cur, state: 'filed', categoryCode: body.categoryCode, urgency, caseId: c.id, caseCode: c.code, caseStatus: c.status },
        draft: {
          type: 'confirmed', actorId: user.id, role: 'operator',
          data: { categoryCode: body.categoryCode, proposedCode: cur.proposals[0]?.code ?? null, corrected: cur.proposals[0]?.code !== body.categoryCode, caseId: c.id, caseCode: c.code },
        },
      }));
    },

    async reject(user, id, version, reason) {
      intake(user);
      const r = reason.trim();
      if (!r) throw unprocessable('REASON_REQUIRED', '请填写不予受理的理由', 'Give the reason');
      return step(user, id, version, ['needs_location', 'to_confirm'], { zh: '不予受理', en: 'reject' }, (o) => ({
        next: { ...o, state: 'rejected', rejectReason: r, push: { state: 'pending', at: null, detail: null } },
        draft: { type: 'rejected', actorId: user.id, role: 'operator', data: { reason: r } },
      })).then(pushNow);
    },

    async push(user, id) {
      const o = await loadFor(user, 'hotline.intake', id);
      if (o.state !== 'answered' && o.state !== 'rejected') throw conflict('ACTION_NOT_ALLOWED', '工单尚未办结，没有可推送的结果', 'The order has no result to push yet', { state: o.state });
      if (!(await getSetting<{ url: string | null }>(deps.db.kysely, PUSH_URL_KEY))?.url) throw unprocessable('PUSH_URL_NOT_SET', '尚未设置热线系统的回传地址', 'No push address for the hotline system is set');
      return pushNow(o);
    },

    async pushUrl() {
      return (await getSetting<{ url: string | null }>(deps.db.kysely, PUSH_URL_KEY))?.url ?? null;
    },

    async setPushUrl(user, url) {
      gazetteerAdmin(user);
      await putSetting(deps.db.kysely, PUSH_URL_KEY, { url }, deps.clock.now());
    },

    subscriptions() {
      return [{
        names: ['case.closed'], group: 'hotline-answers',
        handle: async (e) => {
          const d = e.data as { caseId: string; source?: string };
          // An order is only ever linked to the case it filed (source `hotline`, confirm): others need no read.
          // A notice without a source (published before it carried one) is looked up as before.
          if (d.source !== undefined && d.source !== 'hotline') return;
          try {
            await answerFromCase(d.caseId);
          } catch (err) {
            deps.logger.warn({ err, event: e.id }, 'hotline: answering the order of a closed case failed');
            throw err;
          }
        },
      }];
    },

    async places(user) {
      if (!can(user, 'gazetteer.admin').allowed) readable(user);
      return placesNow();
    },

    async addPlace(user, p) {
      gazetteerAdmin(user);
      const name = p.name.trim();
      if (await repo.placeByName(name)) throw conflict('PLACE_EXISTS', `地名「${name}」已存在`, `The place '${name}' exists`);
      const at = deps.geo.locate(p.lon, p.lat, p.crs ?? 'wgs84');
      const place: GazetteerPlace = { id: deps.ids.next(), name, kind: p.kind, aliases: (p.aliases ?? []).map((a) => a.trim()).filter(Boolean), lon: at.point.lon, lat: at.point.lat };
      await repo.insertPlaces([place], deps.clock.now());
      gazetteer = null;
      return place;
    },

    async removePlace(user, id) {
      gazetteerAdmin(user);
      if (!(await repo.deletePlace(id))) throw notFound('PLACE_NOT_FOUND', '地名不存在', 'No such place');
      gazetteer = null;
    },

    async resolve(user, address) {
      if (!can(user, 'gazetteer.admin').allowed) readable(user);
      const hit = resolveAddress(address, await placesNow());
      if (!hit) return null;
      return { ...hit, gridCode: deps.geo.tryLocate(hit.place.lon, hit.place.lat)?.grid.code ?? null };
    },

    async seedDemo() {
      if (!deps.demoPlaces?.length || (await repo.placeCount()) > 0) return 0;
      await repo.insertPlaces(deps.demoPlaces.map((p) => ({ id: deps.ids.next(), name: p.name, kind: p.kind, aliases: p.aliases ?? [], lon: p.lon, lat: p.lat })), deps.clock.now());
      gazetteer = null;
      return deps.demoPlaces.length;
    },
  };
}
