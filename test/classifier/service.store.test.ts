import { expect, it, vi } from 'vitest';
import { describeStores, openSecond } from '../helpers/stores.js';
import { labelledSet } from '../../src/demo/labelled/generate.js';

describeStores('the classifier on the store', (get) => {
  it('proposes nothing while the city has no labelled text', async () => {
    const { ctx } = get();
    expect(await ctx.classifier.classify('井盖没了')).toEqual({ top: [], modelTrainedAt: null });
  });

  it('trains on the stored labelled texts and proposes the top 3 enabled classes with their names', async () => {
    const { ctx } = get();
    const n = await ctx.classifier.addExamples(labelledSet({ perClass: 12 }), 'import');
    expect(n).toBeGreaterThan(500);
    const c = await ctx.classifier.classify('市民来电反映：湖滨南路口的井盖不见了，晚上很危险，请尽快处理。');
    expect(c.top).toHaveLength(3);
    expect(c.top[0]).toMatchObject({ code: 'C0101', name: '上水井盖' });
    expect(c.modelTrainedAt).toBe(get().clock.now());
    await ctx.catalog.updateCategory('C0101', { enabled: false });
    const without = await ctx.classifier.classify('市民来电反映：湖滨南路口的井盖不见了，晚上很危险，请尽快处理。');
    expect(without.top.map((t) => t.code)).not.toContain('C0101');
    await ctx.catalog.updateCategory('C0101', { enabled: true });
  });

  it('refuses an empty text and a decision for a class that does not exist', async () => {
    const { ctx } = get();
    await expect(ctx.classifier.classify('   ')).rejects.toMatchObject({ code: 'TEXT_REQUIRED' });
    await expect(ctx.classifier.recordDecision({ text: '井盖没了', code: 'E9999' })).rejects.toMatchObject({ code: 'CATEGORY_NOT_FOUND' });
  });

  it('keeps every decision, counts how often the proposal was kept, and learns from corrections', async () => {
    const { ctx } = get();
    // A way of putting it the labelled set never used: 夜里鸣笛 (honking at night) means 机动车乱停放 here, says the city.
    const text = '每天夜里有辆车在楼下狂按喇叭叫人挪车，乱停在出口';
    const first = await ctx.classifier.classify(text);
    for (let i = 0; i < 3; i++) {
      await ctx.classifier.recordDecision({ text: `${text}${'！'.repeat(i)}`, code: 'E0505', proposedCode: first.top[0]!.code, ref: `HL-${i}`, actorId: 'op-1' });
    }
    await ctx.classifier.recordDecision({ text: '路灯不亮', code: 'C0118', proposedCode: 'C0118' });
    const info = await ctx.classifier.retrain();
    expect(info.stored.decision).toBe(4);
    expect(info.decisions.proposed).toBe(4);
    expect(info.decisions.kept).toBe((first.top[0]!.code === 'E0505' ? 3 : 0) + 1);
    const after = await ctx.classifier.classify(text);
    expect(after.top[0]!.code).toBe('E0505');
  });

  it('a second process retrains when it sees decisions recorded elsewhere', async () => {
    const tc = get();
    const other = await openSecond(tc);
    try {
      const text = '楼道里有人堆了一堆纸箱子和旧沙发，挡住了安全出口';
      await other.classifier.classify(text);
      const before = (await other.classifier.info()).examples;
      for (let i = 0; i < 4; i++) await tc.ctx.classifier.recordDecision({ text: `${text}${i}`, code: 'E0507' });
      await other.classifier.classify(text); // within the check interval: the model it has answers
      expect((await other.classifier.info()).examples).toBe(before);
      tc.clock.advance(10_000);
      await other.classifier.classify(text); // sees the new revision; retrains in the background
      await vi.waitFor(async () => expect((await other.classifier.info()).examples).toBe(before + 4), { timeout: 30_000, interval: 50 });
      expect((await other.classifier.classify(text)).top[0]!.code).toBe('E0507');
    } finally {
      await other.close();
    }
  });
});
