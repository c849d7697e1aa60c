/**
 * Routing that explains itself (issue 10 item 4): filing finds the list's item whatever urgency the
 * reporter chose, and the dispatcher gets the candidate units ranked, each with its reason.
 */
import { beforeAll, describe, expect, it, afterAll } from 'vitest';
import { describeStores } from '../helpers/stores.js';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { unitCandidates } from '../../src/cases/candidates.js';
import type { AppContext } from '../../src/app.js';
import { seedWorld, user, reportInput, type World } from './fixtures.js';

async function simingPoint(ctx: AppContext) {
  const g = (await ctx.geo.listGrids({ limit: 1, districtCode: '350203' }))[0]!;
  return g.label;
}

const candidatesOf = (ctx: AppContext, w: World, id: string) =>
  unitCandidates({ db: ctx.db, clock: ctx.clock, catalog: ctx.catalog, getCase: (u, i) => ctx.cases.get(u, i) }, w.dispatcher, id);

describeStores('routing that explains itself', (get) => {
  let w: World;
  let at: { lon: number; lat: number };
  beforeAll(async () => {
    w = await seedWorld(get().ctx);
    at = await simingPoint(get().ctx);
  });

  it('files an urgent 绿地脏乱 in 思明 under E0106 and sends it to 思明区市政园林局 at once', async () => {
    const { ctx } = get();
    let c = (await ctx.cases.report(w.inspector, reportInput(w, { ...at, categoryCode: 'E0106', urgency: 'urgent', description: '绿地内有垃圾' }))).case;
    c = await ctx.cases.act(w.operator, c.id, 'accept', {}, c.version);
    c = await ctx.cases.act(w.shiftLead, c.id, 'file', {}, c.version);
    expect(c).toMatchObject({ status: 'dispatched', itemNo: 'E0106' });
    expect(c.unit?.name).toBe('思明区市政园林局');
    const filed = (await ctx.cases.events(c.id)).find((e) => e.type === 'filed')!;
    expect(filed.data.reason).toBe('事项清单 E0106: 绿地脏乱 → 思明区市政园林局');
  });

  it('ranks the bike operators for a normal 共享单车乱停放, with reasons, and puts a unit that gave it back last', async () => {
    const { ctx } = get();
    let c = (await ctx.cases.report(w.inspector, reportInput(w, { ...at, categoryCode: 'E2101', description: '单车堆放' }))).case;
    c = await ctx.cases.act(w.operator, c.id, 'accept', {}, c.version);
    c = await ctx.cases.act(w.shiftLead, c.id, 'file', {}, c.version);
    // Three items apply (one per operator): the dispatcher chooses, nobody sends it to the parks bureau.
    expect(c).toMatchObject({ status: 'filed', phase: 'awaiting_dispatch' });
    let r = await candidatesOf(ctx, w, c.id);
    expect(r.routing.reason).toContain('3 条');
    expect(r.items.slice(0, 3).map((x) => x.unit.code)).toEqual(['XM-BIKE-MT', 'XM-BIKE-HL', 'XM-BIKE-QJ']);
    expect(r.items[1]).toMatchObject({ basis: 'item', itemNo: 'E2101-2', recommended: false });
    expect(r.items[1]!.reason).toBe('事项清单 E2101-2（全市，立案条件「哈啰单车」）：共享单车乱停放 → 哈啰出行');
    const territorial = r.items.filter((x) => x.basis === 'territorial');
    expect(territorial.map((x) => x.unit.kind)).toEqual(['street_office', 'squad']);
    expect(territorial[0]!.reason).toMatch(/^属地管理：案卷所在街道（.+）$/);
    expect(r.items.some((x) => x.unit.name.includes('市政园林局'))).toBe(false);

    const mt = await ctx.catalog.getUnit('XM-BIKE-MT');
    c = await ctx.cases.act(w.dispatcher, c.id, 'dispatch', { unitId: mt.id }, c.version);
    const mtHandler = user(['handler'], { unitId: mt.id });
    c = await ctx.cases.act(mtHandler, c.id, 'request_return', { reason: '是哈啰的车' }, c.version);
    c = await ctx.cases.act(w.dispatcher, c.id, 'approve_return', {}, c.version);
    r = await candidatesOf(ctx, w, c.id);
    expect(r.items[0]!.unit.code).toBe('XM-BIKE-HL');
    const last = r.items.at(-1)!;
    expect(last).toMatchObject({ unit: { code: 'XM-BIKE-MT' }, returned: true });
    expect(last.reason).toMatch(/^已退回本案卷：是哈啰的车；/);
  });

  it('names the unique owner as recommended and the units that closed the class in the district lately', async () => {
    const { ctx } = get();
    let c = (await ctx.cases.report(w.inspector, reportInput(w, { ...at, categoryCode: 'E0106', description: '绿地垃圾' }))).case;
    c = await ctx.cases.act(w.operator, c.id, 'accept', {}, c.version);
    c = await ctx.cases.act(w.shiftLead, c.id, 'file', {}, c.version);
    const handler = user(['handler'], { unitId: c.unit!.id });
    c = await ctx.cases.act(handler, c.id, 'handle', { note: '已清理', photos: [w.photo2] }, c.version);
    c = await ctx.cases.act(w.operator, c.id, 'send_verification', {}, c.version);
    c = await ctx.cases.act(w.inspector, c.id, 'verify', { passed: true, photos: [w.photo2] }, c.version);
    c = await ctx.cases.act(w.shiftLead, c.id, 'close', {}, c.version);
    const r = await candidatesOf(ctx, w, c.id);
    expect(r.items[0]).toMatchObject({ unit: { name: '思明区市政园林局' }, basis: 'item', recommended: true, current: true });
    expect(r.items[0]!.reason).toBe('事项清单 E0106（全市，立案条件「绿地内有垃圾杂物」）：绿地脏乱 → 属地区市政园林局（思明区）');
    // The parks bureau closed two (this one and the urgent one above); it is listed once, by its item.
    expect(r.items.filter((x) => x.unit.name === '思明区市政园林局')).toHaveLength(1);
  });
});

describe('candidate units over HTTP', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp('sqlite');
    await t.ctx.geo.seedDemo();
    await t.ctx.geo.load();
    await t.ctx.catalog.seedDemo();
    await t.ctx.auth.seedDemoAccounts(await t.ctx.catalog.listUnits());
  }, 60_000);
  afterAll(async () => t?.close());

  it('answers the dispatcher of the area and refuses outside it as the case detail does', async () => {
    const at = await simingPoint(t.ctx);
    const inspector = await t.login('inspector');
    const made = await t.app.inject({ method: 'POST', url: '/api/v1/reports', headers: inspector, payload: { source: 'inspector', ...at, categoryCode: 'E0106', description: '绿地垃圾' } });
    expect(made.statusCode).toBe(201);
    const id = made.json().case.id as string;
    const mine = await t.app.inject({ method: 'GET', url: `/api/v1/cases/${id}/candidates`, headers: await t.login('siming.dispatcher') });
    expect(mine.statusCode).toBe(200);
    expect(mine.json().items[0]).toMatchObject({ unit: { name: '思明区市政园林局' }, recommended: true });
    const huli = await t.login('huli.dispatcher');
    const other = await t.app.inject({ method: 'GET', url: `/api/v1/cases/${id}/candidates`, headers: huli });
    const detail = await t.app.inject({ method: 'GET', url: `/api/v1/cases/${id}`, headers: huli });
    expect([403, 404]).toContain(other.statusCode);
    expect(other.statusCode).toBe(detail.statusCode);
    expect(other.json().items).toBeUndefined();
  });
});
