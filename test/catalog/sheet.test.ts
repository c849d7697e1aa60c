import { describe, expect, it } from 'vitest';
import { detectFormat, readTable, writeTable } from '../../src/catalog/sheet-files.js';
import { areasFromUnits, HEADERS, itemsToRows, rowsToItems, SHEET_NAME, type SheetContext } from '../../src/catalog/sheet-rows.js';
import type { ResponsibilityItemInput } from '../../src/catalog/responsibility-model.js';
import { demoCategories, demoItems, demoUnits } from './fixtures.js';

const units = demoUnits();
const ctx: SheetContext = { categories: demoCategories(), units, areas: areasFromUnits(units) };
const items = demoItems();
const strip = (list: readonly (ResponsibilityItemInput & { id?: string })[]) =>
  list.map(({ id: _id, ...rest }) => rest).sort((a, b) => (a.itemNo < b.itemNo ? -1 : 1));

describe('responsibility list as rows', () => {
  it('knows the demo areas by name', () => {
    expect(ctx.areas.get('350203')).toBe('思明区');
    expect(ctx.areas.get('350203001')).toBe('中华街道');
    expect(ctx.areas.get('350211005')).toBe('灌口镇');
  });

  it('writes Chinese headers and human time limits', () => {
    const rows = itemsToRows(items, ctx);
    expect(rows[0]).toEqual([...HEADERS]);
    const c0307 = rows.find((r) => r[0] === 'C0307')!;
    expect(c0307.slice(0, 8)).toEqual(['C0307', '市容环境', 'C0307', '广告牌匾', '全市', '', '一般', '属地区市政园林局']);
    expect(c0307[12]).toBe('5工作日');
    const z1 = rows.find((r) => r[0] === 'E0102-Z1')!;
    expect(z1[4]).toBe('350203001 中华街道');
    expect(z1[7]).toBe('中华街道办事处');
  });

  it('reads back exactly what it wrote', () => {
    const back = rowsToItems(itemsToRows(items, ctx), ctx);
    expect(back.errors).toEqual([]);
    expect(strip(back.items)).toEqual(strip(items));
  });

  it('reports every bad row with its number, in Chinese and English, and keeps nothing from them', () => {
    const rows = itemsToRows(items.slice(0, 20), ctx);
    rows[16]![7] = '市政园林局二所';
    rows[3]![12] = '尽快';
    rows[5]![2] = 'E0700';
    rows[6]![0] = rows[7]![0]!;
    const r = rowsToItems(rows, ctx);
    expect(r.errors.map((e) => e.message)).toEqual([
      '第4行：处置时限「尽快」无法识别：应写作 4工作时、2工作日、24小时 或 3天',
      '第6行：未知小类代码「E0700」',
      '第8行：事项编号「' + rows[7]![0] + '」与第7行重复',
      '第17行：未知单位「市政园林局二所」',
    ]);
    expect(r.errors.find((e) => e.row === 17)?.messageEn).toBe("row 17: unknown unit '市政园林局二所'");
  });

  it('accepts areas by name, units by code, and blank urgency as 一般', () => {
    const rows = [
      ['事项编号', '小类代码', '区域', '紧急程度', '责任单位', '协办单位', '处置时限'],
      ['X1', 'E0201', '鹭江街道', '', '350203-CGJ', '思明区市政园林局，XM-SW', '2工作日'],
    ];
    const r = rowsToItems(rows, ctx);
    expect(r.errors).toEqual([]);
    expect(r.items[0]).toMatchObject({ areaCode: '350203002', urgency: 'normal', owner: { type: 'unit', unitCode: '350203-CGJ' }, coUnitCodes: ['350203-SZYL', 'XM-SW'] });
  });

  it('refuses a file without the required columns', () => {
    const r = rowsToItems([['编号', '名称']], ctx);
    expect(r.errors[0]!.message).toContain('缺少列');
    expect(r.items).toEqual([]);
  });
});

describe('responsibility list as files', () => {
  it.each(['xlsx', 'csv'] as const)('round-trips through %s', async (format) => {
    const rows = itemsToRows(items, ctx);
    const buf = await writeTable(rows, format, SHEET_NAME);
    expect(detectFormat(buf)).toBe(format);
    const table = await readTable(buf, format);
    const back = rowsToItems(table, ctx);
    expect(back.errors).toEqual([]);
    expect(strip(back.items)).toEqual(strip(items));
  });

  it('rejects a damaged spreadsheet with a clear error', async () => {
    await expect(readTable(Buffer.from('PK\u0003\u0004 not really a zip'), 'xlsx')).rejects.toMatchObject({ code: 'SPREADSHEET_UNREADABLE', kind: 'invalid' });
  });
});
