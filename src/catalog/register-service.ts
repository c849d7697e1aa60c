/**
 * Importing and exporting the catalog's registers a bureau brings as files: units, local classes
 * (and renames of standard ones), components. Same rule as the responsibility list: every row is
 * checked first, any error and nothing is written (422 with each row's errors); otherwise one
 * transaction writes them all. Imports add and update by code; they never delete.
 */
import type { ServiceDeps } from '../core/deps.js';
import { noProgress, WRITING, type OnProgress } from '../core/progress.js';
import { badRequest } from '../core/errors.js';
import { CONTENT_TYPE, detectFormat, readTable, writeTable, type SheetFormat } from '../core/sheet-files.js';
import { importRefused, tableOf, type RowError } from '../core/sheet-table.js';
import { formatObjectCode, wouldCycle, type Category, type Component, type Unit } from './model.js';
import type { CatalogRepo } from './repo.js';
import type { Executor } from '../store/db.js';
import {
  CLASS_COLUMNS,
  COMPONENT_COLUMNS,
  UNIT_COLUMNS,
  classesToRows,
  componentsToRows,
  rowsToClasses,
  rowsToComponents,
  rowsToUnits,
  unitsToRows,
} from './register-sheets.js';
import type { CatalogCache } from './snapshot.js';

export interface FileHint {
  format?: SheetFormat | undefined;
  filename?: string | undefined;
  contentType?: string | undefined;
  /** Rows written so far (the CLI draws a bar from it). */
  onProgress?: OnProgress | undefined;
}

export interface RegisterImportReport {
  format: SheetFormat;
  /** Rows in the file. */
  total: number;
  created: number;
  updated: number;
}

export interface RegisterFile {
  body: Buffer;
  contentType: string;
  filename: string;
}

export interface CatalogRegisters {
  importUnits(file: Buffer, hint?: FileHint): Promise<RegisterImportReport>;
  exportUnits(format: SheetFormat): Promise<RegisterFile>;
  importClasses(file: Buffer, hint?: FileHint): Promise<RegisterImportReport>;
  exportClasses(format: SheetFormat): Promise<RegisterFile>;
  importComponents(file: Buffer, hint?: FileHint): Promise<RegisterImportReport>;
  exportComponents(format: SheetFormat): Promise<RegisterFile>;
}

/** Reads a file into a table, refusing an empty one. */
export async function tableFromFile(file: Buffer, hint: FileHint = {}): Promise<{ table: string[][]; format: SheetFormat }> {
  if (file.length === 0) throw badRequest('FILE_EMPTY', '上传的文件是空的', 'The uploaded file is empty');
  const format = hint.format ?? detectFormat(file, { filename: hint.filename, contentType: hint.contentType });
  return { table: await readTable(file, format), format };
}

export async function fileOf(name: string, sheet: string, columns: Parameters<typeof tableOf>[0], rows: Parameters<typeof tableOf>[1], format: SheetFormat): Promise<RegisterFile> {
  return { body: await writeTable(tableOf(columns, rows), format, sheet), contentType: CONTENT_TYPE[format], filename: `${name}.${format}` };
}

const noRows = (errors: RowError[], n: number) => {
  if (n === 0 && errors.length === 0) errors.push({ row: 2, message: '第2行：文件中没有数据', messageEn: 'row 2: the file holds no rows' });
};

