import { beforeAll, expect, it } from 'vitest';
import { describeStores } from '../helpers/stores.js';
import { errorCode, reportAndFile, reportInput, seedWorld, user, type World } from './fixtures.js';

const HOUR = 3600_000;

describeStores('case side paths', (get) => {
  let w: World;
  beforeAll(async () => {
    w = await seedWorld(get().ctx);
  });

  it('returns a wrong dispatch with a reason, and the dispatcher re-dispatches it', async () => {
    const { ctx } = get();
    let c = await reportAndFile(ctx, w);
    expect(await errorCode(ctx.cases.act(w.handler, c.id, 'request_return', {}, c.version))).toBe('REASON_REQUIRED');
    c = await ctx.cases.act(w.handler, c.id, 'request_return', { reason: '不属于本单位' }, c.version);
    expect(c).toMatchObject({ phase: 'return_requested', awaitingRole: 'dispatcher', pending: { kind: 'return', reason: '不属于本单位' } });
    c = await ctx.cases.act(w.dispatcher, c.id, 'approve_return', {}, c.version);
    expect(c).toMatchObject({ status: 'filed', unit: null, returnCount: 1, awaitingRole: 'dispatcher' });
    expect(await errorCode(ctx.cases.act(w.dispatcher, c.id, 'dispatch', { unitCode: 'NOPE' }, c.version))).toBe('UNIT_NOT_FOUND');
    c = await ctx.cases.act(w.dispatcher, c.id, 'dispatch', { unitCode: w.unitOther.code }, c.version);
    expect(c).toMatchObject({ status: 'dispatched', dispatchCount: 2 });
    expect(c.unit?.code).toBe(w.unitOther.code);
    // The first unit no longer reaches it.
    expect(await errorCode(ctx.cases.act(w.handler, c.id, 'handle', { note: 'x', photos: [w.photo2] }, c.version))).toBe('FORBIDDEN_UNIT');
  });

  it('moves the deadline by a granted extension, and keeps it when refused', async () => {
    const { ctx } = get();
    let c = await reportAndFile(ctx, w);
    const due = c.clock.dueAt!;
    c = await ctx.cases.act(w.handler, c.id, 'request_extension', { amount: 12, reason: '需协调交警' }, c.version);
    c = await ctx.cases.act(w.dispatcher, c.id, 'refuse_extension', { note: '不同意' }, c.version);
    expect(c.clock.dueAt).toBe(due);
    c = await ctx.cases.act(w.handler, c.id, 'request_extension', { amount: 12, reason: '需协调交警' }, c.version);
    c = await ctx.cases.act(w.dispatcher, c.id, 'grant_extension', { amount: 6 }, c.version);
    expect(c.clock.dueAt).toBe(due + 6 * HOUR);
    const last = (await ctx.cases.events(c.id)).at(-1)!;
    expect(last).toMatchObject({ type: 'extension_granted', data: { amount: 6, requested: 12, unit: 'hours', previousDueAt: due, dueAt: due + 6 * HOUR } });
  });

  it('stops the clock while suspended and restarts it with the time that was left', async () => {
    const { ctx, clock } = get();
    let c = await reportAndFile(ctx, w);
    const due = c.clock.dueAt!;
    clock.advance(4 * HOUR);
    c = await ctx.cases.act(w.handler, c.id, 'request_suspension', { reason: '需拆迁后处理' }, c.version);
    c = await ctx.cases.act(w.dispatcher, c.id, 'approve_suspension', {}, c.version);
    expect(c).toMatchObject({ status: 'suspended', clock: { dueAt: null, warnAt: null } });
    expect(await errorCode(ctx.cases.act(w.handler, c.id, 'handle', { note: 'x', photos: [w.photo2] }, c.version))).toBe('CASE_ACTION_NOT_ALLOWED');
    clock.advance(30 * 24 * HOUR);
    c = await ctx.cases.act(w.dispatcher, c.id, 'resume', {}, c.version);
    expect(c.status).toBe('dispatched');
    expect(c.clock.dueAt).toBe(due + 30 * 24 * HOUR);
    expect(c.suspendedMs).toBe(30 * 24 * HOUR);
  });

  it('sends a case back to the same unit when verification fails (rework)', async () => {
    const { ctx } = get();
    let c = await reportAndFile(ctx, w);
    c = await ctx.cases.act(w.handler, c.id, 'handle', { note: '已处理', photos: [w.photo2] }, c.version);
    c = await ctx.cases.act(w.operator, c.id, 'send_verification', {}, c.version);
    expect(await errorCode(ctx.cases.act(w.inspector, c.id, 'verify', { passed: false, photos: [w.photo] }, c.version))).toBe('REASON_REQUIRED');
    c = await ctx.cases.act(w.inspector, c.id, 'verify', { passed: false, reason: '井盖仍松动', photos: [w.photo] }, c.version);
    expect(c).toMatchObject({ status: 'dispatched', phase: 'working', reworkCount: 1, awaitingRole: 'handler' });
    expect(c.unit?.code).toBe('XM-SW');
    const ev = (await ctx.cases.events(c.id)).at(-1)!;
    expect(ev).toMatchObject({ type: 'verification_failed', data: { rework: 1, reason: '井盖仍松动' } });
  });

  it('lets the inspector fix a problem on the spot and the shift lead close it after review', async () => {
    const { ctx } = get();
    let c = (await ctx.cases.report(w.inspector, reportInput(w))).case;
    expect(await errorCode(ctx.cases.act(w.inspector, c.id, 'self_handle', {}, c.version))).toBe('PHOTOS_REQUIRED');
    c = await ctx.cases.act(w.inspector, c.id, 'self_handle', { note: '已扶正', photos: [w.photo2] }, c.version);
    expect(c).toMatchObject({ phase: 'self_handled', awaitingRole: 'shift_lead' });
    c = await ctx.cases.act(w.shiftLead, c.id, 'close', {}, c.version);
    expect(c.status).toBe('closed');
    expect((await ctx.cases.events(c.id)).at(-1)!.data.selfHandled).toBe(true);
  });

  it('voids only with the shift lead; the operator asks', async () => {
    const { ctx } = get();
    let c = (await ctx.cases.report(w.inspector, reportInput(w))).case;
    c = await ctx.cases.act(w.operator, c.id, 'accept', {}, c.version);
    expect(await errorCode(ctx.cases.act(w.operator, c.id, 'void', { reason: '无效' }, c.version))).toBe('FORBIDDEN_ROLE');
    c = await ctx.cases.act(w.operator, c.id, 'request_void', { reason: '重复上报' }, c.version);
    c = await ctx.cases.act(w.shiftLead, c.id, 'refuse_void', {}, c.version);
    expect(c.phase).toBe('accepted');
    c = await ctx.cases.act(w.operator, c.id, 'request_void', { reason: '重复上报' }, c.version);
    c = await ctx.cases.act(w.shiftLead, c.id, 'void', { reason: '确认重复' }, c.version);
    expect(c).toMatchObject({ status: 'rejected', awaitingRole: null });
  });

  it('merges a duplicate into an open case and lists it there', async () => {
    const { ctx } = get();
    const a = (await ctx.cases.report(w.inspector, reportInput(w))).case;
    let b = (await ctx.cases.report(w.inspector, reportInput(w, { lon: w.point.lon + 0.0001 }))).case;
    const detail = await ctx.cases.get(w.operator, b.id);
    expect(detail.duplicates.map((d) => d.case.id)).toContain(a.id);
    expect(detail.duplicates.find((d) => d.case.id === a.id)!.distanceM).toBeLessThan(50);
    expect(await errorCode(ctx.cases.act(w.operator, b.id, 'merge', { intoCaseId: b.id }, b.version))).toBe('MERGE_INTO_ITSELF');
    b = await ctx.cases.act(w.operator, b.id, 'merge', { intoCaseId: a.id }, b.version);
    expect(b).toMatchObject({ status: 'merged', mergedInto: a.id });
    expect((await ctx.cases.get(w.operator, a.id)).merged.map((m) => m.id)).toEqual([b.id]);
  });

  it('records urging and supervision with level and opinion, and the unit’s reply', async () => {
    const { ctx } = get();
    let c = await reportAndFile(ctx, w);
    c = await ctx.cases.act(w.dispatcher, c.id, 'urge', { note: '请尽快' }, c.version);
    expect(c.urgeCount).toBe(1);
    expect(await errorCode(ctx.cases.act(w.leader, c.id, 'supervise', { level: 5, opinion: 'x' }, c.version))).toBe('SUPERVISION_LEVEL_INVALID');
    expect(await errorCode(ctx.cases.act(w.handler, c.id, 'reply_supervision', { reply: '好' }, c.version))).toBe('CASE_ACTION_NOT_ALLOWED');
    c = await ctx.cases.act(w.leader, c.id, 'supervise', { level: 3, opinion: '挂牌督办，三日内解决' }, c.version);
    expect(c).toMatchObject({ supervised: true, supervisionLevel: 3, supervisionOpen: true, supervisorId: w.leader.id });
    expect((await ctx.cases.worklist(w.handler)).map((x) => x.id)).toContain(c.id);
    c = await ctx.cases.act(w.handler, c.id, 'reply_supervision', { reply: '已安排人员' }, c.version);
    expect(c.supervisionOpen).toBe(false);
    expect((await ctx.cases.events(c.id)).at(-1)).toMatchObject({ type: 'supervision_replied', data: { reply: '已安排人员', supervisorId: w.leader.id } });
  });

  it('refuses people outside the case’s area or role', async () => {
    const { ctx } = get();
    const c = (await ctx.cases.report(w.inspector, reportInput(w))).case;
    const farOperator = user(['operator'], { scope: { level: 'district', code: w.elsewhere.districtCode } });
    expect(await errorCode(ctx.cases.act(farOperator, c.id, 'accept', {}, c.version))).toBe('CASE_NOT_FOUND');
    expect(await errorCode(ctx.cases.act(w.dispatcher, c.id, 'accept', {}, c.version))).toBe('FORBIDDEN_ROLE');
    expect(await errorCode(ctx.cases.act(w.operator, 'nope', 'accept', {}, 1))).toBe('CASE_NOT_FOUND');
    expect(await errorCode(ctx.cases.act(w.operator, c.id, 'fly', {}, 1))).toBe('CASE_ACTION_UNKNOWN');
    expect(await errorCode(ctx.cases.act(w.shiftLead, c.id, 'close', {}, c.version))).toBe('CASE_ACTION_NOT_ALLOWED');
  });

  it('files a case with no applicable item and waits for a dispatcher', async () => {
    const { ctx } = get();
    let c = (await ctx.cases.report(w.inspector, reportInput(w, { categoryCode: 'E0599' }))).case;
    c = await ctx.cases.act(w.operator, c.id, 'accept', {}, c.version);
    c = await ctx.cases.act(w.shiftLead, c.id, 'file', {}, c.version);
    expect(c).toMatchObject({ status: 'filed', itemId: null, awaitingRole: 'dispatcher', unit: null });
    expect((await ctx.cases.worklist(w.dispatcher)).map((x) => x.id)).toContain(c.id);
  });
});
