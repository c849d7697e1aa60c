/** Reads: case detail (timeline, duplicates, buttons), search, worklist. */
import { forbidden, notFound } from '../core/errors.js';
import type { User } from '../auth/model.js';
import { accessFilter, authorize, can } from '../auth/policy.js';
import { lanesFor } from '../auth/lanes.js';
import type { Db } from '../store/db.js';
import { CASE_ACTIONS, permissionFor, transition, type CaseAction } from './lifecycle.js';
import { boxAround, distanceMeters, DUPLICATE_RADIUS_M, DUPLICATE_WINDOW_MS } from './nearby.js';
import type { CasePorts } from './ports.js';
import type { CaseEvent, CaseRecord } from './record.js';
import * as repo from './repo.js';
import type { CaseStore } from './store.js';

export interface CaseDetail {
  case: CaseRecord;
  events: CaseEvent[];
  /** Same class within 50 m and 24 h (shown at filing). */
  duplicates: Array<{ case: CaseRecord; distanceM: number }>;
  /** Cases merged into this one. */
  merged: Array<{ id: string; code: string }>;
  /** What this user may do now. */
  actions: CaseAction[];
}

export async function duplicatesOf(db: Db, c: CaseRecord): Promise<Array<{ case: CaseRecord; distanceM: number }>> {
  const box = boxAround(c.lon, c.lat, DUPLICATE_RADIUS_M);
  const near = await repo.nearbySameCategory(db.kysely, {
    excludeId: c.id, categoryCode: c.categoryCode, from: c.reportedAt - DUPLICATE_WINDOW_MS, to: c.reportedAt + DUPLICATE_WINDOW_MS, ...box,
  });
  return near
    .map((x) => ({ case: x, distanceM: Math.round(distanceMeters(c.lon, c.lat, x.lon, x.lat) * 10) / 10 }))
    .filter((x) => x.distanceM <= DUPLICATE_RADIUS_M && x.case.mergedInto !== c.id)
    .sort((a, b) => a.distanceM - b.distanceM);
}

/** The actions this user could take now: allowed by the lifecycle and by the policy for this case. */
export function actionsFor(user: User, c: CaseRecord): CaseAction[] {
  const resource = { districtCode: c.place.districtCode, streetCode: c.place.streetCode, unitId: c.unit?.id ?? null };
  const facts = { source: c.source, checkConfirmed: c.checkConfirmed, supervisionOpen: c.supervisionOpen };
  return CASE_ACTIONS.filter((a) => {
    if (!can(user, permissionFor(a, c), resource).allowed) return false;
    try {
      transition(c, a, { ...facts, passed: true });
      return true;
    } catch {
      return false;
    }
  });
}

/** The units a case was ever dispatched or reassigned to, from its log. */
export function unitsThatHeld(events: readonly CaseEvent[]): Set<string> {
  const out = new Set<string>();
  for (const e of events) {
    if (e.type !== 'dispatched' && e.type !== 'reassigned') continue;
    const unitId = (e.data as { unitId?: unknown }).unitId;
    if (typeof unitId === 'string') out.add(unitId);
  }
  return out;
}

/**
 * May this user read the case? The policy with the case's place and current unit, and for a unit-bound
 * role also any unit that once held it: a unit that returned a case, or had it reassigned away, still
 * reads it (its own 退回 record included). `events` saves a read when the caller has them.
 */
export async function mayReadCase(store: CaseStore, user: User, c: CaseRecord, events?: readonly CaseEvent[]): Promise<boolean> {
  // Its reporter reads it (the public channel's actor acting on its own report, like an intake replay).
  if (user.id === c.reporterId && user.active) return true;
  const resource = { districtCode: c.place.districtCode, streetCode: c.place.streetCode, unitId: c.unit?.id ?? null };
  const d = can(user, 'case.read', resource);
  if (d.allowed) return true;
  if (d.code !== 'FORBIDDEN_UNIT' || !user.unitId || c.unit?.id === user.unitId) return false;
  const held = unitsThatHeld(events ?? (await store.events(c.id)));
  return held.has(user.unitId) && can(user, 'case.read', { ...resource, unitId: user.unitId }).allowed;
}

