/**
 * Catalog use cases: classes (list, search, local classes, renames), units, components (部件), and —
 * in responsibility-service.ts — the responsibility list (match, import, export). Seeding the demo
 * catalog is here too.
 */
import type { ServiceDeps } from '../core/deps.js';
import type { ResponsibilityItemInput } from './responsibility-model.js';
import { conflict, notFound, unprocessable } from '../core/errors.js';
import { isUniqueViolation } from '../store/dialect.js';
import {
  COMPONENT_STATES,
  DISTRICT_CODE_RE,
  formatObjectCode,
  isLocalCode,
  normalizeName,
  parseObjectCode,
  requireCategoryCode,
  searchCategories,
  validateGridCode,
  validateLonLat,
  validateUnit,
  wouldCycle,
  type Category,
  type CategoryKind,
  type Component,
  type ComponentState,
  type Unit,
  type UnitInput,
} from './model.js';
import { createCatalogRepo, type ComponentFilter, type UnitFilter } from './repo.js';
import { createResponsibilityService, type ResponsibilityService } from './responsibility-service.js';
import { createCatalogRegisters, type CatalogRegisters } from './register-service.js';
import { createCatalogCache, type CatalogCache } from './snapshot.js';

export interface CategoryQuery {
  q?: string | undefined;
  kind?: CategoryKind | undefined;
  smallOnly?: boolean | undefined;
  includeDisabled?: boolean | undefined;
  limit?: number | undefined;
}

export interface LocalCategoryInput {
  /** 'E2106', 'C22', 'E0597' … big class ≥ 21 or small class ≥ 90. */
  code: string;
  name: string;
  /** The city's classification version for this change (default 'local'). */
  version?: string | undefined;
}

export interface CategoryPatch {
  name?: string | undefined;
  enabled?: boolean | undefined;
  version?: string | undefined;
}

export interface RegisterComponentInput {
  /** The 16-digit code; omitted: the next serial of (district, class) is assigned. */
  objectCode?: string | undefined;
  categoryCode?: string | undefined;
  districtCode?: string | undefined;
  name?: string | undefined;
  lon: number;
  lat: number;
  gridCode?: string | null | undefined;
  state?: ComponentState | undefined;
  ownerUnitCode?: string | null | undefined;
  maintainerUnitCode?: string | null | undefined;
  address?: string | null | undefined;
  note?: string | null | undefined;
}

export type UnitPatch = Partial<Omit<UnitInput, 'code'>>;

export interface CatalogService extends ResponsibilityService, CatalogRegisters {
  listCategories(q?: CategoryQuery): Promise<Category[]>;
  getCategory(code: string): Promise<Category>;
  createLocalCategory(input: LocalCategoryInput, actorId?: string | null): Promise<Category>;
  /** Renames keep the code; the former name goes to the class's history. */
  updateCategory(code: string, patch: CategoryPatch, actorId?: string | null): Promise<Category>;

  listUnits(filter?: UnitFilter & { q?: string | undefined }): Promise<Unit[]>;
  /** By id or by code. */
  getUnit(idOrCode: string): Promise<Unit>;
  createUnit(input: UnitInput): Promise<Unit>;
  updateUnit(code: string, patch: UnitPatch): Promise<Unit>;

  registerComponent(input: RegisterComponentInput): Promise<Component>;
  /** By id or by 16-digit object code. */
  getComponent(idOrCode: string): Promise<Component>;
  listComponents(filter?: Partial<ComponentFilter>): Promise<{ items: Component[]; total: number }>;

  /** Inserts the demo units and the demo responsibility list when the catalog has none. Classes come with the migrations. */
  seedDemo(): Promise<void>;
}

const categoryNotFound = (code: string) =>
  notFound('CATEGORY_NOT_FOUND', `分类「${code}」不存在`, `Class '${code}' does not exist`);
const unitNotFound = (code: string) => notFound('UNIT_NOT_FOUND', `单位「${code}」不存在`, `Unit '${code}' does not exist`);

export interface CatalogServiceOptions {
  /** How often (ms) to look for catalog writes made by another process; default 1000. */
  revisionCheckMs?: number;
  /** The demo city's units and responsibility list (src/demo, wired by the composition root) for `seedDemo`. */
  demo?: { units: readonly UnitInput[]; responsibilityItems: readonly ResponsibilityItemInput[] };
}

