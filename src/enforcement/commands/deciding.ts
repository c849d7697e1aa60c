/**
 * 案件审查 → 告知 → 陈述申辩 / 听证 → 法制审核 / 集体讨论 → 决定 (行政处罚法 art. 44, 45, 57–64). Pure.
 */
import { conflict, unprocessable } from '../../core/errors.js';
import { parseInstant } from '../../core/time.js';
import { extendClock } from '../../workflow/clock.js';
import { checkDeviation, type Facts } from '../discretion.js';
import { hasHearingRight, type Flags, type PenaltyCase } from '../model.js';
import { triggersOf } from '../review.js';
import { caseOfficer, restart, type Command, type Env } from './types.js';

export const propose: Command<{ facts: Facts; fineFen?: number; deviationReason?: string; flags?: Partial<Flags> }> = (env, rc, p, b) => {
  caseOfficer(p, rc);
  const r = env.benchmark(p.violationCode!, b.facts);
  const fineFen = b.fineFen ?? r.fineFen;
  checkDeviation(r, fineFen, b.deviationReason);
  const outcome = r.outcome === 'no_penalty' && fineFen === 0 ? 'no_penalty' as const : 'penalty' as const;
  const proposal = {
    outcome, tier: r.tier.level, rangeMinFen: r.rangeMinFen, rangeMaxFen: r.rangeMaxFen, benchmarkFen: r.benchmarkFen, fineFen,
    lenience: r.lenience ? { list: r.lenience.list, itemId: r.lenience.itemId, circumstance: r.lenience.circumstance } : null,
    waivedFen: Math.max(0, r.benchmarkFen - fineFen), deviationReason: b.deviationReason?.trim() || null, facts: b.facts as Record<string, unknown>, basis: r.basis,
  };
  const flags = { ...p.flags, ...b.flags };
  return { next: { ...p, proposal, flags, updatedAt: rc.now }, data: { ...proposal, flags } };
};

/** 告知 (art. 44, 45, 63, 64): the intended penalty, the rights to state and defend, a hearing where the fine gives one. */
export const notify: Command<Record<string, never>> = (env, rc, p) => {
  caseOfficer(p, rc);
  const pr = p.proposal;
  if (!pr) throw conflict('PROPOSAL_REQUIRED', '请先提出处理意见（案件审查）', 'Propose the penalty first (case review)');
  if (pr.outcome !== 'penalty') throw conflict('NO_PENALTY_PROPOSED', '拟不予处罚的案件无需告知，请直接提请决定', 'Nothing to notify for a no-penalty proposal: submit it for decision');
  const hearingRight = hasHearingRight(p.party!.kind, pr.fineFen, env.periods);
  const rightsUntil = env.cal.deadline(rc.now, env.periods.rights.value, env.periods.rights.unit);
  const notice = { at: rc.now, rightsUntil, hearingRight, statements: 0, waived: false };
  return { next: { ...p, notice, updatedAt: rc.now }, data: { fineFen: pr.fineFen, hearingRight, rightsUntil } };
};

export const statement: Command<{ text: string; adopted: boolean }> = (_env, rc, p, b) => {
  const notice = { ...p.notice!, statements: p.notice!.statements + 1 };
  return { next: { ...p, notice, updatedAt: rc.now }, data: { text: b.text, adopted: b.adopted } };
};

export const requestHearing: Command<{ note?: string }> = (_env, rc, p, b) => {
  const n = p.notice!;
  if (!n.hearingRight) throw conflict('NO_HEARING_RIGHT', '本案拟处罚不属于应当告知听证权利的情形', 'This penalty carries no hearing right');
  if (rc.now > n.rightsUntil) throw conflict('HEARING_REQUEST_LATE', '当事人应在告知后五个工作日内提出听证（行政处罚法第六十四条）', 'A hearing must be asked for within 5 working days of the notice (art. 64)', { rightsUntil: n.rightsUntil });
  return { next: { ...p, hearing: { requestedAt: rc.now, at: null, hostId: null, heldAt: null }, updatedAt: rc.now }, data: { note: b.note ?? null } };
};

