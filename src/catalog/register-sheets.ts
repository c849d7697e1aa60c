/**
 * Units, local classes and components as spreadsheets with Chinese headers, both ways. Pure: rows
 * become inputs (each row's errors collected, see core/sheet-table.ts), records become rows. What
 * the store must confirm (parents, names in use, serials) is the service's business.
 */
import { checked, parseActive, parseRows, type ParsedRows, type SheetColumn } from '../core/sheet-table.js';
import {
  COMPONENT_STATE_LABEL,
  COMPONENT_STATES,
  DISTRICT_CODE_RE,
  UNIT_KIND_LABEL,
  UNIT_KINDS,
  isLocalCode,
  normalizeName,
  parseCategoryCode,
  parseObjectCode,
  validateGridCode,
  validateLonLat,
  validateUnit,
  type Category,
  type Component,
  type ComponentState,
  type Unit,
  type UnitInput,
  type UnitKind,
} from './model.js';

// ---------------------------------------------------------------------------------------------
// Units (责任单位)

export const UNIT_COLUMNS: readonly SheetColumn[] = [
  { zh: '单位代码', en: 'unit code', required: true, example: '350203-SZYL' },
  { zh: '单位名称', en: 'unit name', required: true, example: '思明区市政园林局' },
  { zh: '单位类型', en: 'unit kind', required: true, example: '区属部门' },
  { zh: '上级单位代码', en: 'parent unit code', aliases: ['上级单位'], example: '' },
  { zh: '区县代码', en: 'district code', example: '350203' },
  { zh: '街道代码', en: 'street code', example: '' },
  { zh: '职能', en: 'duty', example: '市政园林局' },
  { zh: '状态', en: 'status', example: '在用' },
];

const KIND_BY_WORD = new Map<string, UnitKind>([
  ...UNIT_KINDS.map((k) => [k, k] as const),
  ...UNIT_KINDS.map((k) => [UNIT_KIND_LABEL[k], k] as const),
  ['街道', 'street_office'],
  ['镇', 'street_office'],
  ['街道办事处', 'street_office'],
  ['中队', 'squad'],
  ['区城管执法局', 'squad'],
  ['市直单位', 'department'],
  ['公司', 'company'],
]);

export function rowsToUnits(table: readonly (readonly string[])[]): ParsedRows<Required<UnitInput>> {
  const seen = new Map<string, number>();
  return parseRows(table, UNIT_COLUMNS, (t) => {
    const kindText = t.cell('单位类型');
    const kind = KIND_BY_WORD.get(kindText) ?? KIND_BY_WORD.get(kindText.toLowerCase());
    if (!kind) {
      t.fail('单位类型', `单位类型「${kindText}」无效：应为 ${UNIT_KINDS.map((k) => UNIT_KIND_LABEL[k]).join('、')}`, `invalid unit kind '${kindText}': use ${UNIT_KINDS.join(', ')}`);
      return undefined;
    }
    const active = parseActive(t.cell('状态'));
    if (active === undefined) t.fail('状态', `状态「${t.cell('状态')}」无效：应为 在用 或 停用`, `invalid status '${t.cell('状态')}': use 在用 (active) or 停用 (inactive)`);
    const v = checked(t, '单位代码', () =>
      validateUnit({
        code: t.cell('单位代码'),
        name: t.cell('单位名称'),
        kind,
        parentCode: t.cell('上级单位代码') || null,
        districtCode: t.cell('区县代码') || null,
        streetCode: t.cell('街道代码') || null,
        duty: t.cell('职能') || null,
        active: active ?? true,
      }),
    );
    if (!v) return undefined;
    const prev = seen.get(v.code);
    if (prev !== undefined) t.fail('单位代码', `单位代码 ${v.code} 与第${prev}行重复`, `unit code ${v.code} repeats row ${prev}`);
    else seen.set(v.code, t.row);
    return v;
  });
}

export function unitsToRows(units: readonly Unit[]): Array<Record<string, string>> {
  return [...units]
    .sort((a, b) => (a.code < b.code ? -1 : 1))
    .map((u) => ({
      单位代码: u.code,
      单位名称: u.name,
      单位类型: UNIT_KIND_LABEL[u.kind],
      上级单位代码: u.parentCode ?? '',
      区县代码: u.districtCode ?? '',
      街道代码: u.streetCode ?? '',
      职能: u.duty ?? '',
      状态: u.active ? '在用' : '停用',
    }));
}

