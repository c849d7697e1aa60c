/**
 * The case log's one-character codes for types and roles (src/cases/event-codes.ts, migration 0246):
 * every known value has one, codes read back to their values, and a value without a code is stored
 * and read as it is.
 */
import { describe, expect, it } from 'vitest';
import { CASE_EVENT_TYPES } from '../../src/cases/model.js';
import { ROLE_CODES as ROLES } from '../../src/auth/roles.js';
import { ROLE_CODES, TYPE_CODES, roleCode, roleCodeOrNull, roleOfCode, typeCode, typeOfCode } from '../../src/cases/event-codes.js';

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
});
