import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { loadConfig } from '../../src/core/config.js';
import { openDatabase } from '../../src/store/db.js';
import { describeStores } from '../helpers/stores.js';
import { migrateToLatest } from '../../src/store/migrate.js';
import { getSetting, putSetting } from '../../src/store/settings.js';

describeStores('store', (get) => {
  it('records applied migrations and applies nothing twice', async () => {
    const { ctx } = get();
    const again = await migrateToLatest(ctx.db);
    expect(again.applied).toEqual([]);
    const rows = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(ctx.db.kysely);
    expect(rows.rows.map((r) => r.name)).toContain('0000_core');
  });

  it('stores settings as JSON and overwrites in place', async () => {
    const { ctx } = get();
    await putSetting(ctx.db.kysely, 'test.key', { a: 1, b: ['x'] }, 1);
    await putSetting(ctx.db.kysely, 'test.key', { a: 2 }, 2);
    expect(await getSetting(ctx.db.kysely, 'test.key')).toEqual({ a: 2 });
    expect(await getSetting(ctx.db.kysely, 'missing')).toBeUndefined();
  });

  it('returns epoch-ms bigints as numbers on both stores', async () => {
    const { ctx } = get();
    await putSetting(ctx.db.kysely, 'test.time', 1, 1_767_000_000_123);
    const row = await ctx.db.kysely.selectFrom('settings').select('updated_at').where('key', '=', 'test.time').executeTakeFirstOrThrow();
    expect(row.updated_at).toBe(1_767_000_000_123);
  });
});

describe('SQLite durability setting', () => {
  it('opens the main connection with synchronous=NORMAL by default and FULL when configured', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cityloop-sync-'));
    try {
      for (const [setting, level] of [[undefined, 1], ['FULL', 2], ['NORMAL', 1]] as const) {
        const db = await openDatabase(`sqlite:${path.join(dir, `db-${setting ?? 'default'}.sqlite`)}`, setting ? { sqliteSynchronous: setting } : {});
        try {
          expect(db.native!.pragma('synchronous', { simple: true }), String(setting)).toBe(level);
        } finally {
          await db.close();
        }
      }
      expect(loadConfig({ CITYLOOP_SQLITE_SYNCHRONOUS: 'full' }).sqliteSynchronous).toBe('FULL');
      expect(() => loadConfig({ CITYLOOP_SQLITE_SYNCHRONOUS: 'OFF' })).toThrow(/CITYLOOP_SQLITE_SYNCHRONOUS/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
