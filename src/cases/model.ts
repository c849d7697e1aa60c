/**
 * The case (案卷) lifecycle as data: statuses, sub-states (phases), actions, who may take them and
 * where each leads. Pure: no I/O. DESIGN.md §3 completed with standards.md §4.4.
 *
 * A case has a coarse `status` (what reports and the public see) and a finer `phase` (what is
 * pending inside that status: a check, a request waiting for approval, a passed verification …).
 */
import { AppError, conflict } from '../core/errors.js';

export const CASE_SOURCES = [
  'inspector', 'citizen', 'hotline', 'video', 'iot', 'aerial', 'assessment', 'leader', 'petition', 'opinion',
] as const;
export type CaseSource = (typeof CASE_SOURCES)[number];

export const SOURCE_NAMES: Record<CaseSource, string> = {
  inspector: '监督员上报', citizen: '公众举报', hotline: '热线转办', video: '视频识别', iot: '物联感知',
  aerial: '航拍图斑', assessment: '考评检查', leader: '领导交办', petition: '信访', opinion: '舆情',
};

/** Sources whose reports an inspector must confirm on site (核实) before the case is accepted. */
export const SOURCES_NEEDING_CHECK: ReadonlySet<CaseSource> = new Set<CaseSource>([
  'citizen', 'hotline', 'video', 'iot', 'aerial', 'petition', 'opinion',
]);

export const URGENCIES = ['normal', 'urgent'] as const;
export type Urgency = (typeof URGENCIES)[number];

export const CASE_STATUSES = [
  'reported', 'filed', 'dispatched', 'suspended', 'handled', 'verifying', 'closed', 'rejected', 'merged',
] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

export const STATUS_NAMES: Record<CaseStatus, string> = {
  reported: '已上报', filed: '已立案', dispatched: '处置中', suspended: '已挂账', handled: '已处置',
  verifying: '核查中', closed: '已结案', rejected: '不予受理/作废', merged: '已合并',
};

export const OPEN_STATUSES: readonly CaseStatus[] = ['reported', 'filed', 'dispatched', 'suspended', 'handled', 'verifying'];
export const isOpenStatus = (s: CaseStatus): boolean => OPEN_STATUSES.includes(s);

export const CASE_PHASES = [
  'new', 'checking', 'checked', 'accepted', 'void_requested', 'self_handled', // reported
  'awaiting_dispatch', // filed
  'working', 'return_requested', 'extension_requested', 'suspension_requested', // dispatched
  'suspended', // suspended
  'awaiting_verification', // handled
  'verification_pending', 'verification_passed', // verifying
  'done', // closed, rejected, merged
] as const;
export type CasePhase = (typeof CASE_PHASES)[number];

export const PHASE_NAMES: Record<CasePhase, string> = {
  new: '待受理', checking: '核实中', checked: '已核实', accepted: '待立案', void_requested: '作废待审批',
  self_handled: '自处理待审核', awaiting_dispatch: '待派遣', working: '处置中', return_requested: '回退待审批',
  extension_requested: '延期待审批', suspension_requested: '挂账待审批', suspended: '挂账中',
  awaiting_verification: '待转核查', verification_pending: '待核查', verification_passed: '核查通过待结案', done: '已办结',
};

export type Role = 'inspector' | 'operator' | 'shift_lead' | 'dispatcher' | 'handler' | 'leader' | 'evaluator' | 'admin';
/** Role recorded on events raised by the platform itself (timers, auto-dispatch). */
export type ActorRole = Role | 'system';
export const SYSTEM_ACTOR = 'system';

/** Actions taken through `act(user, caseId, action, body, expectedVersion)`; `report` creates a case. */
export const CASE_ACTIONS = [
  'request_check', 'check', 'accept', 'reject', 'merge', 'request_void', 'void', 'refuse_void', 'self_handle',
  'file', 'dispatch', 'reassign', 'request_return', 'approve_return', 'refuse_return',
  'request_extension', 'grant_extension', 'refuse_extension',
  'request_suspension', 'approve_suspension', 'refuse_suspension', 'resume',
  'handle', 'send_verification', 'verify', 'close', 'urge', 'supervise', 'reply_supervision',
] as const;
export type CaseAction = (typeof CASE_ACTIONS)[number];
export const isCaseAction = (a: string): a is CaseAction => (CASE_ACTIONS as readonly string[]).includes(a);

