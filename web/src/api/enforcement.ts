/** Penalty cases (行政处罚) for the console: lists, one case, its events, actions. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { http, ok } from './client.js';
import type { BodyOf, Ok } from './schema.js';

export type PenaltyCaseView = Ok<'/api/v1/penalty-cases'>['items'][number];
export type PenaltyEventView = Ok<'/api/v1/penalty-cases/{id}/events'>['items'][number];

export function usePenaltyCases(q: { state?: string; light?: 'green' | 'yellow' | 'red'; q?: string; limit?: number; offset?: number }) {
  return useQuery({
    queryKey: ['penalty-cases', q],
    queryFn: () => ok(http.GET('/api/v1/penalty-cases', { params: { query: q } })),
  });
}

export function usePenaltyCase(id: string | undefined) {
  return useQuery({
    queryKey: ['penalty-case', id],
    enabled: !!id,
    queryFn: () => ok(http.GET('/api/v1/penalty-cases/{id}', { params: { path: { id: id! } } })),
  });
}

export function usePenaltyEvents(id: string | undefined) {
  return useQuery({
    queryKey: ['penalty-events', id],
    enabled: !!id,
    queryFn: () => ok(http.GET('/api/v1/penalty-cases/{id}/events', { params: { path: { id: id! } } })),
  });
}

export function usePenaltyAction() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async (input: { id: string; action: string; version: number; body: Record<string, unknown> }) =>
      (await ok(http.POST('/api/v1/penalty-cases/{id}/actions/{action}', { params: { path: { id: input.id, action: input.action } }, body: { ...input.body, version: input.version } }))).penaltyCase,
    onSettled: (_d, _e, input) => {
      void qc.invalidateQueries({ queryKey: ['penalty-case', input.id] });
      void qc.invalidateQueries({ queryKey: ['penalty-events', input.id] });
      void qc.invalidateQueries({ queryKey: ['penalty-cases'] });
    },
  });
}

export type DocumentKindBody = BodyOf<'/api/v1/penalty-cases/{id}/documents', 'post'>['kind'];

export function useIssueDocument() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async (input: { id: string; kind: DocumentKindBody }) =>
      ok(http.POST('/api/v1/penalty-cases/{id}/documents', { params: { path: { id: input.id } }, body: { kind: input.kind } })),
    onSettled: (_d, _e, input) => {
      void qc.invalidateQueries({ queryKey: ['penalty-case', input.id] });
      void qc.invalidateQueries({ queryKey: ['penalty-events', input.id] });
    },
  });
}
