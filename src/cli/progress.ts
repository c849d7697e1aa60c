/**
 * Progress of a long command on stderr: a bar redrawn in place on a terminal, a plain line every few
 * seconds otherwise (logs, CI, `| tee`). stdout stays for the result, so `--json` output is clean.
 */
export interface Progress {
  /** `done` of `total` units of work (total 0: unknown), with an optional note (e.g. the day simulated). */
  update(done: number, total: number, note?: string): void;
  /** Clears the bar (on a terminal) and prints the final line. */
  finish(note?: string): void;
}

export interface ProgressOptions {
  /** Where to draw (default process.stderr). */
  stream?: NodeJS.WriteStream | { isTTY?: boolean; columns?: number; write(s: string): boolean };
  /** Seconds between plain lines when not on a terminal (default 5). */
  everySeconds?: number;
  now?: () => number;
}

const WIDTH = 24;

export function formatBar(label: string, done: number, total: number, note = ''): string {
  if (total <= 0) return `${label}${done > 0 ? ` ${done}` : ''}${note ? ` ${note}` : ''}`;
  const share = Math.max(0, Math.min(1, done / total));
  const filled = Math.round(share * WIDTH);
  return `${label} [${'#'.repeat(filled)}${'.'.repeat(WIDTH - filled)}] ${(share * 100).toFixed(0).padStart(3)}% ${done}/${total}${note ? ` ${note}` : ''}`;
}

export function createProgress(label: string, opts: ProgressOptions = {}): Progress {
  const out = opts.stream ?? process.stderr;
  const now = opts.now ?? Date.now;
  const tty = Boolean(out.isTTY);
  const every = (opts.everySeconds ?? 5) * 1000;
  const started = now();
  let last = tty ? 0 : started;
  let drawn = false;
  let state = { done: 0, total: 0, note: '' };
  const elapsed = () => `${((now() - started) / 1000).toFixed(0)}s`;
  return {
    update(done, total, note = '') {
      state = { done, total, note };
      const t = now();
      if (tty) {
        if (t - last < 100 && done !== total) return;
        last = t;
        const line = formatBar(label, done, total, note);
        const cols = (out as { columns?: number }).columns ?? 100;
        out.write(`\r${line.slice(0, cols - 1).padEnd(Math.min(cols - 1, line.length + 2))}`);
        drawn = true;
      } else if (t - last >= every) {
        last = t;
        out.write(`${formatBar(label, done, total, note)} (${elapsed()})\n`);
      }
    },
    finish(note) {
      if (tty && drawn) out.write('\r\x1b[K');
      out.write(`${formatBar(label, state.done, state.total, note ?? state.note)} — done in ${elapsed()}\n`);
    },
  };
}

/** A progress that prints nothing (tests, `--quiet`). */
export const silentProgress: Progress = { update() {}, finish() {} };
