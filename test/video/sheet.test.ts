import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { jpegBytes, seedWorld, type World } from '../cases/fixtures.js';
import { readTable, writeTable } from '../../src/core/sheet-files.js';
import { parseBinding } from '../../src/video/camera-sheet.js';
import { PILE, SHOP } from './fixtures.js';

const HEADER = '摄像头编号,名称,权属单位,经度,纬度,地址,朝向,启用算法,识别区域,状态,法制审核日期,法制审核结果,技术审核日期,技术审核结果,标识照片,公布位置';
const csv = (...rows: string[]) => [HEADER, ...rows].join('\n');

describe('the camera register as a file', () => {
  let t: TestApp;
  let w: World;
  let admin: Record<string, string>;
  let sign: string;
  beforeAll(async () => {
    t = await buildTestApp();
    w = await seedWorld(t.ctx);
    await t.ctx.auth.seedDemoAccounts(await t.ctx.catalog.listUnits());
    admin = await t.login('admin');
    for (const [code, a] of [['SHOP', SHOP], ['PILE', PILE]] as const) {
      expect((await t.app.inject({ method: 'PUT', url: `/api/v1/video/algorithms/${code}`, headers: admin, payload: a })).statusCode).toBe(200);
    }
    sign = (await t.ctx.files.saveBuffer(jpegBytes('sign'), { uploadedBy: 'test' })).sha256;
  });
  afterAll(async () => t.close());

  const post = (body: string | Buffer, type = 'text/csv', headers = admin) =>
    t.app.inject({ method: 'POST', url: '/api/v1/video/cameras/import', headers: { ...headers, 'content-type': type }, payload: body });

  it('reads an algorithm cell with schedules and a confidence floor, and says what it cannot read', () => {
    expect(parseBinding('SHOP@07:00-12:00+14:00-22:00#0.7')).toEqual({ code: 'SHOP', schedule: [{ from: '07:00', to: '12:00' }, { from: '14:00', to: '22:00' }], minConfidence: 0.7 });
    expect(parseBinding('PILE')).toEqual({ code: 'PILE' });
    expect(parseBinding('SHOP@7点-22点')).toContain('07:00-22:00');
    expect(parseBinding('SHOP#2')).toContain('0–1');
  });

  it('gives a template with the Chinese columns', async () => {
    const r = await t.app.inject({ method: 'GET', url: '/api/v1/video/cameras/export?format=csv&template=true', headers: admin });
    expect(r.statusCode).toBe(200);
    expect(r.body).toContain('摄像头编号');
    expect(r.headers['content-disposition']).toContain(encodeURIComponent('摄像头登记模板'));
  });

  it('imports nothing when a row is wrong, and says which rows and why', async () => {
    const { lon, lat } = w.point;
    const good = `CAM-1,中山路口,市城管局,${lon},${lat},中山路,90,SHOP@07:00-22:00#0.7; PILE,,在用,2026-01-05,通过,2026-01-06,通过,${sign},中山路与大同路交叉口`;
    const r = await post(csv(
      good,
      `CAM-2,大同路口,公安雪亮工程,${lon},${lat},,东,NOPE,,在用,,,,,,`,
      `CAM-3,海边,街道,0,0,,,SHOP,[oops,坏了,2026-01-05,可以,,,,`,
      `CAM-1,重复,街道,${lon},${lat},,,,,,,,,,,`,
      `CAM-4,标识未传,街道,${lon},${lat},,,SHOP,,,2026-01-05,通过,2026-01-06,通过,${'c'.repeat(64)},某处`,
    ));
    expect([r.statusCode, r.json().code]).toEqual([422, 'VIDEO_CAMERA_IMPORT_INVALID']);
    const errors = r.json().details.errors as Array<{ row: number; column: string; message: string }>;
    expect(errors.map((e) => [e.row, e.column])).toEqual(expect.arrayContaining([[3, '朝向'], [4, '识别区域'], [4, '状态'], [4, '法制审核结果'], [5, '摄像头编号']]));
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/video/cameras/CAM-1', headers: admin })).statusCode).toBe(404);
    // Rows that read well are then checked against the shelf, the map and the stored files: still nothing imported.
    const second = await post(csv(
      good,
      `CAM-2,大同路口,公安雪亮工程,${lon},${lat},,,NOPE,,在用,,,,,,`,
      `CAM-3,海边,街道,0,0,,,SHOP,,,,,,,,`,
      `CAM-4,标识未传,街道,${lon},${lat},,,SHOP,,,2026-01-05,通过,2026-01-06,通过,${'c'.repeat(64)},某处`,
    ));
    expect(second.statusCode).toBe(422);
    expect((second.json().details.errors as Array<{ row: number; column: string }>).map((e) => [e.row, e.column])).toEqual([[3, '启用算法'], [4, '经度'], [5, '标识照片']]);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/video/cameras/CAM-1', headers: admin })).statusCode).toBe(404);

    const ok = await post(csv(good, `CAM-2,大同路口,公安雪亮工程,${lon},${lat},,,PILE,,停用,,,,,,`));
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toEqual({ created: ['CAM-1', 'CAM-2'], updated: [] });
    const cam = (await t.app.inject({ method: 'GET', url: '/api/v1/video/cameras/CAM-1', headers: admin })).json().camera;
    expect(cam).toMatchObject({ districtCode: w.districtCode, reviewPassed: true, direction: 90, online: true });
    expect(cam.algorithms).toEqual([
      expect.objectContaining({ code: 'SHOP', schedule: [{ from: '07:00', to: '22:00' }], minConfidence: 0.7 }),
      expect.objectContaining({ code: 'PILE', schedule: null, minConfidence: null }),
    ]);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/video/cameras/CAM-2', headers: admin })).json().camera).toMatchObject({ online: false, reviewPassed: false });
  });

  it('exports the register as XLSX that imports back unchanged; empty review columns keep the review', async () => {
    const r = await t.app.inject({ method: 'GET', url: '/api/v1/video/cameras/export?format=xlsx', headers: admin });
    expect(r.statusCode).toBe(200);
    const table = await readTable(r.rawPayload, 'xlsx');
    expect(table[0]).toEqual(HEADER.split(','));
    expect(table.slice(1).map((row) => [row[0], row[7], row[11]])).toEqual([['CAM-1', 'SHOP@07:00-22:00#0.7; PILE', '通过'], ['CAM-2', 'PILE', '']]);
    const back = await post(r.rawPayload, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(back.json()).toEqual({ created: [], updated: ['CAM-1', 'CAM-2'] });
    // The same rows without the six review columns: CAM-1 keeps its passed review.
    const bare = table.map((row) => row.slice(0, 10));
    const again = await post(await writeTable(bare, 'csv', 'x'));
    expect(again.statusCode).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/video/cameras/CAM-1', headers: admin })).json().camera.reviewPassed).toBe(true);
  });

  it('is the administrator’s: an operator may neither export nor import', async () => {
    const operator = await t.login('operator');
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/video/cameras/export', headers: operator })).statusCode).toBe(403);
    expect((await post(csv(), 'text/csv', operator)).statusCode).toBe(403);
    expect((await post('', 'text/csv')).statusCode).toBe(422);
  });
});
