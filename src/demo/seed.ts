import { getSetting, putSetting } from '../store/settings.js';
import type { AppContext } from '../app.js';

const DEMO_KEY = 'demo.seeded_at';

/**
 * Demo mode on a fresh store: the demo city (geography, classes, units, responsibility list, one
 * account per role) and a few weeks of history. Runs once: a marker in `settings` records it, so a
 * restart never seeds twice. Called by `serve` (src/serve.ts) when config.demo is on — never by
 * createContext, so a real deployment and the other CLI commands never get demo data.
 */
export async function seedDemoOnFirstStart(ctx: AppContext): Promise<{ demoSeeded: boolean }> {
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
  // Two hours of simulated detections on 40 cameras; the demo operator has judged most of what became an item.
  const reviewer = await ctx.auth.findByUsername('operator');
  const { DEMO_VIDEO } = await import('./video.js');
  const feed = await ctx.video.simulate({ hours: 2, perCameraHour: 0.6, cameras: 40, ...(reviewer ? { reviewer } : {}), reviewShare: 0.7, snapshots: DEMO_VIDEO.snapshot, snapshotEvery: 10 });
  ctx.logger.info({ detections: feed.detections, items: feed.items, reviewed: feed.reviewed }, 'demo video feed simulated');
  // Penalty cases at every stage a role meets first, and a yard with old and new things (src/demo/enforcement.ts).
  const { seedDemoEnforcement } = await import('./enforcement.js');
  const enf = await seedDemoEnforcement(ctx.config, ctx.logger);
  ctx.logger.info(enf, 'demo enforcement cases and impounds seeded');
  const { seedDemoHistory } = await import('../sim/run.js');
  const r = await seedDemoHistory(ctx.config, { days, perDay: 60 }, ctx.logger);
  ctx.logger.info({ days, reports: r.reports, actions: r.actions }, 'demo history simulated');
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
  const video = await ctx.video.seedDemo();
  log.info(video, 'demo video shelf and cameras seeded');
  const labelled = await ctx.classifier.seedDemo();
  log.info({ labelled }, 'demo labelled work-order texts seeded');
  await ctx.enforcement.seedDemo((username) => ctx.auth.findByUsername(username));
  log.info('demo enforcement benchmark and officers seeded');
  await ctx.open311.seedDemo();
  log.info('demo public services opened');
  const places = await ctx.hotline.seedDemo();
  log.info({ places }, 'demo gazetteer seeded');
  const suggestions = await ctx.suggestions.seedDemo();
  log.info({ suggestions }, 'demo suggestions seeded');
}
