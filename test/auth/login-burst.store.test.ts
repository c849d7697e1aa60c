import { expect, it } from 'vitest';
import { describeStores } from '../helpers/stores.js';
import { AppError } from '../../src/core/errors.js';
import type { CreateUserInput } from '../../src/auth/model.js';

async function outcome(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'OK';
  } catch (e) {
    if (e instanceof AppError) return e.code;
    throw e;
  }
}

function person(username: string, extra: Partial<CreateUserInput> = {}): CreateUserInput {
  return { username, displayName: `测试 ${username}`, password: 'Secret2026', scope: { level: 'city', code: '350200' }, roles: ['dispatcher'], ...extra };
}

describeStores('login under a burst of guesses', (get) => {
  it('locks after five wrong passwords even when thirty arrive at once, and the right one is then refused', async () => {
    const { ctx } = get();
    await ctx.auth.createUser(person('burst'));
    const results = await Promise.all(Array.from({ length: 30 }, (_, i) => outcome(ctx.auth.login('burst', `wrong-guess-${i}`))));
    const checked = results.filter((r) => r === 'AUTH_INVALID').length;
    expect(checked).toBeLessThanOrEqual(4);
    expect(results.filter((r) => r === 'AUTH_LOCKED').length).toBeGreaterThanOrEqual(26);
    expect(await outcome(ctx.auth.login('burst', 'Secret2026'))).toBe('AUTH_LOCKED');
  });

  it('counts wrong current passwords on a password change like failed logins', async () => {
    const { ctx } = get();
    const u = await ctx.auth.createUser(person('changer2'));
    const guesses = [];
    for (let i = 0; i < 6; i++) guesses.push(await outcome(ctx.auth.setPassword(u.id, `guess-${i}-xx`, 'Better2026x')));
    expect(guesses).toEqual(['AUTH_INVALID', 'AUTH_INVALID', 'AUTH_INVALID', 'AUTH_INVALID', 'AUTH_LOCKED', 'AUTH_LOCKED']);
    expect(await outcome(ctx.auth.setPassword(u.id, 'Secret2026', 'Better2026x'))).toBe('AUTH_LOCKED');
    expect(await outcome(ctx.auth.login('changer2', 'Secret2026'))).toBe('AUTH_LOCKED');
  });

  it('answers a deactivated account the same whether the password is right or wrong', async () => {
    const { ctx } = get();
    const u = await ctx.auth.createUser(person('gone'));
    await ctx.auth.updateUser(u.id, { active: false });
    expect(await outcome(ctx.auth.login('gone', 'Secret2026'))).toBe('AUTH_INVALID');
    expect(await outcome(ctx.auth.login('gone', 'not-the-one-1'))).toBe('AUTH_INVALID');
  });

  it('a right password inside the first five attempts still logs in and clears the count', async () => {
    const { ctx } = get();
    await ctx.auth.createUser(person('typo'));
    for (let i = 0; i < 4; i++) expect(await outcome(ctx.auth.login('typo', 'typo-pass-1'))).toBe('AUTH_INVALID');
    expect(await outcome(ctx.auth.login('typo', 'Secret2026'))).toBe('OK');
    for (let i = 0; i < 4; i++) expect(await outcome(ctx.auth.login('typo', 'typo-pass-1'))).toBe('AUTH_INVALID');
    expect(await outcome(ctx.auth.login('typo', 'Secret2026'))).toBe('OK');
  });
});