/** What a case that does not exist, or is out of the reader's scope, answers (404). */
export const caseNotFound = (caseId: string) => notFound('CASE_NOT_FOUND', '案卷不存在', 'No such case', { caseId });

/** The policy's answer for reading a case by its place and current unit (no log read). */
export function mayReadCaseNow(user: User, c: CaseRecord): boolean {
  return can(user, 'case.read', { districtCode: c.place.districtCode, streetCode: c.place.streetCode, unitId: c.unit?.id ?? null }).allowed;
}

export async function caseDetail(deps: { db: Db; ports: CasePorts; store: CaseStore }, user: User, id: string): Promise<CaseDetail> {
  authorize(user, 'case.read'); // a role that reads no cases learns nothing of which exist
  const c = await deps.store.load(id);
  // Out of scope reads as "not found": the answer tells nothing of which ids exist in other districts or units.
  if (!c || !(await mayReadCase(deps.store, user, c))) throw caseNotFound(id);
  const [events, duplicates, merged] = await Promise.all([
    deps.store.events(id),
    duplicatesOf(deps.db, c),
    repo.mergedInto(deps.db.kysely, id),
  ]);
  // Possible duplicates are shown only where the reader may read them (and as a summary: presenters.ts).
  return { case: c, events, duplicates: duplicates.filter((x) => mayReadCaseNow(user, x.case)), merged, actions: actionsFor(user, c) };
}

/** A search as people ask it: the repository's filter without the access narrowing, plus paging. */
export type CaseSearch = Omit<repo.SearchFilter, 'access' | 'awaitingRole'> & { page?: number; pageSize?: number };

export interface SearchPage {
  items: CaseRecord[];
  /** How many cases match, counted up to LIST_COUNT_CAP. */
  total: number;
  /** More than `total` match: the count stopped at LIST_COUNT_CAP ("10 000+"). */
  totalCapped: boolean;
  page: number;
  pageSize: number;
}

/**
 * A list counts its matches up to this many and says "10 000+" beyond: an exact count walks every
 * matching index entry on every page (at 200 000 cases a city-wide list's count was most of the
 * list's time), while nobody pages through more than 500 pages of 20.
 */
export const LIST_COUNT_CAP = 10_000;

export async function searchCases(db: Db, user: User, q: CaseSearch): Promise<SearchPage> {
  const access = accessFilter(user, 'case.read');
  if (!access) throw forbidden('FORBIDDEN_ROLE', '您的角色无权查看案卷', 'None of your roles may read cases', { action: 'case.read' });
  const page = Math.max(1, Math.floor(q.page ?? 1));
  const pageSize = Math.min(200, Math.max(1, Math.floor(q.pageSize ?? 20)));
  const { items, total, capped } = await repo.searchCases(db, { ...q, q: q.q?.trim() || undefined, access }, page, pageSize, LIST_COUNT_CAP);
  return { items, total, totalCapped: capped, page, pageSize };
}

export interface MapAnswer {
  points: repo.MapPoint[];
  total: number;
  truncated: boolean;
}

/** Up to this many points in one map answer: the whole open caseload of a big city. */
export const MAP_POINT_LIMIT = 50_000;

/** The cases of a search as map points (no paging, capped): the command center draws them all at once. */
export async function mapCases(db: Db, user: User, q: Omit<CaseSearch, 'page' | 'pageSize'>, limit = MAP_POINT_LIMIT): Promise<MapAnswer> {
  const access = accessFilter(user, 'case.read');
  if (!access) throw forbidden('FORBIDDEN_ROLE', '您的角色无权查看案卷', 'None of your roles may read cases', { action: 'case.read' });
  const { points, total } = await repo.mapPoints(db, { ...q, q: q.q?.trim() || undefined, access }, Math.min(MAP_POINT_LIMIT, Math.max(1, limit)));
  return { points, total, truncated: total > points.length };
}

/** What this user must act on, most urgent (earliest deadline) first. */
export async function worklistFor(db: Db, user: User, limit = 100): Promise<CaseRecord[]> {
  const lanes = lanesFor(user).filter((l) => l.role !== 'admin' && l.role !== 'evaluator');
  const replyUnitId = user.roles.includes('handler') && user.unitId ? user.unitId : undefined;
  return repo.worklist(db.kysely, { lanes, replyUnitId, limit: Math.min(500, Math.max(1, limit)) });
}
