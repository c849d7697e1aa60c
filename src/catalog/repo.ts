/** Queries of the catalog, one method per query. Rows become model objects here; rules live in the service. */
import type { Selectable } from 'kysely';
import type { Executor } from '../store/db.js';
import { fromJson, toJson } from '../store/dialect.js';
import { noProgress, WRITING, type OnProgress } from '../core/progress.js';
import type { Category, CategoryKind, Component, ComponentState, NameRevision, Unit, UnitKind } from './model.js';
import type { Owner, ResponsibilityItem, TerritorialKind, TimeLimits, Urgency } from './responsibility-model.js';
import type { CategoriesTable, ComponentsTable, ResponsibilityItemsTable, UnitsTable } from './tables.js';

export interface ComponentFilter {
  categoryCode?: string | undefined;
  districtCode?: string | undefined;
  gridCode?: string | undefined;
  state?: ComponentState | undefined;
  limit: number;
  offset: number;
}

export interface UnitFilter {
  kind?: UnitKind | undefined;
  districtCode?: string | undefined;
  active?: boolean | undefined;
}

export interface ItemFilter {
  categoryCode?: string | undefined;
  areaCode?: string | undefined;
}

function toCategory(r: Selectable<CategoriesTable>, history: NameRevision[]): Category {
  return {
    code: r.code,
    kind: r.kind as CategoryKind,
    majorCode: r.major_code,
    minorCode: r.minor_code,
    name: r.name,
    version: r.version,
    local: r.local === 1,
    enabled: r.enabled === 1,
    validFrom: r.valid_from,
    history,
  };
}

function toUnit(r: Selectable<UnitsTable>): Unit {
  return {
    id: r.id,
    code: r.code,
    name: r.name,
    kind: r.kind as UnitKind,
    parentCode: r.parent_code,
    districtCode: r.district_code,
    streetCode: r.street_code,
    duty: r.duty,
    active: r.active === 1,
  };
}