/** Event types in the log. Stable: the evaluation reads them (docs/case-events.md). */
export const CASE_EVENT_TYPES = [
  'reported', 'check_requested', 'checked', 'accepted', 'rejected', 'merged', 'void_requested', 'voided',
  'void_refused', 'self_handled', 'filed', 'dispatched', 'reassigned', 'return_requested', 'return_approved',
  'return_refused', 'extension_requested', 'extension_granted', 'extension_refused', 'suspension_requested',
  'suspended', 'suspension_refused', 'resumed', 'handled', 'verification_sent', 'verification_passed',
  'verification_failed', 'closed', 'urged', 'supervised', 'supervision_replied', 'deadline_warning',
  'deadline_overdue',
] as const;
export type CaseEventType = (typeof CASE_EVENT_TYPES)[number];

/** A state key `status:phase`, the unit the transition table speaks in. */
export type StateKey = `${CaseStatus}:${CasePhase}`;
export interface CaseState {
  status: CaseStatus;
  phase: CasePhase;
}
export const stateKey = (s: CaseState): StateKey => `${s.status}:${s.phase}`;

/** How the actor's area is checked: against the case's place, or its assigned unit. */
export type ScopeKind = 'area' | 'unit';

export interface ActionSpec {
  action: CaseAction;
  zh: string;
  roles: readonly Role[];
  from: readonly StateKey[];
  /** Fixed target state; absent when the body decides (verify) or the state is kept (urge). */
  to?: CaseState;
  event: CaseEventType;
  scope: ScopeKind;
  /** Attachments (photos) required with this action. */
  needsPhotos?: boolean;
}

const OPEN_KEYS: readonly StateKey[] = [
  'reported:new', 'reported:checking', 'reported:checked', 'reported:accepted', 'reported:void_requested',
  'reported:self_handled', 'filed:awaiting_dispatch', 'dispatched:working', 'dispatched:return_requested',
  'dispatched:extension_requested', 'dispatched:suspension_requested', 'suspended:suspended',
  'handled:awaiting_verification', 'verifying:verification_pending', 'verifying:verification_passed',
];
const DISPATCHED_ANY: readonly StateKey[] = [
  'dispatched:working', 'dispatched:return_requested', 'dispatched:extension_requested', 'dispatched:suspension_requested',
];
const S = (status: CaseStatus, phase: CasePhase): CaseState => ({ status, phase });

