/** Tables of the hotline capability, as Kysely sees them. Instants are epoch ms; JSON text on SQLite, jsonb on PostgreSQL. */

/** The projection of a work order's event stream; `doc` holds the members nothing queries by. */
export interface HotlineOrdersTable {
  id: string;
  version: number;
  last_hash: string;
  state: string;
  /** 工单编号: unique, the hotline system's id of the order (idempotency). */
  order_no: string;
  case_id: string | null;
  /** The order's area (the grid's, else the receiving account's): what scoped readers are narrowed by. */
  district_code: string | null;
  street_code: string | null;
  received_at: number;
  updated_at: number;
  doc: unknown;
}

export interface HotlineOrderEventsTable {
  order_id: string;
  seq: number;
  type: string;
  data: unknown;
  actor_id: string;
  role: string;
  at: number;
  prev_hash: string;
  hash: string;
}

/** 地名地址库: a place with one point, which addresses in words are resolved against. */
export interface GazetteerPlacesTable {
  id: string;
  name: string;
  kind: string;
  aliases: unknown;
  lon: number;
  lat: number;
  created_at: number;
}

export interface HotlineTables {
  hotline_orders: HotlineOrdersTable;
  hotline_order_events: HotlineOrderEventsTable;
  gazetteer_places: GazetteerPlacesTable;
}
