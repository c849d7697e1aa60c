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
import { ROLE_CODES } from './roles.js';
import { grantsOf, permissionsOf } from '../workflow/actions.js';
import { WORKFLOW_DECLARATIONS } from '../workflows.js';
import type { Permission } from '../cases/model.js';
import type { ShiftPermission } from '../patrol/model.js';
import type { InstructionPermission } from '../command/instruction-model.js';
import type { PenaltyPermission } from '../enforcement/actions.js';
import type { AlarmPermission } from '../iot/alarm-stream.js';
import type { ImpoundPermission } from '../enforcement/impounds-actions.js';
import type { SuggestionPermission } from '../suggestions/model.js';

/** Actions that are not a workflow's: intake, reading, reference data, administration. */
export const BASE_ACTIONS = [
  'case.report', // 上报 (intake channels name who may use them by this)
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
  'video.read', // 视频AI: review queue, cameras, precision (src/video)
  'video.review', // accept / reject detections (accept reports a case, so the role also needs case.report)
  'video.admin', // algorithm shelf, camera register and its art. 41 review, sources, intake policy
  'classifier.use', // propose classes for a text, keep a decision (src/classifier)
  'classifier.admin', // see and retrain the model
  'patrol.read', // 巡查: live inspectors, tracks, coverage (an inspector reads their own without it)
  'patrol.plan', // 巡查计划
  'command.read', // 指挥等级 banners, incidents, instructions in reach
  'command.level', // 指挥等级: set and schedule a level, open an emergency incident
  'instruction.issue', // 下达指令
  'penalty.read', // 行政处罚案件 (enforcement)
  'penalty.clue', // 登记线索
  'penalty.document', // 制作法律文书
  'enforcement.admin', // 裁量基准、四张清单、审核情形、执法人员
  'enforcement.figures', // 领导看板
  'iot.read', // devices, alarms, rules, history of the IoT hub
  'iot.admin', // device registry, rules, hub settings
  'integrity.admin', // seals and the integrity report (city scope)
  'hotline.read', // 12345 work orders (src/hotline)
  'hotline.intake', // import and receive orders, place, confirm into a case, reject, push results, import 回访
  'gazetteer.admin', // the gazetteer (地名地址库) and the hotline system's push address
  'suggestion.read', // 金点子 in reach: the centre's area, a unit's own (src/suggestions)
  'suggestion.admin', // the answer limit
] as const;
export type BaseAction = (typeof BASE_ACTIONS)[number];
/** A policy action: a base action or a permission a workflow action declares (src/cases/actions.ts …). */
export type Action = BaseAction | Permission | ShiftPermission | InstructionPermission | PenaltyPermission | AlarmPermission | ImpoundPermission | SuggestionPermission;

/** Every action: intake, then the workflows' permissions in declaration order, then the rest. */
export const ACTIONS: readonly Action[] = ['case.report', ...(permissionsOf(...WORKFLOW_DECLARATIONS) as Permission[]), ...BASE_ACTIONS.filter((a) => a !== 'case.report')];

/** Everything a logged-in person of any working role may look up. */
const REFERENCE: BaseAction[] = ['geo.read', 'catalog.read', 'calendar.read', 'notifications.read'];
/** Case work shared by every role that takes part in the loop. */
const CASE_WORK: BaseAction[] = ['case.read', 'files.upload', 'files.read'];

/**
 * The rows that are not a workflow action's. DESIGN.md §3 and standards.md §4.2 (S-UNICOM task names
 * per post). The system administrator (系统管理员) keeps the platform's reference data and accounts but
 * takes no part in cases and reads none (separation of duties, 三员分立); a city may give one person both roles.
 */
