/**
 * Tables of command (指挥), as Kysely sees them: doc streams on the workflow kit
 * (src/workflow/doc-stream.ts) with the columns each is found by.
 */

interface DocTable {
  id: string;
  version: number;
  last_hash: string;
  state: string;
  updated_at: number;
  doc: unknown;
}

interface DocEventsTable {
  stream_id: string;
  seq: number;
  type: string;
  data: unknown;
  actor_id: string;
  role: string;
  at: number;
  prev_hash: string;
  hash: string;
}

export interface CommandTables {
  command_areas: DocTable & { until_at: number | null };
  command_area_events: DocEventsTable;
  command_schedules: DocTable & { area_code: string | null; from_at: number | null; until_at: number | null };
  command_schedule_events: DocEventsTable;
  command_incidents: DocTable & { area_code: string | null; opened_at: number | null };
  command_incident_events: DocEventsTable;
  instructions: DocTable & {
    holder_kind: string | null; holder_code: string | null; issuer_id: string | null; district_code: string | null; street_code: string | null;
    incident_id: string | null; warn_at: number | null; due_at: number | null; light: string;
  };
  instruction_events: DocEventsTable;
}
