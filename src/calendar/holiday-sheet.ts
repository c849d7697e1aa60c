/**
 * A year of statutory holidays and make-up workdays (放假、调休上班) as a spreadsheet, both ways, and
 * its import through the calendar service (the year's schedule, all or nothing).
 */
import { badRequest } from '../core/errors.js';
import { CONTENT_TYPE, detectFormat, readTable, writeTable, type SheetFormat } from '../core/sheet-files.js';
import { importRefused, parseRows, tableOf, type ParsedRows, type SheetColumn } from '../core/sheet-table.js';
import { isValidDate, type CalendarDay, type DayKind } from './model.js';
import type { CalendarService, DayInput } from './service.js';

export const HOLIDAY_COLUMNS: readonly SheetColumn[] = [
  { zh: '日期', en: 'date', required: true, example: '2027-01-01' },
  { zh: '类型', en: 'kind', required: true, example: '放假' },
  { zh: '名称', en: 'name', required: true, example: '元旦' },
];

const KIND_BY_WORD = new Map<string, DayKind>([
  ['放假', 'holiday'], ['休息', 'holiday'], ['假日', 'holiday'], ['节假日', 'holiday'], ['holiday', 'holiday'],
  ['上班', 'workday'], ['调休上班', 'workday'], ['补班', 'workday'], ['工作日', 'workday'], ['workday', 'workday'],
]);

/** '2027-01-01', '2027/1/1', '2027年1月1日', or an Excel date cell ('2027-01-01T00:00:00.000Z'). */
export function parseDateText(text: string): string | undefined {
  const m = /^(\d{4})[-/年.](\d{1,2})[-/月.](\d{1,2})(?:日|T00:00:00(?:\.000)?Z)?$/.exec(text.trim());
  if (!m) return undefined;
  const date = `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}`;
  return isValidDate(date) ? date : undefined;
}

export function rowsToDays(table: readonly (readonly string[])[]): ParsedRows<DayInput> {
  const seen = new Map<string, number>();
  let year: string | undefined;
  return parseRows(table, HOLIDAY_COLUMNS, (t) => {
    const date = parseDateText(t.cell('日期'));
    if (!date) t.fail('日期', `日期「${t.cell('日期')}」无效：应写作 2027-01-01`, `invalid date '${t.cell('日期')}': write e.g. 2027-01-01`);
    else {
      year ??= date.slice(0, 4);
      if (date.slice(0, 4) !== year) t.fail('日期', `日期 ${date} 不在 ${year} 年：一个文件只放一年的安排`, `date ${date} is not in ${year}: one file holds one year`);
      const prev = seen.get(date);
      if (prev !== undefined) t.fail('日期', `日期 ${date} 与第${prev}行重复`, `date ${date} repeats row ${prev}`);
      seen.set(date, t.row);
    }
    const kindText = t.cell('类型');
    const kind = KIND_BY_WORD.get(kindText) ?? KIND_BY_WORD.get(kindText.toLowerCase());
    if (!kind) t.fail('类型', `类型「${kindText}」无效：应为 放假 或 调休上班`, `invalid kind '${kindText}': use 放假 (holiday) or 调休上班 (make-up workday)`);
    const name = t.cell('名称');
    if (name.length === 0 || name.length > 50) t.fail('名称', '名称须为 1–50 个字符', 'the name must be 1–50 characters');
    return date && kind ? { date, kind, name } : undefined;
  });
}

export function daysToRows(days: readonly CalendarDay[]): Array<Record<string, string>> {
  return days.map((d) => ({ 日期: d.date, 类型: d.kind === 'holiday' ? '放假' : '调休上班', 名称: d.name }));
}

export interface HolidayImportReport {
  format: SheetFormat;
  year: number;
  total: number;
  holidays: number;
  workdays: number;
}

/** Loads the file's year into the calendar (replacing that year's earlier administrator entries). */
export async function importHolidays(calendar: CalendarService, file: Buffer, hint: { format?: SheetFormat; filename?: string; contentType?: string } = {}, actor = 'import'): Promise<HolidayImportReport> {
  if (file.length === 0) throw badRequest('FILE_EMPTY', '上传的文件是空的', 'The uploaded file is empty');
  const format = hint.format ?? detectFormat(file, { filename: hint.filename, contentType: hint.contentType });
  const parsed = rowsToDays(await readTable(file, format));
  if (parsed.items.length === 0 && parsed.errors.length === 0) parsed.errors.push({ row: 2, message: '第2行：文件中没有日期', messageEn: 'row 2: the file holds no dates' });
  if (parsed.errors.length) throw importRefused('HOLIDAYS_IMPORT_INVALID', parsed.errors, { zh: '日期', en: 'days' });
  const year = Number(parsed.items[0]!.date.slice(0, 4));
  await calendar.loadYear(year, parsed.items, actor);
  const holidays = parsed.items.filter((d) => d.kind === 'holiday').length;
  return { format, year, total: parsed.items.length, holidays, workdays: parsed.items.length - holidays };
}

export async function exportHolidays(calendar: CalendarService, year: number, format: SheetFormat): Promise<{ body: Buffer; contentType: string; filename: string }> {
  const days = await calendar.listDays(year);
  return { body: await writeTable(tableOf(HOLIDAY_COLUMNS, daysToRows(days)), format, `${year}年节假日`), contentType: CONTENT_TYPE[format], filename: `holidays-${year}.${format}` };
}
