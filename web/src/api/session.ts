import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, ApiError } from './client.js';
import type { Me, PublicConfig } from './types.js';

/** The signed-in user, or null when there is no session. */
export function useMe() {
  return useQuery<Me | null>({
    queryKey: ['me'],
    queryFn: async () => {
      try {
        return await api.get<Me>('/api/v1/me');
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
  return useQuery<PublicConfig>({
    queryKey: ['config'],
    queryFn: async () => {
      try {
        return await api.get<PublicConfig>('/api/v1/config/public');
      } catch {
        return {};
      }
    },
    staleTime: Infinity,
  });
}

export function useLogin() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: { username: string; password: string }) => api.post<{ token?: string; user: Me }>('/api/v1/auth/login', input),
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
    mutationFn: () => api.post<unknown>('/api/v1/auth/logout'),
    onSettled: () => {
      qc.setQueryData(['me'], null);
      qc.removeQueries({ predicate: (q) => q.queryKey[0] !== 'me' });
    },
  });
}
