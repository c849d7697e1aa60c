/**
 * The impound's documents in the standard set: 查封（扣押）决定书 with its list of things (清单),
 * 解除查封（扣押）决定书 with the claim period, 查封扣押财物处置记录. Same renderer, same 文号
 * series table and same storage as the penalty documents (src/enforcement/documents/): a 文号 per
 * series and year, a new version with the same 文号 when re-issued, bytes by SHA-256, a
 * `document_issued` event on the impound. Specs pure; `createImpoundDocuments` writes.
 */
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import { conflict, notFound } from '../core/errors.js';
import type { ServiceDeps } from '../core/deps.js';
import { toShanghaiIso } from '../core/time.js';
import type { Database } from '../store/schema.js';
import type { RecordStore } from '../workflow/store.js';
import { AUTHORITY } from './documents/kinds.js';
import { renderPdf, type DocSpec } from './documents/render.js';
import {
  DISPOSAL_GROUND_NAMES, DISPOSAL_METHOD_NAMES, KIND_NAMES, MEASURE_NAMES, RELEASE_NAMES, type Impound, type ImpoundDocument,
} from './impounds-model.js';
import type { ImpoundEvent } from './impounds-stream.js';
import * as repo from './repo.js';

export const IMPOUND_DOCUMENT_KINDS = ['impound_notice', 'release_notice', 'disposal_record'] as const;
export type ImpoundDocumentKind = (typeof IMPOUND_DOCUMENT_KINDS)[number];

export const IMPOUND_DOCS: Record<ImpoundDocumentKind, { title: (i: Impound) => string; series: (i: Impound) => string; ready: (i: Impound) => boolean }> = {
  impound_notice: { title: (i) => `${i.measure === 'sealing' ? '查封' : '扣押'}决定书`, series: (i) => (i.measure === 'sealing' ? '封' : '扣'), ready: () => true },
  release_notice: { title: (i) => `解除${i.measure === 'sealing' ? '查封' : '扣押'}决定书`, series: () => '解扣', ready: (i) => i.release !== null },
  disposal_record: { title: () => '查封扣押财物处置记录', series: () => '处置', ready: (i) => i.disposal !== null },
};

const DISTRICT_ABBR: Record<string, string> = { '350203': '思', '350205': '海', '350206': '湖', '350211': '集', '350212': '同', '350213': '翔' };
export const impoundDocNo = (i: Impound, kind: ImpoundDocumentKind, year: string, n: number): string =>
  `厦${DISTRICT_ABBR[i.place.districtCode ?? ''] ?? ''}城${IMPOUND_DOCS[kind].series(i)}〔${year}〕${n}号`;

const day = (t: number | null | undefined): string => {
  if (t == null) return '—';
  const [y, m, d] = toShanghaiIso(t).slice(0, 10).split('-');
  return `${y}年${Number(m)}月${Number(d)}日`;
};
const REMEDIES = '当事人如不服本决定，可以在收到本决定书之日起六十日内向厦门市人民政府申请行政复议，或者在六个月内直接向有管辖权的人民法院提起行政诉讼。';

function partyRows(i: Impound): Array<[string, string]> {
  const a = i.party;
  if (!a) return [['当事人', '不明（待认领）']];
  return [['当事人', a.name], [a.kind === 'person' ? '身份证号码' : '统一社会信用代码', a.idNumber ?? '—'], ['住所（地址）', a.address ?? '—'], ['联系电话', a.phone ?? '—']];
}

const listRows = (i: Impound): Array<[string, string]> =>
  i.items.map((it, n) => [`${n + 1}. ${it.name}`, `${it.quantity}${it.unit}${it.identifier ? `，编号/识别码 ${it.identifier}` : ''}${it.condition ? `，${it.condition}` : ''}${it.photos.length ? `，照片${it.photos.length}张` : ''}`]);

