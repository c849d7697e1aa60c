import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkExport, type SealExport } from '../../src/integrity/model.js';
import { buildTestApp, type TestApp } from '../helpers/app.js';

describe('integrity over HTTP', () => {
  let t: TestApp;
  const h: Record<string, Record<string, string>> = {};
  beforeAll(async () => {
    t = await buildTestApp();
    const a = t.ctx.auth;
    await a.createUser({ username: 'boss', displayName: '市管理员', password: 'Admin2026', scope: { level: 'city', code: '350200' }, roles: ['admin'] });
    await a.createUser({ username: 'siming.admin', displayName: '区管理员', password: 'Admin2026', scope: { level: 'district', code: '350203' }, roles: ['admin'] });
    await a.createUser({ username: 'disp', displayName: '派遣员', password: 'Admin2026', scope: { level: 'city', code: '350200' }, roles: ['dispatcher'] });
    for (const u of ['boss', 'siming.admin', 'disp']) h[u] = await t.login(u, 'Admin2026');
  }, 60_000);
  afterAll(async () => t?.close());

  it('seals on demand, lists the seals, reports with the last good seal and hands out a seal file — to a city-scope administrator only', async () => {
    const before = await t.app.inject({ url: '/api/v1/integrity', headers: h.boss });
    expect(before.statusCode).toBe(200);
    expect(before.json()).toMatchObject({ ok: true, seals: { count: 0, last: null, lastGood: null }, counts: { forged: 0, truncated: 0, deleted: 0, seal: 0 } });
    const sealed = await t.app.inject({ method: 'POST', url: '/api/v1/integrity/seals', headers: h.boss });
    expect(sealed.statusCode).toBe(200);
    const seal = sealed.json().seal;
    expect(seal).toMatchObject({ seq: 1, role: 'admin', timestamped: false, refused: 0 });
    const list = await t.app.inject({ url: '/api/v1/integrity/seals?limit=5', headers: h.boss });
    expect(list.json().items.map((s: { hash: string }) => s.hash)).toEqual([seal.hash]);
    const report = (await t.app.inject({ url: '/api/v1/integrity', headers: h.boss })).json();
    expect(report.seals.lastGood).toMatchObject({ seq: 1, hash: seal.hash, root: seal.root });
    const file = await t.app.inject({ url: '/api/v1/integrity/seals/latest/export', headers: h.boss });
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-disposition']).toContain('cityloop-seal-1.json');
    expect(checkExport(file.json() as SealExport)).toEqual([]);
    expect((await t.app.inject({ url: '/api/v1/integrity/seals/1/export', headers: h.boss })).statusCode).toBe(200);
    const missing = await t.app.inject({ url: '/api/v1/integrity/seals/99/export', headers: h.boss });
    expect([missing.statusCode, missing.json().code]).toEqual([404, 'SEAL_NOT_FOUND']);
    const bad = await t.app.inject({ url: '/api/v1/integrity/seals/0x1/export', headers: h.boss });
    expect(bad.statusCode).toBe(400);
    for (const [who, code] of [['siming.admin', 'FORBIDDEN_SCOPE'], ['disp', 'FORBIDDEN_ROLE']] as const) {
      for (const r of [
        await t.app.inject({ url: '/api/v1/integrity', headers: h[who] }),
        await t.app.inject({ method: 'POST', url: '/api/v1/integrity/seals', headers: h[who] }),
        await t.app.inject({ url: '/api/v1/integrity/seals/latest/export', headers: h[who] }),
      ]) expect([r.statusCode, r.json().code]).toEqual([403, code]);
    }
    expect((await t.app.inject({ url: '/api/v1/integrity' })).statusCode).toBe(401);
  });
});
