/** Which workspaces each role reaches from the one navigation. Pure: no DOM, no React. */

export const ROLES = [
  'inspector',
  'operator',
  'shift_lead',
  'dispatcher',
  'handler',
  'leader',
  'evaluator',
  'admin',
] as const;
export type Role = (typeof ROLES)[number];

export type WorkspaceId =
  | 'command'
  | 'intake'
  | 'dispatch'
  | 'tasks'
  | 'inspector'
  | 'cases'
  | 'dashboard'
  | 'admin';

export interface Workspace {
  id: WorkspaceId;
  /** Route path of the workspace. */
  path: string;
  /** Roles that see it in the navigation (admin sees everything). */
  roles: readonly Role[];
}

export const WORKSPACES: readonly Workspace[] = [
  { id: 'command', path: '/command', roles: ['leader', 'shift_lead', 'operator', 'dispatcher'] },
  { id: 'intake', path: '/intake', roles: ['operator', 'shift_lead'] },
  { id: 'dispatch', path: '/dispatch', roles: ['dispatcher', 'shift_lead'] },
  { id: 'tasks', path: '/tasks', roles: ['handler'] },
  { id: 'inspector', path: '/m', roles: ['inspector'] },
  { id: 'cases', path: '/cases', roles: ['operator', 'shift_lead', 'dispatcher', 'handler', 'leader', 'evaluator', 'inspector'] },
  { id: 'dashboard', path: '/dashboard', roles: ['leader', 'evaluator', 'shift_lead'] },
  { id: 'admin', path: '/admin', roles: [] },
];

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

/** The workspaces a user with these roles may open, in navigation order. */
export function workspacesFor(roles: readonly string[]): Workspace[] {
  if (roles.includes('admin')) return [...WORKSPACES];
  return WORKSPACES.filter((w) => w.roles.some((r) => roles.includes(r)));
}

/** Where a user lands after login: the first workspace of their most specific role. */
export function homePathFor(roles: readonly string[]): string {
  const order: Array<[Role, string]> = [
    ['inspector', '/m'],
    ['handler', '/tasks'],
    ['dispatcher', '/dispatch'],
    ['operator', '/intake'],
    ['shift_lead', '/intake'],
    ['leader', '/command'],
    ['evaluator', '/dashboard'],
    ['admin', '/admin'],
  ];
  for (const [role, path] of order) if (roles.includes(role)) return path;
  return '/cases';
}

export function canOpen(roles: readonly string[], path: string): boolean {
  if (path.startsWith('/cases/')) return true;
  return workspacesFor(roles).some((w) => path === w.path || path.startsWith(w.path + '/'));
}
