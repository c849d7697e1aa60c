/** 送达 → 执行 (payment, deferral or instalments, surcharge, 催告, 申请法院强制执行) → 结案 → 归档 → 案卷评查; 公示 and revocation. Pure. */
import { conflict, unprocessable } from '../../core/errors.js';
import { parseInstant, DAY_MS } from '../../core/time.js';
import { disclosureContent } from '../disclosure.js';
import { addMonths, surchargeFen, type PenaltyCase } from '../model.js';
import { restart, type Command } from './types.js';

export const SERVICE_METHODS = ['direct', 'left', 'post', 'electronic'] as const;
export const SERVICE_NAMES: Record<(typeof SERVICE_METHODS)[number], string> = { direct: '直接送达', left: '留置送达', post: '邮寄送达', electronic: '电子送达' };

const hasDoc = (p: PenaltyCase, kind: string): boolean => p.documents.some((d) => d.kind === kind);

/** 送达 (art. 61; 民事诉讼法): left with two witnesses, electronic only with the party's consent; the signed 送达回证. */
export const serve: Command<{ method: (typeof SERVICE_METHODS)[number]; receipt: string; witnesses?: string[]; consent?: string }> = (env, rc, p, b) => {
  const decisionDoc = p.decision!.outcome === 'penalty' ? 'decision' : 'no_penalty_decision';
  if (!hasDoc(p, decisionDoc)) throw conflict('DOCUMENT_REQUIRED', '请先制作决定书', 'Issue the decision letter first', { kind: decisionDoc });
  if (b.method === 'left' && (b.witnesses ?? []).filter((w) => w.trim()).length < 2) throw unprocessable('WITNESSES_REQUIRED', '留置送达须有两名见证人签名', 'Leaving the letter needs two witnesses');
  if (b.method === 'electronic' && !b.consent) throw unprocessable('CONSENT_REQUIRED', '电子送达须当事人书面同意（行政处罚法第六十一条）', 'Electronic service needs the party’s written consent (art. 61)');
  const now = rc.now;
  const fine = p.decision!.fineFen;
  const payment = fine > 0 ? { dueAt: env.cal.deadline(now, env.periods.payment.value, env.periods.payment.unit), paidFen: 0, surchargeFen: 0, arrangement: null, paidAt: null } : null;
  const clock = fine > 0 ? restart(env, p, 'payment', env.periods.payment, now) : restart(env, p, null, null, now);
  return { next: { ...p, service: { method: b.method, at: now }, payment, clock, updatedAt: now }, data: { method: b.method, receipt: b.receipt, witnesses: b.witnesses ?? [], consent: b.consent ?? null, paymentDueAt: payment?.dueAt ?? null } };
};

/** 缴款 (art. 67, 72): the bank's receipt; late payment owes 3 % a day, capped at the fine. */
export const pay: Command<{ amountFen: number; receiptNo: string }> = (env, rc, p, b) => {
  const pm = p.payment;
  if (!pm) throw conflict('NOTHING_TO_PAY', '本案无应缴罚款', 'Nothing to pay');
  if (pm.paidAt !== null) throw conflict('ALREADY_PAID', '罚款已缴清', 'The fine is paid');
  const fine = p.decision!.fineFen;
  const surcharge = Math.max(pm.surchargeFen, surchargeFen(fine, pm.dueAt, rc.now, env.periods.surchargePercentPerDay));
  const owed = fine + surcharge - pm.paidFen;
  if (b.amountFen > owed) throw unprocessable('PAYMENT_EXCEEDS_OWED', `缴款金额超过应缴金额（${owed / 100}元）`, `More than is owed (${owed / 100} yuan)`, { owedFen: owed });
  const paidFen = pm.paidFen + b.amountFen;
  const paidAt = paidFen >= fine + surcharge ? rc.now : null;
  const clock = paidAt ? restart(env, p, null, null, rc.now) : p.clock;
  return { next: { ...p, payment: { ...pm, paidFen, surchargeFen: surcharge, paidAt }, clock, updatedAt: rc.now }, data: { amountFen: b.amountFen, receiptNo: b.receiptNo, surchargeFen: surcharge, paidFen, settled: paidAt !== null } };
};

/** 暂缓或者分期缴纳 (art. 66), approved by the head of the authority. */
export const arrange: Command<{ kind: 'deferral' | 'instalments'; until: string; instalments?: number; reason: string }> = (env, rc, p, b) => {
  const pm = p.payment;
  if (!pm || pm.paidAt !== null) throw conflict('NOTHING_TO_PAY', '本案无待缴罚款', 'Nothing left to pay');
  const until = parseInstant(b.until);
  if (until <= rc.now) throw unprocessable('UNTIL_IN_PAST', '延期或分期截止时间应晚于现在', 'The new date must be in the future');
  const arrangement = { kind: b.kind, until, instalments: b.kind === 'instalments' ? (b.instalments ?? 2) : 1, reason: b.reason };
  const clock = restart(env, p, 'payment', { value: Math.ceil((until - rc.now) / DAY_MS), unit: 'days' }, rc.now);
  return { next: { ...p, payment: { ...pm, dueAt: until, arrangement }, clock, updatedAt: rc.now }, data: { ...arrangement } };
};

