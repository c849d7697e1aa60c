/**
 * The evaluation catch-up as a subscriber: case events make the read model fold them in a few
 * seconds later (one catch-up for a burst), so figures are fresh before anyone asks. One process of
 * the group does it per event; the catch-up itself is locked and idempotent, so a second one only
 * finds nothing new. Evaluations still catch up first, so a figure never misses a committed event.
 */
import type { Logger } from '../core/logger.js';
import type { Subscription } from '../bus/bus.js';
import type { EvaluationService } from './service.js';

export function catchUpSubscriber(evaluation: Pick<EvaluationService, 'catchUp'>, logger: Logger, delayMs = 3_000): { subscription: Subscription; stop(): Promise<void> } {
  let timer: NodeJS.Timeout | null = null;
  let stopped = false;
  let inflight: Promise<void> | null = null;
  const run = () => {
    timer = null;
    if (stopped) return;
    inflight = evaluation.catchUp()
      .then(() => undefined, (err: unknown) => logger.warn({ err }, 'evaluation catch-up failed'))
      .finally(() => { inflight = null; });
  };
  return {
    subscription: {
      names: ['case.*'],
      group: 'evaluation',
      handle() {
        if (timer || stopped) return;
        timer = setTimeout(run, delayMs);
        timer.unref();
      },
    },
    /** No more catch-ups; resolves once one that is running has finished. */
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = null;
      await inflight;
    },
  };
}
