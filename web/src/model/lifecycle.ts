/** Case statuses, traffic lights and the actions the console offers. The server decides; this only
 * picks which buttons to show. Pure: no DOM, no React. */

import {
  CASE_STATUSES,
  OPEN_STATUSES,
  isCaseAction,
  possibleActions,
  type CaseAction,
  type CaseSource,
  type CaseState,
} from '../../../src/cases/model.js';

export { CASE_STATUSES as STATUSES, OPEN_STATUSES, type CaseAction };

export type Light = 'green' | 'yellow' | 'red' | 'none';

export const LIGHT_COLORS: Record<Light, string> = {
  green: '#2e9d4f',
  yellow: '#e6a700',
  red: '#d4380d',
  none: '#8c8c8c',
};

export { CASE_SOURCES as SOURCES } from '../../../src/cases/model.js';

/** A field an action form asks for. */
export type ActionField = 'reason' | 'note' | 'unit' | 'photos' | 'target' | 'hours' | 'opinion' | 'level' | 'passed' | 'confirmed' | 'category';

export interface ActionForm {
  fields: readonly ActionField[];
  /** Fields that must be filled before sending. */
  required: readonly ActionField[];
  danger?: boolean;
}

/** The form of each lifecycle action (names as in src/cases/model.ts CASE_ACTIONS). */
export const ACTION_FORMS: Record<CaseAction, ActionForm> = {
  request_check: { fields: ['note'], required: [] },
  check: { fields: ['confirmed', 'note', 'photos'], required: [] },
  accept: { fields: ['category', 'note'], required: [] },
  reject: { fields: ['reason'], required: ['reason'], danger: true },
  merge: { fields: ['target', 'note'], required: ['target'] },
  request_void: { fields: ['reason'], required: ['reason'] },
  void: { fields: ['reason'], required: ['reason'], danger: true },
  refuse_void: { fields: ['reason'], required: [] },
  self_handle: { fields: ['note', 'photos'], required: ['photos'] },
  file: { fields: ['note'], required: [] },
  dispatch: { fields: ['unit', 'note'], required: ['unit'] },
  reassign: { fields: ['unit', 'reason'], required: ['unit'] },
  request_return: { fields: ['reason'], required: ['reason'] },
  approve_return: { fields: ['note'], required: [] },
  refuse_return: { fields: ['reason'], required: ['reason'] },
  request_extension: { fields: ['hours', 'reason'], required: ['hours', 'reason'] },
  grant_extension: { fields: ['hours', 'note'], required: [] },
  refuse_extension: { fields: ['reason'], required: ['reason'] },
  request_suspension: { fields: ['reason'], required: ['reason'] },
  approve_suspension: { fields: ['note'], required: [] },
  refuse_suspension: { fields: ['reason'], required: ['reason'] },
  resume: { fields: ['note'], required: [] },
  handle: { fields: ['note', 'photos'], required: ['note', 'photos'] },
  send_verification: { fields: ['note'], required: [] },
  verify: { fields: ['passed', 'note', 'photos'], required: ['photos'] },
  close: { fields: ['note'], required: [] },
  urge: { fields: ['note'], required: [] },
  supervise: { fields: ['level', 'opinion'], required: ['opinion'] },
  reply_supervision: { fields: ['note'], required: ['note'] },
};

/** The fields still missing for an action, so the form can say so before the round trip. */
export function missingFields(form: ActionForm, values: Partial<Record<ActionField, unknown>>): ActionField[] {
  return form.required.filter((f) => {
    const v = values[f];
    if (v === undefined || v === null) return true;
    if (typeof v === 'string') return v.trim() === '';
    if (Array.isArray(v)) return v.length === 0;
    return false;
  });
}

/** Actions that are pressure, not work: shown apart from the main buttons. */
export const SIDE_ACTIONS: ReadonlySet<CaseAction> = new Set<CaseAction>(['urge', 'supervise', 'reply_supervision', 'reassign']);

/** The actions this user could take on the case (the server has the last word). */
export function actionsFor(c: { status: string; phase?: string | null; source?: string | null; actions?: readonly string[] | null }, roles: readonly string[]): CaseAction[] {
  if (Array.isArray(c.actions)) return c.actions.filter(isCaseAction);
  if (!c.phase) return [];
  const state = { status: c.status, phase: c.phase } as CaseState;
  const r = roles.includes('admin') ? [...roles, 'operator', 'shift_lead', 'dispatcher'] : roles;
  return possibleActions(state, r, { source: (c.source ?? 'inspector') as CaseSource, checkConfirmed: true, supervisionOpen: false });
}

export function isOpen(status: string): boolean {
  return (OPEN_STATUSES as readonly string[]).includes(status);
}

export function lightOf(value: unknown): Light {
  return value === 'green' || value === 'yellow' || value === 'red' ? value : 'none';
}
