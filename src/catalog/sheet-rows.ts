/**
 * The responsibility list as a table of text cells with Chinese headers, both ways. Pure: the file
 * formats (XLSX, CSV) are in sheet-files.ts; here rows become items (with every row's errors
 * collected) and items become rows. Row numbers are the spreadsheet's own (the header is row 1).
 */
import type { Category, Unit } from './model.js';
import { parseCategoryCode } from './model.js';
import {
  formatOwner,
  formatTimeLimit,
  ITEM_NO_RE,
  itemKey,
  parseTerritorialOwner,
  parseTimeLimit,
  STAGES,
  URGENCY_LABEL,
  type Owner,
  type ResponsibilityItem,
  type ResponsibilityItemInput,
  type Stage,
  type TimeLimits,
  type Urgency,
} from './responsibility-model.js';

export const SHEET_NAME = '事项清单';

const STAGE_HEADER: Record<Stage, string> = {
  accept: '受理时限',
  file: '立案时限',
  dispatch: '派遣时限',
  handle: '处置时限',
  verify: '核查时限',
  close: '结案时限',
};

/** Columns in file order. 小类名称 is written for people and ignored on import. */
export const HEADERS = [
  '事项编号', '大类', '小类代码', '小类名称', '区域', '立案条件', '紧急程度', '责任单位', '协办单位',
  ...STAGES.map((s) => STAGE_HEADER[s]), '结案条件', '法律依据',
] as const;
const REQUIRED_HEADERS = ['事项编号', '小类代码', '责任单位', '处置时限'];
const HEADER_EN: Record<string, string> = {
  事项编号: 'item number', 大类: 'big class', 小类代码: 'small class code', 区域: 'area', 立案条件: 'filing condition',
  紧急程度: 'urgency', 责任单位: 'owning unit', 协办单位: 'co-units', 受理时限: 'accept time limit', 立案时限: 'file time limit',
  派遣时限: 'dispatch time limit', 处置时限: 'handle time limit', 核查时限: 'verify time limit', 结案时限: 'close time limit',
  结案条件: 'closing condition', 法律依据: 'legal basis',
};

export const MAX_ROWS = 20_000;
const TEXT_MAX = 500;

export interface RowError {
  row: number;
  column?: string;
  message: string;
  messageEn: string;
}

/** What the rows are checked against. */
export interface SheetContext {
  categories: readonly Category[];
  units: readonly Unit[];
  /** Known area codes (6-digit district, 9-digit street) → name. Empty: any well-formed code is accepted. */
  areas: ReadonlyMap<string, string>;
}

export interface ParsedSheet {
  items: ResponsibilityItemInput[];
  /** The sheet row each item came from. */
  rowOf: number[];
  errors: RowError[];
}

const URGENCY_WORDS: Record<string, Urgency> = { '': 'normal', 一般: 'normal', 普通: 'normal', normal: 'normal', 紧急: 'urgent', 急: 'urgent', urgent: 'urgent' };
const CITY_WORDS = new Set(['', '全市', '市级', '全域', '*']);

export function itemsToRows(items: readonly ResponsibilityItem[] | readonly ResponsibilityItemInput[], ctx: SheetContext): string[][] {
  const cats = new Map(ctx.categories.map((c) => [c.code, c]));
  const unitName = (code: string) => ctx.units.find((u) => u.code === code)?.name;
  const sorted = [...items].sort((a, b) => (a.itemNo < b.itemNo ? -1 : a.itemNo > b.itemNo ? 1 : 0));
  const rows: string[][] = [[...HEADERS]];
  for (const it of sorted) {
    const p = parseCategoryCode(it.categoryCode);
    const big = p ? cats.get(it.categoryCode.slice(0, 3))?.name ?? '' : '';
    const area = it.areaCode === null ? '全市' : ctx.areas.has(it.areaCode) ? `${it.areaCode} ${ctx.areas.get(it.areaCode)}` : it.areaCode;
    rows.push([
      it.itemNo,
      big,
      it.categoryCode,
      cats.get(it.categoryCode)?.name ?? '',
      area,
      it.condition,
      URGENCY_LABEL[it.urgency],
      formatOwner(it.owner, unitName),
      it.coUnitCodes.map((c) => unitName(c) ?? c).join('、'),
      ...STAGES.map((s) => formatTimeLimit(it.timeLimits[s])),
      it.closingCondition,
      it.legalBasis,
    ]);
  }
  return rows;
}

