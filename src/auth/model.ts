/**
 * Accounts and access: users, roles, scopes, sessions and lockout as types and pure rules.
 * No I/O here: hashing and token generation live in password.ts, SQL in repo.ts.
 */
import { AppError, badRequest } from '../core/errors.js';
import { HOUR_MS, DAY_MS, toShanghaiIso } from '../core/time.js';

// ---------------------------------------------------------------------------------------------
// Roles
// ---------------------------------------------------------------------------------------------

export { ROLE_CODES, ROLES, type Role, type RoleInfo } from './roles.js';
import { ROLES, type Role, type RoleInfo } from './roles.js';

const ROLE_BY_CODE = new Map<string, RoleInfo>(ROLES.map((r) => [r.code, r]));

export function isRole(v: unknown): v is Role {
  return typeof v === 'string' && ROLE_BY_CODE.has(v);
}

export function roleInfo(role: Role): RoleInfo {
  return ROLE_BY_CODE.get(role)!;
}

// ---------------------------------------------------------------------------------------------
// Scope: the part of the city an account works in
// ---------------------------------------------------------------------------------------------

export type ScopeLevel = 'city' | 'district' | 'street';
export const SCOPE_LEVELS: readonly ScopeLevel[] = ['city', 'district', 'street'];

/**
 * City: a 6-digit division code (Xiamen 350200). District: its 6-digit code (思明 350203).
 * Street: 9 digits, the district code + 3 (GB/T 30428.1), so a street lies in the district of its prefix.
 */
export interface Scope {
  level: ScopeLevel;
  code: string;
}

const SCOPE_CODE_PATTERN: Record<ScopeLevel, RegExp> = {
  city: /^\d{6}$/,
  district: /^\d{6}$/,
  street: /^\d{9}$/,
};

/** District code of a street code (its first 6 digits). */
export function districtOfStreet(streetCode: string): string {
  return streetCode.slice(0, 6);
}

// ---------------------------------------------------------------------------------------------
// Users
// ---------------------------------------------------------------------------------------------

/** A user as the rest of the platform sees it (never the password hash). `req.user` is this. */
export interface User {
  id: string;
  username: string;
  displayName: string;
  phone: string | null;
  active: boolean;
  unitId: string | null;
  scope: Scope;
  roles: Role[];
  createdAt: number;
  updatedAt: number;
}

/** What the policy needs to know about an actor. Any `User` is one. */
export interface Actor {
  id: string;
  active: boolean;
  roles: readonly Role[];
  unitId: string | null;
  scope: Scope;
}

export interface CreateUserInput {
  username: string;
  displayName: string;
  password: string;
  phone?: string | null;
  unitId?: string | null;
  scope: Scope;
  roles: Role[];
  active?: boolean;
}

export interface UpdateUserInput {
  displayName?: string;
  phone?: string | null;
  unitId?: string | null;
  scope?: Scope;
  roles?: Role[];
  active?: boolean;
  /** A password reset by an administrator. */
  password?: string;
}

export const USERNAME_PATTERN = /^[a-z0-9][a-z0-9_.-]{2,31}$/;
export const PASSWORD_MIN = 8;
/** Upper bound so nobody makes the server hash megabytes. */
export const PASSWORD_MAX = 128;

/** One problem found in user input, with the field it concerns. */
export interface FieldProblem {
  field: string;
  code: string;
  message: string;
  messageEn: string;
}

export function normalizeUsername(username: string): string {
  return username.trim().toLowerCase();
}

/** Problems with a new password: 8–128 characters with at least one letter and one digit. */
export function passwordProblems(password: string, field = 'password'): FieldProblem[] {
  if (password.length < PASSWORD_MIN || password.length > PASSWORD_MAX) {
    return [{ field, code: 'PASSWORD_LENGTH', message: `密码长度须为 ${PASSWORD_MIN}–${PASSWORD_MAX} 个字符`, messageEn: `Password must be ${PASSWORD_MIN}–${PASSWORD_MAX} characters long` }];
  }
  if (!/[A-Za-z]/.test(password) || !/\d/.test(password)) {
    return [{ field, code: 'PASSWORD_TOO_WEAK', message: '密码须同时包含字母和数字', messageEn: 'Password must contain both letters and digits' }];
  }
  return [];
}

