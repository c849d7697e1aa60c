/**
 * The responsibility list (事项清单): which unit owns which kind of problem where, with what time limits.
 * Pure types and rules: parsing and formatting of time limits and owners, and the matcher that answers
 * "who owns this case". No I/O.
 */
import { badRequest } from '../core/errors.js';
import type { Unit, UnitKind } from './model.js';

export type TimeUnit = 'work_hours' | 'work_days' | 'hours' | 'days';
export const TIME_UNITS: readonly TimeUnit[] = ['work_hours', 'work_days', 'hours', 'days'];
export const TIME_UNIT_LABEL: Record<TimeUnit, string> = { work_hours: '工作时', work_days: '工作日', hours: '小时', days: '天' };

export interface TimeLimit {
  value: number;
  unit: TimeUnit;
}

/** Stages of the closed loop that carry a time limit. */
export type Stage = 'accept' | 'file' | 'dispatch' | 'handle' | 'verify' | 'close';
export const STAGES: readonly Stage[] = ['accept', 'file', 'dispatch', 'handle', 'verify', 'close'];
export const STAGE_LABEL: Record<Stage, string> = {
  accept: '受理',
  file: '立案',
  dispatch: '派遣',
  handle: '处置',
  verify: '核查',
  close: '结案',
};
export type TimeLimits = Partial<Record<Stage, TimeLimit>>;

export type Urgency = 'normal' | 'urgent';
export const URGENCIES: readonly Urgency[] = ['normal', 'urgent'];
export const URGENCY_LABEL: Record<Urgency, string> = { normal: '一般', urgent: '紧急' };

/** Unit kinds a territorial (属地) owner can name. */
export type TerritorialKind = Extract<UnitKind, 'street_office' | 'squad' | 'district_department'>;

/**
 * Who owns an item: a named unit, or a territorial rule (属地管理) resolved when a case is matched:
 * the street office of the case's street, the district squad of its district, or the district
 * department with a given duty (e.g. '市政园林局') of its district.
 */
export type Owner =
  | { type: 'unit'; unitCode: string }
  | { type: 'territorial'; unitKind: TerritorialKind; duty?: string | null };

export interface ResponsibilityItem {
  id: string;
  /** 事项编号, unique in the list, e.g. '0307' or '0102-2'. */
  itemNo: string;
  categoryCode: string;
  /** null = the whole city; a 6-digit district or 9-digit street code. */
  areaCode: string | null;
  /** 立案条件; '' = any condition. */
  condition: string;
  urgency: Urgency;
  owner: Owner;
  coUnitCodes: string[];
  timeLimits: TimeLimits;
  /** 结案条件 */
  closingCondition: string;
  /** 法律依据 */
  legalBasis: string;
}

export type ResponsibilityItemInput = Omit<ResponsibilityItem, 'id'>;

export type AreaLevel = 'city' | 'district' | 'street';
export function areaLevel(areaCode: string | null): AreaLevel {
  if (areaCode === null) return 'city';
  return areaCode.length === 9 ? 'street' : 'district';
}
const AREA_RANK: Record<AreaLevel, number> = { city: 0, district: 1, street: 2 };

// ---------------------------------------------------------------------------------------------
// Time limits as people write them: '4工作时', '2工作日', '24小时', '3天'.

const UNIT_WORDS: [RegExp, TimeUnit][] = [
  [/^(个)?工作(小)?时$/, 'work_hours'],
  [/^(个)?工作(日|天)$/, 'work_days'],
  [/^(个)?(小时|h|hours?)$/i, 'hours'],
  [/^(个)?(天|日|自然日|d|days?)$/i, 'days'],
  [/^work_hours$/, 'work_hours'],
  [/^work_days$/, 'work_days'],
];

/** Parses '4工作时' / '2 个工作日' / '24小时' / '3天'; undefined when unreadable. Empty text is "no limit" (null). */
export function parseTimeLimit(text: string): TimeLimit | null | undefined {
  const s = text.replace(/\s+/g, '').trim();
  if (s === '' || s === '-' || s === '—' || s === '无') return null;
  const m = /^(\d+(?:\.\d{1,2})?)(.+)$/.exec(s);
  if (!m) return undefined;
  const value = Number(m[1]);
  if (!(value > 0) || value > 10_000) return undefined;
  const word = m[2]!;
  for (const [re, unit] of UNIT_WORDS) if (re.test(word)) return { value, unit };
  return undefined;
}

