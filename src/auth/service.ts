/**
 * Accounts and sessions: login with lockout, session tokens, account administration, demo accounts.
 * Authorization of admin actions is the route's job (policy.ts); this file keeps the account rules.
 */
import type { ServiceDeps } from '../core/deps.js';
import { AppError, conflict, notFound, unauthorized } from '../core/errors.js';
import { isUniqueViolation } from '../store/dialect.js';
import {
  CLEAN_GUARD,
  LOCKOUT_THRESHOLD,
  assertNoProblems,
  createUserProblems,
  invalidCredentialsError,
  lockedError,
  newSessionTimes,
  normalizeUsername,
  passwordProblems,
  sessionState,
  shouldTouch,
  updateUserProblems,
  type CreateUserInput,
  type Role,
  type UpdateUserInput,
  type User,
} from './model.js';
import { burnVerification, hashPassword, newSessionToken, tokenDigest, verifyPassword } from './password.js';
import { can, rolesFor, type Action, type Resource } from './policy.js';
import { createAuthRepo, type SessionRow, type UserListFilter } from './repo.js';
import { createSessionCache } from './session-cache.js';
import { createUserRegister, type UserRegister } from './user-import.js';

/** The part of a catalog unit the demo accounts need. */
export interface DemoUnit {
  id: string;
  name: string;
}

export interface AuthDeps extends ServiceDeps {
  /** Where demo handlers find their units (the catalog's units). Optional: without it, pass units to seedDemoAccounts. */
  demoUnits?: () => Promise<DemoUnit[]>;
  /** The demo accounts for these units (src/demo, wired by the composition root) for `seedDemoAccounts`. */
  demoAccounts?: (units: readonly DemoUnit[]) => CreateUserInput[];
}

export interface LoginResult {
  /** The bearer token; also set as the `cityloop_session` cookie by the route. Shown once. */
  token: string;
  /** Absolute end of the session (epoch ms); it ends earlier after 12 h without use. */
  expiresAt: number;
  user: User;
}

export interface LoginMeta {
  userAgent?: string | undefined;
  ip?: string | undefined;
}

export interface AuthService extends UserRegister {
  /** Username + password → a new session. AUTH_INVALID (401, also for a deactivated account, so no password is confirmed), AUTH_LOCKED (423). */
  login(username: string, password: string, meta?: LoginMeta): Promise<LoginResult>;
  /** Revokes the session of this token (no error when it is unknown or already ended). */
  logout(token: string): Promise<void>;
  /** The user of a session or bearer token, or undefined. */
  authenticate(token: string): Promise<User | undefined>;
  getUser(id: string): Promise<User>;
  /** The account with this username (any case), or undefined. */
  findByUsername(username: string): Promise<User | undefined>;
  /** Whether an active administrator exists (the first-run setup page works only while none does). */
  hasActiveAdmin(): Promise<boolean>;
  /** Display names by user id, for showing who did what (a case's timeline). Unknown ids are left out. */
  displayNames(ids: readonly string[]): Promise<Record<string, string>>;
  listUsers(filter?: Partial<UserListFilter>): Promise<{ items: User[]; total: number }>;
  createUser(input: CreateUserInput): Promise<User>;
  /** Changes an account; a password reset or deactivation ends the account's sessions. */
  updateUser(id: string, patch: UpdateUserInput): Promise<User>;
  /** A user changes their own password; their other sessions end. */
  setPassword(userId: string, currentPassword: string, newPassword: string, keepToken?: string): Promise<void>;
  /** Active users who may take the action on the thing (e.g. whom to notify when a case is dispatched). */
  usersWhoMay(action: Action, resource?: Resource): Promise<User[]>;
  /** Deletes sessions that ended more than a day ago. Returns how many. */
  purgeSessions(): Promise<number>;
  /** Demo mode only: one account per role and a few district ones, password demo1234. Skips existing usernames. */
  seedDemoAccounts(units?: DemoUnit[]): Promise<{ created: string[] }>;
}

const MAX_TOKEN_LENGTH = 200;

