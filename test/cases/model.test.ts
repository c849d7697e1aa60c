import { describe, expect, it } from 'vitest';
import { CASE_EVENT_TYPES, formatCaseCode, parseCaseCode, type CaseState } from '../../src/cases/model.js';
import {
  ACTION_SPECS, CASE_ACTIONS, possibleActions, transition, workStatesFor, type CaseAction, type TransitionFacts,
} from '../../src/cases/lifecycle.js';
import { AppError } from '../../src/core/errors.js';

const facts = (over: Partial<TransitionFacts> = {}): TransitionFacts => ({ source: 'inspector', checkConfirmed: null, supervisionOpen: false, ...over });
const st = (key: string): CaseState => {
  const [status, phase] = key.split(':');
  return { status, phase } as CaseState;
};
const codeOf = (fn: () => unknown): string | undefined => {
  try {
    fn();
    return undefined;
  } catch (e) {
    return (e as AppError).code;
  }
};

describe('the lifecycle transition table', () => {
  const allowed: Array<[string, CaseAction, string, Partial<TransitionFacts>?]> = [
    ['reported:new', 'request_check', 'reported:checking', { source: 'citizen' }],
    ['reported:checking', 'check', 'reported:checked', { source: 'citizen' }],
    ['reported:checked', 'accept', 'reported:accepted', { source: 'hotline', checkConfirmed: true }],
    ['reported:new', 'accept', 'reported:accepted'],
    ['reported:new', 'reject', 'rejected:done'],
    ['reported:accepted', 'merge', 'merged:done'],
    ['reported:accepted', 'request_void', 'reported:void_requested'],
    ['reported:void_requested', 'void', 'rejected:done'],
    ['reported:void_requested', 'refuse_void', 'reported:accepted'],
    ['reported:new', 'self_handle', 'reported:self_handled'],
    ['reported:self_handled', 'close', 'closed:done'],
    ['reported:accepted', 'file', 'filed:awaiting_dispatch'],
    ['filed:awaiting_dispatch', 'dispatch', 'dispatched:working'],
    ['dispatched:working', 'reassign', 'dispatched:working'],
    ['dispatched:working', 'request_return', 'dispatched:return_requested'],
    ['dispatched:return_requested', 'approve_return', 'filed:awaiting_dispatch'],
    ['dispatched:return_requested', 'refuse_return', 'dispatched:working'],
    ['dispatched:working', 'request_extension', 'dispatched:extension_requested'],
    ['dispatched:extension_requested', 'grant_extension', 'dispatched:working'],
    ['dispatched:extension_requested', 'refuse_extension', 'dispatched:working'],
    ['dispatched:working', 'request_suspension', 'dispatched:suspension_requested'],
    ['dispatched:suspension_requested', 'approve_suspension', 'suspended:suspended'],
    ['dispatched:suspension_requested', 'refuse_suspension', 'dispatched:working'],
    ['suspended:suspended', 'resume', 'dispatched:working'],
    ['dispatched:working', 'handle', 'handled:awaiting_verification'],
    ['handled:awaiting_verification', 'send_verification', 'verifying:verification_pending'],
    ['verifying:verification_passed', 'close', 'closed:done'],
    ['suspended:suspended', 'urge', 'suspended:suspended'],
    ['filed:awaiting_dispatch', 'supervise', 'filed:awaiting_dispatch'],
    ['dispatched:working', 'reply_supervision', 'dispatched:working', { supervisionOpen: true }],
  ];
  it.each(allowed)('from %s, %s leads to %s', (from, action, to, f) => {
    const t = transition(st(from), action, facts(f));
    expect(`${t.to.status}:${t.to.phase}`).toBe(to);
    expect(t.event).toBe(ACTION_SPECS[action].event);
  });

  it('a passed verification waits for closing; a failed one sends the case back to the unit (rework)', () => {
    const pass = transition(st('verifying:verification_pending'), 'verify', facts({ passed: true }));
    expect(pass).toEqual({ to: st('verifying:verification_passed'), event: 'verification_passed' });
    const fail = transition(st('verifying:verification_pending'), 'verify', facts({ passed: false }));
    expect(fail).toEqual({ to: st('dispatched:working'), event: 'verification_failed' });
  });

  const refused: Array<[string, CaseAction, string, Partial<TransitionFacts>?]> = [
    ['reported:new', 'file', 'CASE_ACTION_NOT_ALLOWED'],
    ['reported:new', 'dispatch', 'CASE_ACTION_NOT_ALLOWED'],
    ['filed:awaiting_dispatch', 'handle', 'CASE_ACTION_NOT_ALLOWED'],
    ['closed:done', 'urge', 'CASE_ACTION_NOT_ALLOWED'],
    ['rejected:done', 'accept', 'CASE_ACTION_NOT_ALLOWED'],
    ['suspended:suspended', 'handle', 'CASE_ACTION_NOT_ALLOWED'],
    ['dispatched:return_requested', 'request_extension', 'CASE_ACTION_NOT_ALLOWED'],
    ['handled:awaiting_verification', 'close', 'CASE_ACTION_NOT_ALLOWED'],
    ['verifying:verification_pending', 'close', 'CASE_ACTION_NOT_ALLOWED'],
    ['reported:new', 'request_check', 'CASE_ACTION_NOT_ALLOWED', { source: 'inspector' }],
    ['reported:new', 'accept', 'CASE_CHECK_REQUIRED', { source: 'citizen' }],
    ['reported:checked', 'accept', 'CASE_CHECK_NOT_CONFIRMED', { source: 'video', checkConfirmed: false }],
    ['reported:new', 'void', 'CASE_ACTION_NOT_ALLOWED'],
    ['dispatched:working', 'reply_supervision', 'CASE_ACTION_NOT_ALLOWED', { supervisionOpen: false }],
  ];
  it.each(refused)('from %s, %s is refused with %s', (from, action, code, f) => {
    expect(codeOf(() => transition(st(from), action, facts(f)))).toBe(code);
  });

  it('refusals carry a 409 and both languages', () => {
    try {
      transition(st('closed:done'), 'dispatch', facts());
      expect.unreachable();
    } catch (e) {
      const err = e as AppError;
      expect(err.kind).toBe('conflict');
      expect(err.messageZh).toContain('派遣');
      expect(err.messageEn).toContain('dispatch');
    }
  });

  it('every action names a known event type and at least one role', () => {
    for (const a of CASE_ACTIONS) {
      expect(CASE_EVENT_TYPES).toContain(ACTION_SPECS[a].event);
      expect(ACTION_SPECS[a].roles.length).toBeGreaterThan(0);
    }
  });

  it('offers each role the buttons it can press', () => {
    expect(possibleActions(st('filed:awaiting_dispatch'), ['dispatcher'], facts())).toEqual(['dispatch', 'urge', 'supervise']);
    expect(possibleActions(st('dispatched:working'), ['handler'], facts())).toEqual(['request_return', 'request_extension', 'request_suspension', 'handle']);
    expect(possibleActions(st('verifying:verification_pending'), ['inspector'], facts())).toEqual(['verify']);
    expect(possibleActions(st('closed:done'), ['leader', 'dispatcher', 'shift_lead'], facts())).toEqual([]);
  });

  it('knows where each role has work waiting', () => {
    expect(workStatesFor('shift_lead')).toEqual(expect.arrayContaining(['reported:accepted', 'reported:void_requested', 'verifying:verification_passed', 'reported:self_handled']));
    expect(workStatesFor('handler')).toEqual(expect.arrayContaining(['dispatched:working']));
    expect(workStatesFor('handler')).not.toContain('filed:awaiting_dispatch');
  });
});

describe('case codes', () => {
  it('are district code + Shanghai date + a five-digit serial', () => {
    expect(formatCaseCode('350203', '20250314', 42)).toBe('3502032025031400042');
    expect(parseCaseCode('3502032025031400042')).toEqual({ districtCode: '350203', date: '20250314', serial: 42 });
  });
  it('grow a digit past 99 999 cases a day and stay parseable', () => {
    const code = formatCaseCode('350206', '20250101', 123456);
    expect(code).toBe('35020620250101123456');
    expect(parseCaseCode(code)?.serial).toBe(123456);
  });
  it('refuse malformed parts', () => {
    expect(() => formatCaseCode('3502', '20250101', 1)).toThrow();
    expect(() => formatCaseCode('350203', '2025-01-01', 1)).toThrow();
    expect(() => formatCaseCode('350203', '20250101', 0)).toThrow();
    expect(parseCaseCode('abc')).toBeNull();
  });
});
