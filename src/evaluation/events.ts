/**
 * How the evaluation reads a case event (docs/case-events.md). The only place that knows the field
 * names of event payloads, so a change in the log's payloads is one edit here. Pure.
 */

/** A case event as the evaluation needs it (a row of case_events, data parsed). */
export interface EvalEvent {
  caseId: string;
  seq: number;
  type: string;
  at: number;
  actorId: string;
  role: string;
  data: unknown;
}

/** The few payload fields the evaluation uses, read once. */
export interface ReadEvent extends Omit<EvalEvent, 'data'> {
  /** reported: the source (inspector, citizen, hotline …). */
  source: string | null;
  /** reported: the 15-digit grid code the location resolved to. */
  gridCode: string | null;
  /** dispatched / reassigned: the unit the case goes to. */
  unitId: string | null;
  /** deadline_warning / deadline_overdue: the stage whose clock it is. */
  stage: string | null;
  /** Any event that ends a stage clock: which stage, and whether it ended by its deadline. */
  endedStage: { stage: string; onTime: boolean } | null;
}

const str = (v: unknown): string | null => (typeof v === 'string' && v.length > 0 ? v : null);

function pick(data: Record<string, unknown>, ...paths: string[]): string | null {
  for (const p of paths) {
    let v: unknown = data;
    for (const part of p.split('.')) v = v && typeof v === 'object' ? (v as Record<string, unknown>)[part] : undefined;
    const s = str(v);
    if (s) return s;
  }
  return null;
}

function readEnded(v: unknown): ReadEvent['endedStage'] {
  if (!v || typeof v !== 'object') return null;
  const o = v as { stage?: unknown; onTime?: unknown };
  return typeof o.stage === 'string' && typeof o.onTime === 'boolean' ? { stage: o.stage, onTime: o.onTime } : null;
}

export function readEvent(e: EvalEvent): ReadEvent {
  const data = (e.data && typeof e.data === 'object' ? e.data : {}) as Record<string, unknown>;
  return {
    caseId: e.caseId,
    seq: e.seq,
    type: e.type,
    at: e.at,
    actorId: e.actorId,
    role: e.role,
    source: e.type === 'reported' ? pick(data, 'source') : null,
    gridCode: e.type === 'reported' ? pick(data, 'gridCode', 'place.gridCode', 'grid_code', 'place.grid.code') : null,
    unitId: e.type === 'dispatched' || e.type === 'reassigned' ? pick(data, 'unitId', 'unit.id', 'toUnitId') : null,
    stage: e.type === 'deadline_overdue' || e.type === 'deadline_warning' ? pick(data, 'stage') : null,
    endedStage: readEnded(data.endedStage),
  };
}
