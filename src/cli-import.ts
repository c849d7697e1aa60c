import type { Command } from 'commander';
import type { Config } from './core/config.js';
import { createLogger } from './core/logger.js';
import { createContext } from './app.js';

/** `cityloop import grids FILE` and friends: bulk data into a running installation's store. */
export function importCommand(program: Command, config: () => Config): void {
  const cmd = program.command('import').description('import data files (导入数据)');
  cmd
    .command('grids')
    .description('import districts, streets, communities and unit grids from a GeoJSON file (GB/T 30428.1 codes)')
    .argument('<file>', 'GeoJSON FeatureCollection')
    .option('--replace', 'replace the whole geography instead of adding to it')
    .action(async (file: string, o: { replace?: boolean }) => {
      const ctx = await createContext(config(), { seed: false, logger: createLogger('warn') });
      try {
        const { importGridsFile } = await import('./geo/import-file.js');
        const result = await importGridsFile(ctx.geo, file, { replace: Boolean(o.replace) });
        process.stdout.write(`${JSON.stringify(result)}\n`);
      } finally {
        await ctx.close();
      }
    });
}
