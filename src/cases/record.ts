/** The case as the services see it (camelCase), and the drafts of events a command produces. Pure types. */
import type { CasePhase, CaseSource, CaseStatus, CaseEventType, Role, Urgency } from './model.js';
import type { Stage, StageClock, TimeLimit } from './stages.js';

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

/** An event as a command drafts it; the pipeline adds seq, hashes and audience. */
export interface EventDraft {
  type: CaseEventType;
  data: Record<string, unknown>;
  actorId: string;
  role: string;
  at: number;
  lon?: number | null;
  lat?: number | null;
  attachments?: string[];
}

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
