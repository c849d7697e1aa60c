import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError, http, ok } from './client.js';
import type { Me, PublicConfig } from './schema.js';

/** The signed-in user, or null when there is no session. */
export function useMe() {
  return useQuery<Me | null>({
    queryKey: ['me'],
    queryFn: async () => {
      try {
        return await ok(http.GET('/api/v1/me'));
      } catch (e) {
        if (e instanceof ApiError && e.status === 401) return null;
        throw e;
      }
    },
    staleTime: 5 * 60_000,
    retry: false,
  });
}

export function usePublicConfig() {
  return useQuery<PublicConfig | null>({
    queryKey: ['config'],
    queryFn: async () => {
      try {
        return await ok(http.GET('/api/v1/config/public'));
      } catch {
        return null;
      }
    },
    staleTime: Infinity,
  });
}

export function useLogin() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: { username: string; password: string }) => ok(http.POST('/api/v1/auth/login', { body: input })),
    onSuccess: (res) => {
      // Drop the previous user's data but keep the `me` query itself: its observers (the shell, the
      // live connection) must see the new user. qc.clear() would orphan them.
      qc.removeQueries({ predicate: (q) => q.queryKey[0] !== 'me' });
      qc.setQueryData(['me'], res.user);
    },
  });
}

export function useLogout() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => ok(http.POST('/api/v1/auth/logout')),
    onSettled: () => {
      qc.setQueryData(['me'], null);
      qc.removeQueries({ predicate: (q) => q.queryKey[0] !== 'me' });
    },
  });
}
