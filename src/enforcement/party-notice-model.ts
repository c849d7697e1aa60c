/**
 * The party notice of non-contact enforcement (非现场执法, 行政处罚法 art. 41): whoever the evidence of
 * a reviewed camera (or other electronic monitoring) points at is told promptly, by SMS with a link,
 * and may see the evidence and state and defend online (陈述、申辩) within the period. Types and pure
 * rules; no I/O.
 */
import { conflict, unprocessable } from '../core/errors.js';
import type { PenaltyCase } from './model.js';

/** Who the party is, as the operator identified them: a shop (门前三包 / business registry), a vehicle's keeper, a person. */
export const NOTICE_PARTY_KINDS = ['shop', 'vehicle', 'person'] as const;
export type NoticePartyKind = (typeof NOTICE_PARTY_KINDS)[number];
export const NOTICE_PARTY_NAMES: Record<NoticePartyKind, string> = { shop: '商户', vehicle: '车辆', person: '个人' };

export interface NoticeParty {
  kind: NoticePartyKind;
  /** Shop name, the keeper's name, or the person's. */
  name: string;
  /** 统一社会信用代码 / 身份证号 when known. */
  idNumber: string | null;
  /** The vehicle's plate (vehicles). */
  plate: string | null;
  phone: string;
  address: string | null;
}

export interface PartyNotice {
  id: string;
  penaltyCaseId: string;
  party: NoticeParty;
  /** The facts as told to the party. */
  facts: string;
  /** SHA-256 of the evidence files the party may see. */
  evidence: string[];
  sentAt: number;
  /** The end of the period to state and defend (the notice's own; a later formal notice of rights may extend it). */
  rightsUntil: number;
  statements: number;
  createdBy: string;
}

/** Statements one notice takes at most (a link is not a chat). */
export const MAX_STATEMENTS = 20;
export const PHONE_PATTERN = /^1\d{10}$/;

/** The party as given, trimmed and checked (a vehicle needs its plate, every party a mobile number for the SMS). */
export function checkParty(p: { kind: NoticePartyKind; name: string; idNumber?: string | null; plate?: string | null; phone: string; address?: string | null }): NoticeParty {
  const party: NoticeParty = {
    kind: p.kind, name: p.name.trim(), idNumber: p.idNumber?.trim() || null, plate: p.plate?.trim().toUpperCase() || null,
    phone: p.phone.replace(/[\s-]/g, ''), address: p.address?.trim() || null,
  };
  if (!party.name) throw unprocessable('PARTY_NAME_REQUIRED', '请填写当事人（商户名称或姓名）', 'Name the party (shop or person)', { field: 'party.name' });
  if (party.kind === 'vehicle' && !party.plate) throw unprocessable('PARTY_PLATE_REQUIRED', '车辆当事人须填写车牌号', 'A vehicle party needs its plate', { field: 'party.plate' });
  if (!PHONE_PATTERN.test(party.phone)) throw unprocessable('PARTY_PHONE_INVALID', '请填写当事人的11位手机号码，用于短信告知', 'Give the party’s 11-digit mobile number for the SMS notice', { field: 'party.phone' });
  return party;
}

/** 138****5678. */
export const maskPhone = (phone: string): string => (phone.length >= 7 ? `${phone.slice(0, 3)}****${phone.slice(-4)}` : '****');

/**
 * Until when the party may still state and defend: the notice's period or, when the case reached its
 * formal notice of rights (告知), that period if later; never once the case is decided or ended.
 */
export function statementDeadline(n: Pick<PartyNotice, 'rightsUntil'>, p: Pick<PenaltyCase, 'notice' | 'decidedAt' | 'state'>): number | null {
  if (p.decidedAt !== null || ['decided', 'executing', 'court', 'closed', 'archived', 'dismissed', 'transferred'].includes(p.state)) return null;
  return Math.max(n.rightsUntil, p.notice?.rightsUntil ?? 0);
}

export function checkStatementAllowed(n: PartyNotice, p: PenaltyCase, now: number): void {
  const until = statementDeadline(n, p);
  if (until === null) throw conflict('STATEMENT_CLOSED', '本案已作出决定或已终结，不能再在线陈述申辩', 'The case is decided or ended: statements are closed');
  if (now > until) throw conflict('STATEMENT_LATE', '已超过陈述申辩期限', 'The period to state and defend has ended', { until });
  if (n.statements >= MAX_STATEMENTS) throw conflict('STATEMENT_LIMIT', `每份告知最多在线提交 ${MAX_STATEMENTS} 次陈述申辩`, `At most ${MAX_STATEMENTS} statements per notice`);
}
