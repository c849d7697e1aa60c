/**
 * The penalty case (行政处罚案件) as types and pure rules: its states, the record the workflow keeps,
 * the statutory periods (行政处罚法 2021, 行政强制法) and the checks that do not need a store:
 * limitation at 立案 (art. 36), the summary procedure's ceilings (art. 51), the hearing right
 * (art. 63), the late-payment surcharge (art. 72). No I/O.
 */
import { unprocessable } from '../core/errors.js';
import { DAY_MS } from '../core/time.js';
import type { StageClock, TimeLimit } from '../workflow/clock.js';

export const PENALTY_STATES = [
  'clue', // 线索
  'investigating', // 立案 → 调查取证
  'reviewing', // 案件审查
  'notified', // 已告知，陈述申辩期
  'hearing', // 听证
  'deciding', // 待决定
  'legal_review', // 法制审核中
  'decided', // 已决定，待送达
  'executing', // 已送达，执行中
  'court', // 已申请法院强制执行
  'closed', // 结案
  'archived', // 归档
  'dismissed', // 不予立案
  'transferred', // 移送
] as const;
export type PenaltyState = (typeof PENALTY_STATES)[number];

export const STATE_NAMES: Record<PenaltyState, string> = {
  clue: '线索', investigating: '调查取证', reviewing: '案件审查', notified: '告知/陈述申辩', hearing: '听证', deciding: '待决定',
  legal_review: '法制审核', decided: '已决定待送达', executing: '执行', court: '申请强制执行', closed: '已结案', archived: '已归档',
  dismissed: '不予立案', transferred: '已移送',
};

/** Where a clue comes from (TEAM.md: other capabilities open clues through `openClue`). */
export const CLUE_SOURCES = ['case', 'video', 'iot', 'complaint', 'transfer', 'patrol', 'hotline'] as const;
export type ClueSource = (typeof CLUE_SOURCES)[number];
export const SOURCE_NAMES: Record<ClueSource, string> = {
  case: '城市管理案卷', video: '视频识别', iot: '物联感知告警', complaint: '投诉举报', transfer: '部门移送', patrol: '巡查发现', hotline: '12345热线',
};

export type PartyKind = 'person' | 'org';
export interface Party {
  kind: PartyKind;
  name: string;
  /** 身份证号 / 统一社会信用代码 (redacted on disclosure). */
  idNumber: string | null;
  address: string | null;
  phone: string | null;
  /** 法定代表人 (organisations). */
  legalRep: string | null;
}

export interface Place {
  address: string;
  lon: number | null;
  lat: number | null;
  districtCode: string | null;
  streetCode: string | null;
}

export interface Officer {
  userId: string;
  name: string;
  certNo: string;
}

/** What the case review proposes (案件审查 / 处理意见), from the discretion benchmark. */
export interface Proposal {
  outcome: 'penalty' | 'no_penalty';
  tier: string | null;
  rangeMinFen: number;
  rangeMaxFen: number;
  benchmarkFen: number;
  fineFen: number;
  /** The four lists: which item applied, and what it waived. */
  lenience: { list: string; itemId: string; circumstance: string } | null;
  waivedFen: number;
  deviationReason: string | null;
  facts: Record<string, unknown>;
  /** The law and article the proposal rests on. */
  basis: string;
}

export interface Flags {
  majorPublicInterest: boolean;
  complex: boolean;
  lawRequires: boolean;
}

export interface Payment {
  dueAt: number;
  paidFen: number;
  surchargeFen: number;
  arrangement: null | { kind: 'deferral' | 'instalments'; until: number; instalments: number; reason: string };
  paidAt: number | null;
}

export interface DocumentRef {
  kind: string;
  docNo: string;
  version: number;
  sha256: string;
  at: number;
}

