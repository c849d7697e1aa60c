#!/usr/bin/env node
/**
 * Compiles the server ahead of time: every file of src/ and bench/ is transpiled by esbuild into
 * dist/ (same layout, one .js per .ts, imports untouched), the plain .mjs files are copied, and
 * dist/.stamp records when. bin/cityloop.js runs dist/ when it is newer than every source file,
 * so `npm start` never transpiles TypeScript at run time. Takes well under a second.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// `--out DIR` compiles elsewhere (the build test); the default is dist/, which bin/cityloop.js runs.
const outArg = process.argv.indexOf('--out');
const out = outArg > 0 ? path.resolve(process.argv[outArg + 1]) : path.join(root, 'dist');

function walk(dir) {
  const files = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) files.push(...walk(p));
    else files.push(p);
  }
  return files;
}

const started = Date.now();
const sources = ['src', 'bench'].flatMap((d) => walk(path.join(root, d)));
const entryPoints = sources.filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts') && !f.endsWith('.d.mts'));
const plain = sources.filter((f) => f.endsWith('.mjs'));

for (const d of ['src', 'bench']) fs.rmSync(path.join(out, d), { recursive: true, force: true });
fs.rmSync(path.join(out, '.stamp'), { force: true });
await build({
  entryPoints,
  outdir: out,
  outbase: root,
  bundle: false,
  platform: 'node',
  format: 'esm',
  target: 'node20.19',
  sourcemap: 'linked',
  logLevel: 'warning',
});
for (const f of plain) {
  const to = path.join(out, path.relative(root, f));
  fs.mkdirSync(path.dirname(to), { recursive: true });
  fs.copyFileSync(f, to);
}
fs.writeFileSync(path.join(out, '.stamp'), `${new Date().toISOString()}\n`);
process.stdout.write(`server compiled: ${entryPoints.length} files → ${path.relative(root, out)}/ in ${Date.now() - started} ms\n`);