// ---------------------------------------------------------------------------------------------
// Local classes (本地分类) and renames of standard ones

export const CLASS_COLUMNS: readonly SheetColumn[] = [
  { zh: '分类代码', en: 'class code', required: true, example: 'E0598' },
  { zh: '分类名称', en: 'class name', required: true, example: '占压盲道' },
  { zh: '版本', en: 'version', example: '厦门2026' },
  { zh: '状态', en: 'status', example: '在用' },
];

export interface ClassRow {
  code: string;
  name: string;
  version: string | null;
  enabled: boolean;
}

/** `known`: the classes in the store. A new code must be a local one; a known code is renamed or switched. */
export function rowsToClasses(table: readonly (readonly string[])[], known: ReadonlyMap<string, Category>): ParsedRows<ClassRow> {
  const seen = new Map<string, number>();
  const inFile = new Set<string>();
  const parsed = parseRows(table, CLASS_COLUMNS, (t) => {
    const text = t.cell('分类代码').toUpperCase();
    const p = parseCategoryCode(text);
    if (!p) {
      t.fail('分类代码', `分类代码「${text}」无效：应为 C/E + 2 位大类（+ 2 位小类），如 E0598、E21`, `invalid class code '${text}'`);
      return undefined;
    }
    if (!known.has(text) && !isLocalCode(p))
      t.fail('分类代码', `「${text}」属于标准分类代码段：本地大类从 21 起，标准大类内的本地小类从 90 起`, `'${text}' is in the standard range: local big classes start at 21, local small classes at 90`);
    const name = checked(t, '分类名称', () => normalizeName(t.cell('分类名称'), '分类名称', 'class name'));
    const enabled = parseActive(t.cell('状态'));
    if (enabled === undefined) t.fail('状态', `状态「${t.cell('状态')}」无效：应为 在用 或 停用`, `invalid status '${t.cell('状态')}'`);
    const prev = seen.get(text);
    if (prev !== undefined) t.fail('分类代码', `分类代码 ${text} 与第${prev}行重复`, `class code ${text} repeats row ${prev}`);
    seen.set(text, t.row);
    inFile.add(text);
    if (name === undefined || enabled === undefined) return undefined;
    return { code: text, name, version: t.cell('版本') || null, enabled };
  });
  // A new small class needs its big class, in the store or in the file.
  parsed.items.forEach((c, i) => {
    if (c.code.length === 5 && !known.has(c.code.slice(0, 3)) && !inFile.has(c.code.slice(0, 3))) {
      const row = parsed.rowOf[i]!;
      parsed.errors.push({ row, column: '分类代码', message: `第${row}行：大类 ${c.code.slice(0, 3)} 不存在，请先在文件中列出`, messageEn: `row ${row}: big class ${c.code.slice(0, 3)} does not exist; list it in the file first` });
    }
  });
  return parsed;
}

export function classesToRows(classes: readonly Category[]): Array<Record<string, string>> {
  return classes
    .filter((c) => c.local || c.history.length > 0 || !c.enabled)
    .map((c) => ({ 分类代码: c.code, 分类名称: c.name, 版本: c.version, 状态: c.enabled ? '在用' : '停用' }));
}

// ---------------------------------------------------------------------------------------------
// Components (部件)

export const COMPONENT_COLUMNS: readonly SheetColumn[] = [
  { zh: '部件标识码', en: 'component code', example: '' },
  { zh: '小类代码', en: 'small class code', example: 'C0101' },
  { zh: '区县代码', en: 'district code', example: '350203' },
  { zh: '部件名称', en: 'component name', aliases: ['名称'], example: '上水井盖' },
  { zh: '经度', en: 'longitude', required: true, example: '118.0894' },
  { zh: '纬度', en: 'latitude', required: true, example: '24.4798' },
  { zh: '单元网格代码', en: 'grid code', example: '' },
  { zh: '部件状态', en: 'state', aliases: ['状态'], example: '完好' },
  { zh: '权属单位代码', en: 'owner unit code', aliases: ['权属单位'], example: '' },
  { zh: '养护单位代码', en: 'maintainer unit code', aliases: ['养护单位'], example: '' },
  { zh: '地址', en: 'address', example: '思明区中山路 1 号' },
  { zh: '备注', en: 'note', example: '' },
];

export interface ComponentRow {
  objectCode: string | null;
  categoryCode: string;
  districtCode: string;
  name: string | null;
  lon: number;
  lat: number;
  gridCode: string | null;
  state: ComponentState;
  ownerUnitCode: string | null;
  maintainerUnitCode: string | null;
  address: string | null;
  note: string | null;
}

