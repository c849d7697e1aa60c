import pino, { type Logger } from 'pino';

export type { Logger };

/** Structured JSON logs (pino). */
export function createLogger(level: string, name = 'cityloop'): Logger {
  return pino({ name, level, base: { pid: process.pid } });
}
