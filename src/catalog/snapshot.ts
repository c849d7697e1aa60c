/**
 * The catalog in memory: classes, units and the responsibility list, loaded once and kept until a
 * catalog write, so the case write path (class names, routing, units) does no I/O.
 *
 * Freshness:
 * - A write through this process's catalog service invalidates the snapshot when it returns: the
 *   next read sees the change (renames, imports, new units …).
 * - Every catalog write also bumps a shared revision (setting `catalog.revision`). Another process
 *   on the same store (a second server on PostgreSQL, `cityloop import` on SQLite) checks that
 *   revision at most once per `checkEveryMs` (default 1 s, monotonic time) and reloads when it
 *   changed: it may see a catalog change up to about a second late. Classes changed by a migration
 *   run in another process are seen after this process restarts (or after any catalog write).
 *
 * Snapshot objects are shared: callers must treat them as read-only.
 */
import { performance } from 'node:perf_hooks';
import type { Executor } from '../store/db.js';
import { getSetting, putSetting } from '../store/settings.js';
import type { Category, Unit } from './model.js';
import type { CatalogRepo } from './repo.js';
import type { ResponsibilityItem } from './responsibility-model.js';

export const CATALOG_REVISION_KEY = 'catalog.revision';

export interface CatalogSnapshot {
  /** Ordered by code. */
  readonly categories: readonly Category[];
  readonly categoryByCode: ReadonlyMap<string, Category>;
  /** Ordered by code. */
  readonly units: readonly Unit[];
  readonly unitById: ReadonlyMap<string, Unit>;
  readonly unitByCode: ReadonlyMap<string, Unit>;
  /** Items of each class, ordered by item number. */
  readonly itemsByCategory: ReadonlyMap<string, readonly ResponsibilityItem[]>;
  /** The shared revision this snapshot was loaded at (null: never bumped). */
  readonly revision: string | null;
}

export interface CatalogCache {
  /** The current snapshot, reloaded first when stale. */
  get(): Promise<CatalogSnapshot>;
  /** Forgets the snapshot: call after a catalog write has committed. */
  invalidate(): void;
  /** Bumps the shared revision (inside the write's transaction when there is one). */
  bump(db: Executor, now: number): Promise<void>;
}

export interface CatalogCacheOptions {
  /** How often to look for another process's catalog writes (ms of monotonic time). */
  checkEveryMs?: number;
  /** A new unique revision value. */
  nextRevision(): string;
}

export function buildSnapshot(categories: Category[], units: Unit[], items: ResponsibilityItem[], revision: string | null): CatalogSnapshot {
  const itemsByCategory = new Map<string, ResponsibilityItem[]>();
  for (const it of items) {
    const list = itemsByCategory.get(it.categoryCode);
    if (list) list.push(it);
    else itemsByCategory.set(it.categoryCode, [it]);
  }
  return {
    categories,
    categoryByCode: new Map(categories.map((c) => [c.code, c])),
    units,
    unitById: new Map(units.map((u) => [u.id, u])),
    unitByCode: new Map(units.map((u) => [u.code, u])),
    itemsByCategory,
    revision,
  };
}

/** Stored as an object: a bare JSON string would not survive PostgreSQL's jsonb round trip through fromJson. */
async function readRevision(db: Executor): Promise<string | null> {
  return (await getSetting<{ revision?: string }>(db, CATALOG_REVISION_KEY))?.revision ?? null;
}

export function createCatalogCache(db: Executor, repo: CatalogRepo, opts: CatalogCacheOptions): CatalogCache {
  const checkEveryMs = opts.checkEveryMs ?? 1000;
  let snapshot: CatalogSnapshot | undefined;
  let checkedAt = 0;
  /** Bumped by every invalidation: a load that started before one must not be installed as fresh. */
  let generation = 0;
  /** A load in flight, and the generation it started in (only joined by readers of that generation). */
  let loading: { gen: number; promise: Promise<CatalogSnapshot> } | undefined;

  async function load(): Promise<CatalogSnapshot> {
    const gen = generation;
    // The revision is read before the data: a write in between leaves the snapshot marked older
    // than it is, which the next check repairs.
    const revision = await readRevision(db);
    const [categories, units, items] = await Promise.all([repo.listCategories(db), repo.listUnits(db), repo.listItems(db)]);
    const s = buildSnapshot(categories, units, items, revision);
    if (gen === generation) {
      snapshot = s;
      checkedAt = performance.now();
    }
    return s;
  }

  function reload(): Promise<CatalogSnapshot> {
    if (loading && loading.gen === generation) return loading.promise;
    const entry = { gen: generation, promise: load() };
    loading = entry;
    const done = () => {
      if (loading === entry) loading = undefined;
    };
    entry.promise.then(done, done);
    return entry.promise;
  }

  /** A revision check in flight: callers due for a check meanwhile share it (under load hundreds are, at once). */
  let checking: Promise<CatalogSnapshot> | undefined;

  function get(): Promise<CatalogSnapshot> {
    const s = snapshot;
    if (!s) return reload();
    if (performance.now() - checkedAt < checkEveryMs) return Promise.resolve(s);
    if (!checking) {
      const c = check(s);
      checking = c;
      const done = () => {
        if (checking === c) checking = undefined;
      };
      c.then(done, done);
    }
    return checking;
  }

  async function check(s: CatalogSnapshot): Promise<CatalogSnapshot> {
    const gen = generation;
    const revision = await readRevision(db);
    if (revision !== s.revision) return reload();
    if (gen === generation && snapshot === s) checkedAt = performance.now();
    return snapshot ?? reload();
  }

  return {
    get,
    invalidate() {
      generation += 1;
      snapshot = undefined;
    },
    async bump(tx, now) {
      await putSetting(tx, CATALOG_REVISION_KEY, { revision: opts.nextRevision() }, now);
    },
  };
}
