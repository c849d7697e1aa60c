/** Case queries and the one action mutation, as React Query hooks. */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from './client.js';
import type { CaseDetail, ClassItem, IntegrityReport, Page, Unit } from './types.js';
import { normalizeCase, normalizeEvent } from '../model/normalize.js';

export interface CaseFilters {
  status?: string | readonly string[] | undefined;
  phase?: string | undefined;
  classCode?: string | undefined;
  source?: string | undefined;
  unitId?: string | undefined;
  light?: string | undefined;
  from?: number | undefined;
  to?: number | undefined;
  q?: string | undefined;
  districtCode?: string | undefined;
  streetCode?: string | undefined;
  reporterId?: string | undefined;
}

/** The filters as the server's search parameters (the console calls a class `classCode`, the API `categoryCode`). */
export function searchParams(filters: CaseFilters): Record<string, unknown> {
  const { classCode, ...rest } = filters;
  return classCode ? { ...rest, categoryCode: classCode } : rest;
}

/** Accept a bare array or a page object from the server. */
export function asPage<T>(res: unknown): Page<T> {
  if (Array.isArray(res)) return { items: res as T[], total: res.length };
  const o = (res ?? {}) as Record<string, unknown>;
  const items = (o.items ?? o.cases ?? o.data ?? o.features ?? []) as T[];
  return { ...(o as object), items, total: typeof o.total === 'number' ? o.total : items.length } as Page<T>;
}

/** A page of cases in the console's flat shape. */
export function casePage(res: unknown): Page<CaseDetail> {
  const p = asPage<unknown>(res);
  return { ...p, items: p.items.map(normalizeCase) };
}

export function useCaseList(filters: CaseFilters, page: number, pageSize = 20, opts: { refetchInterval?: number } = {}) {
  return useQuery({
    queryKey: ['cases', filters, page, pageSize],
    queryFn: async () => casePage(await api.get('/api/v1/cases', { ...searchParams(filters), page, pageSize } as never)),
    placeholderData: keepPreviousData,
    ...opts,
  });
}

/** The user's worklist (most urgent first), fetched whole and paged here; `phase` narrows it to one lane
 * (`lane`: every case of it, for the overview map). */
export function useWorklist(page: number, pageSize = 20, phase?: string, sortBy?: (a: CaseDetail, b: CaseDetail) => number) {
  const q = useQuery({
    queryKey: ['worklist'],
    queryFn: async () => casePage(await api.get('/api/v1/worklist', { limit: 500 })).items,
    placeholderData: keepPreviousData,
  });
  const all = (q.data ?? []).filter((c) => !phase || c.phase === phase);
  if (sortBy) all.sort(sortBy);
  return { ...q, lane: all, data: q.data ? ({ items: all.slice((page - 1) * pageSize, page * pageSize), total: all.length } as Page<CaseDetail>) : undefined };
}

export function useCase(id: string | undefined) {
  return useQuery({
    queryKey: ['case', id],
    enabled: !!id,
    queryFn: async () => {
      const res = await api.get<Record<string, unknown>>(`/api/v1/cases/${id}`);
      const raw = res.case && typeof res.case === 'object' ? { ...(res.case as object), ...res } : res;
      const c: CaseDetail = normalizeCase(raw);
      if (!c.events && Array.isArray(res.timeline)) c.events = (res.timeline as unknown[]).map(normalizeEvent);
      if (!c.events) {
        const ev = await api.get<unknown>(`/api/v1/cases/${id}/events`).catch(() => []);
        c.events = asPage<unknown>(ev).items.map(normalizeEvent);
      }
      return c;
    },
  });
}

export function useIntegrity(id: string | undefined, enabled: boolean) {
  return useQuery({
    queryKey: ['integrity', id],
    enabled: !!id && enabled,
    queryFn: () => api.get<IntegrityReport>(`/api/v1/cases/${id}/verify`),
  });
}

export interface ActionInput {
  id: string;
  action: string;
  version: number;
  body: Record<string, unknown>;
}

export function useCaseAction() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: ActionInput) => api.post<CaseDetail>(`/api/v1/cases/${input.id}/actions/${input.action}`, { ...input.body, version: input.version }),
    onSettled: (_data, _err, input) => {
      void qc.invalidateQueries({ queryKey: ['case', input.id] });
      void qc.invalidateQueries({ queryKey: ['cases'] });
      void qc.invalidateQueries({ queryKey: ['worklist'] });
    },
  });
}

export function useUnits() {
  return useQuery({
    queryKey: ['units'],
    queryFn: async () => asPage<Unit>(await api.get('/api/v1/catalog/units')).items,
    staleTime: 10 * 60_000,
  });
}

export function useClasses() {
  return useQuery({
    queryKey: ['classes'],
    queryFn: async () => asPage<ClassItem>(await api.get('/api/v1/catalog/categories', { limit: 1000 })).items,
    staleTime: 30 * 60_000,
  });
}
