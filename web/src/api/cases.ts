/** Case queries and the one action mutation, as React Query hooks over the generated client. */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { http, ok } from './client.js';
import type { ActionBody, CaseDetail, CaseSearch, CaseView } from './schema.js';

/** The console's case filters: the API's search parameters, with the period as epoch ms. */
export interface CaseFilters {
  status?: string | readonly string[] | undefined;
  categoryCode?: string | undefined;
  source?: string | undefined;
  unitId?: string | undefined;
  light?: string | undefined;
  from?: number | undefined;
  to?: number | undefined;
  q?: string | undefined;
  districtCode?: string | undefined;
  streetCode?: string | undefined;
  /** Only open cases that are overdue or under open supervision. */
  attention?: boolean | undefined;
}

/** The filters as the server's search parameters (empty ones left out). */
export function searchParams(filters: CaseFilters): CaseSearch {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(filters)) {
    if (v === undefined || v === null || v === '') continue;
    if (k === 'status') out.status = typeof v === 'string' ? [v] : [...(v as readonly string[])];
    else if (k === 'from' || k === 'to') out[k] = String(v);
    else out[k] = v;
  }
  return out as CaseSearch;
}

export function useCaseList(filters: CaseFilters, page: number, pageSize = 20, opts: { refetchInterval?: number } = {}) {
  return useQuery({
    queryKey: ['cases', filters, page, pageSize],
    queryFn: () => ok(http.GET('/api/v1/cases', { params: { query: { ...searchParams(filters), page, pageSize } } })),
    placeholderData: keepPreviousData,
    ...opts,
  });
}

/** The user's worklist (most urgent first), fetched whole and paged here; `phase` narrows it to one lane
 * (`lane`: every case of it, for the overview map); `counts`: how many cases each phase holds. */
export function useWorklist(page: number, pageSize = 20, phase?: string, sortBy?: (a: CaseView, b: CaseView) => number) {
  const q = useQuery({
    queryKey: ['worklist'],
    queryFn: async () => (await ok(http.GET('/api/v1/worklist', { params: { query: { limit: 500 } } }))).items,
    placeholderData: keepPreviousData,
  });
  const all = (q.data ?? []).filter((c) => !phase || c.phase === phase);
  if (sortBy) all.sort(sortBy);
  const counts: Record<string, number> = {};
  for (const c of q.data ?? []) counts[c.phase] = (counts[c.phase] ?? 0) + 1;
  return {
    ...q,
    lane: all,
    counts,
    data: q.data ? { items: all.slice((page - 1) * pageSize, page * pageSize), total: all.length } : undefined,
  };
}

export function useCase(id: string | undefined) {
  return useQuery({
    queryKey: ['case', id],
    enabled: !!id,
    queryFn: () => ok(http.GET('/api/v1/cases/{id}', { params: { path: { id: id! } } })),
  });
}

export function useIntegrity(id: string | undefined, enabled: boolean) {
  return useQuery({
    queryKey: ['integrity', id],
    enabled: !!id && enabled,
    queryFn: () => ok(http.GET('/api/v1/cases/{id}/verify', { params: { path: { id: id! } } })),
  });
}

export interface ActionInput {
  id: string;
  action: string;
  version: number;
  body: Omit<ActionBody, 'version'>;
}

/** Takes one lifecycle action; resolves to the case as it is after it. */
export function useCaseAction() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async (input: ActionInput) =>
      (await ok(http.POST('/api/v1/cases/{id}/actions/{action}', { params: { path: { id: input.id, action: input.action } }, body: { ...input.body, version: input.version } }))).case,
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
    queryFn: async () => (await ok(http.GET('/api/v1/catalog/units'))).items,
    staleTime: 10 * 60_000,
  });
}

export function useClasses() {
  return useQuery({
    queryKey: ['classes'],
    queryFn: async () => (await ok(http.GET('/api/v1/catalog/categories', { params: { query: { limit: 1000 } } }))).items,
    staleTime: 30 * 60_000,
  });
}

/** Where the routing put (or would put) the case, and why: from the filing or the automatic dispatch event. */
export function routingOf(d: CaseDetail): { unitId?: string; reason?: string } | null {
  const e = [...d.timeline].reverse().find((x) => x.type === 'filed' || (x.type === 'dispatched' && x.data.auto === true));
  if (!e) return null;
  const out: { unitId?: string; reason?: string } = {};
  if (typeof e.data.unitId === 'string') out.unitId = e.data.unitId;
  if (typeof e.data.reason === 'string') out.reason = e.data.reason;
  return out.unitId || out.reason ? out : null;
}
