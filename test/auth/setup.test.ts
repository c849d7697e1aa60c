import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../helpers/stores.js';
import { buildServer } from '../../src/http/server.js';
import { createFirstRunSetup, type FirstRunSetup } from '../../src/auth/setup.js';
import type { Api } from '../../src/http/types.js';

describe('the first-run setup page', () => {
  let tc: TestContext;
  let app: Api;
  let setup: FirstRunSetup;
  let token: string | null;

  beforeAll(async () => {
    tc = await createTestContext('sqlite');
    setup = createFirstRunSetup(tc.ctx.auth);
    token = await setup.open();
    app = await buildServer(tc.ctx, { logger: false, setup });
    await app.ready();
  }, 60_000);
  afterAll(async () => {
    await app?.close();
    await tc?.close();
  });

  const post = (body: Record<string, string>) =>
    app.inject({ method: 'POST', url: '/setup', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams(body).toString() });

  it('opens with a one-time token while no administrator exists, as a plain form', async () => {
    expect(token).toMatch(/^[A-Za-z0-9_-]{20,}$/);
    const page = await app.inject({ method: 'GET', url: '/setup' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.body).toContain('创建第一个系统管理员');
    expect(page.body).toContain('name="token"');
  });

  it('refuses a wrong token and a weak password, keeping what was typed but never the password', async () => {
    const wrong = await post({ token: 'guess', username: 'chief', password: 'Chief2026pw' });
    expect(wrong.statusCode).toBe(403);
    expect(wrong.body).toContain('初始化口令不正确');
    expect(wrong.body).toContain('value="chief"');
    expect(wrong.body).not.toContain('Chief2026pw');
    const weak = await post({ token: token!, username: 'chief', password: 'short' });
    expect(weak.statusCode).toBe(400);
    expect(weak.body).toContain('密码长度');
    expect(await tc.ctx.auth.hasActiveAdmin()).toBe(false);
  });

  it('creates the administrator once with the right token, then closes for good', async () => {
    const ok = await post({ token: token!, username: 'chief', displayName: '信息科', password: 'Chief2026pw' });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.body).toContain('管理员 chief 已创建');
    const login = await tc.ctx.auth.login('chief', 'Chief2026pw');
    expect(login.user).toMatchObject({ roles: ['admin'], scope: { level: 'city' }, displayName: '信息科' });
    expect((await app.inject({ method: 'GET', url: '/setup' })).statusCode).toBe(404);
    expect((await post({ token: token!, username: 'second', password: 'Second2026pw' })).statusCode).toBe(404);
    const api = await app.inject({ method: 'POST', url: '/api/v1/setup', payload: { token: token!, username: 'third', password: 'Third2026pw' } });
    expect(api.statusCode).toBe(404);
    expect(api.json().code).toBe('SETUP_CLOSED');
    expect(await tc.ctx.auth.findByUsername('second')).toBeUndefined();
    // A restart with an administrator in place opens nothing.
    expect(await createFirstRunSetup(tc.ctx.auth).open()).toBeNull();
  });
});
