/**
 * The citizen app (随手拍) as rules: abuse limits per device and phone, SMS codes, ratings and the
 * window in which an unsatisfied rating reopens a case, and the case in plain words for the public.
 * No I/O.
 */
import { badRequest } from '../core/errors.js';

/** Daily limits (Shanghai days). A city changes them here; the per-address limit is the platform's intake rate limit. */
export const LIMITS = {
  reportsPerDevice: 10,
  reportsPerPhone: 10,
  photosPerDevice: 40,
  codesPerPhone: 5,
  codesPerDevice: 10,
  /** 金点子 (src/suggestions) through the same gate. */
  suggestionsPerDevice: 5,
  suggestionsPerPhone: 5,
} as const;

export const CODE_TTL_MS = 10 * 60_000;
export const CODE_RESEND_MS = 60_000;
export const CODE_MAX_ATTEMPTS = 5;
/** An unsatisfied rating within this time after closing reopens the case for the shift lead's review. */
export const RATING_WINDOW_MS = 7 * 24 * 3600_000;

export const RATINGS = ['satisfied', 'basically_satisfied', 'unsatisfied'] as const;
export type Rating = (typeof RATINGS)[number];
export const RATING_NAMES: Record<Rating, string> = { satisfied: '满意', basically_satisfied: '基本满意', unsatisfied: '不满意' };

/** Mainland mobile numbers (11 digits, 1[3-9]…); a leading +86 / 86 is dropped. */
export function normalisePhone(raw: string): string {
  const digits = raw.replace(/[\s-]/g, '').replace(/^(\+?86)(?=1\d{10}$)/, '');
  if (!/^1[3-9]\d{9}$/.test(digits)) throw badRequest('PHONE_INVALID', '请填写 11 位手机号码', 'Give an 11-digit mainland mobile number', { field: 'phone' });
  return digits;
}

export const maskPhone = (p: string): string => `${p.slice(0, 3)}****${p.slice(7)}`;

/** A device id the page keeps in local storage: 16–64 letters, digits, - or _. */
export function checkDeviceId(raw: string | undefined): string {
  if (!raw || !/^[A-Za-z0-9_-]{16,64}$/.test(raw)) {
    throw badRequest('DEVICE_ID_REQUIRED', '缺少设备标识（X-Device-Id），请刷新页面后重试', 'The X-Device-Id header is missing or malformed: reload the page', { field: 'X-Device-Id' });
  }
  return raw;
}

/** What the reporter sees on the follow page: one line per step, in plain words, nothing about staff. */
export function stepText(type: string): string | null {
  switch (type) {
    case 'reported': return '您的上报已收到';
    case 'check_requested': return '已安排监督员到现场核实';
    case 'checked': return '现场核实完成';
    case 'accepted': return '已受理';
    case 'filed': return '已立案';
    case 'dispatched': case 'reassigned': return '已派给责任单位处理';
    case 'extension_granted': return '处理时限已延长';
    case 'suspended': return '问题需要较长时间解决，已列入计划';
    case 'resumed': return '恢复处理';
    case 'handled': return '责任单位已处理完毕';
    case 'verification_failed': return '现场核查未通过，责任单位重新处理';
    case 'verification_passed': return '现场核查合格';
    case 'closed': return '已办结';
    case 'rejected': case 'voided': return '经核实不予受理';
    case 'merged': return '与已有上报为同一问题，合并办理';
    case 'reopen_requested': return '您反馈不满意，已提交值班长复查';
    case 'reopened': return '复查后重新派给责任单位处理';
    case 'reopen_refused': return '复查后维持办结';
    default: return null;
  }
}