export function formatTimeLimit(t: TimeLimit | null | undefined): string {
  return t ? `${t.value}${TIME_UNIT_LABEL[t.unit]}` : '';
}

export function validateTimeLimit(t: TimeLimit, stage: Stage): TimeLimit {
  if (!TIME_UNITS.includes(t.unit) || !Number.isFinite(t.value) || t.value <= 0 || t.value > 10_000 || Math.round(t.value * 100) !== t.value * 100)
    throw badRequest(
      'TIME_LIMIT_INVALID',
      `${STAGE_LABEL[stage]}时限无效：应为正数（最多两位小数）加单位 工作时/工作日/小时/天`,
      `Invalid ${stage} time limit: a positive number (up to 2 decimals) with unit work_hours/work_days/hours/days`,
    );
  return { value: t.value, unit: t.unit };
}

// ---------------------------------------------------------------------------------------------
// Owners as people write them: a unit name (or code), or '属地街道（镇）', '属地区城管执法局', '属地区市政园林局'.

export const TERRITORIAL_PREFIX = '属地';
const STREET_WORDS = new Set(['街道', '街道（镇）', '街道(镇)', '街镇', '镇街', '街道办事处']);
const SQUAD_WORDS = new Set(['区城管执法局', '区城市管理行政执法局', '区城管局', '城管']);

export function formatOwner(owner: Owner, unitName: (code: string) => string | undefined): string {
  if (owner.type === 'unit') return unitName(owner.unitCode) ?? owner.unitCode;
  if (owner.unitKind === 'street_office') return '属地街道（镇）';
  if (owner.unitKind === 'squad') return '属地区城管执法局';
  return `属地区${owner.duty ?? ''}`;
}

/** Reads a territorial owner text; undefined when the text is not a 属地 rule. */
export function parseTerritorialOwner(text: string): Owner | undefined {
  const s = text.replace(/\s+/g, '');
  if (!s.startsWith(TERRITORIAL_PREFIX)) return undefined;
  const rest = s.slice(TERRITORIAL_PREFIX.length);
  if (STREET_WORDS.has(rest)) return { type: 'territorial', unitKind: 'street_office' };
  if (SQUAD_WORDS.has(rest)) return { type: 'territorial', unitKind: 'squad' };
  if (rest.startsWith('区') && rest.length > 1) return { type: 'territorial', unitKind: 'district_department', duty: rest.slice(1) };
  return undefined;
}

/** Human text for an owner in Chinese, before it is resolved: '属地街道（镇）' or the unit's name. */
export function describeOwnerEn(owner: Owner): string {
  if (owner.type === 'unit') return owner.unitCode;
  if (owner.unitKind === 'street_office') return "the case's street office";
  if (owner.unitKind === 'squad') return "the case's district squad";
  return `the case's district ${owner.duty ?? 'department'}`;
}

/** Finds the unit a territorial rule points to for a case in (district, street). */
export function resolveTerritorial(
  owner: Extract<Owner, { type: 'territorial' }>,
  units: readonly Unit[],
  where: { districtCode?: string | null; streetCode?: string | null },
): Unit | undefined {
  return units.find((u) => {
    if (!u.active || u.kind !== owner.unitKind) return false;
    if (owner.unitKind === 'street_office') return !!where.streetCode && u.streetCode === where.streetCode;
    if (!where.districtCode || u.districtCode !== where.districtCode) return false;
    if (owner.unitKind === 'district_department') return u.duty === (owner.duty ?? null);
    return true;
  });
}

// ---------------------------------------------------------------------------------------------
// Matching: which items apply to a case, most specific area first.

export interface MatchQuery {
  categoryCode: string;
  districtCode?: string | null;
  streetCode?: string | null;
  condition?: string | null;
  urgency?: Urgency | null;
}

export type UnitRef = Pick<Unit, 'id' | 'code' | 'name'>;

export interface MatchCandidate {
  item: ResponsibilityItem;
  areaLevel: AreaLevel;
  /** The unit that owns the case, territorial rules resolved; null when no such unit exists. */
  ownerUnit: UnitRef | null;
  coUnits: UnitRef[];
}

export interface MatchResult {
  candidates: MatchCandidate[];
  /** Exactly one item wins (the most specific area and, when asked, the condition and urgency). */
  unique: boolean;
  winner: MatchCandidate | null;
  reason: string;
  reasonEn: string;
}

const norm = (s: string) => s.replace(/\s+/g, '').replace(/[，。；、,.;]/g, '');

