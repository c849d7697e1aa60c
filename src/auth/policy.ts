/**
 * Who may do what, in one place. Two questions, answered in this order:
 *  1. role  — does one of the user's roles grant the action? (the table below)
 *  2. place — is the thing inside the user's area (scope), and, for unit-bound roles (handler),
 *             is it assigned to the user's unit?
 * The action is allowed when at least one of the user's roles passes both. Pure: no I/O.
 *
 * A resource describes the thing acted on: `{districtCode?, streetCode?, unitId?}`.
 * - No resource: only the role is checked (creating a thing, or a list — lists must be narrowed with
 *   `accessFilter`, which returns the same rules as a query filter).
 * - A resource with no district or street is city-wide: outside every district or street scope.
 */
import { AppError } from '../core/errors.js';
import { districtOfStreet, type Actor, type Role } from './model.js';

export const ACTIONS = [
  // intake and acceptance (监督中心)
  'case.report', // 上报
  'case.verify_request', // 发核实 (operator asks the grid's inspector to check a non-inspector report on site)
  'case.verify_reply', // 核实反馈 (inspector answers the on-site check)
  'case.accept', // 受理
  'case.reject', // 不予受理
  'case.merge', // 合并重复案卷
  'case.file', // 立案
  'case.void_request', // 申请作废
  'case.void_approve', // 作废审批
  'case.self_handle', // 自处理 (inspector fixed it on the spot)
  'case.self_handle_review', // 自处理审核
  // dispatch and handling (指挥中心, 责任单位)
  'case.dispatch', // 派遣
  'case.return_request', // 申请回退
  'case.return_approve', // 回退审批 同意
  'case.return_refuse', // 回退审批 不同意
  'case.extension_request', // 申请延期
  'case.extension_grant', // 延期审批 同意
  'case.extension_refuse', // 延期审批 不同意
  'case.suspend_request', // 申请挂账
  'case.suspend_approve', // 挂账审批 同意
  'case.suspend_refuse', // 挂账审批 不同意
  'case.resume', // 挂账恢复
  'case.handle', // 处置反馈
  // verification and close
  'case.verification_send', // 发核查
  'case.verify', // 核查 通过/不通过
  'case.close', // 结案
  // pressure
  'case.urge', // 催办
  'case.supervise', // 督办
  'case.supervise_reply', // 督办回复
  // reading
  'case.read',
  'files.upload',
  'files.read',
  'notifications.read',
  'evaluation.read',
  'evaluation.admin', // weights, assessments
  'geo.read',
  'geo.import',
  'catalog.read',
  'catalog.admin',
  'calendar.read',
  'calendar.admin',
  'users.admin',
] as const;
export type Action = (typeof ACTIONS)[number];

/** Everything a logged-in person of any working role may look up. */
const REFERENCE: Action[] = ['geo.read', 'catalog.read', 'calendar.read', 'notifications.read'];
/** Case work shared by every role that takes part in the loop. */
const CASE_WORK: Action[] = ['case.read', 'files.upload', 'files.read'];

/**
 * The table. DESIGN.md §3 and standards.md §4.2 (S-UNICOM task names per post).
 * The system administrator (系统管理员) keeps the platform's reference data and accounts but takes no
 * part in cases and reads none (separation of duties, 三员分立); a city may give one person both roles.
 */
export const ROLE_ACTIONS: Readonly<Record<Role, readonly Action[]>> = {
  inspector: [...REFERENCE, ...CASE_WORK, 'case.report', 'case.verify_reply', 'case.self_handle', 'case.verify'],
  operator: [
    ...REFERENCE, ...CASE_WORK,
    'case.report', 'case.verify_request', 'case.accept', 'case.reject', 'case.merge', 'case.void_request', 'case.verification_send',
  ],
  shift_lead: [
    ...REFERENCE, ...CASE_WORK,
    'case.file', 'case.void_request', 'case.void_approve', 'case.self_handle_review', 'case.close', 'evaluation.read',
  ],
  dispatcher: [
    ...REFERENCE, ...CASE_WORK,
    'case.dispatch', 'case.return_approve', 'case.return_refuse', 'case.extension_grant', 'case.extension_refuse',
    'case.suspend_approve', 'case.suspend_refuse', 'case.resume', 'case.urge', 'case.supervise', 'evaluation.read',
  ],
  handler: [
    ...REFERENCE, ...CASE_WORK,
    'case.return_request', 'case.extension_request', 'case.suspend_request', 'case.handle', 'case.supervise_reply',
  ],
  leader: [...REFERENCE, ...CASE_WORK, 'case.report', 'case.urge', 'case.supervise', 'evaluation.read'],
  evaluator: [...REFERENCE, ...CASE_WORK, 'case.report', 'evaluation.read', 'evaluation.admin'],
  admin: [...REFERENCE, 'geo.import', 'catalog.admin', 'calendar.admin', 'users.admin'],
};

/** Roles that act for a unit: they reach a thing only when it is assigned to their unit. */
export const UNIT_BOUND_ROLES: ReadonlySet<Role> = new Set<Role>(['handler']);

