/**
 * Benchmark cases.storage: bytes a case and an event take on disk, per table and index, on SQLite
 * and (when CITYLOOP_TEST_PG_URL or DATABASE_URL is set) on PostgreSQL. The demo city is seeded and
 * simulated days are driven through the real services by the CLI (`cityloop seed`, `cityloop
 * simulate`) into a data folder / a database of the bench's own, so the mix of events is the
 * simulator's (returns, extensions, overdue lights, self-handled cases …), not one fixed path.
 * Same-run baseline: the same rows as plain JSON text, one object per row, an event's data as its JSON
 * and its hash as hex (what a log file of the cases and their events would take), so the ratio says
 * what the tables and indexes cost on top.
 * Env: CITYLOOP_STORAGE_DAYS (default 2), CITYLOOP_STORAGE_PER_DAY (default 1000).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import pg from 'pg';
import { noProgress, type OnProgress } from '../src/core/progress.js';
import { decodeCaseData } from '../src/cases/event-data.js';
import { rowJson } from '../src/cases/row-codec.js';
import { hashHex } from '../src/workflow/data-codec.js';
import { benchPgUrl } from './bench-store.js';

const ROOT = (() => {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!fs.existsSync(path.join(dir, 'package.json')) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return dir;
})();

/** The case log's own tables, and those triggers on it keep (counted apart). */
const CASE_TABLES = ['cases', 'case_events'];
const KEPT_BY_TRIGGERS = ['file_refs', 'case_unit_holds'];

interface TableBytes { table: number; indexes: number }
interface StoreFigures {
  cases: number;
  events: number;
  perTable: Record<string, TableBytes & { perCase: number }>;
  bytesPerCase: number;
  bytesPerEvent: number;
  eventTableBytesPerEvent: number;
  keptByTriggersPerCase: number;
  baselineJsonPerCase: number;
  ratioToJson: number;
  note?: string;
}

function cli(args: string[], env: NodeJS.ProcessEnv): void {
  execFileSync(process.execPath, [path.join(ROOT, 'bin/cityloop.js'), ...args], { env: { ...process.env, ...env, LOG_LEVEL: 'warn' }, stdio: ['ignore', 'ignore', 'inherit'] });
}

/**
 * A row as a log file would hold it (what the stored bytes stand for): an event's data as its JSON,
 * its hash as hex; a case's JSON columns as their JSON and its chain head as hex.
 */
function readable(r: Record<string, unknown>): Record<string, unknown> {
  if (r.last_hash !== undefined && r.place_names !== undefined) {
    const json = (v: unknown): unknown => (v === null ? null : rowJson(v));
    return { ...r, last_hash: hashHex(r.last_hash), time_limits: json(r.time_limits), place_names: json(r.place_names), pending: json(r.pending) };
  }
  if (r.hash === undefined || r.seq === undefined) return r;
  return { ...r, data: decodeCaseData(r.data), hash: hashHex(r.hash) };
}

function jsonBytes(rows: Iterable<unknown>): number {
  let n = 0;
  for (const r of rows) n += Buffer.byteLength(JSON.stringify(readable(r as Record<string, unknown>))) + 1;
  return n;
}

function figures(sizes: Record<string, TableBytes>, cases: number, events: number, json: number, note?: string): StoreFigures {
  const perTable: StoreFigures['perTable'] = {};
  let own = 0;
  let kept = 0;
  for (const [t, s] of Object.entries(sizes)) {
    perTable[t] = { ...s, perCase: Math.round((s.table + s.indexes) / cases) };
    if (CASE_TABLES.includes(t)) own += s.table + s.indexes;
    else kept += s.table + s.indexes;
  }
  return {
    cases, events, perTable,
    bytesPerCase: Math.round(own / cases),
    bytesPerEvent: Math.round((sizes.case_events!.table + sizes.case_events!.indexes) / events),
    eventTableBytesPerEvent: Math.round(sizes.case_events!.table / events),
    keptByTriggersPerCase: Math.round(kept / cases),
    baselineJsonPerCase: Math.round(json / cases),
    ratioToJson: Math.round((own / json) * 100) / 100,
    ...(note ? { note } : {}),
  };
}