/**
 * Candidates for a case: items of its class whose area contains the case (street > district > city)
 * and whose condition is the asked one (or any). The winners are the candidates of the most specific
 * area that also state the asked condition (an item that names the condition beats one that accepts
 * any) and, among those, of the asked urgency; `unique` when exactly one remains.
 *
 * Urgency ranks, it does not exclude: a list names an urgent item only where urgent handling differs
 * (井盖缺失 beside 井盖破损), so an urgent 绿地脏乱 is still owned by the normal item E0106, and a
 * 共享单车乱停放 reported as normal still goes to the operators of E2101 (whose items are all urgent).
 */
export function matchResponsibility(
  items: readonly ResponsibilityItem[],
  units: readonly Unit[],
  q: MatchQuery,
  categoryName: (code: string) => string | undefined = () => undefined,
): MatchResult {
  const streetCode = q.streetCode ?? null;
  const districtCode = q.districtCode ?? (streetCode ? streetCode.slice(0, 6) : null);
  const wantCond = q.condition ? norm(q.condition) : '';
  const byCode = new Map(units.map((u) => [u.code, u]));
  const pick = (u: Unit | undefined): UnitRef | null => (u && u.active ? { id: u.id, code: u.code, name: u.name } : null);

  const applicable = items.filter((it) => {
    if (it.categoryCode !== q.categoryCode) return false;
    if (it.areaCode !== null && it.areaCode !== districtCode && it.areaCode !== streetCode) return false;
    if (wantCond && it.condition !== '' && norm(it.condition) !== wantCond) return false;
    return true;
  });
  const specificity = (it: ResponsibilityItem) =>
    AREA_RANK[areaLevel(it.areaCode)] * 100 + (wantCond && it.condition !== '' ? 10 : 0) + (q.urgency && it.urgency === q.urgency ? 1 : 0);
  applicable.sort((a, b) => specificity(b) - specificity(a) || (a.itemNo < b.itemNo ? -1 : a.itemNo > b.itemNo ? 1 : 0));

  const candidates: MatchCandidate[] = applicable.map((item) => ({
    item,
    areaLevel: areaLevel(item.areaCode),
    ownerUnit:
      item.owner.type === 'unit'
        ? pick(byCode.get(item.owner.unitCode))
        : pick(resolveTerritorial(item.owner, units, { districtCode, streetCode })),
    coUnits: item.coUnitCodes.map((c) => pick(byCode.get(c))).filter((u): u is UnitRef => u !== null),
  }));

  const catName = categoryName(q.categoryCode) ?? q.categoryCode;
  if (candidates.length === 0)
    return {
      candidates,
      unique: false,
      winner: null,
      reason: `事项清单中没有适用于「${catName}」的条目`,
      reasonEn: `No responsibility item applies to ${q.categoryCode}`,
    };
  const top = specificity(candidates[0]!.item);
  const winners = candidates.filter((c) => specificity(c.item) === top);
  const unique = winners.length === 1;
  const w = candidates[0]!;
  const ownerText = w.ownerUnit?.name ?? `${formatOwner(w.item.owner, () => undefined)}（未找到对应单位）`;
  const ownerTextEn = w.ownerUnit?.code ?? `${describeOwnerEn(w.item.owner)} (no such unit found)`;
  if (unique)
    return {
      candidates,
      unique,
      winner: w,
      reason: `事项清单 ${w.item.itemNo}: ${catName} → ${ownerText}`,
      reasonEn: `Responsibility item ${w.item.itemNo}: ${q.categoryCode} → ${ownerTextEn}`,
    };
  return {
    candidates,
    unique,
    winner: null,
    reason: `事项清单有 ${winners.length} 条同级条目适用于「${catName}」（${winners.map((c) => c.item.itemNo).join('、')}），请按立案条件或紧急程度选择`,
    reasonEn: `${winners.length} items of the same level apply to ${q.categoryCode} (${winners.map((c) => c.item.itemNo).join(', ')}); choose by filing condition or urgency`,
  };
}

/** The identity of an item within a list: two items with the same key contradict each other. */
export function itemKey(it: Pick<ResponsibilityItem, 'categoryCode' | 'areaCode' | 'condition' | 'urgency'>): string {
  return [it.categoryCode, it.areaCode ?? '*', norm(it.condition), it.urgency].join('|');
}

export const ITEM_NO_RE = /^[0-9A-Za-z][0-9A-Za-z._-]{0,23}$/;
