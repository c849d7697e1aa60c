/**
 * Suggestions (金点子) on the kit: the public intake (through the citizen app's gate: device id,
 * optional SMS-verified phone, daily limits), following by code, the public list of answers; the
 * centre's queue, assignment to a unit with the answer clock (working time, the administrator's
 * limit), the unit's answer or return, urging, discarding abuse; the sweeper's lights; the figures.
 * Reads and actions go through the policy: out of reach reads as 404.
 */
import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { ServiceDeps } from '../core/deps.js';
import { conflict, notFound, unprocessable } from '../core/errors.js';
import { shanghaiDate } from '../core/time.js';
import type { User } from '../auth/model.js';
import { accessFilter, authorize, can, CITY_WIDE, type AccessFilter, type Resource } from '../auth/policy.js';
import type { CatalogService } from '../catalog/service.js';
import type { CitizenApp } from '../citizen/service.js';
import type { FileStore, StoredFile } from '../files/service.js';
import type { GeoService } from '../geo/service.js';
import type { SmsNotifier } from '../notify/service.js';
import { newFollowCode } from '../open311/service.js';
import { getSetting, putSetting } from '../store/settings.js';
import { startClock, type ClockCalendar, type TimeLimit, type TimeUnit } from '../workflow/clock.js';
import type { DocEvent } from '../workflow/doc-stream.js';
import { publishTo } from '../workflow/publish.js';
import { createRecordStore } from '../workflow/store.js';
import type { EventDraft } from '../workflow/stream.js';
import { sweepClocks, type SweepResult } from '../workflow/sweep.js';
import { createWorkflow, type RunContext } from '../workflow/workflow.js';
import {
  checkLimit, DEFAULT_ANSWER_LIMIT, figuresOf, newSuggestion, SUGGESTION_ACTIONS, SUGGESTION_STREAM, suggestionCode, suggestionStepText,
  type Channel, type Figures, type IntakeInput, type Suggestion, type SuggestionPermission, type SuggestionState, type Topic,
} from './model.js';
import * as repo from './repo.js';

export const LIMIT_KEY = 'suggestions.answer_limit';

export interface SubmitBody {
  topic: Topic;
  title: string;
  content: string;
  photos?: string[] | undefined;
  lon?: number | null | undefined;
  lat?: number | null | undefined;
  crs?: 'wgs84' | 'gcj02' | 'bd09' | undefined;
  address?: string | null | undefined;
  phone?: string | null | undefined;
  smsCode?: string | null | undefined;
  source?: Channel | undefined;
  clientRef?: string | null | undefined;
}

export interface PublicFollowView {
  code: string;
  followCode: string;
  topic: Topic;
  title: string;
  content: string;
  state: SuggestionState;
  receivedAt: number;
  unitName: string | null;
  expectedAt: number | null;
  answer: { text: string; adoption: string; byName: string; at: number } | null;
  discardReason: string | null;
  steps: Array<{ at: number; text: string }>;
}

export interface ListQuery {
  state?: SuggestionState | 'open' | undefined;
  light?: 'yellow' | 'red' | undefined;
  topic?: string | undefined;
  q?: string | undefined;
  page?: number | undefined;
  pageSize?: number | undefined;
}

export interface SuggestionService {
  submit(deviceId: string | undefined, body: SubmitBody): Promise<{ code: string; followCode: string; replayed: boolean }>;
  follow(followCode: string): Promise<PublicFollowView>;
  publicList(q: { topic?: string | undefined; page?: number | undefined; pageSize?: number | undefined }): Promise<{ items: Suggestion[]; total: number }>;
  list(user: User, q: ListQuery): Promise<{ items: Suggestion[]; total: number }>;
  get(user: User, id: string): Promise<Suggestion>;
  events(user: User, id: string): Promise<DocEvent[]>;
  act(user: User, id: string, action: string, body: unknown, version: number): Promise<Suggestion>;
  /** A photo of the suggestion or of its answer, to a reader of the suggestion; else 404. */
  photo(user: User, id: string, sha256: string): Promise<{ file: StoredFile; stream: Readable }>;
  answerLimit(): Promise<TimeLimit<TimeUnit>>;
  setAnswerLimit(user: User, l: { value: number; unit: string }): Promise<TimeLimit<TimeUnit>>;
  /** 反馈率 and 按时答复率 of the suggestions received in [from, to) within an area (evaluation's scope). */
  figures(scope: AccessFilter, from: number, to: number): Promise<Figures>;
  sweep(now?: number): Promise<SweepResult>;
  startTimers(intervalMs?: number): () => void;
  seedDemo(): Promise<number>;
}

