/**
 * Where a server refusal belongs in a form. A schema refusal (400 VALIDATION_FAILED) lists the members
 * it found wrong (`details: [{field: 'grids.0.code', problem}]`); a rule refusal (422) names them in its
 * details (`{streetCode}`, `{gridCode}`, `{field}`) or by its code. The form says which of its fields
 * each member belongs to; what matches none stays a message above the form. Pure.
 */
import type { Lang } from '../i18n/dict.js';
import { ApiError } from './apiError.js';

export interface FieldError {
  name: string;
  errors: string[];
}

export interface FieldMap {
  /** A member (first segment of a schema path, or a key of a rule refusal's details) → the form field. */
  members: Record<string, string>;
  /** A refusal code → the form field it belongs to (when its details name more than one member). */
  codes?: Record<string, string>;
}

const REQUIRED = /must have required property '([^']+)'/;

function schemaProblem(problem: string, lang: Lang): string {
  if (REQUIRED.test(problem)) return lang === 'zh' ? '必填' : 'Required';
  if (lang === 'en') return problem;
  if (/pattern|format/.test(problem)) return '格式不正确';
  if (/fewer than|more than|NOT have fewer|NOT have more|must be (>=|<=|>|<)/.test(problem)) return '超出允许范围';
  return '内容不正确';
}

/** The field errors of a refusal for `form.setFields`, and whether anything was left unplaced. */
export function fieldErrorsOf(error: unknown, map: FieldMap, lang: Lang = 'zh'): { fields: FieldError[]; unplaced: boolean } {
  if (!(error instanceof ApiError)) return { fields: [], unplaced: true };
  const byField = new Map<string, string[]>();
  const add = (member: string | undefined, text: string): boolean => {
    const name = member === undefined ? undefined : map.members[member];
    if (!name) return false;
    const list = byField.get(name) ?? [];
    if (!list.includes(text)) list.push(text);
    byField.set(name, list);
    return true;
  };
  const own = lang === 'zh' ? error.messageZh : error.messageEn;
  let unplaced = false;
  if (error.code === 'VALIDATION_FAILED' && Array.isArray(error.details)) {
    for (const d of error.details as Array<{ field?: unknown; problem?: unknown }>) {
      const path = typeof d.field === 'string' ? d.field : '';
      const problem = typeof d.problem === 'string' ? d.problem : '';
      const member = path.split('.')[0] || REQUIRED.exec(problem)?.[1];
      if (!add(member, schemaProblem(problem, lang))) unplaced = true;
    }
    return { fields: [...byField].map(([name, errors]) => ({ name, errors })), unplaced };
  }
  const byCode = map.codes?.[error.code];
  if (byCode) return { fields: [{ name: byCode, errors: [own] }], unplaced: false };
  const details = error.details && typeof error.details === 'object' && !Array.isArray(error.details) ? (error.details as Record<string, unknown>) : {};
  const members = [typeof details.field === 'string' ? details.field : undefined, ...Object.keys(details)];
  const placed = members.some((m) => m !== undefined && m !== 'field' && add(m, own));
  return { fields: [...byField].map(([name, errors]) => ({ name, errors })), unplaced: !placed };
}
