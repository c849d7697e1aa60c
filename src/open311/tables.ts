/** Tables of the public channels (Open311 and the citizen app), as Kysely sees them. Instants are epoch ms; JSON columns text/jsonb. */

/** A class the city opens to the public as an Open311 service (a row = opened). */
export interface Open311ServicesTable {
  category_code: string;
  /** realtime | batch | blackbox (GeoReport v2). */
  type: string;
  keywords: string | null;
  description: string | null;
  /** The plain-language name the citizen app shows (e.g. 井盖坏了); null: the class name. */
  plain_name: string | null;
  /** Extra questions the service asks (JSON array of attribute codes: urgency, component_code). */
  attributes: unknown;
  /** Radius in metres within which open reports of the class are shown as likely duplicates. */
  radius_m: number;
  updated_at: number;
  updated_by: string | null;
}

/** An API key of a third-party app: only its SHA-256 is kept; the key is shown once. */
export interface ApiKeysTable {
  id: string;
  name: string;
  key_hash: string;
  /** The key's first characters, to recognise it in the console. */
  prefix: string;
  created_at: number;
  created_by: string | null;
  revoked_at: number | null;
  revoked_by: string | null;
  last_used_at: number | null;
}

/**
 * A case that came in through a public channel: what Open311 publishes and the citizen app follows.
 * `contact` (name, phone, e-mail) is the reporter's private data: read only for the callback, never published.
 */
export interface PublicRequestsTable {
  case_id: string;
  /** 案卷编号: the Open311 service_request_id. */
  case_code: string;
  /** open311 | citizen_app */
  channel: string;
  key_id: string | null;
  /** The code the reporter follows the case by (查询码). */
  follow_code: string;
  service_code: string;
  requested_at: number;
  device_hash: string | null;
  contact: unknown;
  /** The photo URL an Open311 client sent (its own hosting). */
  media_url: string | null;
}

/** An Open311 request to a `batch` service: queued under a token, turned into a case by the drain. */
export interface Open311TokensTable {
  token: string;
  key_id: string;
  /** pending | done | failed */
  state: string;
  payload: unknown;
  app_ref: string | null;
  case_id: string | null;
  error: unknown;
  created_at: number;
  done_at: number | null;
}

/** "Me too": a citizen who joined an existing case instead of opening another. */
export interface CitizenFollowersTable {
  case_id: string;
  device_hash: string;
  follow_code: string;
  contact: unknown;
  at: number;
}

/** A reporter's rating of a closed case (one per follow code and closure). */
export interface CitizenRatingsTable {
  case_id: string;
  closed_at: number;
  follow_code: string;
  /** satisfied | basically_satisfied | unsatisfied */
  rating: string;
  comment: string | null;
  reopened: number;
  at: number;
}

/** The last SMS code sent to a phone (hashed), its expiry and the wrong attempts. */
export interface CitizenSmsCodesTable {
  phone_hash: string;
  code_hash: string;
  expires_at: number;
  attempts: number;
  sent_at: number;
}

/** Abuse limits: how many reports / codes a device or phone used on a Shanghai day. */
export interface CitizenQuotasTable {
  subject: string;
  day: string;
  count: number;
}

export interface PublicChannelTables {
  open311_services: Open311ServicesTable;
  api_keys: ApiKeysTable;
  public_requests: PublicRequestsTable;
  open311_tokens: Open311TokensTable;
  citizen_followers: CitizenFollowersTable;
  citizen_ratings: CitizenRatingsTable;
  citizen_sms_codes: CitizenSmsCodesTable;
  citizen_quotas: CitizenQuotasTable;
}