const BASE_ROWS: Readonly<Record<Role, readonly BaseAction[]>> = {
  inspector: [...REFERENCE, ...CASE_WORK, 'case.report', 'command.read'],
  operator: [...REFERENCE, ...CASE_WORK, 'case.report', 'video.read', 'video.review', 'command.read'],
  shift_lead: [...REFERENCE, ...CASE_WORK, 'evaluation.read', 'video.read', 'patrol.read', 'patrol.plan', 'command.read', 'instruction.issue'],
  dispatcher: [...REFERENCE, ...CASE_WORK, 'evaluation.read', 'patrol.read', 'command.read', 'instruction.issue'],
  handler: [...REFERENCE, ...CASE_WORK, 'command.read'],
  leader: [...REFERENCE, ...CASE_WORK, 'case.report', 'evaluation.read', 'video.read', 'patrol.read', 'patrol.plan', 'command.read', 'command.level', 'instruction.issue'],
  evaluator: [...REFERENCE, ...CASE_WORK, 'case.report', 'evaluation.read', 'evaluation.admin', 'patrol.read', 'command.read'],
  admin: [...REFERENCE, 'geo.import', 'catalog.admin', 'calendar.admin', 'users.admin', 'video.admin', 'integrity.admin'],
  enforcer: [...REFERENCE, 'files.upload', 'files.read', 'case.read', 'penalty.read', 'penalty.clue', 'penalty.document'],
  legal_reviewer: [...REFERENCE, 'files.read', 'penalty.read', 'penalty.document'],
  // The public's channels (Open311 API keys, the citizen app) report as this role and do nothing else.
  citizen: ['case.report'],
};

/** Capabilities' own rows on top of the base rows: one entry per capability, appended at the end. */
const CAPABILITY_ROWS: ReadonlyArray<Partial<Record<Role, readonly BaseAction[]>>> = [
  // classifier: whoever takes reports in picks their class with it; the administrator retrains it.
  { inspector: ['classifier.use'], operator: ['classifier.use'], shift_lead: ['classifier.use'], dispatcher: ['classifier.use'], leader: ['classifier.use'], evaluator: ['classifier.use'], admin: ['classifier.admin'] },
  // enforcement: the head of the authority reads penalty cases and the figures; the administrator keeps the benchmark and the officer register.
  { leader: ['penalty.read', 'penalty.clue', 'penalty.document', 'enforcement.figures'], admin: ['enforcement.admin'] },
  // iot: the people who watch the city's alarms read the hub; the administrator keeps devices and rules.
  { operator: ['iot.read'], shift_lead: ['iot.read'], dispatcher: ['iot.read'], leader: ['iot.read'], admin: ['iot.read', 'iot.admin'] },
  // hotline: the operators take 12345 orders in; the centre and the leaders read them; the administrator keeps the gazetteer.
  { operator: ['hotline.read', 'hotline.intake'], shift_lead: ['hotline.read'], dispatcher: ['hotline.read'], leader: ['hotline.read'], admin: ['gazetteer.admin'] },
  // suggestions: the centre takes them in and assigns them, a unit's handlers answer their own, leaders read; the administrator sets the answer limit.
  { operator: ['suggestion.read'], shift_lead: ['suggestion.read'], dispatcher: ['suggestion.read'], handler: ['suggestion.read'], leader: ['suggestion.read'], admin: ['suggestion.admin'] },
];

/**
 * The table: the base rows plus, for every workflow, the permissions its declared actions need,
 * granted to the roles each declaration names (src/workflows.ts). Declared once, so the table and
 * the workflows cannot disagree.
 */
const DECLARED = grantsOf(...WORKFLOW_DECLARATIONS);
export const ROLE_ACTIONS: Readonly<Record<Role, readonly Action[]>> = Object.fromEntries(
  ROLE_CODES.map((r) => [r, [...BASE_ROWS[r], ...CAPABILITY_ROWS.flatMap((row) => row[r] ?? []), ...(DECLARED[r] as Permission[])]]),
) as unknown as Record<Role, readonly Action[]>;

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
  throw new AppError({ code: d.code, kind: 'forbidden', message: d.message, messageEn: d.messageEn, details: { action } });
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
