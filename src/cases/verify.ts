/** Recomputing hash chains: one case (`GET /cases/{id}/verify`) or all of them (`cityloop verify`). */
import type { Db } from '../store/db.js';
import type { ChainReport } from './chain.js';
import { projectionProblems } from './projection-check.js';
import * as repo from './repo.js';
import type { CaseStore } from './store.js';

/**
 * A case's chain, its head against the row, and the row against a fold of its events
 * (projection-check.ts): an edited row — a forged status, a new description — fails as
 * `projection_mismatch` with the log's `field=value` as expected and the row's as found.
 */
export async function verifyCase(store: CaseStore, caseId: string): Promise<ChainReport & { caseId: string; code: string }> {
  const { record, ...report } = await store.verify(caseId);
  if (report.ok) {
    const problems = projectionProblems(record, await store.events(caseId));
    if (problems.length) {
      const p = problems[0]!;
      return {
        ...report, ok: false, caseId, code: record.code,
        breaksAt: { seq: report.events, problem: 'projection_mismatch', expected: `${p.field}=${String(p.log)}`, found: `${p.field}=${String(p.row)}` },
      };
    }
  }
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