export function createAuthService(deps: AuthDeps): AuthService {
  const { db, clock, ids, logger } = deps;
  const sessionCache = createSessionCache<SessionRow>();
  const k = db.kysely;
  const repo = createAuthRepo(db.dialect);

  async function getUser(id: string): Promise<User> {
    const user = await repo.findUser(k, id);
    if (!user) throw notFound('USER_NOT_FOUND', '用户不存在', 'No such user', { id });
    return user;
  }

  async function createUser(input: CreateUserInput): Promise<User> {
    assertNoProblems(createUserProblems(input));
    const now = clock.now();
    const id = ids.next();
    const passwordHash = await hashPassword(input.password);
    try {
      await k.transaction().execute(async (tx) => {
        await repo.insertUser(
          tx,
          {
            id,
            username: normalizeUsername(input.username),
            display_name: input.displayName.trim(),
            phone: input.phone ?? null,
            active: input.active === false ? 0 : 1,
            unit_id: input.unitId ?? null,
            scope_level: input.scope.level,
            scope_code: input.scope.code,
            password_hash: passwordHash,
            password_changed_at: now,
            failed_attempts: 0,
            first_failed_at: null,
            locked_until: null,
            created_at: now,
            updated_at: now,
          },
          input.roles,
        );
      });
    } catch (e) {
      if (isUniqueViolation(e)) {
        throw conflict('USERNAME_TAKEN', `用户名 ${normalizeUsername(input.username)} 已被使用`, `Username ${normalizeUsername(input.username)} is taken`);
      }
      throw e;
    }
    return getUser(id);
  }

  /** Refuses a change that would leave the platform without an active administrator. */
  async function keepAnAdmin(current: User, patch: UpdateUserInput): Promise<void> {
    if (!current.active || !current.roles.includes('admin')) return;
    const losesAdmin = patch.active === false || (patch.roles !== undefined && !patch.roles.includes('admin'));
    if (!losesAdmin) return;
    if ((await repo.countActiveWithRole(k, 'admin', current.id)) === 0) {
      throw conflict('USERS_LAST_ADMIN', '这是最后一个启用的系统管理员账户，不能停用或取消其管理员角色', 'This is the last active administrator: it cannot be deactivated or lose the admin role');
    }
  }

  async function updateUser(id: string, patch: UpdateUserInput): Promise<User> {
    const current = await getUser(id);
    assertNoProblems(updateUserProblems(current, patch));
    await keepAnAdmin(current, patch);
    const now = clock.now();
    const passwordHash = patch.password !== undefined ? await hashPassword(patch.password) : undefined;
    await k.transaction().execute(async (tx) => {
      await repo.updateUser(tx, id, {
        ...(patch.displayName !== undefined ? { display_name: patch.displayName.trim() } : {}),
        ...(patch.phone !== undefined ? { phone: patch.phone } : {}),
        ...(patch.unitId !== undefined ? { unit_id: patch.unitId } : {}),
        ...(patch.scope !== undefined ? { scope_level: patch.scope.level, scope_code: patch.scope.code } : {}),
        ...(patch.active !== undefined ? { active: patch.active ? 1 : 0 } : {}),
        // An administrator's reset also lifts a lockout.
        ...(passwordHash !== undefined
          ? { password_hash: passwordHash, password_changed_at: now, failed_attempts: 0, first_failed_at: null, locked_until: null }
          : {}),
        updated_at: now,
      });
      if (patch.roles !== undefined) await repo.replaceRoles(tx, id, patch.roles);
      if (patch.active === false || passwordHash !== undefined) await repo.revokeUserSessions(tx, id, now);
    });
    sessionCache.clear(); // roles, scope, unit or the sessions themselves changed

    return getUser(id);
  }

  /**
   * One password attempt under the lockout (login and a password change alike). The attempt is counted
   * in one statement before the password is checked, so 30 parallel guesses count 30: only the first
   * five are checked at all, the fifth wrong one locks, and the rest are refused as locked.
   */
  async function guardedVerify(userId: string, passwordHash: string, password: string): Promise<boolean> {
    const now = clock.now();
    const attempts = await repo.chargeAttempt(k, userId, now);
    if (attempts === undefined || attempts > LOCKOUT_THRESHOLD) {
      const until = await repo.lock(k, userId, now);
      if (attempts !== undefined) logger.warn({ userId, lockedUntil: until }, 'account locked after repeated failed password attempts');
      throw lockedError(until);
    }
    if (await verifyPassword(passwordHash, password)) {
      await repo.saveGuard(k, userId, CLEAN_GUARD);
      return true;
    }
    if (attempts < LOCKOUT_THRESHOLD) return false;
    const until = await repo.lock(k, userId, now);
    logger.warn({ userId, lockedUntil: until }, 'account locked after repeated failed password attempts');
    throw lockedError(until);
  }

  const register = createUserRegister(deps, repo);
  return {
    ...register,
    async importUsers(file, opts) {
      try {
        return await register.importUsers(file, opts);
      } finally {
        sessionCache.clear(); // roles, scopes and deactivations may have changed
      }
    },
    async login(username, password, meta = {}) {
      const found = await repo.findSecretsByUsername(k, normalizeUsername(username));
      // A deactivated account answers like a wrong password whatever is typed: it confirms no password.
      if (!found || !found.user.active) {
        await burnVerification(password);
        throw invalidCredentialsError();
      }
      if (!(await guardedVerify(found.user.id, found.passwordHash, password))) throw invalidCredentialsError();
      const now = clock.now();
      const token = newSessionToken();
      const times = newSessionTimes(now);
      await k.transaction().execute(async (tx) => {
        await repo.insertSession(tx, {
          id: ids.next(),
          token_hash: tokenDigest(token),
          user_id: found.user.id,
          created_at: times.createdAt,
          last_seen_at: times.lastSeenAt,
          expires_at: times.expiresAt,
          revoked_at: null,
          user_agent: meta.userAgent?.slice(0, 300) ?? null,
          ip: meta.ip ?? null,
        });
      });
      return { token, expiresAt: times.expiresAt, user: found.user };
    },

    async logout(token) {
      if (!token || token.length > MAX_TOKEN_LENGTH) return;
      await repo.revokeSession(k, tokenDigest(token), clock.now());
      sessionCache.delete(tokenDigest(token));
    },

    async authenticate(token) {
      if (!token || token.length > MAX_TOKEN_LENGTH) return undefined;
      const digest = tokenDigest(token);
      const now = clock.now();
      const cached = sessionCache.get(digest);
      if (cached === null) return undefined;
      if (cached) {
        if (sessionState(cached.session, now) !== 'active') return undefined;
        if (shouldTouch(cached.session, now)) {
          await repo.touchSession(k, cached.session.id, now);
          cached.session = { ...cached.session, lastSeenAt: now };
        }
        return cached.user;
      }
      const session = await repo.findSessionByDigest(k, digest);
      if (!session) {
        sessionCache.set(digest, null);
        return undefined;
      }
      if (sessionState(session, now) !== 'active') return undefined;
      const user = await repo.findUser(k, session.userId);
      if (!user || !user.active) return undefined;
      if (shouldTouch(session, now)) await repo.touchSession(k, session.id, now);
      sessionCache.set(digest, { session: shouldTouch(session, now) ? { ...session, lastSeenAt: now } : session, user });
      return user;
    },

    getUser,
    async findByUsername(username) {
      return (await repo.findSecretsByUsername(k, normalizeUsername(username)))?.user;
    },
    async hasActiveAdmin() {
      return (await repo.countActiveWithRole(k, 'admin', '')) > 0;
    },
    async displayNames(ids) {
      const unique = [...new Set(ids)].slice(0, 1000);
      const rows = await repo.displayNames(deps.db.kysely, unique);
      return Object.fromEntries(rows.map((r) => [r.id, r.display_name]));
    },

    async listUsers(filter = {}) {
      return repo.listUsers(k, { limit: 50, offset: 0, ...filter });
    },

    createUser,
    updateUser,

    async setPassword(userId, currentPassword, newPassword, keepToken) {
      const found = await repo.findSecretsById(k, userId);
      if (!found) throw notFound('USER_NOT_FOUND', '用户不存在', 'No such user', { id: userId });
      if (!(await guardedVerify(userId, found.passwordHash, currentPassword))) {
        throw unauthorized('AUTH_INVALID', '当前密码不正确', 'The current password is wrong');
      }
      assertNoProblems(passwordProblems(newPassword, 'newPassword'));
      if (newPassword === currentPassword) {
        throw new AppError({ code: 'PASSWORD_UNCHANGED', kind: 'invalid', message: '新密码不能与当前密码相同', messageEn: 'The new password must differ from the current one' });
      }
      const now = clock.now();
      const hash = await hashPassword(newPassword);
      await k.transaction().execute(async (tx) => {
        await repo.updateUser(tx, userId, { password_hash: hash, password_changed_at: now, updated_at: now });
        await repo.revokeUserSessions(tx, userId, now, keepToken ? tokenDigest(keepToken) : undefined);
        sessionCache.clear();
      });
    },

    async usersWhoMay(action, resource) {
      const candidates = await repo.activeUsersWithRoles(k, rolesFor(action));
      return candidates.filter((u) => can(u, action, resource).allowed);
    },

    async purgeSessions() {
      return repo.deleteSessionsEndedBefore(k, clock.now() - 24 * 3600_000);
    },

    async seedDemoAccounts(units) {
      const unitList = units ?? (deps.demoUnits ? await deps.demoUnits() : []);
      if (!deps.demoAccounts) throw new Error('auth.seedDemoAccounts: no demo accounts were wired into this service');
      const wanted = deps.demoAccounts(unitList);
      if (!wanted.some((a) => a.roles.includes('handler' as Role))) {
        logger.warn('no units known: the demo handler accounts are left out (seed the catalog first)');
      }
      const taken = await repo.usernamesTaken(k, wanted.map((a) => a.username));
      const created: string[] = [];
      for (const a of wanted) {
        if (taken.has(a.username)) continue;
        await createUser(a);
        created.push(a.username);
      }
      return { created };
    },
  };
}
