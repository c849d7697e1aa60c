/**
 * What the case service needs from geography, the catalog and the calendar, behind narrow
 * interfaces, so the commands read as the domain and tests see one seam.
 */
import { isAppError, unprocessable } from '../core/errors.js';
import type { MatchCandidate } from '../catalog/responsibility-model.js';
import type { GeoService } from '../geo/service.js';
import type { CatalogService } from '../catalog/service.js';
import type { CalendarService } from '../calendar/service.js';
import type { Place, UnitRef } from './record.js';
import type { Stage, TimeLimit, WorkCalendar } from './stages.js';
import type { Urgency } from './model.js';

export interface Located {
  lon: number;
  lat: number;
  h3: string;
  place: Place;
}

export interface MatchedItem {
  itemId: string;
  itemNo: string;
  condition: string;
  timeLimits: Partial<Record<Stage, TimeLimit>>;
  ownerUnitCode: string | null;
  ownerUnitName: string | null;
}

export interface Routing {
  unique: boolean;
  winner: MatchedItem | null;
  candidates: MatchedItem[];
  reason: string;
  reasonEn: string;
}

export interface CasePorts {
  locate(lon: number, lat: number, crs: string): Located;
  /** Name of an enabled class; 422 CATEGORY_NOT_FOUND otherwise. */
  categoryName(code: string): Promise<string>;
  route(q: { categoryCode: string; districtCode: string; streetCode: string; condition?: string | null; urgency?: Urgency | null }): Promise<Routing>;
  /** A unit by id or public code. */
  unit(idOrCode: string): Promise<UnitRef | undefined>;
  calendar: WorkCalendar;
}

const toItem = (c: MatchCandidate): MatchedItem => ({
  itemId: c.item.id,
  itemNo: c.item.itemNo,
  condition: c.item.condition,
  timeLimits: c.item.timeLimits as Partial<Record<Stage, TimeLimit>>,
  ownerUnitCode: c.ownerUnit?.code ?? null,
  ownerUnitName: c.ownerUnit?.name ?? null,
});

const isNotFound = (e: unknown) => isAppError(e) && e.kind === 'not_found';

export function createPorts(geo: GeoService, catalog: CatalogService, calendar: CalendarService): CasePorts {
  return {
    locate(lon, lat, crs) {
      const r = geo.locate(lon, lat, crs);
      return {
        lon: r.point.lon,
        lat: r.point.lat,
        h3: r.h3,
        place: {
          gridCode: r.grid.code, communityCode: r.community.code, streetCode: r.street.code, districtCode: r.district.code,
          names: { grid: r.grid.name, community: r.community.name, street: r.street.name, district: r.district.name },
        },
      };
    },
    async categoryName(code) {
      const c = await catalog.getCategory(code).catch((e: unknown) => {
        if (isNotFound(e) || (isAppError(e) && e.kind === 'invalid')) return undefined;
        throw e;
      });
      if (!c || !c.enabled) {
        throw unprocessable('CATEGORY_NOT_FOUND', `没有这个（或已停用的）部件事件分类：${code}`, `No such (enabled) class: ${code}`, { categoryCode: code });
      }
      return c.name;
    },
    async route(q) {
      const m = await catalog.matchResponsibility(q);
      return { unique: m.unique, winner: m.winner ? toItem(m.winner) : null, candidates: m.candidates.map(toItem), reason: m.reason, reasonEn: m.reasonEn };
    },
    async unit(idOrCode) {
      const u = await catalog.getUnit(idOrCode).catch((e: unknown) => {
        if (isNotFound(e) || (isAppError(e) && e.kind === 'invalid')) return undefined;
        throw e;
      });
      if (!u || !u.active) return undefined;
      return { id: u.id, code: u.code, name: u.name };
    },
    calendar: { deadline: (s, a, u) => calendar.deadline(s, a, u), elapsed: (f, t, u) => calendar.elapsed(f, t, u) },
  };
}
