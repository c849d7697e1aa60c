import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { loadConfig } from '../../src/core/config.js';
import { openDatabase } from '../../src/store/db.js';
import { describeStores } from '../helpers/stores.js';
import { migrateToLatest, migrationState } from '../../src/store/migrate.js';
import { getSetting, putSetting } from '../../src/store/settings.js';

describeStores('store', (get, storeKind) => {
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

  // PostgreSQL only (schemas): registered for that store alone, so the SQLite suite has nothing skipped.
  if (storeKind === 'postgres') it('reads its migrations while other schemas of the same database are created and dropped', async () => {
    const { ctx, schema } = get();
    if (!schema) throw new Error('the PostgreSQL test context has no schema');
    // What the suites do beside each other, each in a schema of its own: another one is dropped
    // while this store starts. Kysely's own table listing read every schema and failed on the one
    // going away ("schema … does not exist"); every read of this store's migrations must succeed.
    let stop = false;
    const churn = async (i: number) => {
      for (let n = 0; !stop; n++) {
        const other = `${schema}_churn_${i}_${n}`;
        await sql.raw(`create schema ${other}; create table ${other}.a (id serial primary key, x text); create table ${other}.b (id serial primary key)`).execute(ctx.db.kysely);
        await sql.raw(`drop schema ${other} cascade`).execute(ctx.db.kysely);
      }
    };
    const churning = [churn(1), churn(2)];
    try {
      for (let i = 0; i < 15; i++) {
        const state = await migrationState(ctx.db);
        expect(state.pending).toEqual([]);
        expect(state.applied.map((m) => m.name)).toContain('0000_core');
      }
    } finally {
      stop = true;
      await Promise.all(churning);
    }
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
