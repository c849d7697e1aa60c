/** Tables of this capability, as Kysely sees them. Instants are epoch ms (number); JSON columns hold text on SQLite and jsonb on PostgreSQL. */

/**
 * One explicit day of the calendar: a statutory holiday, a make-up workday (调休上班) or a local change.
 * A day without a row follows the plain rule (Mon–Fri work). `source` 'dataset' rows come from the packaged
 * national dataset; 'admin' rows were entered by an administrator and win: the seed never touches them.
 */
export interface CalendarDayRow {
  date: string; // 'YYYY-MM-DD' (Shanghai), primary key
  kind: string; // 'workday' | 'holiday'
  name: string;
  source: string; // 'dataset' | 'admin'
  updated_at: number;
  updated_by: string | null;
}

/** Calendar settings as keyed JSON values: 'work_windows', 'loaded_years'. */
export interface CalendarSettingRow {
  key: string;
  value: unknown;
  updated_at: number;
  updated_by: string | null;
}

export interface CalendarTables {
  calendar_days: CalendarDayRow;
  calendar_settings: CalendarSettingRow;
}
