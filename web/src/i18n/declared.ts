/**
 * Words the console does not declare itself: the names of roles (src/auth/roles.ts) and of lifecycle
 * actions (src/cases/actions.ts), in both languages, as dictionary entries. Pure.
 */
import { ROLES, type Role } from '../../../src/auth/roles.js';
import { ACTION_SPECS, CASE_ACTIONS, type CaseAction } from '../../../src/cases/lifecycle.js';

export type DeclaredKey = `act_${CaseAction}` | `role_${Role}`;

export function declaredNames(lang: 'zh' | 'en'): Record<DeclaredKey, string> {
  const out: Record<string, string> = {};
  for (const r of ROLES) out[`role_${r.code}`] = lang === 'zh' ? r.name : r.nameEn;
  for (const a of CASE_ACTIONS) out[`act_${a}`] = lang === 'zh' ? ACTION_SPECS[a].zh : ACTION_SPECS[a].en;
  return out as Record<DeclaredKey, string>;
}
