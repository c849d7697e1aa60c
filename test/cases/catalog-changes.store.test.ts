/**
 * The case path reads the catalog from memory (src/catalog/snapshot.ts). A change made through
 * the catalog — a renamed class, an imported list, a unit taken out of service — must still
 * reach the very next report or filing.
 */
import { beforeAll, expect, it } from 'vitest';
import { describeStores } from '../helpers/stores.js';
import { readTable, writeTable } from '../../src/catalog/sheet-files.js';
import { reportAndFile, reportInput, seedWorld, type World } from './fixtures.js';

describeStores('cases follow catalog changes at once', (get) => {
  let w: World;
  beforeAll(async () => {
    w = await seedWorld(get().ctx);
  });

  it('names the next report and the routing reason with the class’s new name', async () => {
    const { ctx } = get();
    const before = await reportAndFile(ctx, w);
    expect(before.categoryName).toBe('污水井盖');
    await ctx.catalog.updateCategory('C0102', { name: '污水井盖（含雨污合流）' }, 'admin');

    const c = (await ctx.cases.report(w.inspector, reportInput(w))).case;
    expect(c.categoryName).toBe('污水井盖（含雨污合流）');
    const filed = await reportAndFile(ctx, w);
    const fileEvent = (await ctx.cases.events(filed.id)).find((e) => e.type === 'filed')!;
    expect(fileEvent.data.reason).toContain('污水井盖（含雨污合流）');
  });

  it('refuses a report in a class that was just disabled', async () => {
    const { ctx } = get();
    await ctx.catalog.updateCategory('C0103', { enabled: false });
    await expect(ctx.cases.report(w.inspector, reportInput(w, { categoryCode: 'C0103' }))).rejects.toMatchObject({ code: 'CATEGORY_NOT_FOUND' });
    await ctx.catalog.updateCategory('C0103', { enabled: true });
    expect((await ctx.cases.report(w.inspector, reportInput(w, { categoryCode: 'C0103' }))).case.categoryCode).toBe('C0103');
  });

  it('dispatches the next filing to the owner an imported list names', async () => {
    const { ctx } = get();
    expect((await reportAndFile(ctx, w)).unit?.code).toBe(w.unitSw.code);
    const other = await ctx.catalog.getUnit(w.unitOther.code);
    const table = await readTable(await ctx.catalog.exportCsv(), 'csv');
    const header = table[0]!;
    const row = table.find((r) => r[0] === 'C0102')!;
    row[header.indexOf('责任单位')] = other.name;
    await ctx.catalog.importCsv(await writeTable(table, 'csv', 'x'));

    const c = await reportAndFile(ctx, w);
    expect(c.status).toBe('dispatched');
    expect(c.unit?.code).toBe(w.unitOther.code);
  });

  it('leaves the next filing to a dispatcher when the owning unit was taken out of service', async () => {
    const { ctx } = get();
    await ctx.catalog.updateUnit(w.unitOther.code, { active: false });
    const c = await reportAndFile(ctx, w);
    expect(c.status).toBe('filed');
    expect(c.unit).toBeNull();
    await ctx.catalog.updateUnit(w.unitOther.code, { active: true });
    expect((await reportAndFile(ctx, w)).unit?.code).toBe(w.unitOther.code);
  });
});
