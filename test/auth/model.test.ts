import { describe, expect, it } from 'vitest';
import {
  CLEAN_GUARD,
  ROLES,
  ROLE_CODES,
  SESSION_ABSOLUTE_MS,
  SESSION_IDLE_MS,
  afterFailedLogin,
  assertNoProblems,
  createUserProblems,
  isLocked,
  lockedError,
  maskPhone,
  newSessionTimes,
  sessionState,
  updateUserProblems,
  type CreateUserInput,
  type LoginGuard,
  type User,
} from '../../src/auth/model.js';
import { AppError } from '../../src/core/errors.js';
import { DEMO_PASSWORD, demoAccounts } from '../../src/demo/accounts.js';

const MIN = 60_000;
const T0 = Date.parse('2025-10-09T01:00:00Z');

function fail(times: number, start: number, step: number, guard: LoginGuard = CLEAN_GUARD): LoginGuard {
  let g = guard;
  for (let i = 0; i < times; i++) g = afterFailedLogin(g, start + i * step);
  return g;
}

describe('lockout', () => {
  it('locks the account for 15 minutes on the fifth failure within 15 minutes', () => {
    const g = fail(5, T0, MIN);
    expect(g.lockedUntil).toBe(T0 + 4 * MIN + 15 * MIN);
    expect(isLocked(g, T0 + 4 * MIN + 15 * MIN - 1)).toBe(true);
    expect(isLocked(g, T0 + 4 * MIN + 15 * MIN)).toBe(false);
  });

  it('does not lock on four failures', () => {
    const g = fail(4, T0, MIN);
    expect(isLocked(g, T0 + 4 * MIN)).toBe(false);
    expect(g.failedAttempts).toBe(4);
  });

  it('starts counting again when failures are more than 15 minutes apart', () => {
    const g = fail(5, T0, 4 * MIN); // the fifth comes 16 minutes after the first
    expect(g.lockedUntil).toBeNull();
    expect(g.failedAttempts).toBe(1);
  });

  it('says until when the account is locked, in Chinese and English', () => {
    const e = lockedError(T0);
    expect(e.code).toBe('AUTH_LOCKED');
    expect(e.kind).toBe('locked');
    expect(e.messageZh).toContain('2025-10-09 09:00:00');
    expect(e.messageEn).toContain('2025-10-09T09:00:00.000+08:00');
    expect(e.details).toEqual({ lockedUntil: T0, lockedUntilIso: '2025-10-09T09:00:00.000+08:00' });
  });
});

describe('sessions', () => {
  it('expire after 12 hours without use', () => {
    const s = newSessionTimes(T0);
    expect(sessionState(s, T0 + SESSION_IDLE_MS - 1)).toBe('active');
    expect(sessionState(s, T0 + SESSION_IDLE_MS)).toBe('idle_expired');
  });

  it('expire 7 days after login however busy', () => {
    const s = { ...newSessionTimes(T0), lastSeenAt: T0 + SESSION_ABSOLUTE_MS - MIN };
    expect(sessionState(s, T0 + SESSION_ABSOLUTE_MS - 1)).toBe('active');
    expect(sessionState(s, T0 + SESSION_ABSOLUTE_MS)).toBe('expired');
  });

  it('are dead once revoked', () => {
    expect(sessionState({ ...newSessionTimes(T0), revokedAt: T0 }, T0 + 1)).toBe('revoked');
  });
});

const valid: CreateUserInput = {
  username: 'siming.handler',
  displayName: '思明区市政园林局 张三',
  password: 'Xiamen2025',
  phone: '13912345678',
  unitId: 'unit-1',
  scope: { level: 'district', code: '350203' },
  roles: ['handler'],
};

