/**
 * The case lifecycle as rules over the declared actions (actions.ts): where an action leads from a
 * state, which actions a role could take, where a role has work, which permission an action needs.
 * Pure: no I/O.
 */
import { AppError, conflict } from '../core/errors.js';
import { ACTION_SPECS, CASE_ACTIONS, type CaseAction } from './actions.js';
import { PHASE_NAMES, SOURCES_NEEDING_CHECK, STATUS_NAMES, stateKey, type CaseEventType, type CaseSource, type CaseState, type Permission, type Role, type StateKey } from './model.js';

export { ACTION_SPECS, CASE_ACTIONS, isCaseAction, type CaseAction } from './actions.js';

const S = (status: CaseState['status'], phase: CaseState['phase']): CaseState => ({ status, phase });

export interface TransitionFacts {
  source: CaseSource;
  /** Result of the last on-site check (核实), when one was done. */
  checkConfirmed: boolean | null;
  /** A supervision waits for the unit's reply. */
  supervisionOpen: boolean;
  /** Verification result, for `verify`. */
  passed?: boolean;
}

export interface Transition {
  to: CaseState;
  event: CaseEventType;
}

const refuse = (action: CaseAction, state: CaseState, why: string, whyEn: string): AppError =>
  conflict('CASE_ACTION_NOT_ALLOWED', `当前状态（${STATUS_NAMES[state.status]}·${PHASE_NAMES[state.phase]}）不能${ACTION_SPECS[action].zh}${why}`,
    `Action ${action} is not allowed in state ${stateKey(state)}${whyEn}`, { action, status: state.status, phase: state.phase });

/**
 * Where an action leads from a state, or a CASE_ACTION_NOT_ALLOWED refusal (409). Role and area
 * are checked elsewhere (authorize); this is only the lifecycle.
 */
export function transition(state: CaseState, action: CaseAction, facts: TransitionFacts): Transition {
  const spec = ACTION_SPECS[action];
  if (!spec.from.includes(stateKey(state))) throw refuse(action, state, '', '');
  switch (action) {
    case 'request_check':
      if (!SOURCES_NEEDING_CHECK.has(facts.source)) throw refuse(action, state, '：监督员上报的案卷无需核实', ': reports by inspectors need no on-site check');
      break;
    case 'accept':
      if (SOURCES_NEEDING_CHECK.has(facts.source) && state.phase !== 'checked') {
        throw conflict('CASE_CHECK_REQUIRED', '该来源的案卷须先经监督员核实后才能受理', 'Reports from this source must be checked on site before they are accepted', { source: facts.source });
      }
      if (state.phase === 'checked' && facts.checkConfirmed === false) {
        throw conflict('CASE_CHECK_NOT_CONFIRMED', '核实结果为问题不存在，应不予受理或重新核实', 'The on-site check did not confirm the problem: reject it or check again');
      }
      break;
    case 'reply_supervision':
      if (!facts.supervisionOpen) throw refuse(action, state, '：没有待回复的督办', ': there is no supervision waiting for a reply');
      break;
    case 'verify':
      if (facts.passed === undefined) throw new Error('verify needs facts.passed');
      return facts.passed
        ? { to: S('verifying', 'verification_passed'), event: 'verification_passed' }
        : { to: S('dispatched', 'working'), event: 'verification_failed' };
    default:
      break;
  }
  return { to: spec.to ?? state, event: spec.event };
}

/** The actions a holder of these roles could take on a case in this state (for buttons and worklists). */
export function possibleActions(state: CaseState, roles: readonly string[], facts: TransitionFacts): CaseAction[] {
  const out: CaseAction[] = [];
  for (const a of CASE_ACTIONS) {
    const spec = ACTION_SPECS[a];
    if (!spec.roles.some((r) => roles.includes(r))) continue;
    try {
      transition(state, a, { ...facts, passed: a === 'verify' ? true : facts.passed });
      out.push(a);
    } catch {
      // not possible here
    }
  }
  return out;
}

/**
 * The state keys in which a role has work to do (urge/supervise excluded: they are possible on
 * every open case and are not "work waiting").
 */
export function workStatesFor(role: Role): StateKey[] {
  const keys = new Set<StateKey>();
  for (const action of CASE_ACTIONS) {
    const spec = ACTION_SPECS[action];
    if (action === 'urge' || action === 'supervise' || action === 'reply_supervision') continue;
    if (!spec.roles.includes(role)) continue;
    for (const k of spec.from) keys.add(k);
  }
  return [...keys];
}


/** Closing or voiding a self-handled case is the shift lead's review of it (自处理审核). */
export function permissionFor(action: CaseAction, state: CaseState): Permission {
  if ((action === 'close' || action === 'void') && state.phase === 'self_handled') return 'case.self_handle_review';
  return ACTION_SPECS[action].permission;
}

