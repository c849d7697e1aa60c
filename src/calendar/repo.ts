/** Queries of the working-time calendar. Only this file knows SQL. */
import type { Executor } from '../store/db.js';
import { fromJson, toJson } from '../store/dialect.js';
import type { CalendarDay, DayKind, DaySource } from './model.js';
import type { CalendarDayRow } from './tables.js';

function toDay(r: CalendarDayRow): CalendarDay {
  return {
    date: r.date,
    kind: r.kind as DayKind,
    name: r.name,
    source: r.source as DaySource,
    updatedAt: Number(r.updated_at),
    updatedBy: r.updated_by,
  };
}

function toRow(d: CalendarDay): CalendarDayRow {
  return { date: d.date, kind: d.kind, name: d.name, source: d.source, updated_at: d.updatedAt, updated_by: d.updatedBy };
}

export async function listAllDays(db: Executor): Promise<CalendarDay[]> {
  const rows = await db.selectFrom('calendar_days').selectAll().orderBy('date').execute();
  return rows.map(toDay);
}

export async function listDaysBetween(db: Executor, fromDate: string, toDate: string): Promise<CalendarDay[]> {
  const rows = await db
    .selectFrom('calendar_days')
    .selectAll()
    .where('date', '>=', fromDate)
    .where('date', '<=', toDate)
    .orderBy('date')
    .execute();
  return rows.map(toDay);
}

export async function getDay(db: Executor, date: string): Promise<CalendarDay | undefined> {
  const row = await db.selectFrom('calendar_days').selectAll().where('date', '=', date).executeTakeFirst();
  return row ? toDay(row) : undefined;
}

/** Inserts rows in batches (the seed writes ~800); a date that already has a row keeps it (two starting processes may race). */
export async function insertDaysIfAbsent(db: Executor, days: readonly CalendarDay[]): Promise<void> {
  for (let i = 0; i < days.length; i += 200) {
    await db
      .insertInto('calendar_days')
      .values(days.slice(i, i + 200).map(toRow))
      .onConflict((oc) => oc.column('date').doNothing())
      .execute();
  }
}

export async function upsertDay(db: Executor, day: CalendarDay): Promise<void> {
  const row = toRow(day);
  await db
    .insertInto('calendar_days')
    .values(row)
    .onConflict((oc) =>
      oc.column('date').doUpdateSet({ kind: row.kind, name: row.name, source: row.source, updated_at: row.updated_at, updated_by: row.updated_by }),
    )
    .execute();
}

/** Updates a dataset row only (an admin row for the same date is left alone). */
export async function updateDatasetDay(db: Executor, day: CalendarDay): Promise<void> {
  await db
    .updateTable('calendar_days')
    .set({ kind: day.kind, name: day.name, updated_at: day.updatedAt, updated_by: day.updatedBy })
    .where('date', '=', day.date)
    .where('source', '=', 'dataset')
    .execute();
}

export async function deleteDay(db: Executor, date: string): Promise<number> {
  const res = await db.deleteFrom('calendar_days').where('date', '=', date).executeTakeFirst();
  return Number(res.numDeletedRows);
}

/** Deletes the admin rows of one year (before loading that year's schedule again). */
export async function deleteAdminDaysBetween(db: Executor, fromDate: string, toDate: string): Promise<number> {
  const res = await db
    .deleteFrom('calendar_days')
    .where('source', '=', 'admin')
    .where('date', '>=', fromDate)
    .where('date', '<=', toDate)
    .executeTakeFirst();
  return Number(res.numDeletedRows);
}

export async function getCalendarSetting<T>(db: Executor, key: string): Promise<T | undefined> {
  const row = await db.selectFrom('calendar_settings').select('value').where('key', '=', key).executeTakeFirst();
  return row ? fromJson<T>(row.value) : undefined;
}

export async function putCalendarSetting(db: Executor, key: string, value: unknown, now: number, actor: string | null): Promise<void> {
  const json = toJson(value);
  await db
    .insertInto('calendar_settings')
    .values({ key, value: json, updated_at: now, updated_by: actor })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value: json, updated_at: now, updated_by: actor }))
    .execute();
}
