/**
 * The body each action takes, checked for the programmatic API and the HTTP API alike (the route
 * schemas check shapes; these check meaning). Pure.
 */
import { badRequest, unprocessable } from '../core/errors.js';
import { isSha256 } from '../files/model.js';
import { ACTION_SPECS, SUPERVISION_LEVELS, type CaseAction, type SupervisionLevel } from './model.js';

export interface ActionBody {
  note?: string;
  reason?: string;
  photos?: string[];
  /** Where the actor stood (optional; WGS-84 unless crs says otherwise). */
  location?: { lon: number; lat: number; crs?: string };
  confirmed?: boolean;
  passed?: boolean;
  intoCaseId?: string;
  itemId?: string;
  condition?: string;
  categoryCode?: string;
  urgency?: string;
  unitId?: string;
  unitCode?: string;
  amount?: number;
  level?: number;
  opinion?: string;
  reply?: string;
}

export const NOTE_MAX = 2000;
export const PHOTOS_MAX = 20;

const needText = (v: unknown, field: string, zh: string): string => {
  if (typeof v !== 'string' || v.trim() === '') {
    throw unprocessable(`${field.toUpperCase()}_REQUIRED`, `请填写${zh}`, `${field} is required`, { field });
  }
  if (v.length > NOTE_MAX) throw badRequest('TEXT_TOO_LONG', `${zh}不能超过 ${NOTE_MAX} 字`, `${field} is longer than ${NOTE_MAX} characters`, { field });
  return v.trim();
};

/** Checks an action's body; returns it normalised (trimmed texts, unique photos). */
export function checkBody(action: CaseAction, raw: unknown): ActionBody {
  if (raw !== undefined && (raw === null || typeof raw !== 'object' || Array.isArray(raw))) {
    throw badRequest('VALIDATION_FAILED', '请求内容应为对象', 'The body must be an object');
  }
  const b = { ...(raw as ActionBody) };
  if (b.note !== undefined) {
    if (typeof b.note !== 'string' || b.note.length > NOTE_MAX) throw badRequest('TEXT_TOO_LONG', `说明不能超过 ${NOTE_MAX} 字`, `note must be a string of at most ${NOTE_MAX} characters`, { field: 'note' });
    b.note = b.note.trim();
  }
  if (b.photos !== undefined) {
    if (!Array.isArray(b.photos) || b.photos.length > PHOTOS_MAX || !b.photos.every((p) => typeof p === 'string' && isSha256(p))) {
      throw badRequest('PHOTOS_INVALID', `照片应为至多 ${PHOTOS_MAX} 个已上传文件的 SHA-256`, `photos must be at most ${PHOTOS_MAX} SHA-256 digests of uploaded files`, { field: 'photos' });
    }
    b.photos = [...new Set(b.photos)];
  }
  if (b.location !== undefined) {
    const l = b.location;
    if (!l || typeof l.lon !== 'number' || typeof l.lat !== 'number' || !Number.isFinite(l.lon) || !Number.isFinite(l.lat) || Math.abs(l.lon) > 180 || Math.abs(l.lat) > 90) {
      throw badRequest('COORDINATE_INVALID', '位置坐标无效', 'location must carry finite lon and lat', { field: 'location' });
    }
  }
  if (ACTION_SPECS[action].needsPhotos && (!b.photos || b.photos.length === 0)) {
    throw unprocessable('PHOTOS_REQUIRED', `${ACTION_SPECS[action].zh}须附现场照片`, `${action} needs at least one photo`, { field: 'photos' });
  }
  switch (action) {
    case 'check':
      if (typeof b.confirmed !== 'boolean') throw unprocessable('CHECK_RESULT_REQUIRED', '请说明核实结果（问题是否属实）', 'confirmed (true/false) is required', { field: 'confirmed' });
      break;
    case 'verify':
      if (typeof b.passed !== 'boolean') throw unprocessable('VERIFY_RESULT_REQUIRED', '请说明核查结果（是否通过）', 'passed (true/false) is required', { field: 'passed' });
      if (!b.passed) b.reason = needText(b.reason ?? b.note, 'reason', '核查不通过的原因');
      break;
    case 'reject':
    case 'request_void':
    case 'void':
    case 'request_return':
    case 'request_suspension':
    case 'reassign':
      b.reason = needText(b.reason, 'reason', '原因');
      break;
    case 'request_extension':
      b.reason = needText(b.reason, 'reason', '延期原因');
      if (typeof b.amount !== 'number' || !Number.isFinite(b.amount) || b.amount <= 0 || b.amount > 3650) {
        throw unprocessable('EXTENSION_AMOUNT_INVALID', '延期时长应为正数（单位与处置时限相同）', 'amount must be a positive number in the unit of the stage limit', { field: 'amount' });
      }
      break;
    case 'grant_extension':
      if (b.amount !== undefined && (typeof b.amount !== 'number' || !Number.isFinite(b.amount) || b.amount <= 0 || b.amount > 3650)) {
        throw unprocessable('EXTENSION_AMOUNT_INVALID', '批准的延期时长应为正数', 'amount must be a positive number', { field: 'amount' });
      }
      break;
    case 'merge':
      if (typeof b.intoCaseId !== 'string' || b.intoCaseId === '') throw unprocessable('MERGE_TARGET_REQUIRED', '请指定合并到哪个案卷', 'intoCaseId is required', { field: 'intoCaseId' });
      break;
    case 'supervise':
      if (!SUPERVISION_LEVELS.includes(b.level as SupervisionLevel)) {
        throw unprocessable('SUPERVISION_LEVEL_INVALID', '督办级别应为 1（一般）、2（重点）或 3（挂牌）', 'level must be 1, 2 or 3', { field: 'level' });
      }
      b.opinion = needText(b.opinion, 'opinion', '督办意见');
      break;
    case 'reply_supervision':
      b.reply = needText(b.reply, 'reply', '督办回复');
      break;
    case 'handle':
      b.note = needText(b.note, 'note', '处置情况');
      break;
    default:
      break;
  }
  if ((action === 'dispatch' || action === 'reassign') && !b.unitId && !b.unitCode) {
    throw unprocessable('UNIT_REQUIRED', '请选择责任单位', 'unitId or unitCode is required', { field: 'unitCode' });
  }
  return b;
}
