/**
 * The deadline sweeper of any workflow: for each record whose clock has crossed 80 % or 100 % of its
 * limit and not yet said so, appends `deadline_warning` / `deadline_overdue` through the store's
 * version-guarded append. With several processes sweeping one store, only one write per record and
 * version wins, so each crossing is raised exactly once per clock period, across processes.
 */
import { isAppError } from '../core/errors.js';
import { crossings, type StageClock } from './clock.js';
import type { Light } from './lights.js';
import type { EventDraft, StreamRecord } from './stream.js';

export interface SweepResult {
  warnings: number;
  overdue: number;
  /** Crossings another writer got to first (retried on the next sweep if still owed). */
  skipped: number;
}

export interface SweepOptions<R extends StreamRecord> {
  /** Records whose clock may owe a light event at `now`, at most `limit`. */
  candidates(now: number, limit: number): Promise<R[]>;
  clockOf(r: R): Pick<StageClock, 'warnAt' | 'dueAt' | 'light'>;
  /** The record after its clock shows `light`. */
  lit(r: R, light: Light, now: number): R;
  /** The payload of the light events. */
  data(r: R): Record<string, unknown>;
  append(prev: R, next: R, drafts: EventDraft[]): Promise<R>;
  /** The store's version-conflict code (another writer moved the record first). */
  conflictCode: string;
}

const BATCH = 500;

export async function sweepClocks<R extends StreamRecord>(o: SweepOptions<R>, now: number): Promise<SweepResult> {
  const result: SweepResult = { warnings: 0, overdue: 0, skipped: 0 };
  for (let round = 0; round < 1000; round++) {
    const batch = await o.candidates(now, BATCH);
    let progressed = 0;
    for (const r of batch) {
      const { light, events } = crossings(o.clockOf(r), now);
      if (events.length === 0) continue;
      const data = o.data(r);
      const drafts: EventDraft[] = events.map((type) => ({ type, actorId: 'system', role: 'system', at: now, data }));
      try {
        await o.append(r, o.lit(r, light, now), drafts);
        progressed += 1;
        for (const k of events) {
          if (k === 'deadline_warning') result.warnings += 1;
          else result.overdue += 1;
        }
      } catch (e) {
        if (!isAppError(e) || e.code !== o.conflictCode) throw e;
        result.skipped += 1;
      }
    }
    if (batch.length < BATCH || progressed === 0) break;
  }
  return result;
}
