/**
 * Impounds (查封 / 扣押, the e-bikes and dogs a bureau "暂扣") as types and pure rules: what is held
 * (a list with photos), where (the yard), for how long (行政强制法 art. 25: 30 days, extended once by
 * up to 30 on the head's approval), how it leaves the yard (released on the decision or on payment,
 * art. 28; returned to the party; or disposed of — confiscated by the decision, or unclaimed after the
 * claim period, or perishable) and the yard's ageing. No I/O.
 */
import { conflict, unprocessable } from '../core/errors.js';
import { DAY_MS } from '../core/time.js';
import type { Party, Place } from './model.js';

export const IMPOUND_KINDS = ['goods', 'vehicle', 'dog'] as const;
export type ImpoundKind = (typeof IMPOUND_KINDS)[number];
export const KIND_NAMES: Record<ImpoundKind, string> = { goods: '物品', vehicle: '车辆（电动自行车）', dog: '犬只' };

export const MEASURES = ['seizure', 'sealing'] as const;
export type Measure = (typeof MEASURES)[number];
export const MEASURE_NAMES: Record<Measure, string> = { seizure: '扣押（暂扣）', sealing: '查封' };

export const IMPOUND_STATES = ['held', 'releasing', 'returned', 'disposed'] as const;
export type ImpoundState = (typeof IMPOUND_STATES)[number];
export const IMPOUND_STATE_NAMES: Record<ImpoundState, string> = { held: '在库', releasing: '已解除待领取', returned: '已退还', disposed: '已处置' };

export const RELEASE_GROUNDS = ['decision', 'payment', 'no_violation', 'period_expired', 'other'] as const;
export type ReleaseGround = (typeof RELEASE_GROUNDS)[number];
export const RELEASE_NAMES: Record<ReleaseGround, string> = {
  decision: '处罚决定已作出', payment: '罚款已缴纳', no_violation: '没有违法行为或不属于查封扣押的财物', period_expired: '查封扣押期限已届满', other: '其他不再需要查封扣押的情形',
};

export const DISPOSAL_GROUNDS = ['confiscated', 'unclaimed', 'perishable'] as const;
export type DisposalGround = (typeof DISPOSAL_GROUNDS)[number];
export const DISPOSAL_GROUND_NAMES: Record<DisposalGround, string> = { confiscated: '处罚决定没收', unclaimed: '逾期无人领取', perishable: '鲜活易腐不宜保管' };
export const DISPOSAL_METHODS = ['auction', 'destroy', 'rehome', 'transfer', 'scrap'] as const;
export type DisposalMethod = (typeof DISPOSAL_METHODS)[number];
export const DISPOSAL_METHOD_NAMES: Record<DisposalMethod, string> = { auction: '依法拍卖', destroy: '销毁', rehome: '送交收容/领养', transfer: '移交有关部门', scrap: '报废回收' };

export interface ImpoundItem {
  name: string;
  quantity: number;
  unit: string;
  /** 车架号 / 电机号 / 犬只芯片号 / 规格. */
  identifier: string | null;
  condition: string | null;
  photos: string[];
}

export interface ImpoundDocument {
  kind: string;
  docNo: string;
  version: number;
  sha256: string;
  at: number;
}

/**
 * Set when the linked penalty case's fine is paid in full and the things are releasable on payment:
 * nothing is left to hold them for (行政强制法 art. 28 (三)(五)), so the yard shows them first and the
 * party is told to come and collect. The release decision and the hand-over stay an officer's acts.
 */
export interface ReadyForRelease {
  at: number;
  ground: 'payment';
  penaltyCaseId: string;
  penaltyCaseCode: string | null;
  paidFen: number;
  /** The text sent to the party (masked number), or null when the party has no mobile number on record. */
  partyNotice: { via: 'sms'; phone: string; text: string } | null;
}