export interface PenaltyCase {
  id: string;
  version: number;
  lastHash: string;
  code: string;
  state: PenaltyState;
  procedure: 'general' | 'summary';
  source: ClueSource;
  sourceRef: string | null;
  cityCaseId: string | null;
  summary: string;
  place: Place;
  violationCode: string | null;
  violationName: string | null;
  party: Party | null;
  /** When the act happened (or ended, for a continuing act): limitation runs from here. */
  occurredAt: number | null;
  /** Life, health or financial safety with harm: 5-year limitation (art. 36). */
  safetyRelated: boolean;
  officers: Officer[];
  /** 中队 of the lead officer (leader figures by squad). */
  squad: string | null;
  evidence: Array<{ kind: string; sha256: string; note: string | null; at: number }>;
  records: number;
  flags: Flags;
  proposal: Proposal | null;
  notice: null | { at: number; rightsUntil: number; hearingRight: boolean; statements: number; waived: boolean };
  hearing: null | { requestedAt: number; at: number | null; hostId: string | null; heldAt: number | null };
  legalReview: null | { triggers: string[]; passed: boolean | null; reviewerId: string | null; opinion: string | null; at: number | null };
  collective: null | { at: number; conclusion: string; members: string[] };
  decision: null | { outcome: 'penalty' | 'no_penalty' | 'transfer'; fineFen: number; at: number; transferTo: string | null };
  service: null | { method: string; at: number };
  payment: Payment | null;
  demand: null | { at: number; courtFrom: number; courtUntil: number };
  court: null | { at: number; court: string };
  fileReview: null | { score: number; reviewerId: string; at: number; remarks: string | null };
  documents: DocumentRef[];
  /** 行政执法公示: pending until published (by an officer, or by the sweeper on its last day), withdrawn when revoked. */
  disclosure: null | { state: 'pending' | 'published' | 'withdrawn'; dueAt: number; publishedAt: number | null; withdrawnAt: number | null; content: Record<string, unknown> | null };
  /** A decision revoked or changed (复议, 诉讼, 自行纠错). */
  revoked: null | { at: number; by: string; reason: string };
  /** The 90-day decision period from 立案 (art. 60), then service, payment and demand periods. */
  clock: StageClock<PenaltyStage>;
  filedAt: number | null;
  decidedAt: number | null;
  closedAt: number | null;
  createdAt: number;
  updatedAt: number;
}

export type PenaltyStage = 'decision' | 'service' | 'payment' | 'demand' | 'court_window';
export const STAGE_NAMES: Record<PenaltyStage, string> = {
  decision: '作出决定期限', service: '送达期限', payment: '缴纳罚款期限', demand: '催告期限', court_window: '申请强制执行期限',
};

/** Open: not yet at an end (dismissed, transferred, closed, archived). */
export const OPEN_STATES: readonly PenaltyState[] = ['clue', 'investigating', 'reviewing', 'notified', 'hearing', 'deciding', 'legal_review', 'decided', 'executing', 'court'];
/** Before the decision: the 90-day clock runs (and may be extended). */
export const BEFORE_DECISION: readonly PenaltyState[] = ['investigating', 'reviewing', 'notified', 'hearing', 'deciding', 'legal_review'];

// ---- the periods, configurable (settings `enforcement.periods`) ----

export interface Periods {
  /** Decide within 90 days of 立案 (art. 60). */
  decision: TimeLimit;
  /** Ask for a hearing / state and defend within 5 working days of the notice (art. 64). */
  rights: TimeLimit;
  /** Notify the hearing 7 working days before (art. 64). */
  hearingNotice: TimeLimit;
  /** Serve the decision within 7 working days (art. 61). */
  service: TimeLimit;
  /** Pay within 15 days of service (art. 67). */
  payment: TimeLimit;
  /** 催告 → apply to court 10 working days later (行政强制法 art. 54, art. 69: ≤ 10 days are working days). */
  demand: TimeLimit;
  /** Apply to court within 3 months (行政强制法 art. 53). */
  courtMonths: number;
  /** Publish a penalty decision within 7 working days (国办发〔2018〕118号). */
  disclosure: TimeLimit;
  /** Withdraw within 3 days of a change (art. 48). */
  withdrawal: TimeLimit;
  /** Limitation in years: ordinary and life/health/financial safety (art. 36). */
  limitationYears: number;
  limitationSafetyYears: number;
  /** Summary procedure ceilings in fen (art. 51): person ¥200, organisation ¥3 000. */
  summaryPersonFen: number;
  summaryOrgFen: number;
  /** 较大数额罚款 that gives a hearing right (local rule): person / organisation, fen. */
  hearingPersonFen: number;
  hearingOrgFen: number;
  /** Late-payment surcharge per day, percent of the fine, capped at the fine (art. 72). */
  surchargePercentPerDay: number;
  /** Extension of the decision period by approval, natural days at most per extension. */
  maxExtensionDays: number;
}

export const DEFAULT_PERIODS: Periods = {
  decision: { value: 90, unit: 'days' },
  rights: { value: 5, unit: 'statutory_days' },
  hearingNotice: { value: 7, unit: 'statutory_days' },
  service: { value: 7, unit: 'statutory_days' },
  payment: { value: 15, unit: 'days' },
  demand: { value: 10, unit: 'statutory_days' },
  courtMonths: 3,
  disclosure: { value: 7, unit: 'statutory_days' },
  withdrawal: { value: 3, unit: 'statutory_days' },
  limitationYears: 2,
  limitationSafetyYears: 5,
  summaryPersonFen: 200_00,
  summaryOrgFen: 3_000_00,
  hearingPersonFen: 10_000_00,
  hearingOrgFen: 100_000_00,
  surchargePercentPerDay: 3,
  maxExtensionDays: 30,
};

