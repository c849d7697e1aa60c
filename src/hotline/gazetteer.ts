/**
 * The gazetteer (地名地址库): the demo city's roads, communities and landmarks with a point each,
 * which an administrator extends, to place a work order whose 事件发生地 is only words. Pure: the
 * places come from the store (repo.ts), resolution is a scan over them.
 *
 * Resolution: every place whose name or alias the address contains is a candidate; a landmark or
 * a community beats a road (it is more precise than a road's one point), a longer name beats a
 * shorter one (湖滨南路 over 湖滨), the earlier mention breaks ties. No candidate: the order waits
 * for the operator in 待定位 (needs location).
 */
export const PLACE_KINDS = ['road', 'community', 'landmark'] as const;
export type PlaceKind = (typeof PLACE_KINDS)[number];
export const PLACE_KIND_ZH: Record<PlaceKind, string> = { road: '道路', community: '社区/小区', landmark: '地标' };

export interface GazetteerPlace {
  id: string;
  name: string;
  kind: PlaceKind;
  /** Other names callers use (老虎城 for 老虎城购物中心). */
  aliases: string[];
  /** WGS-84 */
  lon: number;
  lat: number;
}

export interface Resolved {
  place: GazetteerPlace;
  /** The name found in the address. */
  matched: string;
}

const RANK: Record<PlaceKind, number> = { landmark: 2, community: 2, road: 1 };

export function resolveAddress(address: string, places: readonly GazetteerPlace[]): Resolved | null {
  const text = address.replace(/\s+/g, '');
  let best: (Resolved & { at: number }) | null = null;
  for (const place of places) {
    for (const name of [place.name, ...place.aliases]) {
      if (name.length < 2) continue;
      const at = text.indexOf(name);
      if (at < 0) continue;
      const better = !best
        || RANK[place.kind] > RANK[best.place.kind]
        || (RANK[place.kind] === RANK[best.place.kind] && (name.length > best.matched.length || (name.length === best.matched.length && at < best.at)));
      if (better) best = { place, matched: name, at };
    }
  }
  return best ? { place: best.place, matched: best.matched } : null;
}
