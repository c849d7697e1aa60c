import { createRequire } from 'node:module';
import pino, { type Logger } from 'pino';
import type Pretty from 'pino-pretty';

const requireHere = createRequire(import.meta.url);

export type { Logger };

/** `auto`: readable text when stdout is a terminal, JSON lines otherwise. */
export type LogFormat = 'auto' | 'json' | 'pretty';

/**
 * Structured logs (pino): one JSON object a line when stdout is a file or a pipe (collectors read
 * that), readable text — time, level, message, then the fields — when a person watches a terminal.
 */
export function createLogger(level: string, name = 'cityloop', format: LogFormat = 'auto'): Logger {
  const readable = format === 'pretty' || (format === 'auto' && Boolean(process.stdout.isTTY));
  if (!readable) return pino({ name, level, base: { pid: process.pid } });
  // Loaded only for a terminal (≈ 10 modules): a service's start writes JSON lines.
  const pretty = requireHere('pino-pretty') as typeof Pretty;
  const stream = pretty({
    colorize: Boolean(process.stdout.isTTY),
    translateTime: 'SYS:HH:MM:ss',
    ignore: 'pid,hostname,name',
    singleLine: true,
    sync: true,
  });
  return pino({ name, level, base: { pid: process.pid } }, stream);
}
