import type SqliteDatabase from 'better-sqlite3';

export type SqliteSynchronous = 'NORMAL' | 'FULL';
export function configureConnection(db: SqliteDatabase.Database, file: string, synchronous?: SqliteSynchronous): void;
