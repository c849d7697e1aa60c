import { beforeAll, expect, it } from 'vitest';
import { describeStores } from '../helpers/stores.js';
import { errorCode, reportAndFile, seedWorld, user, type World } from './fixtures.js';

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
    expect(await errorCode(ctx.cases.get(stranger, c.id))).toBe('FORBIDDEN_UNIT');
    // still no acting on it
    expect(await errorCode(ctx.cases.act(w.handler, c.id, 'handle', { note: 'x', photos: [w.photo2] }, c.version))).toBe('FORBIDDEN_UNIT');
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
});
