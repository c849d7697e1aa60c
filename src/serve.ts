import type { Config } from './core/config.js';
import { createContext, type AppContext, type ContextOptions } from './app.js';
import { seedDemoOnFirstStart } from './demo/seed.js';
import { buildServer } from './http/server.js';
import { createFirstRunSetup } from './auth/setup.js';
import type { Api } from './http/types.js';
import { startIotRuntime } from './iot/runtime.js';
import { runsEnforcementSweeper, startEnforcementTimer } from './enforcement/timers.js';

export interface RunningServer {
  ctx: AppContext;
  app: Api;
  url: string;
  /** While no administrator exists: the one-time token of the first-run setup page (/setup), else null. */
  setupToken: string | null;
  stop(): Promise<void>;
}

export interface ServeOptions {
  /** Seed the demo city on a first demo start (default true; `serve --workers`' primary seeds once for all). */
  seed?: boolean;
  /** The first-run setup token made by another process (`serve --workers`), or null for none; default: make one here. */
  setupToken?: string | null;
}

/** Starts the whole platform: store, services, the demo city on a first demo start, timers and HTTP. */
export async function startServer(config: Config, opts: ContextOptions = {}, serve: ServeOptions = {}): Promise<RunningServer> {
  const ctx = await createContext(config, opts);
  let stopTimers: () => void = () => undefined;
  let stopIot: () => Promise<void> = async () => undefined;
  let app: Api | undefined;
  let setupToken: string | null = null;
  try {
    if (serve.seed !== false) await seedDemoOnFirstStart(ctx);
    const setup = createFirstRunSetup(ctx.auth, 'setupToken' in serve ? { token: serve.setupToken ?? null } : {});
    setupToken = await setup.open();
    app = await buildServer(ctx, { setup });
    if (config.timers) {
      const stopCases = ctx.cases.startTimers();
      const stopCommand = ctx.command.startTimers();
      const stopSeals = ctx.integrity.startTimer();
      // Statutory clocks, disclosure publishing, impound periods: one process only (worker 1 under --workers).
      const stopEnforcement = runsEnforcementSweeper(config) ? startEnforcementTimer(() => ctx.enforcement.sweep(), ctx.logger) : () => undefined;
      const stopSuggestions = ctx.suggestions.startTimers();
      stopTimers = () => {
        stopCases();
        stopCommand();
        stopSeals();
        stopEnforcement();
        stopSuggestions();
      };
    }
    stopIot = (await startIotRuntime(ctx.iot, config, ctx.logger)).stop;
    await app.listen({ port: config.port, host: config.host });
  } catch (e) {
    stopTimers();
    await stopIot();
    await app?.close();
    await ctx.close();
    throw e;
  }
  const addr = app.server.address();
  const port = typeof addr === 'object' && addr ? addr.port : config.port;
  const url = `http://localhost:${port}`;
  const running = app;
  return {
    ctx,
    app: running,
    url,
    setupToken,
    async stop() {
      stopTimers();
      await stopIot();
      await running.close();
      await ctx.close();
    },
  };
}
