/** Tables of this capability, as Kysely sees them. Instants are epoch ms (number); JSON columns hold text on SQLite and jsonb on PostgreSQL; booleans are 0/1. */

/** One row per class, big or small; `code` is the public code ('C0101', 'E05'). */
export interface CategoriesTable {
  id: string;
  code: string;
  kind: string;
  major_code: string;
  minor_code: string | null;
  name: string;
  /** Classification version of the current row ('GB/T 30428.2-2013', or the city's local version). */
  version: string;
  local: number;
  enabled: number;
  /** From when the current name is in force; null = since the table was loaded. */
  valid_from: number | null;
  created_at: number;
  updated_at: number;
}

/** Former names of a class: a rename keeps the code and moves the old name here. */
export interface CategoryNamesTable {
  id: string;
  category_code: string;
  name: string;
  version: string;
  valid_from: number | null;
  valid_to: number;
  changed_by: string | null;
}

export interface UnitsTable {
  id: string;
  code: string;
  name: string;
  kind: string;
  parent_code: string | null;
  district_code: string | null;
  street_code: string | null;
  duty: string | null;
  active: number;
  created_at: number;
  updated_at: number;
}

export interface ComponentsTable {
  id: string;
  /** 16-digit 部件标识码. */
  object_code: string;
  category_code: string;
  district_code: string;
  serial: number;
  name: string;
  lon: number;
  lat: number;
  grid_code: string | null;
  state: string;
  owner_unit_code: string | null;
  maintainer_unit_code: string | null;
  address: string | null;
  note: string | null;
  created_at: number;
  updated_at: number;
}

export interface ResponsibilityItemsTable {
  id: string;
  item_no: string;
  category_code: string;
  area_code: string | null;
  condition: string;
  urgency: string;
  /** 'unit' | 'territorial' */
  owner_type: string;
  owner_unit_code: string | null;
  owner_unit_kind: string | null;
  owner_duty: string | null;
  /** JSON string[] of unit codes. */
  co_unit_codes: unknown;
  /** JSON Partial<Record<Stage, {value, unit}>>. */
  time_limits: unknown;
  closing_condition: string;
  legal_basis: string;
  created_at: number;
  updated_at: number;
}

export interface CatalogTables {
  categories: CategoriesTable;
  category_names: CategoryNamesTable;
  units: UnitsTable;
  components: ComponentsTable;
  responsibility_items: ResponsibilityItemsTable;
}
