/**
 * Benchmark cases.pgbatch: where PostgreSQL's time goes in one batch statement of case writes, and
 * what a change of the schema or of the statement would save — measured where the measurement is
 * steady (a whole-bench A/B of two builds is not, on a shared machine whose speed moves within minutes).
 *
 * Lifecycles run concurrently on a PostgreSQL bench store (CITYLOOP_BENCH_LIFECYCLES, default 1 000,
 * 64 in flight) and every few batch statements of the case stream that carried ≥ 16 writes are
 * captured as sent. Then they are replayed in one database session, as the server runs them (a
 * prepared statement, `plan_cache_mode = force_generic_plan`): each in a transaction rolled back, with
 * the versions and event numbers of its appends set to the stored ones and its creates renamed, run
 * once untimed (rolled back to a savepoint) and once under `EXPLAIN (ANALYZE)`, so each replay does
 * the whole work of the original against the same rows.
 * Reported: the median execution time of a batch and per write, and the parts of the plan (parsing the
 * JSON parameter, the updates of `cases`, the inserts of the events, the log's triggers).
 *
 * A variant, replayed next to each batch as it is, the two taking turns batch by batch
 * (CITYLOOP_BENCH_PGBATCH_ROUNDS rounds, default 3, of every captured batch; reported: the median of
 * the paired ratios and their quartiles):
 *   CITYLOOP_BENCH_PGBATCH_DDL="sql"        run inside each replay's transaction first (DDL is
 *                                            transactional: e.g. `drop index cases_dup_idx`);
 *   CITYLOOP_BENCH_PGBATCH_STATEMENT=FILE   the batch statement to replay instead (same parameters).
 * Needs CITYLOOP_TEST_PG_URL or a postgres DATABASE_URL.
 */
import fs from 'node:fs';
import pg from 'pg';
import { noProgress, type OnProgress } from '../src/core/progress.js';
import { openBenchStore, benchPgUrl } from './bench-store.js';
import { START, lifecycleRunner } from './cases-lifecycle.js';
import { machineSpeed } from './machine-speed.js';

interface Captured { text: string; param: string }
interface Job { i: number; id?: string; v?: number; c?: Record<string, unknown>; r?: Record<string, unknown>; e: Array<{ seq: number }> }
interface PlanNode { 'Node Type': string; 'Subplan Name'?: string; 'Actual Total Time'?: number; Plans?: PlanNode[] }
interface Explained { Plan: PlanNode; 'Execution Time': number; Triggers?: Array<{ 'Trigger Name': string; Time: number }> }

const CAPTURE_MIN_WRITES = 16;
const CAPTURE_MAX = 40;

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? Math.round(s[Math.floor(s.length / 2)]! * 1000) / 1000 : 0;
};

/** The time of the CTE whose name is given (`CTE u`, …), from the plan's tree. */
function cteTime(node: PlanNode, name: string): number {
  if (node['Subplan Name'] === name) return node['Actual Total Time'] ?? 0;
  for (const child of node.Plans ?? []) {
    const t = cteTime(child, name);
    if (t) return t;
  }
  return 0;
}

/**
 * One captured batch made ready to replay now: appends on the versions stored now, creates under new
 * ids and codes (`tag` tells the replays apart; nothing of them is kept).
 */
async function prepare(c: pg.Client, b: Captured, tag: string): Promise<{ param: string; ids: string[]; writes: number }> {
  const jobs = JSON.parse(b.param) as Job[];
  const ids = jobs.filter((j) => j.id).map((j) => j.id!);
  const stored = new Map((await c.query<{ id: string; version: number }>('select id, version from cases where id = any($1)', [ids])).rows.map((r) => [r.id, r.version]));
  let k = 0;
  for (const j of jobs) {
    if (j.id) {
      const d = (stored.get(j.id) ?? j.v!) - j.v!;
      j.v! += d;
      if (j.c && typeof j.c.version === 'number') j.c.version += d;
      for (const e of j.e) e.seq += d;
    }
    if (j.r) {
      k += 1;
      for (const col of ['id', 'code', 'idempotency_key', 'external_ref']) if (typeof j.r[col] === 'string') j.r[col] = `${String(j.r[col])}~${tag}${k}`;
    }
  }
  return { param: JSON.stringify(jobs), ids, writes: jobs.length };
}

