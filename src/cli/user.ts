/**
 * `cityloop user create|reset-password|disable|list`: accounts from the shell, so an installation
 * without the demo city gets its first administrator. Passwords never come from the command line.
 */
import type { Command } from 'commander';
import type { Config } from '../core/config.js';
import { isRole, ROLE_CODES, type Role, type Scope } from '../auth/model.js';
import { readNewPassword } from './secret.js';
import { withContext } from './context.js';
import type { AppContext } from '../app.js';

/** `city`, `city:350200`, `district:350203`, `street:350203001`. A bare `city` takes the code of the city the geography holds. */
export async function parseScope(text: string, ctx: AppContext): Promise<Scope> {
  const [level, code] = text.split(':');
  if (level === 'city') {
    if (code) return { level: 'city', code };
    const d = (await ctx.geo.listDistricts())[0];
    return { level: 'city', code: d ? `${d.code.slice(0, 4)}00` : '000000' };
  }
  if ((level === 'district' || level === 'street') && code) return { level, code };
  throw new Error(`--scope must be city, city:CODE, district:CODE or street:CODE (got '${text}') 范围格式有误`);
}

export function parseRoles(text: string): Role[] {
  const roles = text.split(',').map((r) => r.trim().replace('-', '_')).filter(Boolean);
  const bad = roles.filter((r) => !isRole(r));
  if (bad.length) throw new Error(`unknown role ${bad.join(', ')}; roles are ${ROLE_CODES.join(', ')} 未知角色`);
  return roles as Role[];
}

async function userNamed(ctx: AppContext, username: string) {
  const u = await ctx.auth.findByUsername(username);
  if (!u) throw new Error(`no user '${username}' 用户不存在`);
  return u;
}

export function userCommand(program: Command, config: () => Config): void {
  const cmd = program.command('user').description('manage accounts from the shell (账户管理)');
  cmd
    .command('create')
    .description('create an account; the password is asked for on a terminal or read from stdin (创建账户)')
    .requiredOption('--username <name>', 'login name: 3–32 lowercase letters, digits, _ . -')
    .option('--role <roles>', `one or more of ${ROLE_CODES.join(', ')} (comma-separated)`, 'admin')
    .option('--scope <scope>', 'city, city:CODE, district:CODE or street:CODE', 'city')
    .option('--name <displayName>', 'the name people see (default: the username)')
    .option('--unit <code>', 'unit code (handlers must belong to a unit)')
    .option('--phone <phone>', 'mobile or landline')
    .action(async (o: { username: string; role: string; scope: string; name?: string; unit?: string; phone?: string }) => {
      const roles = parseRoles(o.role);
      const password = await readNewPassword(o.username);
      await withContext(config(), async (ctx) => {
        const unitId = o.unit ? (await ctx.catalog.getUnit(o.unit)).id : null;
        const u = await ctx.auth.createUser({
          username: o.username,
          displayName: o.name ?? o.username,
          password,
          roles,
          scope: await parseScope(o.scope, ctx),
          unitId,
          phone: o.phone ?? null,
        });
        process.stdout.write(`created ${u.username} (${u.roles.join(', ')}; ${u.scope.level} ${u.scope.code}) 账户已创建\n`);
      });
    });
  cmd
    .command('reset-password')
    .description('set a new password (asked for or read from stdin); ends the account’s sessions and lifts a lockout (重置密码)')
    .argument('<username>')
    .action(async (username: string) => {
      const password = await readNewPassword(username);
      await withContext(config(), async (ctx) => {
        const u = await userNamed(ctx, username);
        await ctx.auth.updateUser(u.id, { password });
        process.stdout.write(`password of ${u.username} reset 密码已重置\n`);
      });
    });
  cmd
    .command('disable')
    .description('deactivate an account and end its sessions (the last administrator cannot be disabled) (停用账户)')
    .argument('<username>')
    .action(async (username: string) => {
      await withContext(config(), async (ctx) => {
        const u = await userNamed(ctx, username);
        await ctx.auth.updateUser(u.id, { active: false });
        process.stdout.write(`${u.username} disabled 账户已停用\n`);
      });
    });
  cmd
    .command('enable')
    .description('activate a disabled account again (启用账户)')
    .argument('<username>')
    .action(async (username: string) => {
      await withContext(config(), async (ctx) => {
        const u = await userNamed(ctx, username);
        await ctx.auth.updateUser(u.id, { active: true });
        process.stdout.write(`${u.username} enabled 账户已启用\n`);
      });
    });
}
