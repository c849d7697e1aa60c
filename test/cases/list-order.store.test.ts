import { beforeAll, expect, it } from 'vitest';
import { describeStores } from '../helpers/stores.js';
import { searchCases } from '../../src/cases/repo.js';
import type { CaseRecord } from '../../src/cases/record.js';
import { reportAndFile, reportInput, seedWorld, user, type World } from './fixtures.js';

const HOUR = 3_600_000;
const newestFirst = (a: CaseRecord, b: CaseRecord) => (b.reportedAt - a.reportedAt) || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);
const mostUrgentFirst = (a: CaseRecord, b: CaseRecord) =>
  ((a.clock.dueAt ?? Number.MAX_SAFE_INTEGER) - (b.clock.dueAt ?? Number.MAX_SAFE_INTEGER)) || (a.reportedAt - b.reportedAt);

describeStores('lists and worklists read in their order', (get) => {
  let w: World;
  const unitCases: CaseRecord[] = [];
  beforeAll(async () => {
    const { ctx, clock } = get();
    w = await seedWorld(ctx);
    // The unit's cases over a few hours: held now, returned, reassigned away, and some left unfiled.
    for (let i = 0; i < 7; i++) {
      clock.advance(HOUR);
      let c = await reportAndFile(ctx, w, { description: `单位案卷 ${i}` });
      if (i === 2) {
        c = await ctx.cases.act(w.handler, c.id, 'request_return', { reason: '不属于本单位' }, c.version);
        c = await ctx.cases.act(w.dispatcher, c.id, 'approve_return', {}, c.version);
      }
      if (i === 4) c = await ctx.cases.act(w.dispatcher, c.id, 'reassign', { unitCode: w.unitOther.code, reason: '改派' }, c.version);
      unitCases.push(c);
      await ctx.cases.report(w.inspector, reportInput(w, { description: `未受理 ${i}` }));
    }
  });

  it('lists a unit’s cases newest first, page after page, each counted once, with its filters', async () => {
    const { ctx } = get();
    const all = (await ctx.cases.search(w.handler, { pageSize: 200 }));
    const expected = unitCases.map((c) => c.id);
    expect(all.items.map((c) => c.id).sort()).toEqual([...expected].sort());
    expect(all.items).toEqual([...all.items].sort(newestFirst));
    expect(all.total).toBe(expected.length);
    expect(all.totalCapped).toBe(false);
    const pages = [...(await ctx.cases.search(w.handler, { pageSize: 3, page: 1 })).items, ...(await ctx.cases.search(w.handler, { pageSize: 3, page: 2 })).items,
      ...(await ctx.cases.search(w.handler, { pageSize: 3, page: 3 })).items];
    expect(pages.map((c) => c.id)).toEqual(all.items.map((c) => c.id));
    // A filter of its own: the unit's cases dispatched to it now (not the returned one, not the one moved away).
    const dispatched = await ctx.cases.search(w.handler, { status: ['dispatched'], pageSize: 200 });
    const now = unitCases.filter((c) => c.status === 'dispatched').map((c) => c.id);
    expect(dispatched.items.map((c) => c.id).sort()).toEqual(now.sort());
    expect(dispatched.total).toBe(now.length);
    // The same cases, in the same order, as a city-wide reader sees them.
    const city = (await ctx.cases.search(w.leader, { pageSize: 200 })).items.filter((c) => expected.includes(c.id));
    expect(all.items.map((c) => c.id)).toEqual(city.map((c) => c.id));
  });

  it('lists several statuses newest first, page after page, as one list of them all would', async () => {
    const { ctx } = get();
    const statuses = ['reported', 'dispatched', 'filed'];
    const whole = (await ctx.cases.search(w.leader, { pageSize: 200 })).items.filter((c) => statuses.includes(c.status));
    expect(new Set(whole.map((c) => c.status)).size).toBeGreaterThan(1);
    const listed = await ctx.cases.search(w.leader, { status: statuses, pageSize: 200 });
    expect(listed.items.map((c) => c.id)).toEqual(whole.map((c) => c.id));
    expect(listed.total).toBe(whole.length);
    const paged: string[] = [];
    for (let page = 1; page <= Math.ceil(whole.length / 4); page++) paged.push(...(await ctx.cases.search(w.leader, { status: statuses, pageSize: 4, page })).items.map((c) => c.id));
    expect(paged).toEqual(whole.map((c) => c.id));
    // With the other filters of a list (a district reader, a text search) still applied.
    const district = user(['dispatcher'], { scope: { level: 'district', code: w.districtCode } });
    const inDistrict = await ctx.cases.search(district, { status: statuses, q: '单位案卷', pageSize: 200 });
    expect(inDistrict.items.map((c) => c.id)).toEqual(whole.filter((c) => c.description.includes('单位案卷')).map((c) => c.id));
  });

  it('counts a list up to the cap and says when more match', async () => {
    const { ctx } = get();
    const city = await ctx.cases.search(w.leader, { pageSize: 5 });
    expect(city.totalCapped).toBe(false);
    expect(city.total).toBeGreaterThan(5);
    const capped = await searchCases(ctx.db, { access: {} }, 1, 5, 3);
    expect(capped).toMatchObject({ total: 3, capped: true });
    expect(capped.items).toHaveLength(5);
    const unitCapped = await searchCases(ctx.db, { access: { unitId: w.unitSw.id } }, 1, 20, 2);
    expect(unitCapped).toMatchObject({ total: 2, capped: true });
    const exact = await searchCases(ctx.db, { access: { unitId: w.unitSw.id } }, 1, 20, unitCases.length);
    expect(exact).toMatchObject({ total: unitCases.length, capped: false });
  });

  it('puts the earliest deadline first across a user’s lanes, cases without one last, and cuts at the limit', async () => {
    const { ctx } = get();
    // Operator and handler at once: the unfiled reports (operator) and the unit's work (handler).
    const both = user(['operator', 'handler'], { unitId: w.unitSw.id });
    const whole = await ctx.cases.worklist(both, 500);
    expect(whole.length).toBeGreaterThan(7);
    expect(whole).toEqual([...whole].sort(mostUrgentFirst));
    expect(new Set(whole.map((c) => c.id)).size).toBe(whole.length);
    const roles = new Set(whole.map((c) => c.awaitingRole));
    expect(roles).toEqual(new Set(['operator', 'handler']));
    for (const c of whole) if (c.awaitingRole === 'handler') expect(c.unit?.id).toBe(w.unitSw.id);
    expect((await ctx.cases.worklist(both, 4)).map((c) => c.id)).toEqual(whole.slice(0, 4).map((c) => c.id));
    // Each lane alone is what the merged list holds of it.
    const operatorOnly = await ctx.cases.worklist(user(['operator']), 500);
    expect(whole.filter((c) => c.awaitingRole === 'operator').map((c) => c.id)).toEqual(operatorOnly.map((c) => c.id));
  });

  it('keeps a supervision waiting for the unit’s reply in its worklist', async () => {
    const { ctx } = get();
    let c = unitCases.find((x) => x.status === 'dispatched')!;
    c = (await ctx.cases.find(c.id))!;
    c = await ctx.cases.act(w.handler, c.id, 'handle', { note: '已处置', photos: [w.photo2] }, c.version);
    const before = (await ctx.cases.worklist(w.handler, 500)).map((x) => x.id);
    expect(before).not.toContain(c.id);
    const supervisor = user(['leader']);
    c = await ctx.cases.act(supervisor, c.id, 'supervise', { level: 1, opinion: '请说明处置情况' }, c.version);
    expect((await ctx.cases.worklist(w.handler, 500)).map((x) => x.id)).toContain(c.id);
  });
});