const GRANTS: ReadonlyMap<Role, ReadonlySet<Action>> = new Map(
  (Object.keys(ROLE_ACTIONS) as Role[]).map((r) => [r, new Set(ROLE_ACTIONS[r])]),
);

export function roleGrants(role: Role, action: Action): boolean {
  return GRANTS.get(role)?.has(action) ?? false;
}

/** Roles that grant an action, in table order (for documentation and the console). */
export function rolesFor(action: Action): Role[] {
  return (Object.keys(ROLE_ACTIONS) as Role[]).filter((r) => roleGrants(r, action));
}

export interface Resource {
  districtCode?: string | null;
  streetCode?: string | null;
  /** The unit the thing is assigned to (a case's current unit). */
  unitId?: string | null;
}

/**
 * The whole city as a resource: city-wide configuration (holidays and work windows, the class tables,
 * units, the responsibility list, the geography, the evaluation weights) moves every district, so
 * only a city-scope account reaches it — a district administrator is refused with FORBIDDEN_SCOPE.
 */
export const CITY_WIDE: Resource = Object.freeze({});

export type Denial = 'FORBIDDEN_ROLE' | 'FORBIDDEN_SCOPE' | 'FORBIDDEN_UNIT';

export type Decision =
  | { allowed: true; /** The role that grants it: record it on the event. */ role: Role }
  | { allowed: false; code: Denial; message: string; messageEn: string };

function inScope(user: Actor, r: Resource): boolean {
  const { level, code } = user.scope;
  if (level === 'city') return true;
  if (level === 'district') {
    const district = r.districtCode ?? (r.streetCode ? districtOfStreet(r.streetCode) : undefined);
    return district === code;
  }
  return r.streetCode === code;
}

function denial(code: Denial, action: Action): Decision {
  switch (code) {
    case 'FORBIDDEN_ROLE':
      return { allowed: false, code, message: `您的角色无权执行此操作（${action}）`, messageEn: `None of your roles may do this (${action})` };
    case 'FORBIDDEN_SCOPE':
      return { allowed: false, code, message: '该对象不在您的管辖范围内', messageEn: 'This is outside your area' };
    case 'FORBIDDEN_UNIT':
      return { allowed: false, code, message: '该案卷未派遣给您所在的单位', messageEn: 'This is not assigned to your unit' };
  }
}

/** May this user do this action (on this thing)? */
export function can(user: Actor, action: Action, resource?: Resource): Decision {
  const granting = user.active ? user.roles.filter((r) => roleGrants(r, action)) : [];
  if (granting.length === 0) return denial('FORBIDDEN_ROLE', action);
  if (resource === undefined) return { allowed: true, role: granting[0]! };
  const scopeOk = inScope(user, resource);
  let unitFailed = false;
  for (const role of granting) {
    if (!scopeOk) continue;
    if (UNIT_BOUND_ROLES.has(role) && (!user.unitId || resource.unitId !== user.unitId)) {
      unitFailed = true;
      continue;
    }
    return { allowed: true, role };
  }
  return denial(unitFailed ? 'FORBIDDEN_UNIT' : 'FORBIDDEN_SCOPE', action);
}

/** Like `can`, but throws the matching 403 AppError; returns the granting role. */
export function authorize(user: Actor, action: Action, resource?: Resource): Role {
  const d = can(user, action, resource);
  if (d.allowed) return d.role;
  throw new AppError({ code: d.code, status: 403, message: d.message, messageEn: d.messageEn, details: { action } });
}

/**
 * The same rules as a query filter, for lists: undefined when no role grants the action; otherwise the
 * narrowing a list query must apply (all set fields must match). Empty object = everything.
 * When a user holds a unit-bound role and an unbound one for the action, the unbound one wins (wider).
 */
export interface AccessFilter {
  districtCode?: string;
  streetCode?: string;
  unitId?: string;
}

export function accessFilter(user: Actor, action: Action): AccessFilter | undefined {
  const granting = user.active ? user.roles.filter((r) => roleGrants(r, action)) : [];
  if (granting.length === 0) return undefined;
  const f: AccessFilter = {};
  if (user.scope.level === 'district') f.districtCode = user.scope.code;
  if (user.scope.level === 'street') f.streetCode = user.scope.code;
  if (granting.every((r) => UNIT_BOUND_ROLES.has(r))) f.unitId = user.unitId ?? '\u0000no-unit';
  return f;
}

/** The area an account's scope covers, as a resource: a district admin may manage only accounts inside it. */
export function resourceOfScope(scope: Actor['scope']): Resource {
  if (scope.level === 'district') return { districtCode: scope.code };
  if (scope.level === 'street') return { districtCode: districtOfStreet(scope.code), streetCode: scope.code };
  return {};
}

/** The actions the user's roles grant, in table order (for the console: which workspaces to show). */
export function actionsOf(user: Actor): Action[] {
  if (!user.active) return [];
  return ACTIONS.filter((a) => user.roles.some((r) => roleGrants(r, a)));
}