const STATE_BY_WORD = new Map<string, ComponentState>([
  ['', 'intact'],
  ...COMPONENT_STATES.map((s) => [s, s] as const),
  ...COMPONENT_STATES.map((s) => [COMPONENT_STATE_LABEL[s], s] as const),
]);

export interface ComponentSheetContext {
  categories: ReadonlyMap<string, Category>;
  unitCodes: ReadonlySet<string>;
}

export function rowsToComponents(table: readonly (readonly string[])[], ctx: ComponentSheetContext): ParsedRows<ComponentRow> {
  const seen = new Map<string, number>();
  return parseRows(table, COMPONENT_COLUMNS, (t) => {
    const codeText = t.cell('部件标识码');
    let districtCode = t.cell('区县代码');
    let categoryCode = t.cell('小类代码').toUpperCase();
    let objectCode: string | null = null;
    if (codeText) {
      const p = checked(t, '部件标识码', () => parseObjectCode(codeText));
      if (!p) return undefined;
      if ((districtCode && districtCode !== p.districtCode) || (categoryCode && categoryCode !== p.categoryCode))
        t.fail('部件标识码', `部件标识码 ${codeText} 与所填区县或小类不一致`, `component code ${codeText} does not match the district or class given`);
      districtCode = p.districtCode;
      categoryCode = p.categoryCode;
      objectCode = codeText;
      const prev = seen.get(codeText);
      if (prev !== undefined) t.fail('部件标识码', `部件标识码 ${codeText} 与第${prev}行重复`, `component code ${codeText} repeats row ${prev}`);
      seen.set(codeText, t.row);
    }
    if (!DISTRICT_CODE_RE.test(districtCode)) t.fail('区县代码', `区县代码「${districtCode}」应为 6 位数字`, `district code '${districtCode}' must be 6 digits`);
    const cat = ctx.categories.get(categoryCode);
    if (!cat || cat.kind !== 'component' || cat.minorCode === null || !cat.enabled)
      t.fail('小类代码', `「${categoryCode}」不是在用的部件小类`, `'${categoryCode}' is not an enabled component small class`);
    const lon = Number(t.cell('经度'));
    const lat = Number(t.cell('纬度'));
    checked(t, '经度', () => validateLonLat(t.cell('经度') === '' ? NaN : lon, t.cell('纬度') === '' ? NaN : lat));
    const gridCode = t.cell('单元网格代码') || null;
    if (gridCode && DISTRICT_CODE_RE.test(districtCode)) checked(t, '单元网格代码', () => validateGridCode(gridCode, districtCode));
    const stateText = t.cell('部件状态');
    const state = STATE_BY_WORD.get(stateText) ?? STATE_BY_WORD.get(stateText.toLowerCase());
    if (!state) t.fail('部件状态', `部件状态「${stateText}」无效：应为 完好、破损、丢失 或 占用`, `invalid state '${stateText}'`);
    const unit = (column: string) => {
      const code = t.cell(column).toUpperCase();
      if (code && !ctx.unitCodes.has(code)) t.fail(column, `${column}「${code}」不存在`, `unknown unit '${code}' in ${column}`);
      return code || null;
    };
    const ownerUnitCode = unit('权属单位代码');
    const maintainerUnitCode = unit('养护单位代码');
    const nameText = t.cell('部件名称');
    const name = nameText ? checked(t, '部件名称', () => normalizeName(nameText, '部件名称', 'component name', 60)) ?? null : null;
    return {
      objectCode,
      categoryCode,
      districtCode,
      name,
      lon,
      lat,
      gridCode,
      state: state ?? 'intact',
      ownerUnitCode,
      maintainerUnitCode,
      address: t.cell('地址') || null,
      note: t.cell('备注') || null,
    };
  });
}

export function componentsToRows(items: readonly Component[]): Array<Record<string, string>> {
  return items.map((c) => ({
    部件标识码: c.objectCode,
    小类代码: c.categoryCode,
    区县代码: c.districtCode,
    部件名称: c.name,
    经度: String(c.lon),
    纬度: String(c.lat),
    单元网格代码: c.gridCode ?? '',
    部件状态: COMPONENT_STATE_LABEL[c.state],
    权属单位代码: c.ownerUnitCode ?? '',
    养护单位代码: c.maintainerUnitCode ?? '',
    地址: c.address ?? '',
    备注: c.note ?? '',
  }));
}
