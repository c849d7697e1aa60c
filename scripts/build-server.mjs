#!/usr/bin/env node
/**
 * Compiles the server ahead of time into dist/, which bin/cityloop.js runs when dist/.stamp is newer
 * than every source file, so `npm start` neither transpiles TypeScript nor opens hundreds of module
 * files at run time (the ESM loader resolving and reading ≈ 400 files of ours was ≈ 1 s of a start).
 *
 * - dist/src/cli.js: our code of src/ and bench/ bundled by esbuild into one ES module. What is
 *   imported lazily (`await import(…)`: the bench programs, the demo seed's later parts, exceljs's
 *   users, …) is split into chunks next to it (dist/src/NAME-HASH.js), loaded on first use.
 *   Packages stay external (node_modules, resolved as usual; native addons must anyway).
 * - The migrations: src/store/migration-files.ts lists the migrations folder at run time; here it is
 *   replaced by a module importing every migration statically, so they are bundled too.
 * - dist/src/sqlite-writer-worker.mjs: the SQLite writer thread's entry (src/store/sqlite-writer.ts
 *   starts it as `./sqlite-writer-worker.mjs` next to its own module, which here is the bundle),
 *   bundled with its two helpers.
 * Everything else found by path at run time is outside dist/ (web/dist, packages' files) and is
 * found from the project folder, the nearest one up with a package.json.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// `--out DIR` compiles elsewhere (the build test); the default is dist/, which bin/cityloop.js runs.
const outArg = process.argv.indexOf('--out');
const out = outArg > 0 ? path.resolve(process.argv[outArg + 1]) : path.join(root, 'dist');
const outSrc = path.join(out, 'src');

const MIGRATIONS = path.join(root, 'src', 'store', 'migrations');
const MIGRATION_FILE = /^\d{4}_[a-z0-9_]+\.ts$/; // as src/store/migration-files.ts

/** Replaces src/store/migration-files.ts with static imports of the migration files found now. */
const bundledMigrations = {
  name: 'bundled-migrations',
  setup(b) {
    b.onLoad({ filter: /[\\/]src[\\/]store[\\/]migration-files\.ts$/ }, () => {
      const files = fs.readdirSync(MIGRATIONS).filter((f) => MIGRATION_FILE.test(f)).sort();
      const names = files.map((f) => f.replace(/\.ts$/, ''));
      return {
        loader: 'ts',
        resolveDir: path.join(root, 'src', 'store'),
        watchFiles: files.map((f) => path.join(MIGRATIONS, f)),
        contents: [
          ...names.map((n, i) => `import m${i} from './migrations/${n}.ts';`),
          `export const MIGRATION_FILE = ${MIGRATION_FILE};`,
          `export async function migrationFactories() { return [${names.map((n, i) => `[${JSON.stringify(n)}, m${i}]`).join(', ')}]; }`,
        ].join('\n'),
      };
    });
  },
};

/**
 * @fastify/swagger-ui serves its static/ folder (and reads its logo) by __dirname. Bundled, each of its
 * files gets its own __dirname back: its folder inside the installed package, found at run time.
 */
const SWAGGER_UI = path.join(root, 'node_modules', '@fastify', 'swagger-ui');
const packageDirname = {
  name: 'package-dirname',
  setup(b) {
    b.onLoad({ filter: /[\\/]node_modules[\\/]@fastify[\\/]swagger-ui[\\/].*\.js$/ }, async (args) => {
      const rel = path.relative(SWAGGER_UI, path.dirname(args.path)).split(path.sep).join('/');
      const dirname = `require('node:path').join(require('node:path').dirname(require.resolve('@fastify/swagger-ui')), ${JSON.stringify(rel)})`;
      return { loader: 'js', contents: `var __dirname = ${dirname};\n${await fs.promises.readFile(args.path, 'utf8')}` };
    });
  },
};

/**
 * Packages are bundled too (opening and resolving ≈ 300 package files was most of what remained of
 * the loader's time), except these, which stay files in node_modules: native addons; packages that
 * read their own files by __dirname (in the bundle __dirname is dist/src/); and packages loaded
 * lazily (not at start), which cost nothing until used and keep the bundle smaller.
 */
const EXTERNAL = [
  'better-sqlite3', '@node-rs/*', // native addons
  '@expo-google-fonts/*', // font files, found with require.resolve
  'h3-js', // emscripten output
  'exceljs', 'pdfkit', 'pg', 'mqtt', '@nats-io/*', 'pino-pretty', // loaded on first use
];
// (@fastify/swagger reads "its" package.json by __dirname only for the document's default title and
// version, which src/http/server.ts sets, so it is bundled.)
/**
 * Bundled CommonJS packages call require() for Node's built-ins and read __dirname/__filename;
 * an ES module has neither, so every output file defines them (the bundle's own folder).
 */
const BANNER = [
  "import { createRequire as __clCreateRequire } from 'node:module';",
  "import { fileURLToPath as __clFileURLToPath } from 'node:url';",
  'const require = __clCreateRequire(import.meta.url);',
  'const __filename = __clFileURLToPath(import.meta.url);',
  "const __dirname = __clFileURLToPath(new URL('.', import.meta.url));",
].join(' ');

const common = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20.19',
  external: EXTERNAL,
  sourcemap: 'linked',
  logLevel: 'warning',
  metafile: true,
};

const started = Date.now();
for (const d of ['src', 'bench']) fs.rmSync(path.join(out, d), { recursive: true, force: true });
fs.rmSync(path.join(out, '.stamp'), { force: true });
const main = await build({
  ...common,
  entryPoints: { cli: path.join(root, 'src', 'cli.ts') },
  outdir: outSrc,
  splitting: true,
  entryNames: '[name]',
  chunkNames: '[name]-[hash]',
  plugins: [bundledMigrations, packageDirname],
  banner: { js: BANNER },
});
// CITYLOOP_BUILD_META=FILE writes esbuild's metafile (what went into which output, for looking at sizes).
if (process.env.CITYLOOP_BUILD_META) fs.writeFileSync(process.env.CITYLOOP_BUILD_META, JSON.stringify(main.metafile));
// The worker bundles only its own two helpers; it loads better-sqlite3 itself (createRequire).
const worker = await build({
  ...common,
  entryPoints: [path.join(root, 'src', 'store', 'sqlite-writer-worker.mjs')],
  outfile: path.join(outSrc, 'sqlite-writer-worker.mjs'),
});
fs.writeFileSync(path.join(out, '.stamp'), `${new Date().toISOString()}\n`);
const inputs = Object.keys(main.metafile.inputs).filter((f) => !f.includes('node_modules')).length;
const outputs = Object.keys({ ...main.metafile.outputs, ...worker.metafile.outputs }).filter((f) => f.endsWith('js')).length;
process.stdout.write(`server compiled: ${inputs} source files → ${outputs} files in ${path.relative(root, outSrc) || outSrc}/ in ${Date.now() - started} ms\n`);
