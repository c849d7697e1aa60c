import { sql } from 'kysely';
import { beforeAll, expect, it } from 'vitest';
import { describeStores } from '../helpers/stores.js';
import { errorCode, reportAndFile, reportInput, seedWorld, type World } from './fixtures.js';
import { storedActor } from '../../src/cases/event-codes.js';

describeStores('case lifecycle', (get) => {
  let w: World;
  beforeAll(async () => {
    w = await seedWorld(get().ctx);
  });

  it('takes an inspector report from report to close, with a chained log', async () => {
    const { ctx, clock } = get();
    const { case: reported, replayed } = await ctx.cases.report(w.inspector, reportInput(w));
    expect(replayed).toBe(false);
    expect(reported).toMatchObject({ status: 'reported', phase: 'new', version: 1, awaitingRole: 'operator' });
    expect(reported.code).toMatch(new RegExp(`^${w.districtCode}\\d{8}\\d{5}$`));
    expect(reported.place.streetCode).toBe(w.streetCode);
    let c = await ctx.cases.act(w.operator, reported.id, 'accept', {}, 1);
    clock.advance(10 * 60_000);
    c = await ctx.cases.act(w.shiftLead, c.id, 'file', {}, c.version);
    // Unique item C0102 → owned by the water company: dispatched at once, reason recorded.
    expect(c).toMatchObject({ status: 'dispatched', phase: 'working', itemNo: 'C0102', version: 4 });
    expect(c.unit?.code).toBe('XM-SW');
    expect(c.clock.stage).toBe('handle');
    expect(c.clock.dueAt! - clock.now()).toBe(24 * 3600_000);
    const events = await ctx.cases.events(c.id);
    expect(events.map((e) => e.type)).toEqual(['reported', 'accepted', 'filed', 'dispatched']);
    expect(events[3]).toMatchObject({ actorId: 'system', role: 'system', data: { auto: true, unitCode: 'XM-SW' } });
    expect(String(events[3]!.data.reason)).toContain('C0102');
    clock.advance(3600_000);
    c = await ctx.cases.act(w.handler, c.id, 'handle', { note: '已更换井盖', photos: [w.photo2] }, c.version);
    c = await ctx.cases.act(w.operator, c.id, 'send_verification', {}, c.version);
    c = await ctx.cases.act(w.inspector, c.id, 'verify', { passed: true, photos: [w.photo2] }, c.version);
    c = await ctx.cases.act(w.shiftLead, c.id, 'close', {}, c.version);
    expect(c).toMatchObject({ status: 'closed', phase: 'done', awaitingRole: null, version: 8 });
    const all = await ctx.cases.events(c.id);
    expect(all.map((e) => e.type)).toEqual(['reported', 'accepted', 'filed', 'dispatched', 'handled', 'verification_sent', 'verification_passed', 'closed']);
    expect(all[4]!.data.endedStage).toMatchObject({ stage: 'handle', onTime: true });
    expect(all[4]!.attachments).toEqual([w.photo2]);
    const v = await ctx.cases.verifyCase(c.id);
    expect(v).toMatchObject({ ok: true, events: 8 });
  });

  it('asks for an on-site check before accepting a citizen report, and refuses without it', async () => {
    const { ctx } = get();
    let c = (await ctx.cases.report(w.operator, reportInput(w, { source: 'citizen' }))).case;
    expect(await errorCode(ctx.cases.act(w.operator, c.id, 'accept', {}, c.version))).toBe('CASE_CHECK_REQUIRED');
    c = await ctx.cases.act(w.operator, c.id, 'request_check', {}, c.version);
    expect(c).toMatchObject({ phase: 'checking', awaitingRole: 'inspector' });
    c = await ctx.cases.act(w.inspector, c.id, 'check', { confirmed: true, photos: [w.photo] }, c.version);
    c = await ctx.cases.act(w.operator, c.id, 'accept', {}, c.version);
    expect(c.phase).toBe('accepted');
  });

  it('refuses stale writes with CASE_VERSION_CONFLICT and leaves the log untouched', async () => {
    const { ctx } = get();
    const c = (await ctx.cases.report(w.inspector, reportInput(w))).case;
    await ctx.cases.act(w.operator, c.id, 'accept', {}, 1);
    expect(await errorCode(ctx.cases.act(w.operator, c.id, 'reject', { reason: '重复' }, 1))).toBe('CASE_VERSION_CONFLICT');
    expect((await ctx.cases.events(c.id)).length).toBe(2);
  });

  it('lets exactly one of two concurrent writers win', async () => {
    const { ctx } = get();
    const c = await reportAndFile(ctx, w);
    const results = await Promise.allSettled([
      ctx.cases.act(w.dispatcher, c.id, 'urge', { note: 'A' }, c.version),
      ctx.cases.act(w.leader, c.id, 'supervise', { level: 2, opinion: 'B' }, c.version),
      ctx.cases.act(w.handler, c.id, 'handle', { note: 'C', photos: [w.photo2] }, c.version),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const rejected = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(rejected.map((r) => (r.reason as { code: string }).code)).toEqual(['CASE_VERSION_CONFLICT', 'CASE_VERSION_CONFLICT']);
    const events = await ctx.cases.events(c.id);
    expect(events).toHaveLength(c.version + 1);
    expect((await ctx.cases.verifyCase(c.id)).ok).toBe(true);
  });

  it('is idempotent by Idempotency-Key and by (source, external reference)', async () => {
    const { ctx } = get();
    const a = await ctx.cases.report(w.operator, reportInput(w, { source: 'hotline', externalRef: '12345-0001' }));
    const b = await ctx.cases.report(w.operator, reportInput(w, { source: 'hotline', externalRef: '12345-0001' }));
    expect(b).toMatchObject({ replayed: true, case: { id: a.case.id } });
    const [x, y] = await Promise.all([
      ctx.cases.report(w.inspector, reportInput(w), 'key-1'),
      ctx.cases.report(w.inspector, reportInput(w), 'key-1'),
    ]);
    expect(x.case.id).toBe(y.case.id);
    expect([x.replayed, y.replayed].sort()).toEqual([false, true]);
  });

  it('refuses reports outside the managed area, with unknown classes or unknown photos', async () => {
    const { ctx } = get();
    expect(await errorCode(ctx.cases.report(w.inspector, reportInput(w, { lon: 0, lat: 0 })))).toBe('OUTSIDE_MANAGED_AREA');
    expect(await errorCode(ctx.cases.report(w.inspector, reportInput(w, { categoryCode: 'E9999' })))).toBe('CATEGORY_NOT_FOUND');
    expect(await errorCode(ctx.cases.report(w.inspector, reportInput(w, { photos: ['ab'.repeat(32)] })))).toBe('ATTACHMENT_NOT_FOUND');
    expect(await errorCode(ctx.cases.report(w.operator, reportInput(w)))).toBe('FORBIDDEN_SOURCE');
  });

  it('gives each case a code unique in the city, serials per district and day', async () => {
    const { ctx } = get();
    const codes = await Promise.all(Array.from({ length: 5 }, () => ctx.cases.report(w.inspector, reportInput(w)).then((r) => r.case.code)));
    expect(new Set(codes).size).toBe(5);
    const serials = codes.map((c) => Number(c.slice(14))).sort((a, b) => a - b);
    expect(serials[4]! - serials[0]!).toBe(4);
  });
});

describeStores('hash chain verification', (get) => {
  it('finds the event that was changed behind the platform’s back, in one case and over all cases', async () => {
    const { ctx } = get();
    const w = await seedWorld(ctx);
    const good = await reportAndFile(ctx, w);
    const bad = await reportAndFile(ctx, w);
    expect((await ctx.cases.verifyAllCases()).ok).toBe(true);
    await ctx.db.kysely.updateTable('case_events').set({ actor_id: storedActor('someone-else') }).where('case_no', '=', sql<number>`(select case_no from cases where id = ${bad.id})`).where('seq', '=', 2).execute();
    const r = await ctx.cases.verifyCase(bad.id);
    expect(r).toMatchObject({ ok: false, breaksAt: { seq: 2, problem: 'hash_mismatch' } });
    expect((await ctx.cases.verifyCase(good.id)).ok).toBe(true);
    const all = await ctx.cases.verifyAllCases();
    expect(all).toMatchObject({ ok: false, cases: 2 });
    expect(all.broken.map((b) => b.caseId)).toEqual([bad.id]);
  });
});
