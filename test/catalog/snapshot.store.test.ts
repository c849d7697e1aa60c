/**
 * The catalog is served from memory. Another process on the same store (a second server, the
 * import CLI) sees a change once it next checks the shared revision; here it checks on every read.
 */
import { beforeAll, expect, it } from 'vitest';
import { describeStores } from '../helpers/stores.js';
import { createCatalogService, type CatalogService } from '../../src/catalog/service.js';
import { readTable, writeTable } from '../../src/catalog/sheet-files.js';

describeStores('catalog kept in memory', (get) => {
  let other: CatalogService;
  beforeAll(async () => {
    await get().ctx.catalog.seedDemo();
    other = createCatalogService(get().ctx, { revisionCheckMs: 0 });
  });

  it('shows a rename at once in this process, in the picker and by code', async () => {
    const { catalog } = get().ctx;
    expect((await catalog.getCategory('E0103')).name).toBe('积存垃圾渣土');
    await catalog.updateCategory('E0103', { name: '积存垃圾' });
    expect((await catalog.getCategory('E0103')).name).toBe('积存垃圾');
    expect((await catalog.listCategories({ q: '积存垃圾' })).map((c) => c.code)).toContain('E0103');
  });

  it('shows another process’s rename, new unit and import on its next read', async () => {
    const { catalog } = get().ctx;
    expect((await other.getCategory('E0103')).name).toBe('积存垃圾');
    await catalog.updateCategory('E0103', { name: '积存垃圾渣土' });
    expect((await other.getCategory('E0103')).name).toBe('积存垃圾渣土');

    await catalog.createUnit({ code: 'XM-TEST', name: '测试养护中心', kind: 'company', parentCode: null, districtCode: null, streetCode: null, duty: null, active: true });
    expect((await other.getUnit('XM-TEST')).name).toBe('测试养护中心');

    const table = await readTable(await catalog.exportCsv(), 'csv');
    const header = table[0]!;
    const row = table.find((r) => r[0] === 'C0102')!;
    row[header.indexOf('责任单位')] = '测试养护中心';
    await catalog.importCsv(await writeTable(table, 'csv', 'x'));
    const m = await other.matchResponsibility({ categoryCode: 'C0102', districtCode: '350203' });
    expect(m.winner?.ownerUnit?.code).toBe('XM-TEST');
  });
});
