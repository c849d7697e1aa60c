import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../helpers/stores.js';
import { seedDemoOnFirstStart } from '../../src/demo/seed.js';

const SRC = path.resolve(import.meta.dirname, '../../src');
/** The composition roots and entry points may know the demo city; capabilities may not. */
const ROOTS = new Set(['app.ts', 'cli.ts', 'serve.ts', 'cluster.ts', 'bench.ts']);

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? sources(p) : /\.m?ts$/.test(e.name) ? [p] : [];
  });
}

describe('the composition root', () => {
  it('keeps demo data out of every capability: only src/demo and the entry points import it', () => {
    const offenders = sources(SRC)
      .map((f) => path.relative(SRC, f))
      .filter((rel) => !rel.startsWith(`demo${path.sep}`) && !rel.startsWith(`cli${path.sep}`) && !ROOTS.has(rel))
      .filter((rel) => /from '(\.\.\/)+demo\/|from '\.\/demo\//.test(fs.readFileSync(path.join(SRC, rel), 'utf8')));
    expect(offenders).toEqual([]);
  });

  describe('a context in demo mode', () => {
    let t: TestContext;
    beforeAll(async () => {
      t = await createTestContext('sqlite', { config: { demo: true, demoHistoryDays: 0 } });
    }, 60_000);
    afterAll(async () => t?.close());

    it('seeds nothing of the demo city until serve asks, and then once', async () => {
      expect(await t.ctx.catalog.listUnits()).toEqual([]);
      expect(await t.ctx.auth.findByUsername('operator')).toBeUndefined();
      expect(await seedDemoOnFirstStart(t.ctx)).toEqual({ demoSeeded: true });
      expect((await t.ctx.catalog.listUnits()).length).toBeGreaterThan(10);
      expect(await t.ctx.auth.findByUsername('operator')).toMatchObject({ username: 'operator' });
      expect(await seedDemoOnFirstStart(t.ctx)).toEqual({ demoSeeded: false });
    });
  });
});
