/** Chooses the bus from the configuration: JetStream when NATS_URL is set, in-process otherwise. */
import type { Config } from '../core/config.js';
import type { Logger } from '../core/logger.js';
import type { EventBus } from './bus.js';
import { createLocalBus } from './local.js';

export type { DomainEvent, EventBus, Subscription } from './bus.js';

export async function openBus(config: Pick<Config, 'natsUrl' | 'natsPrefix'>, logger: Logger): Promise<EventBus> {
  if (!config.natsUrl) return createLocalBus(logger);
  const url = /^[\w.-]+:\d+$/.test(config.natsUrl) ? `nats://${config.natsUrl}` : config.natsUrl;
  try {
    // The NATS client is loaded only when NATS_URL is set, not at every start.
    const { createJetStreamBus } = await import('./jetstream.js');
    return await createJetStreamBus({ url, prefix: config.natsPrefix, logger });
  } catch (e) {
    throw new Error(`Cannot use NATS at ${url} for domain events (NATS_URL): ${e instanceof Error ? e.message : String(e)}. 无法连接 NATS 事件总线。`, { cause: e });
  }
}
