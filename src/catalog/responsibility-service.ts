/**
 * Responsibility list use cases: list, match a case to its owning unit, import (all-or-nothing) and
 * export as XLSX or CSV, and the demo list.
 */
import type { ServiceDeps } from '../core/deps.js';
import { badRequest, unprocessable } from '../core/errors.js';
import type { OnProgress } from '../core/progress.js';
import { requireCategoryCode, DISTRICT_CODE_RE, STREET_CODE_RE } from './model.js';
import type { CatalogRepo } from './repo.js';
import type { CatalogCache } from './snapshot.js';
import {
  itemKey,
  matchResponsibility,
  URGENCIES,
  type MatchQuery,
  type MatchResult,
  type ResponsibilityItem,
  type ResponsibilityItemInput,
} from './responsibility-model.js';
import { CONTENT_TYPE, detectFormat, readTable, writeTable, type SheetFormat } from './sheet-files.js';
import { areasFromUnits, itemsToRows, rowsToItems, SHEET_NAME, type RowError, type SheetContext } from './sheet-rows.js';

export type ImportMode = 'replace' | 'merge';

export interface ImportOptions {
  format?: SheetFormat | undefined;
  filename?: string | undefined;
  contentType?: string | undefined;
  /** replace (default): the file is the whole list, items missing from it are removed. merge: upsert by item number. */
  mode?: ImportMode | undefined;
  /** Items written so far. */
  onProgress?: OnProgress | undefined;
}

export interface ImportReport {
  format: SheetFormat;
  mode: ImportMode;
  /** Items in the file. */
  total: number;
  created: number;
  updated: number;
  removed: number;
}

export interface ExportFile {
  body: Buffer;
  contentType: string;
  filename: string;
}

export interface ResponsibilityFilter {
  categoryCode?: string | undefined;
  areaCode?: string | undefined;
  /** Items owned by this unit (by name in the list) or where it is a co-unit. */
  unitCode?: string | undefined;
}

export interface ResponsibilityService {
  listResponsibility(filter?: ResponsibilityFilter): Promise<ResponsibilityItem[]>;
  /** The candidate items for a case, most specific area first, territorial owners resolved. */
  matchResponsibility(q: MatchQuery): Promise<MatchResult>;
  /** Imports a file; with any row error nothing is imported (422 RESPONSIBILITY_IMPORT_INVALID, details.errors). */
  importResponsibility(file: Buffer, opts?: ImportOptions): Promise<ImportReport>;
  importXlsx(file: Buffer, opts?: Omit<ImportOptions, 'format'>): Promise<ImportReport>;
  importCsv(file: Buffer, opts?: Omit<ImportOptions, 'format'>): Promise<ImportReport>;
  exportResponsibility(format: SheetFormat): Promise<ExportFile>;
  exportXlsx(): Promise<Buffer>;
  exportCsv(): Promise<Buffer>;
  /** Inserts the demo list when the list is empty (units must exist). */
  seedDemoList(): Promise<void>;
}