export interface SuggestionDeps extends ServiceDeps {
  geo: GeoService;
  catalog: CatalogService;
  calendar: ClockCalendar<string>;
  files: FileStore;
  citizen: Pick<CitizenApp, 'admit'>;
  sms: SmsNotifier;
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const FOLLOW_CODE = /^[2-9A-HJ-NP-Z]{10}$/;

export const resourceOf = (s: Pick<Suggestion, 'districtCode' | 'streetCode' | 'unitId'>): Resource => ({ districtCode: s.districtCode, streetCode: s.streetCode, unitId: s.unitId });

export function createSuggestionService(deps: SuggestionDeps): SuggestionService {
  const { db, clock, ids } = deps;
  const store = createRecordStore(db, SUGGESTION_STREAM, { afterCommit: publishTo(deps.bus, 'suggestion') });
  const cal = deps.calendar as ClockCalendar<TimeUnit>;

  async function answerLimit(): Promise<TimeLimit<TimeUnit>> {
    const l = await getSetting<{ value: number; unit: string }>(db.kysely, LIMIT_KEY);
    return (l && checkLimit(l)) ?? DEFAULT_ANSWER_LIMIT;
  }

  const mayRead = (user: User, s: Suggestion): boolean => can(user, 'suggestion.read', resourceOf(s)).allowed;

  async function readable(user: User, id: string): Promise<Suggestion> {
    authorize(user, 'suggestion.read');
    const s = await store.load(id);
    if (!s || !mayRead(user, s)) throw SUGGESTION_STREAM.errors.notFound(id);
    return s;
  }

  async function assignTo(s: Suggestion, unitId: string, now: number): Promise<Suggestion> {
    const u = await deps.catalog.getUnit(unitId).catch(() => undefined);
    if (!u || !u.active) throw unprocessable('UNIT_NOT_FOUND', '没有这个承办单位', 'No such unit', { field: 'unitId' });
    const limit = await answerLimit();
    return { ...s, unitId: u.id, unitName: u.name, limit, assignedAt: now, clock: startClock(cal, s.clock, 'answer', limit, now) };
  }

  /** After the declared run: the action's own permission on this suggestion (unit, area), and what needs I/O. */
  const guarded = Object.fromEntries(Object.entries(SUGGESTION_ACTIONS).map(([name, d]) => [name, {
    ...d,
    run: async (ctx: RunContext, s: Suggestion, b: Record<string, unknown>) => {
      authorize(ctx.actor as User, d.permission as SuggestionPermission, resourceOf(s));
      if (name === 'answer') await deps.files.requireAll((b.photos as string[] | undefined) ?? []);
      const out = await (d.run as (c: RunContext, r: Suggestion, body: unknown) => { next: Suggestion; data: Record<string, unknown> })(ctx, s, b);
      if (name !== 'assign') return out;
      const next = await assignTo(out.next, b.unitId as string, ctx.now);
      return { next, data: { ...out.data, unitId: next.unitId, unitName: next.unitName, limit: next.limit, dueAt: next.clock.dueAt } };
    },
  }]));
  const workflow = createWorkflow({ store, actions: guarded, now: () => clock.now(), withState: (s, state) => ({ ...s, state: state as SuggestionState }) });

  async function tell(s: Suggestion): Promise<void> {
    if (!s.named || (s.state !== 'answered' && s.state !== 'discarded')) return;
    const c = await repo.contactOf(db.kysely, s.id);
    if (!c?.phone) return;
    const text = s.state === 'answered'
      ? `【城市运管服】您提出的建议（${s.code}）已有答复，请凭查询码 ${s.followCode} 查看。感谢您的金点子！`
      : `【城市运管服】您提出的建议（${s.code}）经审核不予受理，请凭查询码 ${s.followCode} 查看原因。`;
    await deps.sms.sendToPhone({ phone: c.phone, text }).catch((err: unknown) => deps.logger.warn({ err }, 'suggestion text failed'));
  }

  /** Creates a suggestion at `now` (intake and the demo). */
  async function intake(input: IntakeInput, actorId: string, now: number): Promise<Suggestion | undefined> {
    const day = shanghaiDate(now);
    const id = ids.next();
    const followCode = newFollowCode();
    return store.create([day], (serial) => {
      const s = newSuggestion({ ...input, id, code: suggestionCode(day, serial), followCode, receivedAt: now });
      const draft: EventDraft = {
        type: 'received', actorId, role: 'citizen', at: now,
        data: { code: s.code, channel: s.channel, topic: s.topic, title: s.title, content: s.content, photos: s.photos, lon: s.lon, lat: s.lat, address: s.address, districtCode: s.districtCode, streetCode: s.streetCode, named: s.named },
      };
      return { next: s, drafts: [draft] };
    });
  }

  async function submit(deviceId: string | undefined, b: SubmitBody) {
    const intakeKey = b.clientRef && deviceId ? sha256(`${deviceId}:${b.clientRef}`) : null;
    if (intakeKey) {
      const earlier = await store.lookup('intakeKey', [intakeKey]);
      if (earlier) return { code: earlier.code, followCode: earlier.followCode, replayed: true };
    }
    const title = b.title.trim();
    const content = b.content.trim();
    if (!title) throw unprocessable('TITLE_REQUIRED', '请填写建议标题', 'Give the suggestion a title', { field: 'title' });
    if (content.length < 10) throw unprocessable('CONTENT_TOO_SHORT', '请把建议写具体一些（至少 10 个字）', 'Describe the suggestion in at least 10 characters', { field: 'content' });
    const lon = b.lon ?? null;
    const lat = b.lat ?? null;
    if ((lon === null) !== (lat === null)) throw unprocessable('COORDINATES_INCOMPLETE', '经纬度应同时填写', 'Give both longitude and latitude', { field: 'lon' });
    const at = lon !== null && lat !== null ? deps.geo.tryLocate(lon, lat, b.crs ?? 'wgs84') : null;
    if (lon !== null && !at) throw unprocessable('OUTSIDE_MANAGED_AREA', '该位置不在本市管辖范围内', 'The place is outside the managed area', { field: 'lon' });
    await deps.files.requireAll(b.photos ?? []);
    const gate = await deps.citizen.admit(deviceId, 'suggestion', { phone: b.phone, smsCode: b.smsCode });
    const now = clock.now();
    const created = await intake({
      channel: b.source ?? 'api', topic: b.topic, title, content, photos: [...new Set(b.photos ?? [])],
      lon: at ? at.point.lon : null, lat: at ? at.point.lat : null, address: b.address?.trim() || null,
      districtCode: at?.district.code ?? null, streetCode: at?.street.code ?? null, named: gate.phone !== null, intakeKey,
    }, `citizen:${gate.deviceHash.slice(0, 24)}`, now);
    if (!created) {
      // The same submission raced in twice: the first one stands.
      const earlier = intakeKey ? await store.lookup('intakeKey', [intakeKey]) : undefined;
      if (!earlier) throw conflict('SUGGESTION_CONFLICT', '提交冲突，请重试', 'The submission collided; try again');
      return { code: earlier.code, followCode: earlier.followCode, replayed: true };
    }
    await repo.putContact(db.kysely, { suggestionId: created.id, phone: gate.phone, deviceHash: gate.deviceHash, at: now });
    return { code: created.code, followCode: created.followCode, replayed: false };
  }

  async function follow(raw: string): Promise<PublicFollowView> {
    const code = raw.trim().toUpperCase();
    const s = FOLLOW_CODE.test(code) ? await store.lookup('followCode', [code]) : undefined;
    if (!s) throw notFound('FOLLOW_CODE_NOT_FOUND', '查询码不存在，请核对', 'No suggestion has this follow code');
    const steps: PublicFollowView['steps'] = [];
    for (const e of await store.events(s.id)) {
      const text = suggestionStepText(e.type);
      if (text && steps.at(-1)?.text !== text) steps.push({ at: e.at, text });
    }
    return {
      code: s.code, followCode: s.followCode, topic: s.topic, title: s.title, content: s.content, state: s.state, receivedAt: s.receivedAt,
      unitName: s.state === 'assigned' || s.state === 'answered' ? s.unitName ?? s.answer?.byName ?? null : null,
      expectedAt: s.state === 'assigned' ? s.clock.dueAt : null,
      answer: s.answer ? { text: s.answer.text, adoption: s.answer.adoption, byName: s.answer.byName, at: s.answer.at } : null,
      discardReason: s.discardReason, steps: steps.reverse(),
    };
  }

  const pageOf = (p: number | undefined, size: number | undefined, max = 100) => ({ page: Math.max(1, Math.floor(p ?? 1)), size: Math.min(max, Math.max(1, Math.floor(size ?? 20))) });

  async function sweep(now = clock.now()): Promise<SweepResult> {
    return sweepClocks<Suggestion>({
      candidates: (at, limit) => store.dueForLight(at, limit),
      clockOf: (s) => s.clock,
      lit: (s, light, at) => ({ ...s, clock: { ...s.clock, light }, updatedAt: at }),
      data: (s) => ({ unitId: s.unitId, dueAt: s.clock.dueAt }),
      append: (prev, next, drafts) => store.append(prev, next, drafts),
      conflictCode: 'SUGGESTION_VERSION_CONFLICT',
    }, now);
  }

  return {
    submit,
    follow,
    async publicList(q) {
      const { page, size } = pageOf(q.page, q.pageSize, 50);
      return repo.answered(db.kysely, q.topic, page, size);
    },
    async list(user, q) {
      const f = accessFilter(user, 'suggestion.read');
      if (!f) authorize(user, 'suggestion.read');
      const { page, size } = pageOf(q.page, q.pageSize);
      const states: SuggestionState[] | undefined = q.state === 'open' ? ['received', 'assigned'] : q.state ? [q.state] : undefined;
      return repo.list(db.kysely, { ...f, ...(states ? { states } : {}), ...(q.light ? { light: q.light } : {}), ...(q.topic ? { topic: q.topic } : {}), ...(q.q?.trim() ? { q: q.q.trim().toUpperCase() } : {}) }, page, size);
    },
    get: readable,
    async events(user, id) {
      await readable(user, id);
      return store.events(id);
    },
    async act(user, id, action, body, version) {
      await readable(user, id);
      const s = await workflow.act(user, id, action, body, version);
      await tell(s);
      return s;
    },
    async photo(user, id, sha) {
      const s = await readable(user, id);
      if (!s.photos.includes(sha) && !s.answer?.photos.includes(sha)) throw notFound('FILE_NOT_FOUND', '文件不存在', 'No such file');
      return deps.files.open(sha);
    },
    answerLimit,
    async setAnswerLimit(user, l) {
      authorize(user, 'suggestion.admin', CITY_WIDE);
      const limit = checkLimit(l);
      if (!limit) throw unprocessable('ANSWER_LIMIT_INVALID', '答复时限应为 0.5–60 个工作日、工作时或自然日', 'The answer limit is 0.5–60 working days, working hours or days', { field: 'value' });
      await putSetting(db.kysely, LIMIT_KEY, limit, clock.now());
      return limit;
    },
    async figures(scope, from, to) {
      const rows = await repo.figureRows(db.kysely, scope, from, to);
      const names = new Map<string, string>();
      for (const id of new Set(rows.map((r) => r.unitId).filter((x): x is string => !!x))) {
        names.set(id, (await deps.catalog.getUnit(id).catch(() => undefined))?.name ?? id);
      }
      return figuresOf(rows.map((r) => ({ ...r, unitName: r.unitId ? names.get(r.unitId) ?? r.unitId : null })));
    },
    sweep,
    startTimers(intervalMs = 60_000) {
      let running = false;
      const tick = async () => {
        if (running) return;
        running = true;
        try {
          const r = await sweep();
          if (r.overdue) deps.logger.info(r, 'suggestion sweep');
        } catch (err) {
          deps.logger.error({ err }, 'suggestion sweep failed');
        } finally {
          running = false;
        }
      };
      const handle = setInterval(() => void tick(), intervalMs);
      handle.unref();
      void tick();
      return () => clearInterval(handle);
    },
    async seedDemo() {
      const { seedDemoSuggestions } = await import('./demo.js');
      return seedDemoSuggestions({ store, intake, assignTo, catalog: deps.catalog, geo: deps.geo, now: clock.now() });
    },
  };
}
