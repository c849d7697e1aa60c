/**
 * The SQLite writer thread (see sqlite-writer.ts): its own connection to the database file, running
 * the batches the main thread sends and answering with an outcome per job once they are committed.
 * Batches that queued up while it was busy are committed together (one transaction, one COMMIT),
 * each still answered on its own: when this thread is the slower one it spends less on commits,
 * and when it keeps up nothing waits.
 */
import { createRequire } from 'node:module';
import { parentPort, receiveMessageOnPort, workerData } from 'node:worker_threads';
import { createBatchRunner, failure } from './sqlite-batch.mjs';
import { configureConnection } from './sqlite-connection.mjs';

const require = createRequire(import.meta.url);
const Database = require('better-sqlite3');

function open() {
  const db = new Database(workerData.file);
  configureConnection(db, workerData.file, workerData.synchronous);
  return db;
}

let db;
try {
  db = open();
} catch (e) {
  // Said in words: an error thrown out of a thread reaches the main thread without its message.
  parentPort.postMessage({ t: 'fatal', ...failure(e) });
  process.exit(1);
}
const runner = createBatchRunner(db);
/** Jobs committed together at most when batches have queued up. */
const MAX_JOBS = 512;

const decode = (message) => (typeof message === 'string' ? JSON.parse(message) : message);

function commit(batches) {
  const jobs = batches.length === 1 ? batches[0].jobs : batches.flatMap((b) => b.jobs);
  let outcomes;
  try {
    for (const b of batches) if (b.defs) runner.define(b.defs);
    outcomes = runner.run(jobs);
  } catch (e) {
    const f = failure(e);
    outcomes = jobs.map(() => f);
  }
  const stats = runner.stats();
  let at = 0;
  for (const b of batches) {
    parentPort.postMessage({ t: 'done', outcomes: outcomes.slice(at, at + b.jobs.length), stats });
    at += b.jobs.length;
  }
}

let closing = false;
parentPort.on('message', (message) => {
  const m = decode(message);
  if (m.t === 'close') {
    closing = true;
  } else if (m.t === 'batch') {
    const batches = [m];
    let jobs = m.jobs.length;
    while (jobs < MAX_JOBS) {
      const queued = receiveMessageOnPort(parentPort);
      if (!queued) break;
      const next = decode(queued.message);
      if (next.t === 'close') {
        closing = true;
        break;
      }
      batches.push(next);
      jobs += next.jobs.length;
    }
    commit(batches);
  }
  if (closing) {
    db.close();
    parentPort.close();
  }
});