export function scopeProblems(scope: Scope, field = 'scope'): FieldProblem[] {
  if (!SCOPE_LEVELS.includes(scope.level)) {
    return [{ field: `${field}.level`, code: 'SCOPE_LEVEL_INVALID', message: '范围层级须为 city、district 或 street', messageEn: 'Scope level must be city, district or street' }];
  }
  if (!SCOPE_CODE_PATTERN[scope.level].test(scope.code)) {
    const digits = scope.level === 'street' ? 9 : 6;
    return [{ field: `${field}.code`, code: 'SCOPE_CODE_INVALID', message: `${scope.level} 范围代码须为 ${digits} 位数字`, messageEn: `A ${scope.level} scope code must have ${digits} digits` }];
  }
  return [];
}

export function phoneProblems(phone: string | null | undefined, field = 'phone'): FieldProblem[] {
  if (phone === null || phone === undefined) return [];
  // Mainland mobile (11 digits starting 1) or a landline such as 0592-1234567.
  if (/^1[3-9]\d{9}$/.test(phone) || /^0\d{2,3}-?\d{7,8}$/.test(phone)) return [];
  return [{ field, code: 'PHONE_INVALID', message: '电话号码格式不正确', messageEn: 'Phone number is not valid' }];
}

/** Problems shared by create and update once the final state of the account is known. */
function accountShapeProblems(a: { roles: readonly string[]; unitId: string | null | undefined }): FieldProblem[] {
  const out: FieldProblem[] = [];
  if (a.roles.length === 0) out.push({ field: 'roles', code: 'ROLES_EMPTY', message: '至少需要一个角色', messageEn: 'At least one role is required' });
  const unknown = a.roles.filter((r) => !isRole(r));
  if (unknown.length > 0) {
    out.push({ field: 'roles', code: 'ROLE_UNKNOWN', message: `未知角色：${unknown.join('、')}`, messageEn: `Unknown role: ${unknown.join(', ')}` });
  }
  if (new Set(a.roles).size !== a.roles.length) out.push({ field: 'roles', code: 'ROLE_DUPLICATE', message: '角色重复', messageEn: 'A role is listed twice' });
  if (a.roles.some((r) => isRole(r) && roleInfo(r).needsUnit) && !a.unitId) {
    out.push({ field: 'unitId', code: 'UNIT_REQUIRED', message: '处置人员须属于一个责任单位', messageEn: 'A handler must belong to a unit' });
  }
  return out;
}

/** Validates a new account; returns the problems (empty when fine). */
export function createUserProblems(input: CreateUserInput): FieldProblem[] {
  const out: FieldProblem[] = [];
  if (!USERNAME_PATTERN.test(normalizeUsername(input.username))) {
    out.push({ field: 'username', code: 'USERNAME_INVALID', message: '用户名须为 3–32 位小写字母、数字或 _ . -，以字母或数字开头', messageEn: 'Username must be 3–32 lowercase letters, digits or _ . -, starting with a letter or digit' });
  }
  if (input.displayName.trim().length === 0 || input.displayName.length > 50) {
    out.push({ field: 'displayName', code: 'DISPLAY_NAME_INVALID', message: '姓名须为 1–50 个字符', messageEn: 'Display name must be 1–50 characters' });
  }
  out.push(...passwordProblems(input.password));
  out.push(...phoneProblems(input.phone));
  out.push(...scopeProblems(input.scope));
  out.push(...accountShapeProblems({ roles: input.roles, unitId: input.unitId }));
  return out;
}

/** Validates a change to an existing account, judged on the account as it would be afterwards. */
export function updateUserProblems(current: User, patch: UpdateUserInput): FieldProblem[] {
  const out: FieldProblem[] = [];
  if (patch.displayName !== undefined && (patch.displayName.trim().length === 0 || patch.displayName.length > 50)) {
    out.push({ field: 'displayName', code: 'DISPLAY_NAME_INVALID', message: '姓名须为 1–50 个字符', messageEn: 'Display name must be 1–50 characters' });
  }
  if (patch.password !== undefined) out.push(...passwordProblems(patch.password));
  if (patch.phone !== undefined) out.push(...phoneProblems(patch.phone));
  if (patch.scope !== undefined) out.push(...scopeProblems(patch.scope));
  out.push(
    ...accountShapeProblems({
      roles: patch.roles ?? current.roles,
      unitId: patch.unitId !== undefined ? patch.unitId : current.unitId,
    }),
  );
  return out;
}

/** Turns problems into one 400 with every problem in `details`; does nothing when there are none. */
export function assertNoProblems(problems: FieldProblem[]): void {
  if (problems.length === 0) return;
  const first = problems[0]!;
  throw badRequest(
    problems.length === 1 ? first.code : 'USER_INPUT_INVALID',
    problems.length === 1 ? first.message : `输入有误：${problems.map((p) => p.message).join('；')}`,
    problems.length === 1 ? first.messageEn : `Invalid input: ${problems.map((p) => p.messageEn).join('; ')}`,
    { problems },
  );
}

