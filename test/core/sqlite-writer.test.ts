import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../src/store/db.js';
import { MAX_BATCH, createSqliteWriter, type JobOutcome, type WriteJob } from '../../src/store/sqlite-writer.js';

/**
 * The SQLite group-commit writer: writes submitted together are committed in one transaction on the
 * writer thread and are visible on the main connection (native and Kysely) once their promises
 * settle. A guarded job whose guard matches no row is refused whole; a job that fails half-way is
 * undone alone while its batch-mates are kept. A lone write and an in-memory database run on the
 * main connection with the same rules. A Kysely transaction can read, wait and write while the writer
 * commits, and a write queued as one begins never joins it; close() returns only once every queued
 * write is committed.
 */
const TABLE = 'create table t (id integer primary key, v text not null unique, n integer not null default 0)';
const INSERT = 'insert into t (v) values (?)';
const BUMP = 'update t set n = n + 1 where v = ?';

const insert = (v: string | null): WriteJob => ({ guarded: false, runs: [[INSERT, [v]]] });
/** Guarded by bumping the row `target`, then inserts `vs`. */
const guarded = (target: string, ...vs: string[]): WriteJob => ({ guarded: true, runs: [[BUMP, [target]], ...vs.map((v): readonly [string, unknown[]] => [INSERT, [v]])] });
/** Inserts `first`, then `second` (which may violate the unique index on v). */
const pair = (first: string, second: string): WriteJob => ({ guarded: false, runs: [[INSERT, [first]], [INSERT, [second]]] });

const submitAll = (d: Db, jobs: WriteJob[]): Promise<JobOutcome[]> => Promise.all(jobs.map((j) => d.writer!.submit(j)));
const nativeValues = (d: Db, prefix: string): string[] =>
  d.native!.prepare('select v from t where v like ? order by v').pluck().all(`${prefix}%`) as string[];
const kyselyValues = async (d: Db, prefix: string): Promise<string[]> =>
  (await sql<{ v: string }>`select v from t where v like ${`${prefix}%`} order by v`.execute(d.kysely)).rows.map((r) => r.v);
/** Rows changed by the main connection itself (SQLite counts per connection): tells where a batch ran. */
const changedHere = (d: Db): number => d.native!.prepare('select total_changes()').pluck().get() as number;
const bumps = (d: Db, v: string): number | undefined => d.native!.prepare('select n from t where v = ?').pluck().get(v) as number | undefined;
const sorted = (xs: string[]): string[] => [...xs].sort();

