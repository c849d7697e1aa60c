/**
 * The discretion benchmark and the four lists as a file, both ways: export (XLSX or CSV, the
 * columns the import reads) and import (the whole register or nothing; 422
 * BENCHMARK_IMPORT_INVALID with every row's errors). The project's spreadsheet helpers read and
 * write the bytes (src/core/sheet-files.ts).
 */
import { CONTENT_TYPE, detectFormat, readTable, writeTable, type SheetFormat } from '../core/sheet-files.js';
import { importRefused } from '../core/sheet-table.js';
import { BENCHMARK_SHEET, benchmarkToRows, rowsToBenchmark } from './benchmark-sheet.js';
import type { DiscretionRule, LenienceItem } from './discretion.js';

export interface BenchmarkRegister {
  rules(): Promise<{ rules: DiscretionRule[]; items: LenienceItem[] }>;
  replaceBenchmark(rules: DiscretionRule[], items: LenienceItem[]): Promise<void>;
}

export async function exportBenchmark(reg: BenchmarkRegister, format: SheetFormat): Promise<{ body: Buffer; contentType: string; filename: string }> {
  const { rules, items } = await reg.rules();
  return { body: await writeTable(benchmarkToRows(rules, items), format, BENCHMARK_SHEET), contentType: CONTENT_TYPE[format], filename: `discretion-benchmark.${format}` };
}

export async function importBenchmark(reg: BenchmarkRegister, file: Buffer, hint: { filename?: string; contentType?: string } = {}): Promise<{ format: SheetFormat; rules: number; tiers: number; items: number; total: number }> {
  const format = detectFormat(file, hint);
  const parsed = rowsToBenchmark(await readTable(file, format));
  if (parsed.errors.length) throw importRefused('BENCHMARK_IMPORT_INVALID', parsed.errors, { zh: '裁量基准', en: 'benchmark rows' });
  await reg.replaceBenchmark(parsed.rules, parsed.items);
  const tiers = parsed.rules.reduce((n, r) => n + r.tiers.length, 0);
  // total: the rows written (the registers table reports it).
  return { format, rules: parsed.rules.length, tiers, items: parsed.items.length, total: tiers + parsed.items.length };
}
