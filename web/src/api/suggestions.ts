/** What the 金点子 workspace, the dashboard and the admin tab read and write (src/suggestions over HTTP). */
import { useQuery } from '@tanstack/react-query';
import { http, ok } from './client.js';
import type { BodyOf, Ok, QueryOf } from './schema.js';

export type Suggestion = Ok<'/api/v1/suggestions/{id}'>;
export type SuggestionFigures = Ok<'/api/v1/evaluation/suggestions'>;
export type SuggestionQuery = QueryOf<'/api/v1/suggestions'>;
export type SuggestionAction = 'assign' | 'answer' | 'return' | 'reply' | 'discard' | 'urge';

export function useSuggestions(q: SuggestionQuery) {
  return useQuery({ queryKey: ['suggestions', q], queryFn: () => ok(http.GET('/api/v1/suggestions', { params: { query: q } })), refetchInterval: 30_000 });
}

export function useSuggestion(id: string | null) {
  return useQuery({ queryKey: ['suggestion', id], enabled: !!id, queryFn: () => ok(http.GET('/api/v1/suggestions/{id}', { params: { path: { id: id! } } })) });
}

export function useSuggestionLog(id: string | null, version: number | undefined) {
  return useQuery({
    queryKey: ['suggestion-log', id, version], enabled: !!id,
    queryFn: async () => (await ok(http.GET('/api/v1/suggestions/{id}/events', { params: { path: { id: id! } } }))).items,
  });
}

export function useSuggestionFigures(from: string, to: string, enabled = true) {
  return useQuery({ queryKey: ['suggestion-figures', from, to], enabled, queryFn: () => ok(http.GET('/api/v1/evaluation/suggestions', { params: { query: { from, to } } })) });
}

export function useAnswerLimit() {
  return useQuery({ queryKey: ['suggestion-settings'], queryFn: async () => (await ok(http.GET('/api/v1/suggestions/settings'))).answerLimit });
}

export const setAnswerLimit = (answerLimit: BodyOf<'/api/v1/suggestions/settings', 'put'>['answerLimit']) => ok(http.PUT('/api/v1/suggestions/settings', { body: { answerLimit } }));

/** One declared action (the body is checked on the server against the action's declaration). */
export function actOnSuggestion(id: string, action: SuggestionAction, version: number, body: Record<string, unknown>): Promise<Suggestion> {
  const path = `/api/v1/suggestions/{id}/actions/${action}` as '/api/v1/suggestions/{id}/actions/urge';
  return ok(http.POST(path, { params: { path: { id } }, body: { version, ...body } as never })) as Promise<Suggestion>;
}

export const suggestionPhotoUrl = (id: string, sha: string) => `/api/v1/suggestions/${encodeURIComponent(id)}/photos/${sha}`;
