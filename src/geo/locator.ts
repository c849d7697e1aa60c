/**
 * `locate`: a point → {grid, community, street, district}, its H3 cell and the WGS-84 point.
 * Built once from the loaded geography (plain data), then answers synchronously. Pure: no I/O.
 */
import { h3Cell, toWgs84 } from './coords.js';
import { outsideManagedArea, type AreaRef, type Crs, type GeoArea, type LocateResult } from './model.js';
import { PolygonIndex } from './spatial.js';

interface GridEntry {
  grid: AreaRef;
  community: AreaRef;
  street: AreaRef;
  district: AreaRef;
}

export class Locator {
  private readonly index: PolygonIndex;
  private readonly entries: GridEntry[];
  readonly gridCount: number;

  /** `areas` holds every level; grids whose ancestors are missing get the ancestor's code as name. */
  constructor(areas: Iterable<GeoArea>) {
    const names = new Map<string, string>();
    const grids: GeoArea[] = [];
    for (const a of areas) {
      names.set(a.code, a.name);
      if (a.level === 'grid') grids.push(a);
    }
    const ref = (code: string): AreaRef => ({ code, name: names.get(code) ?? code });
    this.entries = grids.map((g) => ({
      grid: { code: g.code, name: g.name },
      community: ref(g.code.slice(0, 12)),
      street: ref(g.code.slice(0, 9)),
      district: ref(g.code.slice(0, 6)),
    }));
    this.index = new PolygonIndex(grids.map((g) => g.geometry));
    this.gridCount = grids.length;
  }

  /** The grid entry containing a WGS-84 point, or null. The hot path: no conversion, no allocation. */
  find(lon: number, lat: number): GridEntry | null {
    const i = this.index.locate(lon, lat);
    return i < 0 ? null : this.entries[i]!;
  }

  /** Grid code at a WGS-84 point, or null. */
  gridCodeAt(lon: number, lat: number): string | null {
    return this.find(lon, lat)?.grid.code ?? null;
  }

  /**
   * Locates a point given in `crs` (default WGS-84). Throws COORDINATE_INVALID / CRS_INVALID (400)
   * for bad input and OUTSIDE_MANAGED_AREA (422) when no grid contains the point.
   */
  locate(lon: number, lat: number, crs: Crs = 'wgs84'): LocateResult {
    const p = toWgs84(lon, lat, crs);
    const e = this.find(p.lon, p.lat);
    if (!e) throw outsideManagedArea(p.lon, p.lat);
    return {
      point: { lon: p.lon, lat: p.lat },
      h3: h3Cell(p.lon, p.lat),
      grid: { ...e.grid },
      community: { ...e.community },
      street: { ...e.street },
      district: { ...e.district },
    };
  }
}