/** `cache` serves the match from memory; every write here bumps its revision and invalidates it. */
export function createResponsibilityService(deps: ServiceDeps, repo: CatalogRepo, cache: CatalogCache, demoItems: readonly ResponsibilityItemInput[] = []): ResponsibilityService {
  const { db, clock, ids, logger } = deps;
  const k = db.kysely;

  async function sheetContext(): Promise<SheetContext> {
    const [categories, units] = await Promise.all([repo.listCategories(k), repo.listUnits(k)]);
    return { categories, units, areas: areasFromUnits(units) };
  }

  async function importResponsibility(file: Buffer, opts: ImportOptions = {}): Promise<ImportReport> {
    const format = opts.format ?? detectFormat(file, { filename: opts.filename, contentType: opts.contentType });
    const mode = opts.mode ?? 'replace';
    if (file.length === 0) throw badRequest('FILE_EMPTY', '上传的文件是空的', 'The uploaded file is empty');
    const table = await readTable(file, format);
    const ctx = await sheetContext();
    const parsed = rowsToItems(table, ctx);
    const existing = await repo.listItems(k);
    const errors: RowError[] = [...parsed.errors];
    if (mode === 'merge') {
      // Items the file does not replace stay: the file must not contradict them.
      const inFile = new Set(parsed.items.map((i) => i.itemNo));
      const kept = new Map(existing.filter((e) => !inFile.has(e.itemNo)).map((e) => [itemKey(e), e.itemNo]));
      parsed.items.forEach((it, i) => {
        const other = kept.get(itemKey(it));
        if (other !== undefined) {
          const row = parsed.rowOf[i]!;
          errors.push({
            row,
            column: '小类代码',
            message: `第${row}行：与清单中已有的事项 ${other} 的小类、区域、立案条件和紧急程度完全相同`,
            messageEn: `row ${row}: same class, area, filing condition and urgency as existing item ${other}`,
          });
        }
      });
    }
    if (parsed.items.length === 0 && errors.length === 0)
      errors.push({ row: 2, message: '第2行：文件中没有事项', messageEn: 'row 2: the file holds no items' });
    if (errors.length > 0) {
      errors.sort((a, b) => a.row - b.row);
      const shown = errors.slice(0, 200);
      throw unprocessable(
        'RESPONSIBILITY_IMPORT_INVALID',
        `文件有 ${errors.length} 处错误，未导入任何事项：${shown.slice(0, 3).map((e) => e.message).join('；')}${errors.length > 3 ? '…' : ''}`,
        `The file has ${errors.length} error(s); nothing was imported: ${shown.slice(0, 3).map((e) => e.messageEn).join('; ')}${errors.length > 3 ? '…' : ''}`,
        { errors: shown, total: errors.length },
      );
    }

    const now = clock.now();
    const known = new Map(existing.map((e) => [e.itemNo, e]));
    const created = parsed.items.filter((i) => !known.has(i.itemNo)).length;
    const updated = parsed.items.length - created;
    const inFile = new Set(parsed.items.map((i) => i.itemNo));
    const removed = mode === 'replace' ? existing.filter((e) => !inFile.has(e.itemNo)).length : 0;
    const byNo = await repo.itemIdsByNo(k);
    const rows = parsed.items.map((it) => {
      const prev = byNo.get(it.itemNo);
      return { item: { id: prev?.id ?? ids.next(), ...it }, createdAt: prev?.createdAt ?? now };
    });
    // One transaction: the list changes completely or not at all. Ids of kept item numbers survive.
    try {
      await k.transaction().execute(async (tx) => {
        if (mode === 'replace') await repo.deleteAllItems(tx);
        else await repo.deleteItemsByNo(tx, [...inFile]);
        await repo.insertItems(tx, rows, now, opts.onProgress);
        await cache.bump(tx, now);
      });
    } finally {
      cache.invalidate();
    }
    logger.info({ format, mode, total: rows.length, created, updated, removed }, 'responsibility list imported');
    return { format, mode, total: rows.length, created, updated, removed };
  }

  async function exportResponsibility(format: SheetFormat): Promise<ExportFile> {
    const [ctx, items] = await Promise.all([sheetContext(), repo.listItems(k)]);
    const body = await writeTable(itemsToRows(items, ctx), format, SHEET_NAME);
    return { body, contentType: CONTENT_TYPE[format], filename: `responsibility-list.${format}` };
  }

  return {
    async listResponsibility(filter = {}) {
      const items = await repo.listItems(k, {
        categoryCode: filter.categoryCode?.trim().toUpperCase(),
        areaCode: filter.areaCode?.trim(),
      });
      const unit = filter.unitCode?.trim().toUpperCase();
      if (!unit) return items;
      return items.filter((i) => (i.owner.type === 'unit' && i.owner.unitCode === unit) || i.coUnitCodes.includes(unit));
    },

    async matchResponsibility(q) {
      const p = requireCategoryCode(q.categoryCode);
      const categoryCode = `${p.kind === 'component' ? 'C' : 'E'}${p.majorCode}${p.minorCode ?? ''}`;
      if (q.districtCode && !DISTRICT_CODE_RE.test(q.districtCode))
        throw badRequest('DISTRICT_CODE_INVALID', `区县代码「${q.districtCode}」应为 6 位数字`, `District code '${q.districtCode}' must be 6 digits`);
      if (q.streetCode && !STREET_CODE_RE.test(q.streetCode))
        throw badRequest('STREET_CODE_INVALID', `街道代码「${q.streetCode}」应为 9 位数字`, `Street code '${q.streetCode}' must be 9 digits`);
      if (q.urgency && !URGENCIES.includes(q.urgency))
        throw badRequest('URGENCY_INVALID', `紧急程度「${q.urgency}」无效`, `Invalid urgency '${q.urgency}'`);
      const snapshot = await cache.get();
      const category = snapshot.categoryByCode.get(categoryCode);
      if (!category)
        throw unprocessable('CATEGORY_NOT_FOUND', `分类「${categoryCode}」不存在`, `Class '${categoryCode}' does not exist`);
      const items = snapshot.itemsByCategory.get(categoryCode) ?? [];
      return matchResponsibility(items, snapshot.units, { ...q, categoryCode }, (c) => (c === categoryCode ? category.name : undefined));
    },

    importResponsibility,
    importXlsx: (file, opts = {}) => importResponsibility(file, { ...opts, format: 'xlsx' }),
    importCsv: (file, opts = {}) => importResponsibility(file, { ...opts, format: 'csv' }),
    exportResponsibility,
    exportXlsx: async () => (await exportResponsibility('xlsx')).body,
    exportCsv: async () => (await exportResponsibility('csv')).body,

    async seedDemoList() {
      if ((await repo.countItems(k)) > 0) return;
      const now = clock.now();
      const rows = demoItems.map((it) => ({ item: { id: ids.next(), ...it }, createdAt: now }));
      try {
        await k.transaction().execute(async (tx) => {
          await repo.insertItems(tx, rows, now);
          await cache.bump(tx, now);
        });
      } finally {
        cache.invalidate();
      }
      logger.info({ items: rows.length }, 'demo responsibility list seeded');
    },
  };
}
