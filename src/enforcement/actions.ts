/**
 * Every action of a penalty case, declared once: names, roles and permission, the states it is taken
 * from and the one it leads to, its body and the command (src/enforcement/commands/). The policy table,
 * the HTTP routes and their OpenAPI bodies, the body check and the console's buttons come from here
 * (src/workflow/actions.ts). Roles: 执法队员 (enforcer), 法制审核员 (legal_reviewer), and the head of
 * the authority (leader: 立案审批, 决定, 集体讨论, 延期, 分期, 申请强制执行, 结案). Pure.
 */
import { Type, type TProperties } from 'typebox';
import type { ActionDeclaration } from '../workflow/actions.js';
import { Facts, LENIENCE_LISTS } from './discretion.js';
import { BEFORE_DECISION, CLUE_SOURCES, type PenaltyState } from './model.js';
import * as f from './commands/filing.js';
import * as d from './commands/deciding.js';
import * as x from './commands/execution.js';
import type { Command } from './commands/types.js';

export type PenaltyPermission =
  | 'penalty.file' | 'penalty.dismiss' | 'penalty.summary' | 'penalty.investigate' | 'penalty.review' | 'penalty.notify'
  | 'penalty.hearing' | 'penalty.submit' | 'penalty.legal_review' | 'penalty.collective' | 'penalty.decide' | 'penalty.extend'
  | 'penalty.serve' | 'penalty.collect' | 'penalty.arrange' | 'penalty.demand' | 'penalty.court' | 'penalty.close' | 'penalty.archive'
  | 'penalty.file_review' | 'penalty.publish' | 'penalty.revoke';

export interface PenaltyActionDeclaration extends ActionDeclaration<PenaltyState, PenaltyPermission, Command> {
  to?: PenaltyState;
  event: string;
}

const Text = (title: string, max = 2000) => Type.String({ minLength: 1, maxLength: max, pattern: '\\S', title });
const Sha = Type.String({ pattern: '^[0-9a-f]{64}$', description: 'SHA-256 of an uploaded file' });
const ShaT = (title: string) => Type.String({ pattern: '^[0-9a-f]{64}$', title, description: 'SHA-256 of an uploaded file' });
const Files = (title: string) => Type.Array(Sha, { maxItems: 50, title });
const Instant = (title: string) => Type.String({ minLength: 10, maxLength: 40, title, description: 'ISO 8601 with offset, e.g. 2026-03-02T09:00:00+08:00' });
const Fen = (title: string) => Type.Integer({ minimum: 0, maximum: 100_000_000_00, title, description: 'fen (1/100 yuan)' });
const body = (members: TProperties = {}, required: string[] = []) => Type.Object(members, { additionalProperties: false, required });
const Party = Type.Object({
  kind: Type.Union([Type.Literal('person'), Type.Literal('org')], { title: '当事人类型' }),
  name: Type.String({ minLength: 1, maxLength: 200, title: '当事人' }),
  idNumber: Type.Optional(Type.String({ maxLength: 40, title: '身份证号/统一社会信用代码' })),
  address: Type.Optional(Type.String({ maxLength: 300, title: '住所' })),
  phone: Type.Optional(Type.String({ maxLength: 40, title: '联系电话' })),
  legalRep: Type.Optional(Type.String({ maxLength: 100, title: '法定代表人' })),
}, { additionalProperties: false, title: '当事人' });
const Flags = Type.Object({ majorPublicInterest: Type.Optional(Type.Boolean()), complex: Type.Optional(Type.Boolean()), lawRequires: Type.Optional(Type.Boolean()) }, { additionalProperties: false, title: '审核情形' });

const AFTER_DECISION: readonly PenaltyState[] = ['decided', 'executing', 'court', 'closed', 'archived'];

