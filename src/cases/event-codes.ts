/**
 * One-character codes for what every row of the case log repeats (issue 15 item 7, migration 0246):
 * the event's `type` (≈ 10 characters), its actor's `role` (≈ 8) and its `audience_role`. A value
 * in the tables below is stored as one character; any other (a type or role added later and not
 * yet given a code) is stored as it is — no type or role is one character long, so the two never
 * meet. The columns stay text on both stores, and SQL that filters by type or role compares with
 * the code (`typeCode`, `roleCode`). Not hashed: the hash is over the event's canonical form,
 * which names the type and role in full. Pure.
 *
 * The tables only grow: a value's code is its place in its table, fixed once stored.
 */

const CHARS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/** Case event types, in the order their codes were given. Append only. */
const TYPES = [
  'reported', 'check_requested', 'checked', 'accepted', 'rejected', 'merged', 'void_requested', 'voided',
  'void_refused', 'self_handled', 'filed', 'dispatched', 'reassigned', 'return_requested', 'return_approved',
  'return_refused', 'extension_requested', 'extension_granted', 'extension_refused', 'suspension_requested',
  'suspended', 'suspension_refused', 'resumed', 'handled', 'verification_sent', 'verification_passed',
  'verification_failed', 'closed', 'urged', 'supervised', 'supervision_replied', 'deadline_warning',
  'deadline_overdue', 'reopen_requested', 'reopened', 'reopen_refused',
] as const;

/** Roles of the actors and audiences of case events, in the order their codes were given. Append only. */
const ROLES = [
  'inspector', 'operator', 'shift_lead', 'dispatcher', 'handler', 'leader', 'evaluator', 'admin', 'enforcer',
  'legal_reviewer', 'citizen', 'system',
] as const;

function table(values: readonly string[]): { code(v: string): string; value(s: string): string } {
  if (values.length > CHARS.length) throw new Error('event-codes: table longer than its characters');
  const codes = new Map(values.map((v, i) => [v, CHARS[i]!]));
  const byCode = new Map(values.map((v, i) => [CHARS[i]!, v]));
  return {
    code: (v) => codes.get(v) ?? v,
    value: (s) => (s.length === 1 ? byCode.get(s) ?? s : s),
  };
}

const types = table(TYPES);
const roles = table(ROLES);

/** The stored form of an event type. */
export const typeCode = (type: string): string => types.code(type);
/** The event type of a stored value (coded or not). */
export const typeOfCode = (stored: string): string => types.value(stored);
/** The stored form of a role (an actor's or an audience's). */
export const roleCode = (role: string): string => roles.code(role);
/** The role of a stored value (coded or not). */
export const roleOfCode = (stored: string): string => roles.value(stored);
/** A nullable audience role's stored form. */
export const roleCodeOrNull = (role: string | null): string | null => (role === null ? null : roles.code(role));

/** Every (value, code) pair of both tables, for a migration that codes stored rows in SQL. */
export const TYPE_CODES: ReadonlyArray<readonly [string, string]> = TYPES.map((t) => [t, types.code(t)]);
export const ROLE_CODES: ReadonlyArray<readonly [string, string]> = ROLES.map((r) => [r, roles.code(r)]);

/**
 * An event's attachments (photo SHA-256s) as stored: none is NULL; hashes as bytes — 0x01, then 32
 * bytes a photo (36 bytes fewer a photo than its hex in JSON); anything else (a name that is not a
 * lowercase SHA-256 hex, more than MAX_BINARY_ATTACHMENTS) as its JSON text, as before. The
 * file_refs trigger reads all three (migration 0246).
 */
export function storedAttachments(a: readonly string[]): Buffer | string | null {
  if (a.length === 0) return null;
  if (a.length > MAX_BINARY_ATTACHMENTS || !a.every((h) => SHA256_HEX.test(h))) return JSON.stringify(a);
  return Buffer.from(`01${a.join('')}`, 'hex');
}

/** The attachments of a stored value (bytes, JSON text or its bytes, or NULL). */
export function attachmentsOf(stored: unknown): string[] {
  if (stored === null || stored === undefined) return [];
  if (typeof stored === 'string') return JSON.parse(stored) as string[];
  const b = stored as Uint8Array;
  if (b[0] !== ATTACHMENTS_BINARY) return JSON.parse(Buffer.from(b).toString('utf8')) as string[];
  const out: string[] = [];
  for (let i = 1; i + 32 <= b.length; i += 32) out.push(Buffer.from(b.subarray(i, i + 32)).toString('hex'));
  return out;
}

/** The first byte of attachments stored as bytes (JSON text starts with `[`). */
export const ATTACHMENTS_BINARY = 0x01;
/** Attachments stored as bytes at most (the SQLite trigger reads up to this many; actions allow 50). */
export const MAX_BINARY_ATTACHMENTS = 64;
const SHA256_HEX = /^[0-9a-f]{64}$/;

/**
 * An event's actor as stored (migration 0247): a user's id — a UUID in its canonical lowercase form
 * — as 0x01 and its 16 bytes (17 bytes instead of 36 characters, in every event row); any other actor
 * (`system`, a device, an id not in that form) as its UTF-8 bytes. Both stores keep bytes. An actor
 * id never starts with U+0001 (refused here), so the two forms never meet. Not hashed: the hash is
 * over the event's canonical form, which names the actor by its id.
 */
export function storedActor(actorId: string): Buffer {
  if (UUID.test(actorId)) return Buffer.from(`01${actorId.replace(/-/g, '')}`, 'hex');
  if (actorId.charCodeAt(0) === ACTOR_UUID) throw new Error('event-codes: an actor id cannot start with U+0001');
  return Buffer.from(actorId, 'utf8');
}
/** The actor id of a stored value (bytes in either form; text from before migration 0247). */
export function actorOf(stored: unknown): string {
  if (typeof stored === 'string') return stored;
  const b = stored as Uint8Array;
  if (b.length === 17 && b[0] === ACTOR_UUID) {
    const h = Buffer.from(b.subarray(1)).toString('hex');
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
  }
  return Buffer.from(b).toString('utf8');
}
/** The first byte of an actor stored as a UUID's bytes. */
export const ACTOR_UUID = 0x01;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