/** The transition table. Reads as DESIGN.md §3. */
export const ACTION_SPECS: Record<CaseAction, ActionSpec> = {
  request_check: { action: 'request_check', zh: '发核实', roles: ['operator'], from: ['reported:new', 'reported:checked'], to: S('reported', 'checking'), event: 'check_requested', scope: 'area' },
  check: { action: 'check', zh: '核实反馈', roles: ['inspector'], from: ['reported:checking'], to: S('reported', 'checked'), event: 'checked', scope: 'area' },
  accept: { action: 'accept', zh: '受理', roles: ['operator'], from: ['reported:new', 'reported:checked'], to: S('reported', 'accepted'), event: 'accepted', scope: 'area' },
  reject: { action: 'reject', zh: '不予受理', roles: ['operator'], from: ['reported:new', 'reported:checking', 'reported:checked'], to: S('rejected', 'done'), event: 'rejected', scope: 'area' },
  merge: { action: 'merge', zh: '合并重复案卷', roles: ['operator'], from: ['reported:new', 'reported:checking', 'reported:checked', 'reported:accepted'], to: S('merged', 'done'), event: 'merged', scope: 'area' },
  request_void: { action: 'request_void', zh: '申请作废', roles: ['operator', 'shift_lead'], from: ['reported:accepted'], to: S('reported', 'void_requested'), event: 'void_requested', scope: 'area' },
  void: { action: 'void', zh: '作废', roles: ['shift_lead'], from: ['reported:accepted', 'reported:void_requested', 'reported:self_handled'], to: S('rejected', 'done'), event: 'voided', scope: 'area' },
  refuse_void: { action: 'refuse_void', zh: '驳回作废', roles: ['shift_lead'], from: ['reported:void_requested'], to: S('reported', 'accepted'), event: 'void_refused', scope: 'area' },
  self_handle: { action: 'self_handle', zh: '自处理', roles: ['inspector'], from: ['reported:new', 'reported:checking'], to: S('reported', 'self_handled'), event: 'self_handled', scope: 'area', needsPhotos: true },
  file: { action: 'file', zh: '立案', roles: ['shift_lead'], from: ['reported:accepted'], to: S('filed', 'awaiting_dispatch'), event: 'filed', scope: 'area' },
  dispatch: { action: 'dispatch', zh: '派遣', roles: ['dispatcher'], from: ['filed:awaiting_dispatch'], to: S('dispatched', 'working'), event: 'dispatched', scope: 'area' },
  reassign: { action: 'reassign', zh: '改派', roles: ['dispatcher'], from: DISPATCHED_ANY, to: S('dispatched', 'working'), event: 'reassigned', scope: 'area' },
  request_return: { action: 'request_return', zh: '申请回退', roles: ['handler'], from: ['dispatched:working'], to: S('dispatched', 'return_requested'), event: 'return_requested', scope: 'unit' },
  approve_return: { action: 'approve_return', zh: '同意回退', roles: ['dispatcher'], from: ['dispatched:return_requested'], to: S('filed', 'awaiting_dispatch'), event: 'return_approved', scope: 'area' },
  refuse_return: { action: 'refuse_return', zh: '驳回回退', roles: ['dispatcher'], from: ['dispatched:return_requested'], to: S('dispatched', 'working'), event: 'return_refused', scope: 'area' },
  request_extension: { action: 'request_extension', zh: '申请延期', roles: ['handler'], from: ['dispatched:working'], to: S('dispatched', 'extension_requested'), event: 'extension_requested', scope: 'unit' },
  grant_extension: { action: 'grant_extension', zh: '同意延期', roles: ['dispatcher'], from: ['dispatched:extension_requested'], to: S('dispatched', 'working'), event: 'extension_granted', scope: 'area' },
  refuse_extension: { action: 'refuse_extension', zh: '驳回延期', roles: ['dispatcher'], from: ['dispatched:extension_requested'], to: S('dispatched', 'working'), event: 'extension_refused', scope: 'area' },
  request_suspension: { action: 'request_suspension', zh: '申请挂账', roles: ['handler'], from: ['dispatched:working'], to: S('dispatched', 'suspension_requested'), event: 'suspension_requested', scope: 'unit' },
  approve_suspension: { action: 'approve_suspension', zh: '同意挂账', roles: ['dispatcher'], from: ['dispatched:suspension_requested'], to: S('suspended', 'suspended'), event: 'suspended', scope: 'area' },
  refuse_suspension: { action: 'refuse_suspension', zh: '驳回挂账', roles: ['dispatcher'], from: ['dispatched:suspension_requested'], to: S('dispatched', 'working'), event: 'suspension_refused', scope: 'area' },
  resume: { action: 'resume', zh: '挂账恢复', roles: ['dispatcher'], from: ['suspended:suspended'], to: S('dispatched', 'working'), event: 'resumed', scope: 'area' },
  handle: { action: 'handle', zh: '处置反馈', roles: ['handler'], from: ['dispatched:working', 'dispatched:extension_requested'], to: S('handled', 'awaiting_verification'), event: 'handled', scope: 'unit', needsPhotos: true },
  send_verification: { action: 'send_verification', zh: '转核查', roles: ['operator'], from: ['handled:awaiting_verification'], to: S('verifying', 'verification_pending'), event: 'verification_sent', scope: 'area' },
  verify: { action: 'verify', zh: '核查', roles: ['inspector'], from: ['verifying:verification_pending'], event: 'verification_passed', scope: 'area', needsPhotos: true },
  close: { action: 'close', zh: '结案', roles: ['shift_lead'], from: ['verifying:verification_passed', 'reported:self_handled'], to: S('closed', 'done'), event: 'closed', scope: 'area' },
  urge: { action: 'urge', zh: '催办', roles: ['dispatcher', 'leader'], from: OPEN_KEYS, event: 'urged', scope: 'area' },
  supervise: { action: 'supervise', zh: '督办', roles: ['leader', 'dispatcher'], from: OPEN_KEYS, event: 'supervised', scope: 'area' },
  reply_supervision: { action: 'reply_supervision', zh: '督办回复', roles: ['handler'], from: OPEN_KEYS, event: 'supervision_replied', scope: 'unit' },
};

export interface TransitionFacts {
  source: CaseSource;
  /** Result of the last on-site check (核实), when one was done. */
  checkConfirmed: boolean | null;
  /** A supervision waits for the unit's reply. */
  supervisionOpen: boolean;
  /** Verification result, for `verify`. */
  passed?: boolean;
}

export interface Transition {
  to: CaseState;
  event: CaseEventType;
}

