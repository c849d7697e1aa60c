import type { Config } from './config.js';
import type { Clock } from './clock.js';
import type { IdSource } from './ids.js';
import type { Logger } from './logger.js';
import type { Db } from '../store/db.js';
import type { EventBus } from '../bus/bus.js';

/** What every service factory receives. Capabilities add the services they use on top. */
export interface ServiceDeps {
  config: Config;
  db: Db;
  clock: Clock;
  ids: IdSource;
  logger: Logger;
  /** Domain events after commit (src/bus). */
  bus: EventBus;
}
