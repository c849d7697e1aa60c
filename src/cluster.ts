/**
 * `cityloop serve --workers N`: N HTTP processes behind one address (node:cluster — the primary holds
 * the port and hands connections to the workers in turn). They share one PostgreSQL (records, sessions,
 * the version guard that raises each deadline once) and one NATS (domain events: a browser connected
 * to any worker sees what another changed; each subscriber group handles an event once). So workers
 * need DATABASE_URL=postgres://… and NATS_URL; on the embedded store there is one process.
 *
 * The primary prepares the store once (migrations, the demo city on a first demo start, the first-run
 * setup token, which it hands to every worker so /setup accepts it whichever worker answers), forks
 * the workers, restarts one that dies, and stops them all on SIGTERM/SIGINT.
 */
import cluster, { type Worker } from 'node:cluster';
import type { Config } from './core/config.js';
import { createContext } from './app.js';
import { seedDemoOnFirstStart } from './demo/seed.js';
import { createFirstRunSetup } from './auth/setup.js';
import { startServer, type RunningServer } from './serve.js';

export const MAX_WORKERS = 64;

/** Why these settings cannot run workers (Chinese and English), or null when they can. */
export function workersRefusal(config: Config, workers: number): string | null {
  if (!Number.isInteger(workers) || workers < 1 || workers > MAX_WORKERS)
    return `--workers 应为 1–${MAX_WORKERS} 的整数 / --workers must be a whole number from 1 to ${MAX_WORKERS} (got ${workers})`;
  if (workers === 1) return null;
  const missing: string[] = [];
  if (config.dialect !== 'postgres') missing.push('DATABASE_URL=postgres://… (多个进程共享一个 PostgreSQL / the processes share one PostgreSQL; the embedded store serves one process)');
  if (!config.natsUrl) missing.push('NATS_URL=nats://… (进程之间的事件总线 / the event bus between the processes: live pushes, texts once)');
  return missing.length ? `--workers ${workers} 需要 / needs:\n  - ${missing.join('\n  - ')}` : null;
}

interface Ready {
  type: 'ready';
  url: string;
}
/** A worker asks for the setup token once it listens for the answer (a message sent earlier would be lost). */
interface Hello {
  type: 'hello';
}
interface Setup {
  type: 'setup';
  token: string | null;
}

/** The primary: prepares the store, forks the workers, keeps them running. Resolves with the shared URL once all listen. */
export async function runPrimary(config: Config, workers: number, log: (line: string) => void): Promise<{ url: string; setupToken: string | null; stop(): Promise<void> }> {
  // Migrate and seed once, here, so the workers never race for it.
  const ctx = await createContext(config);
  let setupToken: string | null;
  try {
    await seedDemoOnFirstStart(ctx);
    setupToken = await createFirstRunSetup(ctx.auth).open();
  } finally {
    await ctx.close();
  }

  let stopping = false;
  const restarts: number[] = [];
  const fork = (slot: number): Worker => {
    const w = cluster.fork({ CITYLOOP_WORKER: String(slot) });
    w.on('message', (m: Hello) => {
      if (m?.type === 'hello') w.send({ type: 'setup', token: setupToken } satisfies Setup);
    });
    w.on('exit', (code, signal) => {
      if (stopping) return;
      // A worker that died is replaced; one that keeps dying at once stops the platform instead of looping.
      const now = Date.now();
      restarts.push(now);
      while (restarts.length && restarts[0]! < now - 60_000) restarts.shift();
      if (restarts.length > workers * 3) {
        log(`worker ${slot} exited (${signal ?? code}) again: too many restarts in a minute, stopping 工作进程反复退出，平台停止`);
        process.exitCode = 1;
        void stop();
        return;
      }
      log(`worker ${slot} exited (${signal ?? code}); starting it again 工作进程退出，重新启动`);
      fork(slot);
    });
    return w;
  };

  const started = Array.from({ length: workers }, (_, i) => fork(i + 1));
  const url = await new Promise<string>((resolve, reject) => {
    let ready = 0;
    let first = '';
    for (const w of started) {
      w.on('message', (m: Ready) => {
        if (m?.type !== 'ready') return;
        first ||= m.url;
        if (++ready === workers) resolve(first);
      });
      w.once('exit', (code) => {
        if (ready < workers) reject(new Error(`a worker exited (${code}) before the platform was up 工作进程启动失败`));
      });
    }
  });

  async function stop(): Promise<void> {
    stopping = true;
    const alive = Object.values(cluster.workers ?? {}).filter((w): w is Worker => Boolean(w));
    await Promise.all(alive.map((w) => new Promise<void>((resolve) => {
      const timer = setTimeout(() => w.kill('SIGKILL'), 15_000);
      w.once('exit', () => { clearTimeout(timer); resolve(); });
      w.kill('SIGTERM');
    })));
  }
  return { url, setupToken, stop };
}

/** A worker: waits for the primary's setup token, then serves like `cityloop serve` (without seeding: the primary did). */
export async function runWorker(config: Config): Promise<RunningServer> {
  const token = await new Promise<string | null>((resolve) => {
    const on = (m: Setup) => {
      if (m?.type !== 'setup') return;
      process.off('message', on);
      resolve(m.token);
    };
    process.on('message', on);
    process.send?.({ type: 'hello' } satisfies Hello);
  });
  const server = await startServer(config, {}, { seed: false, setupToken: token });
  process.send?.({ type: 'ready', url: server.url } satisfies Ready);
  return server;
}

export const isWorkerProcess = (): boolean => cluster.isWorker;
