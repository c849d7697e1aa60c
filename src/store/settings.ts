import type { Executor } from './db.js';
import { fromJson, toJson } from './dialect.js';

/** Tables owned by the store itself. */
export interface StoreTables {
  settings: { key: string; value: unknown; updated_at: number };
}

/** Platform settings (small keyed JSON values). */
export async function getSetting<T>(db: Executor, key: string): Promise<T | undefined> {
  const row = await db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst();
  return row ? fromJson<T>(row.value) : undefined;
}

export async function putSetting(db: Executor, key: string, value: unknown, now: number): Promise<void> {
  await db
    .insertInto('settings')
    .values({ key, value: toJson(value), updated_at: now })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value: toJson(value), updated_at: now }))
    .execute();
}