function toComponent(r: Selectable<ComponentsTable>): Component {
  return {
    id: r.id,
    objectCode: r.object_code,
    categoryCode: r.category_code,
    districtCode: r.district_code,
    name: r.name,
    lon: r.lon,
    lat: r.lat,
    gridCode: r.grid_code,
    state: r.state as ComponentState,
    ownerUnitCode: r.owner_unit_code,
    maintainerUnitCode: r.maintainer_unit_code,
    address: r.address,
    note: r.note,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

function toItem(r: Selectable<ResponsibilityItemsTable>): ResponsibilityItem {
  const owner: Owner =
    r.owner_type === 'unit'
      ? { type: 'unit', unitCode: r.owner_unit_code ?? '' }
      : { type: 'territorial', unitKind: r.owner_unit_kind as TerritorialKind, ...(r.owner_duty ? { duty: r.owner_duty } : {}) };
  return {
    id: r.id,
    itemNo: r.item_no,
    categoryCode: r.category_code,
    areaCode: r.area_code,
    condition: r.condition,
    urgency: r.urgency as Urgency,
    owner,
    coUnitCodes: fromJson<string[]>(r.co_unit_codes),
    timeLimits: fromJson<TimeLimits>(r.time_limits),
    closingCondition: r.closing_condition,
    legalBasis: r.legal_basis,
  };
}

function itemRow(it: ResponsibilityItem, now: number, createdAt: number) {
  return {
    id: it.id,
    item_no: it.itemNo,
    category_code: it.categoryCode,
    area_code: it.areaCode,
    condition: it.condition,
    urgency: it.urgency,
    owner_type: it.owner.type,
    owner_unit_code: it.owner.type === 'unit' ? it.owner.unitCode : null,
    owner_unit_kind: it.owner.type === 'territorial' ? it.owner.unitKind : null,
    owner_duty: it.owner.type === 'territorial' ? (it.owner.duty ?? null) : null,
    co_unit_codes: toJson(it.coUnitCodes),
    time_limits: toJson(it.timeLimits),
    closing_condition: it.closingCondition,
    legal_basis: it.legalBasis,
    created_at: createdAt,
    updated_at: now,
  };
}

/** The columns of a unit that can change (its id and code never do). */
function unitColumns(u: Unit) {
  return {
    name: u.name,
    kind: u.kind,
    parent_code: u.parentCode,
    district_code: u.districtCode,
    street_code: u.streetCode,
    duty: u.duty,
    active: u.active ? 1 : 0,
  };
}

export function createCatalogRepo() {
  return {
    // --- categories
    async listCategories(db: Executor): Promise<Category[]> {
      const rows = await db.selectFrom('categories').selectAll().orderBy('code').execute();
      const names = await db.selectFrom('category_names').selectAll().orderBy('valid_to').execute();
      const byCode = new Map<string, NameRevision[]>();
      for (const n of names)
        byCode.set(n.category_code, [...(byCode.get(n.category_code) ?? []), { name: n.name, validFrom: n.valid_from, validTo: n.valid_to }]);
      return rows.map((r) => toCategory(r, byCode.get(r.code) ?? []));
    },

    async getCategory(db: Executor, code: string): Promise<Category | undefined> {
      const r = await db.selectFrom('categories').selectAll().where('code', '=', code).executeTakeFirst();
      if (!r) return undefined;
      const names = await db.selectFrom('category_names').selectAll().where('category_code', '=', code).orderBy('valid_to').execute();
      return toCategory(r, names.map((n) => ({ name: n.name, validFrom: n.valid_from, validTo: n.valid_to })));
    },

    async countCategories(db: Executor): Promise<number> {
      const r = await db.selectFrom('categories').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      return Number(r.n);
    },

    async insertCategory(db: Executor, id: string, c: Category, now: number): Promise<void> {
      await db
        .insertInto('categories')
        .values({
          id,
          code: c.code,
          kind: c.kind,
          major_code: c.majorCode,
          minor_code: c.minorCode,
          name: c.name,
          version: c.version,
          local: c.local ? 1 : 0,
          enabled: c.enabled ? 1 : 0,
          valid_from: c.validFrom,
          created_at: now,
          updated_at: now,
        })
        .execute();
    },

    async updateCategory(db: Executor, code: string, patch: { name: string; version: string; enabled: boolean; validFrom: number | null }, now: number): Promise<void> {
      await db
        .updateTable('categories')
        .set({ name: patch.name, version: patch.version, enabled: patch.enabled ? 1 : 0, valid_from: patch.validFrom, updated_at: now })
        .where('code', '=', code)
        .execute();
    },

    async insertCategoryName(db: Executor, id: string, code: string, rev: NameRevision & { version: string; changedBy: string | null }): Promise<void> {
      await db
        .insertInto('category_names')
        .values({ id, category_code: code, name: rev.name, version: rev.version, valid_from: rev.validFrom, valid_to: rev.validTo, changed_by: rev.changedBy })
        .execute();
    },

    // --- units
    async listUnits(db: Executor, f: UnitFilter = {}): Promise<Unit[]> {
      let q = db.selectFrom('units').selectAll();
      if (f.kind) q = q.where('kind', '=', f.kind);
      if (f.districtCode) q = q.where('district_code', '=', f.districtCode);
      if (f.active !== undefined) q = q.where('active', '=', f.active ? 1 : 0);
      return (await q.orderBy('code').execute()).map(toUnit);
    },

    async getUnitBy(db: Executor, column: 'id' | 'code', value: string): Promise<Unit | undefined> {
      const r = await db.selectFrom('units').selectAll().where(column, '=', value).executeTakeFirst();
      return r ? toUnit(r) : undefined;
    },

    async activeUnitNamed(db: Executor, name: string): Promise<Unit | undefined> {
      const r = await db.selectFrom('units').selectAll().where('name', '=', name).where('active', '=', 1).executeTakeFirst();
      return r ? toUnit(r) : undefined;
    },

    async insertUnit(db: Executor, u: Unit, now: number): Promise<void> {
      await db
        .insertInto('units')
        .values({ id: u.id, code: u.code, ...unitColumns(u), created_at: now, updated_at: now })
        .execute();
    },

    async updateUnit(db: Executor, u: Unit, now: number): Promise<void> {
      await db
        .updateTable('units')
        .set({ ...unitColumns(u), updated_at: now })
        .where('code', '=', u.code)
        .execute();
    },

    async countUnits(db: Executor): Promise<number> {
      const r = await db.selectFrom('units').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      return Number(r.n);
    },

    // --- components
    async insertComponent(db: Executor, c: Component, serial: number): Promise<void> {
      await db
        .insertInto('components')
        .values({
          id: c.id,
          object_code: c.objectCode,
          category_code: c.categoryCode,
          district_code: c.districtCode,
          serial,
          name: c.name,
          lon: c.lon,
          lat: c.lat,
          grid_code: c.gridCode,
          state: c.state,
          owner_unit_code: c.ownerUnitCode,
          maintainer_unit_code: c.maintainerUnitCode,
          address: c.address,
          note: c.note,
          created_at: c.createdAt,
          updated_at: c.updatedAt,
        })
        .execute();
    },

    /** A registered component's fields from an import (the code, class and district stay). */
    async updateComponent(db: Executor, c: Component): Promise<void> {
      await db
        .updateTable('components')
        .set({
          name: c.name,
          lon: c.lon,
          lat: c.lat,
          grid_code: c.gridCode,
          state: c.state,
          owner_unit_code: c.ownerUnitCode,
          maintainer_unit_code: c.maintainerUnitCode,
          address: c.address,
          note: c.note,
          updated_at: c.updatedAt,
        })
        .where('object_code', '=', c.objectCode)
        .execute();
    },

    async maxSerial(db: Executor, districtCode: string, categoryCode: string): Promise<number> {
      const r = await db
        .selectFrom('components')
        .select((eb) => eb.fn.max<number | null>('serial').as('m'))
        .where('district_code', '=', districtCode)
        .where('category_code', '=', categoryCode)
        .executeTakeFirst();
      return Number(r?.m ?? 0);
    },

    async getComponentBy(db: Executor, column: 'id' | 'object_code', value: string): Promise<Component | undefined> {
      const r = await db.selectFrom('components').selectAll().where(column, '=', value).executeTakeFirst();
      return r ? toComponent(r) : undefined;
    },

    async listComponents(db: Executor, f: ComponentFilter): Promise<{ items: Component[]; total: number }> {
      let q = db.selectFrom('components');
      if (f.categoryCode) q = q.where('category_code', '=', f.categoryCode);
      if (f.districtCode) q = q.where('district_code', '=', f.districtCode);
      if (f.gridCode) q = q.where('grid_code', '=', f.gridCode);
      if (f.state) q = q.where('state', '=', f.state);
      const total = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      const rows = await q.selectAll().orderBy('object_code').limit(f.limit).offset(f.offset).execute();
      return { items: rows.map(toComponent), total: Number(total.n) };
    },

    // --- responsibility list
    async listItems(db: Executor, f: ItemFilter = {}): Promise<ResponsibilityItem[]> {
      let q = db.selectFrom('responsibility_items').selectAll();
      if (f.categoryCode) q = q.where('category_code', '=', f.categoryCode);
      if (f.areaCode) q = q.where('area_code', '=', f.areaCode);
      return (await q.orderBy('item_no').execute()).map(toItem);
    },

    async itemIdsByNo(db: Executor): Promise<Map<string, { id: string; createdAt: number }>> {
      const rows = await db.selectFrom('responsibility_items').select(['id', 'item_no', 'created_at']).execute();
      return new Map(rows.map((r) => [r.item_no, { id: r.id, createdAt: r.created_at }]));
    },

    async deleteAllItems(db: Executor): Promise<number> {
      const r = await db.deleteFrom('responsibility_items').executeTakeFirst();
      return Number(r.numDeletedRows);
    },

    async deleteItemsByNo(db: Executor, itemNos: string[]): Promise<void> {
      for (let i = 0; i < itemNos.length; i += 500)
        await db.deleteFrom('responsibility_items').where('item_no', 'in', itemNos.slice(i, i + 500)).execute();
    },

    async insertItems(db: Executor, items: { item: ResponsibilityItem; createdAt: number }[], now: number, progress: OnProgress = noProgress): Promise<void> {
      // PostgreSQL caps a statement at 65 535 parameters: 16 columns × 200 rows stays far below.
      for (let i = 0; i < items.length; i += 200) {
        progress(i, items.length, WRITING);
        await db
          .insertInto('responsibility_items')
          .values(items.slice(i, i + 200).map((x) => itemRow(x.item, now, x.createdAt)))
          .execute();
      }
      progress(items.length, items.length, WRITING);
    },

    async countItems(db: Executor): Promise<number> {
      const r = await db.selectFrom('responsibility_items').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      return Number(r.n);
    },
  };
}

export type CatalogRepo = ReturnType<typeof createCatalogRepo>;
