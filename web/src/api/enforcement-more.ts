/** The enforcement console's other tabs: the discretion benchmark and calculator, disclosure, the impound yard, the leader figures. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { http, ok } from './client.js';
import type { BodyOf, Ok } from './schema.js';

export type BenchmarkView = Ok<'/api/v1/enforcement/benchmark'>;
export type CalcResult = Ok<'/api/v1/enforcement/discretion/calculate', 'post'>;
export type CalcBody = BodyOf<'/api/v1/enforcement/discretion/calculate', 'post'>;
export type DisclosureRow = Ok<'/api/v1/public/penalty-disclosures'>['items'][number];
export type YardView = Ok<'/api/v1/impounds/yard'>;
export type ImpoundView = Ok<'/api/v1/impounds/{id}'>['impound'];
export type ImpoundEventView = Ok<'/api/v1/impounds/{id}/events'>['items'][number];
export type FiguresView = Ok<'/api/v1/enforcement/figures'>;

export function useBenchmark() {
  return useQuery({ queryKey: ['enf-benchmark'], queryFn: () => ok(http.GET('/api/v1/enforcement/benchmark')) });
}

export function useCalculate() {
  return useMutation({ mutationFn: (body: CalcBody) => ok(http.POST('/api/v1/enforcement/discretion/calculate', { body })) });
}

export function useDisclosures(page: number, pageSize = 20) {
  return useQuery({
    queryKey: ['enf-disclosures', page],
    queryFn: () => ok(http.GET('/api/v1/public/penalty-disclosures', { params: { query: { limit: pageSize, offset: (page - 1) * pageSize } } })),
  });
}

export function useYard(q: { kind?: 'goods' | 'vehicle' | 'dog'; yard?: string }) {
  return useQuery({ queryKey: ['enf-yard', q], queryFn: () => ok(http.GET('/api/v1/impounds/yard', { params: { query: q } })) });
}

export function useImpound(id: string | undefined) {
  return useQuery({ queryKey: ['impound', id], enabled: !!id, queryFn: () => ok(http.GET('/api/v1/impounds/{id}', { params: { path: { id: id! } } })) });
}

export function useImpoundEvents(id: string | undefined) {
  return useQuery({ queryKey: ['impound-events', id], enabled: !!id, queryFn: () => ok(http.GET('/api/v1/impounds/{id}/events', { params: { path: { id: id! } } })) });
}

export function useImpoundAction() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async (input: { id: string; action: string; version: number; body: Record<string, unknown> }) =>
      (await ok(http.POST('/api/v1/impounds/{id}/actions/{action}', { params: { path: { id: input.id, action: input.action } }, body: { ...input.body, version: input.version } }))).impound,
    onSettled: (_d, _e, input) => {
      void qc.invalidateQueries({ queryKey: ['impound', input.id] });
      void qc.invalidateQueries({ queryKey: ['impound-events', input.id] });
      void qc.invalidateQueries({ queryKey: ['enf-yard'] });
    },
  });
}

export type ImpoundBody = BodyOf<'/api/v1/impounds', 'post'>;

export function useOfficers() {
  return useQuery({ queryKey: ['enf-officers'], staleTime: 300_000, queryFn: () => ok(http.GET('/api/v1/enforcement/officers')) });
}

export function usePenaltyImpounds(id: string | undefined) {
  return useQuery({ queryKey: ['penalty-impounds', id], enabled: !!id, queryFn: () => ok(http.GET('/api/v1/penalty-cases/{id}/impounds', { params: { path: { id: id! } } })) });
}

export function useCreateImpound() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async (body: ImpoundBody) => (await ok(http.POST('/api/v1/impounds', { body }))).impound,
    onSettled: (_d, _e, body) => {
      void qc.invalidateQueries({ queryKey: ['enf-yard'] });
      if (body.penaltyCaseId) {
        void qc.invalidateQueries({ queryKey: ['penalty-impounds', body.penaltyCaseId] });
        void qc.invalidateQueries({ queryKey: ['penalty-events', body.penaltyCaseId] });
      }
    },
  });
}

export function useFigures(by: 'district' | 'squad') {
  return useQuery({ queryKey: ['enf-figures', by], queryFn: () => ok(http.GET('/api/v1/enforcement/figures', { params: { query: { by } } })) });
}
