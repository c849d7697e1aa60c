import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.js';

const MIN = 60_000;

function cookieOf(setCookie: string | string[] | undefined): string {
  const all = Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : [];
  const c = all.find((s) => s.startsWith('cityloop_session='));
  if (!c) throw new Error('no session cookie');
  return c;
}

describe('accounts over HTTP', () => {
  let t: TestApp;
  let admin: Record<string, string>;

  beforeAll(async () => {
    t = await buildTestApp();
    await t.ctx.auth.createUser({ username: 'boss', displayName: '管理员', password: 'Admin2026', scope: { level: 'city', code: '350200' }, roles: ['admin'] });
    await t.ctx.auth.createUser({
      username: 'worker', displayName: '思明区市政园林局 李四', password: 'Work2026x', phone: '13912345678', unitId: 'unit-szyl',
      scope: { level: 'district', code: '350203' }, roles: ['handler'],
    });
    admin = await t.login('boss', 'Admin2026');
  }, 60_000);
  afterAll(async () => {
    await t?.close();
  });

  it('logs in with an HTTP-only SameSite=Lax cookie that works on its own', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'worker', password: 'Work2026x' } });
    expect(res.statusCode).toBe(200);
    const cookie = cookieOf(res.headers['set-cookie']);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).toMatch(/Path=\//);
    expect(cookie).not.toMatch(/Secure/);
    const value = cookie.split(';')[0]!;
    expect(value).toBe(`cityloop_session=${res.json().token}`);
    const me = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: value } });
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({ username: 'worker', roles: ['handler'], unitId: 'unit-szyl', scope: { level: 'district', code: '350203' } });
  });

  it('accepts the same token as a bearer token, and shows the user without secrets', async () => {
    const headers = await t.login('worker', 'Work2026x');
    const me = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers });
    const body = me.json();
    expect(body.phone).toBe('139****5678');
    expect(body.actions).toContain('case.handle');
    expect(body.actions).not.toContain('case.dispatch');
    expect(Object.keys(body).sort()).toEqual(['actions', 'active', 'createdAt', 'displayName', 'id', 'phone', 'roles', 'scope', 'unitId', 'updatedAt', 'username']);
    expect(me.body).not.toMatch(/argon2|password|13912345678/);
  });

  it('asks for a login without a session, and with a made-up token', async () => {
    for (const headers of [{}, { authorization: 'Bearer made-up-token' }, { cookie: 'cityloop_session=made-up' }]) {
      const res = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers });
      expect(res.statusCode).toBe(401);
      expect(res.json()).toMatchObject({ code: 'AUTH_REQUIRED', message: expect.any(String), messageEn: expect.any(String) });
    }
  });

  it('logs out: the token stops working and the cookie is cleared', async () => {
    const headers = await t.login('worker', 'Work2026x');
    const out = await t.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers });
    expect(out.statusCode).toBe(204);
    expect(cookieOf(out.headers['set-cookie'])).toMatch(/^cityloop_session=;.*(Expires=Thu, 01 Jan 1970|Max-Age=0)/);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/me', headers })).statusCode).toBe(401);
  });

  it('refuses a malformed login with VALIDATION_FAILED and a wrong one with AUTH_INVALID', async () => {
    const bad = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'worker' } });
    expect([bad.statusCode, bad.json().code]).toEqual([400, 'VALIDATION_FAILED']);
    const wrong = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'worker', password: 'nope' } });
    expect([wrong.statusCode, wrong.json().code]).toEqual([401, 'AUTH_INVALID']);
  });

  it('answers 423 AUTH_LOCKED with the unlock time after five failures', async () => {
    await t.ctx.auth.createUser({ username: 'victim', displayName: '受害者', password: 'Victim2026', scope: { level: 'city', code: '350200' }, roles: ['inspector'] });
    let last = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'victim', password: 'guess-0' } });
    for (let i = 1; i < 5; i++) last = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'victim', password: `guess-${i}` } });
    expect(last.statusCode).toBe(423);
    expect(last.json()).toMatchObject({ code: 'AUTH_LOCKED', details: { lockedUntil: t.clock.now() + 15 * MIN } });
    expect(last.json().message).toContain('锁定');
    t.clock.advance(15 * MIN);
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'victim', password: 'Victim2026' } })).statusCode).toBe(200);
  });

  it('lets an administrator create, list, change and reset accounts', async () => {
    const created = await t.app.inject({
      method: 'POST', url: '/api/v1/users', headers: admin,
      payload: { username: 'new.dispatcher', displayName: '新派遣员', password: 'Start2026', scope: { level: 'district', code: '350206' }, roles: ['dispatcher'] },
    });
    expect(created.statusCode).toBe(201);
    const id = created.json().id as string;
    const dup = await t.app.inject({
      method: 'POST', url: '/api/v1/users', headers: admin,
      payload: { username: 'new.dispatcher', displayName: '重复', password: 'Start2026', scope: { level: 'city', code: '350200' }, roles: ['leader'] },
    });
    expect([dup.statusCode, dup.json().code]).toEqual([409, 'USERNAME_TAKEN']);

    const list = await t.app.inject({ method: 'GET', url: '/api/v1/users?role=dispatcher&pageSize=10', headers: admin });
    expect(list.json()).toMatchObject({ total: 1, page: 1, pageSize: 10, items: [{ id, username: 'new.dispatcher' }] });

    const theirs = await t.login('new.dispatcher', 'Start2026');
    const patched = await t.app.inject({ method: 'PATCH', url: `/api/v1/users/${id}`, headers: admin, payload: { roles: ['dispatcher', 'leader'], password: 'Reset2026' } });
    expect(patched.statusCode).toBe(200);
    expect(patched.json().roles).toEqual(['dispatcher', 'leader']);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: theirs })).statusCode).toBe(401);
    await expect(t.login('new.dispatcher', 'Reset2026')).resolves.toBeDefined();

    const empty = await t.app.inject({ method: 'PATCH', url: `/api/v1/users/${id}`, headers: admin, payload: {} });
    expect(empty.statusCode).toBe(400);
    const weak = await t.app.inject({ method: 'PATCH', url: `/api/v1/users/${id}`, headers: admin, payload: { password: 'password' } });
    expect([weak.statusCode, weak.json().code]).toEqual([400, 'PASSWORD_TOO_WEAK']);
    const missing = await t.app.inject({ method: 'PATCH', url: '/api/v1/users/nope', headers: admin, payload: { active: false } });
    expect([missing.statusCode, missing.json().code]).toEqual([404, 'USER_NOT_FOUND']);
  });

  it('keeps account administration to administrators, inside their area', async () => {
    const worker = await t.login('worker', 'Work2026x');
    const denied = await t.app.inject({ method: 'GET', url: '/api/v1/users', headers: worker });
    expect([denied.statusCode, denied.json().code]).toEqual([403, 'FORBIDDEN_ROLE']);

    await t.ctx.auth.createUser({ username: 'siming.admin', displayName: '思明区管理员', password: 'Admin2026', scope: { level: 'district', code: '350203' }, roles: ['admin'] });
    const local = await t.login('siming.admin', 'Admin2026');
    const cityWide = await t.app.inject({
      method: 'POST', url: '/api/v1/users', headers: local,
      payload: { username: 'too.wide', displayName: '越权', password: 'Start2026', scope: { level: 'city', code: '350200' }, roles: ['leader'] },
    });
    expect([cityWide.statusCode, cityWide.json().code]).toEqual([403, 'FORBIDDEN_SCOPE']);
    const inside = await t.app.inject({
      method: 'POST', url: '/api/v1/users', headers: local,
      payload: { username: 'siming.leader2', displayName: '思明区领导', password: 'Start2026', scope: { level: 'street', code: '350203001' }, roles: ['leader'] },
    });
    expect(inside.statusCode).toBe(201);
    const seen = await t.app.inject({ method: 'GET', url: '/api/v1/users?pageSize=200', headers: local });
    const names = (seen.json().items as { username: string }[]).map((u) => u.username);
    expect(names).toEqual(expect.arrayContaining(['worker', 'siming.admin', 'siming.leader2']));
    expect(names).not.toContain('boss');
    expect(names).not.toContain('new.dispatcher');
  });

  it('lists the roles with Chinese and English names', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/roles', headers: admin });
    const shiftLead = (res.json().items as { code: string; name: string; nameEn: string; actions: string[] }[]).find((r) => r.code === 'shift_lead');
    expect(shiftLead).toMatchObject({ name: '值班长', nameEn: 'Shift lead' });
    expect(shiftLead?.actions).toEqual(expect.arrayContaining(['case.file', 'case.close', 'case.void_approve']));
  });

  it('lets a user change their own password and stay logged in', async () => {
    await t.ctx.auth.createUser({ username: 'selfie', displayName: '自改', password: 'Mine2026x', scope: { level: 'city', code: '350200' }, roles: ['leader'] });
    const headers = await t.login('selfie', 'Mine2026x');
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/me/password', headers, payload: { currentPassword: 'Mine2026x', newPassword: 'Ours2026x' } });
    expect(res.statusCode).toBe(204);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/me', headers })).statusCode).toBe(200);
    await expect(t.login('selfie', 'Ours2026x')).resolves.toBeDefined();
  });

  it('documents the endpoints in OpenAPI', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    for (const p of ['/api/v1/auth/login', '/api/v1/auth/logout', '/api/v1/me', '/api/v1/users', '/api/v1/users/{id}']) expect(doc.paths[p], p).toBeDefined();
  });
});

describe('secure cookies', () => {
  it('marks the session cookie Secure when configured', async () => {
    const t = await buildTestApp('sqlite', { config: { cookieSecure: true } });
    try {
      await t.ctx.auth.createUser({ username: 'https', displayName: 'TLS', password: 'Tls2026xx', scope: { level: 'city', code: '350200' }, roles: ['leader'] });
      const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'https', password: 'Tls2026xx' } });
      expect(cookieOf(res.headers['set-cookie'])).toMatch(/; Secure/);
    } finally {
      await t.close();
    }
  }, 60_000);
});
