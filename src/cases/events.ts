/**
 * What the cases capability tells the rest of the house after a write commits: one domain event
 * per case event, named `case.<type>` (`case.dispatched`, `case.closed`, `case.deadline_overdue` …),
 * carrying who must act (the audience) so that subscribers need not read the case. This is the
 * capability's published contract; subscribers import these types, never the repository.
 */
import type { DomainEvent } from '../bus/bus.js';
import type { AudienceTag } from '../auth/lanes.js';
import { EVENT_NAMES, type CaseEventType } from './model.js';
import type { Audience, CaseEvent, CaseRecord } from './record.js';

export const CASE_EVENTS = 'case.*';

export interface CaseNotice {
  caseId: string;
  caseCode: string;
  categoryName: string;
  seq: number;
  type: CaseEventType;
  /** The event's Chinese name (派遣, 结案 …). */
  label: string;
  at: number;
  /** Where the case came from (`inspector`, `hotline`, `video` …): subscribers that only care for their own channel's cases skip the rest without a read. */
  source: string;
  /** The case after the write. */
  status: string;
  version: number;
  audience: AudienceTag;
}

export type CaseDomainEvent = DomainEvent<CaseNotice>;

export const caseEventName = (type: CaseEventType | string): string => `case.${type}`;

/** Domain events for events just committed on `c` (the stored record after the write). */
export function caseDomainEvents(c: CaseRecord, events: ReadonlyArray<{ event: CaseEvent; audience: Audience }>): CaseDomainEvent[] {
  return events.map(({ event, audience }) => ({
    name: caseEventName(event.type),
    id: `${c.id}.${event.seq}`,
    at: event.at,
    data: {
      caseId: c.id, caseCode: c.code, categoryName: c.categoryName, seq: event.seq, type: event.type,
      label: EVENT_NAMES[event.type] ?? event.type, at: event.at, source: c.source, status: c.status, version: c.version,
      audience: { role: audience.role, unitId: audience.unitId, userId: audience.userId, districtCode: c.place.districtCode, streetCode: c.place.streetCode },
    },
  }));
}
