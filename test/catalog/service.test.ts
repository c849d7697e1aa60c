import { beforeAll, describe, expect, it } from 'vitest';
import { describeStores } from '../helpers/stores.js';
import { DEMO_RESPONSIBILITY_ITEMS } from '../../src/demo/responsibility.js';
import { DEMO_UNITS } from '../../src/demo/units.js';
import { readTable, writeTable } from '../../src/catalog/sheet-files.js';

describeStores('catalog service', (get) => {
  const catalog = () => get().ctx.catalog;

  beforeAll(async () => {
    await catalog().seedDemo();
  });

  describe('classes', () => {
    it('come with the migrations: the standard tables with names', async () => {
      expect((await catalog().getCategory('E0102')).name).toBe('暴露垃圾');
      expect((await catalog().getCategory('c0307')).name).toBe('广告牌匾');
      const events = await catalog().listCategories({ kind: 'event', smallOnly: true });
      expect(events.length).toBeGreaterThanOrEqual(55);
      expect(events.every((c) => c.code.startsWith('E') && c.minorCode !== null)).toBe(true);
    });

    it('are found by name or code for the class picker', async () => {
      expect((await catalog().listCategories({ q: '井盖', kind: 'component' })).map((c) => c.code)).toContain('C0111');
      expect((await catalog().listCategories({ q: '0501', kind: 'event' }))[0]!.name).toBe('无照经营游商');
    });

    it('lets a city add a local class in the extension range, and refuses the standard range', async () => {
      const c = await catalog().createLocalCategory({ code: 'E2106', name: '违规占道晾晒' });
      expect(c).toMatchObject({ code: 'E2106', kind: 'event', local: true, version: 'local' });
      await expect(catalog().createLocalCategory({ code: 'E0520', name: 'x' })).rejects.toMatchObject({ code: 'CATEGORY_CODE_RESERVED', kind: 'unprocessable' });
      await expect(catalog().createLocalCategory({ code: 'E2106', name: 'y' })).rejects.toMatchObject({ code: 'CATEGORY_EXISTS', kind: 'conflict' });
      await expect(catalog().createLocalCategory({ code: 'C2301', name: 'z' })).rejects.toMatchObject({ code: 'CATEGORY_PARENT_MISSING' });
      expect((await catalog().listCategories({ q: '占道晾晒' }))[0]!.code).toBe('E2106');
    });

    it('keeps the code and the old name when a class is renamed', async () => {
      get().clock.advance(60_000);
      const renamed = await catalog().updateCategory('E0104', { name: '道路保洁', version: 'XM-2026' }, 'admin-1');
      expect(renamed).toMatchObject({ code: 'E0104', name: '道路保洁', version: 'XM-2026', validFrom: get().clock.now() });
      expect(renamed.history).toEqual([{ name: '道路不洁', validFrom: null, validTo: get().clock.now() }]);
      expect((await catalog().listCategories({ q: '道路不洁' })).map((c) => c.code)).toContain('E0104');
    });

    it('hides a disabled class from the picker but keeps it readable', async () => {
      await catalog().updateCategory('C0122', { enabled: false });
      expect((await catalog().listCategories({ q: '电话亭' })).length).toBe(0);
      expect((await catalog().listCategories({ q: '电话亭', includeDisabled: true }))[0]!.code).toBe('C0122');
      expect((await catalog().getCategory('C0122')).enabled).toBe(false);
    });
  });

  describe('units', () => {
    it('seeds the demo units once, street offices under their street codes', async () => {
      await catalog().seedDemo();
      const all = await catalog().listUnits();
      expect(all).toHaveLength(DEMO_UNITS.length);
      expect(await catalog().getUnit('350203001')).toMatchObject({ name: '中华街道办事处', kind: 'street_office', districtCode: '350203', parentCode: '350203-CGJ' });
      const offices = await catalog().listUnits({ kind: 'street_office', districtCode: '350211' });
      expect(offices.map((u) => u.name)).toEqual(['集美街道办事处', '侨英街道办事处', '杏林街道办事处', '杏滨街道办事处', '灌口镇人民政府', '后溪镇人民政府']);
    });

    it('creates and changes units, refusing unknown parents, loops and duplicate names', async () => {
      const u = await catalog().createUnit({ code: 'xm-szyl-2', name: '厦门市市政园林局二所', kind: 'department', parentCode: 'XM-SZYL' });
      expect(u.code).toBe('XM-SZYL-2');
      expect((await catalog().getUnit(u.id)).name).toBe('厦门市市政园林局二所');
      await expect(catalog().createUnit({ code: 'XM-SZYL-2', name: '别名', kind: 'department' })).rejects.toMatchObject({ code: 'UNIT_EXISTS', kind: 'conflict' });
      await expect(catalog().createUnit({ code: 'XM-A', name: '厦门市市政园林局', kind: 'department' })).rejects.toMatchObject({ code: 'UNIT_NAME_TAKEN' });
      await expect(catalog().createUnit({ code: 'XM-B', name: '乙', kind: 'department', parentCode: 'NOPE' })).rejects.toMatchObject({ code: 'UNIT_PARENT_NOT_FOUND', kind: 'unprocessable' });
      await expect(catalog().updateUnit('XM-SZYL', { parentCode: 'XM-SZYL-2' })).rejects.toMatchObject({ code: 'UNIT_PARENT_CYCLE' });
      const retired = await catalog().updateUnit('XM-SZYL-2', { active: false });
      expect(retired.active).toBe(false);
      expect((await catalog().listUnits({ active: true })).map((x) => x.code)).not.toContain('XM-SZYL-2');
      await expect(catalog().getUnit('NOPE')).rejects.toMatchObject({ code: 'UNIT_NOT_FOUND', kind: 'not_found' });
    });
  });

  describe('components', () => {
    it('assigns the next serial of the district and class', async () => {
      const a = await catalog().registerComponent({ categoryCode: 'C0101', districtCode: '350203', lon: 118.08, lat: 24.45, ownerUnitCode: 'XM-SW' });
      const b = await catalog().registerComponent({ categoryCode: 'C0101', districtCode: '350203', lon: 118.081, lat: 24.451, state: 'damaged' });
      expect(a).toMatchObject({ objectCode: '3502030101000001', name: '上水井盖', state: 'intact', ownerUnitCode: 'XM-SW' });
      expect(b.objectCode).toBe('3502030101000002');
      expect((await catalog().getComponent('3502030101000002')).state).toBe('damaged');
    });

    it('registers a given 16-digit code once', async () => {
      const c = await catalog().registerComponent({ objectCode: '3502060307000123', lon: 118.11, lat: 24.5, gridCode: '350206001001001', maintainerUnitCode: '350206-SZYL' });
      expect(c).toMatchObject({ categoryCode: 'C0307', districtCode: '350206', gridCode: '350206001001001' });
      await expect(catalog().registerComponent({ objectCode: '3502060307000123', lon: 118.11, lat: 24.5 })).rejects.toMatchObject({ code: 'COMPONENT_EXISTS', kind: 'conflict' });
      const list = await catalog().listComponents({ districtCode: '350206' });
      expect(list.total).toBe(1);
    });

    it('refuses bad input and writes nothing', async () => {
      const before = (await catalog().listComponents()).total;
      await expect(catalog().registerComponent({ categoryCode: 'E0102', districtCode: '350203', lon: 118, lat: 24 })).rejects.toMatchObject({ code: 'CATEGORY_NOT_COMPONENT' });
      await expect(catalog().registerComponent({ categoryCode: 'C0101', districtCode: '350203', lon: 24.45, lat: 118.08 })).rejects.toMatchObject({ code: 'COORDINATES_INVALID' });
      await expect(catalog().registerComponent({ objectCode: '35020301010001', lon: 118, lat: 24 })).rejects.toMatchObject({ code: 'OBJECT_CODE_INVALID' });
      await expect(catalog().registerComponent({ categoryCode: 'C0101', districtCode: '350203', lon: 118, lat: 24, ownerUnitCode: '市政园林局二所' })).rejects.toMatchObject({ code: 'UNIT_UNKNOWN', kind: 'unprocessable' });
      await expect(catalog().registerComponent({ categoryCode: 'C0101', districtCode: '350203', lon: 118, lat: 24, gridCode: '350206001001001' })).rejects.toMatchObject({ code: 'GRID_CODE_INVALID' });
      expect((await catalog().listComponents()).total).toBe(before);
    });
  });

  describe('responsibility list', () => {
    it('seeds the demo list and matches a case to its owner with a reason', async () => {
      expect(await catalog().listResponsibility()).toHaveLength(DEMO_RESPONSIBILITY_ITEMS.length);
      const m = await catalog().matchResponsibility({ categoryCode: 'C0307', districtCode: '350203', streetCode: '350203003', urgency: 'normal' });
      expect(m.unique).toBe(true);
      expect(m.winner?.ownerUnit).toMatchObject({ code: '350203-SZYL', name: '思明区市政园林局' });
      expect(m.reason).toBe('事项清单 C0307: 广告牌匾 → 思明区市政园林局');
      const street = await catalog().matchResponsibility({ categoryCode: 'E0102', districtCode: '350203', streetCode: '350203001' });
      expect(street.winner?.ownerUnit?.name).toBe('中华街道办事处');
      expect(street.candidates.map((c) => c.areaLevel)).toEqual(['street', 'city']);
    });

    it('refuses to match an unknown class', async () => {
      await expect(catalog().matchResponsibility({ categoryCode: 'E0777' })).rejects.toMatchObject({ code: 'CATEGORY_NOT_FOUND' });
      await expect(catalog().matchResponsibility({ categoryCode: 'bogus' })).rejects.toMatchObject({ code: 'CATEGORY_CODE_INVALID', kind: 'invalid' });
    });

    it('lists the items of a unit, owned or co-handled', async () => {
      const water = await catalog().listResponsibility({ unitCode: 'XM-SW' });
      expect(water.map((i) => i.itemNo)).toEqual(expect.arrayContaining(['C0101', 'E0402']));
      const police = await catalog().listResponsibility({ unitCode: 'XM-JJZD' });
      expect(police.some((i) => i.coUnitCodes.includes('XM-JJZD'))).toBe(true);
    });

    it.each(['xlsx', 'csv'] as const)('round-trips export → import through %s and keeps item ids', async (format) => {
      const before = await catalog().listResponsibility();
      const file = await catalog().exportResponsibility(format);
      const report = await catalog().importResponsibility(file.body, { filename: `list.${format}` });
      expect(report).toMatchObject({ format, mode: 'replace', total: before.length, created: 0, updated: before.length, removed: 0 });
      expect(await catalog().listResponsibility()).toEqual(before);
    });

    it('imports nothing from a file with errors and says which rows are wrong', async () => {
      const before = await catalog().listResponsibility();
      const table = await readTable(await catalog().exportCsv(), 'csv');
      table[16]![7] = '市政园林局二所';
      table[30]![12] = '很快';
      table[2]![12] = '1工作时'; // a valid change in another row must not land either
      const bad = await writeTable(table, 'csv', 'x');
      const err = await catalog().importCsv(bad).catch((e: unknown) => e);
      expect(err).toMatchObject({ code: 'RESPONSIBILITY_IMPORT_INVALID', kind: 'unprocessable' });
      const details = (err as { details: { errors: { row: number; message: string; messageEn: string }[] } }).details;
      expect(details.errors.map((e) => e.row)).toEqual([17, 31]);
      expect(details.errors[0]).toMatchObject({ message: '第17行：未知单位「市政园林局二所」', messageEn: "row 17: unknown unit '市政园林局二所'" });
      expect(await catalog().listResponsibility()).toEqual(before);
    });

    it('merges by item number without touching other items, and replaces the whole list on request', async () => {
      const before = await catalog().listResponsibility();
      const table = await readTable(await catalog().exportCsv(), 'csv');
      const header = table[0]!;
      const row = [...table.find((r) => r[0] === 'E0201')!];
      row[header.indexOf('处置时限')] = '4工作时';
      const added = [...row];
      added[0] = 'E0201-X';
      added[header.indexOf('区域')] = '350203002';
      const merged = await catalog().importCsv(await writeTable([header, row, added], 'csv', 'x'), { mode: 'merge' });
      expect(merged).toMatchObject({ mode: 'merge', total: 2, created: 1, updated: 1, removed: 0 });
      const after = await catalog().listResponsibility();
      expect(after).toHaveLength(before.length + 1);
      expect(after.find((i) => i.itemNo === 'E0201')?.timeLimits.handle).toEqual({ value: 4, unit: 'work_hours' });
      expect(after.find((i) => i.itemNo === 'E0201')?.id).toBe(before.find((i) => i.itemNo === 'E0201')?.id);
      const inLujiang = await catalog().matchResponsibility({ categoryCode: 'E0201', streetCode: '350203002' });
      expect(inLujiang.winner?.item.itemNo).toBe('E0201-X');

      const replaced = await catalog().importCsv(await writeTable([header, row], 'csv', 'x'));
      expect(replaced).toMatchObject({ mode: 'replace', total: 1, removed: after.length - 1 });
      expect(await catalog().listResponsibility()).toHaveLength(1);
    });
  });
});

describe('catalog seeding', () => {
  it('ships at least 40 classes in the demo list', () => {
    expect(new Set(DEMO_RESPONSIBILITY_ITEMS.map((i) => i.categoryCode)).size).toBeGreaterThanOrEqual(40);
  });
});
