/**
 * Backup and restore of an embedded (SQLite) installation: one .tar.gz with a consistent snapshot of
 * the database, every evidence file and a manifest of SHA-256 hashes.
 *
 * The snapshot is `VACUUM INTO`: SQLite writes a copy of the database as one read transaction sees
 * it, so the platform keeps serving (WAL: writers do not wait for readers) and the copy is
 * consistent. (The page-by-page backup API restarts whenever another connection writes, which under
 * load may be never finished.) Evidence files are content-addressed and written before any record
 * names them, so the files present after the snapshot include every file it refers to.
 *
 * PostgreSQL has its own tools: see README (pg_dump plus the files folder).
 */
import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import SqliteDatabase from 'better-sqlite3';
import { createTarGzWriter, extractTarGz } from './tar.js';

export const MANIFEST = 'manifest.json';
export const DB_ENTRY = 'cityloop.sqlite';

export interface BackupManifest {
  format: 'cityloop-backup';
  version: 1;
  createdAt: string;
  store: 'sqlite';
  /** The migrations the snapshot has run, in order: restore into a newer release migrates from here. */
  migrations: string[];
  /** Rows per table in the snapshot. */
  tables: Record<string, number>;
  /** Every entry but the manifest, with its size and SHA-256. */
  entries: Array<{ name: string; size: number; sha256: string }>;
}

export interface BackupProgress {
  (done: number, total: number, note: string): void;
}

/** The SQLite file of a database URL, or undefined for PostgreSQL. */
export function sqliteFileOf(databaseUrl: string): string | undefined {
  if (/^postgres(ql)?:\/\//.test(databaseUrl)) return undefined;
  return path.resolve(databaseUrl.replace(/^(sqlite|file):/, ''));
}

function listFiles(root: string): string[] {
  if (!fs.existsSync(root)) return [];
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) {
        if (dir === root && e.name === 'tmp') continue; // uploads in progress
        walk(p);
      } else if (e.isFile()) out.push(p);
    }
  };
  walk(root);
  return out.sort();
}

