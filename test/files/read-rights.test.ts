/** Evidence files follow the read rights of the cases that carry them, or their uploader's. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.js';

function multipart(bytes: Buffer): { payload: Buffer; headers: Record<string, string> } {
  const b = '----cityloop';
  const payload = Buffer.concat([
    Buffer.from(`--${b}\r\nContent-Disposition: form-data; name="file"; filename="p.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`),
    bytes,
    Buffer.from(`\r\n--${b}--\r\n`),
  ]);
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${b}` } };
}

describe('evidence file read rights', () => {
  let t: TestApp;
  let sha: string;
  let simingInspector: Record<string, string>;
  beforeAll(async () => {
    t = await buildTestApp();
    await t.ctx.geo.seedDemo();
    await t.ctx.geo.load();
    await t.ctx.catalog.seedDemo();
    await t.ctx.auth.seedDemoAccounts(await t.ctx.catalog.listUnits());
    simingInspector = await t.login('siming.inspector');
    const up = multipart(Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from('siming-photo'.padEnd(60, '.'))]));
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/files', headers: { ...simingInspector, ...up.headers }, payload: up.payload });
    expect(res.statusCode, res.body).toBe(201);
    sha = res.json().sha256;
  }, 60_000);
  afterAll(async () => t?.close());

  it('serves a file to its uploader before any case carries it, and to nobody else', async () => {
    expect((await t.app.inject({ url: `/api/v1/files/${sha}`, headers: simingInspector })).statusCode).toBe(200);
    const other = await t.app.inject({ url: `/api/v1/files/${sha}`, headers: await t.login('dispatcher') });
    expect([other.statusCode, other.json().code]).toEqual([404, 'FILE_NOT_FOUND']);
  });

  it('serves a case photo to those who may read the case, and answers "not found" to another district', async () => {
    const grids = await t.ctx.geo.listGrids({ limit: 5000 });
    const g = grids.find((x) => x.code.startsWith('350203'))!;
    const rep = await t.app.inject({
      method: 'POST', url: '/api/v1/reports', headers: simingInspector,
      payload: { source: 'inspector', lon: g.label.lon, lat: g.label.lat, categoryCode: 'C0102', description: '井盖破损', photos: [sha] },
    });
    expect(rep.statusCode, rep.body).toBe(201);
    expect((await t.app.inject({ url: `/api/v1/files/${sha}`, headers: await t.login('siming.dispatcher') })).statusCode).toBe(200);
    expect((await t.app.inject({ url: `/api/v1/files/${sha}`, headers: await t.login('dispatcher') })).statusCode).toBe(200);
    const huli = await t.app.inject({ url: `/api/v1/files/${sha}`, headers: await t.login('huli.dispatcher') });
    expect([huli.statusCode, huli.json().code]).toEqual([404, 'FILE_NOT_FOUND']);
    const huliInspector = await t.app.inject({ url: `/api/v1/files/${sha}`, headers: await t.login('huli.inspector') });
    expect(huliInspector.statusCode).toBe(404);
  });

  it('finds the reader’s case among many that carry the same bytes (a camera’s snapshot, a sample photo)', async () => {
    // 450 other cases carry the file first (ids that sort before any real case id): the Siming dispatcher's
    // case comes after two whole pages of cases they may not read.
    const others = Array.from({ length: 450 }, (_, i) => ({ sha256: sha, case_id: `00000000-0000-7000-8000-${String(i).padStart(12, '0')}` }));
    await t.ctx.db.kysely.insertInto('file_refs').values(others).execute();
    expect((await t.ctx.files.referencingCases(sha, 500)).length).toBe(451);
    expect((await t.app.inject({ url: `/api/v1/files/${sha}`, headers: await t.login('siming.dispatcher') })).statusCode).toBe(200);
    const huli = await t.app.inject({ url: `/api/v1/files/${sha}`, headers: await t.login('huli.dispatcher') });
    expect([huli.statusCode, huli.json().code]).toEqual([404, 'FILE_NOT_FOUND']);
  });
});
