/** `cityloop simulate`: replayed days (continuing where the last run ended) or a live feed. */
import type { Command } from 'commander';
import type { Config } from '../core/config.js';
import { createProgress } from './progress.js';

export function simulateCommand(program: Command, config: () => Config): void {
  program
    .command('simulate')
    .description('drive realistic days through the real services and print the evaluation; runs again continue where the last run ended (模拟运行)')
    .option('--days <n>', 'days to simulate', '7')
    .option('--per-day <n>', 'reports per day', '200')
    .option('--seed <n>', 'random seed (same seed, same days)', '1')
    .option('--from <date>', 'first day, YYYY-MM-DD (default: where the last run ended, else so that the days end today)')
    .option('--live', 'feed a running platform now, in real time: one simulated minute per real second unless --speed says otherwise')
    .option('--speed <n>', 'live: simulated seconds per real second', '60')
    .option('--json', 'print the result as JSON')
    .action(async (o: { days: string; perDay: string; seed: string; from?: string; live?: boolean; speed: string; json?: boolean }) => {
      const { runSimulation } = await import('../sim/run.js');
      const progress = createProgress(o.live ? 'simulate live 实时模拟' : 'simulate 模拟');
      const r = await runSimulation(config(), {
        days: Number(o.days),
        perDay: Number(o.perDay),
        seed: Number(o.seed),
        ...(o.from ? { from: o.from } : {}),
        ...(o.live ? { live: { speed: Number(o.speed) } } : {}),
        onProgress: (done, total, day) => progress.update(Math.round(done / 60_000), Math.round(total / 60_000), `min ${day}`),
      });
      progress.finish(`${r.result.reports} reports, ${r.result.actions} actions`);
      if (o.json) {
        const { result } = r;
        const summary = (e: typeof r.districts) => e.rows.filter((x) => x.score !== null).map((x) => ({ rank: x.rank, name: x.name, grade: x.grade, score: x.score, rates: x.rates }));
        process.stdout.write(`${JSON.stringify({ ...result, districts: summary(r.districts), units: summary(r.units) }, null, 2)}\n`);
      } else process.stdout.write(`${r.text}\n`);
    });
}
