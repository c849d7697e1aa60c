/**
 * Writes test/store/fixtures/upgrade-from-<last migration>.sql (rename it after the last migration of
 * the release it stands for, when that release's schema differs only in ways its rows do not see): a small populated store as this
 * release leaves it (a city, accounts, cases with their hash chains, evidence records), as SQL
 * inserts. The upgrade test loads it into a store migrated only this far and migrates it to the
 * newest schema. Run it when a release is cut: `npx tsx scripts/make-upgrade-fixture.ts`.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import SqliteDatabase from 'better-sqlite3';
import { loadConfig } from '../src/core/config.js';
import { ManualClock } from '../src/core/clock.js';
import { createLogger } from '../src/core/logger.js';
import { createContext } from '../src/app.js';
import { simulate } from '../src/sim/simulate.js';
import { migrationState } from '../src/store/migrate.js';
import { importRegister } from '../src/registers.js';
import { GRIDS } from '../test/registers/city-files.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cityloop-fixture-'));
const config = loadConfig({ CITYLOOP_DATA_DIR: dir, CITYLOOP_DEMO: 'false', CITYLOOP_TIMERS: 'false', LOG_LEVEL: 'silent' });
const clock = new ManualClock(Date.parse('2026-03-02T08:00:00+08:00'));
const ctx = await createContext(config, { clock, logger: createLogger('silent'), subscribers: false });
await importRegister(ctx, 'grids', Buffer.from(JSON.stringify(GRIDS)));
await ctx.catalog.seedDemo();
const result = await simulate(ctx, { days: 3, perDay: 25, seed: 17, clock });
const last = (await migrationState(ctx.db)).applied.at(-1)!.name;
await ctx.close();

// Rows the migrations or the start put there themselves are left out: classes, the holiday dataset.
const skip = new Set(['kysely_migration', 'kysely_migration_lock', 'categories', 'category_names']);
const db = new SqliteDatabase(path.join(dir, 'cityloop.sqlite'), { readonly: true });
const quote = (v: unknown): string => (v === null ? 'NULL' : typeof v === 'number' || typeof v === 'bigint' ? String(v) : Buffer.isBuffer(v) ? `X'${v.toString('hex')}'` : `'${String(v).replace(/'/g, "''")}'`);
const lines = [
  `-- A store as migration ${last} leaves it: ${result.reports} reports over two simulated days in 同安区. Made by scripts/make-upgrade-fixture.ts.`,
  'PRAGMA foreign_keys = OFF;',
  'BEGIN;',
];
const tables = (db.prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name").all() as Array<{ name: string }>).map((r) => r.name);
for (const t of tables) {
  if (skip.has(t)) continue;
  const rows = db.prepare(`select * from "${t}"${t === 'calendar_days' ? " where source <> 'dataset'" : ''}`).all() as Array<Record<string, unknown>>;
  for (const r of rows) lines.push(`INSERT OR REPLACE INTO "${t}" (${Object.keys(r).map((k) => `"${k}"`).join(', ')}) VALUES (${Object.values(r).map(quote).join(', ')});`);
}
db.close();
lines.push('COMMIT;', 'PRAGMA foreign_keys = ON;');
const out = path.join(root, 'test', 'store', 'fixtures', `upgrade-from-${last}.sql`);
fs.mkdirSync(path.dirname(out), { recursive: true });
fs.writeFileSync(out, `${lines.join('\n')}\n`);
fs.rmSync(dir, { recursive: true, force: true });
process.stdout.write(`wrote ${path.relative(root, out)} (${lines.length - 5} rows, ${result.reports} reports)\n`);
