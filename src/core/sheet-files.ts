/**
 * XLSX (exceljs) and CSV (csv-parse / csv-stringify) ⇄ a table of text cells. Works on in-memory
 * buffers only; what the cells mean is sheet-rows.ts's business.
 */
import type ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { badRequest } from './errors.js';

export type SheetFormat = 'xlsx' | 'csv';

export const CONTENT_TYPE: Record<SheetFormat, string> = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv; charset=utf-8',
};

/** Guesses the format from a file name or content type; the bytes decide when both are silent. */
export function detectFormat(buf: Buffer, hint?: { filename?: string; contentType?: string }): SheetFormat {
  const name = hint?.filename?.toLowerCase() ?? '';
  const type = hint?.contentType?.toLowerCase() ?? '';
  if (name.endsWith('.xlsx') || type.includes('spreadsheetml')) return 'xlsx';
  if (name.endsWith('.csv') || type.startsWith('text/csv')) return 'csv';
  // An XLSX file is a ZIP archive: it starts with "PK\x03\x04".
  return buf.length >= 4 && buf[0] === 0x50 && buf[1] === 0x4b && buf[2] === 0x03 && buf[3] === 0x04 ? 'xlsx' : 'csv';
}

/** exceljs takes ≈ 0.3–0.9 s to load, so it is loaded on the first spreadsheet, not at start. */
export async function loadExcel(): Promise<typeof ExcelJS> {
  return (await import('exceljs')).default;
}

const unreadable = (format: SheetFormat, why: string) =>
  badRequest(
    'SPREADSHEET_UNREADABLE',
    `无法读取${format === 'xlsx' ? ' Excel（.xlsx）' : ' CSV '}文件：${why}`,
    `Cannot read the ${format.toUpperCase()} file: ${why}`,
  );

export async function readTable(buf: Buffer, format: SheetFormat): Promise<string[][]> {
  return format === 'xlsx' ? readXlsx(buf) : readCsv(buf);
}

export async function writeTable(rows: readonly (readonly string[])[], format: SheetFormat, sheetName: string): Promise<Buffer> {
  return format === 'xlsx' ? writeXlsx(rows, sheetName) : writeCsv(rows);
}

function readCsv(buf: Buffer): string[][] {
  try {
    return parse(buf, { bom: true, relax_column_count: true, skip_empty_lines: true }) as string[][];
  } catch (e) {
    throw unreadable('csv', (e as Error).message);
  }
}

/** UTF-8 with a BOM, so that Excel on a Chinese Windows opens it with the right characters. */
function writeCsv(rows: readonly (readonly string[])[]): Buffer {
  return Buffer.from(`\uFEFF${stringify(rows as string[][], { record_delimiter: '\r\n' })}`, 'utf8');
}

async function readXlsx(buf: Buffer): Promise<string[][]> {
  const wb = new (await loadExcel()).Workbook();
  try {
    await wb.xlsx.load(buf as unknown as ArrayBuffer);
  } catch (e) {
    throw unreadable('xlsx', (e as Error).message);
  }
  const ws = wb.worksheets[0];
  if (!ws) throw unreadable('xlsx', '没有工作表 (no worksheet)');
  const rows: string[][] = [];
  const width = ws.columnCount;
  ws.eachRow({ includeEmpty: true }, (row, rowNumber) => {
    const cells: string[] = [];
    for (let c = 1; c <= width; c++) cells.push(cellText(row.getCell(c)));
    rows[rowNumber - 1] = cells;
  });
  // Keep row numbers equal to the sheet's own: fill skipped rows with empty cells.
  for (let i = 0; i < rows.length; i++) rows[i] ??= [];
  return rows;
}

function cellText(cell: ExcelJS.Cell): string {
  const v = cell.value;
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v instanceof Date) return v.toISOString();
  return cell.text ?? '';
}

async function writeXlsx(rows: readonly (readonly string[])[], sheetName: string): Promise<Buffer> {
  const wb = new (await loadExcel()).Workbook();
  wb.creator = 'CityLoop';
  const ws = wb.addWorksheet(sheetName, { views: [{ state: 'frozen', ySplit: 1 }] });
  for (const r of rows) ws.addRow([...r]);
  ws.getRow(1).font = { bold: true };
  ws.columns.forEach((col, i) => {
    const longest = Math.max(...rows.map((r) => [...(r[i] ?? '')].reduce((n, ch) => n + (ch.charCodeAt(0) > 255 ? 2 : 1), 0)));
    col.width = Math.min(60, Math.max(8, longest + 2));
  });
  const out = await wb.xlsx.writeBuffer();
  return Buffer.from(out as ArrayBuffer);
}
