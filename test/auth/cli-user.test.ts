import fs from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/core/config.js';
import { createLogger } from '../../src/core/logger.js';
import { createContext } from '../../src/app.js';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/stores.js';

const dir = tempDir('cityloop-cli-user-');
const env = { CITYLOOP_DATA_DIR: dir, CITYLOOP_DEMO: 'false' };
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

async function login(username: string, password: string): Promise<string> {
  const ctx = await createContext(loadConfig({ CITYLOOP_DATA_DIR: dir, CITYLOOP_DEMO: 'false' }), { seed: false, logger: createLogger('silent') });
  try {
    return (await ctx.auth.login(username, password)).user.username;
  } catch (e) {
    return (e as { code?: string }).code ?? String(e);
  } finally {
    await ctx.close();
  }
}

describe('cityloop user on an installation without the demo city', () => {
  it('creates the first administrator with the password from stdin, never from the command line', async () => {
    const r = await runCli(['user', 'create', '--username', 'Chief', '--role', 'admin', '--scope', 'city:350200', '--name', '系统管理员'], env, 'Secret2026\n');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('created chief (admin; city 350200)');
    expect(await login('chief', 'Secret2026')).toBe('chief');
    expect(await login('chief', 'wrong-1234')).toBe('AUTH_INVALID');
  }, 240_000);

  it('refuses a weak password and a taken username, saying why in both languages', async () => {
    const weak = await runCli(['user', 'create', '--username', 'weak', '--role', 'admin'], env, 'short\n');
    expect(weak.code).toBe(1);
    expect(weak.stderr).toContain('PASSWORD_LENGTH: 密码长度须为');
    const taken = await runCli(['user', 'create', '--username', 'chief', '--role', 'leader'], env, 'Another2026\n');
    expect(taken.code).toBe(1);
    expect(taken.stderr).toContain('USERNAME_TAKEN');
    const none = await runCli(['user', 'create', '--username', 'nopw', '--role', 'admin'], env, '');
    expect(none.code).toBe(1);
    expect(none.stderr).toContain('no password on stdin');
  }, 240_000);

  it('resets a password (the old one stops working) and will not disable the last administrator', async () => {
    const reset = await runCli(['user', 'reset-password', 'chief'], env, 'Renewed2026\n');
    expect(reset.code).toBe(0);
    expect(await login('chief', 'Secret2026')).toBe('AUTH_INVALID');
    expect(await login('chief', 'Renewed2026')).toBe('chief');
    const last = await runCli(['user', 'disable', 'chief'], env);
    expect(last.code).toBe(1);
    expect(last.stderr).toContain('USERS_LAST_ADMIN');
  }, 240_000);

  it('disables an account so it can no longer log in', async () => {
    expect((await runCli(['user', 'create', '--username', 'lead1', '--role', 'leader,evaluator'], env, 'Leader2026\n')).code).toBe(0);
    expect(await login('lead1', 'Leader2026')).toBe('lead1');
    const off = await runCli(['user', 'disable', 'lead1'], env);
    expect(off.code).toBe(0);
    expect(await login('lead1', 'Leader2026')).toBe('AUTH_INVALID') // a disabled account answers like a wrong password: it confirms none;
    const unknown = await runCli(['user', 'disable', 'nobody'], env);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain("no user 'nobody'");
  }, 240_000);
});
