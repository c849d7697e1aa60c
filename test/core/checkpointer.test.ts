import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../src/store/db.js';

/**
 * A SQLite store checkpoints its WAL on a worker thread, not inside a writer's COMMIT: the writing
 * connection never copies pages into the database file itself, yet the file catches up.
 */
let dir: string;
let db: Db;
beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cityloop-ckpt-'));
  db = await openDatabase(path.join(dir, 'c.sqlite'));
});
afterAll(async () => {
  await db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const size = (f: string): number => (fs.existsSync(f) ? fs.statSync(f).size : 0);

it('moves committed pages from the WAL into the database file off the writing thread', async () => {
  const native = db.native!;
  expect(native.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
  native.exec('create table t (id integer primary key, body text not null)');
  const insert = native.prepare('insert into t (body) values (?)');
  const file = path.join(dir, 'c.sqlite');
  const before = size(file);
  native.transaction(() => {
    for (let i = 0; i < 3000; i++) insert.run('城市运管服'.repeat(60));
  })();
  // Written to the WAL only: this connection does not checkpoint.
  expect(size(`${file}-wal`)).toBeGreaterThan(1_000_000);
  expect(size(file)).toBeLessThan(before + 100_000);
  // The checkpointer copies every page into the file: it grows to the database's whole size.
  const whole = (native.pragma('page_count', { simple: true }) as number) * (native.pragma('page_size', { simple: true }) as number);
  const deadline = Date.now() + 10_000;
  while (size(file) < whole && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  expect(size(file)).toBe(whole);
  // A write after the complete checkpoint (once its pass has ended) starts the WAL over instead of growing it.
  let written = 3000;
  let restarted = false;
  while (!restarted && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 50));
    const walBefore = size(`${file}-wal`);
    insert.run('再写一行');
    written += 1;
    restarted = size(`${file}-wal`) <= walBefore;
  }
  expect(restarted).toBe(true);
  expect((native.prepare('select count(*) from t').pluck().get() as number)).toBe(written);
});

