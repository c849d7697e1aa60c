/**
 * Catalog: classification of city problems (部件/事件 大类·小类, GB/T 30428.2), the component registry
 * (部件) and the units (责任单位) that handle cases. Pure types and rules: no I/O here.
 *
 * Public class codes (one scheme, used everywhere: API, cases, spreadsheets):
 *   kind letter + 2-digit big class + 2-digit small class.
 *   'C' = 部件 component, 'E' = 事件 event.  'C0101' 上水井盖, 'E0501' 无照经营游商.
 *   A big class alone is 'C01' / 'E05'. Standard classes use big codes 01–20; a city's local classes
 *   use big codes ≥ 21, or small codes ≥ 90 inside a standard big class (e.g. 'E0598' 占压盲道).
 */
import { badRequest } from '../core/errors.js';

export type CategoryKind = 'component' | 'event';
export const CATEGORY_KINDS: readonly CategoryKind[] = ['component', 'event'];
export const KIND_LETTER: Record<CategoryKind, 'C' | 'E'> = { component: 'C', event: 'E' };
export const KIND_LABEL: Record<CategoryKind, string> = { component: '部件', event: '事件' };

/** The classification version the shipped tables follow. */
export const STANDARD_VERSION = 'GB/T 30428.2-2013';
/** First big-class code a city may use for its own classes. */
export const LOCAL_MAJOR_MIN = 21;
/** Inside a standard big class, local small classes use these high codes (98 占压盲道 …). */
export const LOCAL_MINOR_MIN = 90;

export interface NameRevision {
  name: string;
  /** Epoch ms from which this name was in force (null: since the table was loaded). */
  validFrom: number | null;
  /** Epoch ms at which it was replaced. */
  validTo: number;
}

export interface Category {
  /** Public code: 'C01', 'C0101', 'E0501'. */
  code: string;
  kind: CategoryKind;
  majorCode: string;
  /** null for a big class. */
  minorCode: string | null;
  name: string;
  /** Classification version of the current row: the standard, or the city's local version. */
  version: string;
  /** A city's own class (not in the shipped standard tables). */
  local: boolean;
  enabled: boolean;
  /** Epoch ms from which the current name is in force (null: since the table was loaded). */
  validFrom: number | null;
  /** Earlier names, oldest first. */
  history: NameRevision[];
}

export interface ParsedCategoryCode {
  kind: CategoryKind;
  majorCode: string;
  minorCode: string | null;
}

/** Parses 'C0101' / 'e05' into its parts; undefined when it is not a class code. */
export function parseCategoryCode(code: string): ParsedCategoryCode | undefined {
  const m = /^([CE])(\d{2})(\d{2})?$/i.exec(code.trim());
  if (!m) return undefined;
  const kind: CategoryKind = m[1]!.toUpperCase() === 'C' ? 'component' : 'event';
  if (m[2] === '00' || m[3] === '00') return undefined;
  return { kind, majorCode: m[2]!, minorCode: m[3] ?? null };
}

export function categoryCode(kind: CategoryKind, majorCode: string, minorCode?: string | null): string {
  return `${KIND_LETTER[kind]}${majorCode}${minorCode ?? ''}`;
}

export function requireCategoryCode(code: string): ParsedCategoryCode {
  const p = parseCategoryCode(code);
  if (!p)
    throw badRequest(
      'CATEGORY_CODE_INVALID',
      `分类代码「${code}」无效：应为 C/E + 2 位大类 + 2 位小类，如 C0101、E0501`,
      `Invalid class code '${code}': expected C/E + 2-digit big class + 2-digit small class, e.g. C0101, E0501`,
    );
  return { ...p };
}

/** Whether a code may be used for a city's own class. */
export function isLocalCode(p: ParsedCategoryCode): boolean {
  const major = Number(p.majorCode);
  if (major >= LOCAL_MAJOR_MIN) return true;
  return p.minorCode !== null && Number(p.minorCode) >= LOCAL_MINOR_MIN;
}

export const CATEGORY_NAME_MAX = 40;

export function normalizeName(name: string, field = '名称', fieldEn = 'name', max = CATEGORY_NAME_MAX): string {
  const n = name.replace(/\s+/g, ' ').trim();
  if (n.length === 0 || n.length > max)
    throw badRequest('NAME_INVALID', `${field}不能为空且不超过 ${max} 个字`, `The ${fieldEn} must be 1–${max} characters`);
  return n;
}

/**
 * Class picker search: by code (with or without kind letter) or by name, current or former.
 * Ranking: exact code, code prefix, name prefix, name contains, former name; then by code.
 */
