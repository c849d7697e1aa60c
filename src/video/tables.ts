/** Tables of video intake, as Kysely sees them (migration 0120). Instants are epoch ms; JSON is text (SQLite) or jsonb; booleans 0/1. */

export interface VideoAlgorithmsTable {
  code: string;
  name: string;
  vendor: string;
  version: string;
  category_code: string;
  min_confidence: number;
  dwell_seconds: number;
  roi_policy: string;
  non_contact: number;
  self_correct_seconds: number;
  dedup_seconds: number;
  default_schedule: unknown;
  enabled: number;
  updated_at: number;
}

export interface VideoCamerasTable {
  code: string;
  name: string;
  owner: string;
  lon: number;
  lat: number;
  address: string | null;
  direction: number | null;
  grid_code: string;
  street_code: string;
  district_code: string;
  algorithms: unknown;
  rois: unknown;
  online: number;
  review: unknown;
  review_passed: number;
  updated_at: number;
}

export interface VideoSourcesTable {
  id: string;
  name: string;
  /** SHA-256 of the API key (the key itself is shown once and never stored). */
  key_hash: string;
  active: number;
  created_by: string;
  created_at: number;
}

export interface VideoCountersTable {
  day: string;
  camera_code: string;
  algorithm_code: string;
  outcome: string;
  count: number;
}

export interface VideoItemsTable {
  id: string;
  version: number;
  last_hash: string;
  state: string;
  camera_code: string;
  algorithm_code: string;
  category_code: string;
  district_code: string;
  street_code: string;
  lon: number;
  lat: number;
  first_at: number;
  last_at: number;
  sightings: number;
  best_confidence: number;
  box: unknown;
  snapshot: string | null;
  snapshots: unknown;
  cameras: unknown;
  plate: string | null;
  watch_until: number | null;
  case_id: string | null;
  verdict: string | null;
  verdict_note: string | null;
  verdict_at: number | null;
  reviewer_id: string | null;
  auto: number;
  created_at: number;
  updated_at: number;
}

export interface VideoItemEventsTable {
  item_id: string;
  seq: number;
  type: string;
  data: unknown;
  actor_id: string;
  role: string;
  at: number;
  attachments: unknown;
  prev_hash: string;
  hash: string;
}

export interface VideoPairsTable {
  camera_code: string;
  algorithm_code: string;
  suppressed: number;
  changed_at: number;
  counting_since: number;
}

export interface VideoPairEventsTable {
  id: string;
  camera_code: string;
  algorithm_code: string;
  type: string;
  data: unknown;
  actor_id: string;
  at: number;
}

export interface VideoTables {
  video_algorithms: VideoAlgorithmsTable;
  video_cameras: VideoCamerasTable;
  video_sources: VideoSourcesTable;
  video_counters: VideoCountersTable;
  video_items: VideoItemsTable;
  video_item_events: VideoItemEventsTable;
  video_pairs: VideoPairsTable;
  video_pair_events: VideoPairEventsTable;
}
