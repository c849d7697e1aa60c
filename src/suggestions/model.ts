/**
 * Suggestions (金点子): a citizen's idea for the city, sent without an account from the citizen app or
 * the public API. The centre (受理员, 值班长, 派遣员) assigns it to a unit, whose handlers answer it
 * within a limit the administrator sets (default 5 working days, on the working-time calendar); the
 * centre may answer one itself or discard abuse. Every answer is public (the list of answered
 * suggestions, without anything personal). A workflow on the kit; pure: types, the stream, the
 * declared actions, the public texts and the figures.
 */
import { Type } from 'typebox';
import { endClock, NO_CLOCK, type StageClock, type TimeLimit, type TimeUnit } from '../workflow/clock.js';
import { docStream, type DocRecord } from '../workflow/doc-stream.js';
import type { StreamSpec } from '../workflow/stream.js';
import type { DocEvent } from '../workflow/doc-stream.js';
import type { WorkflowAction } from '../workflow/workflow.js';

export const TOPICS = ['city_look', 'greening', 'roads', 'traffic', 'environment', 'services', 'other'] as const;
export type Topic = (typeof TOPICS)[number];
export const TOPIC_NAMES: Record<Topic, { zh: string; en: string }> = {
  city_look: { zh: '市容市貌', en: 'City appearance' },
  greening: { zh: '园林绿化', en: 'Parks and greenery' },
  roads: { zh: '市政设施', en: 'Roads and facilities' },
  traffic: { zh: '交通出行', en: 'Getting around' },
  environment: { zh: '环境卫生', en: 'Cleanliness' },
  services: { zh: '便民服务', en: 'Public services' },
  other: { zh: '其他', en: 'Other' },
};

export const SUGGESTION_STATES = ['received', 'assigned', 'answered', 'discarded'] as const;
export type SuggestionState = (typeof SUGGESTION_STATES)[number];
export const SUGGESTION_STATE_NAMES: Record<SuggestionState, { zh: string; en: string }> = {
  received: { zh: '待分办', en: 'To assign' },
  assigned: { zh: '办理中', en: 'With a unit' },
  answered: { zh: '已答复', en: 'Answered' },
  discarded: { zh: '不予受理', en: 'Not accepted' },
};

/** How far the answer takes the idea up (采纳情况). */
export const ADOPTIONS = ['adopted', 'partly', 'noted', 'not_adopted'] as const;
export type Adoption = (typeof ADOPTIONS)[number];
export const ADOPTION_NAMES: Record<Adoption, { zh: string; en: string }> = {
  adopted: { zh: '采纳', en: 'Adopted' },
  partly: { zh: '部分采纳', en: 'Partly adopted' },
  noted: { zh: '留作参考', en: 'Kept for reference' },
  not_adopted: { zh: '暂不采纳', en: 'Not adopted for now' },
};

export const CHANNELS = ['citizen_app', 'api'] as const;
export type Channel = (typeof CHANNELS)[number];

/** The answer limit a city starts with; the administrator changes it (setting `suggestions.answer_limit`). */
export const DEFAULT_ANSWER_LIMIT: TimeLimit<TimeUnit> = { value: 5, unit: 'work_days' };
export const LIMIT_UNITS: readonly TimeUnit[] = ['work_days', 'work_hours', 'days'];

export interface Answer {
  text: string;
  adoption: Adoption;
  /** Who answered, as the public sees it: the unit (or 城市运管服中心). */
  byName: string;
  unitId: string | null;
  at: number;
  /** Answered before the unit's deadline (the centre's own answer: always). */
  onTime: boolean;
  photos: string[];
}

export interface Suggestion extends DocRecord {
  state: SuggestionState;
  /** 建议编号, e.g. JY202603020001 (staff and public); the follow code is the citizen's secret. */
  code: string;
  followCode: string;
  channel: Channel;
  topic: Topic;
  title: string;
  content: string;
  photos: string[];
  lon: number | null;
  lat: number | null;
  address: string | null;
  districtCode: string | null;
  streetCode: string | null;
  /** Whether the citizen left a verified phone for a callback (the number itself is kept beside, never here). */
  named: boolean;
  unitId: string | null;
  unitName: string | null;
  limit: TimeLimit<TimeUnit> | null;
  clock: StageClock<'answer', TimeUnit>;
  answer: Answer | null;
  discardReason: string | null;
  returns: number;
  urges: number;
  receivedAt: number;
  assignedAt: number | null;
  /** Idempotent intake: sha256 of the sender and its own reference of this submission. */
  intakeKey: string | null;
}

