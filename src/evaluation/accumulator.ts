/**
 * The counter accumulator: a left fold over one case's events (docs/case-events.md) that says, for
 * each event, which counters of which objects it moves. Every evaluation figure comes from here, so
 * figures are derived from the event log only. Pure: no I/O; the state is plain JSON so a read model
 * can store it between catch-ups and go on folding where it stopped.
 *
 * - Flows: `+1` to a counter of an object on the Shanghai day of the event.
 * - Stocks: an overdue case (红灯) is an interval [start, end) during which it counts in `overdueOpen`
 *   of its regions and unit (and `overdueUnhandled` of the unit while in the handling stage). A
 *   period's stock is the intervals open at the end of its last day.
 *
 * "On time": the event that ends a stage says whether it came by the stage's deadline
 * (`endedStage.onTime`, docs/case-events.md); for older logs without it, the stage clock must not
 * have gone red (`deadline_overdue`) since it last started.
 */
import { shanghaiDate } from '../core/time.js';
import type { CounterKey, ObjectType } from './model.js';
import { readEvent, type EvalEvent } from './events.js';

export type { EvalEvent } from './events.js';

export interface ObjectRef {
  type: ObjectType;
  id: string;
}

export interface Flow {
  day: string;
  type: ObjectType;
  id: string;
  counter: CounterKey;
}

export interface OverdueInterval {
  caseId: string;
  /** seq of the deadline_overdue event that opened it: (caseId, startSeq) names the interval. */
  startSeq: number;
  start: number;
  /** null while still open. */
  end: number | null;
  objects: Array<ObjectRef & { counter: 'overdueOpen' | 'overdueUnhandled' }>;
}

type Stage = 'accept' | 'check' | 'file' | 'dispatch' | 'handle' | 'verify' | 'close';

/** What the fold remembers about a case between events. JSON-safe. */
export interface CaseFoldState {
  seq: number;
  source: string | null;
  grid: string | null;
  /** The inspector who reported it (inspector source only). */
  reporter: string | null;
  /** The inspector who did the on-site check (核实) of a public report. */
  checker: string | null;
  filer: string | null;
  /** Who made the current dispatch; null for the platform's auto-dispatch. */
  dispatcher: string | null;
  unit: string | null;
  stage: Stage | null;
  /** The current stage clock has gone red since it last started. */
  stageLate: boolean;
  /** Some clock went red after filing: the case cannot be closed on time any more. */
  lateSinceFiling: boolean;
  /** Took the self-handled path (自处理): closing it proves the report valid. */
  selfHandled: boolean;
  ended: boolean;
  /** The open overdue interval, if any. */
  overdue: OverdueInterval | null;
}

export function initialFoldState(): CaseFoldState {
  return {
    seq: 0, source: null, grid: null, reporter: null, checker: null, filer: null, dispatcher: null, unit: null,
    stage: null, stageLate: false, lateSinceFiling: false, selfHandled: false, ended: false, overdue: null,
  };
}

export interface StepResult {
  flows: Flow[];
  /** Intervals that were opened or closed by this event (closed ones have `end`). */
  intervals: OverdueInterval[];
}

/** Region objects of a grid code: grid 15 digits → community 12 → street 9 → district 6 (standards.md §2.2). */
export function regionsOf(grid: string | null): ObjectRef[] {
  if (!grid) return [];
  const out: ObjectRef[] = [{ type: 'grid', id: grid }];
  if (grid.length >= 12) out.push({ type: 'community', id: grid.slice(0, 12) });
  if (grid.length >= 9) out.push({ type: 'street', id: grid.slice(0, 9) });
  if (grid.length >= 6) out.push({ type: 'district', id: grid.slice(0, 6) });
  return out;
}

/** The stage a case is in after an event of this type (unchanged when absent). */
const STAGE_AFTER: Partial<Record<string, Stage | null>> = {
  reported: 'accept', check_requested: 'check', checked: 'accept', accepted: 'file', self_handled: 'close',
  filed: 'dispatch', return_approved: 'dispatch', dispatched: 'handle', reassigned: 'handle', verification_failed: 'handle',
  handled: 'verify', verification_passed: 'close',
  closed: null, rejected: null, merged: null, voided: null,
};
/** Events after which the stage clock starts afresh even when the stage stays. */
const RESTARTS_CLOCK: ReadonlySet<string> = new Set(['reassigned', 'extension_granted', 'verification_failed', 'dispatched']);
const AFTER_FILING: ReadonlySet<Stage> = new Set<Stage>(['dispatch', 'handle', 'verify', 'close']);
const PUBLIC = (source: string | null): boolean => source !== null && source !== 'inspector';

