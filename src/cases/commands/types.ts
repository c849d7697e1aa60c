/** What a lifecycle command gets and gives back. Commands hold the rules of one use case each. */
import type { ActionBody } from '../bodies.js';
import type { CasePorts } from '../ports.js';
import type { CaseRecord, EventDraft } from '../record.js';
import type { StageClock } from '../stages.js';

export interface CommandEnv {
  ports: CasePorts;
  now: number;
  actorId: string;
  role: string;
  /** A case the actor may read, or undefined: a case outside their scope answers as one that does not exist. */
  findCase(id: string): Promise<CaseRecord | undefined>;
  /** How far apart (metres) a duplicate and the case it is merged into may be (config, default 1 000 m). */
  mergeMaxDistanceM?: number;
}

export interface CommandResult {
  /** The case after the action (status and phase already moved by the transition table). */
  next: CaseRecord;
  /** Payload of the main event. */
  data: Record<string, unknown>;
  /** Events that follow the main one in the same write (e.g. auto-dispatch after filing). */
  extra?: EventDraft[];
  /** 'restart' starts a fresh clock for the stage; a StageClock is taken as is; absent = automatic. */
  clock?: 'restart' | StageClock;
}

/** `c` is the case as read; `base` is `c` with the new status and phase. */
export type Command = (env: CommandEnv, c: CaseRecord, base: CaseRecord, body: ActionBody) => Promise<CommandResult> | CommandResult;

export const noteOf = (b: ActionBody): string | null => (b.note ? b.note : null);