export const SUGGESTION_STREAM: StreamSpec<Suggestion, DocEvent> = {
  ...docStream<Suggestion>({
    name: 'suggestion',
    zh: '建议',
    table: 'suggestions',
    eventsTable: 'suggestion_events',
    indexed: [
      ['code', 'text', (s) => s.code], ['follow_code', 'text', (s) => s.followCode], ['topic', 'text', (s) => s.topic],
      ['unit_id', 'text', (s) => s.unitId], ['district_code', 'text', (s) => s.districtCode], ['street_code', 'text', (s) => s.streetCode],
      ['received_at', 'bigint', (s) => s.receivedAt], ['answered_at', 'bigint', (s) => s.answer?.at ?? null],
      ['on_time', 'integer', (s) => (s.answer ? (s.answer.onTime ? 1 : 0) : null)], ['intake_key', 'text', (s) => s.intakeKey],
    ],
    clock: (s) => s.clock,
    lookups: { intakeKey: ['intake_key'], followCode: ['follow_code'] },
  }),
  serials: { table: 'suggestion_serials', keys: ['day'], uniqueColumn: 'code' },
};

/** 建议编号: JY + the Shanghai day (YYYYMMDD) + a four-digit serial of the day. */
export const suggestionCode = (day: string, serial: number): string => `JY${day.replaceAll('-', '')}${String(serial).padStart(4, '0')}`;

export type SuggestionPermission = 'suggestion.assign' | 'suggestion.answer' | 'suggestion.reply' | 'suggestion.discard' | 'suggestion.urge';

/** 受理员, 值班长 and 派遣员 take suggestions in and send them to a unit (as they do with cases). */
const CENTRE = ['operator', 'shift_lead', 'dispatcher'] as const;
const Sha = Type.String({ pattern: '^[0-9a-f]{64}$' });
const AdoptionSchema = Type.Union(ADOPTIONS.map((a) => Type.Literal(a)), { title: '采纳情况' });
const AnswerText = Type.String({ minLength: 5, maxLength: 2000, title: '答复内容' });

const answerOf = (text: string, adoption: Adoption, byName: string, unitId: string | null, at: number, onTime: boolean, photos: string[] = []): Answer => ({ text: text.trim(), adoption, byName, unitId, at, onTime, photos });

/**
 * The declared actions. `assign` sets the unit and starts the answer clock in the service (it needs
 * the catalog and the calendar); the others are whole here.
 */
