/**
 * Issuing legal documents: the 文号 from its series (per year), a new version with the same 文号 when
 * re-issued, the PDF rendered from the case as it stands, its bytes stored by SHA-256 and a
 * `document_issued` event on the case in the kit's guarded append (the case's evidence list of
 * documents). A refused append removes the stored bytes again; the number it drew stays used (a gap
 * in the series, as with a spoiled paper form).
 */
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import { authorize } from '../../auth/policy.js';
import type { User } from '../../auth/model.js';
import { notFound } from '../../core/errors.js';
import type { ServiceDeps } from '../../core/deps.js';
import type { Database } from '../../store/schema.js';
import type { RecordStore } from '../../workflow/store.js';
import { resourceOf, type DocumentRef, type PenaltyCase } from '../model.js';
import * as repo from '../repo.js';
import type { PenaltyEvent } from '../stream.js';
import { KINDS, checkReady, docNoOf, specOf, type DocumentKind } from './kinds.js';
import { renderPdf } from './render.js';

export function createDocumentService(deps: ServiceDeps, store: RecordStore<PenaltyCase, PenaltyEvent>, get: (user: User, id: string) => Promise<PenaltyCase>) {
  const k = deps.db.kysely as unknown as Kysely<Database>;

  async function issue(user: User, id: string, kind: DocumentKind): Promise<{ penaltyCase: PenaltyCase; document: DocumentRef }> {
    const p = await get(user, id);
    const role = authorize(user, 'penalty.document', resourceOf(p));
    checkReady(p, kind);
    const now = deps.clock.now();
    const earlier = p.documents.filter((d) => d.kind === kind);
    const year = String(new Date(now + 8 * 3600_000).getUTCFullYear());
    const docNo = earlier.at(-1)?.docNo ?? docNoOf(p, kind, year, await repo.nextDocSerial(k, KINDS[kind].series, year));
    const version = earlier.length + 1;
    const bytes = await renderPdf(specOf(p, kind, docNo, version, now));
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const rowId = deps.ids.next();
    await repo.insertDocument(k, { id: rowId, caseId: p.id, kind, docNo, version, sha256, size: bytes.length, createdBy: user.id, createdAt: now }, bytes);
    const document: DocumentRef = { kind, docNo, version, sha256, at: now };
    try {
      const next = await store.update(p.id, p.version, (r) => {
        if (r.version !== p.version) throw store.spec.errors.conflict(p.id, p.version, r.version);
        return { next: { ...r, documents: [...r.documents, document], updatedAt: now }, drafts: [{ type: 'document_issued', data: { ...document, title: KINDS[kind].title, size: bytes.length }, actorId: user.id, role, at: now }] };
      });
      return { penaltyCase: next, document };
    } catch (e) {
      await repo.deleteDocument(k, rowId);
      throw e;
    }
  }

  async function pdf(user: User, id: string, sha256: string): Promise<{ bytes: Buffer; filename: string }> {
    const p = await get(user, id);
    const d = await repo.documentBytes(k, p.id, sha256);
    if (!d) throw notFound('DOCUMENT_NOT_FOUND', '文书不存在', 'No such document', { sha256 });
    return { bytes: d.bytes, filename: `${KINDS[d.kind as DocumentKind]?.title ?? d.kind}-${d.docNo}-v${d.version}.pdf` };
  }

  return { issue, pdf };
}
