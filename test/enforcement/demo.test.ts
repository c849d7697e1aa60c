/**
 * The demo's enforcement history (src/demo/enforcement.ts): a fresh demo opens the enforcement
 * workspace on cases at the stages each role meets first and a yard with old and new things, one paid
 * for and ready for release — not on empty lists. Seeded once.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { createContext, type AppContext } from '../../src/app.js';
import { loadConfig } from '../../src/core/config.js';
import { createLogger } from '../../src/core/logger.js';
import { seedDemoEnforcement } from '../../src/demo/enforcement.js';
import { seedDemoCity } from '../../src/demo/seed.js';

let ctx: AppContext | undefined;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'demo-enf-'));
afterAll(async () => {
  await ctx?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

it('seeds penalty cases at every first-minute stage and a yard with ageing and a thing ready for release, once', async () => {
  const config = loadConfig({ CITYLOOP_DATA_DIR: dir, CITYLOOP_DEMO: 'true', CITYLOOP_TIMERS: 'false', LOG_LEVEL: 'silent' });
  ctx = await createContext(config, { logger: createLogger('silent') });
  await seedDemoCity(ctx);
  expect(await seedDemoEnforcement(config, createLogger('silent'))).toEqual({ cases: 5, impounds: 3 });
  expect(await seedDemoEnforcement(config, createLogger('silent'))).toEqual({ cases: 0, impounds: 0 });
  const leader = (await ctx.auth.findByUsername('leader'))!;
  const cases = (await ctx.enforcement.list(leader, { limit: 50, offset: 0 })).items;
  expect(cases.map((p) => p.state).sort()).toEqual(['clue', 'decided', 'executing', 'investigating', 'legal_review']);
  expect(cases.find((p) => p.state === 'decided')!.documents.map((d) => d.kind)).toEqual(['decision']);
  const yard = await ctx.enforcement.impounds.yard(leader, {});
  expect(yard.rows.map((r) => [r.impound.kind, r.ageDays, r.attention])).toEqual([['goods', 12, 'ready_for_release'], ['vehicle', 20, null], ['dog', 3, null]]);
  // The legal reviewer has a case waiting in the queue.
  const reviewer = (await ctx.auth.findByUsername('legalreviewer'))!;
  expect((await ctx.enforcement.list(reviewer, { states: ['legal_review'], limit: 10, offset: 0 })).total).toBe(1);
}, 120_000);
