/**
 * The deadline sweeper: raises `deadline_warning` (yellow, 80 %) and `deadline_overdue` (red,
 * past 100 %) events. Each is written through the same version-guarded append as any action, so
 * with several processes on one PostgreSQL only one sweeper wins each crossing: exactly once per
 * clock period (case, stage cycle, kind).
 */
import type { Logger } from '../core/logger.js';
import type { Db } from '../store/db.js';
import { lightAt, lightEventsDue } from './lights.js';
import type { CasePorts } from './ports.js';
import type { CaseRecord, EventDraft } from './record.js';
import * as repo from './repo.js';
import { settle } from './pipeline.js';

export interface SweepResult {
  warnings: number;
  overdue: number;
  /** Crossings another writer got to first (they are retried on the next sweep if still owed). */
  skipped: number;
}

export interface TimerDeps {
  db: Db;
  ports: CasePorts;
  logger: Logger;
  write(prev: CaseRecord, next: CaseRecord, drafts: EventDraft[]): Promise<CaseRecord>;
}

const BATCH = 500;

export async function sweepDeadlines(deps: TimerDeps, now: number): Promise<SweepResult> {
  const result: SweepResult = { warnings: 0, overdue: 0, skipped: 0 };
  for (let round = 0; round < 1000; round++) {
    const batch = await repo.sweepCandidates(deps.db.kysely, now, BATCH);
    let progressed = 0;
    for (const c of batch) {
      const target = lightAt(now, c.clock.warnAt, c.clock.dueAt);
      const kinds = lightEventsDue(c.clock.light, target);
      if (kinds.length === 0) continue;
      const data = {
        stage: c.clock.stage, cycle: c.clock.cycle, limit: c.clock.limit, warnAt: c.clock.warnAt, dueAt: c.clock.dueAt,
        unitId: c.unit?.id ?? null, unitCode: c.unit?.code ?? null,
      };
      const drafts: EventDraft[] = kinds.map((type) => ({ type, actorId: 'system', role: 'system', at: now, data }));
      const next = settle(c, now, { ...c.clock, light: target });
      try {
        await deps.write(c, next, drafts);
        progressed += 1;
        for (const k of kinds) {
          if (k === 'deadline_warning') result.warnings += 1;
          else result.overdue += 1;
        }
      } catch (e) {
        if ((e as { code?: string }).code !== 'CASE_VERSION_CONFLICT') throw e;
        result.skipped += 1;
      }
    }
    if (batch.length < BATCH || progressed === 0) break;
  }
  return result;
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
