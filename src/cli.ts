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
import { userCommand } from './cli/user.js';
import { registerCommands } from './cli/registers.js';
import { describeFailure } from './cli/errors.js';
import { verifyCommand } from './cli/verify.js';
import { simulateCommand } from './cli/simulate.js';

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
      `  events: ${server.ctx.bus.description}`,
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

verifyCommand(program, config);
simulateCommand(program, config);

program
  .command('bench')
  .description(`run a benchmark and print JSON (${benchNames().join(', ')})`)
  .argument('<name>', 'benchmark name')
  .action(async (name: string) => {
    const result = await runBench(name);
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  });

program.parseAsync(process.argv).catch((e: unknown) => {
  process.stderr.write(`${describeFailure(e)}\n`);
  process.exit(1);
});
