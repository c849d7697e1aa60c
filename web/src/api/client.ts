/**
 * The one way the console talks to the server: an openapi-fetch client typed by the generated
 * `paths` (web/src/api/generated, from the server's OpenAPI document), with the session cookie.
 * Paths, parameters, bodies and answers are all checked against the document at compile time.
 */
import createClient, { type Middleware } from 'openapi-fetch';
import { ApiError, isServerErrorBody } from '../model/apiError.js';
import type { paths } from './generated/openapi.js';
import type { UploadedFile } from './schema.js';

export { ApiError };
export type { UploadedFile };

let unauthorizedHandler: (() => void) | undefined;
/** Called on any 401 so the shell can return to the login page. */
export function onUnauthorized(handler: () => void): void {
  unauthorizedHandler = handler;
}

const onUnauthorizedMiddleware: Middleware = {
  onResponse({ response }) {
    if (response.status === 401 && unauthorizedHandler) unauthorizedHandler();
    return undefined;
  },
};

export const http = createClient<paths>({ baseUrl: '', credentials: 'same-origin', headers: { accept: 'application/json' } });
http.use(onUnauthorizedMiddleware);

/** The server's refusal as an ApiError (its {code, message, messageEn, details}, or a generic one). */
export function toApiError(status: number, body: unknown): ApiError {
  if (isServerErrorBody(body)) return new ApiError(status, body);
  return new ApiError(status, {
    code: `HTTP_${status}`,
    message: `请求失败（${status}）`,
    messageEn: `Request failed (${status})`,
    details: typeof body === 'string' ? body.slice(0, 200) : undefined,
  });
}

/** The answer of an openapi-fetch call, or its refusal thrown as an ApiError. */
export async function ok<D>(call: Promise<{ data?: D; error?: unknown; response: Response }>): Promise<NonNullable<D>> {
  const { data, error, response } = await call;
  if (!response.ok) throw toApiError(response.status, error);
  return data as NonNullable<D>;
}

/** Upload a photo (multipart); resolves to the stored file (its `sha256` is the attachment reference). */
export async function uploadFile(file: File | Blob, name?: string): Promise<UploadedFile> {
  const form = new FormData();
  form.append('file', file, name ?? (file instanceof File ? file.name : 'photo.jpg'));
  return ok(http.POST('/api/v1/files', { body: form as never, bodySerializer: (b: unknown) => b as FormData }));
}

/** Where a stored photo can be seen. */
export function fileUrl(ref: string): string {
  return `/api/v1/files/${encodeURIComponent(ref)}`;
}

type Query = Record<string, string | number | boolean | undefined | null | readonly string[]>;

/** A GET URL with its query (for downloads the browser fetches itself: XLSX exports). */
export function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === null || v === '') continue;
    if (Array.isArray(v)) for (const item of v) params.append(k, item);
    else params.set(k, String(v));
  }
  const qs = params.toString();
  return qs ? `${path}${path.includes('?') ? '&' : '?'}${qs}` : path;
}
