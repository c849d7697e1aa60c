/**
 * A case's time limits with their results, read from its timeline: every event that ends a stage
 * carries `endedStage {stage, cycle, dueAt, onTime}` (src/cases/pipeline.ts stageOutcome), so a closed
 * case still shows each stage's deadline, when it was done, and by how much it was late. Pure.
 */
import type { CaseEvent } from '../api/schema.js';

export interface StageResult {
  stage: string;
  /** The deadline in force when the stage ended; null when the stage had no limit. */
  dueAt: number | null;
  endedAt: number;
  onTime: boolean;
  /** How late, in ms (0 when on time). */
  lateMs: number;
}

function endedStageOf(e: CaseEvent): { stage: string; dueAt: number | null; onTime: boolean } | null {
  const v = e.data.endedStage;
  if (!v || typeof v !== 'object') return null;
  const o = v as { stage?: unknown; dueAt?: unknown; onTime?: unknown };
  if (typeof o.stage !== 'string' || typeof o.onTime !== 'boolean') return null;
  return { stage: o.stage, dueAt: typeof o.dueAt === 'number' ? o.dueAt : null, onTime: o.onTime };
}

export function stageResults(timeline: readonly CaseEvent[]): StageResult[] {
  const out: StageResult[] = [];
  for (const e of [...timeline].sort((a, b) => a.seq - b.seq)) {
    const s = endedStageOf(e);
    if (!s) continue;
    out.push({ stage: s.stage, dueAt: s.dueAt, endedAt: e.at, onTime: s.onTime, lateMs: s.onTime || s.dueAt === null ? 0 : Math.max(0, e.at - s.dueAt) });
  }
  return out;
}

/** The result of the whole case: on time when every stage was, else the longest lateness. */
export function overallResult(results: readonly StageResult[]): { onTime: boolean; lateMs: number } {
  const late = results.filter((r) => !r.onTime);
  return { onTime: late.length === 0, lateMs: late.reduce((m, r) => Math.max(m, r.lateMs), 0) };
}