/** Reads every row, collecting all errors; the caller imports nothing when any error is returned. */
export function rowsToItems(table: readonly (readonly string[])[], ctx: SheetContext): ParsedSheet {
  const errors: RowError[] = [];
  const items: ResponsibilityItemInput[] = [];
  const rowOf: number[] = [];
  const header = (table[0] ?? []).map((h) => h.replace(/\s+/g, ''));
  const missing = REQUIRED_HEADERS.filter((h) => !header.includes(h));
  if (table.length === 0 || missing.length > 0) {
    errors.push({
      row: 1,
      message: `第1行：缺少列 ${missing.join('、') || REQUIRED_HEADERS.join('、')}`,
      messageEn: `row 1: missing columns ${(missing.length ? missing : REQUIRED_HEADERS).map((h) => HEADER_EN[h]).join(', ')}`,
    });
    return { items, rowOf, errors };
  }
  if (table.length - 1 > MAX_ROWS) {
    errors.push({ row: 1, message: `文件超过 ${MAX_ROWS} 行`, messageEn: `the file has more than ${MAX_ROWS} rows` });
    return { items, rowOf, errors };
  }
  const col = (name: string) => header.indexOf(name);
  const cats = new Map(ctx.categories.map((c) => [c.code, c]));
  const unitsByName = new Map<string, Unit[]>();
  for (const u of ctx.units) unitsByName.set(u.name, [...(unitsByName.get(u.name) ?? []), u]);
  const unitsByCode = new Map(ctx.units.map((u) => [u.code, u]));
  const areaByName = new Map<string, string[]>();
  for (const [code, name] of ctx.areas) areaByName.set(name, [...(areaByName.get(name) ?? []), code]);
  const seenNo = new Map<string, number>();
  const seenKey = new Map<string, number>();

  for (let i = 1; i < table.length; i++) {
    const rowNo = i + 1;
    const raw = table[i]!;
    const cell = (name: string) => {
      const c = col(name);
      return c < 0 ? '' : String(raw[c] ?? '').trim();
    };
    if (raw.every((v) => String(v ?? '').trim() === '')) continue;
    const rowErrors: RowError[] = [];
    const fail = (column: string, zh: string, en: string) =>
      rowErrors.push({ row: rowNo, column, message: `第${rowNo}行：${zh}`, messageEn: `row ${rowNo}: ${en}` });

    const itemNo = cell('事项编号');
    if (!ITEM_NO_RE.test(itemNo)) fail('事项编号', `事项编号「${itemNo}」无效`, `invalid item number '${itemNo}'`);
    else if (seenNo.has(itemNo)) fail('事项编号', `事项编号「${itemNo}」与第${seenNo.get(itemNo)}行重复`, `item number '${itemNo}' repeats row ${seenNo.get(itemNo)}`);
    else seenNo.set(itemNo, rowNo);

    const codeText = cell('小类代码').toUpperCase();
    const parsed = parseCategoryCode(codeText);
    const cat = cats.get(codeText);
    if (!parsed || parsed.minorCode === null || !cat)
      fail('小类代码', `未知小类代码「${codeText}」`, `unknown small class code '${codeText}'`);
    else {
      const big = cell('大类');
      const bigCat = cats.get(codeText.slice(0, 3));
      if (big !== '' && big !== bigCat?.name && big.toUpperCase() !== codeText.slice(0, 3) && big !== parsed.majorCode)
        fail('大类', `大类「${big}」与小类代码 ${codeText} 不符`, `big class '${big}' does not match small class code ${codeText}`);
    }

    const areaText = cell('区域');
    let areaCode: string | null = null;
    if (!CITY_WORDS.has(areaText)) {
      const m = /^(\d{9}|\d{6})(?:\s|$)/.exec(areaText);
      const byName = areaByName.get(areaText.replace(/\s+/g, ''));
      if (m) areaCode = m[1]!;
      else if (byName && byName.length === 1) areaCode = byName[0]!;
      if (areaCode === null || (ctx.areas.size > 0 && !ctx.areas.has(areaCode))) {
        fail('区域', `未知区域「${areaText}」`, `unknown area '${areaText}'`);
        areaCode = null;
      }
    }

    const condition = cell('立案条件');
    if (condition.length > TEXT_MAX) fail('立案条件', `立案条件超过 ${TEXT_MAX} 字`, `filing condition longer than ${TEXT_MAX} characters`);

    const urgencyText = cell('紧急程度');
    const urgency = URGENCY_WORDS[urgencyText] ?? URGENCY_WORDS[urgencyText.toLowerCase()];
    if (!urgency) fail('紧急程度', `紧急程度「${urgencyText}」无效：应为 一般 或 紧急`, `invalid urgency '${urgencyText}': use 一般 (normal) or 紧急 (urgent)`);

    const findUnit = (text: string, column: string): Unit | undefined => {
      const byCode = unitsByCode.get(text.toUpperCase());
      if (byCode) return byCode;
      const named = unitsByName.get(text) ?? [];
      if (named.length === 1) return named[0];
      if (named.length > 1) fail(column, `单位名称「${text}」对应多个单位，请改用单位代码`, `unit name '${text}' matches several units; use the unit code`);
      else fail(column, `未知单位「${text}」`, `unknown unit '${text}'`);
      return undefined;
    };

    const ownerText = cell('责任单位');
    let owner: Owner | undefined;
    if (ownerText === '') fail('责任单位', '责任单位不能为空', 'owning unit is missing');
    else {
      const territorial = parseTerritorialOwner(ownerText);
      if (territorial && territorial.type === 'territorial') {
        const exists = ctx.units.some(
          (u) => u.kind === territorial.unitKind && (territorial.unitKind !== 'district_department' || u.duty === territorial.duty),
        );
        if (exists) owner = territorial;
        else fail('责任单位', `没有与「${ownerText}」对应的属地单位`, `no territorial unit matches '${ownerText}'`);
      } else if (ownerText.startsWith('属地')) {
        fail('责任单位', `无法识别的属地规则「${ownerText}」：应写作 属地街道（镇）、属地区城管执法局 或 属地区+单位职能`, `unreadable territorial rule '${ownerText}'`);
      } else {
        const u = findUnit(ownerText, '责任单位');
        if (u) owner = { type: 'unit', unitCode: u.code };
      }
    }

    const coUnitCodes: string[] = [];
    for (const name of cell('协办单位').split(/[、,，;；\n]+/).map((s) => s.trim()).filter(Boolean)) {
      const u = findUnit(name, '协办单位');
      if (u && !coUnitCodes.includes(u.code)) coUnitCodes.push(u.code);
    }

    const timeLimits: TimeLimits = {};
    for (const s of STAGES) {
      const text = cell(STAGE_HEADER[s]);
      const t = parseTimeLimit(text);
      if (t === undefined)
        fail(STAGE_HEADER[s], `${STAGE_HEADER[s]}「${text}」无法识别：应写作 4工作时、2工作日、24小时 或 3天`, `${HEADER_EN[STAGE_HEADER[s]]} '${text}' unreadable: write e.g. 4工作时, 2工作日, 24小时 or 3天`);
      else if (t === null && s === 'handle') fail('处置时限', '处置时限不能为空', 'handle time limit is missing');
      else if (t) timeLimits[s] = t;
    }

    const closingCondition = cell('结案条件');
    const legalBasis = cell('法律依据');
    if (closingCondition.length > TEXT_MAX) fail('结案条件', `结案条件超过 ${TEXT_MAX} 字`, `closing condition longer than ${TEXT_MAX} characters`);
    if (legalBasis.length > TEXT_MAX) fail('法律依据', `法律依据超过 ${TEXT_MAX} 字`, `legal basis longer than ${TEXT_MAX} characters`);

    if (rowErrors.length === 0 && owner && urgency) {
      const item: ResponsibilityItemInput = {
        itemNo,
        categoryCode: codeText,
        areaCode,
        condition,
        urgency,
        owner,
        coUnitCodes,
        timeLimits,
        closingCondition,
        legalBasis,
      };
      const key = itemKey(item);
      const prev = seenKey.get(key);
      if (prev !== undefined)
        fail('小类代码', `与第${prev}行的小类、区域、立案条件和紧急程度完全相同`, `same class, area, filing condition and urgency as row ${prev}`);
      else {
        seenKey.set(key, rowNo);
        items.push(item);
        rowOf.push(rowNo);
      }
    }
    errors.push(...rowErrors);
  }
  return { items, rowOf, errors };
}

/**
 * Area names as the units know them: street offices name their street ('中华街道办事处' → '中华街道'),
 * district squads name their district ('思明区城市管理行政执法局' → '思明区').
 */
export function areasFromUnits(units: readonly Unit[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const u of units) {
    if (u.kind === 'squad' && u.districtCode) {
      const m = /^(.+?[区县市旗])/.exec(u.name);
      if (m) out.set(u.districtCode, m[1]!);
    } else if (u.kind === 'street_office' && u.streetCode) {
      out.set(u.streetCode, u.name.replace(/(办事处|人民政府)$/, ''));
    }
  }
  return out;
}
