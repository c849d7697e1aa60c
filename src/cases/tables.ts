import type { Generated } from 'kysely';

/** Tables of this capability, as Kysely sees them. Instants are epoch ms (number); JSON columns hold text on SQLite and jsonb on PostgreSQL; booleans are 0/1. */

/**
 * The current state of a case: a projection of its events, written in the same transaction as
 * each event. `version` = seq of the last event; a write names the version it read.
 */
export interface CasesTable {
  id: string;
  /**
   * The case's number in this store (migration 0246): the log keys its rows by it instead of the id.
   * Assigned when the row is inserted (SQLite: by the insert statement, PostgreSQL: a sequence); never
   * shown, never hashed — the id stays the case's name everywhere outside the store.
   */
  case_no: Generated<number>;
  /** 案卷编号: district code + YYYYMMDD + serial, unique in the city. */
  code: string;
  status: string;
  phase: string;
  version: number;
  /** Hash of the last event (the head of the chain): the next event's prev_hash. */
  /** The chain head: 32 bytes (hex text in rows of a store made before migration 0245). */
  last_hash: unknown;
  /** The role that must act next (worklists and notifications); null once ended. */
  awaiting_role: string | null;
  source: string;
  external_ref: string | null;
  idempotency_key: string | null;
  category_code: string;
  category_name: string;
  urgency: string;
  description: string;
  address: string | null;
  lon: number;
  lat: number;
  h3: string;
  grid_code: string;
  community_code: string;
  street_code: string;
  district_code: string;
  /** {grid, community, street, district} names, for display. */
  place_names: unknown;
  reporter_id: string;
  /** Before-photos (sha-256 list). */
  photos: unknown;
  reported_at: number;
  filed_at: number | null;
  closed_at: number | null;
  updated_at: number;
  /** Responsibility item chosen at filing, and its stage limits. */
  item_id: string | null;
  item_no: string | null;
  filing_condition: string | null;
  time_limits: unknown;
  current_unit_id: string | null;
  current_unit_code: string | null;
  current_unit_name: string | null;
  // stage clock (stages.ts)
  stage: string | null;
  stage_cycle: number;
  stage_started_at: number | null;
  stage_limit_value: number | null;
  stage_limit_unit: string | null;
  stage_segment_start: number | null;
  stage_consumed: number;
  warn_at: number | null;
  due_at: number | null;
  light: string;
  suspended_at: number | null;
  suspended_ms: number;
  /** A request waiting for approval: {kind, reason, amount?, unit?, by, at}. */
  pending: unknown;
  check_confirmed: number | null;
  urge_count: number;
  supervised: number;
  supervision_level: number | null;
  supervision_open: number;
  supervisor_id: string | null;
  dispatch_count: number;
  rework_count: number;
  return_count: number;
  merged_into: string | null;
}

/**
 * The log. Append-only; (case_no, seq) is the key — the case's number, `cases.case_no`, not its id
 * (migration 0246); hash chains each event to the one before (the previous row's hash is hashed in,
 * not stored, and so is the case's id: the hashed form is the event's, not the row's).
 */
export interface CaseEventsTable {
  case_no: number;
  seq: number;
  type: string;
  /** Coded canonical JSON (bytes, src/cases/event-data.ts) or plain JSON (text, or bytes on PostgreSQL); see migration 0242. */
  data: unknown;
  /** The actor's id as bytes (src/cases/event-codes.ts storedActor, migration 0247). */
  actor_id: Buffer | string;
  role: string;
  at: number;
  lon: number | null;
  lat: number | null;
  attachments: unknown;
  /** SHA-256 of the canonical event, 32 bytes (hex text in rows of a store made before migration 0242 on SQLite … converted by it). */
  hash: Buffer | string;
  // Not hashed: who should hear of this event (notifications are a view over the log; the lanes'
  // district and street are the case row's since migration 0246).
  /** A role, one-character coded (src/cases/event-codes.ts). */
  audience_role: string | null;
  audience_unit_id: string | null;
  audience_user_id: string | null;
}

/** Serials for case codes, per district and Shanghai day. */
export interface CaseCodeCountersTable {
  district_code: string;
  day: string;
  last: number;
}

export interface CaseTables {
  cases: CasesTable;
  case_events: CaseEventsTable;
  case_code_counters: CaseCodeCountersTable;
  case_unit_holds: CaseUnitHoldsTable;
}

/** Units that ever held a case (kept by a trigger on case_events, migration 0075): their lists keep it. */
export interface CaseUnitHoldsTable {
  unit_id: string;
  case_id: string;
  /** The case's reported_at, copied on insert by a trigger (migration 0240): a unit's list in order. */
  reported_at: number | null;
}
