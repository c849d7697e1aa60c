import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { reportAndFile, seedWorld, type World } from './fixtures.js';

/** The dashboard's "overdue and supervised" table: `attention=true` on the case search. */
describe('cases that need attention', () => {
  let t: TestApp;
  let w: World;
  let headers: Record<string, string>;

  beforeAll(async () => {
    t = await buildTestApp('sqlite');
    w = await seedWorld(t.ctx);
    await t.ctx.auth.seedDemoAccounts(await t.ctx.catalog.listUnits());
    headers = await t.login('dispatcher');
  }, 60_000);
  afterAll(async () => t?.close());

  it('lists the open cases that are overdue or under open supervision, and nothing else', async () => {
    const calm = await reportAndFile(t.ctx, w);
    let supervised = await reportAndFile(t.ctx, w);
    supervised = await t.ctx.cases.act(w.leader, supervised.id, 'supervise', { level: 2, opinion: '请加快处置' }, supervised.version);
    const before = await t.app.inject({ method: 'GET', url: '/api/v1/cases?attention=true&pageSize=200', headers });
    expect(before.json().items.map((c: { id: string }) => c.id)).toEqual([supervised.id]);
    const late = await reportAndFile(t.ctx, w);
    // Past the handling deadline of every case filed so far; the sweeper turns them red.
    t.clock.set(late.clock.dueAt! + 60_000);
    await t.ctx.cases.sweepDeadlines();
    const fresh = await reportAndFile(t.ctx, w);
    headers = await t.login('dispatcher'); // a new session: the clock moved past the old one's idle limit

    const r = await t.app.inject({ method: 'GET', url: '/api/v1/cases?attention=true&pageSize=200', headers });
    expect(r.statusCode, r.body).toBe(200);
    const ids = r.json().items.map((c: { id: string }) => c.id);
    expect(ids).toEqual(expect.arrayContaining([calm.id, supervised.id, late.id]));
    expect(ids).not.toContain(fresh.id);
    for (const c of r.json().items as Array<{ light: string; supervisionOpen: boolean; status: string }>) {
      expect(c.light === 'red' || c.supervisionOpen).toBe(true);
      expect(c.status).not.toBe('closed');
    }
    const none = await t.app.inject({ method: 'GET', url: '/api/v1/cases?attention=true&pageSize=200', headers: await t.login('handler') });
    expect(none.json().items.every((c: { unit: { id: string } | null }) => c.unit?.id === w.unitSw.id)).toBe(true);
  });
});
