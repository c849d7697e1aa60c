/**
 * Upgrades (issue 17 item 6): a store the previous release made, with data in it, migrates to this
 * release's schema and keeps every record — rows, hash chains, logins. The data is a fixture made by
 * scripts/make-upgrade-fixture.ts when that release was cut; the schema is built by running only the
 * migrations that release had.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/core/config.js';
import { createLogger } from '../../src/core/logger.js';
import { createContext } from '../../src/app.js';
import { openDatabase } from '../../src/store/db.js';
import { migrateTo, migrationState } from '../../src/store/migrate.js';
import { tempDir } from '../helpers/stores.js';
import { runCli } from '../helpers/cli.js';

const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');
const fixture = fs.readdirSync(fixtures).filter((f) => f.startsWith('upgrade-from-')).sort().at(-1)!;
const previous = fixture.replace(/^upgrade-from-/, '').replace(/\.sql$/, '');
const dir = tempDir('cityloop-upgrade-');
const env = { CITYLOOP_DATA_DIR: dir, CITYLOOP_DEMO: 'false' };
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

async function counts(): Promise<Record<string, number>> {
  const db = await openDatabase(`sqlite:${path.join(dir, 'cityloop.sqlite')}`);
  try {
    const out: Record<string, number> = {};
    for (const t of ['users', 'units', 'geo_grids', 'responsibility_items', 'cases', 'case_events', 'files']) {
      const r = await sql<{ n: number }>`select count(*) as n from ${sql.table(t)}`.execute(db.kysely).catch(() => ({ rows: [{ n: -1 }] }));
      out[t] = Number(r.rows[0]!.n);
    }
    return out;
  } finally {
    await db.close();
  }
}

describe(`upgrading a populated store from the previous release (${previous})`, () => {
  let before: Record<string, number>;

  it('builds the previous release’s schema and fills it with that release’s data', async () => {
    const db = await openDatabase(`sqlite:${path.join(dir, 'cityloop.sqlite')}`);
    try {
      await migrateTo(db, previous);
      db.native!.exec(fs.readFileSync(path.join(fixtures, fixture), 'utf8'));
    } finally {
      await db.close();
    }
    before = await counts();
    expect(before.cases).toBeGreaterThan(10);
    expect(before.case_events).toBeGreaterThan(before.cases!);
  });

  it('lists what it would run without running it (migrate --dry-run)', async () => {
    const r = await runCli(['migrate', '--dry-run', '--json'], env);
    expect(r.code, r.stderr).toBe(0);
    const state = JSON.parse(r.stdout) as { applied: Array<{ name: string }>; pending: string[] };
    expect(state.applied.at(-1)?.name).toBe(previous);
    const db = await openDatabase(`sqlite:${path.join(dir, 'cityloop.sqlite')}`);
    try {
      expect((await migrationState(db)).pending).toEqual(state.pending);
    } finally {
      await db.close();
    }
  }, 300_000);

  it('migrates to this release and keeps every record: rows, hash chains and logins', async () => {
    const r = await runCli(['migrate'], env);
    expect(r.code, r.stderr).toBe(0);
    expect(await counts()).toEqual(before);
    const ctx = await createContext(loadConfig({ ...env, LOG_LEVEL: 'silent' }), { logger: createLogger('silent'), subscribers: false });
    try {
      expect((await migrationState(ctx.db)).pending).toEqual([]);
      const v = await ctx.cases.verifyAllCases();
      expect(v).toMatchObject({ ok: true, broken: [], cases: before.cases, events: before.case_events });
      // The accounts are there and work (their passwords were never known: a reset and a login).
      const inspector = (await ctx.auth.listUsers({ q: 'sim.inspector', limit: 1, offset: 0 })).items[0]!;
      await ctx.auth.updateUser(inspector.id, { password: 'Upgraded2026' });
      expect((await ctx.auth.login(inspector.username, 'Upgraded2026')).user.id).toBe(inspector.id);
      const again = await runCli(['migrate', '--dry-run'], env);
      expect(again.stdout).toContain('nothing to apply');
    } finally {
      await ctx.close();
    }
  }, 300_000);
});
