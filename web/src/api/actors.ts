/**
 * Names of the people in a case's timeline. The server's events carry only `actorId` (and the role),
 * and only an admin may read accounts (`GET /api/v1/users/:id`, `users.admin`): so an admin sees
 * every name, anyone else their own name and, for others, the role (the id stays in a tooltip).
 */
import { useQueries } from '@tanstack/react-query';
import { http, ok } from './client.js';
import { useMe } from './session.js';

export function useActorNames(actorIds: ReadonlyArray<string | null>): Map<string, string> {
  const me = useMe();
  const isAdmin = me.data?.roles.includes('admin') ?? false;
  const ids = [...new Set(actorIds.filter((a): a is string => !!a && a !== me.data?.id))].sort();
  const users = useQueries({
    queries: ids.map((id) => ({
      queryKey: ['user-name', id],
      enabled: isAdmin,
      staleTime: 30 * 60_000,
      retry: false,
      queryFn: () => ok(http.GET('/api/v1/users/{id}', { params: { path: { id } } })),
    })),
  });
  const names = new Map<string, string>();
  if (me.data) names.set(me.data.id, me.data.displayName);
  users.forEach((u, i) => {
    if (u.data?.displayName) names.set(ids[i]!, u.data.displayName);
  });
  return names;
}
