/**
 * Tables of command (指挥), as Kysely sees them: doc streams on the workflow kit
 * (src/workflow/doc-stream.ts) with the columns each is found by.
 */
import type { DocStreamEventsTable, DocStreamTable } from '../workflow/doc-stream.js';

export interface CommandTables {
  command_areas: DocStreamTable & { until_at: number | null };
  command_area_events: DocStreamEventsTable;
  command_schedules: DocStreamTable & { area_code: string | null; from_at: number | null; until_at: number | null };
  command_schedule_events: DocStreamEventsTable;
  command_incidents: DocStreamTable & { area_code: string | null; opened_at: number | null };
  command_incident_events: DocStreamEventsTable;
  instructions: DocStreamTable & {
    holder_kind: string | null; holder_code: string | null; issuer_id: string | null; district_code: string | null; street_code: string | null;
    incident_id: string | null; warn_at: number | null; due_at: number | null; light: string;
  };
  instruction_events: DocStreamEventsTable;
  command_policies: DocStreamTable;
  command_policy_events: DocStreamEventsTable;
  /** Who was told of an instruction's event (src/command/notices.ts). */
  instruction_notices: { instruction_id: string; seq: number; to_kind: string; to_code: string; type: string; title: string; at: number };
}
