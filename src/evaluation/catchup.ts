/**
 * Keeps the evaluation read model up to date with the case event log: reads the events written
 * since the last catch-up, folds them with the accumulator from each case's stored fold state, and
 * adds what they count to the per-day counters, all in one transaction per page together with the
 * new log position. Re-reading an event is harmless (the fold skips seqs it has seen), so each
 * catch-up starts a little before the last position: an event whose transaction committed late is
 * still picked up. A case whose log shows a gap is filled from its own events.
 */
import type { Db } from '../store/db.js';
import { initialFoldState, step, type CaseFoldState, type EvalEvent, type OverdueInterval } from './accumulator.js';
import type { CounterKey } from './model.js';
import {
  addDaily, evalDb, eventsAfter, eventsOfCase, foldStates, lockCatchUp, readCursor, saveFoldStates, saveIntervals, writeCursor,
  type DailyDelta, type LogPosition,
} from './repo.js';

/** How far before the last position a catch-up starts reading again (late commits). */
export const REREAD_MARGIN_MS = 2 * 60_000;
export const CATCH_UP_PAGE = 10_000;

export interface CatchUpResult {
  /** Events read (including ones already folded). */
  read: number;
  /** Events folded into the read model. */
  folded: number;
  /** Position after the catch-up. */
  position: LogPosition;
}

const posOf = (e: EvalEvent): LogPosition => ({ at: e.at, caseId: e.caseId, seq: e.seq });
const after = (a: LogPosition, b: LogPosition): boolean =>
  a.at !== b.at ? a.at > b.at : a.caseId !== b.caseId ? a.caseId > b.caseId : a.seq > b.seq;

/** Folds a page of events into states and deltas (pure apart from the gap filler). */
async function foldPage(
  events: readonly EvalEvent[],
  states: Map<string, CaseFoldState>,
  fillGap: (caseId: string, afterSeq: number, beforeSeq: number) => Promise<EvalEvent[]>,
): Promise<{ deltas: DailyDelta[]; intervals: OverdueInterval[]; changed: Map<string, CaseFoldState>; folded: number }> {
  const byCase = new Map<string, EvalEvent[]>();
  for (const e of events) {
    const list = byCase.get(e.caseId);
    if (list) list.push(e); else byCase.set(e.caseId, [e]);
  }
  const deltas = new Map<string, DailyDelta>();
  const intervals = new Map<string, OverdueInterval>();
  const changed = new Map<string, CaseFoldState>();
  let folded = 0;
  for (const [caseId, list] of byCase) {
    list.sort((a, b) => a.seq - b.seq);
    let state = states.get(caseId) ?? initialFoldState();
    const fresh = list.filter((e) => e.seq > state.seq);
    if (fresh.length === 0) continue;
    const missing = fresh[0]!.seq > state.seq + 1 ? await fillGap(caseId, state.seq, fresh[0]!.seq) : [];
    for (const e of [...missing, ...fresh]) {
      const r = step(state, e);
      if (r.state === state) continue;
      state = r.state;
      folded += 1;
      for (const f of r.result.flows) {
        const k = `${f.type}\u0000${f.day}\u0000${f.id}`;
        let d = deltas.get(k);
        if (!d) { d = { type: f.type, id: f.id, day: f.day, counters: {} }; deltas.set(k, d); }
        d.counters[f.counter as CounterKey] = (d.counters[f.counter as CounterKey] ?? 0) + 1;
      }
      for (const iv of r.result.intervals) intervals.set(`${iv.caseId}:${iv.startSeq}`, iv);
    }
    states.set(caseId, state);
    changed.set(caseId, state);
  }
  return { deltas: [...deltas.values()], intervals: [...intervals.values()], changed, folded };
}

/** Brings the read model up to the end of the log. Safe to call from several requests or processes. */
export async function catchUp(db: Db, now: number, pageSize = CATCH_UP_PAGE): Promise<CatchUpResult> {
  const k = evalDb(db);
  let read = 0;
  let folded = 0;
  let reading: LogPosition | null = null;
  let position: LogPosition | null = null;
  for (;;) {
    const page = await k.transaction().execute(async (tx) => {
      await lockCatchUp(tx, db.dialect);
      const cursor = await readCursor(tx);
      const from = reading ?? { at: cursor.at - REREAD_MARGIN_MS, caseId: '', seq: 0 };
      const events = await eventsAfter(tx, from, pageSize);
      if (events.length === 0) return { n: 0, last: from, cursor };
      const states = await foldStates(tx, events.map((e) => e.caseId));
      const r = await foldPage(events, states, (caseId, a, b) => eventsOfCase(tx, caseId, a, b));
      if (r.deltas.length) await addDaily(tx, r.deltas);
      if (r.intervals.length) await saveIntervals(tx, r.intervals);
      if (r.changed.size) await saveFoldStates(tx, r.changed, now);
      const last = posOf(events[events.length - 1]!);
      const next = after(last, cursor) ? last : cursor;
      await writeCursor(tx, next, now);
      folded += r.folded;
      return { n: events.length, last, cursor: next };
    });
    read += page.n;
    reading = page.last;
    position = page.cursor;
    if (page.n < pageSize) break;
  }
  return { read, folded, position: position ?? (await readCursor(k)) };
}
