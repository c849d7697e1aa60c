/** `cityloop simulate`: replayed days (continuing where the last run ended) or a live feed. */
import type { Command } from 'commander';
import type { Config } from '../core/config.js';
import { createProgress } from './progress.js';

export function simulateCommand(program: Command, config: () => Config): void {
  const simulate = program
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
  simulate
    .command('devices')
    .description('register a simulated IoT fleet and publish its readings over MQTT to the platform (模拟物联设备): day/night noise, a night-noise offender, a tilting billboard, a gas leak, a dead sensor')
    .option('--count <n>', 'devices', '200')
    .option('--rate <r>', 'readings a second across the fleet', '50')
    .option('--batch <n>', 'readings per MQTT message', '1')
    .option('--seed <n>', 'random seed (same seed, same fleet)', '1')
    .option('--url <mqtt-url>', 'broker (default MQTT_URL, else the embedded broker mqtt://127.0.0.1:MQTT_PORT)')
    .option('--duration <s>', 'stop after this many seconds (default: run until Ctrl-C)')
    .option('--json', 'print the result as JSON')
    .action(async (o: { count: string; rate: string; batch: string; seed: string; url?: string; duration?: string; json?: boolean }) => {
      const { withContext } = await import('./context.js');
      const { provisionFleet, runFleet } = await import('../iot/simulator.js');
      const { SIM_ROLE_NAMES } = await import('../iot/sim-fleet.js');
      const cfg = config();
      const count = Number(o.count);
      const rate = Number(o.rate);
      if (!(Number.isInteger(count) && count > 0 && count <= 100_000) || !(rate > 0)) throw new Error('--count must be 1–100000 and --rate above 0');
      const devices = await withContext(cfg, (ctx) => provisionFleet(ctx.iot, ctx.geo, count, { seed: Number(o.seed) }));
      const url = o.url ?? cfg.mqttUrl ?? `mqtt://127.0.0.1:${cfg.mqttPort}`;
      process.stderr.write(`${devices.length} simulated devices registered; publishing ${rate} readings/s to ${url.replace(/\/\/[^@/]*@/, '//***@')}\n`);
      for (const d of devices) if (d.role !== 'normal') process.stderr.write(`  ${d.input.id} ${SIM_ROLE_NAMES[d.role]}\n`);
      const run = runFleet({ url, devices, rate, batch: Number(o.batch), seed: Number(o.seed), onError: (e) => process.stderr.write(`connect failed: ${String(e)}\n`) });
      const progress = createProgress('simulate devices 模拟设备');
      const started = Date.now();
      const show = setInterval(() => progress.update(run.stats.readings, 0, `readings, ${run.stats.connected}/${devices.length} connected, ${run.stats.acked} acked`), 1_000);
      await new Promise<void>((resolve) => {
        const end = () => resolve();
        process.once('SIGINT', end);
        process.once('SIGTERM', end);
        if (o.duration) setTimeout(end, Number(o.duration) * 1000);
      });
      clearInterval(show);
      await run.stop();
      const seconds = (Date.now() - started) / 1000;
      const result = { devices: devices.length, ...run.stats, seconds: Math.round(seconds), readingsPerSecond: Math.round(run.stats.readings / seconds) };
      progress.finish(`${run.stats.readings} readings in ${result.seconds}s`);
      process.stdout.write(o.json ? `${JSON.stringify(result, null, 2)}\n` : `${result.readings} readings in ${result.messages} messages from ${result.connected} devices (${result.readingsPerSecond}/s), ${result.acked} acknowledged\n`);
    });
}