// ---- pure rules ----

/** The same calendar instant `months` later (Shanghai dates have no DST; day clipped to the month's end). */
export function addMonths(t: number, months: number): number {
  const d = new Date(t + 8 * 3600_000);
  const day = d.getUTCDate();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() + months);
  const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  d.setUTCDate(Math.min(day, last));
  return d.getTime() - 8 * 3600_000;
}

/** Art. 36: refuses 立案 when the act is older than the limitation (2 years; 5 with life/health/financial safety). */
export function checkLimitation(occurredAt: number, safetyRelated: boolean, now: number, p: Periods): void {
  if (occurredAt > now) throw unprocessable('OCCURRED_IN_FUTURE', '违法行为发生时间不能晚于现在', 'The act cannot have happened in the future', { occurredAt });
  const years = safetyRelated ? p.limitationSafetyYears : p.limitationYears;
  const until = addMonths(occurredAt, years * 12);
  if (now > until) {
    throw unprocessable('LIMITATION_EXPIRED', `违法行为已超过${years}年追责时效，不得立案（行政处罚法第三十六条）`, `The act is older than the ${years}-year limitation (art. 36)`, { occurredAt, limitationUntil: until, years });
  }
}

/** Art. 51: the summary procedure only up to ¥200 for a person, ¥3 000 for an organisation. */
export function checkSummaryCeiling(kind: PartyKind, fineFen: number, p: Periods): void {
  const max = kind === 'person' ? p.summaryPersonFen : p.summaryOrgFen;
  if (fineFen > max) {
    throw unprocessable('SUMMARY_CEILING_EXCEEDED', `简易程序罚款不得超过${yuan(max)}（行政处罚法第五十一条），请按普通程序立案`, `The summary procedure allows at most ${max / 100} yuan (art. 51); file a general case`, { maxFen: max, fineFen });
  }
}

/** Art. 63: a hearing right for large fines (the local 较大数额). */
export function hasHearingRight(kind: PartyKind, fineFen: number, p: Periods): boolean {
  return fineFen >= (kind === 'person' ? p.hearingPersonFen : p.hearingOrgFen);
}

/** Art. 72: 3 % of the fine per whole day late, at most the fine itself. */
export function surchargeFen(fineFen: number, dueAt: number, at: number, percentPerDay: number): number {
  if (at <= dueAt || fineFen <= 0) return 0;
  const days = Math.floor((at - dueAt) / DAY_MS) + 1;
  return Math.min(fineFen, Math.round((fineFen * percentPerDay * days) / 100));
}

/** ¥1 234.50 style. */
export function yuan(fen: number): string {
  const y = Math.floor(fen / 100);
  const f = fen % 100;
  return `${y.toLocaleString('en-US')}${f ? `.${String(f).padStart(2, '0')}` : ''}元`;
}

/** Chinese amount in words for documents (人民币壹仟元整). */
export function yuanInWords(fen: number): string {
  const digits = '零壹贰叁肆伍陆柒捌玖';
  const units = ['', '拾', '佰', '仟'];
  const big = ['', '万', '亿'];
  let y = Math.floor(fen / 100);
  const jiao = Math.floor((fen % 100) / 10);
  const fenD = fen % 10;
  if (y === 0 && fen === 0) return '零元整';
  let out = '';
  let group = 0;
  while (y > 0) {
    const part = y % 10000;
    let s = '';
    let zero = false;
    for (let i = 3; i >= 0; i--) {
      const d = Math.floor(part / 10 ** i) % 10;
      if (d === 0) zero = s.length > 0;
      else { s += (zero ? '零' : '') + digits[d] + units[i]; zero = false; }
    }
    if (part > 0) out = s + big[group] + (out && part < 1000 ? '零' : '') + out;
    y = Math.floor(y / 10000);
    group += 1;
  }
  out = out ? `${out}元` : '';
  if (jiao === 0 && fenD === 0) return `${out}整`;
  return `${out}${jiao ? digits[jiao] + '角' : (out ? '零' : '')}${fenD ? digits[fenD] + '分' : ''}`;
}

/** The policy resource of a penalty case: its district and street. */
export function resourceOf(p: Pick<PenaltyCase, 'place'>): { districtCode: string | null; streetCode: string | null } {
  return { districtCode: p.place.districtCode, streetCode: p.place.streetCode };
}

export const NO_FLAGS: Flags = { majorPublicInterest: false, complex: false, lawRequires: false };
