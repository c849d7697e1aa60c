/** Queries of accounts and sessions. The only place in src/auth that knows SQL. */
import { sql, type Selectable } from 'kysely';
import type { Dialect, Executor } from '../store/db.js';
import { containsText } from '../store/dialect.js';
import { LOCKOUT_DURATION_MS, LOCKOUT_WINDOW_MS, ROLE_CODES, type LoginGuard, type Role, type ScopeLevel, type User } from './model.js';
import type { SessionsTable, UsersTable } from './tables.js';

type UserRow = Selectable<UsersTable>;

/** A user with what only the service may see. */
export interface UserSecrets {
  user: User;
  passwordHash: string;
  guard: LoginGuard;
}

export interface SessionRow {
  id: string;
  userId: string;
  createdAt: number;
  lastSeenAt: number;
  expiresAt: number;
  revokedAt: number | null;
}

export interface UserListFilter {
  q?: string;
  role?: Role;
  unitId?: string;
  active?: boolean;
  /** Only users whose scope is inside this district (district or street scopes with this prefix). */
  districtCode?: string;
  limit: number;
  offset: number;
}

function toUser(row: UserRow, roles: Role[]): User {
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    phone: row.phone,
    active: Number(row.active) === 1,
    unitId: row.unit_id,
    scope: { level: row.scope_level as ScopeLevel, code: row.scope_code },
    roles,
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  };
}

function toSecrets(row: UserRow, roles: Role[]): UserSecrets {
  return {
    user: toUser(row, roles),
    passwordHash: row.password_hash,
    guard: {
      failedAttempts: Number(row.failed_attempts),
      firstFailedAt: row.first_failed_at === null ? null : Number(row.first_failed_at),
      lockedUntil: row.locked_until === null ? null : Number(row.locked_until),
    },
  };
}

/** Roles of each user, in the fixed order of ROLE_CODES (so `can` picks a granting role deterministically). */
async function rolesByUser(db: Executor, userIds: string[]): Promise<Map<string, Role[]>> {
  const out = new Map<string, Role[]>(userIds.map((id) => [id, []]));
  if (userIds.length === 0) return out;
  const rows = await db.selectFrom('user_roles').select(['user_id', 'role']).where('user_id', 'in', userIds).execute();
  for (const r of rows) out.get(r.user_id)?.push(r.role as Role);
  for (const list of out.values()) list.sort((a, b) => ROLE_CODES.indexOf(a) - ROLE_CODES.indexOf(b));
  return out;
}

