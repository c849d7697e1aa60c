import { expect, it } from 'vitest';
import { describeStores } from '../helpers/stores.js';
import { AppError } from '../../src/core/errors.js';
import type { CreateUserInput } from '../../src/auth/model.js';

const MIN = 60_000;
const HOUR = 3600_000;

async function refusal(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('expected a refusal');
}

function person(username: string, extra: Partial<CreateUserInput> = {}): CreateUserInput {
  return { username, displayName: `测试 ${username}`, password: 'Secret2026', scope: { level: 'city', code: '350200' }, roles: ['dispatcher'], ...extra };
}

describeStores('accounts and sessions', (get) => {
  it('creates an account that can log in, and finds it again', async () => {
    const { ctx } = get();
    const u = await ctx.auth.createUser(person('Zhang.Wei', { roles: ['operator', 'shift_lead'], phone: '13912345678' }));
    expect(u.username).toBe('zhang.wei');
    expect(u.roles).toEqual(['operator', 'shift_lead']);
    expect(await ctx.auth.getUser(u.id)).toEqual(u);
    const { token, user } = await ctx.auth.login('ZHANG.WEI', 'Secret2026');
    expect(user.id).toBe(u.id);
    expect((await ctx.auth.authenticate(token))?.id).toBe(u.id);
  });

  it('refuses a taken username with 409 and bad input with 400, writing nothing', async () => {
    const { ctx } = get();
    await ctx.auth.createUser(person('taken'));
    expect((await refusal(ctx.auth.createUser(person('taken')))).code).toBe('USERNAME_TAKEN');
    const bad = await refusal(ctx.auth.createUser(person('nounit', { roles: ['handler'] })));
    expect([bad.kind, bad.code]).toEqual(['invalid', 'UNIT_REQUIRED']);
    expect((await ctx.auth.listUsers({ q: 'nounit' })).total).toBe(0);
  });

  it('says AUTH_INVALID alike for a wrong password and an unknown user', async () => {
    const { ctx } = get();
    await ctx.auth.createUser(person('wrongpw'));
    const a = await refusal(ctx.auth.login('wrongpw', 'nope-nope1'));
    const b = await refusal(ctx.auth.login('nobody-here', 'nope-nope1'));
    expect(a.toBody()).toEqual(b.toBody());
    expect([a.kind, a.code]).toEqual(['unauthenticated', 'AUTH_INVALID']);
  });

  it('locks an account for 15 minutes after 5 failures within 15 minutes, even for the right password', async () => {
    const { ctx, clock } = get();
    await ctx.auth.createUser(person('locky'));
    for (let i = 0; i < 4; i++) {
      expect((await refusal(ctx.auth.login('locky', 'wrong-pass1'))).code).toBe('AUTH_INVALID');
      clock.advance(MIN);
    }
    const fifth = await refusal(ctx.auth.login('locky', 'wrong-pass1'));
    const lockedUntil = clock.now() + 15 * MIN;
    expect([fifth.kind, fifth.code]).toEqual(['locked', 'AUTH_LOCKED']);
    expect((fifth.details as { lockedUntil: number }).lockedUntil).toBe(lockedUntil);
    clock.advance(14 * MIN);
    expect((await refusal(ctx.auth.login('locky', 'Secret2026'))).code).toBe('AUTH_LOCKED');
    clock.set(lockedUntil);
    await expect(ctx.auth.login('locky', 'Secret2026')).resolves.toMatchObject({ user: { username: 'locky' } });
    // a success clears the count: four more failures do not lock
    for (let i = 0; i < 4; i++) expect((await refusal(ctx.auth.login('locky', 'wrong-pass1'))).code).toBe('AUTH_INVALID');
    await expect(ctx.auth.login('locky', 'Secret2026')).resolves.toBeTruthy();
  });

  it('ends a session after 12 hours idle, keeps a used one, and ends every session 7 days after login', async () => {
    const { ctx, clock } = get();
    await ctx.auth.createUser(person('sleepy'));
    const idle = (await ctx.auth.login('sleepy', 'Secret2026')).token;
    const busy = (await ctx.auth.login('sleepy', 'Secret2026')).token;
    clock.advance(11 * HOUR);
    expect(await ctx.auth.authenticate(busy)).toBeDefined();
    clock.advance(HOUR);
    expect(await ctx.auth.authenticate(idle)).toBeUndefined();
    expect(await ctx.auth.authenticate(busy)).toBeDefined();
    for (let h = 12; h < 7 * 24 - 6; h += 6) {
      clock.advance(6 * HOUR);
      expect(await ctx.auth.authenticate(busy), `hour ${h}`).toBeDefined();
    }
    clock.advance(6 * HOUR);
    expect(await ctx.auth.authenticate(busy)).toBeUndefined();
  });

  it('revokes on logout, and ignores unknown or absurd tokens', async () => {
    const { ctx } = get();
    await ctx.auth.createUser(person('leaver'));
    const { token } = await ctx.auth.login('leaver', 'Secret2026');
    await ctx.auth.logout(token);
    expect(await ctx.auth.authenticate(token)).toBeUndefined();
    expect(await ctx.auth.authenticate('x'.repeat(43))).toBeUndefined();
    expect(await ctx.auth.authenticate('x'.repeat(10_000))).toBeUndefined();
    await expect(ctx.auth.logout(token)).resolves.toBeUndefined();
  });

  it('ends sessions when an account is deactivated or its password reset, and a reset lifts a lock', async () => {
    const { ctx } = get();
    const u = await ctx.auth.createUser(person('moved'));
    const t1 = (await ctx.auth.login('moved', 'Secret2026')).token;
    await ctx.auth.updateUser(u.id, { active: false });
    expect(await ctx.auth.authenticate(t1)).toBeUndefined();
    expect((await refusal(ctx.auth.login('moved', 'Secret2026'))).code).toBe('AUTH_INVALID');
    await ctx.auth.updateUser(u.id, { active: true });
    const t2 = (await ctx.auth.login('moved', 'Secret2026')).token;
    for (let i = 0; i < 5; i++) await refusal(ctx.auth.login('moved', 'wrong-pass1'));
    await ctx.auth.updateUser(u.id, { password: 'NewSecret2026' });
    expect(await ctx.auth.authenticate(t2)).toBeUndefined();
    await expect(ctx.auth.login('moved', 'NewSecret2026')).resolves.toBeTruthy();
  });

  it('lets a user change their own password, keeping only the current session', async () => {
    const { ctx } = get();
    const u = await ctx.auth.createUser(person('changer'));
    const here = (await ctx.auth.login('changer', 'Secret2026')).token;
    const there = (await ctx.auth.login('changer', 'Secret2026')).token;
    expect((await refusal(ctx.auth.setPassword(u.id, 'not-it-123', 'Better2026'))).code).toBe('AUTH_INVALID');
    expect((await refusal(ctx.auth.setPassword(u.id, 'Secret2026', 'short'))).code).toBe('PASSWORD_LENGTH');
    await ctx.auth.setPassword(u.id, 'Secret2026', 'Better2026', here);
    expect(await ctx.auth.authenticate(here)).toBeDefined();
    expect(await ctx.auth.authenticate(there)).toBeUndefined();
    expect((await refusal(ctx.auth.login('changer', 'Secret2026'))).code).toBe('AUTH_INVALID');
  });

  it('changes roles, unit and scope, judged on the result', async () => {
    const { ctx } = get();
    const u = await ctx.auth.createUser(person('shifty'));
    const changed = await ctx.auth.updateUser(u.id, { roles: ['handler', 'dispatcher'], unitId: 'unit-x', scope: { level: 'district', code: '350206' } });
    expect(changed).toMatchObject({ roles: ['dispatcher', 'handler'], unitId: 'unit-x', scope: { level: 'district', code: '350206' } });
    expect((await refusal(ctx.auth.updateUser(u.id, { unitId: null }))).code).toBe('UNIT_REQUIRED');
    expect((await ctx.auth.getUser(u.id)).unitId).toBe('unit-x');
    expect((await refusal(ctx.auth.updateUser('no-such-id', { active: false }))).code).toBe('USER_NOT_FOUND');
  });

  it('never leaves the platform without an active administrator', async () => {
    const { ctx } = get();
    const a = await ctx.auth.createUser(person('root1', { roles: ['admin'] }));
    const others = await ctx.auth.listUsers({ role: 'admin', active: true });
    for (const o of others.items) if (o.id !== a.id) await ctx.auth.updateUser(o.id, { active: false });
    expect((await refusal(ctx.auth.updateUser(a.id, { active: false }))).code).toBe('USERS_LAST_ADMIN');
    expect((await refusal(ctx.auth.updateUser(a.id, { roles: ['leader'] }))).code).toBe('USERS_LAST_ADMIN');
    await ctx.auth.createUser(person('root2', { roles: ['admin'] }));
    await expect(ctx.auth.updateUser(a.id, { roles: ['leader'] })).resolves.toMatchObject({ roles: ['leader'] });
  });

  it('lists accounts by role, unit and district, with paging', async () => {
    const { ctx } = get();
    await ctx.auth.createUser(person('list.a', { roles: ['handler'], unitId: 'unit-list', scope: { level: 'district', code: '350212' } }));
    await ctx.auth.createUser(person('list.b', { roles: ['handler'], unitId: 'unit-list', scope: { level: 'street', code: '350212003' } }));
    await ctx.auth.createUser(person('list.c', { roles: ['inspector'], scope: { level: 'district', code: '350213' } }));
    expect((await ctx.auth.listUsers({ unitId: 'unit-list' })).items.map((u) => u.username)).toEqual(['list.a', 'list.b']);
    expect((await ctx.auth.listUsers({ districtCode: '350212' })).items.map((u) => u.username)).toEqual(['list.a', 'list.b']);
    const page2 = await ctx.auth.listUsers({ q: 'list.', limit: 2, offset: 2 });
    expect([page2.total, page2.items.map((u) => u.username)]).toEqual([3, ['list.c']]);
  });

  it('finds who may act on a thing: the handlers of its unit, the dispatchers of its district', async () => {
    const { ctx } = get();
    await ctx.auth.createUser(person('who.h1', { roles: ['handler'], unitId: 'unit-who' }));
    await ctx.auth.createUser(person('who.h2', { roles: ['handler'], unitId: 'unit-other' }));
    await ctx.auth.createUser(person('who.d1', { roles: ['dispatcher'], scope: { level: 'district', code: '350211' } }));
    await ctx.auth.createUser(person('who.d2', { roles: ['dispatcher'], scope: { level: 'district', code: '350213' } }));
    const thing = { districtCode: '350211', streetCode: '350211001', unitId: 'unit-who' };
    expect((await ctx.auth.usersWhoMay('case.handle', thing)).map((u) => u.username)).toEqual(['who.h1']);
    const dispatchers = (await ctx.auth.usersWhoMay('case.dispatch', thing)).map((u) => u.username);
    expect(dispatchers).toContain('who.d1');
    expect(dispatchers).not.toContain('who.d2');
  });

  it('seeds the demo accounts once, each able to log in with demo1234', async () => {
    const { ctx } = get();
    const units = [{ id: 'unit-szyl', name: '思明区市政园林局' }];
    const first = await ctx.auth.seedDemoAccounts(units);
    expect(first.created).toEqual(expect.arrayContaining(['inspector', 'operator', 'shiftlead', 'dispatcher', 'handler', 'leader', 'evaluator', 'admin']));
    expect((await ctx.auth.seedDemoAccounts(units)).created).toEqual([]);
    const { user } = await ctx.auth.login('handler', 'demo1234');
    expect(user).toMatchObject({ roles: ['handler'], unitId: 'unit-szyl' });
    await expect(ctx.auth.login('siming.dispatcher', 'demo1234')).resolves.toMatchObject({ user: { scope: { level: 'district', code: '350203' } } });
  });
});
