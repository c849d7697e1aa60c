/**
 * Tables of patrol, as Kysely sees them. Shifts and plans are doc streams on the workflow kit
 * (src/workflow/doc-stream.ts); tracks are stored compactly beside them.
 */
import type { DocStreamEventsTable, DocStreamTable } from '../workflow/doc-stream.js';

export interface PatrolShiftsTable extends DocStreamTable {
  inspector_id: string | null;
  open_inspector: string | null;
  district_code: string | null;
  street_code: string | null;
  started_at: number | null;
}

export interface PatrolPlansTable extends DocStreamTable {
  district_code: string | null;
  street_code: string | null;
}

/** What a shift's track holds: the seqs stored (JSON ranges), counts, the last position, grids visited. */
export interface PatrolTracksTable {
  shift_id: string;
  inspector_id: string;
  ranges: string;
  points: number;
  open_chunks: number;
  last_at: number | null;
  last_lon: number | null;
  last_lat: number | null;
  last_grid: string | null;
  grids: unknown;
  updated_at: number;
}

/** Delta-encoded points (src/patrol/codec.ts); `sealed` chunks are big enough to be left alone. */
export interface PatrolTrackChunksTable {
  shift_id: string;
  seq_from: number;
  seq_to: number;
  t_from: number;
  t_to: number;
  n: number;
  sealed: number;
  data: Uint8Array;
}

/** The first visit of a grid in a 15-minute slot of a Shanghai day (coverage against plans). */
export interface PatrolVisitsTable {
  day: string;
  grid_code: string;
  slot: number;
  first_at: number;
  inspector_id: string;
}

export interface PatrolTables {
  patrol_shifts: PatrolShiftsTable;
  patrol_shift_events: DocStreamEventsTable;
  patrol_plans: PatrolPlansTable;
  patrol_plan_events: DocStreamEventsTable;
  patrol_tracks: PatrolTracksTable;
  patrol_track_chunks: PatrolTrackChunksTable;
  patrol_visits: PatrolVisitsTable;
}
