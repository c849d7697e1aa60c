/**
 * The stages of a case and their clocks (环节时限). Every open case is in one stage; each stage has a
 * limit (from the responsibility item, or a process default) measured on the working-time calendar.
 * The clock itself (start, pause for 挂账, extension for 延期, lights) is the kit's
 * (src/workflow/clock.ts); this file names the case's stages and units. Pure.
 */
import type { CaseState } from './model.js';
import type { ClockCalendar, StageClock as KitClock, TimeLimit as KitLimit } from '../workflow/clock.js';

export { NO_CLOCK, extendClock, pauseClock, resumeClock, startClock, usedFraction } from '../workflow/clock.js';

/** The units a case's limits come in (the catalog's; statutory days are for enforcement workflows). */
export type TimeUnit = 'work_hours' | 'work_days' | 'hours' | 'days';
export const TIME_UNITS: readonly TimeUnit[] = ['work_hours', 'work_days', 'hours', 'days'];
export type TimeLimit = KitLimit<TimeUnit>;
export const UNIT_NAMES: Record<TimeUnit, string> = { work_hours: '工作时', work_days: '工作日', hours: '小时', days: '天' };

/** What a clock needs from the working-time calendar (CalendarService satisfies it). */
export type WorkCalendar = ClockCalendar<TimeUnit>;

export const STAGES = ['accept', 'check', 'file', 'dispatch', 'handle', 'verify', 'close'] as const;
export type Stage = (typeof STAGES)[number];
export const STAGE_NAMES: Record<Stage, string> = {
  accept: '受理', check: '核实', file: '立案', dispatch: '派遣', handle: '处置', verify: '核查', close: '结案',
};

/**
 * Process limits (环节时限) used when the responsibility item gives none for a stage. Seed values:
 * a city configures its own in the catalog; these keep an unconfigured case from running forever.
 */
export const DEFAULT_STAGE_LIMITS: Record<Stage, TimeLimit> = {
  accept: { value: 1, unit: 'work_hours' },
  check: { value: 2, unit: 'work_hours' },
  file: { value: 1, unit: 'work_hours' },
  dispatch: { value: 1, unit: 'work_hours' },
  handle: { value: 3, unit: 'work_days' },
  verify: { value: 4, unit: 'work_hours' },
  close: { value: 2, unit: 'work_hours' },
};

/** The stage a state belongs to; null for ended cases. A suspended case stays in `handle` (paused). */
export function stageOf(state: CaseState): Stage | null {
  switch (state.status) {
    case 'reported':
      if (state.phase === 'checking') return 'check';
      if (state.phase === 'accepted' || state.phase === 'void_requested') return 'file';
      if (state.phase === 'self_handled') return 'close';
      return 'accept';
    case 'filed':
      return 'dispatch';
    case 'dispatched':
    case 'suspended':
      return 'handle';
    case 'handled':
      return 'verify';
    case 'verifying':
      return state.phase === 'verification_passed' || state.phase === 'reopen_review' ? 'close' : 'verify';
    default:
      return null;
  }
}

/** A case's stage clock as stored in the case row. */
export type StageClock = KitClock<Stage, TimeUnit>;