export interface Impound {
  id: string;
  version: number;
  lastHash: string;
  code: string;
  state: ImpoundState;
  kind: ImpoundKind;
  measure: Measure;
  penaltyCaseId: string | null;
  penaltyCaseCode: string | null;
  party: Party | null;
  place: Place;
  reason: string;
  items: ImpoundItem[];
  photos: string[];
  officers: Array<{ userId: string; name: string; certNo: string }>;
  storage: { yard: string; location: string | null };
  /** Whether paying the fine in full leaves nothing to hold the things for (not when they may be confiscated, nor a dog that needs registering first). */
  releasableOnPayment: boolean;
  readyForRelease: ReadyForRelease | null;
  heldAt: number;
  /** The end of the holding period (30 days, art. 25), later when extended. */
  holdUntil: number;
  extension: null | { at: number; until: number; reason: string; by: string };
  /** Raised once by the sweeper when the holding period ran out while still held. */
  holdExpiredAt: number | null;
  release: null | { at: number; ground: ReleaseGround; note: string | null; by: string; claimUntil: number };
  /** Raised once by the sweeper when the claim period after the release ran out. */
  claimLapsedAt: number | null;
  returned: null | { at: number; recipient: string; idNumber: string | null; by: string; photos: string[] };
  disposal: null | { at: number; ground: DisposalGround; method: DisposalMethod; proceedsFen: number; note: string | null; by: string };
  documents: ImpoundDocument[];
  createdAt: number;
  updatedAt: number;
}

/** The periods, configurable (settings `enforcement.impound_periods`). */
export interface ImpoundPeriods {
  /** 行政强制法 art. 25: at most 30 days. */
  holdDays: number;
  /** Extension on the head's approval, at most 30 days, once. */
  maxExtensionDays: number;
  /** After a release: days the party has to collect before the thing may be disposed of as unclaimed. */
  claimDays: Record<ImpoundKind, number>;
}

export const DEFAULT_IMPOUND_PERIODS: ImpoundPeriods = {
  holdDays: 30,
  maxExtensionDays: 30,
  // Dogs: 15 days (厦门市养犬管理办法); e-bikes: six months after the notice to collect; goods: 90 days.
  claimDays: { goods: 90, vehicle: 180, dog: 15 },
};

/** Ageing buckets of the yard's inventory (days since it came in). */
export const AGE_BUCKETS = [
  { key: '0-7', zh: '7天以内', max: 7 },
  { key: '8-30', zh: '8–30天', max: 30 },
  { key: '31-90', zh: '31–90天', max: 90 },
  { key: '90+', zh: '90天以上', max: Infinity },
] as const;
export type AgeBucket = (typeof AGE_BUCKETS)[number]['key'];

/** Whole days held at `now` (the first day counts as day 0). */
export const ageDays = (heldAt: number, now: number): number => Math.max(0, Math.floor((now - heldAt) / DAY_MS));
export function ageBucket(days: number): AgeBucket {
  return AGE_BUCKETS.find((b) => days <= b.max)!.key;
}

export type Attention = 'ready_for_release' | 'hold_expired' | 'claim_lapsed';

/** The default of `releasableOnPayment`: goods and e-bikes yes; a dog is handed back once registered and vaccinated, which an officer checks. */
export const releasableOnPaymentByDefault = (kind: ImpoundKind): boolean => kind !== 'dog';

/**
 * What the yard must act on now: the fine is paid (release and hand back at once, art. 28), the holding
 * period ran out (decide or release), the claim period lapsed (dispose).
 */
export function attention(i: Impound, now: number): Attention | null {
  if (i.state === 'held' && i.readyForRelease) return 'ready_for_release';
  if (i.state === 'held' && now >= i.holdUntil) return 'hold_expired';
  if (i.state === 'releasing' && i.release && now >= i.release.claimUntil) return 'claim_lapsed';
  return null;
}

/** The event the sweeper owes: the end of the holding period, or of the claim period (whatever else the yard shows). */
export function owedEvent(i: Impound, now: number): 'hold_expired' | 'claim_lapsed' | null {
  if (i.state === 'held' && now >= i.holdUntil) return 'hold_expired';
  if (i.state === 'releasing' && i.release && now >= i.release.claimUntil) return 'claim_lapsed';
  return null;
}

/** Whether the payment of the linked case's fine makes this impound ready for release now (once). */
export function readyOnPayment(i: Impound, c: CaseFacts | null): boolean {
  return i.state === 'held' && i.penaltyCaseId !== null && i.releasableOnPayment && i.readyForRelease === null && c !== null && c.paid;
}

