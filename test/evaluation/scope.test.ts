/**
 * Evaluation follows the reader's scope: a district reads its own district, streets, units and staff
 * (on screen, in the XLSX export and at level=post); city roles read the whole city.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { simulate } from '../../src/sim/simulate.js';
import { shanghaiDate } from '../../src/core/time.js';

interface Row { type: string; id: string; name: string }
const HULI = '350206';

describe('evaluation in the reader’s scope', () => {
  let t: TestApp;
  let q: string;
  let huli: Record<string, string>;
  let city: Record<string, string>;
  const unitPlace = new Map<string, string | null>();
  const staffArea = new Map<string, string>();

  beforeAll(async () => {
    t = await buildTestApp();
    await t.ctx.geo.seedDemo();
    await t.ctx.catalog.seedDemo();
    await t.ctx.geo.load();
    await t.ctx.auth.seedDemoAccounts(await t.ctx.catalog.listUnits());
    const r = await simulate(t.ctx, { days: 2, perDay: 40, seed: 9, clock: t.clock });
    q = `from=${shanghaiDate(r.from)}&to=${shanghaiDate(r.to)}`;
    for (const u of await t.ctx.catalog.listUnits()) unitPlace.set(u.id, u.streetCode ?? u.districtCode ?? null);
    for (const u of (await t.ctx.auth.listUsers({ limit: 10_000, offset: 0 })).items) staffArea.set(u.id, u.scope.code);
    huli = await t.login('huli.leader');
    city = await t.login('leader');
  }, 240_000);
  afterAll(async () => t?.close());

  const rows = async (level: string, who: Record<string, string>): Promise<Row[]> => {
    const res = await t.app.inject({ url: `/api/v1/evaluation?level=${level}&${q}`, headers: who });
    expect(res.statusCode, res.body).toBe(200);
    return (res.json() as { rows: Row[] }).rows;
  };

  it('gives a district leader only its own district and streets; the city leader all six', async () => {
    expect((await rows('district', huli)).map((r) => r.id)).toEqual([HULI]);
    expect((await rows('district', city)).length).toBe(6);
    const streets = await rows('street', huli);
    expect(streets.length).toBeGreaterThan(0);
    expect(streets.every((r) => r.id.startsWith(HULI))).toBe(true);
    expect((await rows('street', city)).some((r) => !r.id.startsWith(HULI))).toBe(true);
  });

  it('gives a district only the units based there and the staff working there (level=post)', async () => {
    const units = await rows('unit', huli);
    expect(units.length).toBeGreaterThan(0);
    expect(units.every((r) => unitPlace.get(r.id)?.startsWith(HULI))).toBe(true);
    const posts = await rows('post', huli);
    expect(posts.every((r) => staffArea.get(r.id)?.startsWith(HULI))).toBe(true);
    const cityPosts = await rows('post', city);
    expect(cityPosts.some((r) => !staffArea.get(r.id)?.startsWith(HULI))).toBe(true);
    expect(posts.length).toBeLessThan(cityPosts.length);
  });

  it('exports only the district’s rows in the workbook', async () => {
    const res = await t.app.inject({ url: `/api/v1/evaluation/export?level=district&${q}`, headers: await t.login('huli.dispatcher') });
    expect(res.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const sheet = wb.getWorksheet('评价结果')!;
    const text = JSON.stringify(sheet.getSheetValues());
    expect(text).toContain('湖里');
    for (const other of ['思明区', '海沧区', '集美区', '同安区', '翔安区']) expect(text).not.toContain(other);
  });
});
