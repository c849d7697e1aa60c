import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { MigrationFactory } from './migrate.js';

/**
 * The migrations as `[name, factory]`, in order: every `NNNN_name.ts` of src/store/migrations/.
 * From the sources it reads the folder and imports each file. The compiled server (dist/, one bundle)
 * has no folder to read: scripts/build-server.mjs replaces this module with one that imports every
 * migration file statically (the same folder listing, made at build time), so they are bundled.
 */
export const MIGRATION_FILE = /^\d{4}_[a-z0-9_]+\.(ts|js)$/;

export async function migrationFactories(): Promise<Array<[name: string, factory: MigrationFactory]>> {
  const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');
  const files = fs.readdirSync(dir).filter((f) => MIGRATION_FILE.test(f) && !f.endsWith('.d.ts')).sort();
  const out: Array<[string, MigrationFactory]> = [];
  for (const f of files) {
    const mod = (await import(pathToFileURL(path.join(dir, f)).href)) as { default: MigrationFactory };
    out.push([f.replace(/\.(ts|js)$/, ''), mod.default]);
  }
  return out;
}
