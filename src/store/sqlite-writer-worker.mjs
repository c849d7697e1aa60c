/**
 * The SQLite writer thread (see sqlite-writer.ts): its own connection to the database file, running
 * the batches the main thread sends and answering with an outcome per job once they are committed.
 */
import { createRequire } from 'node:module';
import { parentPort, workerData } from 'node:worker_threads';
import { createBatchRunner, failure } from './sqlite-batch.mjs';

const require = createRequire(import.meta.url);
const Database = require('better-sqlite3');

const db = new Database(workerData.file, { timeout: 5000 });
db.pragma('journal_mode = WAL');
db.pragma('synchronous = NORMAL');
db.pragma('foreign_keys = ON');
db.pragma('cache_size = -65536');
// Checkpoints run on the checkpointer thread, never inside this connection's COMMITs.
db.pragma('wal_autocheckpoint = 0');
db.pragma('journal_size_limit = 67108864');
const runner = createBatchRunner(db);

parentPort.on('message', (message) => {
  const m = typeof message === 'string' ? JSON.parse(message) : message;
  if (m.t === 'batch') {
    let outcomes;
    try {
      if (m.defs) runner.define(m.defs);
      outcomes = runner.run(m.jobs);
    } catch (e) {
      const f = failure(e);
      outcomes = m.jobs.map(() => f);
    }
    parentPort.postMessage({ t: 'done', outcomes, stats: runner.stats() });
  } else if (m.t === 'close') {
    db.close();
    parentPort.close();
  }
});