let dir: string;
let db: Db;
beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cityloop-writer-'));
  db = await openDatabase(path.join(dir, 'w.sqlite'));
  db.native!.exec(TABLE);
});
afterAll(async () => {
  await db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

it('commits writes submitted together in one transaction on the writer thread, visible on the main connection once settled', async () => {
  const before = db.writer!.stats();
  const here = changedHere(db);
  const names = Array.from({ length: MAX_BATCH }, (_, i) => `a-${String(i).padStart(2, '0')}`);
  const outcomes = await submitAll(db, names.map(insert));
  expect(outcomes).toEqual(names.map(() => 1));
  expect(db.writer!.stats()).toEqual({ commits: before.commits + 1, writes: before.writes + MAX_BATCH, retried: before.retried });
  // The rows were written by the writer thread's connection, not by this one.
  expect(changedHere(db)).toBe(here);
  expect(nativeValues(db, 'a-')).toEqual(sorted(names));
  expect(await kyselyValues(db, 'a-')).toEqual(sorted(names));
});

it('refuses a guarded job whose guard matches no row, writing none of it, and keeps its batch-mates', async () => {
  expect(await db.writer!.submit(insert('b-target'))).toBe(1);
  const before = db.writer!.stats();
  const outcomes = await submitAll(db, [
    insert('b-1'),
    guarded('b-missing', 'b-refused-1', 'b-refused-2'),
    guarded('b-target', 'b-accepted'),
    insert('b-2'),
  ]);
  expect(outcomes).toEqual([1, 0, 1, 1]);
  expect(db.writer!.stats()).toMatchObject({ commits: before.commits + 1, retried: before.retried });
  expect(nativeValues(db, 'b-')).toEqual(['b-1', 'b-2', 'b-accepted', 'b-target']);
  expect(await kyselyValues(db, 'b-')).toEqual(['b-1', 'b-2', 'b-accepted', 'b-target']);
  expect(bumps(db, 'b-target')).toBe(1);
});

it('undoes only the job that fails after writing part of its rows, and keeps the rest of the batch', async () => {
  expect(await db.writer!.submit(insert('c-taken'))).toBe(1);
  const before = db.writer!.stats();
  const outcomes = await submitAll(db, [
    insert('c-1'),
    pair('c-half', 'c-taken'), // the first row is written, the second hits the unique index on v
    guarded('c-missing', 'c-refused'),
    insert(null), // NOT NULL: a failure that is not a unique index
    insert('c-2'),
  ]);
  expect(outcomes[0]).toBe(1);
  expect(outcomes[1]).toEqual({ unique: expect.stringContaining('t.v'), code: 'SQLITE_CONSTRAINT_UNIQUE' });
  expect(outcomes[2]).toBe(0);
  expect(outcomes[3]).toEqual({ error: expect.any(String), code: 'SQLITE_CONSTRAINT_NOTNULL' });
  expect(outcomes[4]).toBe(1);
  expect(db.writer!.stats()).toEqual({ commits: before.commits + 1, writes: before.writes + 5, retried: before.retried + 1 });
  expect(nativeValues(db, 'c-')).toEqual(['c-1', 'c-2', 'c-taken']);
  expect(await kyselyValues(db, 'c-')).toEqual(['c-1', 'c-2', 'c-taken']);
});

it('runs a lone write on the main connection and makes it visible at once', async () => {
  const before = db.writer!.stats();
  const here = changedHere(db);
  expect(await db.writer!.submit(insert('d-1'))).toBe(1);
  expect(changedHere(db)).toBe(here + 1);
  expect(db.writer!.stats()).toMatchObject({ commits: before.commits + 1, writes: before.writes + 1 });
  expect(nativeValues(db, 'd-')).toEqual(['d-1']);
  expect(await kyselyValues(db, 'd-')).toEqual(['d-1']);
  // A guarded lone write is refused the same way.
  expect(await db.writer!.submit(guarded('d-missing', 'd-refused'))).toBe(0);
  expect(nativeValues(db, 'd-')).toEqual(['d-1']);
});

it('commits, refuses and undoes the same way on an in-memory database', async () => {
  const mem = await openDatabase(':memory:');
  try {
    mem.native!.exec(TABLE);
    expect(await submitAll(mem, [insert('e-taken'), insert('e-target')])).toEqual([1, 1]);
    const before = mem.writer!.stats();
    const here = changedHere(mem);
    const names = Array.from({ length: 10 }, (_, i) => `e-${i}`);
    const outcomes = await submitAll(mem, [
      ...names.map(insert),
      guarded('e-missing', 'e-refused'),
      guarded('e-target', 'e-accepted'),
      pair('e-half', 'e-taken'),
    ]);
    expect(outcomes.slice(0, 10)).toEqual(names.map(() => 1));
    expect(outcomes[10]).toBe(0);
    expect(outcomes[11]).toBe(1);
    expect(outcomes[12]).toMatchObject({ unique: expect.any(String), code: 'SQLITE_CONSTRAINT_UNIQUE' });
    expect(mem.writer!.stats()).toEqual({ commits: before.commits + 1, writes: before.writes + 13, retried: before.retried + 1 });
    // No writer thread for a database without a file: the batch ran on the main connection.
    expect(changedHere(mem)).toBeGreaterThan(here);
    expect(nativeValues(mem, 'e-')).toEqual(sorted([...names, 'e-accepted', 'e-taken', 'e-target']));
    expect(await kyselyValues(mem, 'e-')).toEqual(sorted([...names, 'e-accepted', 'e-taken', 'e-target']));
    expect(bumps(mem, 'e-target')).toBe(1);
  } finally {
    await mem.close();
  }
});

it('lets a Kysely transaction read, wait and then write while the writer thread commits batches', async () => {
  const writer = db.writer!;
  const before = writer.stats().commits;
  const names = Array.from({ length: 2 * MAX_BATCH }, (_, i) => `f-w-${String(i).padStart(2, '0')}`);
  const writes = submitAll(db, names.map(insert));
  const tx = db.kysely.transaction().execute(async (trx) => {
    const seen = (await sql<{ n: number }>`select count(*) as n from t where v like 'f-%'`.execute(trx)).rows[0]!.n;
    // Give the writer thread the chance to commit between this read and the write below (a transaction
    // begun DEFERRED would then fail its write with SQLITE_BUSY_SNAPSHOT); no wait is needed when it cannot.
    for (let i = 0; i < 20 && writer.stats().commits === before; i++) await new Promise((r) => setTimeout(r, 10));
    await sql`insert into t (v) values (${`f-tx-${seen}`})`.execute(trx);
  });
  const [outcomes] = await Promise.all([writes, tx]);
  expect(outcomes).toEqual(names.map(() => 1));
  expect(nativeValues(db, 'f-w-')).toEqual(names);
  expect(nativeValues(db, 'f-tx-')).toHaveLength(1);
  expect(await kyselyValues(db, 'f-')).toHaveLength(names.length + 1);
});

for (const where of ['file', 'memory'] as const) {
  it(`keeps a write queued just before a Kysely transaction out of it, even when that transaction rolls back (${where})`, async () => {
    const d = where === 'file' ? db : await openDatabase(':memory:');
    try {
      if (where === 'memory') d.native!.exec(TABLE);
      const lone = d.writer!.submit(insert(`h-${where}-lone`));
      const tx = d.kysely.transaction().execute(async (trx) => {
        await sql`select count(*) from t`.execute(trx);
        await new Promise((r) => setTimeout(r, 20));
        await sql`insert into t (v) values (${`h-${where}-tx`})`.execute(trx);
        throw new Error('changed my mind');
      });
      const [written, rolledBack] = await Promise.allSettled([lone, tx]);
      expect(written).toEqual({ status: 'fulfilled', value: 1 });
      expect(String((rolledBack as PromiseRejectedResult).reason)).toContain('changed my mind');
      expect(nativeValues(d, `h-${where}-`)).toEqual([`h-${where}-lone`]);
    } finally {
      if (d !== db) await d.close();
    }
  });
}

it('closes only after the queued writes are committed', async () => {
  const file = path.join(dir, 'g.sqlite');
  const g = await openDatabase(file);
  g.native!.exec(TABLE);
  const n = MAX_BATCH + 8;
  let settled = 0;
  const pending = Array.from({ length: n }, (_, i) => g.writer!.submit(insert(`g-${i}`)).then((o) => {
    settled += 1;
    return o;
  }));
  await g.close();
  expect(settled).toBe(n);
  expect(await Promise.all(pending)).toEqual(pending.map(() => 1));
  await expect(g.writer!.submit(insert('g-late'))).rejects.toThrow(/closed/);
  const again = await openDatabase(file);
  try {
    expect(again.native!.prepare('select count(*) from t').pluck().get()).toBe(n);
  } finally {
    await again.close();
  }
});

it('fails the writes of a writer thread that cannot work, instead of leaving them waiting, and tries a new thread for the next ones', async () => {
  const bad = path.join(dir, 'not-a-database.sqlite');
  fs.writeFileSync(bad, 'this file is not a SQLite database '.repeat(200));
  const Database = (await import('better-sqlite3')).default;
  const main = new Database(':memory:');
  const writer = createSqliteWriter(main, bad);
  try {
    // Several at once: they go to the thread, which fails to open the file.
    const first = await Promise.allSettled(Array.from({ length: 4 }, (_, i) => writer.submit(insert(`bad-${i}`))));
    expect(first.every((r) => r.status === 'rejected')).toBe(true);
    expect(String((first[0] as PromiseRejectedResult).reason)).toMatch(/not a database|file is not/i);
    const again = await Promise.allSettled(Array.from({ length: 4 }, (_, i) => writer.submit(insert(`again-${i}`))));
    expect(again.every((r) => r.status === 'rejected')).toBe(true);
    expect(writer.stats().commits).toBe(0);
  } finally {
    await writer.close();
    main.close();
  }
});
