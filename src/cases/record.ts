/** The case as the services see it (camelCase), and the drafts of events a command produces. Types, and the one copy of a record. */
import type { CasePhase, CaseSource, CaseStatus, CaseEventType, Role, Urgency } from './model.js';
import type { Stage, StageClock, TimeLimit } from './stages.js';
import type { EventDraft as KitDraft } from '../workflow/stream.js';

export interface Place {
  gridCode: string;
  communityCode: string;
  streetCode: string;
  districtCode: string;
  names: { grid: string; community: string; street: string; district: string };
}

export interface UnitRef {
  id: string;
  code: string;
  name: string;
}

/** A request waiting for a decision (回退/延期/挂账/作废申请). */
export interface PendingRequest {
  kind: 'return' | 'extension' | 'suspension' | 'void';
  reason: string;
  amount?: number;
  unit?: string;
  by: string;
  at: number;
}

export interface CaseRecord {
  id: string;
  code: string;
  status: CaseStatus;
  phase: CasePhase;
  version: number;
  lastHash: string;
  awaitingRole: Role | null;
  source: CaseSource;
  externalRef: string | null;
  idempotencyKey: string | null;
  categoryCode: string;
  categoryName: string;
  urgency: Urgency;
  description: string;
  address: string | null;
  lon: number;
  lat: number;
  h3: string;
  place: Place;
  reporterId: string;
  photos: string[];
  reportedAt: number;
  filedAt: number | null;
  closedAt: number | null;
  updatedAt: number;
  itemId: string | null;
  itemNo: string | null;
  filingCondition: string | null;
  timeLimits: Partial<Record<Stage, TimeLimit>> | null;
  unit: UnitRef | null;
  clock: StageClock;
  suspendedAt: number | null;
  suspendedMs: number;
  pending: PendingRequest | null;
  checkConfirmed: boolean | null;
  urgeCount: number;
  supervised: boolean;
  supervisionLevel: number | null;
  supervisionOpen: boolean;
  supervisorId: string | null;
  dispatchCount: number;
  reworkCount: number;
  returnCount: number;
  mergedInto: string | null;
}

/** An event as a command drafts it (the kit's draft, typed by the case's event types). */
export type EventDraft = KitDraft<CaseEventType>;

/** An event as stored. */
export interface CaseEvent {
  caseId: string;
  seq: number;
  type: CaseEventType;
  data: Record<string, unknown>;
  actorId: string;
  role: string;
  at: number;
  lon: number | null;
  lat: number | null;
  attachments: string[];
  prevHash: string;
  hash: string;
}

/** Who should hear of an event (stored beside it, not hashed). */
export interface Audience {
  role: Role | null;
  unitId: string | null;
  userId: string | null;
}

/**
 * A copy of a case record with some members replaced: what `{ ...c, ...patch }` means, written out.
 * Records are never mutated, and V8 copies a 44-member object by spread in 1.5–3 µs against ≈ 0.1 µs
 * for this literal; a write makes several copies (measured: 10–15 µs an action). The literal names
 * every member, so a member added to CaseRecord fails to compile here until it is copied too.
 */
export function revise(c: CaseRecord, patch?: Partial<CaseRecord>): CaseRecord {
  const n: CaseRecord = {
    id: c.id, code: c.code, status: c.status, phase: c.phase, version: c.version, lastHash: c.lastHash, awaitingRole: c.awaitingRole,
    source: c.source, externalRef: c.externalRef, idempotencyKey: c.idempotencyKey, categoryCode: c.categoryCode, categoryName: c.categoryName,
    urgency: c.urgency, description: c.description, address: c.address, lon: c.lon, lat: c.lat, h3: c.h3, place: c.place,
    reporterId: c.reporterId, photos: c.photos, reportedAt: c.reportedAt, filedAt: c.filedAt, closedAt: c.closedAt, updatedAt: c.updatedAt,
    itemId: c.itemId, itemNo: c.itemNo, filingCondition: c.filingCondition, timeLimits: c.timeLimits, unit: c.unit, clock: c.clock,
    suspendedAt: c.suspendedAt, suspendedMs: c.suspendedMs, pending: c.pending, checkConfirmed: c.checkConfirmed, urgeCount: c.urgeCount,
    supervised: c.supervised, supervisionLevel: c.supervisionLevel, supervisionOpen: c.supervisionOpen, supervisorId: c.supervisorId,
    dispatchCount: c.dispatchCount, reworkCount: c.reworkCount, returnCount: c.returnCount, mergedInto: c.mergedInto,
  };
  if (patch) for (const k in patch) (n as unknown as Record<string, unknown>)[k] = (patch as Record<string, unknown>)[k];
  return n;
}