export const SUGGESTION_ACTIONS = {
  assign: {
    zh: '分办', en: 'Assign to a unit', roles: CENTRE, permission: 'suggestion.assign', from: ['received'], to: 'assigned', event: 'assigned',
    body: Type.Object({
      unitId: Type.String({ minLength: 1, maxLength: 64, title: '承办单位' }),
      note: Type.Optional(Type.String({ maxLength: 500, title: '分办意见' })),
    }, { additionalProperties: false, required: ['unitId'] }),
    refusals: { unitId: { code: 'UNIT_REQUIRED', zh: '请选择承办单位', en: 'Choose the unit that answers' } },
    run: ({ now }, s, b: { unitId: string; note?: string }) => ({ next: { ...s, updatedAt: now }, data: { unitId: b.unitId, note: b.note ?? null } }),
  },
  answer: {
    zh: '答复', en: 'Answer', roles: ['handler'], permission: 'suggestion.answer', from: ['assigned'], to: 'answered', event: 'answered',
    body: Type.Object({
      text: AnswerText,
      adoption: AdoptionSchema,
      photos: Type.Optional(Type.Array(Sha, { maxItems: 9, title: '照片' })),
    }, { additionalProperties: false, required: ['text', 'adoption'] }),
    refusals: { text: { code: 'ANSWER_TEXT_INVALID', zh: '请填写答复内容（5–2000 字）', en: 'Write the answer (5–2000 characters)' } },
    run: ({ now }, s, b: { text: string; adoption: Adoption; photos?: string[] }) => {
      const onTime = s.clock.dueAt === null || now <= s.clock.dueAt;
      const answer = answerOf(b.text, b.adoption, s.unitName ?? '', s.unitId, now, onTime, b.photos ?? []);
      return { next: { ...s, answer, clock: endClock(s.clock), updatedAt: now }, data: { text: answer.text, adoption: b.adoption, photos: b.photos ?? [], unitId: s.unitId, onTime, dueAt: s.clock.dueAt } };
    },
  },
  return: {
    zh: '退回', en: 'Send back', roles: ['handler'], permission: 'suggestion.answer', from: ['assigned'], to: 'received', event: 'returned', danger: true,
    body: Type.Object({ reason: Type.String({ minLength: 2, maxLength: 500, title: '退回理由' }) }, { additionalProperties: false, required: ['reason'] }),
    run: ({ now }, s, b: { reason: string }) => ({
      next: { ...s, unitId: null, unitName: null, clock: endClock(s.clock), returns: s.returns + 1, updatedAt: now }, data: { unitId: s.unitId, reason: b.reason },
    }),
  },
  reply: {
    zh: '直接答复', en: 'Answer directly', roles: ['operator', 'shift_lead'], permission: 'suggestion.reply', from: ['received'], to: 'answered', event: 'answered',
    body: Type.Object({ text: AnswerText, adoption: AdoptionSchema }, { additionalProperties: false, required: ['text', 'adoption'] }),
    refusals: { text: { code: 'ANSWER_TEXT_INVALID', zh: '请填写答复内容（5–2000 字）', en: 'Write the answer (5–2000 characters)' } },
    run: ({ now }, s, b: { text: string; adoption: Adoption }) => {
      const answer = answerOf(b.text, b.adoption, '城市运管服中心', null, now, true);
      return { next: { ...s, answer, updatedAt: now }, data: { text: answer.text, adoption: b.adoption, photos: [], unitId: null, onTime: true, dueAt: null } };
    },
  },
  discard: {
    zh: '不予受理', en: 'Discard', roles: ['shift_lead'], permission: 'suggestion.discard', from: ['received'], to: 'discarded', event: 'discarded', danger: true,
    body: Type.Object({ reason: Type.String({ minLength: 2, maxLength: 500, title: '不予受理理由' }) }, { additionalProperties: false, required: ['reason'] }),
    run: ({ now }, s, b: { reason: string }) => ({ next: { ...s, discardReason: b.reason, updatedAt: now }, data: { reason: b.reason } }),
  },
  urge: {
    zh: '催办', en: 'Urge', roles: ['shift_lead', 'dispatcher', 'leader'], permission: 'suggestion.urge', from: ['assigned'], event: 'urged', side: true,
    body: Type.Object({ note: Type.Optional(Type.String({ maxLength: 500, title: '催办意见' })) }, { additionalProperties: false }),
    run: ({ now }, s, b: { note?: string }) => ({ next: { ...s, urges: s.urges + 1, updatedAt: now }, data: { unitId: s.unitId, note: b.note ?? null } }),
  },
} satisfies Record<string, WorkflowAction<Suggestion>>;

export type SuggestionAction = keyof typeof SUGGESTION_ACTIONS;

/** What the intake knows of a new suggestion (the service adds its id, codes and time). */
export type IntakeInput = Omit<Suggestion, 'id' | 'code' | 'followCode' | 'version' | 'lastHash' | 'state' | 'unitId' | 'unitName' | 'limit' | 'clock' | 'answer' | 'discardReason' | 'returns' | 'urges' | 'assignedAt' | 'updatedAt' | 'receivedAt'>;

/** A fresh suggestion (version 0) as the intake builds it. */
export function newSuggestion(o: IntakeInput & Pick<Suggestion, 'id' | 'code' | 'followCode' | 'receivedAt'>): Suggestion {
  return {
    ...o, version: 0, lastHash: '', state: 'received', unitId: null, unitName: null, limit: null, clock: NO_CLOCK as StageClock<'answer', TimeUnit>,
    answer: null, discardReason: null, returns: 0, urges: 0, assignedAt: null, updatedAt: o.receivedAt,
  };
}