const refuse = (action: CaseAction, state: CaseState, why: string, whyEn: string): AppError =>
  conflict('CASE_ACTION_NOT_ALLOWED', `当前状态（${STATUS_NAMES[state.status]}·${PHASE_NAMES[state.phase]}）不能${ACTION_SPECS[action].zh}${why}`,
    `Action ${action} is not allowed in state ${stateKey(state)}${whyEn}`, { action, status: state.status, phase: state.phase });

/**
 * Where an action leads from a state, or a CASE_ACTION_NOT_ALLOWED refusal (409). Role and area
 * are checked elsewhere (authorize); this is only the lifecycle.
 */
export function transition(state: CaseState, action: CaseAction, facts: TransitionFacts): Transition {
  const spec = ACTION_SPECS[action];
  if (!spec.from.includes(stateKey(state))) throw refuse(action, state, '', '');
  switch (action) {
    case 'request_check':
      if (!SOURCES_NEEDING_CHECK.has(facts.source)) throw refuse(action, state, '：监督员上报的案卷无需核实', ': reports by inspectors need no on-site check');
      break;
    case 'accept':
      if (SOURCES_NEEDING_CHECK.has(facts.source) && state.phase !== 'checked') {
        throw conflict('CASE_CHECK_REQUIRED', '该来源的案卷须先经监督员核实后才能受理', 'Reports from this source must be checked on site before they are accepted', { source: facts.source });
      }
      if (state.phase === 'checked' && facts.checkConfirmed === false) {
        throw conflict('CASE_CHECK_NOT_CONFIRMED', '核实结果为问题不存在，应不予受理或重新核实', 'The on-site check did not confirm the problem: reject it or check again');
      }
      break;
    case 'reply_supervision':
      if (!facts.supervisionOpen) throw refuse(action, state, '：没有待回复的督办', ': there is no supervision waiting for a reply');
      break;
    case 'verify':
      if (facts.passed === undefined) throw new Error('verify needs facts.passed');
      return facts.passed
        ? { to: S('verifying', 'verification_passed'), event: 'verification_passed' }
        : { to: S('dispatched', 'working'), event: 'verification_failed' };
    default:
      break;
  }
  return { to: spec.to ?? state, event: spec.event };
}

/** The actions a holder of these roles could take on a case in this state (for buttons and worklists). */
export function possibleActions(state: CaseState, roles: readonly string[], facts: TransitionFacts): CaseAction[] {
  const out: CaseAction[] = [];
  for (const a of CASE_ACTIONS) {
    const spec = ACTION_SPECS[a];
    if (!spec.roles.some((r) => roles.includes(r))) continue;
    try {
      transition(state, a, { ...facts, passed: a === 'verify' ? true : facts.passed });
      out.push(a);
    } catch {
      // not possible here
    }
  }
  return out;
}

/**
 * The state keys in which a role has work to do (urge/supervise excluded: they are possible on
 * every open case and are not "work waiting").
 */
export function workStatesFor(role: Role): StateKey[] {
  const keys = new Set<StateKey>();
  for (const spec of Object.values(ACTION_SPECS)) {
    if (spec.action === 'urge' || spec.action === 'supervise' || spec.action === 'reply_supervision') continue;
    if (!spec.roles.includes(role)) continue;
    for (const k of spec.from) keys.add(k);
  }
  return [...keys];
}

// ---- case code (案卷编号): district code + YYYYMMDD + serial, unique in the city ----

export const CASE_CODE_SERIAL_WIDTH = 5;

/** `350203` + `20250314` + `00042` → `3502032025031400042`. Serials past 99999 simply grow a digit. */
export function formatCaseCode(districtCode: string, yyyymmdd: string, serial: number): string {
  if (!/^\d{6}$/.test(districtCode)) throw new Error(`district code must be 6 digits, got ${districtCode}`);
  if (!/^\d{8}$/.test(yyyymmdd)) throw new Error(`date must be YYYYMMDD, got ${yyyymmdd}`);
  if (!Number.isInteger(serial) || serial < 1) throw new Error(`serial must be a positive integer, got ${serial}`);
  return `${districtCode}${yyyymmdd}${String(serial).padStart(CASE_CODE_SERIAL_WIDTH, '0')}`;
}

export function parseCaseCode(code: string): { districtCode: string; date: string; serial: number } | null {
  const m = /^(\d{6})(\d{8})(\d{5,})$/.exec(code);
  if (!m) return null;
  return { districtCode: m[1]!, date: m[2]!, serial: Number(m[3]) };
}

/** Shanghai 'YYYY-MM-DD' → 'YYYYMMDD'. */
export const compactDate = (isoDate: string): string => isoDate.replaceAll('-', '');

