import { describe, expect, it } from 'vitest';
import {
  formatTimeLimit,
  itemKey,
  matchResponsibility,
  parseTerritorialOwner,
  parseTimeLimit,
  validateTimeLimit,
} from '../../src/catalog/responsibility-model.js';
import { demoCategories, demoItems, demoUnits } from './fixtures.js';

const units = demoUnits();
const items = demoItems();
const cats = new Map(demoCategories().map((c) => [c.code, c.name]));
const name = (code: string) => cats.get(code);

describe('time limits as people write them', () => {
  it.each([
    ['4工作时', { value: 4, unit: 'work_hours' }],
    ['2工作日', { value: 2, unit: 'work_days' }],
    ['2 个工作日', { value: 2, unit: 'work_days' }],
    ['24小时', { value: 24, unit: 'hours' }],
    ['3天', { value: 3, unit: 'days' }],
    ['0.5小时', { value: 0.5, unit: 'hours' }],
  ])('reads %s', (text, want) => {
    expect(parseTimeLimit(text)).toEqual(want);
    expect(parseTimeLimit(formatTimeLimit(want as never))).toEqual(want);
  });
  it('treats an empty cell as no limit and rejects nonsense', () => {
    expect(parseTimeLimit('')).toBeNull();
    expect(parseTimeLimit('尽快')).toBeUndefined();
    expect(parseTimeLimit('0工作日')).toBeUndefined();
    expect(parseTimeLimit('3周')).toBeUndefined();
    expect(() => validateTimeLimit({ value: -1, unit: 'days' }, 'handle')).toThrow(expect.objectContaining({ code: 'TIME_LIMIT_INVALID' }));
  });
});

describe('territorial owners', () => {
  it('reads the street office, district squad and district department rules', () => {
    expect(parseTerritorialOwner('属地街道（镇）')).toEqual({ type: 'territorial', unitKind: 'street_office' });
    expect(parseTerritorialOwner('属地区城管执法局')).toEqual({ type: 'territorial', unitKind: 'squad' });
    expect(parseTerritorialOwner('属地区市政园林局')).toEqual({ type: 'territorial', unitKind: 'district_department', duty: '市政园林局' });
    expect(parseTerritorialOwner('思明区市政园林局')).toBeUndefined();
  });
});

describe('demo responsibility list', () => {
  it('covers at least 40 classes with realistic handling limits', () => {
    expect(new Set(items.map((i) => i.categoryCode)).size).toBeGreaterThanOrEqual(40);
    const handle = (no: string) => formatTimeLimit(items.find((i) => i.itemNo === no)!.timeLimits.handle);
    expect(handle('E0102')).toBe('1工作日');
    expect(handle('E0104')).toBe('2工作时');
    expect(handle('E0103')).toBe('4工作日');
    expect(handle('E0101')).toBe('15工作日');
    expect(handle('C0101')).toBe('24小时');
  });
  it('names only known classes and units, without contradicting items', () => {
    const codes = new Set(units.map((u) => u.code));
    for (const it of items) {
      expect(cats.has(it.categoryCode), it.itemNo).toBe(true);
      if (it.owner.type === 'unit') expect(codes.has(it.owner.unitCode), it.itemNo).toBe(true);
      for (const c of it.coUnitCodes) expect(codes.has(c), `${it.itemNo} co ${c}`).toBe(true);
    }
    expect(new Set(items.map(itemKey)).size).toBe(items.length);
    expect(new Set(items.map((i) => i.itemNo)).size).toBe(items.length);
  });
  it('resolves every territorial item to a unit in every demo street', () => {
    for (const street of units.filter((u) => u.kind === 'street_office'))
      for (const it of items.filter((i) => i.owner.type === 'territorial' && i.areaCode === null)) {
        const r = matchResponsibility([it], units, { categoryCode: it.categoryCode, streetCode: street.streetCode });
        expect(r.candidates[0]?.ownerUnit, `${it.itemNo} in ${street.name}`).not.toBeNull();
      }
  });
});