/** The party's text: what, where, what to bring, and that collecting costs nothing (art. 26: the authority bears the keeping). */
export function readyText(i: Impound, caseCode: string | null): string {
  const what = i.items.map((x) => `${x.name}${x.quantity}${x.unit}`).join('、');
  const measure = i.measure === 'sealing' ? '查封' : '扣押';
  return `【城市管理】${i.party?.name ?? '当事人'}：案件${caseCode ?? ''}的罚款已缴清，被${measure}的${what}（编号${i.code}）可以解除${measure}、退还。`
    + `请携带有效身份证件和缴款凭证到${i.storage.yard}办理领取，执法人员核对后当面交还并由您签收。`
    + `查封扣押期间的保管费用由本机关承担，领取无需缴纳任何费用（行政强制法第二十六条）。`;
}

/** Art. 25: one extension, by at most `maxExtensionDays`, before the period ends. */
export function checkExtension(i: Impound, days: number, now: number, p: ImpoundPeriods): number {
  if (i.extension) throw conflict('IMPOUND_ALREADY_EXTENDED', '查封扣押期限只能延长一次（行政强制法第二十五条）', 'The holding period may be extended once (art. 25)');
  if (days < 1 || days > p.maxExtensionDays) throw unprocessable('EXTENSION_TOO_LONG', `延长期限不得超过${p.maxExtensionDays}日（行政强制法第二十五条）`, `An extension is at most ${p.maxExtensionDays} days (art. 25)`, { maxDays: p.maxExtensionDays, days });
  if (now >= i.holdUntil) throw conflict('HOLD_PERIOD_OVER', '查封扣押期限已届满，不能再延长，应当及时解除（行政强制法第二十八条）', 'The holding period is over: release the things (art. 28)', { holdUntil: i.holdUntil });
  return i.holdUntil + days * DAY_MS;
}

/** What the linked penalty case must show for a release on the decision or on payment. */
export interface CaseFacts {
  decided: boolean;
  paid: boolean;
}

export function checkRelease(ground: ReleaseGround, i: Impound, c: CaseFacts | null, now: number): void {
  if ((ground === 'decision' || ground === 'payment') && !c) {
    throw unprocessable('PENALTY_CASE_REQUIRED', '按处罚决定或缴纳罚款解除，须关联处罚案件', 'Releasing on the decision or on payment needs a linked penalty case');
  }
  if (ground === 'decision' && !c!.decided) throw conflict('PENALTY_NOT_DECIDED', '关联的处罚案件尚未作出决定', 'The linked penalty case is not yet decided');
  if (ground === 'payment' && !c!.paid) throw conflict('FINE_NOT_PAID', '关联处罚案件的罚款尚未缴清', 'The fine of the linked penalty case is not paid');
  if (ground === 'period_expired' && now < i.holdUntil) throw conflict('HOLD_PERIOD_RUNNING', '查封扣押期限尚未届满', 'The holding period has not run out', { holdUntil: i.holdUntil });
}

/** Disposal: confiscated by a decision; unclaimed after the claim period; perishable goods at once. */
export function checkDisposal(ground: DisposalGround, method: DisposalMethod, i: Impound, c: CaseFacts | null, now: number): void {
  if (ground === 'confiscated') {
    if (i.state !== 'held') throw conflict('ACTION_NOT_ALLOWED', '已解除查封扣押的财物不能按没收处置', 'Released things cannot be disposed of as confiscated');
    if (!c?.decided) throw conflict('PENALTY_NOT_DECIDED', '没收须以已作出的处罚决定为依据', 'Confiscation needs the decision of the linked penalty case');
  }
  if (ground === 'unclaimed') {
    if (i.state !== 'releasing' || !i.release) throw conflict('NOT_RELEASED', '须先解除查封扣押并通知当事人领取', 'Release the things and notify the party to collect them first');
    if (now < i.release.claimUntil) throw conflict('CLAIM_PERIOD_RUNNING', '领取期限尚未届满，不能按无人领取处置', 'The claim period has not run out', { claimUntil: i.release.claimUntil });
  }
  if (ground === 'perishable' && i.kind !== 'goods') throw unprocessable('NOT_PERISHABLE', '只有鲜活易腐物品可以先行处置', 'Only perishable goods may be disposed of early');
  if (method === 'rehome' && i.kind !== 'dog') throw unprocessable('DISPOSAL_METHOD_INVALID', '送交收容/领养只适用于犬只', 'Rehoming is for dogs');
}
