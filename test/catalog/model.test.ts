import { describe, expect, it } from 'vitest';
import {
  formatObjectCode,
  isLocalCode,
  parseCategoryCode,
  parseObjectCode,
  requireCategoryCode,
  searchCategories,
  validateGridCode,
  validateLonLat,
  validateUnit,
  wouldCycle,
} from '../../src/catalog/model.js';
import { STANDARD_CLASSES } from '../../src/catalog/standard-classes.js';
import { DEMO_UNITS, XIAMEN_STREETS } from '../../src/demo/units.js';
import { demoCategories } from './fixtures.js';

describe('class codes', () => {
  it('reads component and event codes with their big and small class', () => {
    expect(parseCategoryCode('C0101')).toEqual({ kind: 'component', majorCode: '01', minorCode: '01' });
    expect(parseCategoryCode('e05')).toEqual({ kind: 'event', majorCode: '05', minorCode: null });
    expect(parseCategoryCode('0101')).toBeUndefined();
    expect(parseCategoryCode('C0100')).toBeUndefined();
    expect(() => requireCategoryCode('X0101')).toThrow(expect.objectContaining({ code: 'CATEGORY_CODE_INVALID', kind: 'invalid' }));
  });

  it('reserves big classes from 21 and small classes from 90 for a city', () => {
    expect(isLocalCode(parseCategoryCode('E2101')!)).toBe(true);
    expect(isLocalCode(parseCategoryCode('E0598')!)).toBe(true);
    expect(isLocalCode(parseCategoryCode('E0501')!)).toBe(false);
    expect(isLocalCode(parseCategoryCode('C20')!)).toBe(false);
  });
});

describe('shipped classification tables', () => {
  it('have unique codes and every small class sits under an existing big class', () => {
    const codes = STANDARD_CLASSES.map((c) => c.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const c of STANDARD_CLASSES) {
      const p = parseCategoryCode(c.code);
      expect(p, c.code).toBeDefined();
      if (p!.minorCode) expect(codes, c.code).toContain(c.code.slice(0, 3));
    }
  });

  it('carry the standard names: C0101 上水井盖, C0307 广告牌匾, E0102 暴露垃圾, E0501 无照经营游商', () => {
    const name = (code: string) => STANDARD_CLASSES.find((c) => c.code === code)?.name;
    expect(name('C0101')).toBe('上水井盖');
    expect(name('C0307')).toBe('广告牌匾');
    expect(name('E0102')).toBe('暴露垃圾');
    expect(name('E0501')).toBe('无照经营游商');
    expect(name('E05')).toBe('街面秩序');
    expect(STANDARD_CLASSES.filter((c) => c.kind === 'component' && c.code.length === 5).length).toBeGreaterThan(90);
  });
});

describe('class picker search', () => {
  const all = demoCategories();
  it('finds a class by its code, with or without the kind letter', () => {
    expect(searchCategories(all, 'E0501')[0]!.name).toBe('无照经营游商');
    expect(searchCategories(all, '0307', { kind: 'component' })[0]!.name).toBe('广告牌匾');
  });
  it('finds classes by part of the name, exact names first', () => {
    const hits = searchCategories(all, '井盖', { smallOnly: true }).map((c) => c.code);
    expect(hits).toContain('C0101');
    expect(hits.every((c) => c.startsWith('C01'))).toBe(true);
    expect(searchCategories(all, '暴露垃圾')[0]!.code).toBe('E0102');
  });
  it('finds a renamed class by its former name', () => {
    const renamed = all.map((c) => (c.code === 'E0104' ? { ...c, name: '道路保洁', history: [{ name: '道路不洁', validFrom: null, validTo: 1 }] } : c));
    expect(searchCategories(renamed, '道路不洁').map((c) => c.code)).toContain('E0104');
  });
});

describe('component object codes', () => {
  it('splits a 16-digit code into district, class and serial', () => {
    expect(parseObjectCode('3502030101000001')).toEqual({ districtCode: '350203', categoryCode: 'C0101', serial: 1 });
    expect(formatObjectCode('350203', 'C0307', 42)).toBe('3502030307000042');
  });
  it.each([
    ['35020301010001', '16 位'],
    ['0502030101000001', '区划'],
    ['3502030001000001', '00'],
    ['3502030101000000', '流水号'],
  ])('rejects %s, saying what is wrong', (code, why) => {
    expect(() => parseObjectCode(code)).toThrow(expect.objectContaining({ code: 'OBJECT_CODE_INVALID', messageZh: expect.stringContaining(why) }));
  });
  it('rejects swapped coordinates and a grid code of another district', () => {
    expect(() => validateLonLat(24.45, 118.08)).toThrow(expect.objectContaining({ code: 'COORDINATES_INVALID' }));
    expect(() => validateLonLat(118.08, 24.45)).not.toThrow();
    expect(() => validateGridCode('350206001001001', '350203')).toThrow(expect.objectContaining({ code: 'GRID_CODE_INVALID' }));
  });
});

describe('units', () => {
  it('normalises a unit and derives the district of a street office', () => {
    const u = validateUnit({ code: 'x-1', name: ' 测试 单位 ', kind: 'street_office', streetCode: '350203009' });
    expect(u).toMatchObject({ code: 'X-1', name: '测试 单位', districtCode: '350203', streetCode: '350203009', active: true });
  });
  it('refuses a street office without a street, and a street outside the district', () => {
    expect(() => validateUnit({ code: 'A1', name: 'a', kind: 'street_office' })).toThrow(expect.objectContaining({ code: 'STREET_CODE_REQUIRED' }));
    expect(() => validateUnit({ code: 'A1', name: 'a', kind: 'squad', districtCode: '350203', streetCode: '350206001' })).toThrow(
      expect.objectContaining({ code: 'STREET_CODE_INVALID' }),
    );
  });
  it('detects a parent loop', () => {
    const parents: Record<string, string | null> = { A: null, B: 'A', C: 'B' };
    expect(wouldCycle('A', 'C', (c) => parents[c])).toBe(true);
    expect(wouldCycle('C', 'A', (c) => parents[c])).toBe(false);
  });
  it('demo units are valid, parents come first, and street offices use the demo street codes', () => {
    const seen = new Set<string>();
    for (const u of DEMO_UNITS) {
      const v = validateUnit(u);
      if (v.parentCode) expect(seen.has(v.parentCode), `${v.code} parent ${v.parentCode}`).toBe(true);
      seen.add(v.code);
    }
    expect(seen.size).toBe(DEMO_UNITS.length);
    const offices = DEMO_UNITS.filter((u) => u.kind === 'street_office');
    expect(offices).toHaveLength(XIAMEN_STREETS.length);
    expect(offices.find((u) => u.streetCode === '350203001')?.name).toBe('中华街道办事处');
    expect(offices.find((u) => u.streetCode === '350211005')?.name).toBe('灌口镇人民政府');
    expect(offices.find((u) => u.streetCode === '350213005')?.name).toBe('大嶝街道办事处');
    const names = DEMO_UNITS.map((u) => u.name);
    for (const n of ['厦门市城市管理行政执法局', '思明区城市管理行政执法局', '思明区市政园林局', '厦门水务集团有限公司', '美团单车', '国网厦门供电公司'])
      expect(names).toContain(n);
  });
});
