/**
 * The registers a bureau brings as files, in one table for the CLI (`cityloop import|export|template
 * KIND`) and the admin console: grids (GeoJSON), units, users, the responsibility list, local classes,
 * components and a year of holidays (XLSX or CSV with Chinese headers). Each register's rules live in
 * its capability; this file only knows which service does what.
 */
import type { AppContext } from './app.js';
import { badRequest } from './core/errors.js';
import type { OnProgress } from './core/progress.js';
import { CONTENT_TYPE, writeTable, type SheetFormat } from './core/sheet-files.js';
import { templateOf, type SheetColumn } from './core/sheet-table.js';
import { USER_COLUMNS } from './auth/user-sheet.js';
import { CLASS_COLUMNS, COMPONENT_COLUMNS, UNIT_COLUMNS } from './catalog/register-sheets.js';
import { HEADERS as RESPONSIBILITY_HEADERS, SHEET_NAME as RESPONSIBILITY_SHEET } from './catalog/sheet-rows.js';
import { HOLIDAY_COLUMNS, exportHolidays, importHolidays } from './calendar/holiday-sheet.js';
import { GEO_LEVELS } from './geo/model.js';
import { BENCHMARK_COLUMNS } from './enforcement/benchmark-sheet.js';
import { exportBenchmark, importBenchmark } from './enforcement/benchmark-files.js';

export const REGISTER_KINDS = ['grids', 'units', 'users', 'responsibility', 'classes', 'components', 'holidays', 'benchmark'] as const;
export type RegisterKind = (typeof REGISTER_KINDS)[number];

export const REGISTER_NAMES: Record<RegisterKind, { zh: string; en: string }> = {
  grids: { zh: '网格（区县、街道、社区、单元网格）', en: 'grids (districts, streets, communities, unit grids)' },
  units: { zh: '责任单位', en: 'units' },
  users: { zh: '账户', en: 'accounts' },
  responsibility: { zh: '事项清单', en: 'responsibility list' },
  classes: { zh: '本地分类', en: 'local classes' },
  components: { zh: '部件', en: 'components' },
  holidays: { zh: '节假日与调休', en: 'holidays and make-up workdays' },
  benchmark: { zh: '行政处罚裁量基准与四张清单', en: 'discretion benchmark and the four lists' },
};

export function isRegisterKind(v: string): v is RegisterKind {
  return (REGISTER_KINDS as readonly string[]).includes(v);
}

export interface FileOut {
  body: Buffer;
  contentType: string;
  filename: string;
}

export interface ImportFileOptions {
  filename?: string | undefined;
  /** grids: replace the whole geography; responsibility: replace the whole list (default for it). */
  replace?: boolean | undefined;
  /** How far the import has come (rows written, passwords hashed). */
  onProgress?: OnProgress | undefined;
}

export function requireKind(kind: string): RegisterKind {
  if (isRegisterKind(kind)) return kind;
  throw badRequest('REGISTER_KIND_UNKNOWN', `未知的数据类型「${kind}」：应为 ${REGISTER_KINDS.join('、')}`, `Unknown register '${kind}': use ${REGISTER_KINDS.join(', ')}`);
}

/** The city's code for 全市 scopes: from the first district (350203 → 350200). */
async function cityCode(ctx: AppContext): Promise<string> {
  const d = (await ctx.geo.listDistricts())[0];
  return d ? `${d.code.slice(0, 4)}00` : '000000';
}

async function unitRefs(ctx: AppContext) {
  return (await ctx.catalog.listUnits()).map((u) => ({ id: u.id, code: u.code }));
}

/** Imports one file into one register; every register refuses the whole file when any row is wrong. */
export async function importRegister(ctx: AppContext, kind: RegisterKind, file: Buffer, opts: ImportFileOptions = {}): Promise<Record<string, unknown>> {
  const hint = { filename: opts.filename, onProgress: opts.onProgress };
  switch (kind) {
    case 'grids': {
      let json: unknown;
      try {
        json = JSON.parse(file.toString('utf8').replace(/^\uFEFF/, ''));
      } catch (e) {
        throw badRequest('GEOJSON_INVALID', '文件不是有效的 JSON', `The file is not valid JSON: ${(e as Error).message}`);
      }
      const r = await ctx.geo.importGeoJson(json, { replace: Boolean(opts.replace), onProgress: opts.onProgress });
      await ctx.geo.load();
      return { ...r };
    }
    case 'units':
      return { ...(await ctx.catalog.importUnits(file, hint)) };
    case 'users':
      return { ...(await ctx.auth.importUsers(file, { ...hint, units: await unitRefs(ctx), cityCode: await cityCode(ctx) })) };
    case 'responsibility':
      return { ...(await ctx.catalog.importResponsibility(file, { ...hint, mode: opts.replace === false ? 'merge' : 'replace' })) };
    case 'classes':
      return { ...(await ctx.catalog.importClasses(file, hint)) };
    case 'components':
      return { ...(await ctx.catalog.importComponents(file, hint)) };
    case 'holidays': {
      const r = await importHolidays(ctx.calendar, file, hint);
      return { ...r };
    }
    case 'benchmark':
      // The whole benchmark and four lists, or nothing (src/enforcement/benchmark-sheet.ts).
      return { ...(await importBenchmark(ctx.enforcement, file, opts.filename ? { filename: opts.filename } : {})) };
  }
}