// ---- supervision (督办) ----
export const SUPERVISION_LEVELS = [1, 2, 3] as const;
export type SupervisionLevel = (typeof SUPERVISION_LEVELS)[number];
export const SUPERVISION_LEVEL_NAMES: Record<SupervisionLevel, string> = { 1: '一般督办', 2: '重点督办', 3: '挂牌督办' };

// ---- who acts next (worklists, notifications) and which permission an action needs ----

/** The role that must act on a case in each state; null once it has ended. */
export function awaitingRole(state: CaseState): Role | null {
  switch (stateKey(state)) {
    case 'reported:new':
    case 'reported:checked':
    case 'handled:awaiting_verification':
      return 'operator';
    case 'reported:checking':
    case 'verifying:verification_pending':
      return 'inspector';
    case 'reported:accepted':
    case 'reported:void_requested':
    case 'reported:self_handled':
    case 'verifying:verification_passed':
      return 'shift_lead';
    case 'filed:awaiting_dispatch':
    case 'dispatched:return_requested':
    case 'dispatched:extension_requested':
    case 'dispatched:suspension_requested':
    case 'suspended:suspended':
      return 'dispatcher';
    case 'dispatched:working':
      return 'handler';
    default:
      return null;
  }
}

/** The permission (src/auth/policy.ts) each action needs. */
export type Permission =
  | 'case.verify_request' | 'case.verify_reply' | 'case.accept' | 'case.reject' | 'case.merge' | 'case.file'
  | 'case.void_request' | 'case.void_approve' | 'case.self_handle' | 'case.self_handle_review' | 'case.dispatch'
  | 'case.return_request' | 'case.return_approve' | 'case.return_refuse' | 'case.extension_request'
  | 'case.extension_grant' | 'case.extension_refuse' | 'case.suspend_request' | 'case.suspend_approve'
  | 'case.suspend_refuse' | 'case.resume' | 'case.handle' | 'case.verification_send' | 'case.verify' | 'case.close'
  | 'case.urge' | 'case.supervise' | 'case.supervise_reply';

const PERMISSIONS: Record<CaseAction, Permission> = {
  request_check: 'case.verify_request', check: 'case.verify_reply', accept: 'case.accept', reject: 'case.reject',
  merge: 'case.merge', request_void: 'case.void_request', void: 'case.void_approve', refuse_void: 'case.void_approve',
  self_handle: 'case.self_handle', file: 'case.file', dispatch: 'case.dispatch', reassign: 'case.dispatch',
  request_return: 'case.return_request', approve_return: 'case.return_approve', refuse_return: 'case.return_refuse',
  request_extension: 'case.extension_request', grant_extension: 'case.extension_grant', refuse_extension: 'case.extension_refuse',
  request_suspension: 'case.suspend_request', approve_suspension: 'case.suspend_approve', refuse_suspension: 'case.suspend_refuse',
  resume: 'case.resume', handle: 'case.handle', send_verification: 'case.verification_send', verify: 'case.verify',
  close: 'case.close', urge: 'case.urge', supervise: 'case.supervise', reply_supervision: 'case.supervise_reply',
};

/** Closing or voiding a self-handled case is the shift lead's review of it (自处理审核). */
export function permissionFor(action: CaseAction, state: CaseState): Permission {
  if ((action === 'close' || action === 'void') && state.phase === 'self_handled') return 'case.self_handle_review';
  return PERMISSIONS[action];
}

/** Chinese names of event types, for timelines and notifications. */
export const EVENT_NAMES: Record<CaseEventType, string> = {
  reported: '上报', check_requested: '发核实', checked: '核实反馈', accepted: '受理', rejected: '不予受理', merged: '合并',
  void_requested: '申请作废', voided: '作废', void_refused: '驳回作废', self_handled: '自处理', filed: '立案', dispatched: '派遣',
  reassigned: '改派', return_requested: '申请回退', return_approved: '同意回退', return_refused: '驳回回退',
  extension_requested: '申请延期', extension_granted: '同意延期', extension_refused: '驳回延期', suspension_requested: '申请挂账',
  suspended: '挂账', suspension_refused: '驳回挂账', resumed: '挂账恢复', handled: '处置反馈', verification_sent: '转核查',
  verification_passed: '核查通过', verification_failed: '核查不通过（返工）', closed: '结案', urged: '催办', supervised: '督办',
  supervision_replied: '督办回复', deadline_warning: '黄灯预警', deadline_overdue: '红灯超时',
};