export const scheduleHearing: Command<{ at: string; hostId: string; place: string }> = (env, rc, p, b) => {
  const at = parseInstant(b.at);
  const earliest = env.cal.deadline(rc.now, env.periods.hearingNotice.value, env.periods.hearingNotice.unit);
  if (at < earliest) {
    throw unprocessable('HEARING_NOTICE_TOO_SHORT', '应当在举行听证的七个工作日前通知当事人（行政处罚法第六十四条、第八十五条）', 'The party must be told 7 working days before the hearing (art. 64, 85)', { earliest });
  }
  if (p.officers.some((o) => o.userId === b.hostId)) {
    throw unprocessable('HEARING_HOST_INVESTIGATOR', '听证由非本案调查人员主持（行政处罚法第六十四条）', 'The hearing is presided over by someone who did not investigate (art. 64)');
  }
  return { next: { ...p, hearing: { ...p.hearing!, at, hostId: b.hostId }, updatedAt: rc.now }, data: { at, hostId: b.hostId, place: b.place } };
};

export const recordHearing: Command<{ summary: string; files?: string[] }> = (_env, rc, p, b) => {
  const h = p.hearing!;
  if (h.at === null) throw conflict('HEARING_NOT_SCHEDULED', '尚未安排听证', 'The hearing is not scheduled');
  if (rc.now < h.at) throw conflict('HEARING_NOT_YET', '听证尚未举行', 'The hearing has not taken place yet', { at: h.at });
  return { next: { ...p, hearing: { ...h, heldAt: rc.now }, updatedAt: rc.now }, data: { summary: b.summary, files: b.files ?? [] } };
};

/** The triggers that fire now (legal review and collective discussion). */
export function reviewNeeds(env: Env, p: PenaltyCase, fineFen: number): { legal: string[]; collective: string[] } {
  const facts = { flags: p.flags, hearingHeld: p.hearing?.heldAt != null, fineFen };
  return { legal: triggersOf(env.rules.legalReview, facts), collective: triggersOf(env.rules.collective, facts) };
}

/** 提请决定: after the rights period (or the party's waiver), or at once for a no-penalty proposal. */
export const submit: Command<{ waived?: boolean; note?: string }> = (env, rc, p, b) => {
  caseOfficer(p, rc);
  if (!p.proposal) throw conflict('PROPOSAL_REQUIRED', '请先提出处理意见（案件审查）', 'Propose first (case review)');
  if (p.state === 'reviewing' && p.proposal.outcome === 'penalty') throw conflict('NOTICE_REQUIRED', '拟作出行政处罚的，应先告知当事人（行政处罚法第四十四条）', 'Notify the party before a penalty (art. 44)');
  let notice = p.notice;
  if (p.state === 'notified' && notice) {
    if (rc.now <= notice.rightsUntil && !b.waived) {
      throw conflict('RIGHTS_PERIOD_RUNNING', '陈述申辩、听证申请期限尚未届满，当事人亦未书面放弃', 'The period to state, defend and ask for a hearing is still running, and the party has not waived it', { rightsUntil: notice.rightsUntil });
    }
    notice = { ...notice, waived: b.waived ?? false };
  }
  const needs = reviewNeeds(env, p, p.proposal.fineFen);
  const legalReview = { triggers: needs.legal, passed: null, reviewerId: null, opinion: null, at: null };
  return { next: { ...p, notice, legalReview, updatedAt: rc.now }, data: { waived: b.waived ?? false, note: b.note ?? null, legalReviewTriggers: needs.legal, collectiveTriggers: needs.collective } };
};

export const requestLegalReview: Command<{ note?: string }> = (_env, rc, p, b) => ({ next: { ...p, updatedAt: rc.now }, data: { note: b.note ?? null, triggers: p.legalReview?.triggers ?? [] } });

/** 法制审核 (art. 58): a legally qualified reviewer who did not investigate; a refusal sends the case back to review. */
export const legalOpinion: Command<{ approve: boolean; opinion: string }> = (env, rc, p, b) => {
  const me = env.officer(rc.actor.id);
  if (!me?.legalQualified) throw unprocessable('LEGAL_QUALIFICATION_REQUIRED', '法制审核人员须取得法律职业资格（行政处罚法第五十八条）', 'Legal reviewers need the legal qualification (art. 58)');
  if (p.officers.some((o) => o.userId === rc.actor.id)) throw unprocessable('REVIEWER_INVESTIGATED', '本案调查人员不得担任法制审核人员', 'An investigator may not review the case');
  const legalReview = { triggers: p.legalReview?.triggers ?? [], passed: b.approve, reviewerId: rc.actor.id, opinion: b.opinion, at: rc.now };
  return { next: { ...p, legalReview, updatedAt: rc.now }, to: b.approve ? 'deciding' : 'reviewing', data: { approve: b.approve, opinion: b.opinion, reviewer: me.name } };
};

