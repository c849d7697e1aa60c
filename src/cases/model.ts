/**
 * The case (案卷) lifecycle as data: statuses, sub-states (phases), actions, who may take them and
 * where each leads. Pure: no I/O. DESIGN.md §3 completed with standards.md §4.4.
 *
 * A case has a coarse `status` (what reports and the public see) and a finer `phase` (what is
 * pending inside that status: a check, a request waiting for approval, a passed verification …).
 */

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
  'citizen', 'hotline', 'aerial', 'petition', 'opinion',
]);
// not iot: an IoT alarm becomes a case only after the device measured it through the whole grace period (src/iot);
// not video: a person (受理员) saw the snapshots with the box drawn and confirmed it in the review queue, or the
// algorithm × camera pair was measured above the administrator's auto-accept floor (src/video/review.ts).

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
  'reopen_review', // verifying: a citizen was not satisfied with the closed result; the shift lead decides
] as const;
export type CasePhase = (typeof CASE_PHASES)[number];

export const PHASE_NAMES: Record<CasePhase, string> = {
  new: '待受理', checking: '核实中', checked: '已核实', accepted: '待立案', void_requested: '作废待审批',
  self_handled: '自处理待审核', awaiting_dispatch: '待派遣', working: '处置中', return_requested: '回退待审批',
  extension_requested: '延期待审批', suspension_requested: '挂账待审批', suspended: '挂账中',
  awaiting_verification: '待转核查', verification_pending: '待核查', verification_passed: '核查通过待结案', done: '已办结',
  reopen_review: '群众不满意待复查',
};

export type { Role } from '../auth/roles.js';
import type { Role } from '../auth/roles.js';
/** Role recorded on events raised by the platform itself (timers, auto-dispatch). */
export type ActorRole = Role | 'system';
export const SYSTEM_ACTOR = 'system';

/** Actions taken through `act(user, caseId, action, body, expectedVersion)` are declared in actions.ts; `report` creates a case. */
export type { CaseAction } from './actions.js';

/** Event types in the log. Stable: the evaluation reads them (docs/case-events.md). */
export const CASE_EVENT_TYPES = [
  'reported', 'check_requested', 'checked', 'accepted', 'rejected', 'merged', 'void_requested', 'voided',
  'void_refused', 'self_handled', 'filed', 'dispatched', 'reassigned', 'return_requested', 'return_approved',
  'return_refused', 'extension_requested', 'extension_granted', 'extension_refused', 'suspension_requested',
  'suspended', 'suspension_refused', 'resumed', 'handled', 'verification_sent', 'verification_passed',
  'verification_failed', 'closed', 'urged', 'supervised', 'supervision_replied', 'deadline_warning',
  'deadline_overdue', 'reopen_requested', 'reopened', 'reopen_refused',
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
    case 'verifying:reopen_review':
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
  | 'case.urge' | 'case.supervise' | 'case.supervise_reply' | 'case.reopen_request' | 'case.reopen';

/** Chinese names of event types, for timelines and notifications. */
export const EVENT_NAMES: Record<CaseEventType, string> = {
  reported: '上报', check_requested: '发核实', checked: '核实反馈', accepted: '受理', rejected: '不予受理', merged: '合并',
  void_requested: '申请作废', voided: '作废', void_refused: '驳回作废', self_handled: '自处理', filed: '立案', dispatched: '派遣',
  reassigned: '改派', return_requested: '申请回退', return_approved: '同意回退', return_refused: '驳回回退',
  extension_requested: '申请延期', extension_granted: '同意延期', extension_refused: '驳回延期', suspension_requested: '申请挂账',
  suspended: '挂账', suspension_refused: '驳回挂账', resumed: '挂账恢复', handled: '处置反馈', verification_sent: '转核查',
  verification_passed: '核查通过', verification_failed: '核查不通过（返工）', closed: '结案', urged: '催办', supervised: '督办',
  supervision_replied: '督办回复', deadline_warning: '黄灯预警', deadline_overdue: '红灯超时',
  reopen_requested: '群众不满意（申请复查）', reopened: '复查重办', reopen_refused: '复查维持办结',
};
