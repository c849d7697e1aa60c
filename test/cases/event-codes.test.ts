/**
 * The case log's one-character codes for types and roles (src/cases/event-codes.ts, migration 0246):
 * every known value has one, codes read back to their values, and a value without a code is stored
 * and read as it is. The actor (migration 0247): a user's UUID as 17 bytes, any other id as its UTF-8.
 */
import { describe, expect, it } from 'vitest';
import { CASE_EVENT_TYPES } from '../../src/cases/model.js';
import { ROLE_CODES as ROLES } from '../../src/auth/roles.js';
import { ROLE_CODES, TYPE_CODES, actorOf, roleCode, roleCodeOrNull, roleOfCode, storedActor, typeCode, typeOfCode } from '../../src/cases/event-codes.js';

describe('case log codes', () => {
  it('gives every case event type and every role a one-character code that reads back', () => {
    for (const t of CASE_EVENT_TYPES) {
      expect(typeCode(t)).toHaveLength(1);
      expect(typeOfCode(typeCode(t))).toBe(t);
    }
    for (const r of [...ROLES, 'system']) {
      expect(roleCode(r)).toHaveLength(1);
      expect(roleOfCode(roleCode(r))).toBe(r);
    }
    expect(new Set(TYPE_CODES.map(([, c]) => c)).size).toBe(TYPE_CODES.length);
    expect(new Set(ROLE_CODES.map(([, c]) => c)).size).toBe(ROLE_CODES.length);
  });

  it('keeps the codes once given (stored rows depend on them)', () => {
    expect([typeCode('reported'), typeCode('dispatched'), typeCode('reassigned'), typeCode('reopen_refused')]).toEqual(['a', 'l', 'm', 'J']);
    expect([roleCode('inspector'), roleCode('handler'), roleCode('system')]).toEqual(['a', 'e', 'l']);
  });

  it('stores a value without a code as it is, and reads it back', () => {
    expect(typeCode('some_new_type')).toBe('some_new_type');
    expect(typeOfCode('some_new_type')).toBe('some_new_type');
    expect(roleOfCode('auditor')).toBe('auditor');
    expect(roleCodeOrNull(null)).toBeNull();
  });

  it('stores a user\'s id as 17 bytes and any other actor as its text, each reading back exactly', () => {
    const user = '01a23774-3a25-7a1d-bc29-875fb1882a70';
    const b = storedActor(user);
    expect(b.length).toBe(17);
    expect(b[0]).toBe(1);
    expect(actorOf(b)).toBe(user);
    expect(actorOf(new Uint8Array(b))).toBe(user);
    // Not the canonical form: kept as it is, so the event's hash (over the id as given) still verifies.
    for (const other of ['system', '01A23774-3A25-7A1D-BC29-875FB1882A70', '01a237743a257a1dbc29875fb1882a70', 'device:厦门-07', '01234567890123456']) {
      expect(storedActor(other).toString('utf8')).toBe(other);
      expect(actorOf(storedActor(other))).toBe(other);
    }
    // Text from before the migration reads as it is; an id that would look like the byte form is refused.
    expect(actorOf('system')).toBe('system');
    expect(() => storedActor('\u0001abcdefghijklmnop')).toThrow(/U\+0001/);
  });
});
