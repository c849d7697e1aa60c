import { HOTLINE_CHANNEL } from '../../src/cases/hotline-channel.js';
import { describe, expect, it } from 'vitest';
import { CASE_CHANNELS, INSPECTOR_APP, OPERATOR_ENTRY } from '../../src/cases/channels.js';
import { CASE_SOURCES } from '../../src/cases/model.js';
import { channelFor, channelOf, receive } from '../../src/workflow/channels.js';
import { CITIZEN_CHANNEL } from '../../src/cases/citizen-channel.js';
import { ROLE_CODES } from '../../src/auth/roles.js';

const payload = { lon: 118.08, lat: 24.45, categoryCode: 'C0102', description: '井盖破损' };
const inspector = { id: 'u1', roles: ['inspector'] };
const operator = { id: 'u2', roles: ['operator'] };
const code = (f: () => unknown): string | undefined => {
  try {
    f();
  } catch (e) {
    return (e as { code?: string }).code;
  }
  return undefined;
};

describe('intake channels', () => {
  it('bring every source through exactly one channel for each role, the inspector app and the operator entry first', () => {
    for (const s of CASE_SOURCES) {
      expect(CASE_CHANNELS.some((c) => c.sources.includes(s)), s).toBe(true);
      for (const r of ROLE_CODES) expect(CASE_CHANNELS.filter((c) => c.sources.includes(s) && c.roles.includes(r)).length, `${s} ${r}`).toBeLessThanOrEqual(1);
    }
    expect(channelOf(CASE_CHANNELS, 'inspector')).toBe(INSPECTOR_APP);
    expect(channelOf(CASE_CHANNELS, 'hotline')).toBe(HOTLINE_CHANNEL);
  });

  it('take a citizen report typed in by an operator through the operator entry, and the public’s own through the citizen channel', () => {
    expect(channelFor(CASE_CHANNELS, 'citizen', ['operator'])).toBe(OPERATOR_ENTRY);
    expect(channelFor(CASE_CHANNELS, 'citizen', ['citizen'])).toBe(CITIZEN_CHANNEL);
    expect(channelFor(CASE_CHANNELS, 'hotline', ['citizen'])).toBe(HOTLINE_CHANNEL);
    const citizen = { id: 'open311:k1', roles: ['citizen'] };
    expect(code(() => receive(HOTLINE_CHANNEL, citizen, { ...payload, source: 'hotline', externalRef: 'XM-1' }))).toBe('FORBIDDEN_SOURCE');
    expect(receive(CITIZEN_CHANNEL, citizen, { ...payload, source: 'citizen', crs: 'gcj02' })).toMatchObject({ source: 'citizen', crs: 'gcj02', externalRef: null });
    expect(CITIZEN_CHANNEL.needsCheck('citizen')).toBe(true);
  });

  it('say which reports need an on-site check before they are accepted', () => {
    expect(INSPECTOR_APP.needsCheck('inspector')).toBe(false);
    expect(OPERATOR_ENTRY.needsCheck('citizen')).toBe(true);
    expect(OPERATOR_ENTRY.needsCheck('leader')).toBe(false);
  });

  it('turn a valid payload into a report with its external reference', () => {
    expect(receive(HOTLINE_CHANNEL, operator, { ...payload, source: 'hotline', externalRef: '12345-2026-0001' })).toMatchObject({ source: 'hotline', externalRef: '12345-2026-0001', description: '井盖破损' });
    expect(receive(INSPECTOR_APP, inspector, { ...payload, source: 'inspector' })).toMatchObject({ source: 'inspector', externalRef: null });
  });

  it('check who may use a channel and its payload in one place', () => {
    expect(code(() => receive(INSPECTOR_APP, operator, { ...payload, source: 'inspector' }))).toBe('FORBIDDEN_SOURCE');
    expect(code(() => receive(OPERATOR_ENTRY, operator, { ...payload, source: 'citizen', description: '  ' }))).toBe('DESCRIPTION_REQUIRED');
    expect(code(() => receive(OPERATOR_ENTRY, operator, { ...payload, source: 'citizen', urgency: 'asap' }))).toBe('URGENCY_INVALID');
    expect(code(() => receive(OPERATOR_ENTRY, operator, { ...payload, source: 'citizen', colour: 'red' }))).toBe('VALIDATION_FAILED');
    expect(code(() => receive(OPERATOR_ENTRY, operator, { ...payload, source: 'inspector' }))).toBe('VALIDATION_FAILED');
  });
});