/** The register as a file; grids as one GeoJSON FeatureCollection of every level. */
export async function exportRegister(ctx: AppContext, kind: RegisterKind, format: SheetFormat, opts: { year?: number } = {}): Promise<FileOut> {
  switch (kind) {
    case 'grids': {
      const features = [];
      for (const level of GEO_LEVELS) features.push(...(await ctx.geo.exportGeoJson(level)).features);
      return { body: Buffer.from(JSON.stringify({ type: 'FeatureCollection', features })), contentType: 'application/geo+json', filename: 'grids.geojson' };
    }
    case 'units':
      return ctx.catalog.exportUnits(format);
    case 'users':
      return ctx.auth.exportUsers(format, await unitRefs(ctx));
    case 'responsibility':
      return ctx.catalog.exportResponsibility(format);
    case 'classes':
      return ctx.catalog.exportClasses(format);
    case 'components':
      return ctx.catalog.exportComponents(format);
    case 'holidays':
      return exportHolidays(ctx.calendar, opts.year ?? new Date(ctx.clock.now() + 8 * 3600_000).getUTCFullYear(), format);
    case 'benchmark':
      return exportBenchmark(ctx.enforcement, format);
  }
}

const TEMPLATE_COLUMNS: Record<Exclude<RegisterKind, 'grids' | 'responsibility'>, readonly SheetColumn[]> = {
  units: UNIT_COLUMNS,
  users: USER_COLUMNS,
  classes: CLASS_COLUMNS,
  components: COMPONENT_COLUMNS,
  holidays: HOLIDAY_COLUMNS,
  benchmark: BENCHMARK_COLUMNS,
};

/** An empty file to fill in: the Chinese headers and one example row (grids: a one-grid GeoJSON). */
export async function registerTemplate(kind: RegisterKind, format: SheetFormat): Promise<FileOut> {
  if (kind === 'grids') return { body: Buffer.from(`${JSON.stringify(GRID_TEMPLATE, null, 2)}\n`), contentType: 'application/geo+json', filename: 'grids-template.geojson' };
  const rows =
    kind === 'responsibility'
      ? [[...RESPONSIBILITY_HEADERS], ['350203-001', '市容环境', 'E0102', '暴露垃圾', '全市', '', '一般', '350203-SZYL', '', '2工作时', '1工作时', '1工作时', '1工作日', '1工作日', '1工作时', '现场无暴露垃圾', '']]
      : templateOf(TEMPLATE_COLUMNS[kind]);
  const sheet = kind === 'responsibility' ? RESPONSIBILITY_SHEET : REGISTER_NAMES[kind].zh;
  return { body: await writeTable(rows, format, sheet), contentType: CONTENT_TYPE[format], filename: `${kind}-template.${format}` };
}

/** One district, street, community and unit grid: the shape `cityloop import grids` reads. */
const box = (x0: number, y0: number, x1: number, y1: number) => ({ type: 'Polygon', coordinates: [[[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]] });
const GRID_TEMPLATE = {
  type: 'FeatureCollection',
  features: [
    { type: 'Feature', properties: { level: 'district', code: '350203', name: '思明区' }, geometry: box(118.08, 24.44, 118.12, 24.48) },
    { type: 'Feature', properties: { level: 'street', code: '350203001', name: '中华街道', parentCode: '350203' }, geometry: box(118.08, 24.44, 118.12, 24.48) },
    { type: 'Feature', properties: { level: 'community', code: '350203001001', name: '中华社区', parentCode: '350203001' }, geometry: box(118.08, 24.44, 118.12, 24.48) },
    { type: 'Feature', properties: { level: 'grid', code: '350203001001001', name: '中华社区第1网格', parentCode: '350203001001' }, geometry: box(118.08, 24.44, 118.12, 24.48) },
  ],
};