describe('matching a case to the list', () => {
  it('assigns 广告牌匾 in 思明 to 思明区市政园林局 with a readable reason', () => {
    const r = matchResponsibility(items, units, { categoryCode: 'C0307', districtCode: '350203', streetCode: '350203002', urgency: 'normal' }, name);
    expect(r.unique).toBe(true);
    expect(r.winner?.ownerUnit?.name).toBe('思明区市政园林局');
    expect(r.reason).toBe('事项清单 C0307: 广告牌匾 → 思明区市政园林局');
  });
  it('sends 非法小广告 to the street office of the case’s street', () => {
    const r = matchResponsibility(items, units, { categoryCode: 'E0201', streetCode: '350206004' }, name);
    expect(r.winner?.ownerUnit).toMatchObject({ code: '350206004', name: '江头街道办事处' });
  });
  it('prefers a street item over a district item over a city item', () => {
    const q = { categoryCode: 'E0102', districtCode: '350203', condition: '成堆、成片的垃圾' };
    const inZhonghua = matchResponsibility(items, units, { ...q, streetCode: '350203001' }, name);
    expect(inZhonghua.candidates.map((c) => c.areaLevel)).toEqual(['street', 'city']);
    expect(inZhonghua.winner?.ownerUnit?.name).toBe('中华街道办事处');
    expect(inZhonghua.unique).toBe(true);
    const inHuli = matchResponsibility(items, units, { categoryCode: 'E0102', districtCode: '350206', streetCode: '350206001' }, name);
    expect(inHuli.candidates.map((c) => c.item.itemNo)).toEqual(['E0102-H1', 'E0102']);
    expect(inHuli.winner?.ownerUnit?.name).toBe('湖里区环境卫生中心');
    const inHaicang = matchResponsibility(items, units, { categoryCode: 'E0102', streetCode: '350205001' }, name);
    expect(inHaicang.winner?.ownerUnit?.name).toBe('海沧区环境卫生中心');
  });
  it('is not unique when several conditions apply and none was given, and picks by condition', () => {
    const any = matchResponsibility(items, units, { categoryCode: 'E0408', streetCode: '350203001' }, name);
    expect(any.unique).toBe(false);
    expect(any.winner).toBeNull();
    expect(any.candidates).toHaveLength(2);
    expect(any.reason).toContain('2 条');
    const telecom = matchResponsibility(items, units, { categoryCode: 'E0408', streetCode: '350203001', condition: '通信架空线缆损坏' }, name);
    expect(telecom.unique).toBe(true);
    expect(telecom.winner?.ownerUnit?.name).toBe('中国电信厦门分公司');
    expect(telecom.winner?.coUnits.map((u) => u.name)).toContain('中国移动厦门分公司');
  });
  it('picks by urgency', () => {
    const urgent = matchResponsibility(items, units, { categoryCode: 'C0101', districtCode: '350211', urgency: 'urgent' }, name);
    expect(urgent.winner?.item.itemNo).toBe('C0101-2');
    expect(formatTimeLimit(urgent.winner?.item.timeLimits.handle)).toBe('3小时');
  });
  it('lets urgency rank the items, not exclude them (issue 10: urgent 绿地脏乱 in 思明 found no item)', () => {
    // E0106 is a normal item; an urgent report of the class is still owned by it.
    const urgentGreen = matchResponsibility(items, units, { categoryCode: 'E0106', districtCode: '350203', streetCode: '350203002', urgency: 'urgent' }, name);
    expect(urgentGreen.unique).toBe(true);
    expect(urgentGreen.winner?.ownerUnit?.name).toBe('思明区市政园林局');
    expect(urgentGreen.reason).toBe('事项清单 E0106: 绿地脏乱 → 思明区市政园林局');
    // E2101's items are all urgent, one per operator: a normal report goes to the operators, not nowhere.
    const normalBikes = matchResponsibility(items, units, { categoryCode: 'E2101', streetCode: '350203002', urgency: 'normal' }, name);
    expect(normalBikes.candidates.map((c) => c.ownerUnit?.code)).toEqual(['XM-BIKE-MT', 'XM-BIKE-HL', 'XM-BIKE-QJ']);
    expect(normalBikes.reason).not.toContain('没有适用');
    const hello = matchResponsibility(items, units, { categoryCode: 'E2101', streetCode: '350203002', urgency: 'normal', condition: '哈啰单车' }, name);
    expect(hello.winner?.ownerUnit?.code).toBe('XM-BIKE-HL');
    // Where both urgencies exist, the asked one still wins.
    expect(matchResponsibility(items, units, { categoryCode: 'C0101', districtCode: '350211', urgency: 'normal' }, name).winner?.item.itemNo).toBe('C0101');
  });
  it('answers with no candidates for a class the list does not cover', () => {
    const r = matchResponsibility(items, units, { categoryCode: 'C0602', districtCode: '350203' }, name);
    expect(r).toMatchObject({ candidates: [], unique: false, winner: null });
    expect(r.reason).toContain('工地');
  });
  it('says so when a territorial rule finds no unit in the area', () => {
    const r = matchResponsibility(items, units, { categoryCode: 'E0201', districtCode: '350299' }, name);
    expect(r.winner?.ownerUnit).toBeNull();
    expect(r.reason).toContain('未找到对应单位');
  });
});
