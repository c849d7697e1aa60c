/**
 * The shared steps of every write: stamp events with seq and hash chain, address them, keep the
 * stage clock in step with the state. Pure.
 */
import { GENESIS_HASH, canonicalJson, hashEvent } from './chain.js';
import { awaitingRole, type CaseEventType } from './model.js';
import { revise, type Audience, type CaseEvent, type CaseRecord, type EventDraft } from './record.js';
import { DEFAULT_STAGE_LIMITS, startClock, stageOf, type Stage, type StageClock, type TimeLimit, type WorkCalendar } from './stages.js';

export { GENESIS_HASH };

/** The limit of a stage for this case: the responsibility item's, else the process default. */
export function limitFor(c: Pick<CaseRecord, 'timeLimits'>, stage: Stage): TimeLimit {
  return c.timeLimits?.[stage] ?? DEFAULT_STAGE_LIMITS[stage];
}

/** Who must hear of an event, given the case after it. */
export function audienceOf(type: CaseEventType, next: CaseRecord): Audience {
  switch (type) {
    case 'supervision_replied':
      return { role: null, unitId: null, userId: next.supervisorId };
    case 'closed':
    case 'rejected':
    case 'voided':
    case 'merged':
      return { role: null, unitId: null, userId: next.reporterId };
    case 'supervised':
      if (next.unit) return { role: 'handler', unitId: next.unit.id, userId: null };
      break;
    default:
      break;
  }
  const role = next.awaitingRole;
  return { role, unitId: role === 'handler' ? (next.unit?.id ?? null) : null, userId: null };
}

const SILENT: Audience = { role: null, unitId: null, userId: null };

/** An event ready to store: `dataJson` is the canonical JSON of its data (hashed, and stored as is). */
export interface SealedEvent {
  event: CaseEvent;
  audience: Audience;
  dataJson?: string;
}

/** Seq numbers, hashes and audiences for the drafts, continuing the case's chain. Only the last event of a batch notifies. */
export function seal(prev: Pick<CaseRecord, 'id' | 'version' | 'lastHash'>, drafts: readonly EventDraft[], next: CaseRecord): {
  events: SealedEvent[];
  version: number;
  lastHash: string;
} {
  let seq = prev.version;
  let prevHash = prev.version === 0 ? GENESIS_HASH : prev.lastHash;
  const out: SealedEvent[] = [];
  drafts.forEach((d, i) => {
    seq += 1;
    const base: Omit<CaseEvent, 'hash'> & { hash?: string } = {
      caseId: prev.id, seq, type: d.type, data: d.data, actorId: d.actorId, role: d.role, at: d.at,
      lon: d.lon ?? null, lat: d.lat ?? null, attachments: d.attachments ?? [], prevHash,
    };
    const dataJson = canonicalJson(d.data);
    const event = base as CaseEvent;
    event.hash = hashEvent(base, dataJson);
    out.push({ event, audience: i === drafts.length - 1 ? audienceOf(d.type, next) : SILENT, dataJson });
    prevHash = event.hash;
  });
  return { events: out, version: seq, lastHash: prevHash };
}

/** How a stage ended, for the event that ends it (on-time figures come from here). */
export function stageOutcome(clock: StageClock, now: number): { stage: Stage; cycle: number; dueAt: number | null; onTime: boolean } | null {
  if (!clock.stage) return null;
  return { stage: clock.stage, cycle: clock.cycle, dueAt: clock.dueAt, onTime: clock.dueAt === null || now <= clock.dueAt };
}

/**
 * The clock after a transition: kept when the stage stays, restarted for a new stage (or when
 * asked: rework, reassignment), cleared when the case ends.
 */
export function nextClock(cal: WorkCalendar, prev: CaseRecord, next: CaseRecord, now: number, restart: boolean): StageClock {
  const stage = stageOf(next);
  if (stage === null) return { ...next.clock, stage: null, startedAt: null, limit: null, segmentStart: null, consumed: 0, warnAt: null, dueAt: null };
  if (!restart && stage === prev.clock.stage) return next.clock;
  return startClock(cal, next.clock, stage, limitFor(next, stage), now);
}

/** Finishes a record after a command: its clock (when given), awaiting role and update time. */
export function settle(next: CaseRecord, now: number, clock: StageClock = next.clock): CaseRecord {
  return revise(next, { clock, awaitingRole: awaitingRole(next), updatedAt: now });
}
