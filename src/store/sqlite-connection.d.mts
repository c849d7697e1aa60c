import type SqliteDatabase from 'better-sqlite3';

export function configureConnection(db: SqliteDatabase.Database, file: string): void;
