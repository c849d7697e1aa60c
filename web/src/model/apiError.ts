/** The server's one error shape {code, message, messageEn, details}, shown in the user's language. Pure. */
import type { Lang } from '../i18n/dict.js';

export interface ServerErrorBody {
  code: string;
  message: string;
  messageEn?: string;
  details?: unknown;
}

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly messageZh: string;
  readonly messageEn: string;
  readonly details: unknown;

  constructor(status: number, body: ServerErrorBody) {
    super(body.messageEn ?? body.message);
    this.name = 'ApiError';
    this.status = status;
    this.code = body.code;
    this.messageZh = body.message;
    this.messageEn = body.messageEn ?? body.message;
    this.details = body.details;
  }
}

export function isServerErrorBody(value: unknown): value is ServerErrorBody {
  return typeof value === 'object' && value !== null && typeof (value as { code?: unknown }).code === 'string' && typeof (value as { message?: unknown }).message === 'string';
}

/** Lines describing `details`: validation failures list their fields, import errors their rows. */
export function detailLines(details: unknown, lang: Lang = 'zh'): string[] {
  if (details === null || details === undefined) return [];
  if (typeof details === 'string') return [details];
  if (Array.isArray(details)) return details.flatMap((d) => detailLines(d, lang)).slice(0, 20);
  if (typeof details === 'object') {
    const o = details as Record<string, unknown>;
    if (Array.isArray(o.errors)) return detailLines(o.errors, lang);
    if (Array.isArray(o.fields)) return detailLines(o.fields, lang);
    const row = o.row ?? o.line;
    const where = o.field ?? o.path ?? o.instancePath ?? o.column;
    const msg = (lang === 'en' ? (o.messageEn ?? o.message) : (o.message ?? o.messageEn)) ?? o.reason;
    if (msg !== undefined) {
      const prefix = [row !== undefined ? `#${String(row)}` : '', where !== undefined ? String(where) : ''].filter(Boolean).join(' ');
      return [prefix ? `${prefix}: ${String(msg)}` : String(msg)];
    }
    return Object.entries(o)
      .filter(([, v]) => typeof v === 'string' || typeof v === 'number')
      .map(([k, v]) => `${k}: ${String(v)}`);
  }
  return [String(details)];
}

/** The message of any thrown thing in the user's language. */
export function errorMessage(err: unknown, lang: Lang): string {
  if (err instanceof ApiError) return lang === 'zh' ? err.messageZh : err.messageEn;
  if (err instanceof TypeError) return lang === 'zh' ? '无法连接服务器' : 'Cannot reach the server';
  if (err instanceof Error) return err.message;
  return lang === 'zh' ? '出错了' : 'Something went wrong';
}
