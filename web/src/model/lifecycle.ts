/** Case statuses, traffic lights and the actions the console offers. The server decides; this only
 * picks which buttons to show. Pure: no DOM, no React. */

import { CASE_STATUSES, OPEN_STATUSES, type CaseSource, type CaseState } from '../../../src/cases/model.js';
import { ACTION_SPECS, CASE_ACTIONS, isCaseAction, possibleActions, type CaseAction } from '../../../src/cases/lifecycle.js';
import { bodyMembers } from '../../../src/workflow/actions.js';

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

/** The form field that asks for each body member of an action (members without one are not asked for). */
const FIELD_OF: Readonly<Record<string, ActionField>> = {
  note: 'note', reply: 'note', reason: 'reason', photos: 'photos', unitId: 'unit', intoCaseId: 'target', amount: 'hours',
  opinion: 'opinion', level: 'level', passed: 'passed', confirmed: 'confirmed', categoryCode: 'category',
};

/**
 * The form of an action, derived from its declaration (src/cases/actions.ts): a field per body
 * member, required as the body schema requires it. A reason is asked for only where it is required;
 * otherwise the form asks for a note.
 */
export function formOf(action: CaseAction): ActionForm {
  const spec = ACTION_SPECS[action];
  const members = bodyMembers(spec);
  const reasonRequired = members.some((m) => m.name === 'reason' && m.required);
  const fields: ActionField[] = [];
  const required: ActionField[] = [];
  for (const m of members) {
    const f = FIELD_OF[m.name];
    if (!f || fields.includes(f)) continue;
    if ((f === 'reason' && !reasonRequired) || (m.name === 'note' && reasonRequired)) continue;
    fields.push(f);
    if (m.required) required.push(f);
  }
  return { fields, required, ...(spec.danger ? { danger: true } : {}) };
}

/** The form of each lifecycle action. */
export const ACTION_FORMS: Record<CaseAction, ActionForm> = Object.fromEntries(CASE_ACTIONS.map((a) => [a, formOf(a)])) as Record<CaseAction, ActionForm>;

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

/** A handler's requests to the dispatcher (申请回退 / 延期 / 挂账): shown apart from 处置反馈. */
export const REQUEST_ACTIONS: ReadonlySet<CaseAction> = new Set<CaseAction>(['request_return', 'request_extension', 'request_suspension']);

/** Actions that are pressure, not work: shown apart from the main buttons. */
export const SIDE_ACTIONS: ReadonlySet<CaseAction> = new Set<CaseAction>(CASE_ACTIONS.filter((a) => ACTION_SPECS[a].side));

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
