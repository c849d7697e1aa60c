/** The rows that say what each stored file is: the only SQL of src/files. */
import type { Executor } from '../store/db.js';
import type { FilesTable } from './tables.js';

export type FileRow = FilesTable;

export async function findFile(db: Executor, sha256: string): Promise<FileRow | undefined> {
  return db.selectFrom('files').selectAll().where('sha256', '=', sha256).executeTakeFirst();
}

/** Inserts the row; a unique violation means another upload of the same bytes got there first. */
export async function insertFile(db: Executor, row: FileRow): Promise<void> {
  await db.insertInto('files').values(row).execute();
}

/** Which of these digests are stored files. */
export async function storedDigests(db: Executor, digests: readonly string[]): Promise<Set<string>> {
  if (digests.length === 0) return new Set();
  const rows = await db.selectFrom('files').select('sha256').where('sha256', 'in', digests).execute();
  return new Set(rows.map((r) => r.sha256));
}

/** The cases whose events carry this file, in case-id order: at most `limit`, those after `after` when given (paging). */
export async function referencingCases(db: Executor, sha256: string, limit: number, after?: string): Promise<string[]> {
  let q = db.selectFrom('file_refs').select('case_id').where('sha256', '=', sha256);
  if (after !== undefined) q = q.where('case_id', '>', after);
  const rows = await q.orderBy('case_id').limit(limit).execute();
  return rows.map((r) => r.case_id);
}
