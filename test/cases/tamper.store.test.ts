import { beforeAll, expect, it } from 'vitest';
import { describeStores } from '../helpers/stores.js';
import { reportAndFile, seedWorld, type World } from './fixtures.js';

describeStores('a forged case row is caught by verify', (get) => {
  let w: World;
  beforeAll(async () => {
    w = await seedWorld(get().ctx);
  });

  it('reports a row whose status or description was edited behind the log, and passes untouched cases', async () => {
    const { ctx } = get();
    const honest = await reportAndFile(ctx, w, { description: '未改动的案卷' });
    const forged = await reportAndFile(ctx, w, { description: '原始描述' });
    const renamed = await reportAndFile(ctx, w, { description: '原始描述二' });
    expect((await ctx.cases.verifyCase(forged.id)).ok).toBe(true);
    // An attacker with the database file: only the rows, not the events.
    await ctx.db.kysely.updateTable('cases').set({ status: 'closed', closed_at: forged.reportedAt + 1 }).where('id', '=', forged.id).execute();
    await ctx.db.kysely.updateTable('cases').set({ description: '伪造的描述' }).where('id', '=', renamed.id).execute();
    const fresh = await (await import('../helpers/stores.js')).openSecond(get());
    try {
      const a = await fresh.cases.verifyCase(forged.id);
      expect(a.ok).toBe(false);
      expect(a.breaksAt).toMatchObject({ problem: 'projection_mismatch', expected: 'status=open', found: 'status=closed' });
      const b = await fresh.cases.verifyCase(renamed.id);
      expect(b.breaksAt).toMatchObject({ problem: 'projection_mismatch', expected: 'description=原始描述二', found: 'description=伪造的描述' });
      expect((await fresh.cases.verifyCase(honest.id)).ok).toBe(true);
      const all = await fresh.cases.verifyAllCases();
      expect(all.broken.map((x) => x.caseId).sort()).toEqual([forged.id, renamed.id].sort());
    } finally {
      await fresh.close();
    }
  });
});