/** What the citizen reads for each step of their suggestion, in plain words (nothing about staff). */
export function suggestionStepText(type: string): string | null {
  switch (type) {
    case 'received': return '您的建议已收到';
    case 'assigned': return '已转交承办单位研究办理';
    case 'returned': return '正在重新确定承办单位';
    case 'urged': return '中心已催促承办单位尽快答复';
    case 'answered': return '已答复';
    case 'discarded': return '经审核不予受理';
    default: return null;
  }
}

/** Phone numbers, ID-card numbers and e-mail addresses in a text, masked before it is shown to the public. */
export function maskPersonal(text: string): string {
  return text
    .replace(/\d{17}[\dXx]|\d{15}/g, (m) => `${m.slice(0, 3)}${'*'.repeat(m.length - 6)}${m.slice(-3)}`)
    .replace(/(?<!\d)(?:\+?86[\s-]?)?1[3-9]\d(?:[\s-]?\d{4}){2}(?!\d)/g, (m) => { const d = m.replace(/\D/g, '').slice(-11); return `${d.slice(0, 3)}****${d.slice(7)}`; })
    .replace(/(?<!\d)0\d{2,3}-?\d{7,8}(?!\d)/g, (m) => `${m.slice(0, 4)}****`)
    .replace(/[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g, '***@***');
}

// ---- figures (反馈率, 按时答复率) ----

/** One suggestion as the figures count it. */
export interface FigureRow {
  state: SuggestionState;
  unitId: string | null;
  unitName: string | null;
  onTime: boolean | null;
  light: string;
}

export interface Figures {
  /** Suggestions received in the period (discarded abuse not counted). */
  received: number;
  answered: number;
  answeredOnTime: number;
  /** Not answered yet and past the unit's deadline. */
  overdue: number;
  open: number;
  discarded: number;
  /** answered ÷ received, percent; null with nothing received. */
  feedbackRate: number | null;
  /** answered on time ÷ (answered + overdue unanswered), percent; null with nothing to measure. */
  onTimeRate: number | null;
  byUnit: Array<{ unitId: string; unitName: string; assigned: number; answered: number; answeredOnTime: number; overdue: number; onTimeRate: number | null }>;
}

const pct = (n: number, d: number): number | null => (d > 0 ? Math.round((n / d) * 1000) / 10 : null);

export function figuresOf(rows: readonly FigureRow[]): Figures {
  let received = 0, answered = 0, onTime = 0, overdue = 0, open = 0, discarded = 0;
  const units = new Map<string, { unitId: string; unitName: string; assigned: number; answered: number; answeredOnTime: number; overdue: number }>();
  for (const r of rows) {
    if (r.state === 'discarded') { discarded += 1; continue; }
    received += 1;
    const late = r.state !== 'answered' && r.light === 'red';
    if (r.state === 'answered') { answered += 1; if (r.onTime) onTime += 1; } else open += 1;
    if (late) overdue += 1;
    if (r.unitId) {
      let u = units.get(r.unitId);
      if (!u) units.set(r.unitId, (u = { unitId: r.unitId, unitName: r.unitName ?? r.unitId, assigned: 0, answered: 0, answeredOnTime: 0, overdue: 0 }));
      u.assigned += 1;
      if (r.state === 'answered') { u.answered += 1; if (r.onTime) u.answeredOnTime += 1; }
      if (late) u.overdue += 1;
    }
  }
  return {
    received, answered, answeredOnTime: onTime, overdue, open, discarded, feedbackRate: pct(answered, received), onTimeRate: pct(onTime, answered + overdue),
    byUnit: [...units.values()].map((u) => ({ ...u, onTimeRate: pct(u.answeredOnTime, u.answered + u.overdue) })).sort((a, b) => b.assigned - a.assigned || a.unitName.localeCompare(b.unitName)),
  };
}

/** An answer limit as the administrator sets it: 0.5–60 in one of the units. */
export function checkLimit(l: { value: number; unit: string }): TimeLimit<TimeUnit> | null {
  if (!(LIMIT_UNITS as readonly string[]).includes(l.unit)) return null;
  if (!Number.isFinite(l.value) || l.value < 0.5 || l.value > 60) return null;
  return { value: l.value, unit: l.unit as TimeUnit };
}
