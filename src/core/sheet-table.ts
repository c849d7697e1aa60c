/**
 * A register as a table of text cells with Chinese headers (a bureau's spreadsheet), read row by row
 * with every row's errors collected: the same rules for every file a city brings (units, users,
 * classes, components, holidays; the responsibility list has its own reader with the same shape).
 * Pure: no I/O. Row numbers are the spreadsheet's own (the header is row 1).
 */
import { unprocessable, type AppError } from './errors.js';

export interface RowError {
  row: number;
  column?: string;
  message: string;
  messageEn: string;
}

export interface SheetColumn {
  /** The header as a bureau writes it. */
  zh: string;
  en: string;
  required?: boolean;
  /** Other headers accepted for it (e.g. 姓名 for 显示名称). */
  aliases?: readonly string[];
  /** What the template's example row holds. */
  example?: string;
}

export interface ParsedRows<T> {
  items: T[];
  /** The sheet row each item came from. */
  rowOf: number[];
  errors: RowError[];
}

export interface RowTools {
  row: number;
  /** The trimmed text of a column ('' when the column is absent). */
  cell(zh: string): string;
  /** Records a problem with this row; the row is then left out. */
  fail(column: string, zh: string, en: string): void;
}

export const MAX_SHEET_ROWS = 50_000;

/**
 * Reads every data row through `parse`. A row with any `fail` is left out and its errors kept; the
 * caller imports nothing when `errors` is not empty.
 */
export function parseRows<T>(
  table: readonly (readonly string[])[],
  columns: readonly SheetColumn[],
  parse: (t: RowTools) => T | undefined,
): ParsedRows<T> {
  const out: ParsedRows<T> = { items: [], rowOf: [], errors: [] };
  const header = (table[0] ?? []).map((h) => String(h ?? '').replace(/\s+/g, ''));
  const index = new Map<string, number>();
  for (const c of columns) {
    const i = [c.zh, ...(c.aliases ?? [])].map((n) => header.indexOf(n)).find((x) => x >= 0);
    if (i !== undefined) index.set(c.zh, i);
  }
  const missing = columns.filter((c) => c.required && !index.has(c.zh));
  if (table.length === 0 || missing.length > 0) {
    const m = missing.length ? missing : columns.filter((c) => c.required);
    out.errors.push({
      row: 1,
      message: `第1行：缺少列 ${m.map((c) => c.zh).join('、')}`,
      messageEn: `row 1: missing columns ${m.map((c) => c.en).join(', ')}`,
    });
    return out;
  }
  if (table.length - 1 > MAX_SHEET_ROWS) {
    out.errors.push({ row: 1, message: `文件超过 ${MAX_SHEET_ROWS} 行`, messageEn: `the file has more than ${MAX_SHEET_ROWS} rows` });
    return out;
  }
  for (let i = 1; i < table.length; i++) {
    const raw = table[i] ?? [];
    if (raw.every((v) => String(v ?? '').trim() === '')) continue;
    const row = i + 1;
    const errors: RowError[] = [];
    const tools: RowTools = {
      row,
      cell: (zh) => {
        const c = index.get(zh);
        return c === undefined ? '' : String(raw[c] ?? '').trim();
      },
      fail: (column, zh, en) => errors.push({ row, column, message: `第${row}行：${zh}`, messageEn: `row ${row}: ${en}` }),
    };
    const item = parse(tools);
    if (errors.length > 0) out.errors.push(...errors);
    else if (item !== undefined) {
      out.items.push(item);
      out.rowOf.push(row);
    }
  }
  return out;
}

/** Runs a validator that throws AppErrors and turns its complaint into a row error. */
export function checked<T>(t: RowTools, column: string, run: () => T): T | undefined {
  try {
    return run();
  } catch (e) {
    const err = e as Partial<AppError>;
    if (typeof err.messageZh === 'string' && typeof err.messageEn === 'string') {
      t.fail(column, err.messageZh, err.messageEn);
      return undefined;
    }
    throw e;
  }
}

/** The header row and, optionally, rows of data, in column order. */
export function tableOf(columns: readonly SheetColumn[], rows: ReadonlyArray<Record<string, string>>): string[][] {
  return [columns.map((c) => c.zh), ...rows.map((r) => columns.map((c) => r[c.zh] ?? ''))];
}

/** A template: the headers and one example row. */
export function templateOf(columns: readonly SheetColumn[]): string[][] {
  return [columns.map((c) => c.zh), columns.map((c) => c.example ?? '')];
}

/**
 * 422 `code`: the file has errors and nothing was imported. `details.errors` lists them (at most
 * 200, by row), `details.total` counts them all.
 */
export function importRefused(code: string, errors: readonly RowError[], what: { zh: string; en: string }): AppError {
  const sorted = [...errors].sort((a, b) => a.row - b.row);
  const shown = sorted.slice(0, 200);
  const more = errors.length > 3 ? '…' : '';
  return unprocessable(
    code,
    `文件有 ${errors.length} 处错误，未导入任何${what.zh}：${shown.slice(0, 3).map((e) => e.message).join('；')}${more}`,
    `The file has ${errors.length} error(s); no ${what.en} were imported: ${shown.slice(0, 3).map((e) => e.messageEn).join('; ')}${more}`,
    { errors: shown, total: errors.length },
  );
}

/** 'yes'-like and 'no'-like words a bureau writes in a status column. */
export function parseActive(text: string): boolean | undefined {
  if (['', '在用', '启用', '正常', '是', 'active', 'yes', 'true', '1'].includes(text.toLowerCase())) return true;
  if (['停用', '禁用', '否', 'inactive', 'no', 'false', '0'].includes(text.toLowerCase())) return false;
  return undefined;
}