export async function run(progress: OnProgress = noProgress): Promise<unknown> {
  const pgUrl = benchPgUrl();
  if (!pgUrl) return { skipped: 'set CITYLOOP_TEST_PG_URL or DATABASE_URL' };
  const n = Number(process.env.CITYLOOP_BENCH_LIFECYCLES ?? 1000);
  const rounds = Math.max(1, Number(process.env.CITYLOOP_BENCH_PGBATCH_ROUNDS ?? 3));
  const ddl = process.env.CITYLOOP_BENCH_PGBATCH_DDL;
  const statementFile = process.env.CITYLOOP_BENCH_PGBATCH_STATEMENT;
  const variantText = statementFile ? fs.readFileSync(statementFile, 'utf8') : undefined;
  const speedBefore = machineSpeed();

  const store = await openBenchStore('postgres', pgUrl, { name: 'pgbatch', start: START });
  try {
    const { ctx, clock } = store;
    const pool = ctx.db.pool!;
    // Capture: every third batch statement of the case stream with enough writes, as sent.
    const captured: Captured[] = [];
    let seen = 0;
    const query = pool.query.bind(pool) as (...a: unknown[]) => unknown;
    (pool as unknown as { query: (...a: unknown[]) => unknown }).query = (...a: unknown[]) => {
      const q = a[0] as { name?: string; text?: string; values?: unknown[] } | undefined;
      if (q && typeof q === 'object' && q.name?.startsWith('cityloop_batch_cases') && captured.length < CAPTURE_MAX) {
        const param = String(q.values?.[0] ?? '[]');
        if ((JSON.parse(param) as unknown[]).length >= CAPTURE_MIN_WRITES && seen++ % 3 === 1) captured.push({ text: q.text!, param });
      }
      return query(...a);
    };
    const warmUp = Math.min(200, n);
    const total = warmUp + n + 3;
    const runOne = await lifecycleRunner(ctx, clock, total);
    let next = 0;
    for (; next < 3; next++) await runOne(next, false);
    const lanes = async (count: number, timed: boolean): Promise<void> => {
      const end = next + count;
      await Promise.all(Array.from({ length: 64 }, async () => {
        while (next < end) {
          await runOne(next++, timed);
          progress(next, total, 'lifecycles 案卷全流程');
        }
      }));
    };
    await lanes(warmUp, false);
    seen = 0;
    captured.length = 0;
    await lanes(n, true);
    (pool as unknown as { query: unknown }).query = query;
    if (!captured.length) throw new Error('no batch statement of the case stream was captured');

    // Replay in one session of its own, as the server runs the statement.
    const c = new pg.Client({ connectionString: pgUrl, options: `-c search_path=${ctx.db.schema ?? 'public'} -c plan_cache_mode=force_generic_plan` });
    await c.connect();
    try {
      await c.query(`prepare batch_as_is(text, text[]) as ${captured[0]!.text}`);
      const asIs = { ms: [] as number[], json: [] as number[], update: [] as number[], events: [] as number[], triggers: [] as number[] };
      const variant: number[] = [];
      let writes = 0;
      let replays = 0;
      const replay = async (b: Captured, useVariant: boolean): Promise<Explained> => {
        const { param, ids, writes: w } = await prepare(c, b, `r${replays++}`);
        writes += useVariant ? 0 : w;
        const exec = `execute ${useVariant && variantText ? 'batch_variant' : 'batch_as_is'}(${c.escapeLiteral(param)}, ${c.escapeLiteral(`{${ids.map((x) => JSON.stringify(x)).join(',')}}`)})`;
        await c.query('begin');
        try {
          if (useVariant && ddl) await c.query(ddl);
          // Prepared in the transaction, after the DDL: the variant may use tables the DDL makes.
          if (useVariant && variantText) await c.query(`prepare batch_variant(text, text[]) as ${variantText}`);
          // Once untimed and undone, then timed: a DDL makes the statement and the triggers plan anew
          // in its transaction, and both sides are treated alike.
          await c.query('savepoint warm');
          await c.query(exec);
          await c.query('rollback to savepoint warm');
          const res = await c.query<{ 'QUERY PLAN': Explained[] }>(`explain (analyze, format json) ${exec}`);
          return res.rows[0]!['QUERY PLAN'][0]!;
        } finally {
          await c.query('rollback');
          if (useVariant && variantText) await c.query('deallocate batch_variant');
        }
      };
      // Three replays untimed: the first executions plan the statement and the triggers' queries.
      for (const b of captured.slice(0, 3)) await replay(b, false);
      const withVariant = ddl !== undefined || variantText !== undefined;
      let turn = 0;
      for (let r = 0; r < rounds; r++) {
        progress(r, rounds, 'replay 重放');
        // The replays leave aborted row versions and index entries behind, which make later replays
        // dearer: vacuumed away each round, and the two sides take turns batch by batch.
        await c.query('vacuum cases, case_events');
        for (const b of captured) {
          for (const useVariant of withVariant ? (turn++ % 2 ? [true, false] : [false, true]) : [false]) {
            const e = await replay(b, useVariant);
            if (useVariant) {
              variant.push(e['Execution Time']);
              continue;
            }
            asIs.ms.push(e['Execution Time']);
            asIs.json.push(cteTime(e.Plan, 'CTE j'));
            asIs.update.push(cteTime(e.Plan, 'CTE u'));
            asIs.events.push(cteTime(e.Plan, 'CTE ev'));
            asIs.triggers.push((e.Triggers ?? []).reduce((a, t) => a + t.Time, 0));
          }
        }
      }
      const perBatch = writes / asIs.ms.length;
      const out: Record<string, unknown> = {
        machine: { speedBefore, speedAfter: machineSpeed() },
        lifecycles: n,
        batchesCaptured: captured.length,
        writesPerBatch: Math.round(perBatch * 10) / 10,
        replays: asIs.ms.length,
        asIs: {
          medianMs: median(asIs.ms),
          perWriteUs: Math.round((median(asIs.ms) / perBatch) * 1000),
          // Each part's median, by the plan's own timing (the CTEs overlap a little: the update reads j).
          parts: { jsonParameterMs: median(asIs.json), updateCasesMs: median(asIs.update), insertEventsMs: median(asIs.events), logTriggersMs: median(asIs.triggers) },
        },
      };
      if (withVariant) {
        // Each batch's variant against the same batch as it is, replayed next to it: the median of these
        // ratios is steadier than the ratio of the two medians (the batches differ in size and kind).
        const paired = variant.map((v, k) => v / asIs.ms[k]!);
        const sorted = [...paired].sort((a, b) => a - b);
        out.variant = {
          ddl: ddl ?? null, statement: statementFile ?? null, medianMs: median(variant),
          ratioToAsIs: median(paired),
          ratioQuartiles: [Math.round(sorted[Math.floor(sorted.length / 4)]! * 1000) / 1000, Math.round(sorted[Math.floor((3 * sorted.length) / 4)]! * 1000) / 1000],
        };
      }
      return out;
    } finally {
      await c.end();
    }
  } finally {
    await store.close();
  }
}