/** 138****5678 for mobiles, 0592-***4567 for landlines: enough to recognise, not to call. */
export function maskPhone(phone: string | null): string | null {
  if (phone === null) return null;
  const dash = phone.indexOf('-');
  if (dash >= 0) {
    const rest = phone.slice(dash + 1);
    return `${phone.slice(0, dash + 1)}${'*'.repeat(Math.max(0, rest.length - 4))}${rest.slice(-4)}`;
  }
  if (phone.length >= 8) return `${phone.slice(0, 3)}${'*'.repeat(phone.length - 7)}${phone.slice(-4)}`;
  return `${'*'.repeat(Math.max(0, phone.length - 4))}${phone.slice(-4)}`;
}

// ---------------------------------------------------------------------------------------------
// Lockout: 5 failures within 15 minutes lock the account for 15 minutes
// ---------------------------------------------------------------------------------------------

export const LOCKOUT_THRESHOLD = 5;
export const LOCKOUT_WINDOW_MS = 15 * 60_000;
export const LOCKOUT_DURATION_MS = 15 * 60_000;

export interface LoginGuard {
  failedAttempts: number;
  /** Start of the current counting window (first failure in it), or null. */
  firstFailedAt: number | null;
  lockedUntil: number | null;
}

export const CLEAN_GUARD: LoginGuard = { failedAttempts: 0, firstFailedAt: null, lockedUntil: null };

export function isLocked(g: LoginGuard, now: number): boolean {
  return g.lockedUntil !== null && now < g.lockedUntil;
}

/** The guard after one more wrong password at `now`. The fifth failure in a window locks. */
export function afterFailedLogin(g: LoginGuard, now: number): LoginGuard {
  const windowOpen = g.firstFailedAt !== null && now - g.firstFailedAt < LOCKOUT_WINDOW_MS;
  const failedAttempts = windowOpen ? g.failedAttempts + 1 : 1;
  const firstFailedAt = windowOpen ? g.firstFailedAt : now;
  if (failedAttempts >= LOCKOUT_THRESHOLD) {
    return { failedAttempts: 0, firstFailedAt: null, lockedUntil: now + LOCKOUT_DURATION_MS };
  }
  return { failedAttempts, firstFailedAt, lockedUntil: null };
}

export function lockedError(lockedUntil: number): AppError {
  const iso = toShanghaiIso(lockedUntil);
  // 423 Locked: the account (a resource) is locked; 429 would suggest the client merely slow down.
  return new AppError({
    code: 'AUTH_LOCKED',
    kind: 'locked',
    message: `登录失败次数过多，账户已锁定至 ${iso.slice(0, 19).replace('T', ' ')}（北京时间）`,
    messageEn: `Too many failed logins: the account is locked until ${iso}`,
    details: { lockedUntil, lockedUntilIso: iso },
  });
}

export function invalidCredentialsError(): AppError {
  return new AppError({ code: 'AUTH_INVALID', kind: 'unauthenticated', message: '用户名或密码错误', messageEn: 'Wrong username or password' });
}

// ---------------------------------------------------------------------------------------------
// Sessions: 12 h idle, 7 days absolute
// ---------------------------------------------------------------------------------------------

/** A session ends after 12 hours without a request (one working day and a half shift)… */
export const SESSION_IDLE_MS = 12 * HOUR_MS;
/** …and in any case 7 days after login, so a lost phone is not logged in for ever. */
export const SESSION_ABSOLUTE_MS = 7 * DAY_MS;
/** last_seen is written at most every 5 minutes, so reads do not become writes; idle expiry may come ≤ 5 min early. */
export const SESSION_TOUCH_MS = 5 * 60_000;

export interface SessionTimes {
  createdAt: number;
  lastSeenAt: number;
  expiresAt: number;
  revokedAt: number | null;
}

export type SessionState = 'active' | 'revoked' | 'idle_expired' | 'expired';

export function sessionState(s: SessionTimes, now: number): SessionState {
  if (s.revokedAt !== null) return 'revoked';
  if (now >= s.expiresAt) return 'expired';
  if (now - s.lastSeenAt >= SESSION_IDLE_MS) return 'idle_expired';
  return 'active';
}

export function newSessionTimes(now: number): SessionTimes {
  return { createdAt: now, lastSeenAt: now, expiresAt: now + SESSION_ABSOLUTE_MS, revokedAt: null };
}

export function shouldTouch(s: SessionTimes, now: number): boolean {
  return now - s.lastSeenAt >= SESSION_TOUCH_MS;
}
