import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSessionCache, SESSION_CACHE_MS } from '../../src/auth/session-cache.js';
import { buildTestApp, type TestApp } from '../helpers/app.js';

describe('the session cache', () => {
  it('remembers a session and an unknown token for a few seconds of wall time, then asks again', () => {
    let now = 0;
    const cache = createSessionCache<{ id: string }>(() => now);
    const user = { id: 'u1' } as never;
    cache.set('a', { session: { id: 's1' }, user });
    cache.set('bad', null);
    now += SESSION_CACHE_MS - 1;
    expect(cache.get('a')?.session.id).toBe('s1');
    expect(cache.get('bad')).toBeNull();
    expect(cache.get('never-seen')).toBeUndefined();
    now += 1;
    expect(cache.get('a')).toBeUndefined();
    expect(cache.get('bad')).toBeUndefined();
  });
});

describe('a cached session ends at once when this process ends it', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp();
    await t.ctx.auth.seedDemoAccounts([]);
  }, 60_000);
  afterAll(async () => t?.close());

  it('refuses the token right after logout, a deactivation and a password reset, though it was just used', async () => {
    const me = (h: Record<string, string>) => t.app.inject({ url: '/api/v1/me', headers: h });
    const a = await t.login('leader');
    expect((await me(a)).statusCode).toBe(200);
    await t.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: a });
    expect((await me(a)).statusCode).toBe(401);

    const b = await t.login('evaluator');
    expect((await me(b)).statusCode).toBe(200);
    const evaluator = (await t.ctx.auth.findByUsername('evaluator'))!;
    await t.ctx.auth.updateUser(evaluator.id, { active: false });
    expect((await me(b)).statusCode).toBe(401);

    const c = await t.login('operator');
    expect((await me(c)).statusCode).toBe(200);
    const operator = (await t.ctx.auth.findByUsername('operator'))!;
    await t.ctx.auth.updateUser(operator.id, { roles: ['inspector'] });
    const after = await me(c);
    expect(after.statusCode).toBe(200);
    expect(after.json().roles).toEqual(['inspector']);
  });
});
