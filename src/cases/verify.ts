/** Recomputing hash chains: one case (`GET /cases/{id}/verify`) or all of them (`cityloop verify`). */
import type { Db } from '../store/db.js';
import type { ChainReport } from './chain.js';
import * as repo from './repo.js';
import type { CaseStore } from './store.js';

export async function verifyCase(store: CaseStore, caseId: string): Promise<ChainReport & { caseId: string; code: string }> {
  const { record, ...report } = await store.verify(caseId);
  return { ...report, caseId, code: record.code };
}

export interface AllCasesReport {
  cases: number;
  events: number;
  ok: boolean;
  broken: Array<ChainReport & { caseId: string; code: string }>;
}

export async function verifyAllCases(db: Db, store: CaseStore, onProgress?: (checked: number) => void): Promise<AllCasesReport> {
  const out: AllCasesReport = { cases: 0, events: 0, ok: true, broken: [] };
  let after: string | null = null;
  for (;;) {
    const page = await repo.caseIdsAfter(db.kysely, after, 500);
    if (page.length === 0) break;
    for (const { id } of page) {
      const r = await verifyCase(store, id);
      out.cases += 1;
      out.events += r.events;
      if (!r.ok) {
        out.ok = false;
        out.broken.push(r);
      }
    }
    after = page[page.length - 1]!.id;
    onProgress?.(out.cases);
  }
  return out;
}
