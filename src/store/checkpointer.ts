/**
 * WAL checkpoints off the main thread. A checkpoint copies committed pages from the WAL into the
 * database file and syncs it; run by the writing connection (SQLite's auto-checkpoint) it stalls
 * every write behind that I/O. Here the writing connection's auto-checkpoint is off and a worker
 * thread with its own connection runs PASSIVE checkpoints every `everyMs`: they never block a
 * writer (FULL, RESTART and TRUNCATE would hold new writers off for as long as they copy, seconds
 * for a large WAL). After a complete checkpoint the next write starts the WAL over from its
 * beginning, and the writing connection's `journal_size_limit` trims the file then (db.ts).
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

const requireHere = createRequire(import.meta.url);

/** The worker's code (plain CommonJS, so it needs no TypeScript loader). */
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { timeout: 5000 });
db.pragma('busy_timeout = 5000');
const timer = setInterval(() => {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch (e) {
    parentPort.postMessage({ error: String(e && e.message || e) });
  }
}, workerData.everyMs);
parentPort.on('message', (m) => {
  if (m === 'stop') {
    clearInterval(timer);
    try { db.pragma('wal_checkpoint(PASSIVE)'); } catch {}
    db.close();
    process.exit(0);
  }
});
`;

export interface Checkpointer {
  stop(): Promise<void>;
}

export function startCheckpointer(file: string, opts: { everyMs?: number; onError?: (message: string) => void } = {}): Checkpointer {
  const worker = new Worker(WORKER, {
    eval: true,
    workerData: { file, driver: requireHere.resolve('better-sqlite3'), everyMs: opts.everyMs ?? 250 },
  });
  worker.unref();
  worker.on('message', (m: { error?: string }) => { if (m.error) opts.onError?.(m.error); });
  worker.on('error', (e) => opts.onError?.(e.message));
  return {
    stop: () => new Promise<void>((resolve) => {
      worker.once('exit', () => resolve());
      worker.ref();
      worker.postMessage('stop');
    }),
  };
}
