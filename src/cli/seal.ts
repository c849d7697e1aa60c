/** `cityloop seal`: seal the heads of every record now (and export the seal); `cityloop seal check FILE`: check a seal file without the platform. */
import { readFile, writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import type { Config } from '../core/config.js';
import { toShanghaiIso } from '../core/time.js';
import { checkExport, merkleRoot, type SealExport } from '../integrity/model.js';
import { withContext } from './context.js';

export function sealCommands(program: Command, config: () => Config): void {
  const seal = program
    .command('seal')
    .description('seal the heads of every record into the city-wide seal chain now (封存全部记录的链头)')
    .option('--export <file>', 'write the seal, with every head it covers, to a file to hand to an outside party')
    .option('--json', 'print the seal as JSON only')
    .action(async (o: { export?: string; json?: boolean }) => {
      await withContext(config(), async (ctx) => {
        const r = await ctx.integrity.seal({ id: 'cli', role: 'admin' });
        if (o.export) await writeFile(o.export, JSON.stringify(await ctx.integrity.exportSeal(r.seal.seq), null, 1));
        const d = r.seal.data;
        if (o.json) process.stdout.write(`${JSON.stringify({ seal: r.seal, refused: r.refused }, null, 2)}\n`);
        else {
          process.stdout.write(`seal #${r.seal.seq} at ${toShanghaiIso(r.seal.at)}: ${d.streams} records (${Object.entries(d.kinds).map(([k, n]) => `${n} ${k}`).join(', ')}), ${d.changed} moved\n`);
          process.stdout.write(`  root ${d.root}\n  hash ${r.seal.hash}\n`);
          if (o.export) process.stdout.write(`  written to ${o.export} 已导出\n`);
          for (const x of r.refused) process.stdout.write(`  refused 未封存 ${x.kind} ${x.id}: ${x.reason} — run cityloop verify\n`);
        }
        process.exitCode = r.refused.length ? 1 : 0;
      });
    });
  seal
    .command('check')
    .description('check a seal file on its own, without the platform: its hash and the root of its heads (校验封存文件)')
    .argument('<file>')
    .action(async (file: string) => {
      const x = JSON.parse(await readFile(file, 'utf8')) as SealExport;
      const problems = checkExport(x);
      if (problems.length === 0) {
        process.stdout.write(`seal #${x.seal.seq} of ${toShanghaiIso(x.seal.at)} intact 封存文件完整: hash ${x.seal.hash}`
          + `${x.heads.length ? `, ${x.heads.length} heads give root ${merkleRoot(x.heads)}` : ' (no heads in the file)'}\n`);
      } else for (const p of problems) process.stdout.write(`broken 封存文件不符: ${p}\n`);
      process.exitCode = problems.length ? 1 : 0;
    });
}