export const collective: Command<{ members: string[]; conclusion: string; minutes?: string }> = (_env, rc, p, b) => ({
  next: { ...p, collective: { at: rc.now, conclusion: b.conclusion, members: b.members }, updatedAt: rc.now },
  data: { members: b.members, conclusion: b.conclusion, minutes: b.minutes ?? null },
});

/** 决定 (art. 57–60): refused without a passed legal review or a collective discussion where a trigger fires. */
export const decide: Command<{ outcome: 'penalty' | 'no_penalty' | 'transfer'; transferTo?: string; reason?: string }> = (env, rc, p, b) => {
  const pr = p.proposal;
  if (b.outcome === 'transfer' && !b.transferTo) throw unprocessable('TRANSFER_TO_REQUIRED', '请填写移送机关', 'Name the authority the case is transferred to');
  if (b.outcome === 'penalty' && (!pr || pr.outcome !== 'penalty' || !p.notice)) {
    throw conflict('NOTICE_REQUIRED', '未经告知不得作出行政处罚决定（行政处罚法第六十二条）', 'No penalty without the notice of rights (art. 62)');
  }
  const fineFen = b.outcome === 'penalty' ? pr!.fineFen : 0;
  if (b.outcome !== 'transfer') {
    const needs = reviewNeeds(env, p, fineFen);
    if (needs.legal.length && p.legalReview?.passed !== true) {
      throw conflict('LEGAL_REVIEW_REQUIRED', '本案属于应当法制审核的情形，未经法制审核或审核未通过的，不得作出决定（行政处罚法第五十八条）', 'A legal review is required and has not been passed (art. 58)', { triggers: needs.legal });
    }
    if (needs.collective.length && !p.collective) {
      throw conflict('COLLECTIVE_DISCUSSION_REQUIRED', '本案应当由行政机关负责人集体讨论决定（行政处罚法第五十七条）', 'The heads of the authority must decide collectively (art. 57)', { triggers: needs.collective });
    }
  }
  const now = rc.now;
  const decision = { outcome: b.outcome, fineFen, at: now, transferTo: b.transferTo ?? null };
  if (b.outcome === 'transfer') {
    return { next: { ...p, decision, decidedAt: now, closedAt: now, clock: restart(env, p, null, null, now), updatedAt: now }, to: 'transferred', data: { outcome: 'transfer', transferTo: b.transferTo, reason: b.reason ?? null } };
  }
  const disclosure = b.outcome === 'penalty'
    ? { state: 'pending' as const, dueAt: env.cal.deadline(now, env.periods.disclosure.value, env.periods.disclosure.unit), publishedAt: null, withdrawnAt: null, content: null }
    : null;
  const clock = restart(env, p, 'service', env.periods.service, now);
  return {
    next: { ...p, decision, decidedAt: now, disclosure, clock, updatedAt: now }, to: 'decided',
    data: { outcome: b.outcome, fineFen, reason: b.reason ?? null, serviceDueAt: clock.dueAt, disclosureDueAt: disclosure?.dueAt ?? null, waivedFen: pr?.waivedFen ?? 0 },
  };
};

/** 延长办案期限 (art. 60: "法律、法规、规章另有规定的除外"; 住建部令第55号: +30 days with approval). */
export const extend: Command<{ days: number; reason: string }> = (env, rc, p, b) => {
  if (b.days > env.periods.maxExtensionDays) throw unprocessable('EXTENSION_TOO_LONG', `每次延长不超过${env.periods.maxExtensionDays}日`, `At most ${env.periods.maxExtensionDays} days per extension`);
  if (p.clock.stage !== 'decision') throw conflict('NOTHING_TO_EXTEND', '当前没有可延长的办案期限', 'No decision period to extend');
  const clock = extendClock(env.cal, p.clock, b.days, rc.now) as PenaltyCase['clock'];
  return { next: { ...p, clock, updatedAt: rc.now }, data: { days: b.days, reason: b.reason, decisionDueAt: clock.dueAt } };
};
