/**
 * The OpenAPI document without a running server: the whole Fastify application assembled on an
 * in-memory SQLite store (no demo, no timers, no seeding), asked for its document, and closed.
 * The console's API types are generated from it (`npm run gen:api`, web/src/api/generated/).
 */
import { loadConfig } from '../core/config.js';
import { createLogger } from '../core/logger.js';
import { createContext } from '../app.js';
import { buildServer } from './server.js';

export async function openApiDocument(): Promise<Record<string, unknown>> {
  const config = {
    ...loadConfig({ CITYLOOP_DEMO: 'false', CITYLOOP_TIMERS: 'false', LOG_LEVEL: 'silent' }),
    databaseUrl: ':memory:',
    dialect: 'sqlite' as const,
  };
  const ctx = await createContext(config, { logger: createLogger('silent'), seed: false });
  try {
    const app = await buildServer(ctx, { logger: false });
    try {
      await app.ready();
      return app.swagger() as unknown as Record<string, unknown>;
    } finally {
      await app.close();
    }
  } finally {
    await ctx.close();
  }
}