/**
 * Applies one event. Returns the next state and what the event counts. Events at or below the
 * state's seq are ignored (already folded), so a catch-up may safely see an event twice.
 */
export function step(prev: CaseFoldState, raw: EvalEvent): { state: CaseFoldState; result: StepResult } {
  const result: StepResult = { flows: [], intervals: [] };
  if (raw.seq <= prev.seq) return { state: prev, result };
  const s: CaseFoldState = { ...prev, seq: raw.seq };
  const e = readEvent(raw);
  const day = shanghaiDate(e.at);
  const add = (refs: readonly ObjectRef[], ...counters: CounterKey[]) => {
    for (const r of refs) for (const counter of counters) result.flows.push({ day, type: r.type, id: r.id, counter });
  };
  // A post is credited only when the actor acted in that role: the platform ('system') is no person.
  const actorAs = (type: 'inspector' | 'operator' | 'shift_lead' | 'dispatcher'): ObjectRef[] =>
    e.role === type ? [{ type, id: e.actorId }] : [];
  const unitRef = (): ObjectRef[] => (s.unit ? [{ type: 'unit', id: s.unit }] : []);
  const reporterRef = (): ObjectRef[] => (s.reporter ? [{ type: 'inspector', id: s.reporter }] : []);
  let regions = regionsOf(s.grid);
  const onTime = e.endedStage ? e.endedStage.onTime : !s.stageLate;
  if (e.endedStage && !e.endedStage.onTime && AFTER_FILING.has(e.endedStage.stage as Stage)) s.lateSinceFiling = true;

  switch (e.type) {
    case 'reported': {
      s.source = e.source ?? s.source;
      s.grid = e.gridCode ?? s.grid;
      regions = regionsOf(s.grid);
      s.reporter = s.source === 'inspector' && e.role === 'inspector' ? e.actorId : null;
      add(regions, 'reports');
      if (PUBLIC(s.source)) add(regions, 'publicReports');
      add(reporterRef(), 'reports');
      break;
    }
    case 'check_requested':
      add(actorAs('operator'), 'checkRequests', ...(onTime ? ['checkRequestsOnTime' as const] : []));
      break;
    case 'checked':
      s.checker = e.role === 'inspector' ? e.actorId : s.checker;
      add(actorAs('inspector'), 'checks', ...(onTime ? ['checksOnTime' as const] : []));
      break;
    case 'accepted':
      add(actorAs('operator'), 'intake');
      break;
    case 'rejected':
    case 'merged':
      add(actorAs('operator'), 'intake');
      add([...regions, ...reporterRef()], 'invalidReports');
      break;
    case 'voided':
      add(actorAs('shift_lead'), 'voided');
      add(regions, 'voided');
      add([...regions, ...reporterRef()], 'invalidReports');
      break;
    case 'self_handled':
      s.selfHandled = true;
      add([...regions, ...actorAs('inspector')], 'selfHandled');
      break;
    case 'filed':
      s.filer = e.role === 'shift_lead' ? e.actorId : null;
      add(actorAs('shift_lead'), 'filed', ...(onTime ? ['filedOnTime' as const] : []));
      add(regions, 'filed');
      add([...regions, ...reporterRef()], 'validReports');
      if (PUBLIC(s.source)) {
        add(regions, 'publicConfirmed');
        add(s.checker ? [{ type: 'inspector', id: s.checker }] : [], 'missed');
      }
      break;
    case 'dispatched':
    case 'reassigned': {
      const to = e.unitId;
      if (e.type === 'reassigned' && s.dispatcher && to !== s.unit) add([{ type: 'dispatcher', id: s.dispatcher }], 'dispatchesOverturned');
      // A reassignment happens in the handling stage: the dispatch clock does not apply to it.
      add(actorAs('dispatcher'), 'dispatches', ...(onTime || e.type === 'reassigned' ? ['dispatchesOnTime' as const] : []));
      add(regions, 'dispatches');
      s.unit = to ?? s.unit;
      s.dispatcher = e.role === 'dispatcher' ? e.actorId : null;
      add(unitRef(), 'assigned');
      break;
    }
    case 'return_approved':
      add([...unitRef(), ...regions], 'returned');
      if (s.dispatcher) add([{ type: 'dispatcher', id: s.dispatcher }], 'dispatchesOverturned');
      if (s.filer) add([{ type: 'shift_lead', id: s.filer }], 'filingsReturned');
      s.unit = null;
      s.dispatcher = null;
      break;
    case 'extension_granted':
      add([...unitRef(), ...regions], 'extensions');
      break;
    case 'suspended':
      add([...unitRef(), ...regions], 'suspensions');
      break;
    case 'handled':
      add([...unitRef(), ...regions], 'handled', onTime ? 'handledOnTime' : 'handledLate');
      break;
    case 'verification_sent':
      add(actorAs('operator'), 'verificationSends', ...(onTime ? ['verificationSendsOnTime' as const] : []));
      break;
    case 'verification_passed':
    case 'verification_failed':
      add(actorAs('inspector'), 'verifications', ...(onTime ? ['verificationsOnTime' as const] : []));
      if (e.type === 'verification_failed') add([...unitRef(), ...regions], 'rework');
      break;
    case 'closed':
      add(actorAs('shift_lead'), 'closes', ...(onTime ? ['closesOnTime' as const] : []));
      add([...regions, ...unitRef()], 'closed', ...(s.lateSinceFiling ? [] : ['closedOnTime' as const]));
      if (s.selfHandled) add([...regions, ...reporterRef()], 'validReports'); // fixed on the spot: a real problem
      break;
    case 'urged':
      add([...regions, ...unitRef()], 'urged');
      break;
    case 'supervised':
      add([...regions, ...unitRef()], 'supervised');
      break;
    case 'deadline_overdue': {
      if (e.stage && s.stage && e.stage !== s.stage) break; // a late event of a stage already left
      s.stageLate = true;
      if (s.stage && AFTER_FILING.has(s.stage)) s.lateSinceFiling = true;
      if (!s.overdue && !s.ended) {
        const objects: OverdueInterval['objects'] = regions.map((r) => ({ ...r, counter: 'overdueOpen' as const }));
        if (s.unit) {
          objects.push({ type: 'unit', id: s.unit, counter: 'overdueOpen' });
          if (s.stage === 'handle') objects.push({ type: 'unit', id: s.unit, counter: 'overdueUnhandled' });
        }
        s.overdue = { caseId: e.caseId, startSeq: e.seq, start: e.at, end: null, objects };
        result.intervals.push(s.overdue);
      }
      break;
    }
    default:
      break;
  }

  // Stage and clock bookkeeping after counting (counting used the state before the event).
  const next = e.type in STAGE_AFTER ? STAGE_AFTER[e.type]! : s.stage;
  if (next !== s.stage || RESTARTS_CLOCK.has(e.type)) {
    s.stage = next;
    s.stageLate = false;
    if (s.overdue) {
      result.intervals.push({ ...s.overdue, end: e.at });
      s.overdue = null;
    }
  }
  if (next === null && e.type !== 'deadline_overdue' && e.type in STAGE_AFTER) s.ended = true;
  return { state: s, result };
}

/** Folds all events of one case (in seq order) from scratch. */
export function foldCase(events: readonly EvalEvent[]): { state: CaseFoldState; flows: Flow[]; intervals: OverdueInterval[] } {
  let state = initialFoldState();
  const flows: Flow[] = [];
  const byKey = new Map<string, OverdueInterval>();
  for (const ev of [...events].sort((a, b) => a.seq - b.seq)) {
    const r = step(state, ev);
    state = r.state;
    flows.push(...r.result.flows);
    for (const iv of r.result.intervals) byKey.set(`${iv.caseId}:${iv.startSeq}`, iv);
  }
  return { state, flows, intervals: [...byKey.values()] };
}
