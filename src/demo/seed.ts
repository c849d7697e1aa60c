import { getSetting, putSetting } from '../store/settings.js';
import type { AppContext } from '../app.js';

const DEMO_KEY = 'demo.seeded_at';

/**
 * What a fresh installation needs: the holiday dataset always; in demo mode also the demo city
 * (geography, classes, units, responsibility list, one account per role). Runs once: a marker in
 * `settings` records it, so a restart never seeds twice and a real deployment never gets demo data.
 */
export async function seedOnFirstStart(ctx: AppContext): Promise<{ demoSeeded: boolean }> {
  await ctx.calendar.seedDataset();
  if (!ctx.config.demo) return { demoSeeded: false };
  if (await getSetting<number>(ctx.db.kysely, DEMO_KEY)) return { demoSeeded: false };
  await seedDemoCity(ctx);
  await putSetting(ctx.db.kysely, DEMO_KEY, ctx.clock.now(), ctx.clock.now());
  await seedDemoHistoryOf(ctx);
  return { demoSeeded: true };
}

/**
 * A few weeks of history, driven through the real services by the simulator (its own context with a
 * movable clock on the same store), so the console opens on a city at work.
 */
export async function seedDemoHistoryOf(ctx: AppContext): Promise<void> {
  const days = ctx.config.demoHistoryDays;
  if (days <= 0) return;
  const { seedDemoHistory } = await import('../sim/run.js');
  const r = await seedDemoHistory(ctx.config, { days, perDay: 60 });
  ctx.logger.info({ reports: r.reports, actions: r.actions }, 'demo history simulated');
}

/** The demo city: a plausible Xiamen (see README for what is synthetic). */
export async function seedDemoCity(ctx: AppContext): Promise<void> {
  const log = ctx.logger.child({ step: 'demo-seed' });
  await ctx.geo.seedDemo();
  log.info('demo geography seeded');
  await ctx.catalog.seedDemo();
  log.info('demo catalog seeded');
  // Handlers belong to units, so accounts come after the catalog's units.
  await ctx.auth.seedDemoAccounts(await ctx.catalog.listUnits());
  log.info('demo accounts seeded');
}
