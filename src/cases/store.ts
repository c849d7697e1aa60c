/** The case store: the workflow kit's record store over the case stream (src/cases/stream.ts). */
import type { Db } from '../store/db.js';
import { createRecordStore, type AfterCommit, type RecordStore } from '../workflow/store.js';
import type { Audience, CaseEvent, CaseRecord } from './record.js';
import { CASE_STREAM } from './stream.js';

export type CaseStore = RecordStore<CaseRecord, CaseEvent, Audience>;
export type CaseCommitted = AfterCommit<CaseRecord, CaseEvent, Audience>;

export function createCaseStore(db: Db, afterCommit?: CaseCommitted): CaseStore {
  return createRecordStore(db, CASE_STREAM, { afterCommit });
}
