/**
 * `cityloop apikey create|list|revoke`: API keys of third-party Open311 apps from the shell. A new key
 * is printed once; only its SHA-256 is stored, so a lost key is revoked and a new one issued.
 */
import type { Command } from 'commander';
import type { Config } from '../core/config.js';
import { toShanghaiIso } from '../core/time.js';
import { withContext } from './context.js';

export function apikeyCommand(program: Command, config: () => Config): void {
  const cmd = program.command('apikey').description('API keys for third-party Open311 apps (Open311 API 密钥)');
  cmd
    .command('create')
    .description('issue a key for an app; the key is printed once (签发密钥，只显示一次)')
    .requiredOption('--name <name>', 'the app or organisation the key is for')
    .action(async (o: { name: string }) => {
      await withContext(config(), async (ctx) => {
        const { key, record } = await ctx.open311.createKey(null, o.name);
        process.stdout.write(`${key}\n`);
        process.stderr.write(`API key ${record.prefix}… for "${record.name}" (id ${record.id}). It is shown only now: keep it. 密钥只显示这一次，请妥善保存。\n`);
      });
    });
  cmd
    .command('list')
    .description('list keys: id, prefix, name, created, last used, revoked (列出密钥)')
    .action(async () => {
      await withContext(config(), async (ctx) => {
        const admin = { id: 'cli', username: 'cli', displayName: 'cli', phone: null, active: true, unitId: null, scope: { level: 'city' as const, code: '000000' }, roles: ['admin' as const], createdAt: 0, updatedAt: 0 };
        for (const k of await ctx.open311.listKeys(admin)) {
          const t = (v: number | null) => (v === null ? '-' : toShanghaiIso(v).slice(0, 16));
          process.stdout.write(`${k.id}\t${k.prefix}…\t${k.name}\tcreated ${t(k.createdAt)}\tused ${t(k.lastUsedAt)}${k.revokedAt !== null ? `\trevoked ${t(k.revokedAt)}` : ''}\n`);
        }
      });
    });
  cmd
    .command('revoke <id>')
    .description('revoke a key at once (吊销密钥)')
    .action(async (id: string) => {
      await withContext(config(), async (ctx) => {
        const admin = { id: 'cli', username: 'cli', displayName: 'cli', phone: null, active: true, unitId: null, scope: { level: 'city' as const, code: '000000' }, roles: ['admin' as const], createdAt: 0, updatedAt: 0 };
        const k = await ctx.open311.revokeKey(admin, id);
        process.stdout.write(`revoked ${k.prefix}… (${k.name}) 已吊销\n`);
      });
    });
}
