/** 线索 → 立案 / 不予立案 / 当场处罚 (summary procedure), and the investigation (调查取证). Pure. */
import { unprocessable } from '../../core/errors.js';
import { parseInstant } from '../../core/time.js';
import { checkLimitation, checkSummaryCeiling, type Party } from '../model.js';
import { caseOfficer, certified, restart, twoOfficers, type Command } from './types.js';

export interface PartyBody { kind: 'person' | 'org'; name: string; idNumber?: string; address?: string; phone?: string; legalRep?: string }
export const partyOf = (b: PartyBody): Party => ({
  kind: b.kind, name: b.name.trim(), idNumber: b.idNumber?.trim() || null, address: b.address?.trim() || null, phone: b.phone?.trim() || null, legalRep: b.legalRep?.trim() || null,
});

function violation(env: Parameters<Command>[0], code: string): string {
  const name = env.violationName(code);
  if (!name) throw unprocessable('VIOLATION_UNKNOWN', `裁量基准中没有该违法行为：${code}`, `No discretion rule for violation ${code}`, { violationCode: code });
  return name;
}

export const file: Command<{ violationCode: string; party: PartyBody; occurredAt: string; safetyRelated?: boolean; officerIds: string[]; opinion: string }> = (env, { now }, p, b) => {
  const occurredAt = parseInstant(b.occurredAt);
  const safetyRelated = b.safetyRelated ?? false;
  checkLimitation(occurredAt, safetyRelated, now, env.periods);
  const violationName = violation(env, b.violationCode);
  const officers = twoOfficers(env, b.officerIds);
  const clock = restart(env, p, 'decision', env.periods.decision, now);
  const next = {
    ...p, violationCode: b.violationCode, violationName, party: partyOf(b.party), occurredAt, safetyRelated, officers,
    squad: env.officer(officers[0]!.userId)?.squad ?? null, clock, filedAt: now, updatedAt: now,
  };
  return { next, data: { violationCode: b.violationCode, violationName, party: next.party.name, occurredAt, officers, opinion: b.opinion, decisionDueAt: clock.dueAt } };
};

export const dismiss: Command<{ reason: string }> = (_env, { now }, p, b) => ({ next: { ...p, updatedAt: now, closedAt: now }, data: { reason: b.reason } });

/** 简易程序 (art. 51, 52): one certified officer decides on the spot; ≤ ¥100 may be collected there (art. 68). */
export const summary: Command<{ violationCode: string; party: PartyBody; fineFen: number; facts: string; paidOnSpot?: boolean; receiptNo?: string; evidence?: string[] }> = (env, rc, p, b) => {
  const { now } = rc;
  const officer = certified(env, rc.actor.id);
  const party = partyOf(b.party);
  checkSummaryCeiling(party.kind, b.fineFen, env.periods);
  const violationName = violation(env, b.violationCode);
  if (b.paidOnSpot && b.fineFen > 100_00) {
    throw unprocessable('ON_SPOT_COLLECTION_LIMIT', '当场收缴罚款限100元以下（行政处罚法第六十八条）', 'Only fines up to 100 yuan may be collected on the spot (art. 68)', { fineFen: b.fineFen });
  }
  if (b.paidOnSpot && !b.receiptNo) throw unprocessable('RECEIPT_REQUIRED', '当场收缴罚款须出具专用票据', 'On-spot collection needs the receipt number');
  const settled = b.paidOnSpot || b.fineFen === 0;
  const evidence = (b.evidence ?? []).map((sha256) => ({ kind: 'photo', sha256, note: null, at: now }));
  const payment = { dueAt: settled ? now : env.cal.deadline(now, env.periods.payment.value, env.periods.payment.unit), paidFen: b.paidOnSpot ? b.fineFen : 0, surchargeFen: 0, arrangement: null, paidAt: settled ? now : null };
  const next = {
    ...p, procedure: 'summary' as const, violationCode: b.violationCode, violationName, party, officers: [officer], squad: env.officer(officer.userId)?.squad ?? null,
    evidence: [...p.evidence, ...evidence], filedAt: now, decidedAt: now,
    decision: { outcome: b.fineFen > 0 ? 'penalty' as const : 'no_penalty' as const, fineFen: b.fineFen, at: now, transferTo: null },
    service: { method: 'direct', at: now }, payment,
    clock: settled ? restart(env, p, null, null, now) : restart(env, p, 'payment', env.periods.payment, now),
    closedAt: settled ? now : null, updatedAt: now,
  };
  return { next, to: settled ? 'closed' : 'executing', data: { violationCode: b.violationCode, party: party.name, fineFen: b.fineFen, facts: b.facts, paidOnSpot: b.paidOnSpot ?? false, receiptNo: b.receiptNo ?? null, officer, evidence: b.evidence ?? [] } };
};

export const EVIDENCE_KINDS = ['inspection', 'interview', 'photo', 'video', 'document', 'other'] as const;
export const EVIDENCE_NAMES: Record<(typeof EVIDENCE_KINDS)[number], string> = { inspection: '现场检查（勘验）笔录', interview: '询问笔录', photo: '照片', video: '视听资料', document: '书证', other: '其他证据' };

/** 调查取证: a record or evidence, each file by its SHA-256; inspection and interview records name the two officers present. */
export const recordEvidence: Command<{ kind: (typeof EVIDENCE_KINDS)[number]; note: string; files: string[]; officerIds?: string[] }> = (env, rc, p, b) => {
  caseOfficer(p, rc);
  const isRecord = b.kind === 'inspection' || b.kind === 'interview';
  const present = isRecord ? twoOfficers(env, b.officerIds ?? []) : [];
  const at = rc.now;
  const evidence = [...p.evidence, ...b.files.map((sha256) => ({ kind: b.kind, sha256, note: b.note, at }))];
  return { next: { ...p, evidence, records: p.records + (isRecord ? 1 : 0), updatedAt: at }, data: { kind: b.kind, note: b.note, files: b.files, officers: present } };
};

export const finishInvestigation: Command<{ summary: string }> = (_env, rc, p, b) => {
  caseOfficer(p, rc);
  if (p.records === 0) throw unprocessable('EVIDENCE_REQUIRED', '调查终结前须至少制作一份现场检查笔录或询问笔录', 'Make at least one inspection or interview record before ending the investigation');
  return { next: { ...p, updatedAt: rc.now }, data: { summary: b.summary } };
};
