/**
 * Benchmarks: `npm run bench -- NAME` prints JSON. Each benchmark compares against a baseline in the
 * same run, so figures are read as ratios; docs/benchmarks.md records them.
 */
import { noProgress, type OnProgress } from './core/progress.js';

/** A benchmark reports how far it has come (the CLI draws it on stderr; stdout stays JSON). */
type Bench = (progress: OnProgress) => Promise<unknown>;

const benches: Record<string, () => Promise<Bench>> = {
  'geo.locate': async () => (await import('../bench/geo-locate.js')).run,
  'cases.lifecycle': async () => (await import('../bench/cases-lifecycle.js')).run,
  'cases.storage': async () => (await import('../bench/cases-storage.js')).run,
  'cases.pgbatch': async () => (await import('../bench/cases-pgbatch.js')).run,
  'api.load': async () => (await import('../bench/api-load.js')).run,
  'server.start': async () => (await import('../bench/server-start.js')).run,
  'geo.postgis': async () => (await import('../bench/geo-postgis.js')).run,
  'api.workers': async () => (await import('../bench/api-workers.js')).run,
  'intake.classify': async () => (await import('../bench/intake-classify.js')).run,
  open311: async () => (await import('../bench/open311.js')).run,
  'patrol.ingest': async () => (await import('../bench/patrol-ingest.js')).run,
  'video.ingest': async () => (await import('../bench/video-ingest.js')).run,
  'iot.ingest': async () => (await import('../bench/iot-ingest.js')).run,
  enforcement: async () => (await import('../bench/enforcement.js')).run,
};

export function benchNames(): string[] {
  return Object.keys(benches);
}

export async function runBench(name: string, progress: OnProgress = noProgress): Promise<unknown> {
  const load = benches[name];
  if (!load) throw new Error(`unknown benchmark "${name}"; known: ${benchNames().join(', ')}`);
  const run = await load();
  return { name, node: process.version, at: new Date().toISOString(), result: await run(progress) };
}
