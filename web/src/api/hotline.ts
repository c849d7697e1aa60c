/** What the hotline workspace and the gazetteer tab read and write (src/hotline over HTTP). */
import { useQuery } from '@tanstack/react-query';
import { http, ok } from './client.js';
import type { paths } from './generated/openapi.js';

export type HotlineOrder = paths['/api/v1/hotline/orders/{id}']['get']['responses'][200]['content']['application/json'];
export type GazetteerPlace = paths['/api/v1/gazetteer']['get']['responses'][200]['content']['application/json']['items'][number];
export const ORDER_STATES = ['needs_location', 'to_confirm', 'filed', 'answered', 'rejected'] as const;

export function useOrders(state: string | undefined) {
  return useQuery({
    queryKey: ['hotline-orders', state ?? 'all'],
    queryFn: async () => ok(http.GET('/api/v1/hotline/orders', { params: { query: { limit: 200, ...(state ? { state } : {}) } } })),
    refetchInterval: 15_000,
  });
}

export function usePlaces(enabled = true) {
  return useQuery({ queryKey: ['gazetteer'], enabled, queryFn: async () => (await ok(http.GET('/api/v1/gazetteer'))).items, staleTime: 60_000 });
}

export async function importFile(path: '/api/v1/hotline/orders/import' | '/api/v1/hotline/ratings/import', file: File): Promise<number> {
  const form = new FormData();
  form.append('file', file, file.name);
  const r = await ok(http.POST(path, { body: form as never, bodySerializer: (b: unknown) => b as FormData }));
  return 'created' in r ? r.created : r.rated;
}

export const confirmOrder = (id: string, version: number, categoryCode: string, urgency: 'normal' | 'urgent') =>
  ok(http.POST('/api/v1/hotline/orders/{id}/confirm', { params: { path: { id } }, body: { version, categoryCode, urgency } }));
export const locateOrder = (id: string, body: { version: number; placeId: string } | { version: number; lon: number; lat: number }) =>
  ok(http.POST('/api/v1/hotline/orders/{id}/locate', { params: { path: { id } }, body }));
export const rejectOrder = (id: string, version: number, reason: string) =>
  ok(http.POST('/api/v1/hotline/orders/{id}/reject', { params: { path: { id } }, body: { version, reason } }));
export const pushOrder = (id: string) => ok(http.POST('/api/v1/hotline/orders/{id}/push', { params: { path: { id } } }));
