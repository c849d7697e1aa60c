/** Tables of impounds (查封 / 扣押), as Kysely sees them (migrations 0170, 0215). Instants epoch ms; JSON text or jsonb. */

/** An impound: the projection of its events (src/enforcement/impounds-stream.ts). */
export interface ImpoundsTable {
  id: string;
  version: number;
  last_hash: string;
  code: string;
  state: string;
  kind: string;
  measure: string;
  penalty_case_id: string | null;
  district_code: string | null;
  street_code: string | null;
  yard: string;
  party_name: string | null;
  held_at: number;
  hold_until: number;
  claim_until: number | null;
  /** When the sweeper still owes an event: hold_until while held and not yet raised, claim_until while releasing and not yet raised. */
  attention_at: number | null;
  /** When it was marked ready for release, while still held (migration 0215): the yard lists these first. */
  ready_at: number | null;
  /** 0/1 (migration 0215): the case's payment releases it; the sweeper's backstop reads it. */
  releasable_on_payment: number;
  detail: unknown;
  created_at: number;
  updated_at: number;
}

export interface ImpoundEventsTable {
  impound_id: string;
  seq: number;
  type: string;
  data: unknown;
  actor_id: string;
  role: string;
  at: number;
  prev_hash: string;
  hash: string;
}

export interface ImpoundTables {
  impounds: ImpoundsTable;
  impound_events: ImpoundEventsTable;
  impound_serials: { year: string; last: number };
}
