/**
 * Sessions and their users remembered for a few seconds, so an authenticated request does not read
 * the sessions and users tables every time (two queries of the ≈ 1.4 ms a list answer cost).
 * Whatever this process changes about an account (roles, scope, deactivation, password, logout)
 * clears the cache at once; a change made by another process is seen within SESSION_CACHE_MS.
 * Unknown tokens are remembered too, so a client repeating a bad token costs no query.
 * The freshness is wall-clock time, not the platform clock (which tests and the simulator move).
 */
import type { User } from './model.js';

export const SESSION_CACHE_MS = 5_000;
const MAX_ENTRIES = 20_000;

export interface CachedSession<S> {
  session: S;
  user: User;
}

export function createSessionCache<S>(now: () => number = () => performance.now()) {
  const entries = new Map<string, { at: number; value: CachedSession<S> | null }>();
  return {
    /** The remembered answer: a session, `null` for a token known to be unknown, `undefined` to ask the store. */
    get(digest: string): CachedSession<S> | null | undefined {
      const e = entries.get(digest);
      if (!e) return undefined;
      if (now() - e.at >= SESSION_CACHE_MS) {
        entries.delete(digest);
        return undefined;
      }
      return e.value;
    },
    set(digest: string, value: CachedSession<S> | null): void {
      if (entries.size >= MAX_ENTRIES) entries.clear();
      entries.set(digest, { at: now(), value });
    },
    delete(digest: string): void {
      entries.delete(digest);
    },
    clear(): void {
      entries.clear();
    },
  };
}
