/** The instruction form's person picker: GET /command/people lists those the issuer may send to point to point, by name, in the issuer's area. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { seedPatrolWorld, type PatrolWorld } from './helpers.js';

describe('GET /command/people', () => {
  let t: TestApp;
  let w: PatrolWorld;
  const people = async (who: string, q: string) => {
    const r = await t.app.inject({ method: 'GET', url: `/api/v1/command/people?q=${encodeURIComponent(q)}`, headers: w.h[who] });
    return { status: r.statusCode, names: r.statusCode === 200 ? (r.json() as Array<{ displayName: string; areaName: string }>).map((p) => p.displayName) : r.json().code };
  };

  beforeAll(async () => {
    t = await buildTestApp('sqlite');
    w = await seedPatrolWorld(t);
    await t.ctx.auth.createUser({ username: 'siming.lead', displayName: '思明区指挥中心', password: 'demo1234', scope: { level: 'district', code: w.districtCode }, roles: ['leader'] });
    w.h['siming.lead'] = await t.login('siming.lead');
  }, 120_000);
  afterAll(async () => t?.close());

  it('finds people by name in the issuer’s area only', async () => {
    const city = await people('leader', '监督员');
    expect(city.status).toBe(200);
    expect(city.names).toEqual(expect.arrayContaining(['陈监督（监督员）', '思明区监督员', '湖里区监督员']));
    const siming = await people('siming.lead', '监督员');
    expect(siming.names).toContain('思明区监督员');
    expect(siming.names).not.toContain('湖里区监督员');
    expect(siming.names).not.toContain('陈监督（监督员）');
    const r = await t.app.inject({ method: 'GET', url: '/api/v1/command/people?q=%E6%80%9D%E6%98%8E%E5%8C%BA%E7%9B%91%E7%9D%A3', headers: w.h['siming.lead'] });
    expect(r.json()[0]).toMatchObject({ id: w.ids['siming.inspector'], areaCode: w.districtCode, areaName: expect.any(String) });
  });

  it('is refused to those who may not issue instructions', async () => {
    expect(await people('operator', '监督')).toEqual({ status: 403, names: expect.any(String) });
    expect(await people('inspector', '监督')).toEqual({ status: 403, names: expect.any(String) });
  });
});
