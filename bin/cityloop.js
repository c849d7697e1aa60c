#!/usr/bin/env node
// The command-line entry. Runs the server compiled ahead of time (dist/, written by
// `npm run build:server`, which `npm start` runs) when it is newer than every source file;
// otherwise it runs the TypeScript sources through tsx, so a fresh checkout and an edited tree work
// without a build step. CITYLOOP_SOURCE=1 forces the sources.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function newestSource(dir) {
  let newest = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    newest = Math.max(newest, e.isDirectory() ? newestSource(p) : fs.statSync(p).mtimeMs);
  }
  return newest;
}

function compiledIsCurrent() {
  if (process.env.CITYLOOP_SOURCE === '1') return false;
  let stamp;
  try {
    stamp = fs.statSync(path.join(root, 'dist', '.stamp')).mtimeMs;
  } catch {
    return false;
  }
  // Stale or missing: quietly run the sources (commands' output is read by scripts and tests).
  return Math.max(newestSource(path.join(root, 'src')), newestSource(path.join(root, 'bench'))) <= stamp;
}

if (compiledIsCurrent()) {
  await import(pathToFileURL(path.join(root, 'dist', 'src', 'cli.js')).href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli.ts');
}