function describeSnapshot(file: string): { migrations: string[]; tables: Record<string, number> } {
  const db = new SqliteDatabase(file, { readonly: true, fileMustExist: true });
  try {
    const names = (db.prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name").all() as Array<{ name: string }>).map((r) => r.name);
    const tables = Object.fromEntries(names.map((n) => [n, Number((db.prepare(`select count(*) as n from "${n.replace(/"/g, '""')}"`).get() as { n: number }).n)]));
    const migrations = names.includes('kysely_migration')
      ? (db.prepare('select name from kysely_migration order by name').all() as Array<{ name: string }>).map((r) => r.name)
      : [];
    return { migrations, tables };
  } finally {
    db.close();
  }
}

export interface BackupReport {
  archive: string;
  bytes: number;
  files: number;
  manifest: BackupManifest;
}

/** Writes a backup of the store at `databaseUrl` and the evidence under `dataDir/files` to `target`. */
export async function backupSqlite(databaseUrl: string, dataDir: string, target: string, progress?: BackupProgress): Promise<BackupReport> {
  const dbFile = sqliteFileOf(databaseUrl);
  if (!dbFile) throw new Error('cityloop backup works on the embedded SQLite store; on PostgreSQL use pg_dump and copy the files folder (see README, "Backup and restore")');
  if (!fs.existsSync(dbFile)) throw new Error(`no database at ${dbFile} 数据库文件不存在`);
  const out = path.resolve(target);
  if (fs.existsSync(out)) throw new Error(`${out} exists; choose a new file name 目标文件已存在`);
  fs.mkdirSync(path.dirname(out), { recursive: true });
  const work = fs.mkdtempSync(path.join(path.dirname(out), '.cityloop-backup-'));
  try {
    progress?.(0, 0, 'database snapshot');
    const snapshot = path.join(work, DB_ENTRY);
    const src = new SqliteDatabase(dbFile, { readonly: true, fileMustExist: true });
    try {
      src.pragma('busy_timeout = 30000');
      src.prepare('VACUUM INTO ?').run(snapshot);
    } finally {
      src.close();
    }
    const { migrations, tables } = describeSnapshot(snapshot);
    const evidence = listFiles(path.join(dataDir, 'files'));
    const partial = `${out}.part`;
    const tar = createTarGzWriter(partial);
    const entries: BackupManifest['entries'] = [];
    entries.push({ name: DB_ENTRY, ...(await tar.addFile(DB_ENTRY, snapshot)) });
    let done = 0;
    for (const f of evidence) {
      const name = `files/${path.relative(path.join(dataDir, 'files'), f).split(path.sep).join('/')}`;
      entries.push({ name, ...(await tar.addFile(name, f)) });
      progress?.(++done, evidence.length, 'evidence files');
    }
    const manifest: BackupManifest = { format: 'cityloop-backup', version: 1, createdAt: new Date().toISOString(), store: 'sqlite', migrations, tables, entries };
    await tar.addBuffer(MANIFEST, Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`));
    await tar.finish();
    fs.renameSync(partial, out);
    return { archive: out, bytes: fs.statSync(out).size, files: evidence.length, manifest };
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
    fs.rmSync(`${out}.part`, { force: true });
  }
}

export interface RestoreReport {
  database: string;
  files: number;
  manifest: BackupManifest;
}

/**
 * Restores an archive into an empty installation: the database file of `databaseUrl` must not exist
 * and `dataDir/files` must be empty. Every entry is checked against the manifest before anything is
 * put in place; a damaged archive restores nothing.
 */
export async function restoreSqlite(archive: string, databaseUrl: string, dataDir: string, progress?: BackupProgress): Promise<RestoreReport> {
  const dbFile = sqliteFileOf(databaseUrl);
  if (!dbFile) throw new Error('cityloop restore restores the embedded SQLite store; on PostgreSQL use pg_restore and copy the files folder (see README, "Backup and restore")');
  if (!fs.existsSync(archive)) throw new Error(`no archive at ${archive} 备份文件不存在`);
  const filesDir = path.join(dataDir, 'files');
  if (fs.existsSync(dbFile)) throw new Error(`${dbFile} exists: restore only into an empty data folder 只能恢复到空的数据目录`);
  if (listFiles(filesDir).length > 0) throw new Error(`${filesDir} holds files: restore only into an empty data folder 只能恢复到空的数据目录`);
  fs.mkdirSync(dataDir, { recursive: true });
  const work = fs.mkdtempSync(path.join(dataDir, '.cityloop-restore-'));
  try {
    let n = 0;
    const got = await extractTarGz(archive, work, () => progress?.(++n, 0, 'entries'));
    const manifestEntry = got.find((e) => e.name === MANIFEST);
    if (!manifestEntry) throw new Error('the archive has no manifest.json: it is not a CityLoop backup');
    const manifest = JSON.parse(fs.readFileSync(path.join(work, MANIFEST), 'utf8')) as BackupManifest;
    if (manifest.format !== 'cityloop-backup' || manifest.version !== 1) throw new Error(`unknown backup format ${manifest.format} v${manifest.version}`);
    const byName = new Map(got.map((e) => [e.name, e]));
    const problems: string[] = [];
    for (const e of manifest.entries) {
      const g = byName.get(e.name);
      if (!g) problems.push(`${e.name}: missing`);
      else if (g.sha256 !== e.sha256 || g.size !== e.size) problems.push(`${e.name}: content differs from the manifest (hash ${g.sha256.slice(0, 12)}… ≠ ${e.sha256.slice(0, 12)}…)`);
    }
    for (const g of got) if (g.name !== MANIFEST && !manifest.entries.some((e) => e.name === g.name)) problems.push(`${g.name}: not in the manifest`);
    // Evidence is content-addressed: each file's name is its own hash.
    for (const g of got) if (g.name.startsWith('files/') && /^[0-9a-f]{64}$/.test(path.basename(g.name)) && path.basename(g.name) !== g.sha256) problems.push(`${g.name}: the file is not what its name says`);
    if (problems.length) throw new Error(`the archive is damaged; nothing was restored 备份文件已损坏，未恢复任何数据:\n  ${problems.slice(0, 20).join('\n  ')}`);
    fs.mkdirSync(path.dirname(dbFile), { recursive: true });
    fs.renameSync(path.join(work, DB_ENTRY), dbFile);
    const restoredFiles = path.join(work, 'files');
    if (fs.existsSync(restoredFiles)) {
      fs.rmSync(filesDir, { recursive: true, force: true });
      fs.renameSync(restoredFiles, filesDir);
    }
    return { database: dbFile, files: manifest.entries.filter((e) => e.name.startsWith('files/')).length, manifest };
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

/** SHA-256 of a file, hex. */
export async function sha256OfFile(file: string): Promise<string> {
  const h = createHash('sha256');
  for await (const c of fs.createReadStream(file)) h.update(c as Buffer);
  return h.digest('hex');
}
