/** Tables of suggestions (金点子), as Kysely sees them: a doc stream on the workflow kit plus the callback numbers beside it. */
import type { DocStreamEventsTable, DocStreamTable } from '../workflow/doc-stream.js';

export interface SuggestionsTable extends DocStreamTable {
  code: string;
  follow_code: string;
  topic: string;
  unit_id: string | null;
  district_code: string | null;
  street_code: string | null;
  received_at: number;
  answered_at: number | null;
  on_time: number | null;
  intake_key: string | null;
  warn_at: number | null;
  due_at: number | null;
  light: string;
}

export type SuggestionEventsTable = DocStreamEventsTable;

export interface SuggestionTables {
  suggestions: SuggestionsTable;
  suggestion_events: SuggestionEventsTable;
  suggestion_serials: { day: string; last: number };
  /** The citizen's verified callback number and device, beside the stream (never in its log or an answer). */
  suggestion_contacts: { suggestion_id: string; phone: string | null; device_hash: string | null; at: number };
}
