/**
 * Which workspaces a user reaches, from the permissions the server enforces (`GET /api/v1/me` →
 * `actions`, the policy table's actions for the user's roles): a workspace is offered only when the
 * user holds what its page needs, so nobody is offered a page that refuses them. Pure: no DOM, no React.
 */
import type { Me } from '../api/schema.js';
import { ROLE_CODES, ROLES as ROLE_INFO, type Role } from '../../../src/auth/roles.js';

/** A policy action, as the server names it (src/auth/policy.ts ACTIONS). */
export type Permission = Me['actions'][number];

/** The roles an account may hold, as the server defines them (src/auth/roles.ts): a channel's role (公众) is nobody's. */
export const ROLES: readonly Role[] = ROLE_CODES.filter((r) => !ROLE_INFO.find((x) => x.code === r)?.channelOnly);
export type { Role };

export type WorkspaceId = 'command' | 'intake' | 'dispatch' | 'tasks' | 'inspector' | 'cases' | 'dashboard' | 'admin' | 'enforcement' | 'patrol' | 'iot' | 'hotline' | 'video' | 'suggestions';

export interface Workspace {
  id: WorkspaceId;
  /** Route path of the workspace. */
  path: string;
  /** Every one of these is needed (what the page reads). */
  all: readonly Permission[];
  /** At least one of these is needed (what the page is for); empty = none. */
  any: readonly Permission[];
}

/** In navigation order. */
export const WORKSPACES: readonly Workspace[] = [
  { id: 'command', path: '/command', all: ['case.read'], any: ['case.accept', 'case.file', 'case.dispatch', 'case.supervise'] },
  { id: 'intake', path: '/intake', all: ['case.read'], any: ['case.accept', 'case.file', 'case.void_approve', 'case.verification_send', 'case.close'] },
  { id: 'dispatch', path: '/dispatch', all: ['case.read'], any: ['case.dispatch'] },
  { id: 'tasks', path: '/tasks', all: ['case.read'], any: ['case.handle'] },
  { id: 'inspector', path: '/m', all: ['case.read', 'case.report'], any: ['case.verify_reply', 'case.verify'] },
  { id: 'cases', path: '/cases', all: ['case.read'], any: [] },
  { id: 'dashboard', path: '/dashboard', all: ['evaluation.read', 'case.read'], any: [] },
  { id: 'admin', path: '/admin', all: [], any: ['users.admin', 'catalog.admin', 'geo.import', 'calendar.admin', 'integrity.admin'] },
  { id: 'enforcement', path: '/enforcement', all: ['penalty.read'], any: [] },
  { id: 'patrol', path: '/patrol', all: ['command.read'], any: ['patrol.read', 'command.level', 'instruction.issue'] },
  { id: 'iot', path: '/iot', all: ['iot.read'], any: [] },
  { id: 'hotline', path: '/hotline', all: ['hotline.read'], any: [] },
  // The administrator keeps the shelf and the register through the API (docs/video.md) but reads no detections (separation of duties).
  { id: 'video', path: '/video', all: ['video.read'], any: [] },
  { id: 'suggestions', path: '/suggestions', all: ['suggestion.read'], any: [] },
];

function offers(w: Workspace, held: ReadonlySet<string>): boolean {
  return w.all.every((p) => held.has(p)) && (w.any.length === 0 || w.any.some((p) => held.has(p)));
}

/** The workspaces a user holding these permissions may open, in navigation order. */
export function workspacesFor(actions: readonly string[]): Workspace[] {
  const held = new Set(actions);
  return WORKSPACES.filter((w) => offers(w, held));
}

/** Where a user lands after login: the workspace of their most specific work. */
export function homePathFor(actions: readonly string[]): string {
  const mine = workspacesFor(actions);
  const order: WorkspaceId[] = ['inspector', 'tasks', 'dispatch', 'intake', 'command', 'dashboard', 'admin', 'enforcement', 'cases'];
  for (const id of order) {
    const w = mine.find((x) => x.id === id);
    if (w) return w.path;
  }
  return '/cases';
}

/** May a user holding these permissions open this path? (A case's page needs `case.read`.) */
export function canOpen(actions: readonly string[], path: string): boolean {
  if (path.startsWith('/cases/')) return actions.includes('case.read');
  return workspacesFor(actions).some((w) => path === w.path || path.startsWith(w.path + '/'));
}