export function createAuthRepo(dialect: Dialect) {
  return {
    /** Display names of the given users (unknown ids are left out). */
    async displayNames(db: Executor, ids: readonly string[]): Promise<Array<{ id: string; display_name: string }>> {
      if (ids.length === 0) return [];
      return db.selectFrom('users').select(['id', 'display_name']).where('id', 'in', [...ids]).execute();
    },
    async insertUser(db: Executor, row: UserRow, roles: Role[]): Promise<void> {
      await db.insertInto('users').values(row).execute();
      await db.insertInto('user_roles').values(roles.map((role) => ({ user_id: row.id, role }))).execute();
    },

    async updateUser(db: Executor, id: string, values: Partial<Omit<UserRow, 'id' | 'created_at'>>): Promise<void> {
      if (Object.keys(values).length === 0) return;
      await db.updateTable('users').set(values).where('id', '=', id).execute();
    },

    async replaceRoles(db: Executor, userId: string, roles: Role[]): Promise<void> {
      await db.deleteFrom('user_roles').where('user_id', '=', userId).execute();
      await db.insertInto('user_roles').values(roles.map((role) => ({ user_id: userId, role }))).execute();
    },

    async findSecretsByUsername(db: Executor, username: string): Promise<UserSecrets | undefined> {
      const row = await db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
      if (!row) return undefined;
      return toSecrets(row, (await rolesByUser(db, [row.id])).get(row.id) ?? []);
    },

    async findSecretsById(db: Executor, id: string): Promise<UserSecrets | undefined> {
      const row = await db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
      if (!row) return undefined;
      return toSecrets(row, (await rolesByUser(db, [row.id])).get(row.id) ?? []);
    },

    async findUser(db: Executor, id: string): Promise<User | undefined> {
      return (await this.findSecretsById(db, id))?.user;
    },

    async usernamesTaken(db: Executor, usernames: string[]): Promise<Set<string>> {
      if (usernames.length === 0) return new Set();
      const rows = await db.selectFrom('users').select('username').where('username', 'in', usernames).execute();
      return new Set(rows.map((r) => r.username));
    },

    async listUsers(db: Executor, f: UserListFilter): Promise<{ items: User[]; total: number }> {
      let q = db.selectFrom('users');
      if (f.q) {
        const needle = f.q;
        q = q.where((eb) => eb.or([containsText(dialect, eb.ref('username'), needle), containsText(dialect, eb.ref('display_name'), needle)]));
      }
      if (f.role) {
        const role = f.role;
        q = q.where('id', 'in', (eb) => eb.selectFrom('user_roles').select('user_id').where('role', '=', role));
      }
      if (f.unitId) q = q.where('unit_id', '=', f.unitId);
      if (f.active !== undefined) q = q.where('active', '=', f.active ? 1 : 0);
      if (f.districtCode) {
        const d = f.districtCode;
        q = q.where((eb) =>
          eb.or([
            eb.and([eb('scope_level', '=', 'district'), eb('scope_code', '=', d)]),
            eb.and([eb('scope_level', '=', 'street'), eb('scope_code', 'like', `${d}%`)]),
          ]),
        );
      }
      const totalRow = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst();
      const rows = await q.selectAll().orderBy('username').limit(f.limit).offset(f.offset).execute();
      const roles = await rolesByUser(db, rows.map((r) => r.id));
      return { items: rows.map((r) => toUser(r, roles.get(r.id) ?? [])), total: Number(totalRow?.n ?? 0) };
    },

    /** Active users holding any of the roles (for "who must act" lookups). */
    async activeUsersWithRoles(db: Executor, roles: Role[]): Promise<User[]> {
      if (roles.length === 0) return [];
      const rows = await db
        .selectFrom('users')
        .selectAll()
        .where('active', '=', 1)
        .where('id', 'in', (eb) => eb.selectFrom('user_roles').select('user_id').where('role', 'in', roles))
        .orderBy('username')
        .execute();
      const byUser = await rolesByUser(db, rows.map((r) => r.id));
      return rows.map((r) => toUser(r, byUser.get(r.id) ?? []));
    },

    async countActiveWithRole(db: Executor, role: Role, exceptUserId: string): Promise<number> {
      const row = await db
        .selectFrom('users')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('active', '=', 1)
        .where('id', '!=', exceptUserId)
        .where('id', 'in', (eb) => eb.selectFrom('user_roles').select('user_id').where('role', '=', role))
        .executeTakeFirst();
      return Number(row?.n ?? 0);
    },

    /**
     * Counts one password attempt before the password is checked, in one statement, so parallel
     * guesses cannot read the same count: the number of attempts in the open window after this one,
     * or undefined when the account is locked (nothing is counted then).
     */
    async chargeAttempt(db: Executor, userId: string, now: number): Promise<number | undefined> {
      const windowStart = now - LOCKOUT_WINDOW_MS;
      const open = sql<boolean>`first_failed_at is not null and first_failed_at > ${windowStart}`;
      const row = await db
        .updateTable('users')
        .set({
          failed_attempts: sql<number>`case when ${open} then failed_attempts + 1 else 1 end`,
          first_failed_at: sql<number>`case when ${open} then first_failed_at else ${now} end`,
        })
        .where('id', '=', userId)
        .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', now)]))
        .returning('failed_attempts')
        .executeTakeFirst();
      return row ? Number(row.failed_attempts) : undefined;
    },

    /** Locks the account from now (unless a lock is running already); the lock's end. */
    async lock(db: Executor, userId: string, now: number): Promise<number> {
      const until = now + LOCKOUT_DURATION_MS;
      await db
        .updateTable('users')
        .set({ failed_attempts: 0, first_failed_at: null, locked_until: until })
        .where('id', '=', userId)
        .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', now)]))
        .execute();
      const row = await db.selectFrom('users').select('locked_until').where('id', '=', userId).executeTakeFirst();
      return row?.locked_until == null ? until : Number(row.locked_until);
    },

    async saveGuard(db: Executor, userId: string, g: LoginGuard): Promise<void> {
      await db
        .updateTable('users')
        .set({ failed_attempts: g.failedAttempts, first_failed_at: g.firstFailedAt, locked_until: g.lockedUntil })
        .where('id', '=', userId)
        .execute();
    },

    async insertSession(db: Executor, row: Selectable<SessionsTable>): Promise<void> {
      await db.insertInto('sessions').values(row).execute();
    },

    async findSessionByDigest(db: Executor, digest: string): Promise<SessionRow | undefined> {
      const r = await db.selectFrom('sessions').selectAll().where('token_hash', '=', digest).executeTakeFirst();
      if (!r) return undefined;
      return {
        id: r.id,
        userId: r.user_id,
        createdAt: Number(r.created_at),
        lastSeenAt: Number(r.last_seen_at),
        expiresAt: Number(r.expires_at),
        revokedAt: r.revoked_at === null ? null : Number(r.revoked_at),
      };
    },

    async touchSession(db: Executor, id: string, now: number): Promise<void> {
      await db.updateTable('sessions').set({ last_seen_at: now }).where('id', '=', id).execute();
    },

    async revokeSession(db: Executor, digest: string, now: number): Promise<void> {
      await db.updateTable('sessions').set({ revoked_at: now }).where('token_hash', '=', digest).where('revoked_at', 'is', null).execute();
    },

    /** Ends every live session of a user, except the one given (the user's current one, when changing their own password). */
    async revokeUserSessions(db: Executor, userId: string, now: number, exceptDigest?: string): Promise<void> {
      let q = db.updateTable('sessions').set({ revoked_at: now }).where('user_id', '=', userId).where('revoked_at', 'is', null);
      if (exceptDigest) q = q.where('token_hash', '!=', exceptDigest);
      await q.execute();
    },

    /** Removes sessions that ended before `before` (housekeeping). */
    async deleteSessionsEndedBefore(db: Executor, before: number): Promise<number> {
      const r = await db
        .deleteFrom('sessions')
        .where((eb) => eb.or([eb('expires_at', '<', before), eb('revoked_at', '<', before)]))
        .executeTakeFirst();
      return Number(r.numDeletedRows);
    },
  };
}

export type AuthRepo = ReturnType<typeof createAuthRepo>;
