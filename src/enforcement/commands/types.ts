/**
 * What a penalty-case command gets besides the record and its body: the statutory calendar, the
 * city's periods and review rules, and the registers it reads (officers, the benchmark), handed in
 * by the service so commands stay pure.
 */
import { unprocessable } from '../../core/errors.js';
import type { RunContext } from '../../workflow/workflow.js';
import { startClock, type ClockCalendar, type TimeLimit } from '../../workflow/clock.js';
import type { BenchmarkResult, Facts } from '../discretion.js';
import type { Officer, PenaltyCase, PenaltyStage, PenaltyState, Periods } from '../model.js';
import type { ReviewRules } from '../review.js';

export interface OfficerInfo {
  userId: string;
  name: string;
  certNo: string | null;
  legalQualified: boolean;
  squad: string | null;
}

export interface Env {
  cal: ClockCalendar<string>;
  periods: Periods;
  rules: ReviewRules;
  officer(userId: string): OfficerInfo | undefined;
  /** The benchmark for a violation (VIOLATION_UNKNOWN when it has none). */
  benchmark(violationCode: string, facts: Facts): BenchmarkResult;
  violationName(code: string): string | undefined;
}

export interface Outcome {
  next: PenaltyCase;
  data: Record<string, unknown>;
  /** The state it leads to when the body decides (else the declaration's `to`, else kept). */
  to?: PenaltyState;
}

export type Command<B = any> = (env: Env, rc: RunContext, p: PenaltyCase, body: B) => Outcome;

export const restart = (env: Env, p: PenaltyCase, stage: PenaltyStage | null, limit: TimeLimit<string> | null, now: number): PenaltyCase['clock'] =>
  startClock(env.cal, p.clock, stage, limit, now) as PenaltyCase['clock'];

/** The officer register entry with an enforcement certificate, or a refusal. */
export function certified(env: Env, userId: string): Officer {
  const o = env.officer(userId);
  if (!o?.certNo) {
    throw unprocessable('OFFICER_CERT_REQUIRED', '执法人员须持有行政执法证件（行政处罚法第四十二条）', 'Enforcement officers need an enforcement certificate (art. 42)', { userId });
  }
  return { userId: o.userId, name: o.name, certNo: o.certNo };
}

/** Art. 42: at least two officers with certificates. */
export function twoOfficers(env: Env, ids: readonly string[]): Officer[] {
  const distinct = [...new Set(ids)];
  if (distinct.length < 2) throw unprocessable('TWO_OFFICERS_REQUIRED', '调查取证须有两名以上执法人员（行政处罚法第四十二条）', 'At least two officers must investigate (art. 42)');
  return distinct.map((id) => certified(env, id));
}

/** The actor must be one of the case's officers (or the leader). */
export function caseOfficer(p: PenaltyCase, rc: RunContext): void {
  if (rc.role === 'leader') return;
  if (!p.officers.some((o) => o.userId === rc.actor.id)) {
    throw unprocessable('NOT_CASE_OFFICER', '您不是本案承办人员', 'You are not one of this case’s officers', { caseId: p.id });
  }
}
