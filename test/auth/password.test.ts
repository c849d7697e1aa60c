import { describe, expect, it } from 'vitest';
import { hashPassword, newSessionToken, tokenDigest, verifyPassword } from '../../src/auth/password.js';

describe('secrets', () => {
  it('hashes passwords with argon2id and a fresh salt each time', async () => {
    const a = await hashPassword('demo1234');
    const b = await hashPassword('demo1234');
    expect(a).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword(a, 'demo1234')).toBe(true);
    expect(await verifyPassword(a, 'demo12345')).toBe(false);
  });

  it('never lets a broken stored hash through', async () => {
    expect(await verifyPassword('not a hash', 'demo1234')).toBe(false);
  });

  it('makes unguessable tokens and keeps only their SHA-256', () => {
    const t = newSessionToken();
    expect(t).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(newSessionToken()).not.toBe(t);
    expect(tokenDigest(t)).toMatch(/^[0-9a-f]{64}$/);
    expect(tokenDigest('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});
