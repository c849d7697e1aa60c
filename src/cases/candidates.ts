/**
 * The dispatcher's candidate units for one case, ranked, each with its reason (派遣建议): the
 * responsibility list matched again for the case as it is now, the territorial bodies of its place,
 * the units that closed the same class in its district lately, and who already gave it back.
 */
import type { User } from '../auth/model.js';
import type { CatalogService } from '../catalog/service.js';
import { rankUnitCandidates, type UnitCandidate } from '../catalog/unit-candidates.js';
import type { Clock } from '../core/clock.js';
import type { Db } from '../store/db.js';
import { closedByUnit } from './console-repo.js';
import type { CaseDetail } from './queries.js';

export const HISTORY_DAYS = 90;

export interface UnitCandidates {
  caseId: string;
  code: string;
  /** The responsibility list's verdict for the case as it is now. */
  routing: { unique: boolean; reason: string; reasonEn: string };
  items: UnitCandidate[];
}

export interface CandidateDeps {
  db: Db;
  clock: Clock;
  catalog: CatalogService;
  /** Reads the case for this user (authorizes case.read; out of scope reads as not found). */
  getCase(user: User, id: string): Promise<CaseDetail>;
}

export async function unitCandidates(deps: CandidateDeps, user: User, id: string): Promise<UnitCandidates> {
  const { case: c, events } = await deps.getCase(user, id);
  const [match, units, history] = await Promise.all([
    deps.catalog.matchResponsibility({
      categoryCode: c.categoryCode, districtCode: c.place.districtCode, streetCode: c.place.streetCode,
      condition: c.filingCondition, urgency: c.urgency,
    }),
    deps.catalog.listUnits(),
    closedByUnit(deps.db.kysely, { categoryCode: c.categoryCode, districtCode: c.place.districtCode, since: deps.clock.now() - HISTORY_DAYS * 86_400_000, limit: 5 }),
  ]);
  const returnedBy = events
    .filter((e) => e.type === 'return_approved' && typeof e.data.unitId === 'string')
    .map((e) => ({ unitId: e.data.unitId as string, reason: typeof e.data.reason === 'string' ? e.data.reason : null }));
  const items = rankUnitCandidates(match, units, {
    categoryName: c.categoryName, districtCode: c.place.districtCode, streetCode: c.place.streetCode,
    districtName: c.place.names.district, streetName: c.place.names.street,
    currentUnitId: c.unit?.id ?? null, returnedBy, history, historyDays: HISTORY_DAYS,
  });
  return { caseId: c.id, code: c.code, routing: { unique: match.unique, reason: match.reason, reasonEn: match.reasonEn }, items };
}