describe('account rules', () => {
  it('accepts a well-formed account', () => {
    expect(createUserProblems(valid)).toEqual([]);
  });

  it.each<[string, Partial<CreateUserInput>, string]>([
    ['a short username', { username: 'ab' }, 'USERNAME_INVALID'],
    ['a username with spaces', { username: 'zhang san' }, 'USERNAME_INVALID'],
    ['an empty display name', { displayName: '  ' }, 'DISPLAY_NAME_INVALID'],
    ['a short password', { password: 'abc123' }, 'PASSWORD_LENGTH'],
    ['a password of digits only', { password: '12345678' }, 'PASSWORD_TOO_WEAK'],
    ['a bad phone', { phone: '12345' }, 'PHONE_INVALID'],
    ['a street scope with a district code', { scope: { level: 'street', code: '350203' } }, 'SCOPE_CODE_INVALID'],
    ['an unknown scope level', { scope: { level: 'province' as 'city', code: '350000' } }, 'SCOPE_LEVEL_INVALID'],
    ['no roles', { roles: [] }, 'ROLES_EMPTY'],
    ['an unknown role', { roles: ['mayor' as 'leader'] }, 'ROLE_UNKNOWN'],
    ['a handler without a unit', { unitId: null }, 'UNIT_REQUIRED'],
  ])('refuses %s', (_name, patch, code) => {
    const problems = createUserProblems({ ...valid, ...patch });
    expect(problems.map((p) => p.code)).toEqual([code]);
    expect(() => assertNoProblems(problems)).toThrow(AppError);
  });

  it('reports every problem at once', () => {
    const problems = createUserProblems({ ...valid, username: '!', password: 'x', roles: [] });
    let err: AppError | undefined;
    try {
      assertNoProblems(problems);
    } catch (e) {
      err = e as AppError;
    }
    expect(err?.kind).toBe('invalid');
    expect(err?.code).toBe('USER_INPUT_INVALID');
    expect((err?.details as { problems: { field: string }[] }).problems.map((p) => p.field)).toEqual(['username', 'password', 'roles']);
  });

  it('judges a change on the account as it would be afterwards', () => {
    const current: User = {
      id: 'u1', username: 'a.b', displayName: 'A', phone: null, active: true, unitId: 'unit-1',
      scope: { level: 'city', code: '350200' }, roles: ['handler'], createdAt: 0, updatedAt: 0,
    };
    expect(updateUserProblems(current, { unitId: null }).map((p) => p.code)).toEqual(['UNIT_REQUIRED']);
    expect(updateUserProblems(current, { unitId: null, roles: ['dispatcher'] })).toEqual([]);
    expect(updateUserProblems({ ...current, unitId: null, roles: ['dispatcher'] }, { roles: ['handler'] }).map((p) => p.code)).toEqual(['UNIT_REQUIRED']);
  });

  it('masks phone numbers', () => {
    expect(maskPhone('13912345678')).toBe('139****5678');
    expect(maskPhone('0592-5551234')).toBe('0592-***1234');
    expect(maskPhone(null)).toBeNull();
  });

  it('names every role in Chinese and English', () => {
    expect(ROLES.map((r) => r.code)).toEqual([...ROLE_CODES]);
    expect(Object.fromEntries(ROLES.map((r) => [r.code, r.name]))).toEqual({
      inspector: '监督员', operator: '受理员', shift_lead: '值班长', dispatcher: '派遣员',
      handler: '处置人员', leader: '领导', evaluator: '考评员', admin: '系统管理员',
      enforcer: '执法队员', legal_reviewer: '法制审核员', citizen: '公众',
    });
  });
});

describe('demo accounts', () => {
  const units = [
    { id: 'u-water', name: '厦门水务集团' },
    { id: 'u-siming', name: '思明区市政园林局' },
    { id: 'u-huli', name: '湖里区市政园林局' },
  ];

  it('has one valid account per role, all with password demo1234, and a handler of 思明区市政园林局', () => {
    const accounts = demoAccounts(units);
    for (const a of accounts) expect(createUserProblems(a), a.username).toEqual([]);
    // A channel's role (公众) is nobody's account.
    for (const role of ROLE_CODES.filter((r) => !ROLES.find((x) => x.code === r)?.channelOnly)) expect(accounts.some((a) => a.username === role.replace('_', '') && a.roles.includes(role)), role).toBe(true);
    expect(accounts.every((a) => a.password === DEMO_PASSWORD)).toBe(true);
    expect(accounts.find((a) => a.username === 'handler')?.unitId).toBe('u-siming');
    expect(new Set(accounts.map((a) => a.username)).size).toBe(accounts.length);
  });

  it('leaves the handlers out when there are no units', () => {
    expect(demoAccounts([]).some((a) => a.roles.includes('handler'))).toBe(false);
  });
});
