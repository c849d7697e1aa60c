/**
 * 行政执法公示 (三项制度; 国办发〔2018〕118号; 行政处罚法 art. 48): what a published penalty decision
 * shows, with personal data redacted by rule — a person's name keeps its surname, an ID number its
 * first 6 and last 4 characters (a credit code of an organisation is public), phone numbers and a
 * person's address are left out. Pure.
 */
import type { PenaltyCase } from './model.js';

export function maskName(name: string): string {
  const chars = [...name];
  return chars.length <= 1 ? name : chars[0] + '*'.repeat(Math.min(chars.length - 1, 2));
}

export function maskId(id: string): string {
  return id.length <= 10 ? '*'.repeat(id.length) : id.slice(0, 6) + '*'.repeat(id.length - 10) + id.slice(-4);
}

/** The public text of a decision. */
export function disclosureContent(p: PenaltyCase, docNo: string | null): Record<string, unknown> {
  const party = p.party!;
  const person = party.kind === 'person';
  return {
    docNo,
    caseCode: p.code,
    partyName: person ? maskName(party.name) : party.name,
    partyId: party.idNumber ? (person ? maskId(party.idNumber) : party.idNumber) : null,
    legalRep: person ? null : party.legalRep,
    violation: p.violationName,
    facts: p.proposal?.basis ? `${p.violationName}` : null,
    basis: p.proposal?.basis ?? null,
    fineFen: p.decision?.fineFen ?? 0,
    decidedAt: p.decidedAt,
    authority: '厦门市城市管理行政执法局',
  };
}
