import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.js';

/** The codes in an exported workbook's case sheet (first column below the two heading rows). */
async function codesIn(body: Buffer): Promise<string[]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(body as never);
  const ws = wb.getWorksheet('案卷')!;
  const codes: string[] = [];
  ws.eachRow((row, n) => {
    if (n > 2) codes.push(String(row.getCell(1).value));
  });
  return codes;
}

describe('case search exported as XLSX', () => {
  let t: TestApp;
  const h: Record<string, Record<string, string>> = {};
  const codes: Record<string, string> = {};

  beforeAll(async () => {
    t = await buildTestApp('sqlite');
    await t.ctx.geo.seedDemo();
    await t.ctx.geo.load();
    await t.ctx.catalog.seedDemo();
    await t.ctx.auth.seedDemoAccounts(await t.ctx.catalog.listUnits());
    for (const u of ['leader', 'dispatcher', 'huli.dispatcher', 'admin']) h[u] = await t.login(u);
    for (const district of ['350203', '350206']) {
      const grid = (await t.ctx.geo.listGrids({ limit: 1, districtCode: district }))[0]!;
      const r = await t.app.inject({
        method: 'POST', url: '/api/v1/reports', headers: h.leader,
        payload: { source: 'leader', lon: grid.label.lon, lat: grid.label.lat, categoryCode: 'C0102', description: `导出测试 ${district}`, address: `${district} 测试路 1 号` },
      });
      expect(r.statusCode).toBe(201);
      codes[district] = r.json().case.code;
    }
  }, 60_000);
  afterAll(async () => t?.close());

  it('exports the same cases the search shows, with the filters applied, as a workbook with Chinese headers', async () => {
    const all = await t.app.inject({ method: 'GET', url: '/api/v1/cases/export?q=导出测试', headers: h.dispatcher });
    expect(all.statusCode).toBe(200);
    expect(all.headers['content-type']).toContain('spreadsheetml');
    expect(all.headers['content-disposition']).toContain('attachment');
    expect((await codesIn(all.rawPayload)).sort()).toEqual([codes['350203'], codes['350206']].sort());
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(all.rawPayload as never);
    const head = wb.getWorksheet('案卷')!.getRow(2).values as unknown[];
    expect(head).toEqual(expect.arrayContaining(['案卷编号', '区', '街道', '地址', '责任单位']));
    const one = await t.app.inject({ method: 'GET', url: '/api/v1/cases/export?q=导出测试&districtCode=350206', headers: h.dispatcher });
    expect(await codesIn(one.rawPayload)).toEqual([codes['350206']]);
  });

  it('is scoped like the search: a district account exports only its district, an admin nothing', async () => {
    const huli = await t.app.inject({ method: 'GET', url: '/api/v1/cases/export?q=导出测试', headers: h['huli.dispatcher'] });
    expect(huli.statusCode).toBe(200);
    expect(await codesIn(huli.rawPayload)).toEqual([codes['350206']]);
    const search = await t.app.inject({ method: 'GET', url: '/api/v1/cases?q=导出测试', headers: h['huli.dispatcher'] });
    expect(search.json().items.map((c: { code: string }) => c.code)).toEqual([codes['350206']]);
    const admin = await t.app.inject({ method: 'GET', url: '/api/v1/cases/export', headers: h.admin });
    expect(admin.statusCode).toBe(403);
    expect(admin.json().code).toBe('FORBIDDEN_ROLE');
  });
});