async function sqliteRun(days: number, perDay: number): Promise<StoreFigures> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cityloop-storage-'));
  try {
    const env = { CITYLOOP_DATA_DIR: dir, DATABASE_URL: '' };
    cli(['seed'], env);
    cli(['simulate', '--days', String(days), '--per-day', String(perDay)], env);
    const db = new Database(path.join(dir, 'cityloop.sqlite'));
    db.pragma('wal_checkpoint(TRUNCATE)');
    const owner = new Map<string, string>();
    for (const r of db.prepare("select name, tbl_name from sqlite_master where type in ('table','index')").all() as Array<{ name: string; tbl_name: string }>) owner.set(r.name, r.tbl_name);
    const sizes: Record<string, TableBytes> = {};
    for (const r of db.prepare('select name, sum(pgsize) bytes from dbstat group by name').all() as Array<{ name: string; bytes: number }>) {
      const t = owner.get(r.name) ?? r.name;
      if (![...CASE_TABLES, ...KEPT_BY_TRIGGERS].includes(t)) continue;
      const s = (sizes[t] ??= { table: 0, indexes: 0 });
      if (r.name === t) s.table += r.bytes;
      else s.indexes += r.bytes;
    }
    const cases = (db.prepare('select count(*) n from cases').get() as { n: number }).n;
    const events = (db.prepare('select count(*) n from case_events').get() as { n: number }).n;
    const json = jsonBytes(db.prepare('select * from cases').iterate()) + jsonBytes(db.prepare('select * from case_events').iterate());
    db.close();
    return figures(sizes, cases, events, json);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function postgresRun(url: string, days: number, perDay: number): Promise<StoreFigures> {
  const name = `cityloop_storage_${process.pid}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cityloop-storage-pg-'));
  try {
    await admin.query(`drop database if exists ${name}`);
    await admin.query(`create database ${name}`);
    const u = new URL(url);
    u.pathname = `/${name}`;
    const env = { CITYLOOP_DATA_DIR: dir, DATABASE_URL: u.toString() };
    cli(['seed'], env);
    cli(['simulate', '--days', String(days), '--per-day', String(perDay)], env);
    const c = new pg.Client({ connectionString: u.toString() });
    await c.connect();
    // Dead row versions from the updates are space PostgreSQL reuses but does not give back; VACUUM
    // FULL rewrites the tables so the figure is the live data's (the as-written size is in the note).
    const before = Number((await c.query(`select sum(pg_total_relation_size(t::regclass)) b from unnest($1::text[]) t`, [CASE_TABLES])).rows[0].b);
    for (const t of [...CASE_TABLES, ...KEPT_BY_TRIGGERS]) await c.query(`vacuum full analyze ${t}`);
    const sizes: Record<string, TableBytes> = {};
    for (const t of [...CASE_TABLES, ...KEPT_BY_TRIGGERS]) {
      const r = (await c.query(`select pg_table_size($1::regclass) t, pg_indexes_size($1::regclass) i`, [t])).rows[0];
      sizes[t] = { table: Number(r.t), indexes: Number(r.i) };
    }
    const cases = Number((await c.query('select count(*) n from cases')).rows[0].n);
    const events = Number((await c.query('select count(*) n from case_events')).rows[0].n);
    let json = Number((await c.query(`select sum(octet_length(row_to_json(x)::text) + 1) b from cases x`)).rows[0].b);
    for (let offset = 0; ; offset += 5000) {
      const rows = (await c.query('select * from case_events order by case_no, seq limit 5000 offset $1', [offset])).rows;
      if (rows.length === 0) break;
      json += jsonBytes(rows);
    }
    await c.end();
    return figures(sizes, cases, events, json, `as written, before VACUUM FULL: ${Math.round(before / cases)} bytes a case (dead row versions of updated cases included)`);
  } finally {
    await admin.query(`drop database if exists ${name} with (force)`).catch(() => undefined);
    await admin.end();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export async function run(progress: OnProgress = noProgress): Promise<unknown> {
  const days = Number(process.env.CITYLOOP_STORAGE_DAYS ?? 2);
  const perDay = Number(process.env.CITYLOOP_STORAGE_PER_DAY ?? 1000);
  const pgUrl = benchPgUrl();
  progress(0, pgUrl ? 2 : 1, 'SQLite');
  const sqlite = await sqliteRun(days, perDay);
  progress(1, pgUrl ? 2 : 1, pgUrl ? 'PostgreSQL' : 'done');
  const postgres = pgUrl ? await postgresRun(pgUrl, days, perDay) : undefined;
  progress(pgUrl ? 2 : 1, pgUrl ? 2 : 1, 'done');
  return { days, perDay, sqlite, ...(postgres ? { postgres } : {}) };
}
