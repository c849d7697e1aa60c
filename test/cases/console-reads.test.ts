/** The console's own reads: the inspector's 我的上报 and today's live feed, each within the user's scope. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.js';

describe('my reports and today’s feed over HTTP', () => {
  let t: TestApp;
  const h: Record<string, Record<string, string>> = {};
  let siming: { lon: number; lat: number };
  let huli: { lon: number; lat: number };
  beforeAll(async () => {
    t = await buildTestApp('sqlite');
    await t.ctx.geo.seedDemo();
    await t.ctx.geo.load();
    await t.ctx.catalog.seedDemo();
    await t.ctx.auth.seedDemoAccounts(await t.ctx.catalog.listUnits());
    for (const u of ['inspector', 'siming.inspector', 'operator', 'leader', 'huli.dispatcher']) h[u] = await t.login(u);
    siming = (await t.ctx.geo.listGrids({ limit: 1, districtCode: '350203' }))[0]!.label;
    huli = (await t.ctx.geo.listGrids({ limit: 1, districtCode: '350206' }))[0]!.label;
  }, 60_000);
  afterAll(async () => t?.close());

  const report = async (who: string, at: { lon: number; lat: number }, description: string) => {
    const r = await t.app.inject({ method: 'POST', url: '/api/v1/reports', headers: h[who], payload: { source: 'inspector', ...at, categoryCode: 'E0106', description } });
    expect(r.statusCode).toBe(201);
    return r.json().case as { id: string; code: string };
  };

  it('lists only the cases I reported under reportedBy=me, newest first', async () => {
    const a = await report('inspector', siming, '我报的第一件');
    const b = await report('inspector', huli, '我报的第二件');
    await report('siming.inspector', siming, '别人报的');
    const mine = await t.app.inject({ method: 'GET', url: '/api/v1/cases?reportedBy=me', headers: h.inspector });
    expect(mine.statusCode).toBe(200);
    expect(mine.json().items.map((c: { id: string }) => c.id)).toEqual([b.id, a.id]);
    const theirs = await t.app.inject({ method: 'GET', url: '/api/v1/cases?reportedBy=me', headers: h['siming.inspector'] });
    expect(theirs.json().items.map((c: { description: string }) => c.description)).toEqual(['别人报的']);
    const bad = await t.app.inject({ method: 'GET', url: '/api/v1/cases?reportedBy=someone', headers: h.inspector });
    expect(bad.statusCode).toBe(400);
  });

  it('opens the feed on the latest events, newest first, within the reader’s district', async () => {
    const c = await report('inspector', siming, '今天的动态');
    const got = await t.app.inject({ method: 'POST', url: `/api/v1/cases/${c.id}/actions/accept`, headers: h.operator, payload: { version: 1 } });
    expect(got.statusCode).toBe(200);
    const feed = await t.app.inject({ method: 'GET', url: '/api/v1/feed?limit=5', headers: h.leader });
    expect(feed.statusCode).toBe(200);
    const items = feed.json().items as Array<{ caseCode: string; type: string; typeName: string; districtName: string; at: number }>;
    expect(items[0]).toMatchObject({ caseCode: c.code, type: 'accepted', typeName: '受理', districtName: '思明区' });
    expect(items.map((i) => i.at)).toEqual([...items.map((i) => i.at)].sort((x, y) => y - x));
    const huliFeed = await t.app.inject({ method: 'GET', url: '/api/v1/feed', headers: h['huli.dispatcher'] });
    expect(huliFeed.json().items.length).toBeGreaterThan(0);
    expect(huliFeed.json().items.every((i: { districtName: string }) => i.districtName === '湖里区')).toBe(true);
  });

  it('looks back a week at most: older events are not in it', async () => {
    const before = (await t.app.inject({ method: 'GET', url: '/api/v1/feed?limit=100', headers: h.leader })).json();
    t.clock.advance(6 * 24 * 3600_000);
    h.leader = await t.login('leader'); // sessions end when idle
    const sixDays = (await t.app.inject({ method: 'GET', url: '/api/v1/feed?limit=100', headers: h.leader })).json();
    t.clock.advance(2 * 24 * 3600_000);
    h.leader = await t.login('leader');
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/feed', headers: h.leader });
    expect(res.statusCode, res.body).toBe(200);
    expect(before.items.length).toBeGreaterThan(0);
    expect(sixDays.items).toEqual(before.items);
    expect(res.json().items).toEqual([]);
  });
});