/**
 * Reads (classes, units, the responsibility match) are served from an in-memory snapshot
 * (snapshot.ts); every write below goes to the store, bumps the shared revision and invalidates
 * the snapshot, so this process sees it at once and others within about a second.
 */
export function createCatalogService(deps: ServiceDeps, opts: CatalogServiceOptions = {}): CatalogService {
  const { db, clock, ids, logger } = deps;
  const k = db.kysely;
  const repo = createCatalogRepo();
  const cache: CatalogCache = createCatalogCache(k, repo, {
    nextRevision: () => ids.next(),
    ...(opts.revisionCheckMs !== undefined ? { checkEveryMs: opts.revisionCheckMs } : {}),
  });
  const responsibility = createResponsibilityService(deps, repo, cache, opts.demo?.responsibilityItems);
  const registers = createCatalogRegisters(deps, repo, cache);

  /** Runs a catalog write: the shared revision is bumped after it, the snapshot forgotten in any case. */
  async function changing<T>(write: () => Promise<T>): Promise<T> {
    try {
      const out = await write();
      await cache.bump(k, clock.now());
      return out;
    } finally {
      cache.invalidate();
    }
  }

  async function getCategory(code: string): Promise<Category> {
    const c = (await cache.get()).categoryByCode.get(code.trim().toUpperCase());
    if (!c) throw categoryNotFound(code);
    return c;
  }

  /** The class as stored now (write paths decide on the store, not the snapshot). */
  async function storedCategory(code: string): Promise<Category> {
    const c = await repo.getCategory(k, code.trim().toUpperCase());
    if (!c) throw categoryNotFound(code);
    return c;
  }

  async function getUnit(idOrCode: string): Promise<Unit> {
    const s = await cache.get();
    const u = s.unitById.get(idOrCode) ?? s.unitByCode.get(idOrCode.trim().toUpperCase());
    if (!u) throw unitNotFound(idOrCode);
    return u;
  }

  async function storedUnit(idOrCode: string): Promise<Unit> {
    const u = (await repo.getUnitBy(k, 'id', idOrCode)) ?? (await repo.getUnitBy(k, 'code', idOrCode.trim().toUpperCase()));
    if (!u) throw unitNotFound(idOrCode);
    return u;
  }

  /** A unit a record refers to must exist (422 otherwise: the request names something unknown). */
  async function requireUnitRef(code: string | null | undefined, field: string): Promise<string | null> {
    if (!code) return null;
    const u = await repo.getUnitBy(k, 'code', code.trim().toUpperCase());
    if (!u) throw unprocessable('UNIT_UNKNOWN', `${field}「${code}」不存在`, `Unknown unit '${code}' in ${field}`, { field });
    return u.code;
  }

  async function checkUnitName(name: string, exceptCode: string | null): Promise<void> {
    const same = await repo.activeUnitNamed(k, name);
    if (same && same.code !== exceptCode)
      throw conflict('UNIT_NAME_TAKEN', `已有名为「${name}」的在用单位（${same.code}）`, `An active unit named '${name}' exists (${same.code})`);
  }

  async function checkParent(code: string, parentCode: string | null): Promise<void> {
    if (!parentCode) return;
    if (!(await repo.getUnitBy(k, 'code', parentCode)))
      throw unprocessable('UNIT_PARENT_NOT_FOUND', `上级单位「${parentCode}」不存在`, `Parent unit '${parentCode}' does not exist`);
    const all = await repo.listUnits(k);
    const parentOf = new Map(all.map((u) => [u.code, u.parentCode]));
    if (wouldCycle(code, parentCode, (c) => parentOf.get(c)))
      throw unprocessable('UNIT_PARENT_CYCLE', `把「${parentCode}」设为上级会形成循环`, `Making '${parentCode}' the parent would form a loop`);
  }

  return {
    ...responsibility,
    ...registers,

    async listCategories(q = {}) {
      const all = (await cache.get()).categories;
      return searchCategories(all, q.q ?? '', {
        ...(q.kind ? { kind: q.kind } : {}),
        smallOnly: q.smallOnly ?? false,
        includeDisabled: q.includeDisabled ?? false,
        limit: q.limit ?? (q.q ? 50 : 10_000),
      });
    },

    getCategory,

    async createLocalCategory(input, actorId = null) {
      const p = requireCategoryCode(input.code);
      const code = `${p.kind === 'component' ? 'C' : 'E'}${p.majorCode}${p.minorCode ?? ''}`;
      if (!isLocalCode(p))
        throw unprocessable(
          'CATEGORY_CODE_RESERVED',
          `「${code}」属于标准分类代码段：本地大类从 21 起，标准大类内的本地小类从 90 起`,
          `'${code}' is in the standard range: local big classes start at 21, local small classes inside a standard big class at 90`,
        );
      const name = normalizeName(input.name, '分类名称', 'class name');
      if (p.minorCode !== null) {
        const parent = await repo.getCategory(k, code.slice(0, 3));
        if (!parent)
          throw unprocessable('CATEGORY_PARENT_MISSING', `请先建立大类 ${code.slice(0, 3)}`, `Create big class ${code.slice(0, 3)} first`);
      }
      const now = clock.now();
      const cat: Category = {
        code,
        kind: p.kind,
        majorCode: p.majorCode,
        minorCode: p.minorCode,
        name,
        version: input.version?.trim() || 'local',
        local: true,
        enabled: true,
        validFrom: now,
        history: [],
      };
      try {
        await changing(() => repo.insertCategory(k, ids.next(), cat, now));
      } catch (e) {
        if (isUniqueViolation(e)) throw conflict('CATEGORY_EXISTS', `分类代码 ${code} 已存在`, `Class code ${code} already exists`);
        throw e;
      }
      logger.info({ code, name, actorId }, 'local class created');
      return cat;
    },

    async updateCategory(code, patch, actorId = null) {
      const current = await storedCategory(code);
      const name = patch.name !== undefined ? normalizeName(patch.name, '分类名称', 'class name') : current.name;
      const version = patch.version?.trim() || current.version;
      const enabled = patch.enabled ?? current.enabled;
      const renamed = name !== current.name;
      const now = clock.now();
      await changing(() => k.transaction().execute(async (tx) => {
        if (renamed)
          await repo.insertCategoryName(tx, ids.next(), current.code, {
            name: current.name,
            version: current.version,
            validFrom: current.validFrom,
            validTo: now,
            changedBy: actorId,
          });
        await repo.updateCategory(tx, current.code, { name, version, enabled, validFrom: renamed ? now : current.validFrom }, now);
      }));
      return storedCategory(current.code);
    },

    async listUnits(filter = {}) {
      const units = (await cache.get()).units.filter(
        (u) =>
          (!filter.kind || u.kind === filter.kind) &&
          (!filter.districtCode || u.districtCode === filter.districtCode) &&
          (filter.active === undefined || u.active === filter.active),
      );
      const q = filter.q?.trim().toUpperCase();
      return q ? units.filter((u) => u.code.includes(q) || u.name.toUpperCase().includes(q)) : units;
    },

    getUnit,

    async createUnit(input) {
      const v = validateUnit(input);
      await checkUnitName(v.name, null);
      await checkParent(v.code, v.parentCode);
      const unit: Unit = { id: ids.next(), ...v };
      try {
        await changing(() => repo.insertUnit(k, unit, clock.now()));
      } catch (e) {
        if (isUniqueViolation(e)) throw conflict('UNIT_EXISTS', `单位代码 ${v.code} 已存在`, `Unit code ${v.code} already exists`);
        throw e;
      }
      return unit;
    },

    async updateUnit(code, patch) {
      const cur = await storedUnit(code);
      const next = validateUnit({
        code: cur.code,
        name: patch.name ?? cur.name,
        kind: patch.kind ?? cur.kind,
        parentCode: patch.parentCode !== undefined ? patch.parentCode : cur.parentCode,
        districtCode: patch.districtCode !== undefined ? patch.districtCode : cur.districtCode,
        streetCode: patch.streetCode !== undefined ? patch.streetCode : cur.streetCode,
        duty: patch.duty !== undefined ? patch.duty : cur.duty,
        active: patch.active ?? cur.active,
      });
      if (next.active) await checkUnitName(next.name, cur.code);
      if (next.parentCode !== cur.parentCode) await checkParent(cur.code, next.parentCode);
      const unit: Unit = { id: cur.id, ...next };
      await changing(() => repo.updateUnit(k, unit, clock.now()));
      return unit;
    },

    async registerComponent(input) {
      let districtCode = input.districtCode ?? null;
      let categoryCode = input.categoryCode ? input.categoryCode.trim().toUpperCase() : null;
      let serial: number | null = null;
      if (input.objectCode) {
        const p = parseObjectCode(input.objectCode);
        if ((districtCode && districtCode !== p.districtCode) || (categoryCode && categoryCode !== p.categoryCode))
          throw unprocessable(
            'OBJECT_CODE_MISMATCH',
            `部件标识码 ${input.objectCode} 与所填区划或小类不一致`,
            `Component code ${input.objectCode} does not match the given district or class`,
          );
        districtCode = p.districtCode;
        categoryCode = p.categoryCode;
        serial = p.serial;
      }
      if (!districtCode || !DISTRICT_CODE_RE.test(districtCode))
        throw unprocessable('DISTRICT_CODE_INVALID', '请填写 6 位区县代码', 'A 6-digit district code is required');
      if (!categoryCode) throw unprocessable('CATEGORY_REQUIRED', '请填写部件小类代码', 'A component class code is required');
      const cat = await repo.getCategory(k, categoryCode);
      if (!cat || cat.kind !== 'component' || cat.minorCode === null || !cat.enabled)
        throw unprocessable('CATEGORY_NOT_COMPONENT', `「${categoryCode}」不是在用的部件小类`, `'${categoryCode}' is not an enabled component small class`);
      validateLonLat(input.lon, input.lat);
      if (input.gridCode) validateGridCode(input.gridCode, districtCode);
      const state = input.state ?? 'intact';
      if (!COMPONENT_STATES.includes(state))
        throw unprocessable('COMPONENT_STATE_INVALID', `部件状态「${state}」无效`, `Invalid component state '${state}'`);
      const ownerUnitCode = await requireUnitRef(input.ownerUnitCode, '权属单位');
      const maintainerUnitCode = await requireUnitRef(input.maintainerUnitCode, '养护单位');
      const name = input.name ? normalizeName(input.name, '部件名称', 'component name', 60) : cat.name;

      // An assigned serial can race with another registration: retry with the next one.
      for (let attempt = 0; ; attempt++) {
        const now = clock.now();
        const s = serial ?? (await repo.maxSerial(k, districtCode, categoryCode)) + 1;
        const component: Component = {
          id: ids.next(),
          objectCode: formatObjectCode(districtCode, categoryCode, s),
          categoryCode,
          districtCode,
          name,
          lon: input.lon,
          lat: input.lat,
          gridCode: input.gridCode ?? null,
          state,
          ownerUnitCode,
          maintainerUnitCode,
          address: input.address?.trim() || null,
          note: input.note?.trim() || null,
          createdAt: now,
          updatedAt: now,
        };
        try {
          await repo.insertComponent(k, component, s);
          return component;
        } catch (e) {
          if (!isUniqueViolation(e)) throw e;
          if (serial !== null || attempt >= 4)
            throw conflict('COMPONENT_EXISTS', `部件标识码 ${component.objectCode} 已登记`, `Component ${component.objectCode} is already registered`);
        }
      }
    },

    async getComponent(idOrCode) {
      const c = (await repo.getComponentBy(k, 'id', idOrCode)) ?? (await repo.getComponentBy(k, 'object_code', idOrCode.trim()));
      if (!c) throw notFound('COMPONENT_NOT_FOUND', `部件「${idOrCode}」不存在`, `Component '${idOrCode}' does not exist`);
      return c;
    },

    async listComponents(filter = {}) {
      return repo.listComponents(k, { ...filter, limit: Math.min(filter.limit ?? 100, 1000), offset: filter.offset ?? 0 });
    },

    async seedDemo() {
      if (!opts.demo) throw new Error('catalog.seedDemo: no demo catalog was wired into this service');
      const DEMO_UNITS = opts.demo.units;
      if ((await repo.countUnits(k)) === 0) {
        const now = clock.now();
        await changing(() =>
          k.transaction().execute(async (tx) => {
            for (const u of DEMO_UNITS) await repo.insertUnit(tx, { id: ids.next(), ...validateUnit(u) }, now);
          }),
        );
        logger.info({ units: DEMO_UNITS.length }, 'demo units seeded');
      }
      await responsibility.seedDemoList();
    },
  };
}
