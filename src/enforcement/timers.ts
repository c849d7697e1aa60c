/**
 * The enforcement sweeper in `cityloop serve`: every minute it lights the statutory clocks (yellow,
 * red), publishes penalty decisions on the last day of their disclosure period, and raises the
 * impounds whose holding period or claim period has run out. Under `serve --workers` one process
 * runs it (worker 1), so the timers are events raised once, by one writer, not raced for.
 */
import type { Config } from '../core/config.js';
import type { Logger } from '../core/logger.js';

/** Whether this process runs the enforcement sweeper: a single server, or worker 1 of `--workers`. */
export function runsEnforcementSweeper(config: Pick<Config, 'timers' | 'worker'>): boolean {
  return config.timers && (config.worker === null || config.worker === 1);
}

export interface SweepReport {
  [key: string]: number;
}

/** Runs `sweep` now and every `intervalMs`; overlapping runs are skipped. Returns a stopper. */
export function startEnforcementTimer(sweep: () => Promise<SweepReport>, logger: Pick<Logger, 'info' | 'error'>, intervalMs = 60_000): () => void {
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      const r = await sweep();
      if (Object.values(r).some((n) => n > 0)) logger.info(r, 'enforcement sweep');
    } catch (err) {
      logger.error({ err }, 'enforcement sweep failed');
    } finally {
      running = false;
    }
  };
  const handle = setInterval(() => void tick(), intervalMs);
  handle.unref();
  void tick();
  return () => clearInterval(handle);
}
