/** The party notices of non-contact enforcement, as Kysely sees them (migration 0160). */
export interface PartyNoticesTable {
  id: string;
  penalty_case_id: string;
  /** SHA-256 of the link's token: the token itself is only in the text sent to the party. */
  token_hash: string;
  party: unknown;
  facts: string;
  evidence: unknown;
  sent_at: number;
  rights_until: number;
  statements: number;
  created_by: string;
}

export interface PartyNoticeTables {
  penalty_party_notices: PartyNoticesTable;
}