export function createCatalogRegisters(deps: ServiceDeps, repo: CatalogRepo, cache: CatalogCache): CatalogRegisters {
  const { db, clock, ids, logger } = deps;
  const k = db.kysely;

  /** One transaction for the whole file; the snapshot is forgotten whatever happens. */
  async function inOneTransaction(work: (tx: Executor) => Promise<void>): Promise<void> {
    try {
      await k.transaction().execute(async (tx) => {
        await work(tx);
        await cache.bump(tx, clock.now());
      });
    } finally {
      cache.invalidate();
    }
  }

  return {
    async importUnits(file, hint) {
      const { table, format } = await tableFromFile(file, hint);
      const parsed = rowsToUnits(table);
      const errors = [...parsed.errors];
      noRows(errors, parsed.items.length);
      const stored = await repo.listUnits(k);
      const byCode = new Map<string, Unit>(stored.map((u) => [u.code, u]));
      const merged = new Map<string, { parentCode: string | null; name: string; active: boolean }>(stored.map((u) => [u.code, u]));
      for (const u of parsed.items) merged.set(u.code, u);
      const activeNames = new Map<string, string[]>();
      for (const [code, u] of merged) if (u.active) activeNames.set(u.name, [...(activeNames.get(u.name) ?? []), code]);
      parsed.items.forEach((u, i) => {
        const row = parsed.rowOf[i]!;
        const fail = (column: string, zh: string, en: string) => errors.push({ row, column, message: `第${row}行：${zh}`, messageEn: `row ${row}: ${en}` });
        if (u.parentCode && !merged.has(u.parentCode)) fail('上级单位代码', `上级单位「${u.parentCode}」不存在`, `parent unit '${u.parentCode}' does not exist`);
        else if (u.parentCode && wouldCycle(u.code, u.parentCode, (c) => merged.get(c)?.parentCode)) fail('上级单位代码', `上级单位「${u.parentCode}」形成循环`, `parent unit '${u.parentCode}' forms a loop`);
        const same = u.active ? (activeNames.get(u.name) ?? []).filter((c) => c !== u.code) : [];
        if (same.length) fail('单位名称', `已有名为「${u.name}」的在用单位（${same.join('、')}）`, `an active unit named '${u.name}' exists (${same.join(', ')})`);
      });
      if (errors.length) throw importRefused('UNITS_IMPORT_INVALID', errors, { zh: '单位', en: 'units' });

      // Parents first: the parent code is a foreign key.
      const pending = [...parsed.items];
      const ordered: typeof pending = [];
      const placed = new Set(stored.map((u) => u.code));
      while (pending.length) {
        const i = pending.findIndex((u) => !u.parentCode || placed.has(u.parentCode) || !pending.some((p) => p.code === u.parentCode));
        const [u] = pending.splice(i < 0 ? 0 : i, 1);
        ordered.push(u!);
        placed.add(u!.code);
      }
      const now = clock.now();
      let created = 0;
      const progress = hint?.onProgress ?? noProgress;
      await inOneTransaction(async (tx) => {
        for (const [i, u] of ordered.entries()) {
          progress(i, ordered.length, WRITING);
          const prev = byCode.get(u.code);
          if (prev) await repo.updateUnit(tx, { id: prev.id, ...u }, now);
          else {
            await repo.insertUnit(tx, { id: ids.next(), ...u }, now);
            created += 1;
          }
        }
      });
      progress(ordered.length, ordered.length, WRITING);
      logger.info({ total: ordered.length, created }, 'units imported');
      return { format, total: ordered.length, created, updated: ordered.length - created };
    },

    async exportUnits(format) {
      return fileOf('units', '责任单位', UNIT_COLUMNS, unitsToRows(await repo.listUnits(k)), format);
    },

    async importClasses(file, hint) {
      const { table, format } = await tableFromFile(file, hint);
      const known = new Map<string, Category>((await repo.listCategories(k)).map((c) => [c.code, c]));
      const parsed = rowsToClasses(table, known);
      noRows(parsed.errors, parsed.items.length);
      if (parsed.errors.length) throw importRefused('CLASSES_IMPORT_INVALID', parsed.errors, { zh: '分类', en: 'classes' });
      const now = clock.now();
      let created = 0;
      // Big classes before their small classes.
      const ordered = [...parsed.items].sort((a, b) => a.code.length - b.code.length);
      const progress = hint?.onProgress ?? noProgress;
      await inOneTransaction(async (tx) => {
        for (const [i, c] of ordered.entries()) {
          progress(i, ordered.length, WRITING);
          const prev = known.get(c.code);
          const version = c.version ?? prev?.version ?? 'local';
          if (!prev) {
            const p = { kind: c.code.startsWith('C') ? 'component' : 'event', majorCode: c.code.slice(1, 3), minorCode: c.code.length === 5 ? c.code.slice(3) : null } as const;
            await repo.insertCategory(tx, ids.next(), { code: c.code, ...p, name: c.name, version, local: true, enabled: c.enabled, validFrom: now, history: [] }, now);
            created += 1;
            continue;
          }
          const renamed = prev.name !== c.name;
          if (renamed) await repo.insertCategoryName(tx, ids.next(), prev.code, { name: prev.name, version: prev.version, validFrom: prev.validFrom, validTo: now, changedBy: null });
          await repo.updateCategory(tx, prev.code, { name: c.name, version, enabled: c.enabled, validFrom: renamed ? now : prev.validFrom }, now);
        }
      });
      progress(ordered.length, ordered.length, WRITING);
      logger.info({ total: ordered.length, created }, 'classes imported');
      return { format, total: ordered.length, created, updated: ordered.length - created };
    },

    async exportClasses(format) {
      return fileOf('classes', '本地分类', CLASS_COLUMNS, classesToRows(await repo.listCategories(k)), format);
    },

    async importComponents(file, hint) {
      const { table, format } = await tableFromFile(file, hint);
      const [categories, units] = await Promise.all([repo.listCategories(k), repo.listUnits(k)]);
      const parsed = rowsToComponents(table, { categories: new Map(categories.map((c) => [c.code, c])), unitCodes: new Set(units.map((u) => u.code)) });
      noRows(parsed.errors, parsed.items.length);
      if (parsed.errors.length) throw importRefused('COMPONENTS_IMPORT_INVALID', parsed.errors, { zh: '部件', en: 'components' });
      const now = clock.now();
      let created = 0;
      const serials = new Map<string, number>();
      const nextSerial = async (tx: Executor, district: string, cls: string, taken: number | null) => {
        const key = `${district}:${cls}`;
        const cur = serials.get(key) ?? (await repo.maxSerial(tx, district, cls));
        const s = taken ?? cur + 1;
        serials.set(key, Math.max(cur, s));
        return s;
      };
      const progress = hint?.onProgress ?? noProgress;
      await inOneTransaction(async (tx) => {
        // Rows with their own code first, so assigned serials come after every given one.
        const withCode = parsed.items.filter((c) => c.objectCode);
        const without = parsed.items.filter((c) => !c.objectCode);
        for (const [i, c] of [...withCode, ...without].entries()) {
          progress(i, parsed.items.length, WRITING);
          const existing = c.objectCode ? await repo.getComponentBy(tx, 'object_code', c.objectCode) : undefined;
          const cls = categories.find((x) => x.code === c.categoryCode)!;
          const component: Component = {
            id: existing?.id ?? ids.next(),
            objectCode: c.objectCode ?? '',
            categoryCode: c.categoryCode,
            districtCode: c.districtCode,
            name: c.name ?? cls.name,
            lon: c.lon,
            lat: c.lat,
            gridCode: c.gridCode,
            state: c.state,
            ownerUnitCode: c.ownerUnitCode,
            maintainerUnitCode: c.maintainerUnitCode,
            address: c.address,
            note: c.note,
            createdAt: existing?.createdAt ?? now,
            updatedAt: now,
          };
          if (existing) {
            await repo.updateComponent(tx, component);
            continue;
          }
          const serial = await nextSerial(tx, c.districtCode, c.categoryCode, c.objectCode ? Number(c.objectCode.slice(10)) : null);
          component.objectCode = c.objectCode ?? formatObjectCode(c.districtCode, c.categoryCode, serial);
          await repo.insertComponent(tx, component, serial);
          created += 1;
        }
      });
      progress(parsed.items.length, parsed.items.length, WRITING);
      logger.info({ total: parsed.items.length, created }, 'components imported');
      return { format, total: parsed.items.length, created, updated: parsed.items.length - created };
    },

    async exportComponents(format) {
      const items: Component[] = [];
      for (let offset = 0; ; offset += 1000) {
        const page = await repo.listComponents(k, { limit: 1000, offset });
        items.push(...page.items);
        if (page.items.length < 1000) break;
      }
      return fileOf('components', '部件', COMPONENT_COLUMNS, componentsToRows(items), format);
    },
  };
}
