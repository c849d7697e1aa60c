/**
 * Figures rebuilt from the event log alone, in memory: every case's events folded from scratch and
 * summed over the period. Slow (reads the whole log) but independent of the read model, so it is
 * the check that the read model tells the truth (tests, and an operator who doubts a figure).
 */
import type { Db } from '../store/db.js';
import { foldCase, type Flow, type OverdueInterval } from './accumulator.js';
import { objectTypesOf, type Counters, type EvaluationLevel, type ObjectType, type Period } from './model.js';
import { allEventsByCase, evalDb } from './repo.js';
import { sumPeriod } from './rows.js';

export async function figuresFromLog(db: Db, level: EvaluationLevel, period: Period): Promise<Map<string, Counters>> {
  const types = new Set<ObjectType>(objectTypesOf(level));
  const flows: Flow[] = [];
  const intervals: OverdueInterval[] = [];
  for await (const events of allEventsByCase(evalDb(db))) {
    const r = foldCase(events);
    for (const f of r.flows) if (types.has(f.type)) flows.push(f);
    for (const iv of r.intervals) {
      const objects = iv.objects.filter((o) => types.has(o.type));
      if (objects.length) intervals.push({ ...iv, objects });
    }
  }
  const out = new Map<string, Counters>();
  for (const v of sumPeriod(flows, intervals, period).values()) out.set(`${v.type}:${v.id}`, v.counters);
  return out;
}