export const PENALTY_ACTION_DECLARATIONS = {
  file: {
    zh: '立案', en: 'File (approve)', roles: ['leader'], permission: 'penalty.file', from: ['clue'], to: 'investigating', event: 'filed',
    body: body({
      violationCode: Type.String({ minLength: 1, maxLength: 40, title: '违法行为' }), party: Party, occurredAt: Instant('违法行为发生时间'),
      safetyRelated: Type.Optional(Type.Boolean({ title: '涉及生命健康、金融安全' })), officerIds: Type.Array(Type.String({ minLength: 1 }), { minItems: 1, maxItems: 10, title: '承办执法人员' }),
      opinion: Text('审批意见', 500),
    }, ['violationCode', 'party', 'occurredAt', 'officerIds', 'opinion']),
    run: f.file,
  },
  dismiss: {
    zh: '不予立案', en: 'Dismiss', roles: ['leader'], permission: 'penalty.dismiss', from: ['clue'], to: 'dismissed', event: 'dismissed', danger: true,
    body: body({ reason: Text('理由', 500) }, ['reason']), run: f.dismiss,
  },
  summary: {
    zh: '当场处罚（简易程序）', en: 'Summary penalty on the spot', roles: ['enforcer'], permission: 'penalty.summary', from: ['clue'], event: 'summary_decided',
    body: body({
      violationCode: Type.String({ minLength: 1, maxLength: 40, title: '违法行为' }), party: Party, fineFen: Fen('罚款'), facts: Text('违法事实', 1000),
      paidOnSpot: Type.Optional(Type.Boolean({ title: '当场收缴' })), receiptNo: Type.Optional(Type.String({ maxLength: 60, title: '票据号' })), evidence: Type.Optional(Files('证据')),
    }, ['violationCode', 'party', 'fineFen', 'facts']),
    run: f.summary,
  },
  record_evidence: {
    zh: '调查取证', en: 'Record evidence', roles: ['enforcer'], permission: 'penalty.investigate', from: ['investigating', 'reviewing'], event: 'evidence_recorded',
    body: body({
      kind: Type.Union(f.EVIDENCE_KINDS.map((k) => Type.Literal(k)), { title: '证据种类' }), note: Text('内容摘要'), files: Type.Array(Sha, { minItems: 1, maxItems: 50, title: '证据文件' }),
      officerIds: Type.Optional(Type.Array(Type.String({ minLength: 1 }), { maxItems: 10, title: '在场执法人员' })),
    }, ['kind', 'note', 'files']),
    run: f.recordEvidence,
  },
  finish_investigation: {
    zh: '调查终结', en: 'End the investigation', roles: ['enforcer'], permission: 'penalty.investigate', from: ['investigating'], to: 'reviewing', event: 'investigation_finished',
    body: body({ summary: Text('调查终结报告', 2000) }, ['summary']), run: f.finishInvestigation,
  },
  propose: {
    zh: '提出处理意见', en: 'Propose (case review)', roles: ['enforcer'], permission: 'penalty.review', from: ['reviewing'], event: 'proposed',
    body: body({ facts: Facts, fineFen: Type.Optional(Fen('拟罚款')), deviationReason: Type.Optional(Type.String({ maxLength: 1000, title: '偏离基准理由' })), flags: Type.Optional(Flags) }, ['facts']),
    run: d.propose,
  },
  notify: {
    zh: '告知', en: 'Notify the intended penalty', roles: ['enforcer'], permission: 'penalty.notify', from: ['reviewing'], to: 'notified', event: 'notified',
    body: body(), run: d.notify,
  },
  statement: {
    zh: '记录陈述申辩', en: 'Record statement and defence', roles: ['enforcer'], permission: 'penalty.notify', from: ['notified'], event: 'statement_recorded',
    body: body({ text: Text('陈述申辩内容'), adopted: Type.Boolean({ title: '是否采纳' }) }, ['text', 'adopted']), run: d.statement,
  },
  request_hearing: {
    zh: '申请听证', en: 'Hearing requested', roles: ['enforcer'], permission: 'penalty.hearing', from: ['notified'], to: 'hearing', event: 'hearing_requested',
    body: body({ note: Type.Optional(Type.String({ maxLength: 500, title: '说明' })) }), run: d.requestHearing,
  },
  schedule_hearing: {
    zh: '安排听证', en: 'Schedule the hearing', roles: ['enforcer'], permission: 'penalty.hearing', from: ['hearing'], event: 'hearing_scheduled',
    body: body({ at: Instant('听证时间'), hostId: Type.String({ minLength: 1, title: '听证主持人' }), place: Text('听证地点', 200) }, ['at', 'hostId', 'place']), run: d.scheduleHearing,
  },
  record_hearing: {
    zh: '听证笔录', en: 'Record the hearing', roles: ['enforcer'], permission: 'penalty.hearing', from: ['hearing'], to: 'deciding', event: 'hearing_held',
    body: body({ summary: Text('听证情况'), files: Type.Optional(Files('听证笔录')) }, ['summary']), run: d.recordHearing,
  },
  submit: {
    zh: '提请决定', en: 'Submit for decision', roles: ['enforcer'], permission: 'penalty.submit', from: ['reviewing', 'notified'], to: 'deciding', event: 'submitted',
    body: body({ waived: Type.Optional(Type.Boolean({ title: '当事人放弃陈述申辩和听证' })), note: Type.Optional(Type.String({ maxLength: 500, title: '说明' })) }), run: d.submit,
  },
  request_legal_review: {
    zh: '提请法制审核', en: 'Ask for legal review', roles: ['enforcer'], permission: 'penalty.submit', from: ['deciding'], to: 'legal_review', event: 'legal_review_requested',
    body: body({ note: Type.Optional(Type.String({ maxLength: 500, title: '说明' })) }), run: d.requestLegalReview,
  },
  legal_opinion: {
    zh: '法制审核意见', en: 'Legal review opinion', roles: ['legal_reviewer'], permission: 'penalty.legal_review', from: ['legal_review'], event: 'legal_reviewed',
    body: body({ approve: Type.Boolean({ title: '审核通过' }), opinion: Text('审核意见') }, ['approve', 'opinion']), run: d.legalOpinion,
  },
  collective: {
    zh: '集体讨论', en: 'Collective discussion', roles: ['leader'], permission: 'penalty.collective', from: ['deciding'], event: 'collectively_discussed',
    body: body({ members: Type.Array(Type.String({ minLength: 1, maxLength: 50 }), { minItems: 3, maxItems: 20, title: '参加人员' }), conclusion: Text('讨论结论'), minutes: Type.Optional(ShaT('会议记录')) }, ['members', 'conclusion']),
    run: d.collective,
  },
  decide: {
    zh: '作出决定', en: 'Decide', roles: ['leader'], permission: 'penalty.decide', from: ['deciding'], event: 'decided',
    body: body({
      outcome: Type.Union([Type.Literal('penalty'), Type.Literal('no_penalty'), Type.Literal('transfer')], { title: '决定' }),
      transferTo: Type.Optional(Type.String({ maxLength: 200, title: '移送机关' })), reason: Type.Optional(Type.String({ maxLength: 1000, title: '理由' })),
    }, ['outcome']),
    run: d.decide,
  },
  extend: {
    zh: '延长办案期限', en: 'Extend the decision period', roles: ['leader'], permission: 'penalty.extend', from: BEFORE_DECISION, event: 'extended',
    body: body({ days: Type.Integer({ minimum: 1, maximum: 365, title: '延长天数' }), reason: Text('理由', 500) }, ['days', 'reason']), run: d.extend,
  },
  serve: {
    zh: '送达', en: 'Serve the decision', roles: ['enforcer'], permission: 'penalty.serve', from: ['decided'], to: 'executing', event: 'served',
    body: body({
      method: Type.Union(x.SERVICE_METHODS.map((m) => Type.Literal(m)), { title: '送达方式' }), receipt: ShaT('送达回证'),
      witnesses: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 50 }), { maxItems: 5, title: '见证人' })), consent: Type.Optional(ShaT('电子送达确认书')),
    }, ['method', 'receipt']),
    run: x.serve,
  },
  pay: {
    zh: '登记缴款', en: 'Record payment', roles: ['enforcer'], permission: 'penalty.collect', from: ['executing', 'court'], event: 'paid',
    body: body({ amountFen: Type.Integer({ minimum: 1, maximum: 100_000_000_00, title: '缴款金额' }), receiptNo: Text('缴款票据号', 60) }, ['amountFen', 'receiptNo']), run: x.pay,
  },
  arrange: {
    zh: '批准延期/分期缴纳', en: 'Approve deferral or instalments', roles: ['leader'], permission: 'penalty.arrange', from: ['executing'], event: 'payment_arranged',
    body: body({ kind: Type.Union([Type.Literal('deferral'), Type.Literal('instalments')], { title: '方式' }), until: Instant('截止时间'), instalments: Type.Optional(Type.Integer({ minimum: 2, maximum: 24, title: '期数' })), reason: Text('理由', 500) }, ['kind', 'until', 'reason']),
    run: x.arrange,
  },
  demand: {
    zh: '催告', en: 'Serve a demand', roles: ['enforcer'], permission: 'penalty.demand', from: ['executing'], event: 'demanded',
    body: body({ note: Type.Optional(Type.String({ maxLength: 500, title: '说明' })) }), run: x.demand,
  },
  apply_court: {
    zh: '申请法院强制执行', en: 'Apply to court for enforcement', roles: ['leader'], permission: 'penalty.court', from: ['executing'], to: 'court', event: 'court_applied',
    body: body({ court: Text('受理法院', 100) }, ['court']), run: x.applyCourt,
  },
  close: {
    zh: '结案', en: 'Close', roles: ['leader'], permission: 'penalty.close', from: ['executing', 'court'], to: 'closed', event: 'closed',
    body: body({ summary: Text('结案报告', 2000), courtResult: Type.Optional(Type.String({ maxLength: 1000, title: '法院执行结果' })) }, ['summary']), run: x.close,
  },
  archive: {
    zh: '归档', en: 'Archive', roles: ['enforcer'], permission: 'penalty.archive', from: ['closed'], to: 'archived', event: 'archived',
    body: body({ volumes: Type.Integer({ minimum: 1, maximum: 50, title: '卷数' }) }, ['volumes']), run: x.archive,
  },
  file_review: {
    zh: '案卷评查', en: 'Review the case file', roles: ['legal_reviewer'], permission: 'penalty.file_review', from: ['archived'], event: 'file_reviewed',
    body: body({ score: Type.Integer({ minimum: 0, maximum: 100, title: '评查得分' }), remarks: Type.Optional(Type.String({ maxLength: 2000, title: '评查意见' })) }, ['score']), run: x.fileReview,
  },
  publish: {
    zh: '公示', en: 'Publish the decision', roles: ['enforcer'], permission: 'penalty.publish', from: ['decided', 'executing', 'court', 'closed', 'archived'], event: 'disclosed',
    body: body(), run: x.publish,
  },
  revoke: {
    zh: '撤销/变更决定', en: 'Revoke the decision', roles: ['leader'], permission: 'penalty.revoke', from: AFTER_DECISION, event: 'revoked', danger: true,
    body: body({ by: Type.Union([Type.Literal('复议'), Type.Literal('诉讼'), Type.Literal('自行纠错')], { title: '撤销途径' }), reason: Text('理由', 1000) }, ['by', 'reason']), run: x.revoke,
  },
} satisfies Record<string, PenaltyActionDeclaration>;

export type PenaltyAction = keyof typeof PENALTY_ACTION_DECLARATIONS;
export const PENALTY_ACTIONS = Object.keys(PENALTY_ACTION_DECLARATIONS) as PenaltyAction[];
export { CLUE_SOURCES, LENIENCE_LISTS };
