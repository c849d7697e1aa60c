/** Tables of administrative enforcement, as Kysely sees them (migration 0100). Instants epoch ms; JSON text (SQLite) or jsonb (PostgreSQL); booleans 0/1; money in fen. */

import type { ImpoundTables } from './impounds-tables.js';

/** A penalty case: the projection of its events (src/enforcement/stream.ts), written with each event. */
export interface PenaltyCasesTable {
  id: string;
  version: number;
  last_hash: string;
  code: string;
  state: string;
  procedure: string;
  source: string;
  source_ref: string | null;
  city_case_id: string | null;
  district_code: string | null;
  street_code: string | null;
  violation_code: string | null;
  party_name: string | null;
  fine_fen: number;
  waived_fen: number;
  squad: string | null;
  clock: unknown;
  warn_at: number | null;
  due_at: number | null;
  light: string;
  detail: unknown;
  disclosure_state: string | null;
  disclosure_due_at: number | null;
  published_at: number | null;
  filed_at: number | null;
  decided_at: number | null;
  closed_at: number | null;
  created_at: number;
  updated_at: number;
}

export interface PenaltyCaseEventsTable {
  case_id: string;
  seq: number;
  type: string;
  data: unknown;
  actor_id: string;
  role: string;
  at: number;
  prev_hash: string;
  hash: string;
}

export interface EnforcementOfficersTable {
  user_id: string;
  name: string;
  /** 行政执法证号; null: may not investigate. */
  cert_no: string | null;
  /** 法律职业资格 (art. 58: first-time legal reviewers need it). */
  legal_qualified: number;
  /** 中队 */
  squad: string | null;
  updated_at: number;
}

export interface DiscretionRulesTable {
  code: string;
  name: string;
  category: string;
  law: string;
  article: string;
  penalty_basis: string;
  tiers: unknown;
  updated_at: number;
}

export interface LenienceItemsTable {
  id: string;
  list: string;
  violation_code: string | null;
  circumstance: string;
  conditions: unknown;
  basis: string;
  ordinal: number;
  updated_at: number;
}

export interface PenaltyDocumentsTable {
  id: string;
  case_id: string;
  kind: string;
  doc_no: string;
  version: number;
  sha256: string;
  size: number;
  bytes: Buffer;
  created_by: string;
  created_at: number;
}

export interface EnforcementTables extends ImpoundTables {
  penalty_cases: PenaltyCasesTable;
  penalty_case_events: PenaltyCaseEventsTable;
  penalty_case_serials: { year: string; last: number };
  enforcement_officers: EnforcementOfficersTable;
  discretion_rules: DiscretionRulesTable;
  lenience_items: LenienceItemsTable;
  penalty_documents: PenaltyDocumentsTable;
  penalty_doc_serials: { series: string; year: string; last: number };
}
