/**
 * Errors are values with a code and a message in Chinese and English.
 * The HTTP layer maps `status` to the response code; nothing else knows HTTP.
 */
export interface ErrorBody {
  code: string;
  message: string;
  messageEn: string;
  details?: unknown;
}

export class AppError extends Error {
  readonly code: string;
  readonly status: number;
  readonly messageZh: string;
  readonly messageEn: string;
  readonly details: unknown;

  constructor(opts: { code: string; status: number; message: string; messageEn: string; details?: unknown }) {
    super(`${opts.code}: ${opts.messageEn}`);
    this.name = 'AppError';
    this.code = opts.code;
    this.status = opts.status;
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
  new AppError({ code, status: 400, message, messageEn, details });
export const unprocessable = (code: string, message: string, messageEn: string, details?: unknown) =>
  new AppError({ code, status: 422, message, messageEn, details });
export const notFound = (code: string, message: string, messageEn: string, details?: unknown) =>
  new AppError({ code, status: 404, message, messageEn, details });
export const conflict = (code: string, message: string, messageEn: string, details?: unknown) =>
  new AppError({ code, status: 409, message, messageEn, details });
export const forbidden = (code: string, message: string, messageEn: string, details?: unknown) =>
  new AppError({ code, status: 403, message, messageEn, details });
export const unauthorized = (code: string, message: string, messageEn: string, details?: unknown) =>
  new AppError({ code, status: 401, message, messageEn, details });

export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError;
}