export function searchCategories(
  all: readonly Category[],
  q: string,
  opts: { kind?: CategoryKind; smallOnly?: boolean; includeDisabled?: boolean; limit?: number } = {},
): Category[] {
  const needle = q.trim().toUpperCase();
  const scored: { c: Category; score: number }[] = [];
  for (const c of all) {
    if (opts.kind && c.kind !== opts.kind) continue;
    if (opts.smallOnly && c.minorCode === null) continue;
    if (!opts.includeDisabled && !c.enabled) continue;
    const score = needle === '' ? 5 : scoreCategory(c, needle);
    if (score > 0) scored.push({ c, score });
  }
  scored.sort((a, b) => b.score - a.score || compareCodes(a.c.code, b.c.code));
  return scored.slice(0, opts.limit ?? 50).map((s) => s.c);
}

function scoreCategory(c: Category, needle: string): number {
  const digits = c.code.slice(1);
  if (c.code === needle || (/^\d+$/.test(needle) && digits === needle)) return 100;
  if (c.code.startsWith(needle) || (/^\d+$/.test(needle) && digits.startsWith(needle))) return 80;
  const name = c.name.toUpperCase();
  if (name === needle) return 90;
  if (name.startsWith(needle)) return 60;
  if (name.includes(needle)) return 40;
  if (c.history.some((h) => h.name.toUpperCase().includes(needle))) return 20;
  return 0;
}

