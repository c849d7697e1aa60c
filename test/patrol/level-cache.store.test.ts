import { afterAll, beforeAll, expect, it } from 'vitest';
import type { AppContext } from '../../src/app.js';
import { describeStores, openSecond } from '../helpers/stores.js';
import { seedWorld, type World } from '../cases/fixtures.js';

/**
 * The level timeline a filing reads is kept between filings (it was every level change ever made,
 * read again for each case). Kept, it must still follow every change: one made in this process, one
 * made by another process on the same store, and one that process makes back again.
 */
describeStores('command levels seen by new cases across processes', (get) => {
  let w: World;
  let b: AppContext;
  beforeAll(async () => {
    w = await seedWorld(get().ctx);
    b = await openSecond(get());
  });
  afterAll(async () => {
    await b?.close();
  });

  const levelAt = async (ctx: AppContext): Promise<string | null> => {
    const r = await ctx.command.limitPolicy.forCase({ categoryCode: 'C0102', districtCode: w.districtCode, streetCode: w.streetCode, at: get().clock.now() });
    return r?.reason ?? null;
  };

  it('a filing in one process sees a level set, changed and lifted by the other', async () => {
    const a = get().ctx;
    expect(await levelAt(a)).toBeNull();
    expect(await levelAt(a)).toBeNull(); // kept: the second read uses the timeline built by the first

    get().clock.advance(60_000);
    await b.command.levels.set(w.leader, w.districtCode, { level: 'reinforced', reason: '台风前加强' });
    get().clock.advance(60_000);
    expect(await levelAt(a)).toContain('加强');

    await b.command.levels.set(w.leader, w.districtCode, { level: 'emergency', reason: '台风登陆' });
    get().clock.advance(60_000);
    expect(await levelAt(a)).toContain('应急');

    await a.command.levels.set(w.leader, w.districtCode, { level: 'normal', reason: '解除' });
    get().clock.advance(60_000);
    expect(await levelAt(a)).toBeNull();
    expect(await levelAt(b)).toBeNull();
  });
});
