/** The in-process bus: delivery on a later turn of the event loop, in publish order, per subscriber. */
import type { Logger } from '../core/logger.js';
import { checkSubscription, subscriptionMatcher, type DomainEvent, type EventBus, type Subscription } from './bus.js';

export function createLocalBus(logger: Logger): EventBus {
  const subs = new Map<Subscription, (name: string) => boolean>();
  let queue: DomainEvent[] = [];
  let scheduled: Promise<void> | null = null;

  async function deliver(): Promise<void> {
    // Let the publisher's own continuation run first, as with a broker.
    await new Promise<void>((r) => setImmediate(r));
    while (queue.length) {
      const batch = queue;
      queue = [];
      // Handlers that do not depend on the order of events (`concurrent`) start as their events come
      // and are awaited at the end of the delivery; the others finish each event before the next.
      const started: Array<Promise<void>> = [];
      for (const e of batch) {
        for (const [s, matches] of subs) {
          if (!matches(e.name)) continue;
          const handled = (async () => {
            try {
              await s.handle(e);
            } catch (err) {
              logger.warn({ err, event: e.name, id: e.id, group: s.group }, 'event subscriber failed');
            }
          })();
          if (s.concurrent) started.push(handled);
          else await handled;
        }
      }
      await Promise.all(started);
    }
    scheduled = null;
  }

  return {
    description: 'in-process',
    publish(events) {
      if (events.length === 0 || subs.size === 0) return;
      for (const e of events) queue.push(e);
      scheduled ??= deliver();
    },
    subscribe(sub) {
      checkSubscription(sub);
      subs.set(sub, subscriptionMatcher(sub.names));
      return () => {
        subs.delete(sub);
      };
    },
    async ready() {},
    async flush() {
      while (scheduled) await scheduled;
    },
    async close() {
      await this.flush();
      subs.clear();
    },
  };
}
