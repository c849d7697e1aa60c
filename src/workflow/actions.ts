/**
 * Actions declared once. Each action of a workflow is one declaration: its names (中文 and English),
 * the states it may be taken from, the roles that may take it and the permission they need, its own
 * body schema (TypeBox) and a pure `run`. Everything else is derived from the declarations: the
 * permission rows of the policy table (`grantsOf`), the HTTP route of each action and its OpenAPI
 * body (src/workflow/routes.ts), the body check (src/workflow/body.ts), the console's action forms and
 * buttons and their names (web/src/model/lifecycle.ts). Pure data and pure functions: the console
 * imports this file.
 */
import type { TObject } from 'typebox';
import { ROLE_CODES, type Role } from '../auth/roles.js';

/** A refusal a body member earns: its code and both languages. */
export interface FieldRefusal {
  code: string;
  zh: string;
  en: string;
}

export interface ActionDeclaration<State extends string = string, Permission extends string = string, Run = unknown> {
  /** 中文 name (buttons, refusals, the OpenAPI summary). */
  zh: string;
  en: string;
  /** Roles that may take it; the policy table grants them `permission` (and `also`). */
  roles: readonly Role[];
  permission: Permission;
  /** Further permissions the action needs in some states, granted to the same roles. */
  also?: readonly Permission[];
  from: readonly State[];
  /**
   * The body: its members, which are required, their limits. `additionalProperties: false`. A
   * member's schema `title` names it in a refusal (请填写…).
   */
  body: TObject;
  /** Groups of members of which at least one must be given (dispatch: unitId or unitCode); refused as the group's first member. */
  oneOf?: ReadonlyArray<readonly string[]>;
  /** The refusal when a member is missing or out of its limits (default: `<MEMBER>_REQUIRED`, 422, when missing). */
  refusals?: Readonly<Record<string, FieldRefusal>>;
  /** The console shows it in red and asks twice. */
  danger?: boolean;
  /** Pressure, not work: the console shows it apart from the main buttons. */
  side?: boolean;
  run: Run;
}

export type Declarations = Readonly<Record<string, ActionDeclaration<string, string, unknown>>>;

/** Every permission the declarations use, in declaration order. */
export function permissionsOf(...workflows: Declarations[]): string[] {
  const out = new Set<string>();
  for (const w of workflows) for (const d of Object.values(w)) for (const p of [d.permission, ...(d.also ?? [])]) out.add(p);
  return [...out];
}

/** The policy rows the declarations imply: role → the permissions its actions need, in declaration order. */
export function grantsOf(...workflows: Declarations[]): Record<Role, string[]> {
  const out = Object.fromEntries(ROLE_CODES.map((r) => [r, [] as string[]])) as Record<Role, string[]>;
  for (const w of workflows) {
    for (const d of Object.values(w)) {
      for (const r of d.roles) for (const p of [d.permission, ...(d.also ?? [])]) if (!out[r].includes(p)) out[r].push(p);
    }
  }
  return out;
}

/** Members of an action's body and whether each is required, in declaration order (for forms and docs). */
export function bodyMembers(d: Pick<ActionDeclaration, 'body' | 'oneOf'>): Array<{ name: string; required: boolean; title?: string }> {
  const required = new Set([...(d.body.required ?? []), ...(d.oneOf ?? []).map((g) => g[0]!)]);
  return Object.entries(d.body.properties).map(([name, s]) => ({ name, required: required.has(name), title: (s as { title?: string }).title }));
}
