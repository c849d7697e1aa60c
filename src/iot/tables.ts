/** The IoT hub's tables (migration 0140). JSON members are text on SQLite and jsonb on PostgreSQL for devices; text elsewhere. */
export interface IotDevicesTable {
  id: string;
  type: string;
  model: string;
  serial: string;
  name: string;
  owner_kind: string;
  owner_id: string;
  owner_name: string;
  contact_name: string;
  contact_phone: string;
  lon: number;
  lat: number;
  address: string | null;
  grid_code: string | null;
  street_code: string | null;
  district_code: string | null;
  baseline: unknown;
  params: unknown;
  secret_hash: string;
  enabled: number;
  last_seen_at: number | string | null;
  version: number;
  created_at: number | string;
  updated_at: number | string;
}

export interface IotRulesTable {
  id: string;
  key: string;
  scope_kind: string;
  scope_ref: string;
  version: number;
  body: string;
  enabled: number;
  updated_at: number | string;
  updated_by: string;
}

export interface IotRuleVersionsTable {
  rule_id: string;
  version: number;
  body: string;
  at: number | string;
  actor_id: string;
}

export interface IotAlarmsTable {
  id: string;
  version: number;
  last_hash: string;
  device_id: string;
  device_type: string;
  rule_id: string;
  rule_key: string;
  rule_version: number;
  title: string;
  severity: string;
  state: string;
  active: number;
  count: number;
  first_at: number | string;
  last_at: number | string;
  cleared_at: number | string | null;
  acked_at: number | string | null;
  assignee_id: string | null;
  case_id: string | null;
  escalation: string;
  next_step_at: number | string | null;
  owner_kind: string;
  owner_id: string;
  district_code: string | null;
  street_code: string | null;
  last_values: string;
  updated_at: number | string;
}

export interface IotAlarmEventsTable {
  alarm_id: string;
  seq: number;
  type: string;
  data: string;
  actor_id: string;
  role: string;
  at: number | string;
  prev_hash: string;
  hash: string;
}

export interface IotMinutesTable {
  device_id: string;
  key: string;
  minute: number | string;
  count: number;
  min: number;
  max: number;
  sum: number;
  energy: number;
}

export interface IotReadingsTable {
  device_id: string;
  ts: number | string;
  vals: string;
}

export interface IotTables {
  iot_devices: IotDevicesTable;
  iot_rules: IotRulesTable;
  iot_rule_versions: IotRuleVersionsTable;
  iot_alarms: IotAlarmsTable;
  iot_alarm_events: IotAlarmEventsTable;
  iot_minutes: IotMinutesTable;
  iot_readings: IotReadingsTable;
}
