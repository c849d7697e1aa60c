/**
 * Patrol (巡查): an inspector's shift (班次) on duty — start, pause, resume, end — as a workflow on
 * the kit, and the shape of the track points the inspector app sends. Pure: types, the stream
 * declaration and the declared actions.
 */
import { Type } from 'typebox';
import { docStream, type DocRecord } from '../workflow/doc-stream.js';
import type { WorkflowAction } from '../workflow/workflow.js';
import type { Pause } from './figures.js';

export type ShiftState = 'on_duty' | 'paused' | 'ended';
export const SHIFT_STATE_NAMES: Record<ShiftState, string> = { on_duty: '在岗', paused: '暂停', ended: '已下班' };

export interface PatrolShift extends DocRecord {
  state: ShiftState;
  inspectorId: string;
  inspectorName: string;
  districtCode: string | null;
  streetCode: string | null;
  /** The plan the grids were assigned from, and the grids (at the start of the shift). */
  planId: string | null;
  assigned: string[];
  /** Seconds between positions the app is asked to send. */
  intervalS: number;
  startedAt: number;
  endedAt: number | null;
  pauses: Pause[];
  /** While open: the inspector's id (one open shift per inspector, by a unique index). */
  openInspector: string | null;
}

export const SHIFT_STREAM = docStream<PatrolShift>({
  name: 'patrol_shift',
  zh: '巡查班次',
  table: 'patrol_shifts',
  eventsTable: 'patrol_shift_events',
  indexed: [
    ['inspector_id', 'text', (s) => s.inspectorId],
    ['open_inspector', 'text', (s) => s.openInspector],
    ['district_code', 'text', (s) => s.districtCode],
    ['street_code', 'text', (s) => s.streetCode],
    ['started_at', 'bigint', (s) => s.startedAt],
  ],
  lookups: { open: ['open_inspector'] },
});

export const DEFAULT_INTERVAL_S = 10;
export const MIN_INTERVAL_S = 5;
export const MAX_INTERVAL_S = 300;

const Note = Type.Optional(Type.String({ maxLength: 200, title: '说明' }));

/** The shift's actions after its start (the start is a create: POST /api/v1/patrol/shifts). */
export const SHIFT_ACTIONS = {
  pause: {
    zh: '暂停巡查', en: 'Pause', roles: ['inspector'], permission: 'patrol.shift', from: ['on_duty'], to: 'paused', event: 'paused',
    body: Type.Object({ note: Note }, { additionalProperties: false }),
    run: ({ now }, s, b: { note?: string }) => ({ next: { ...s, pauses: [...s.pauses, { from: now, to: null }], updatedAt: now }, data: { note: b.note ?? null } }),
  },
  resume: {
    zh: '继续巡查', en: 'Resume', roles: ['inspector'], permission: 'patrol.shift', from: ['paused'], to: 'on_duty', event: 'resumed',
    body: Type.Object({}, { additionalProperties: false }),
    run: ({ now }, s) => ({ next: { ...s, pauses: closePauses(s.pauses, now), updatedAt: now }, data: {} }),
  },
  end: {
    zh: '下班', en: 'End shift', roles: ['inspector'], permission: 'patrol.shift', from: ['on_duty', 'paused'], to: 'ended', event: 'ended',
    body: Type.Object({ note: Note }, { additionalProperties: false }),
    // The service adds the shift's figures to the event's data (they need the stored track).
    run: ({ now }, s, b: { note?: string }) => ({
      next: { ...s, pauses: closePauses(s.pauses, now), endedAt: now, openInspector: null, updatedAt: now },
      data: { note: b.note ?? null },
    }),
  },
} satisfies Record<string, WorkflowAction<PatrolShift>>;

export type ShiftAction = keyof typeof SHIFT_ACTIONS;
export type ShiftPermission = 'patrol.shift';

function closePauses(pauses: readonly Pause[], now: number): Pause[] {
  return pauses.map((p) => (p.to === null ? { from: p.from, to: now } : p));
}
