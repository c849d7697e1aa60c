/**
 * Dialect helpers, so both stores behave the same. Repositories use these instead of
 * branching on the dialect themselves.
 */
import { sql, type ColumnDataType, type Expression, type RawBuilder } from 'kysely';
import type { Dialect } from './db.js';

/** Column type for structured payloads: `text` on SQLite, `jsonb` on PostgreSQL. */
export function jsonColumn(dialect: Dialect): ColumnDataType {
  return dialect === 'postgres' ? 'jsonb' : 'text';
}

/** Value to write into a JSON column. */
export function toJson(value: unknown): string {
  return JSON.stringify(value ?? null);
}

/** Value read from a JSON column: text on SQLite, already parsed on PostgreSQL. */
export function fromJson<T>(value: unknown): T {
  if (typeof value === 'string') return JSON.parse(value) as T;
  return value as T;
}

/** Column type for epoch-ms instants and other 64-bit integers. */
export const instantColumn: ColumnDataType = 'bigint';

/** Column type for floating-point numbers (coordinates). */
export const doubleColumn: ColumnDataType = 'double precision';

/** Case-insensitive "contains" for free-text search. */
export function containsText(dialect: Dialect, column: Expression<unknown>, needle: string): RawBuilder<boolean> {
  const pattern = `%${needle.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
  return dialect === 'postgres'
    ? sql<boolean>`${column} ILIKE ${pattern} ESCAPE '\\'`
    : sql<boolean>`${column} LIKE ${pattern} ESCAPE '\\'`;
}

/** Whether an error is a unique-constraint violation, on either store. */
export function isUniqueViolation(e: unknown): boolean {
  const err = e as { code?: string; message?: string };
  return err?.code === '23505' || err?.code === 'SQLITE_CONSTRAINT_UNIQUE' || err?.code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}
