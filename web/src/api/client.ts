/** The one way the console talks to the server: JSON over fetch with the session cookie. */
import { ApiError, isServerErrorBody } from '../model/apiError.js';

export { ApiError };

type Query = Record<string, string | number | boolean | undefined | null | readonly string[]>;

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

let unauthorizedHandler: (() => void) | undefined;
/** Called on any 401 so the shell can return to the login page. */
export function onUnauthorized(handler: () => void): void {
  unauthorizedHandler = handler;
}

async function parse<T>(res: Response): Promise<T> {
  const type = res.headers.get('content-type') ?? '';
  const body: unknown = type.includes('json') ? await res.json().catch(() => undefined) : await res.text().catch(() => undefined);
  if (!res.ok) {
    if (res.status === 401 && unauthorizedHandler) unauthorizedHandler();
    if (isServerErrorBody(body)) throw new ApiError(res.status, body);
    throw new ApiError(res.status, {
      code: `HTTP_${res.status}`,
      message: `请求失败（${res.status}）`,
      messageEn: `Request failed (${res.status})`,
      details: typeof body === 'string' ? body.slice(0, 200) : undefined,
    });
  }
  return body as T;
}

export async function request<T>(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<T> {
  const init: RequestInit = { method, credentials: 'same-origin', headers: { accept: 'application/json', ...headers } };
  if (body instanceof FormData) init.body = body;
  else if (body !== undefined) {
    init.body = JSON.stringify(body);
    (init.headers as Record<string, string>)['content-type'] = 'application/json';
  }
  return parse<T>(await fetch(path, init));
}

export const api = {
  get: <T>(path: string, query?: Query) => request<T>('GET', withQuery(path, query)),
  post: <T>(path: string, body?: unknown, headers?: Record<string, string>) => request<T>('POST', path, body ?? {}, headers),
  put: <T>(path: string, body?: unknown) => request<T>('PUT', path, body ?? {}),
  patch: <T>(path: string, body?: unknown) => request<T>('PATCH', path, body ?? {}),
  del: <T>(path: string) => request<T>('DELETE', path),
};

/** Upload a photo; resolves to the stored file's digest/id. */
export async function uploadFile(file: File | Blob, name?: string): Promise<UploadedFile> {
  const form = new FormData();
  form.append('file', file, name ?? (file instanceof File ? file.name : 'photo.jpg'));
  return request<UploadedFile>('POST', '/api/v1/files', form);
}

export interface UploadedFile {
  id?: string;
  sha256?: string;
  digest?: string;
  url?: string;
  contentType?: string;
  size?: number;
}

/** The reference to put in an action's attachments from an upload answer. */
export function fileRef(f: UploadedFile): string {
  return f.sha256 ?? f.digest ?? f.id ?? '';
}

/** Where a stored photo can be seen. */
export function fileUrl(ref: string): string {
  return `/api/v1/files/${encodeURIComponent(ref)}`;
}
