/**
 * Words the console does not declare itself: the names of roles (src/auth/roles.ts) and of lifecycle
 * actions (src/cases/actions.ts), in both languages, as dictionary entries. Pure.
 */
import { ROLES, type Role } from '../../../src/auth/roles.js';
import { ACTION_SPECS, CASE_ACTIONS, type CaseAction } from '../../../src/cases/lifecycle.js';
import { ALARM_ACTION_NAMES, type AlarmActionName } from '../../../src/iot/alarm-names.js';

export type DeclaredKey = `act_${CaseAction}` | `role_${Role}` | `action_alarm_${AlarmActionName}`;

export function declaredNames(lang: 'zh' | 'en'): Record<DeclaredKey, string> {
  const out: Record<string, string> = {};
  for (const r of ROLES) out[`role_${r.code}`] = lang === 'zh' ? r.name : r.nameEn;
  for (const a of CASE_ACTIONS) out[`act_${a}`] = lang === 'zh' ? ACTION_SPECS[a].zh : ACTION_SPECS[a].en;
  for (const [a, n] of Object.entries(ALARM_ACTION_NAMES)) out[`action_alarm_${a}`] = n[lang];
  return out as Record<DeclaredKey, string>;
}
