/**
 * Every lifecycle action of a case, declared once (DESIGN.md §3 completed with standards.md §4.4):
 * names, roles and the permission they need, the states it is taken from and the one it leads to,
 * the event it writes, its body and the command that carries it out. The policy table, the HTTP
 * routes and their OpenAPI bodies, the body check and the console's forms, buttons and names are
 * derived from here (src/workflow/actions.ts). Pure.
 */
import { Type, type TObject, type TProperties } from 'typebox';
import { unprocessable } from '../core/errors.js';
import type { ActionDeclaration } from '../workflow/actions.js';
import { URGENCIES, type CaseEventType, type CasePhase, type CaseState, type CaseStatus, type Permission, type ScopeKind, type StateKey } from './model.js';
import type { ActionBody } from './bodies.js';
import * as a from './commands/acceptance.js';
import * as d from './commands/dispatching.js';
import * as c from './commands/completion.js';
import type { Command } from './commands/types.js';

export interface CaseActionDeclaration extends ActionDeclaration<StateKey, Permission, Command> {
  /** Fixed target state; absent when the body decides (verify) or the state is kept (urge). */
  to?: CaseState;
  event: CaseEventType;
  /** How the actor's area is checked: against the case's place, or its assigned unit. */
  scope: ScopeKind;
  /** Meaning beyond the schema (one of two members, a condition on another); normalises the body. */
  check?(b: ActionBody): ActionBody;
}

// ---- body members ----
const Text = (title: string, description?: string) => Type.String({ maxLength: 2000, title, ...(description ? { description } : {}) });
const note = Type.Optional(Text('说明'));
const location = Type.Optional(Type.Object({
  lon: Type.Number({ minimum: -180, maximum: 180 }), lat: Type.Number({ minimum: -90, maximum: 90 }), crs: Type.Optional(Type.String()),
}, { description: 'Where the actor stood (WGS-84)', title: '位置' }));
const Photos = Type.Array(Type.String({ pattern: '^[0-9a-f]{64}$', description: 'SHA-256 of an uploaded file' }), { maxItems: 20, title: '现场照片' });
const Unit = { unitId: Type.Optional(Type.String({ minLength: 1, title: '责任单位', description: 'unit id (or unitCode)' })), unitCode: Type.Optional(Type.String({ minLength: 1, description: 'unit code (or unitId)' })) };
const Amount = Type.Number({ exclusiveMinimum: 0, maximum: 3650, title: '延期时长', description: 'in the unit of the stage limit' });

/** An action body: the members given plus a note and where the actor stood, nothing else. */
const body = (members: TProperties = {}): TObject => Type.Object({ ...members, note, location }, { additionalProperties: false });

const UNIT_REQUIRED = { code: 'UNIT_REQUIRED', zh: '请选择责任单位', en: 'unitId or unitCode is required' };
const AMOUNT_INVALID = { code: 'EXTENSION_AMOUNT_INVALID', zh: '延期时长应为正数（单位与处置时限相同）', en: 'amount must be a positive number in the unit of the stage limit' };
const UNIT_ONE_OF = [['unitId', 'unitCode']] as const;

const S = (status: CaseStatus, phase: CasePhase): CaseState => ({ status, phase });
const OPEN_KEYS: readonly StateKey[] = [
  'reported:new', 'reported:checking', 'reported:checked', 'reported:accepted', 'reported:void_requested',
  'reported:self_handled', 'filed:awaiting_dispatch', 'dispatched:working', 'dispatched:return_requested',
  'dispatched:extension_requested', 'dispatched:suspension_requested', 'suspended:suspended',
  'handled:awaiting_verification', 'verifying:verification_pending', 'verifying:verification_passed',
];
const DISPATCHED_ANY: readonly StateKey[] = [
  'dispatched:working', 'dispatched:return_requested', 'dispatched:extension_requested', 'dispatched:suspension_requested',
];

