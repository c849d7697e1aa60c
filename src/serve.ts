import type { Config } from './core/config.js';
import { createContext, type AppContext, type ContextOptions } from './app.js';
import { buildServer } from './http/server.js';
import type { Api } from './http/types.js';

export interface RunningServer {
  ctx: AppContext;
  app: Api;
  url: string;
  stop(): Promise<void>;
}

/** Starts the whole platform: store, services, timers and HTTP. */
export async function startServer(config: Config, opts: ContextOptions = {}): Promise<RunningServer> {
  const ctx = await createContext(config, opts);
  const app = await buildServer(ctx);
  const stopTimers = config.timers ? ctx.cases.startTimers() : () => undefined;
  try {
    await app.listen({ port: config.port, host: config.host });
  } catch (e) {
    stopTimers();
    await ctx.close();
    throw e;
  }
  const addr = app.server.address();
  const port = typeof addr === 'object' && addr ? addr.port : config.port;
  const url = `http://localhost:${port}`;
  return {
    ctx,
    app,
    url,
    async stop() {
      stopTimers();
      await app.close();
      await ctx.close();
    },
  };
}
