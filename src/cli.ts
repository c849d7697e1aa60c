#!/usr/bin/env node
import { Command } from 'commander';
import { ConfigError, loadConfig, type Config } from './core/config.js';
import { createLogger } from './core/logger.js';
import { openDatabase } from './store/db.js';
import { migrateToLatest } from './store/migrate.js';
import { createContext } from './app.js';
import { startServer } from './serve.js';
import { seedDemoCity, seedDemoHistoryOf } from './demo/seed.js';
import { DEMO_ACCOUNTS_TEXT } from './demo/accounts-text.js';
import { runBench, benchNames } from './bench.js';
import { importCommand } from './cli-import.js';

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
  .action(async () => {
    const cfg = config();
    const server = await startServer(cfg);
    const lines = [
      '',
      `  CityLoop 城市运管服平台 is running at ${server.url}`,
      `  store: ${server.ctx.db.description}`,
      `  API docs: ${server.url}/api/docs`,
      cfg.demo ? DEMO_ACCOUNTS_TEXT : '',
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
  .description('bring the database schema up to date (数据库迁移)')
  .action(async () => {
    const cfg = config();
    const db = await openDatabase(cfg.databaseUrl);
    try {
      const { applied } = await migrateToLatest(db);
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
    const ctx = await createContext({ ...cfg, demo: true }, { seed: false, logger: createLogger('warn') });
    try {
      await ctx.calendar.seedDataset();
      await seedDemoCity(ctx);
      await seedDemoHistoryOf(ctx);
      process.stdout.write('demo city seeded\n');
    } finally {
      await ctx.close();
    }
  });

importCommand(program, config);

program
  .command('verify')
  .description('recompute the hash chain of every case and say where one breaks (校验全部案卷流转记录)')
  .action(async () => {
    const ctx = await createContext(config(), { seed: false, logger: createLogger('warn') });
    try {
      const r = await ctx.cases.verifyAllCases();
      const broken = r.broken.map((b) => ({ caseId: b.caseId, code: b.code, problem: b.code, breaksAt: b.breaksAt }));
      process.stdout.write(`${JSON.stringify({ cases: r.cases, events: r.events, ok: r.ok, broken }, null, 2)}\n`);
      process.stdout.write(r.ok ? `all ${r.cases} cases intact 全部案卷完整\n` : `${broken.length} case(s) broken 案卷记录被篡改或损坏\n`);
      process.exitCode = r.ok ? 0 : 1;
    } finally {
      await ctx.close();
    }
  });

program
  .command('simulate')
  .description('drive realistic days through the real services and print the evaluation (模拟运行)')
  .option('--days <n>', 'days to simulate', '7')
  .option('--per-day <n>', 'reports per day', '200')
  .option('--seed <n>', 'random seed (same seed, same days)', '1')
  .option('--from <date>', 'first day, YYYY-MM-DD (default: so that the days end today)')
  .action(async (o: { days: string; perDay: string; seed: string; from?: string }) => {
    const { runSimulation } = await import('./sim/run.js');
    const r = await runSimulation(config(), {
      days: Number(o.days),
      perDay: Number(o.perDay),
      seed: Number(o.seed),
      ...(o.from ? { from: o.from } : {}),
    });
    process.stdout.write(`${r.text}\n`);
  });

program
  .command('bench')
  .description(`run a benchmark and print JSON (${benchNames().join(', ')})`)
  .argument('<name>', 'benchmark name')
  .action(async (name: string) => {
    const result = await runBench(name);
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  });

program.parseAsync(process.argv).catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