export const CASE_ACTION_DECLARATIONS = {
  request_check: {
    zh: '发核实', en: 'Send for on-site check', roles: ['operator'], permission: 'case.verify_request', scope: 'area',
    from: ['reported:new', 'reported:checked'], to: S('reported', 'checking'), event: 'check_requested', body: body(), run: a.requestCheck,
  },
  check: {
    zh: '核实反馈', en: 'Report check', roles: ['inspector'], permission: 'case.verify_reply', scope: 'area',
    from: ['reported:checking'], to: S('reported', 'checked'), event: 'checked',
    body: body({ confirmed: Type.Boolean({ title: '核实结果', description: 'the problem exists' }), photos: Type.Optional(Photos) }),
    refusals: { confirmed: { code: 'CHECK_RESULT_REQUIRED', zh: '请说明核实结果（问题是否属实）', en: 'confirmed (true/false) is required' } },
    run: a.check,
  },
  accept: {
    zh: '受理', en: 'Accept', roles: ['operator'], permission: 'case.accept', scope: 'area',
    from: ['reported:new', 'reported:checked'], to: S('reported', 'accepted'), event: 'accepted',
    body: body({
      categoryCode: Type.Optional(Type.String({ maxLength: 8, title: '分类', description: 'corrected class' })),
      urgency: Type.Optional(Type.Enum([...URGENCIES], { title: '紧急程度' })),
    }),
    refusals: { urgency: { code: 'URGENCY_INVALID', zh: '紧急程度应为 normal（一般）或 urgent（紧急）', en: 'urgency must be normal or urgent' } },
    run: a.accept,
  },
  reject: {
    zh: '不予受理', en: 'Reject', roles: ['operator'], permission: 'case.reject', scope: 'area', danger: true,
    from: ['reported:new', 'reported:checking', 'reported:checked'], to: S('rejected', 'done'), event: 'rejected',
    body: body({ reason: Text('原因') }), run: a.reject,
  },
  merge: {
    zh: '合并重复案卷', en: 'Merge duplicate', roles: ['operator'], permission: 'case.merge', scope: 'area',
    from: ['reported:new', 'reported:checking', 'reported:checked', 'reported:accepted'], to: S('merged', 'done'), event: 'merged',
    body: body({ intoCaseId: Type.String({ minLength: 1, title: '合并到的案卷', description: 'the case to merge into' }) }),
    refusals: { intoCaseId: { code: 'MERGE_TARGET_REQUIRED', zh: '请指定合并到哪个案卷', en: 'intoCaseId is required' } },
    run: a.merge,
  },
  request_void: {
    zh: '申请作废', en: 'Ask to void', roles: ['operator', 'shift_lead'], permission: 'case.void_request', scope: 'area',
    from: ['reported:accepted'], to: S('reported', 'void_requested'), event: 'void_requested', body: body({ reason: Text('原因') }), run: a.requestVoid,
  },
  void: {
    zh: '作废', en: 'Void', roles: ['shift_lead'], permission: 'case.void_approve', also: ['case.self_handle_review'], scope: 'area', danger: true,
    from: ['reported:accepted', 'reported:void_requested', 'reported:self_handled'], to: S('rejected', 'done'), event: 'voided',
    body: body({ reason: Text('原因') }), run: a.voidCase,
  },
  refuse_void: {
    zh: '驳回作废', en: 'Refuse void', roles: ['shift_lead'], permission: 'case.void_approve', scope: 'area',
    from: ['reported:void_requested'], to: S('reported', 'accepted'), event: 'void_refused', body: body({ reason: Type.Optional(Text('原因')) }), run: a.refuseVoid,
  },
  self_handle: {
    zh: '自处理', en: 'Self-handled', roles: ['inspector'], permission: 'case.self_handle', scope: 'area',
    from: ['reported:new', 'reported:checking'], to: S('reported', 'self_handled'), event: 'self_handled', body: body({ photos: Photos }), run: a.selfHandle,
  },
  file: {
    zh: '立案', en: 'File', roles: ['shift_lead'], permission: 'case.file', scope: 'area',
    from: ['reported:accepted'], to: S('filed', 'awaiting_dispatch'), event: 'filed',
    body: body({
      itemId: Type.Optional(Type.String({ title: '事项清单条目', description: 'the responsibility item chosen' })),
      condition: Type.Optional(Type.String({ maxLength: 200, title: '立案条件' })),
    }),
    run: a.file,
  },
  dispatch: {
    zh: '派遣', en: 'Dispatch', roles: ['dispatcher'], permission: 'case.dispatch', scope: 'area',
    from: ['filed:awaiting_dispatch'], to: S('dispatched', 'working'), event: 'dispatched',
    body: body({ ...Unit, reason: Type.Optional(Text('派遣理由')) }), oneOf: UNIT_ONE_OF, refusals: { unitId: UNIT_REQUIRED, unitCode: UNIT_REQUIRED }, run: d.dispatch,
  },
  reassign: {
    zh: '改派', en: 'Reassign', roles: ['dispatcher'], permission: 'case.dispatch', scope: 'area', side: true,
    from: DISPATCHED_ANY, to: S('dispatched', 'working'), event: 'reassigned', body: body({ ...Unit, reason: Text('原因') }), oneOf: UNIT_ONE_OF, refusals: { unitId: UNIT_REQUIRED, unitCode: UNIT_REQUIRED }, run: d.reassign,
  },
  request_return: {
    zh: '申请回退', en: 'Ask to return', roles: ['handler'], permission: 'case.return_request', scope: 'unit',
    from: ['dispatched:working'], to: S('dispatched', 'return_requested'), event: 'return_requested', body: body({ reason: Text('原因') }), run: d.requestReturn,
  },
  approve_return: {
    zh: '同意回退', en: 'Approve return', roles: ['dispatcher'], permission: 'case.return_approve', scope: 'area',
    from: ['dispatched:return_requested'], to: S('filed', 'awaiting_dispatch'), event: 'return_approved', body: body(), run: d.approveReturn,
  },
  refuse_return: {
    zh: '驳回回退', en: 'Refuse return', roles: ['dispatcher'], permission: 'case.return_refuse', scope: 'area',
    from: ['dispatched:return_requested'], to: S('dispatched', 'working'), event: 'return_refused', body: body({ reason: Type.Optional(Text('原因')) }), run: d.refuseRequest,
  },
  request_extension: {
    zh: '申请延期', en: 'Ask for extension', roles: ['handler'], permission: 'case.extension_request', scope: 'unit',
    from: ['dispatched:working'], to: S('dispatched', 'extension_requested'), event: 'extension_requested',
    body: body({ amount: Amount, reason: Text('延期原因') }), refusals: { amount: AMOUNT_INVALID }, run: d.requestExtension,
  },
  grant_extension: {
    zh: '同意延期', en: 'Grant extension', roles: ['dispatcher'], permission: 'case.extension_grant', scope: 'area',
    from: ['dispatched:extension_requested'], to: S('dispatched', 'working'), event: 'extension_granted',
    body: body({ amount: Type.Optional(Amount) }), refusals: { amount: AMOUNT_INVALID }, run: d.grantExtension,
  },
  refuse_extension: {
    zh: '驳回延期', en: 'Refuse extension', roles: ['dispatcher'], permission: 'case.extension_refuse', scope: 'area',
    from: ['dispatched:extension_requested'], to: S('dispatched', 'working'), event: 'extension_refused', body: body({ reason: Type.Optional(Text('原因')) }), run: d.refuseRequest,
  },
  request_suspension: {
    zh: '申请挂账', en: 'Ask to suspend', roles: ['handler'], permission: 'case.suspend_request', scope: 'unit',
    from: ['dispatched:working'], to: S('dispatched', 'suspension_requested'), event: 'suspension_requested', body: body({ reason: Text('原因') }), run: d.requestSuspension,
  },
  approve_suspension: {
    zh: '同意挂账', en: 'Approve suspension', roles: ['dispatcher'], permission: 'case.suspend_approve', scope: 'area',
    from: ['dispatched:suspension_requested'], to: S('suspended', 'suspended'), event: 'suspended', body: body(), run: d.approveSuspension,
  },
  refuse_suspension: {
    zh: '驳回挂账', en: 'Refuse suspension', roles: ['dispatcher'], permission: 'case.suspend_refuse', scope: 'area',
    from: ['dispatched:suspension_requested'], to: S('dispatched', 'working'), event: 'suspension_refused', body: body({ reason: Type.Optional(Text('原因')) }), run: d.refuseRequest,
  },
  resume: {
    zh: '挂账恢复', en: 'Resume', roles: ['dispatcher'], permission: 'case.resume', scope: 'area',
    from: ['suspended:suspended'], to: S('dispatched', 'working'), event: 'resumed', body: body(), run: d.resume,
  },
  handle: {
    zh: '处置反馈', en: 'Report handled', roles: ['handler'], permission: 'case.handle', scope: 'unit',
    from: ['dispatched:working', 'dispatched:extension_requested'], to: S('handled', 'awaiting_verification'), event: 'handled',
    body: Type.Object({ note: Text('处置情况'), photos: Photos, location }, { additionalProperties: false }), run: c.handle,
  },
  send_verification: {
    zh: '转核查', en: 'Send for verification', roles: ['operator'], permission: 'case.verification_send', scope: 'area',
    from: ['handled:awaiting_verification'], to: S('verifying', 'verification_pending'), event: 'verification_sent', body: body(), run: c.sendVerification,
  },
  verify: {
    zh: '核查', en: 'Verify', roles: ['inspector'], permission: 'case.verify', scope: 'area',
    from: ['verifying:verification_pending'], event: 'verification_passed',
    body: body({ passed: Type.Boolean({ title: '核查结果', description: 'the fix is accepted' }), photos: Photos, reason: Type.Optional(Text('不通过的原因')) }),
    refusals: { passed: { code: 'VERIFY_RESULT_REQUIRED', zh: '请说明核查结果（是否通过）', en: 'passed (true/false) is required' } },
    check: (b) => {
      if (b.passed) return b;
      const reason = (b.reason ?? b.note ?? '').trim();
      if (!reason) throw unprocessable('REASON_REQUIRED', '请填写核查不通过的原因', 'reason is required', { field: 'reason' });
      return { ...b, reason };
    },
    run: c.verify,
  },
  close: {
    zh: '结案', en: 'Close', roles: ['shift_lead'], permission: 'case.close', also: ['case.self_handle_review'], scope: 'area',
    from: ['verifying:verification_passed', 'reported:self_handled'], to: S('closed', 'done'), event: 'closed', body: body(), run: c.close,
  },
  urge: {
    zh: '催办', en: 'Urge', roles: ['dispatcher', 'leader'], permission: 'case.urge', scope: 'area', side: true,
    from: OPEN_KEYS, event: 'urged', body: body(), run: c.urge,
  },
  supervise: {
    zh: '督办', en: 'Supervise', roles: ['leader', 'dispatcher'], permission: 'case.supervise', scope: 'area', side: true,
    from: OPEN_KEYS, event: 'supervised',
    body: body({
      level: Type.Union([Type.Literal(1), Type.Literal(2), Type.Literal(3)], { title: '督办级别', description: '1 一般 · 2 重点 · 3 挂牌' }),
      opinion: Text('督办意见'),
    }),
    refusals: { level: { code: 'SUPERVISION_LEVEL_INVALID', zh: '督办级别应为 1（一般）、2（重点）或 3（挂牌）', en: 'level must be 1, 2 or 3' } },
    run: c.supervise,
  },
  reply_supervision: {
    zh: '督办回复', en: 'Reply to supervision', roles: ['handler'], permission: 'case.supervise_reply', scope: 'unit', side: true,
    from: OPEN_KEYS, event: 'supervision_replied', body: body({ reply: Text('督办回复') }), run: c.replySupervision,
  },
  // A citizen's unsatisfied rating within the window after closing (src/citizen): the shift lead reviews it.
  request_reopen: {
    zh: '不满意申请复查', en: 'Ask for a review (not satisfied)', roles: ['citizen'], permission: 'case.reopen_request', scope: 'area',
    from: ['closed:done'], to: S('verifying', 'reopen_review'), event: 'reopen_requested', body: body({ reason: Text('不满意的原因') }), run: c.requestReopen,
  },
  reopen: {
    zh: '复查重办', en: 'Reopen', roles: ['shift_lead'], permission: 'case.reopen', scope: 'area',
    from: ['verifying:reopen_review'], to: S('dispatched', 'working'), event: 'reopened', body: body({ reason: Text('重办意见') }), run: c.reopen,
  },
  refuse_reopen: {
    zh: '维持办结', en: 'Keep closed', roles: ['shift_lead'], permission: 'case.reopen', scope: 'area',
    from: ['verifying:reopen_review'], to: S('closed', 'done'), event: 'reopen_refused', body: body({ reason: Text('维持办结的理由') }), run: c.refuseReopen,
  },
} as const satisfies Record<string, CaseActionDeclaration>;

export type CaseAction = keyof typeof CASE_ACTION_DECLARATIONS;
export const CASE_ACTIONS = Object.keys(CASE_ACTION_DECLARATIONS) as CaseAction[];
/** The declarations, typed as declarations (for code that reads any member). */
export const ACTION_SPECS: Readonly<Record<CaseAction, CaseActionDeclaration>> = CASE_ACTION_DECLARATIONS;
export const isCaseAction = (name: string): name is CaseAction => Object.hasOwn(CASE_ACTION_DECLARATIONS, name);
