/**
 * Errors are values with a code, a kind and a message in Chinese and English. Models, repositories
 * and services say what kind of refusal it is (not found, conflict, locked …); the HTTP layer alone
 * turns the kind into a status code (src/http/errors.ts), so nothing else knows HTTP.
 */
export const ERROR_KINDS = [
  'invalid', 'unprocessable', 'unauthenticated', 'forbidden', 'not_found', 'conflict', 'locked', 'too_large', 'unsupported_type', 'rate_limited',
] as const;
export type ErrorKind = (typeof ERROR_KINDS)[number];

export interface ErrorBody {
  code: string;
  message: string;
  messageEn: string;
  details?: unknown;
}

export class AppError extends Error {
  readonly code: string;
  readonly kind: ErrorKind;
  readonly messageZh: string;
  readonly messageEn: string;
  readonly details: unknown;

  constructor(opts: { code: string; kind: ErrorKind; message: string; messageEn: string; details?: unknown }) {
    super(`${opts.code}: ${opts.messageEn}`);
    this.name = 'AppError';
    this.code = opts.code;
    this.kind = opts.kind;
    this.messageZh = opts.message;
    this.messageEn = opts.messageEn;
    this.details = opts.details;
  }

  toBody(): ErrorBody {
    const body: ErrorBody = { code: this.code, message: this.messageZh, messageEn: this.messageEn };
    if (this.details !== undefined) body.details = this.details;
    return body;
  }
}

/** Shorthands for the common kinds. Each takes the code and both messages. */
export const badRequest = (code: string, message: string, messageEn: string, details?: unknown) =>
  new AppError({ code, kind: 'invalid', message, messageEn, details });
export const unprocessable = (code: string, message: string, messageEn: string, details?: unknown) =>
  new AppError({ code, kind: 'unprocessable', message, messageEn, details });
export const notFound = (code: string, message: string, messageEn: string, details?: unknown) =>
  new AppError({ code, kind: 'not_found', message, messageEn, details });
export const conflict = (code: string, message: string, messageEn: string, details?: unknown) =>
  new AppError({ code, kind: 'conflict', message, messageEn, details });
export const forbidden = (code: string, message: string, messageEn: string, details?: unknown) =>
  new AppError({ code, kind: 'forbidden', message, messageEn, details });
export const unauthorized = (code: string, message: string, messageEn: string, details?: unknown) =>
  new AppError({ code, kind: 'unauthenticated', message, messageEn, details });

export const locked = (code: string, message: string, messageEn: string, details?: unknown) =>
  new AppError({ code, kind: 'locked', message, messageEn, details });

export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError;
}
