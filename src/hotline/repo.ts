/** The hotline capability's SQL beyond the kit's store: the gazetteer and the order lists. */
import type { Executor } from '../store/db.js';
import { fromJson, toJson } from '../store/dialect.js';
import type { GazetteerPlace, PlaceKind } from './gazetteer.js';
import { ORDER_STREAM } from './stream.js';
import type { HotlineOrder, OrderState } from './model.js';

const num = (v: unknown): number => Number(v);

export function createHotlineRepo(db: Executor) {
  return {
    async places(): Promise<GazetteerPlace[]> {
      const rows = await db.selectFrom('gazetteer_places').selectAll().orderBy('name').execute();
      return rows.map((r) => ({ id: r.id, name: r.name, kind: r.kind as PlaceKind, aliases: fromJson<string[]>(r.aliases) ?? [], lon: num(r.lon), lat: num(r.lat) }));
    },
    async placeCount(): Promise<number> {
      const r = await db.selectFrom('gazetteer_places').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirst();
      return num(r?.n ?? 0);
    },
    async insertPlaces(places: readonly GazetteerPlace[], now: number): Promise<void> {
      if (!places.length) return;
      await db.insertInto('gazetteer_places')
        .values(places.map((p) => ({ id: p.id, name: p.name, kind: p.kind, aliases: toJson(p.aliases), lon: p.lon, lat: p.lat, created_at: now })))
        .execute();
    },
    async placeByName(name: string): Promise<string | undefined> {
      return (await db.selectFrom('gazetteer_places').select('id').where('name', '=', name).executeTakeFirst())?.id;
    },
    async deletePlace(id: string): Promise<boolean> {
      const r = await db.deleteFrom('gazetteer_places').where('id', '=', id).executeTakeFirst();
      return Number(r.numDeletedRows) > 0;
    },

    /** Orders newest first, optionally in some states; `total` counts every match. */
    async listOrders(q: { states?: readonly OrderState[]; limit: number; offset: number }): Promise<{ items: HotlineOrder[]; total: number }> {
      let base = db.selectFrom('hotline_orders');
      if (q.states?.length) base = base.where('state', 'in', q.states as OrderState[]);
      const [rows, count] = await Promise.all([
        base.selectAll().orderBy('received_at', 'desc').orderBy('id', 'desc').limit(q.limit).offset(q.offset).execute(),
        base.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirst(),
      ]);
      return { items: rows.map((r) => ORDER_STREAM.rowToRecord(r as Record<string, unknown>)), total: num(count?.n ?? 0) };
    },

    async countByState(): Promise<Record<string, number>> {
      const rows = await db.selectFrom('hotline_orders').select(['state', (eb) => eb.fn.countAll<string>().as('n')]).groupBy('state').execute();
      return Object.fromEntries(rows.map((r) => [r.state, num(r.n)]));
    },
  };
}

export type HotlineRepo = ReturnType<typeof createHotlineRepo>;
