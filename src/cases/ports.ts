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
import { DEFAULT_STAGE_LIMITS, STAGES, type Stage, type TimeLimit, type WorkCalendar } from './stages.js';
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
  /** Limits for a case no item fits: the process defaults as a command level in force shortens them (absent: the defaults). */
  defaults?: Partial<Record<Stage, TimeLimit>>;
}

export interface CasePorts {
  locate(lon: number, lat: number, crs: string): Located;
  /** Name of an enabled class; 422 CATEGORY_NOT_FOUND otherwise. */
  categoryName(code: string): Promise<string>;
  /** `at`: when the case was reported (a command level in force then may shorten its limits, see LimitPolicy). */
  route(q: { categoryCode: string; districtCode: string; streetCode: string; condition?: string | null; urgency?: Urgency | null; at?: number }): Promise<Routing>;
  /** A unit by id or public code. */
  unit(idOrCode: string): Promise<UnitRef | undefined>;
  calendar: WorkCalendar;
}

/**
 * What the command level in force does to a new case's stage limits (src/command, wired in app.ts).
 * The limits still come from the responsibility list (or the process default); the policy only
 * scales or replaces them for the classes that matter while 加强 or 应急 holds where the case is.
 */
export interface LimitPolicy {
  forCase(q: { categoryCode: string; districtCode: string; streetCode: string; at: number }): Promise<{
    adjust(limits: Record<Stage, TimeLimit>): Partial<Record<Stage, TimeLimit>> | undefined;
    reason: string;
    reasonEn: string;
  } | null>;
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

/** The list's limits of an item with the process default for stages it leaves open, as the level policy sees them. */
function withLevel(item: MatchedItem, level: NonNullable<Awaited<ReturnType<LimitPolicy['forCase']>>>): MatchedItem {
  const full = Object.fromEntries(STAGES.map((s) => [s, item.timeLimits[s] ?? DEFAULT_STAGE_LIMITS[s]])) as Record<Stage, TimeLimit>;
  const adjusted = level.adjust(full);
  return adjusted ? { ...item, timeLimits: adjusted } : item;
}

export function createPorts(geo: GeoService, catalog: CatalogService, calendar: CalendarService, limits?: LimitPolicy): CasePorts {
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
      const { at, ...match } = q;
      const m = await catalog.matchResponsibility(match);
      const routing: Routing = { unique: m.unique, winner: m.winner ? toItem(m.winner) : null, candidates: m.candidates.map(toItem), reason: m.reason, reasonEn: m.reasonEn };
      const level = limits && at !== undefined ? await limits.forCase({ categoryCode: q.categoryCode, districtCode: q.districtCode, streetCode: q.streetCode, at }) : null;
      if (!level) return routing;
      const defaults = level.adjust({ ...DEFAULT_STAGE_LIMITS });
      return {
        ...routing, ...(defaults ? { defaults } : {}), winner: routing.winner && withLevel(routing.winner, level), candidates: routing.candidates.map((c) => withLevel(c, level)),
        reason: `${routing.reason}；${level.reason}`, reasonEn: `${routing.reasonEn}; ${level.reasonEn}`,
      };
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
