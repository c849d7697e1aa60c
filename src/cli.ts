#!/usr/bin/env node
import { Command } from 'commander';
import { ConfigError, loadConfig, type Config } from './core/config.js';
import { createLogger } from './core/logger.js';
import { openDatabase } from './store/db.js';
import { migrateToLatest, migrationState } from './store/migrate.js';
import { createContext } from './app.js';
import { startServer } from './serve.js';
import { isWorkerProcess, runPrimary, runWorker, workersRefusal } from './cluster.js';
import { seedDemoCity, seedDemoHistoryOf } from './demo/seed.js';
import { DEMO_ACCOUNTS_TEXT } from './demo/accounts-text.js';
import { runBench, benchNames } from './bench.js';
import { createProgress } from './cli/progress.js';
import { userCommand } from './cli/user.js';
import { registerCommands } from './cli/registers.js';
import { backupCommands } from './cli/backup.js';
import { describeFailure } from './cli/errors.js';
import { verifyCommand } from './cli/verify.js';
import { simulateCommand } from './cli/simulate.js';
import { apikeyCommand } from './cli/apikey.js';
import { sealCommands } from './cli/seal.js';

function config(): Config {
  try {
    return loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`${e.message}\nSee .env.example for every variable. 参见 .env.example。\n`);
      process.exit(2);
    }
    throw e;
  }
}

const program = new Command();
program
  .name('cityloop')
  .description('CityLoop 城市运管服平台 — city operation, management and service platform')
  .showHelpAfterError();

program
  .command('serve')
  .description('run the platform: migrate, seed on first start, serve the API and the console (启动平台)')
  .option('--workers <n>', 'N HTTP processes behind one address; N > 1 needs DATABASE_URL=postgres://… and NATS_URL (多进程)', '1')
  .action(async (o: { workers: string }) => {
    const cfg = config();
    if (isWorkerProcess()) {
      const worker = await runWorker(cfg);
      const stopWorker = async () => {
        await worker.stop();
        process.exit(0);
      };
      process.on('SIGTERM', () => void stopWorker());
      process.on('SIGINT', () => undefined); // the primary stops the workers
      return;
    }
    const workers = Number(o.workers);
    const refusal = workersRefusal(cfg, workers);
    if (refusal) {
      process.stderr.write(`${refusal}\n`);
      process.exit(2);
    }
    if (workers > 1) {
      const primary = await runPrimary(cfg, workers, (line) => process.stderr.write(`${line}\n`));
      process.stdout.write([
        '',
        `  CityLoop 城市运管服平台 is running at ${primary.url} with ${workers} workers 个工作进程`,
        `  store: PostgreSQL · events: NATS JetStream ${cfg.natsUrl} · evidence: ${cfg.objectStore ? `S3 ${cfg.objectStore.endpoint}/${cfg.objectStore.bucket}` : 'data folder (shared by the workers of this machine)'}`,
        `  API docs: ${primary.url}/api/docs`,
        cfg.demo ? DEMO_ACCOUNTS_TEXT : '',
        primary.setupToken ? `  No administrator yet 尚无系统管理员: open ${primary.url}/setup with the one-time setup token 初始化口令: ${primary.setupToken}` : '',
        '',
      ].join('\n'));
      const stopAll = async () => {
        await primary.stop();
        process.exit(process.exitCode ?? 0);
      };
      process.on('SIGINT', () => void stopAll());
      process.on('SIGTERM', () => void stopAll());
      return;
    }
    const server = await startServer(cfg);
    const lines = [
      '',
      `  CityLoop 城市运管服平台 is running at ${server.url}`,
      `  store: ${server.ctx.db.description}`,
      `  events: ${server.ctx.bus.description}`,
      `  evidence: ${server.ctx.files.blobs.description}`,
      `  API docs: ${server.url}/api/docs`,
      cfg.demo ? DEMO_ACCOUNTS_TEXT : '',
      server.setupToken
        ? [
            '  No administrator yet 尚无系统管理员. Create one with',
            '    cityloop user create --username NAME --role admin --scope city',
            `  or open ${server.url}/setup with the one-time setup token 初始化口令: ${server.setupToken}`,
          ].join('\n')
        : '',
      '',
    ];
    process.stdout.write(lines.join('\n'));
    const stop = async () => {
      await server.stop();
      process.exit(0);
    };
    process.on('SIGINT', () => void stop());
    process.on('SIGTERM', () => void stop());
  });

program
  .command('migrate')
  .description('bring the database schema up to date; --dry-run lists what would run (数据库迁移)')
  .option('--dry-run', 'list the migrations that have run and those that would, change nothing')
  .option('--json', 'print the result as JSON only')
  .action(async (o: { dryRun?: boolean; json?: boolean }) => {
    const cfg = config();
    const db = await openDatabase(cfg.databaseUrl);
    try {
      if (o.dryRun) {
        const state = await migrationState(db);
        if (o.json) return void process.stdout.write(`${JSON.stringify(state, null, 2)}\n`);
        process.stdout.write(`store: ${db.description}\n${state.applied.length} migration(s) applied, the last ${state.applied.at(-1)?.name ?? '—'}\n`);
        process.stdout.write(state.pending.length ? `would apply 将执行:\n${state.pending.map((n) => `  ${n}`).join('\n')}\n` : 'nothing to apply: the schema is up to date 已是最新\n');
        return;
      }
      const { applied } = await migrateToLatest(db);
      if (o.json) return void process.stdout.write(`${JSON.stringify({ applied }, null, 2)}\n`);
      process.stdout.write(applied.length ? `applied: ${applied.join(', ')}\n` : 'schema is up to date\n');
    } finally {
      await db.close();
    }
  });

program
  .command('seed')
  .description('seed the demo city now, even if it was seeded before (演示数据)')
  .action(async () => {
    const cfg = config();
    const ctx = await createContext({ ...cfg, demo: true }, { logger: createLogger('warn') });
    try {
      await seedDemoCity(ctx);
      await seedDemoHistoryOf(ctx);
      process.stdout.write('demo city seeded\n');
    } finally {
      await ctx.close();
    }
  });

userCommand(program, config);
registerCommands(program, config);
backupCommands(program, config);

verifyCommand(program, config);
simulateCommand(program, config);
apikeyCommand(program, config);
sealCommands(program, config);

program
  .command('bench')
  .description(`run a benchmark and print JSON (${benchNames().join(', ')})`)
  .argument('<name>', 'benchmark name')
  .action(async (name: string) => {
    const progress = createProgress(`bench ${name}`);
    const result = await runBench(name, (done, total, note) => progress.update(done, total, note));
    progress.finish();
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  });

program.parseAsync(process.argv).catch((e: unknown) => {
  process.stderr.write(`${describeFailure(e)}\n`);
  process.exit(1);
});
