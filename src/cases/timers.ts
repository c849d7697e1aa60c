/**
 * The case deadline sweeper: raises `deadline_warning` (yellow, 80 %) and `deadline_overdue` (red,
 * past 100 %) events through the kit's sweeper (src/workflow/sweep.ts), so with several processes on
 * one store only one wins each crossing: exactly once per clock period (case, stage cycle, kind).
 */
import type { Logger } from '../core/logger.js';
import type { Db } from '../store/db.js';
import { sweepClocks, type SweepResult } from '../workflow/sweep.js';
import type { CasePorts } from './ports.js';
import type { CaseRecord, EventDraft } from './record.js';
import * as repo from './repo.js';
import { settle } from './pipeline.js';

export type { SweepResult } from '../workflow/sweep.js';

export interface TimerDeps {
  db: Db;
  ports: CasePorts;
  logger: Logger;
  write(prev: CaseRecord, next: CaseRecord, drafts: EventDraft[]): Promise<CaseRecord>;
}

/** The kit's sweeper over the cases whose clock owes a light event (two partial indexes find them). */
export function sweepDeadlines(deps: TimerDeps, now: number): Promise<SweepResult> {
  return sweepClocks<CaseRecord>({
    candidates: (at, limit) => repo.sweepCandidates(deps.db.kysely, at, limit),
    clockOf: (c) => c.clock,
    lit: (c, light, at) => settle(c, at, { ...c.clock, light }),
    data: (c) => ({
      stage: c.clock.stage, cycle: c.clock.cycle, limit: c.clock.limit, warnAt: c.clock.warnAt, dueAt: c.clock.dueAt,
      unitId: c.unit?.id ?? null, unitCode: c.unit?.code ?? null,
    }),
    append: deps.write,
    conflictCode: 'CASE_VERSION_CONFLICT',
  }, now);
}

/** Runs the sweeper every `intervalMs` (default one minute); overlapping runs are skipped. */
export function startDeadlineTimer(deps: TimerDeps, now: () => number, intervalMs = 60_000): () => void {
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      const r = await sweepDeadlines(deps, now());
      if (r.warnings || r.overdue) deps.logger.info(r, 'deadline sweep');
    } catch (err) {
      deps.logger.error({ err }, 'deadline sweep failed');
    } finally {
      running = false;
    }
  };
  const handle = setInterval(() => void tick(), intervalMs);
  handle.unref();
  void tick();
  return () => clearInterval(handle);
}
