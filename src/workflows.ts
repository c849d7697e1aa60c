/**
 * Every workflow of the platform, by its action declarations. The policy table takes each workflow's
 * permission rows from here (src/auth/policy.ts), so adding a workflow means adding it to this list.
 */
import { CASE_ACTION_DECLARATIONS } from './cases/actions.js';
import { SHIFT_ACTIONS } from './patrol/model.js';
import { INSTRUCTION_ACTIONS } from './command/instruction-model.js';
import { PENALTY_ACTION_DECLARATIONS } from './enforcement/actions.js';
import { ALARM_ACTIONS } from './iot/alarm-stream.js';
import { IMPOUND_ACTION_DECLARATIONS } from './enforcement/impounds-actions.js';
import { SUGGESTION_ACTIONS } from './suggestions/model.js';

export const WORKFLOW_DECLARATIONS = [CASE_ACTION_DECLARATIONS, SHIFT_ACTIONS, INSTRUCTION_ACTIONS, PENALTY_ACTION_DECLARATIONS, ALARM_ACTIONS, IMPOUND_ACTION_DECLARATIONS, SUGGESTION_ACTIONS] as const;
