/**
 * Secrets: password hashes (argon2id) and session tokens (random, stored only as SHA-256).
 */
import { createHash, randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';

/**
 * argon2id with the OWASP baseline (19 MiB, 2 passes, 1 lane): ~20 ms a hash on this machine.
 * The parameters are inside each PHC string, so raising them later keeps old hashes valid.
 */
const ARGON2ID = 2; // Algorithm.Argon2id (a const enum in the typings, so spelled out here)
const OPTIONS = { algorithm: ARGON2ID, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false; // an unreadable stored hash never lets anyone in
  }
}

let dummyHash: Promise<string> | undefined;

/**
 * Spend the time of one verification when the username is unknown, so the answer time does not tell
 * whether an account exists.
 */
export async function burnVerification(password: string): Promise<void> {
  dummyHash ??= hashPassword('not-a-real-account-0');
  await verifyPassword(await dummyHash, password);
}

/** A new session token: 32 random bytes, base64url (43 characters). Given to the client once. */
export function newSessionToken(): string {
  return randomBytes(32).toString('base64url');
}

/** What the database keeps of a token: its SHA-256, hex. A stolen table gives no usable tokens. */
export function tokenDigest(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** A password for a new account nobody chose one for: 12 letters and digits, at least one of each. */
export function generatedPassword(): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  const bytes = randomBytes(12);
  const chars = [...bytes].map((b) => alphabet[b % alphabet.length]!);
  chars[0] = 'abcdefghjkmnpqrstuvwxyz'[bytes[0]! % 23]!;
  chars[11] = '23456789'[bytes[11]! % 8]!;
  return chars.join('');
}
