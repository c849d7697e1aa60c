/**
 * The shared steps of every case write besides sealing (the kit's store seals): address events,
 * keep the stage clock in step with the state. Pure.
 */
import { awaitingRole, type CaseEventType } from './model.js';
import { revise, type Audience, type CaseRecord } from './record.js';
import { DEFAULT_STAGE_LIMITS, startClock, stageOf, type Stage, type StageClock, type TimeLimit, type WorkCalendar } from './stages.js';

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
