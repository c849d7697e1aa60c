/** The hotline capability's SQL beyond the kit's store: the gazetteer and the order lists. */
import type { AccessFilter } from '../auth/policy.js';
import type { Executor } from '../store/db.js';
import { fromJson, toJson } from '../store/dialect.js';
import type { GazetteerPlace, PlaceKind } from './gazetteer.js';
import { ORDER_STREAM } from './stream.js';
import type { HotlineOrder, OrderState } from './model.js';

const num = (v: unknown): number => Number(v);

/** Narrows an orders query to a reader's area (an empty filter: the whole city). */
function inArea<Q extends { where: (col: 'district_code' | 'street_code', op: '=', v: string) => Q }>(q: Q, area: AccessFilter): Q {
  let out = q;
  if (area.districtCode) out = out.where('district_code', '=', area.districtCode);
  if (area.streetCode) out = out.where('street_code', '=', area.streetCode);
  return out;
}

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

    /** Orders newest first in the reader's area, optionally in some states; `total` counts every match. */
    async listOrders(area: AccessFilter, q: { states?: readonly OrderState[]; limit: number; offset: number }): Promise<{ items: HotlineOrder[]; total: number }> {
      let base = inArea(db.selectFrom('hotline_orders'), area);
      if (q.states?.length) base = base.where('state', 'in', q.states as OrderState[]);
      const [rows, count] = await Promise.all([
        base.selectAll().orderBy('received_at', 'desc').orderBy('id', 'desc').limit(q.limit).offset(q.offset).execute(),
        base.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirst(),
      ]);
      return { items: rows.map((r) => ORDER_STREAM.rowToRecord(r as Record<string, unknown>)), total: num(count?.n ?? 0) };
    },

    async countByState(area: AccessFilter): Promise<Record<string, number>> {
      const rows = await inArea(db.selectFrom('hotline_orders'), area).select(['state', (eb) => eb.fn.countAll<string>().as('n')]).groupBy('state').execute();
      return Object.fromEntries(rows.map((r) => [r.state, num(r.n)]));
    },
  };
}

export type HotlineRepo = ReturnType<typeof createHotlineRepo>;
