/**
 * `cityloop import KIND FILE`, `cityloop export KIND [FILE]`, `cityloop template KIND FILE`: a city's
 * registers (grids, units, users, responsibility list, local classes, components, holidays) from and
 * to files. A file with any wrong row is refused whole, every row's error listed.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import type { Config } from '../core/config.js';
import type { SheetFormat } from '../core/sheet-files.js';
import { REGISTER_KINDS, REGISTER_NAMES, exportRegister, importRegister, registerTemplate, requireKind } from '../registers.js';
import { withContext } from './context.js';
import { createProgress } from './progress.js';

const kinds = REGISTER_KINDS.join('|');

function formatOf(file: string | undefined, given: string | undefined): SheetFormat {
  const f = given ?? (file && path.extname(file).toLowerCase() === '.csv' ? 'csv' : 'xlsx');
  if (f !== 'xlsx' && f !== 'csv') throw new Error(`--format must be xlsx or csv (got '${f}')`);
  return f;
}

async function readInput(file: string): Promise<Buffer> {
  try {
    return await fs.readFile(file);
  } catch (e) {
    throw new Error(`cannot read ${file}: ${(e as Error).message} 无法读取文件`);
  }
}

export function registerCommands(program: Command, config: () => Config): void {
  program
    .command('import')
    .description(`import a register from a file (导入数据): ${REGISTER_KINDS.map((k) => `${k} ${REGISTER_NAMES[k].zh}`).join(', ')}`)
    .argument('<kind>', kinds)
    .argument('<file>', 'GeoJSON for grids; XLSX or CSV with Chinese headers for the rest (see `cityloop template`)')
    .option('--replace', 'grids: replace the whole geography instead of adding to it')
    .option('--merge', 'responsibility: update the items in the file and keep the others (default: the file is the whole list)')
    .option('--json', 'print the result as JSON only')
    .action(async (kindText: string, file: string, o: { replace?: boolean; merge?: boolean; json?: boolean }) => {
      const kind = requireKind(kindText);
      const body = await readInput(file);
      await withContext(config(), async (ctx) => {
        const progress = createProgress(`import ${kind} 导入${REGISTER_NAMES[kind].zh}`);
        progress.update(0, 0, path.basename(file));
        const replace = kind === 'responsibility' ? !o.merge : Boolean(o.replace);
        const result = await importRegister(ctx, kind, body, { filename: file, replace, onProgress: (done, total, note) => progress.update(done, total, note) });
        progress.finish(path.basename(file));
        if (o.json) return void process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
        const { generatedPasswords, ...counts } = result as { generatedPasswords?: Array<{ username: string; password: string }> };
        process.stdout.write(`imported ${REGISTER_NAMES[kind].en} 已导入${REGISTER_NAMES[kind].zh}: ${JSON.stringify(counts)}\n`);
        if (generatedPasswords?.length) {
          process.stdout.write('\nInitial passwords (shown once; hand them over and have people change them) 初始密码（只显示一次）:\n');
          for (const p of generatedPasswords) process.stdout.write(`  ${p.username}\t${p.password}\n`);
        }
      });
    });

  program
    .command('export')
    .description(`write a register to a file (导出数据): ${kinds}`)
    .argument('<kind>', kinds)
    .argument('[file]', 'where to write (default: stdout)')
    .option('--format <format>', 'xlsx or csv (default: from the file name, else xlsx)')
    .option('--year <year>', 'holidays: the year (default: this year)')
    .action(async (kindText: string, file: string | undefined, o: { format?: string; year?: string }) => {
      const kind = requireKind(kindText);
      const format = formatOf(file, o.format);
      await withContext(config(), async (ctx) => {
        const out = await exportRegister(ctx, kind, format, o.year ? { year: Number(o.year) } : {});
        if (file) {
          await fs.writeFile(file, out.body);
          process.stderr.write(`wrote ${file} (${out.body.length} bytes) 已导出\n`);
        } else process.stdout.write(out.body);
      });
    });

  program
    .command('template')
    .description(`write an empty file to fill in, with the Chinese column names and one example row (导入模板): ${kinds}`)
    .argument('<kind>', kinds)
    .argument('<file>', 'where to write')
    .option('--format <format>', 'xlsx or csv (default: from the file name)')
    .action(async (kindText: string, file: string, o: { format?: string }) => {
      const kind = requireKind(kindText);
      const out = await registerTemplate(kind, formatOf(file, o.format));
      await fs.writeFile(file, out.body);
      process.stderr.write(`wrote ${file} 已生成模板\n`);
    });
}
