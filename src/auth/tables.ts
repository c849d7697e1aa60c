/** Tables of this capability, as Kysely sees them. Instants are epoch ms (number); booleans are 0/1. */
import type { Generated } from 'kysely';

export interface UsersTable {
  id: string;
  /** Lower case, unique. */
  username: string;
  display_name: string;
  phone: string | null;
  active: number;
  /** The unit a handler acts for (catalog unit id); null for the centre's staff. */
  unit_id: string | null;
  scope_level: string;
  scope_code: string;
  /** argon2id PHC string. Never leaves repo/service. */
  password_hash: string;
  password_changed_at: number;
  failed_attempts: Generated<number>;
  first_failed_at: number | null;
  locked_until: number | null;
  created_at: number;
  updated_at: number;
}

/** One row per (user, role): lists like "the dispatchers of 思明区" stay plain indexed queries. */
export interface UserRolesTable {
  user_id: string;
  role: string;
}

export interface SessionsTable {
  id: string;
  /** SHA-256 (hex) of the token; the token itself is never stored. */
  token_hash: string;
  user_id: string;
  created_at: number;
  last_seen_at: number;
  expires_at: number;
  revoked_at: number | null;
  user_agent: string | null;
  ip: string | null;
}

export interface AuthTables {
  users: UsersTable;
  user_roles: UserRolesTable;
  sessions: SessionsTable;
}