/** The document an impound reads as now. */
export function impoundSpecOf(i: Impound, kind: ImpoundDocumentKind, docNo: string, version: number, at: number): DocSpec {
  const base = { authority: AUTHORITY, title: IMPOUND_DOCS[kind].title(i), docNo, version, at, foot: `查封扣押编号 ${i.code}${i.penaltyCaseCode ? `  案号 ${i.penaltyCaseCode}` : ''}` };
  const measure = i.measure === 'sealing' ? '查封' : '扣押';
  const officers = i.officers.map((o) => `${o.name}（执法证号：${o.certNo}）`).join('、') || '—';
  switch (kind) {
    case 'impound_notice':
      return { ...base, blocks: [
        { kind: 'fields', rows: [...partyRows(i), ['地点', i.place.address], ['种类', `${KIND_NAMES[i.kind]}，${MEASURE_NAMES[i.measure]}`], ['执法人员', officers]] },
        { kind: 'para', heading: `${measure}的理由和依据`, text: `${i.reason}。根据《中华人民共和国行政强制法》第九条、第二十二条、第二十三条、第二十四条的规定，本机关决定对下列${KIND_NAMES[i.kind]}予以${measure}。` },
        { kind: 'para', heading: `${measure}财物清单`, text: `共${i.items.length}项，现场照片${i.photos.length}张（照片以SHA-256存证）。` },
        { kind: 'fields', rows: listRows(i) },
        { kind: 'fields', rows: [['存放场所', `${i.storage.yard}${i.storage.location ? `（${i.storage.location}）` : ''}`], [`${measure}期限`, `自${day(i.heldAt)}起三十日，至${day(i.holdUntil - 1)}止；情况复杂的，经本机关负责人批准可以延长，但延长期限不超过三十日（行政强制法第二十五条）`]] },
        { kind: 'para', heading: '当事人的权利', text: `当事人享有陈述、申辩的权利。对${measure}的财物，本机关妥善保管，不得使用或者损毁（行政强制法第二十六条）。${REMEDIES}` },
        { kind: 'sign', lines: ['当事人签名：__________', '执法人员签名：__________  __________', day(i.heldAt)] },
      ] };
    case 'release_notice': {
      const r = i.release!;
      return { ...base, blocks: [
        { kind: 'fields', rows: [...partyRows(i), ['原决定', i.documents.find((d) => d.kind === 'impound_notice')?.docNo ?? '—'], ['解除理由', RELEASE_NAMES[r.ground] + (r.note ? `：${r.note}` : '')]] },
        { kind: 'para', text: `根据《中华人民共和国行政强制法》第二十八条的规定，本机关决定自${day(r.at)}起解除对下列${KIND_NAMES[i.kind]}的${measure}，请你（单位）于${day(r.claimUntil - 1)}前持本决定书和有效身份证件到${i.storage.yard}领取。逾期不领取的，本机关将依法处置。` },
        { kind: 'fields', rows: listRows(i) },
        { kind: 'sign', lines: [AUTHORITY, day(r.at)] },
      ] };
    }
    case 'disposal_record': {
      const d = i.disposal!;
      return { ...base, blocks: [
        { kind: 'fields', rows: [...partyRows(i), ['处置依据', DISPOSAL_GROUND_NAMES[d.ground]], ['处置方式', DISPOSAL_METHOD_NAMES[d.method]], ['处置所得', `${(d.proceedsFen / 100).toFixed(2)}元（依法上缴国库）`], ['处置时间', day(d.at)]] },
        { kind: 'fields', rows: listRows(i) },
        { kind: 'para', text: `${d.note ? `${d.note}。` : ''}处置经本机关负责人批准，处置过程有记录、照片存档。` },
        { kind: 'sign', lines: ['经办人签名：__________  __________', '负责人签名：__________', day(d.at)] },
      ] };
    }
  }
}

export function createImpoundDocuments(deps: ServiceDeps, store: RecordStore<Impound, ImpoundEvent>) {
  const k = deps.db.kysely as unknown as Kysely<Database>;

  /** Issues (or re-issues) a document for an impound the caller may already act on (`role` from the policy). */
  async function issue(i: Impound, kind: ImpoundDocumentKind, actor: { id: string; role: string }): Promise<{ impound: Impound; document: ImpoundDocument }> {
    if (!IMPOUND_DOCS[kind].ready(i)) throw conflict('DOCUMENT_NOT_READY', `当前不能制作${IMPOUND_DOCS[kind].title(i)}`, `The impound is not at a stage where a ${kind} can be issued`, { kind, state: i.state });
    const now = deps.clock.now();
    const earlier = i.documents.filter((d) => d.kind === kind);
    const year = String(new Date(now + 8 * 3600_000).getUTCFullYear());
    const series = IMPOUND_DOCS[kind].series(i);
    const docNo = earlier.at(-1)?.docNo ?? impoundDocNo(i, kind, year, await repo.nextDocSerial(k, series, year));
    const version = earlier.length + 1;
    const bytes = await renderPdf(impoundSpecOf(i, kind, docNo, version, now));
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const rowId = deps.ids.next();
    await repo.insertDocument(k, { id: rowId, caseId: i.id, kind, docNo, version, sha256, size: bytes.length, createdBy: actor.id, createdAt: now }, bytes);
    const document: ImpoundDocument = { kind, docNo, version, sha256, at: now };
    try {
      const next = await store.update(i.id, i.version, (r) => {
        if (r.version !== i.version) throw store.spec.errors.conflict(i.id, i.version, r.version);
        return { next: { ...r, documents: [...r.documents, document], updatedAt: now }, drafts: [{ type: 'document_issued', data: { ...document, title: IMPOUND_DOCS[kind].title(i), size: bytes.length }, actorId: actor.id, role: actor.role, at: now }] };
      });
      return { impound: next, document };
    } catch (e) {
      await repo.deleteDocument(k, rowId);
      throw e;
    }
  }

  async function pdf(i: Impound, sha256: string): Promise<{ bytes: Buffer; filename: string }> {
    const d = await repo.documentBytes(k, i.id, sha256);
    if (!d) throw notFound('DOCUMENT_NOT_FOUND', '文书不存在', 'No such document', { sha256 });
    const title = (IMPOUND_DOCUMENT_KINDS as readonly string[]).includes(d.kind) ? IMPOUND_DOCS[d.kind as ImpoundDocumentKind].title(i) : d.kind;
    return { bytes: d.bytes, filename: `${title}-${d.docNo}-v${d.version}.pdf` };
  }

  return { issue, pdf };
}
