import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { buildTestApp, type TestApp } from '../helpers/app.js';

describe('evaluation over HTTP', () => {
  let t: TestApp;
  const q = 'from=2026-03-01&to=2026-03-31';
  beforeAll(async () => {
    t = await buildTestApp();
    await t.ctx.geo.seedDemo();
    await t.ctx.geo.load();
    await t.ctx.auth.seedDemoAccounts();
  });
  afterAll(async () => t.close());

  it('gives a dispatcher the district evaluation with every district listed', async () => {
    const res = await t.app.inject({ url: `/api/v1/evaluation?level=district&${q}`, headers: await t.login('dispatcher') });
    expect(res.statusCode).toBe(200);
    const body = res.json() as { level: string; rows: Array<{ type: string; score: number | null; counters: Record<string, number> }> };
    expect(body.level).toBe('district');
    expect(body.rows.length).toBeGreaterThan(0);
    expect(body.rows.every((r) => r.type === 'district' && r.score === null && r.counters.reports === 0)).toBe(true);
  });

  it('refuses an inspector (403) and an unknown level (400)', async () => {
    expect((await t.app.inject({ url: `/api/v1/evaluation?level=district&${q}`, headers: await t.login('inspector') })).statusCode).toBe(403);
    const bad = await t.app.inject({ url: `/api/v1/evaluation?level=province&${q}`, headers: await t.login('leader') });
    expect(bad.statusCode).toBe(400);
    const period = await t.app.inject({ url: '/api/v1/evaluation?level=unit&from=2026-03-31&to=2026-03-01', headers: await t.login('leader') });
    expect(period.json()).toMatchObject({ code: 'EVALUATION_PERIOD_INVALID' });
  });

  it('exports an XLSX workbook with Chinese headers', async () => {
    const res = await t.app.inject({ url: `/api/v1/evaluation/export?level=district&${q}`, headers: await t.login('leader') });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const header = wb.getWorksheet('评价结果')!.getRow(2).values as unknown[];
    expect(header).toEqual(expect.arrayContaining(['排名', '综合得分', '评价等级', '按期结案率(%)', '结案数']));
  });

  it('lets an evaluator change the weights but refuses weights that do not add up', async () => {
    const h = await t.login('evaluator');
    const cfg = (await t.app.inject({ url: '/api/v1/evaluation/config', headers: h })).json() as { schemes: { unit: { terms: Array<{ weight: number }> } } };
    cfg.schemes.unit.terms[0]!.weight = 0.5;
    const res = await t.app.inject({ method: 'PUT', url: '/api/v1/evaluation/config', headers: h, payload: cfg });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'EVALUATION_CONFIG_INVALID' });
  });

  it('is in the OpenAPI document', async () => {
    const doc = (await t.app.inject({ url: '/api/openapi.json' })).json() as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/v1/evaluation', '/api/v1/evaluation/export']));
  });
});