export function compareCodes(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

// ---------------------------------------------------------------------------------------------
// Units (责任单位)

export type UnitKind = 'bureau' | 'department' | 'district_department' | 'street_office' | 'company' | 'squad';
export const UNIT_KINDS: readonly UnitKind[] = ['bureau', 'department', 'district_department', 'street_office', 'company', 'squad'];
export const UNIT_KIND_LABEL: Record<UnitKind, string> = {
  bureau: '城管局',
  department: '市直部门',
  district_department: '区属部门',
  street_office: '街道（镇）',
  company: '企业',
  squad: '区城管执法局（中队）',
};

export interface Unit {
  id: string;
  /** Public code, unique: 'XM-CGJ', '350203-SZYL', street offices use the 9-digit street code. */
  code: string;
  name: string;
  kind: UnitKind;
  parentCode: string | null;
  /** District (6 digits) the unit serves, if it is area-bound. */
  districtCode: string | null;
  /** Street (9 digits) for a street office. */
  streetCode: string | null;
  /**
   * What the unit does, for territorial rules that pick "the district's X": the part of the name after
   * the district name, e.g. '市政园林局' for 思明区市政园林局. Null when not needed.
   */
  duty: string | null;
  active: boolean;
}

export interface UnitInput {
  code: string;
  name: string;
  kind: UnitKind;
  parentCode?: string | null;
  districtCode?: string | null;
  streetCode?: string | null;
  duty?: string | null;
  active?: boolean;
}

export const UNIT_CODE_RE = /^[A-Z0-9][A-Z0-9-]{1,31}$/;
export const DISTRICT_CODE_RE = /^[1-8]\d{5}$/;
export const STREET_CODE_RE = /^[1-8]\d{8}$/;

/** Checks a unit's own fields (parent existence and cycles are checked by the service). */
export function validateUnit(u: UnitInput): Required<Omit<UnitInput, 'active'>> & { active: boolean } {
  const code = u.code.trim().toUpperCase();
  if (!UNIT_CODE_RE.test(code))
    throw badRequest(
      'UNIT_CODE_INVALID',
      `单位代码「${u.code}」无效：2–32 位大写字母、数字或连字符`,
      `Invalid unit code '${u.code}': 2–32 upper-case letters, digits or hyphens`,
    );
  if (!UNIT_KINDS.includes(u.kind))
    throw badRequest('UNIT_KIND_INVALID', `单位类型「${u.kind}」无效`, `Invalid unit kind '${u.kind}'`);
  const name = normalizeName(u.name, '单位名称', 'unit name', 60);
  const districtCode = u.districtCode ?? null;
  const streetCode = u.streetCode ?? null;
  if (districtCode !== null && !DISTRICT_CODE_RE.test(districtCode))
    throw badRequest('DISTRICT_CODE_INVALID', `区县代码「${districtCode}」应为 6 位数字`, `District code '${districtCode}' must be 6 digits`);
  if (streetCode !== null && !STREET_CODE_RE.test(streetCode))
    throw badRequest('STREET_CODE_INVALID', `街道代码「${streetCode}」应为 9 位数字`, `Street code '${streetCode}' must be 9 digits`);
  if (streetCode !== null && districtCode !== null && !streetCode.startsWith(districtCode))
    throw badRequest('STREET_CODE_INVALID', `街道代码 ${streetCode} 不属于区县 ${districtCode}`, `Street ${streetCode} is not in district ${districtCode}`);
  if (u.kind === 'street_office' && streetCode === null)
    throw badRequest('STREET_CODE_REQUIRED', '街道（镇）单位必须填写街道代码', 'A street office needs its street code');
  const parentCode = u.parentCode ? u.parentCode.trim().toUpperCase() : null;
  if (parentCode === code) throw badRequest('UNIT_PARENT_INVALID', '单位不能以自己为上级', 'A unit cannot be its own parent');
  const duty = u.duty ? u.duty.trim() || null : null;
  return {
    code,
    name,
    kind: u.kind,
    parentCode,
    districtCode: districtCode ?? (streetCode ? streetCode.slice(0, 6) : null),
    streetCode,
    duty,
    active: u.active ?? true,
  };
}

/** Whether making `parentCode` the parent of `code` would close a loop, given code → parent. */
export function wouldCycle(code: string, parentCode: string | null, parentOf: (c: string) => string | null | undefined): boolean {
  let p = parentCode;
  for (let i = 0; p !== null && p !== undefined && i < 1000; i++) {
    if (p === code) return true;
    p = parentOf(p) ?? null;
  }
  return false;
}

// ---------------------------------------------------------------------------------------------
// Components (部件)

export type ComponentState = 'intact' | 'damaged' | 'missing' | 'occupied';
export const COMPONENT_STATES: readonly ComponentState[] = ['intact', 'damaged', 'missing', 'occupied'];
export const COMPONENT_STATE_LABEL: Record<ComponentState, string> = {
  intact: '完好',
  damaged: '破损',
  missing: '丢失',
  occupied: '占用',
};

export interface Component {
  id: string;
  /** 部件标识码: 6-digit district + 2 big + 2 small + 6-digit serial. */
  objectCode: string;
  categoryCode: string;
  districtCode: string;
  name: string;
  lon: number;
  lat: number;
  gridCode: string | null;
  state: ComponentState;
  ownerUnitCode: string | null;
  maintainerUnitCode: string | null;
  address: string | null;
  note: string | null;
  createdAt: number;
  updatedAt: number;
}

export interface ParsedObjectCode {
  districtCode: string;
  categoryCode: string;
  serial: number;
}

/** Splits a 16-digit 部件标识码, or throws OBJECT_CODE_INVALID saying what is wrong. */
export function parseObjectCode(objectCode: string): ParsedObjectCode {
  const c = objectCode.trim();
  const bad = (zh: string, en: string) =>
    badRequest('OBJECT_CODE_INVALID', `部件标识码「${objectCode}」无效：${zh}`, `Invalid component code '${objectCode}': ${en}`);
  if (!/^\d{16}$/.test(c)) throw bad('应为 16 位数字（6 位区划 + 2 位大类 + 2 位小类 + 6 位流水号）', 'expected 16 digits (6 district + 2 big + 2 small + 6 serial)');
  const districtCode = c.slice(0, 6);
  if (!DISTRICT_CODE_RE.test(districtCode)) throw bad(`区划代码 ${districtCode} 无效`, `district code ${districtCode} is invalid`);
  const major = c.slice(6, 8);
  const minor = c.slice(8, 10);
  if (major === '00' || minor === '00') throw bad('大类、小类代码不能为 00', 'big and small class cannot be 00');
  const serial = Number(c.slice(10));
  if (serial === 0) throw bad('流水号不能为 000000', 'serial cannot be 000000');
  return { districtCode, categoryCode: categoryCode('component', major, minor), serial };
}

export function formatObjectCode(districtCode: string, componentCode: string, serial: number): string {
  const p = parseCategoryCode(componentCode);
  if (!p || p.kind !== 'component' || p.minorCode === null || !DISTRICT_CODE_RE.test(districtCode) || serial < 1 || serial > 999_999)
    throw badRequest('OBJECT_CODE_INVALID', '无法生成部件标识码', 'Cannot build a component code from these parts');
  return `${districtCode}${p.majorCode}${p.minorCode}${String(serial).padStart(6, '0')}`;
}

export const GRID_CODE_RE = /^\d{15}$/;

/** WGS-84 coordinates roughly inside China (with a margin); anything else is a typo or swapped lon/lat. */
export function validateLonLat(lon: number, lat: number): void {
  if (!Number.isFinite(lon) || !Number.isFinite(lat) || lon < 73 || lon > 136 || lat < 3 || lat > 54)
    throw badRequest(
      'COORDINATES_INVALID',
      `坐标 (${lon}, ${lat}) 不在中国范围内：请确认经度在前、纬度在后（WGS-84）`,
      `Coordinates (${lon}, ${lat}) are outside China: check lon comes first, lat second (WGS-84)`,
    );
}

export function validateGridCode(gridCode: string, districtCode: string): void {
  if (!GRID_CODE_RE.test(gridCode) || !gridCode.startsWith(districtCode))
    throw badRequest(
      'GRID_CODE_INVALID',
      `单元网格代码「${gridCode}」无效：应为 15 位数字且以区划代码 ${districtCode} 开头`,
      `Invalid grid code '${gridCode}': expected 15 digits starting with district code ${districtCode}`,
    );
}
