import type { Config } from '../core/config.js';
import { createLogger } from '../core/logger.js';
import { createContext, type AppContext } from '../app.js';

/**
 * A context for one command: the store migrated, the services wired, only the holiday dataset seeded (a command must
 * never put the demo city into a real installation), quiet logs. Closed after `work`, whatever happens.
 */
export async function withContext<T>(config: Config, work: (ctx: AppContext) => Promise<T>): Promise<T> {
  const ctx = await createContext(config, { subscribers: false, logger: createLogger(process.env.LOG_LEVEL ?? 'warn') });
  try {
    return await work(ctx);
  } finally {
    await ctx.close();
  }
}
