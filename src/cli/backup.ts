/** `cityloop backup FILE` and `cityloop restore FILE`: the embedded store and its evidence, while serving. */
import type { Command } from 'commander';
import type { Config } from '../core/config.js';
import { backupSqlite, restoreSqlite } from '../store/backup.js';
import { withContext } from './context.js';
import { createProgress } from './progress.js';
import { describeBreak } from './verify.js';

const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;

export function backupCommands(program: Command, config: () => Config): void {
  program
    .command('backup')
    .description('write a consistent backup (database snapshot, evidence files, manifest of SHA-256 hashes) to a .tar.gz while the platform serves (备份)')
    .argument('<file>', 'the archive to write, e.g. backup-2026-12-01.tar.gz (must not exist)')
    .option('--json', 'print the result as JSON only')
    .action(async (file: string, o: { json?: boolean }) => {
      const cfg = config();
      const progress = createProgress('backup 备份');
      const r = await backupSqlite(cfg.databaseUrl, cfg.dataDir, file, (d, t, note) => progress.update(d, t, note));
      progress.finish(`${r.files} files`);
      if (o.json) return void process.stdout.write(`${JSON.stringify({ archive: r.archive, bytes: r.bytes, files: r.files, migrations: r.manifest.migrations.length, tables: r.manifest.tables }, null, 2)}\n`);
      process.stdout.write(`backup written 备份完成: ${r.archive} (${mb(r.bytes)}; ${r.manifest.tables.cases ?? 0} cases, ${r.files} evidence files)\n`);
    });

  program
    .command('restore')
    .description('restore a backup into an empty data folder, check every hash, migrate and verify every case chain (恢复)')
    .argument('<file>', 'an archive written by cityloop backup')
    .option('--no-verify', 'skip recomputing the case chains after the restore')
    .option('--json', 'print the result as JSON only')
    .action(async (file: string, o: { verify: boolean; json?: boolean }) => {
      const cfg = config();
      const progress = createProgress('restore 恢复');
      const r = await restoreSqlite(file, cfg.databaseUrl, cfg.dataDir, (d, t, note) => progress.update(d, t, note));
      progress.finish(`${r.files} files`);
      const verified = await withContext(cfg, async (ctx) => {
        if (!o.verify) return null;
        const vp = createProgress('verify 校验');
        const v = await ctx.cases.verifyAllCases((n) => vp.update(n, r.manifest.tables.cases ?? 0, 'cases'));
        vp.finish();
        return v;
      });
      const broken = verified?.broken.map(describeBreak) ?? [];
      if (o.json) {
        process.stdout.write(`${JSON.stringify({ database: r.database, files: r.files, backupOf: r.manifest.createdAt, verified: verified ? { cases: verified.cases, events: verified.events, ok: verified.ok, broken } : null }, null, 2)}\n`);
      } else {
        process.stdout.write(`restored 恢复完成: ${r.database} and ${r.files} evidence files from the backup of ${r.manifest.createdAt}\n`);
        if (verified) process.stdout.write(verified.ok ? `all ${verified.cases} cases intact 全部案卷完整\n` : `${broken.length} case(s) broken:\n${broken.map((b) => `  ${b.problem}`).join('\n')}\n`);
      }
      if (verified && !verified.ok) process.exitCode = 1;
    });
}