/** 催告 (行政强制法 art. 35, 54): after the payment period; court may be asked 10 working days after, within 3 months. */
export const demand: Command<{ note?: string }> = (env, rc, p, b) => {
  const pm = p.payment;
  if (!pm || pm.paidAt !== null) throw conflict('NOTHING_TO_PAY', '本案无待缴罚款', 'Nothing left to pay');
  if (rc.now <= pm.dueAt) throw conflict('PAYMENT_NOT_OVERDUE', '缴款期限尚未届满，不能催告', 'The payment period has not ended', { dueAt: pm.dueAt });
  const courtFrom = env.cal.deadline(rc.now, env.periods.demand.value, env.periods.demand.unit);
  const courtUntil = addMonths(courtFrom, env.periods.courtMonths);
  const clock = restart(env, p, 'demand', env.periods.demand, rc.now);
  return { next: { ...p, demand: { at: rc.now, courtFrom, courtUntil }, clock, updatedAt: rc.now }, data: { courtFrom, courtUntil, note: b.note ?? null } };
};

/** 申请人民法院强制执行 (裁执分离; 行政强制法 art. 53, 54). */
export const applyCourt: Command<{ court: string }> = (env, rc, p, b) => {
  const d = p.demand;
  if (!d) throw conflict('DEMAND_REQUIRED', '申请强制执行前应当催告（行政强制法第五十四条）', 'Serve a demand first (Administrative Coercion Law art. 54)');
  if (rc.now < d.courtFrom) throw conflict('DEMAND_PERIOD_RUNNING', '催告书送达十个工作日后方可申请强制执行', 'Court may be asked only 10 working days after the demand', { courtFrom: d.courtFrom });
  if (rc.now > d.courtUntil) throw conflict('COURT_WINDOW_PASSED', '已超过申请人民法院强制执行的三个月期限', 'The 3-month window to ask the court has passed', { courtUntil: d.courtUntil });
  return { next: { ...p, court: { at: rc.now, court: b.court }, clock: restart(env, p, null, null, rc.now), updatedAt: rc.now }, data: { court: b.court } };
};

export const close: Command<{ summary: string; courtResult?: string }> = (env, rc, p, b) => {
  if (p.state === 'executing' && p.payment && p.payment.paidAt === null) throw conflict('PAYMENT_OUTSTANDING', '罚款尚未缴清，不能结案', 'The fine is not paid');
  if (p.state === 'court' && !b.courtResult) throw unprocessable('COURT_RESULT_REQUIRED', '请填写法院执行结果', 'Give the court’s result');
  return { next: { ...p, closedAt: rc.now, clock: restart(env, p, null, null, rc.now), updatedAt: rc.now }, data: { summary: b.summary, courtResult: b.courtResult ?? null } };
};

export const archive: Command<{ volumes: number }> = (_env, rc, p, b) => ({ next: { ...p, updatedAt: rc.now }, data: { volumes: b.volumes } });

/** 案卷评查: a score out of 100, once. */
export const fileReview: Command<{ score: number; remarks?: string }> = (_env, rc, p, b) => {
  if (p.fileReview) throw conflict('FILE_ALREADY_REVIEWED', '本案卷已评查', 'This file has been reviewed');
  return { next: { ...p, fileReview: { score: b.score, reviewerId: rc.actor.id, at: rc.now, remarks: b.remarks ?? null }, updatedAt: rc.now }, data: { score: b.score, remarks: b.remarks ?? null } };
};

/** 公示: the decision published with personal data redacted. */
export const publish: Command<Record<string, never>> = (_env, rc, p) => {
  const d = p.disclosure;
  if (!d || d.state !== 'pending') throw conflict('NOTHING_TO_PUBLISH', '没有待公示的决定', 'No decision waiting to be published');
  const docNo = p.documents.filter((x) => x.kind === 'decision').at(-1)?.docNo ?? null;
  const content = disclosureContent(p, docNo);
  return { next: { ...p, disclosure: { ...d, state: 'published', publishedAt: rc.now, content }, updatedAt: rc.now }, data: { dueAt: d.dueAt, onTime: rc.now <= d.dueAt, content } };
};

/** A decision revoked or changed (复议, 诉讼, 自行纠错): its publication withdrawn at once (art. 48: within 3 days). */
export const revoke: Command<{ by: string; reason: string }> = (env, rc, p, b) => {
  const d = p.disclosure;
  const disclosure = d && d.state !== 'withdrawn' ? { ...d, state: 'withdrawn' as const, withdrawnAt: rc.now } : d;
  return {
    next: { ...p, revoked: { at: rc.now, by: b.by, reason: b.reason }, disclosure, payment: p.payment && { ...p.payment, paidAt: p.payment.paidAt ?? rc.now }, clock: restart(env, p, null, null, rc.now), closedAt: p.closedAt ?? rc.now, updatedAt: rc.now },
    to: p.state === 'archived' ? 'archived' : 'closed',
    data: { by: b.by, reason: b.reason, disclosureWithdrawn: d?.state === 'published' },
  };
};
