/** Seals (migration 0076): the seal chain's head, its events, and each stream's head as last sealed. */
export interface IntegritySealChainTable {
  id: string;
  version: number;
  last_hash: string;
  sealed_at: number;
}

export interface IntegritySealsTable {
  chain_id: string;
  seq: number;
  type: string;
  /** JSON (SealData). */
  data: unknown;
  actor_id: string;
  role: string;
  at: number;
  prev_hash: string;
  hash: string;
  timestamp_token: string | null;
}

export interface IntegrityHeadsTable {
  kind: string;
  stream_id: string;
  version: number;
  hash: string;
  sealed_seq: number;
  sealed_at: number;
}

export interface IntegrityTables {
  integrity_seal_chain: IntegritySealChainTable;
  integrity_seals: IntegritySealsTable;
  integrity_heads: IntegrityHeadsTable;
}
