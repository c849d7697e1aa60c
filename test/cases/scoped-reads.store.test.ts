import { beforeAll, expect, it } from 'vitest';
import { describeStores } from '../helpers/stores.js';
import { presentDetail } from '../../src/cases/presenters.js';
import { errorCode, reportAndFile, reportInput, seedWorld, user, type World } from './fixtures.js';

describeStores('reads in scope: held units and evidence files', (get) => {
  let w: World;
  beforeAll(async () => {
    w = await seedWorld(get().ctx);
  });

  it('lets a unit that returned a case keep reading it, with its own return record; a unit that never held it may not', async () => {
    const { ctx } = get();
    let c = await reportAndFile(ctx, w);
    c = await ctx.cases.act(w.handler, c.id, 'request_return', { reason: '不属于本单位' }, c.version);
    c = await ctx.cases.act(w.dispatcher, c.id, 'approve_return', {}, c.version);
    c = await ctx.cases.act(w.dispatcher, c.id, 'dispatch', { unitCode: w.unitOther.code }, c.version);
    const seen = await ctx.cases.get(w.handler, c.id);
    expect(seen.events.map((e) => e.type)).toContain('return_requested');
    expect(seen.actions).toEqual([]);
    const units = await ctx.catalog.listUnits();
    const stranger = user(['handler'], { unitId: units.find((u) => u.id !== w.unitSw.id && u.id !== w.unitOther.id)!.id });
    expect(await errorCode(ctx.cases.get(stranger, c.id))).toBe('CASE_NOT_FOUND');
    expect(await errorCode(ctx.cases.act(stranger, c.id, 'handle', { note: 'x', photos: [w.photo2] }, c.version))).toBe('CASE_NOT_FOUND');
    // still no acting on it: it reads the case, so a refusal says why
    expect(await errorCode(ctx.cases.act(w.handler, c.id, 'handle', { note: 'x', photos: [w.photo2] }, c.version))).toBe('FORBIDDEN_UNIT');
  });

  it('lists the cases a unit once held beside the ones it holds, and answers everything out of scope as not found', async () => {
    const { ctx } = get();
    let returned = await reportAndFile(ctx, w, { description: '曾经持有的案卷' });
    returned = await ctx.cases.act(w.handler, returned.id, 'request_return', { reason: '不属于本单位' }, returned.version);
    returned = await ctx.cases.act(w.dispatcher, returned.id, 'approve_return', {}, returned.version);
    let moved = await reportAndFile(ctx, w, { description: '改派走的案卷' });
    moved = await ctx.cases.act(w.dispatcher, moved.id, 'reassign', { unitCode: w.unitOther.code, reason: '改派' }, moved.version);
    const held = await reportAndFile(ctx, w, { description: '正在处置的案卷' });
    const never = await reportAndFile(ctx, w, { description: '从未持有的案卷' });
    const other = await ctx.cases.act(w.dispatcher, never.id, 'reassign', { unitCode: w.unitOther.code, reason: '改派' }, never.version);
    const listed = (await ctx.cases.search(w.otherHandler, { pageSize: 200 })).items.map((x) => x.id);
    expect(listed).toContain(moved.id);
    expect(listed).toContain(other.id);
    expect(listed).not.toContain(held.id);
    const mine = (await ctx.cases.search(w.handler, { pageSize: 200 })).items.map((x) => x.id);
    // The first unit keeps the returned case and the one reassigned away, in its list as in a direct read.
    expect(mine).toEqual(expect.arrayContaining([returned.id, moved.id, held.id]));
    for (const id of mine) expect((await ctx.cases.get(w.handler, id)).case.id).toBe(id);
    expect((await ctx.cases.map(w.handler, {})).points.map((p) => p.id)).toEqual(expect.arrayContaining([returned.id, moved.id]));
    const outsider = user(['dispatcher'], { scope: { level: 'district', code: w.elsewhere.districtCode } });
    expect(await errorCode(ctx.cases.get(outsider, held.id))).toBe('CASE_NOT_FOUND');
    expect(await errorCode(ctx.cases.act(outsider, held.id, 'urge', {}, held.version))).toBe('CASE_NOT_FOUND');
    expect(await errorCode(ctx.cases.get(outsider, 'no-such-case'))).toBe('CASE_NOT_FOUND');
  });

  it('knows which cases carry a file, and lets only their readers through', async () => {
    const { ctx } = get();
    const photo = (await ctx.files.saveBuffer(Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from('scoped-read-photo'.padEnd(40, '.'))]), { uploadedBy: 'x' })).sha256;
    const c = await reportAndFile(ctx, w, { photos: [photo] });
    expect(await ctx.files.referencingCases(photo)).toEqual([c.id]);
    const outsider = user(['dispatcher'], { scope: { level: 'district', code: w.elsewhere.districtCode } });
    const insider = user(['dispatcher'], { scope: { level: 'district', code: w.districtCode } });
    expect(await ctx.cases.mayReadAny(outsider, [c.id])).toBe(false);
    expect(await ctx.cases.mayReadAny(insider, [c.id])).toBe(true);
    expect(await ctx.cases.mayReadAny(w.handler, [c.id])).toBe(true);
    expect(await ctx.cases.mayReadAny(w.otherHandler, [c.id])).toBe(false);
  });

  it('shows possible duplicates only where the reader may read them', async () => {
    const { ctx } = get();
    const mine = await reportAndFile(ctx, w, { description: '重复甲' });
    let theirs = await reportAndFile(ctx, w, { description: '重复乙', lon: w.point.lon + 0.0001 });
    theirs = await ctx.cases.act(w.dispatcher, theirs.id, 'reassign', { unitCode: w.unitOther.code, reason: '改派' }, theirs.version);
    // The other unit holds `theirs`; `mine` was never its case.
    const asOtherUnit = await ctx.cases.get(w.otherHandler, theirs.id);
    expect(asOtherUnit.duplicates.map((d) => d.case.id)).not.toContain(mine.id);
    expect(await errorCode(ctx.cases.get(w.otherHandler, mine.id))).toBe('CASE_NOT_FOUND');
    const asDispatcher = await ctx.cases.get(w.dispatcher, mine.id);
    expect(asDispatcher.duplicates.map((d) => d.case.id)).toContain(theirs.id);
    const shown = presentDetail(asDispatcher).duplicates.find((d) => d.case.id === theirs.id)!;
    expect(Object.keys(shown.case).sort()).toEqual(['categoryCode', 'categoryName', 'code', 'id', 'reportedAt', 'status']);
  });

  it('merges only into a readable, plausible case, and answers every out-of-scope target as not found', async () => {
    const { ctx } = get();
    const elsewhere = (await ctx.cases.report(w.inspector, reportInput(w, { lon: w.elsewhere.lon, lat: w.elsewhere.lat }))).case;
    const districtOperator = user(['operator'], { scope: { level: 'district', code: w.districtCode } });
    const dup = (await ctx.cases.report(w.inspector, reportInput(w))).case;
    const outOfScope = await errorCode(ctx.cases.act(districtOperator, dup.id, 'merge', { intoCaseId: elsewhere.id }, dup.version));
    const missing = await errorCode(ctx.cases.act(districtOperator, dup.id, 'merge', { intoCaseId: '019abcde-0000-7000-8000-000000000000' }, dup.version));
    expect([outOfScope, missing]).toEqual(['MERGE_TARGET_NOT_FOUND', 'MERGE_TARGET_NOT_FOUND']);
    const otherClass = (await ctx.cases.report(w.inspector, reportInput(w, { categoryCode: 'C0104' }))).case;
    expect(await errorCode(ctx.cases.act(w.operator, dup.id, 'merge', { intoCaseId: otherClass.id }, dup.version))).toBe('MERGE_TARGET_IMPLAUSIBLE');
    // The city operator may read the far case, but it is no duplicate: another district, kilometres away.
    expect(await errorCode(ctx.cases.act(w.operator, dup.id, 'merge', { intoCaseId: elsewhere.id }, dup.version))).toBe('MERGE_TARGET_IMPLAUSIBLE');
    const near = (await ctx.cases.report(w.inspector, reportInput(w, { lon: w.point.lon + 0.001 }))).case;
    const merged = await ctx.cases.act(w.operator, dup.id, 'merge', { intoCaseId: near.id }, dup.version);
    expect(merged).toMatchObject({ status: 'merged', mergedInto: near.id });
  });

  it('scopes an Idempotency-Key to its sender and refuses a key reused for another report', async () => {
    const { ctx } = get();
    const other = user(['inspector'], { scope: { level: 'district', code: w.districtCode } });
    const a = await ctx.cases.report(w.inspector, reportInput(w, { description: '幂等甲' }), 'shared-key');
    const b = await ctx.cases.report(other, reportInput(w, { description: '幂等甲' }), 'shared-key');
    expect(b.replayed).toBe(false);
    expect(b.case.id).not.toBe(a.case.id);
    const again = await ctx.cases.report(w.inspector, reportInput(w, { description: '幂等甲' }), 'shared-key');
    expect(again).toMatchObject({ replayed: true, case: { id: a.case.id } });
    expect(await errorCode(ctx.cases.report(w.inspector, reportInput(w, { description: '另一个问题' }), 'shared-key'))).toBe('IDEMPOTENCY_KEY_REUSED');
    const total = (await ctx.cases.search(w.dispatcher, { q: '另一个问题' })).total;
    expect(total).toBe(0);
  });

  it('never hands a case found by (source, external reference) to someone who may not read it', async () => {
    const { ctx } = get();
    const a = await ctx.cases.report(w.operator, reportInput(w, { source: 'hotline', externalRef: '12345-scope-1', description: '热线工单' }));
    const outsider = user(['operator'], { scope: { level: 'district', code: w.elsewhere.districtCode } });
    expect(await errorCode(ctx.cases.report(outsider, reportInput(w, { source: 'hotline', externalRef: '12345-scope-1', description: '热线工单' })))).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(await errorCode(ctx.cases.report(w.operator, reportInput(w, { source: 'hotline', externalRef: '12345-scope-1', description: '别的工单内容' })))).toBe('IDEMPOTENCY_KEY_REUSED');
    const replay = await ctx.cases.report(w.operator, reportInput(w, { source: 'hotline', externalRef: '12345-scope-1', description: '热线工单' }));
    expect(replay).toMatchObject({ replayed: true, case: { id: a.case.id } });
  });
});

