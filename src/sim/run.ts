/**
 * Entry points for the CLI (`cityloop simulate --days N --per-day M`) and the demo seed ("a few
 * weeks of history"). The simulator needs a clock it can move, so it opens its own context on the
 * same store with a ManualClock (no migration, no seeding), and closes it afterwards.
 */
import { createContext, type AppContext } from '../app.js';
import type { Config } from '../core/config.js';
import { ManualClock, systemClock } from '../core/clock.js';
import { createLogger, type Logger } from '../core/logger.js';
import { createLocalBus } from '../bus/local.js';
import { getSetting, putSetting } from '../store/settings.js';
import { DAY_MS, shanghaiDate, shanghaiMidnight } from '../core/time.js';
import { OBJECT_TYPE_NAMES, RATE_NAMES, type RateKey } from '../evaluation/model.js';
import type { Evaluation } from '../evaluation/service.js';
import { simulate, type SimulationResult } from './simulate.js';

export interface SimulateCommandOptions {
  days: number;
  perDay: number;
  seed?: number;
  /**
   * First day simulated, 'YYYY-MM-DD'. Default: where the last run on this store ended, or — on a
   * store never simulated — `days` days before today, so the history ends today.
   */
  from?: string;
  /** Live: simulated time runs `speed` times faster than real time from now on, stamped with the real clock. */
  live?: { speed: number } | undefined;
  /** Called as the simulation moves on: simulated ms done of the total, and the day being simulated. */
  onProgress?: ((done: number, total: number, day: string) => void) | undefined;
}

/** Where the last simulation on a store ended (epoch ms), so the next one continues from there. */
export const SIM_ENDED_KEY = 'sim.ended_at';

export interface SimulationReport {
  result: SimulationResult;
  districts: Evaluation;
  units: Evaluation;
  posts: Evaluation;
  text: string;
}

/**
 * Runs the simulator on the store of `config` and returns the evaluation of the simulated days.
 * Its context registers no subscribers (a simulation sends no texts). A replay publishes on a bus
 * of its own, so replayed weeks reach no other process; a live run uses the configured bus, so with
 * NATS the serving processes push its cases to their browsers as they happen.
 */
export async function runSimulation(config: Config, opts: SimulateCommandOptions, logger?: Logger): Promise<SimulationReport> {
  if (!Number.isInteger(opts.days) || opts.days < 1 || opts.days > 400) throw new Error('--days must be an integer from 1 to 400');
  if (!Number.isInteger(opts.perDay) || opts.perDay < 1 || opts.perDay > 100_000) throw new Error('--per-day must be an integer from 1 to 100000');
  if (opts.live && !(opts.live.speed > 0 && opts.live.speed <= 100_000)) throw new Error('--speed must be a number from 0 (exclusive) to 100000');
  // The context's clock stamps the events: the moved clock in a replay, the real one when live.
  const clock = new ManualClock(Date.now());
  const log = logger ?? createLogger(config.logLevel, 'cityloop', config.logFormat);
  const ctx = await createContext({ ...config, timers: false }, {
    clock: opts.live ? systemClock : clock, logger: log, seed: false, migrate: true, subscribers: false,
    ...(opts.live ? {} : { bus: createLocalBus(log) }),
  });
  try {
    const start = opts.live ? Date.now() : await startOf(ctx, opts);
    clock.set(start);
    const report = await simulateAndEvaluate(ctx, clock, { ...opts, start });
    if (!opts.live) await putSetting(ctx.db.kysely, SIM_ENDED_KEY, report.result.to, Date.now());
    return report;
  } finally {
    await ctx.close();
  }
}

/** The first instant to simulate: the given day, else where the last run ended, else `days` days ago. */
async function startOf(ctx: AppContext, opts: SimulateCommandOptions): Promise<number> {
  if (opts.from) return shanghaiMidnight(opts.from);
  const ended = await getSetting<number>(ctx.db.kysely, SIM_ENDED_KEY);
  return typeof ended === 'number' ? ended : shanghaiMidnight(shanghaiDate(Date.now() - opts.days * DAY_MS));
}

/** Simulates on a context made with `clock`, then evaluates the simulated period. */
export async function simulateAndEvaluate(ctx: AppContext, clock: ManualClock, opts: SimulateCommandOptions & { start?: number }): Promise<SimulationReport> {
  const result = await simulate(ctx, {
    days: opts.days,
    perDay: opts.perDay,
    seed: opts.seed ?? 1,
    clock,
    ...(opts.start !== undefined ? { start: opts.start } : {}),
    ...(opts.live ? { live: opts.live } : {}),
    ...(opts.onProgress ? { onProgress: opts.onProgress } : {}),
  });
  const period = { from: shanghaiDate(result.from), to: shanghaiDate(result.to - 1) };
  const [districts, units, posts] = await Promise.all(['district', 'unit', 'post'].map((level) => ctx.evaluation.evaluate({ level, ...period })));
  return { result, districts: districts!, units: units!, posts: posts!, text: formatReport(result, [districts!, units!, posts!]) };
}

/** "A few weeks of history" for the demo city: call after the demo geography, catalog and accounts exist. */
export async function seedDemoHistory(config: Config, opts: { days?: number; perDay?: number; seed?: number } = {}, logger?: Logger): Promise<SimulationResult> {
  const r = await runSimulation(config, { days: opts.days ?? 21, perDay: opts.perDay ?? 60, seed: opts.seed ?? 2026 }, logger);
  return r.result;
}

const pct = (v: number | null): string => (v === null ? '  —  ' : `${v.toFixed(1).padStart(5)}%`);

export function formatReport(r: SimulationResult, evaluations: readonly Evaluation[]): string {
  const lines: string[] = [];
  lines.push(`模拟 ${shanghaiDate(r.from)} 至 ${shanghaiDate(r.to - 1)}：上报 ${r.reports} 件，操作 ${r.actions} 次`);
  lines.push(`结果：${Object.entries(r.outcomes).map(([k, v]) => `${k} ${v}`).join('，')}`);
  if (Object.keys(r.errors).length) lines.push(`被拒绝的操作：${JSON.stringify(r.errors)}`);
  const shown: RateKey[] = ['closureRate', 'onTimeClosureRate', 'onTimeHandleRate', 'reworkRate', 'accurateDispatchRate', 'validReportRate'];
  for (const e of evaluations) {
    lines.push('');
    lines.push(`== ${e.level} ${e.period.from}..${e.period.to} ==`);
    lines.push(['排名', '等级', '得分', ...shown.map((k) => RATE_NAMES[k].zh), '名称'].join('\t'));
    for (const row of e.rows.filter((x) => x.score !== null).slice(0, 40)) {
      lines.push([String(row.rank ?? '-'), row.grade ?? '-', row.score?.toFixed(2) ?? '-', ...shown.map((k) => pct(row.rates[k])), `${OBJECT_TYPE_NAMES[row.type].zh} ${row.name}`].join('\t'));
    }
  }
  return lines.join('\n');
}
