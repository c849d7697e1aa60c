/**
 * An emergency incident (应急事件): opened when an area goes to 应急, it gathers the cases reported
 * there meanwhile, the tasks of the response and the instructions issued for it, in one place;
 * closed when the area comes back from 应急. A doc stream on the kit. Pure.
 */
import { docStream, type DocRecord } from '../workflow/doc-stream.js';

export interface IncidentTask {
  id: string;
  text: string;
  assignee: string | null;
  done: boolean;
  doneAt: number | null;
}

export interface Incident extends DocRecord {
  state: 'open' | 'closed';
  title: string;
  areaCode: string;
  areaName: string;
  districtCode: string | null;
  streetCode: string | null;
  openedAt: number;
  closedAt: number | null;
  caseIds: string[];
  instructionIds: string[];
  tasks: IncidentTask[];
}

export const INCIDENT_STREAM = docStream<Incident>({
  name: 'incident',
  zh: '应急事件',
  table: 'command_incidents',
  eventsTable: 'command_incident_events',
  indexed: [['area_code', 'text', (i) => i.areaCode], ['opened_at', 'bigint', (i) => i.openedAt]],
});

/** Does an incident of `areaCode` cover a place? (the city covers all, a district its streets) */
export function covers(areaCode: string, place: { districtCode: string | null; streetCode: string | null }): boolean {
  if (/^\d{4}00$/.test(areaCode)) return place.districtCode?.slice(0, 4) === areaCode.slice(0, 4);
  if (areaCode.length === 6) return place.districtCode === areaCode;
  return place.streetCode === areaCode;
}
