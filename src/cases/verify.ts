/** Recomputing hash chains: one case (`GET /cases/{id}/verify`) or all of them (`cityloop verify`). */
import { notFound } from '../core/errors.js';
import type { Db } from '../store/db.js';
import { verifyChain, type ChainReport } from './chain.js';
import * as repo from './repo.js';

export async function verifyCase(db: Db, caseId: string): Promise<ChainReport & { caseId: string; code: string }> {
  const c = await repo.getCase(db.kysely, caseId);
  if (!c) throw notFound('CASE_NOT_FOUND', '案卷不存在', 'No such case', { caseId });
  const report = verifyChain(await repo.listEvents(db.kysely, caseId));
  // The projection must point at the head of the chain, too.
  if (report.ok && (report.head !== c.lastHash || report.events !== c.version)) {
    return { ...report, ok: false, caseId, code: c.code, breaksAt: { seq: report.events, problem: 'hash_mismatch', expected: report.head, found: c.lastHash } };
  }
  return { ...report, caseId, code: c.code };
}

export interface AllCasesReport {
  cases: number;
  events: number;
  ok: boolean;
  broken: Array<ChainReport & { caseId: string; code: string }>;
}

export async function verifyAllCases(db: Db, onProgress?: (checked: number) => void): Promise<AllCasesReport> {
  const out: AllCasesReport = { cases: 0, events: 0, ok: true, broken: [] };
  let after: string | null = null;
  for (;;) {
    const page = await repo.caseIdsAfter(db.kysely, after, 500);
    if (page.length === 0) break;
    for (const { id } of page) {
      const r = await verifyCase(db, id);
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
