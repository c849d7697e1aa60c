/**
 * The citizen app's use cases (随手拍, no login): the plain-language choices, likely duplicates
 * nearby, an anonymous report (optionally with a phone verified by SMS code), "me too", following a
 * case by its code, the after-photo, and the rating. Reports go through the public channel (role
 * `citizen`) as cases with source `citizen`; the reporter's phone stays in the public channels' table.
 */
import { createHash, randomInt } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { ServiceDeps } from '../core/deps.js';
import { AppError, badRequest, conflict, notFound, unprocessable } from '../core/errors.js';
import { shanghaiDate } from '../core/time.js';
import type { CaseService } from '../cases/service.js';
import type { CaseRecord } from '../cases/record.js';
import type { FileStore, StoredFile } from '../files/service.js';
import type { SmsNotifier } from '../notify/service.js';
import { channelActor, newFollowCode, type Open311Server } from '../open311/service.js';
import { MAX_RADIUS_M, plainStatus, requestStatusOf } from '../open311/model.js';
import {
  CODE_MAX_ATTEMPTS, CODE_RESEND_MS, CODE_TTL_MS, LIMITS, RATING_WINDOW_MS, checkDeviceId, maskPhone, normalisePhone, stepText, type Rating,
} from './model.js';
import * as repo from './repo.js';

export interface CitizenChoice {
  code: string;
  name: string;
  className: string;
  groupName: string;
  radiusM: number;
  urgency: boolean;
}

export interface NearbyCase {
  code: string;
  className: string;
  statusText: string;
  distanceM: number;
  reportedAt: number;
  description: string;
  followers: number;
}

export interface ReportBody {
  categoryCode: string;
  lon: number;
  lat: number;
  crs?: 'wgs84' | 'gcj02' | 'bd09';
  address?: string | null;
  description: string;
  photos?: string[];
  urgency?: 'normal' | 'urgent';
  phone?: string | null;
  smsCode?: string | null;
  /** The page's own id of this submission: a resend after a dropped connection returns the same case. */
  clientRef?: string | null;
}

export interface FollowView {
  code: string;
  followCode: string;
  className: string;
  status: 'open' | 'closed';
  statusText: string;
  reportedAt: number;
  expectedAt: number | null;
  unitName: string | null;
  address: string | null;
  description: string;
  afterPhotos: string[];
  steps: Array<{ at: number; text: string }>;
  followers: number;
  rating: { rating: string; comment: string | null; reopened: boolean; at: number } | null;
  /** Until when a rating may still be given (null: not closed, or already rated). */
  rateUntil: number | null;
}

export interface CitizenApp {
  choices(): Promise<CitizenChoice[]>;
  nearby(q: { categoryCode: string; lon: number; lat: number; crs?: string }): Promise<NearbyCase[]>;
  sendCode(deviceId: string | undefined, phone: string): Promise<{ expiresInS: number; masked: string }>;
  uploadPhoto(deviceId: string | undefined, stream: AsyncIterable<Buffer | Uint8Array>, name: string | null, truncated: () => boolean): Promise<StoredFile>;
  report(deviceId: string | undefined, body: ReportBody): Promise<{ code: string; followCode: string; replayed: boolean }>;
  meToo(deviceId: string | undefined, caseCode: string, body: { phone?: string | null; smsCode?: string | null }): Promise<{ code: string; followCode: string }>;
  follow(followCode: string): Promise<FollowView>;
  /** An after-photo of the followed case (or one the reporter sent), else 404. */
  photo(followCode: string, sha256: string): Promise<{ file: StoredFile; stream: Readable }>;
  rate(followCode: string, body: { rating: Rating; comment?: string | null }): Promise<FollowView>;
  /**
   * The same gate for the other public channels (金点子, src/suggestions): the device id, an optional
   * phone verified by SMS code (the code is used up), and today's limits per device and phone.
   */
  admit(deviceId: string | undefined, what: 'suggestion', contact: { phone?: string | null | undefined; smsCode?: string | null | undefined }): Promise<{ deviceHash: string; phone: string | null }>;
}

export interface CitizenDeps extends ServiceDeps {
  cases: CaseService;
  open311: Open311Server;
  files: FileStore;
  sms: SmsNotifier;
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const AFTER_EVENTS = new Set(['handled', 'verification_passed']);
const FOLLOW_CODE = /^[2-9A-HJ-NP-Z]{10}$/;

export function createCitizenApp(deps: CitizenDeps): CitizenApp {
  const db = () => deps.db.kysely;
  const now = () => deps.clock.now();
  const today = () => shanghaiDate(now());

  async function spend(subject: string, limit: number, what: string): Promise<void> {
    const n = await repo.bumpQuota(db(), subject, today());
    if (n > limit) {
      throw new AppError({
        code: 'CITIZEN_LIMIT_REACHED', kind: 'rate_limited', message: `今日${what}次数已达上限（${limit} 次），请明天再试或拨打 12345`,
        messageEn: `Today's limit for ${what === '上报' ? 'reports' : what === '验证码' ? 'codes' : what === '建议' ? 'suggestions' : 'uploads'} is reached (${limit}); try tomorrow or call 12345`, details: { limit },
      });
    }
  }

  /** A verified phone (the code is used up), or null when none was given. */
  async function verifiedPhone(phone: string | null | undefined, code: string | null | undefined): Promise<string | null> {
    if (!phone) return null;
    const p = normalisePhone(phone);
    const key = sha256(`phone:${p}`);
    const row = await repo.getCode(db(), key);
    if (!code) throw badRequest('SMS_CODE_REQUIRED', '请填写短信验证码', 'Enter the code sent by SMS', { field: 'smsCode' });
    if (!row || row.expiresAt < now() || row.attempts >= CODE_MAX_ATTEMPTS) {
      throw unprocessable('SMS_CODE_EXPIRED', '验证码已失效，请重新获取', 'The code has expired: ask for a new one', { field: 'smsCode' });
    }
    if (row.codeHash !== sha256(`${p}:${code.trim()}`)) {
      await repo.failCode(db(), key);
      throw unprocessable('SMS_CODE_WRONG', '验证码不正确', 'The code is wrong', { field: 'smsCode', attemptsLeft: CODE_MAX_ATTEMPTS - row.attempts - 1 });
    }
    await repo.deleteCode(db(), key);
    return p;
  }

  async function choice(code: string) {
    const s = (await deps.open311.openServices()).find((x) => x.categoryCode === code);
    if (!s) throw unprocessable('CITIZEN_CLASS_NOT_OPEN', '请从列表中选择问题类型', 'Choose a problem type from the list', { field: 'categoryCode' });
    return s;
  }

  async function caseOfFollowCode(followCode: string): Promise<{ record: CaseRecord; followCode: string }> {
    const code = followCode.trim().toUpperCase();
    const row = FOLLOW_CODE.test(code) ? (await deps.open311.publicRow({ followCode: code })) ?? (await repo.followerByCode(db(), code)) : undefined;
    const record = row ? await deps.cases.find(row.caseId) : undefined;
    if (!record) throw notFound('FOLLOW_CODE_NOT_FOUND', '查询码不存在，请核对', 'No case has this follow code');
    return { record, followCode: code };
  }

  async function view(record: CaseRecord, followCode: string): Promise<FollowView> {
    const events = await deps.cases.events(record.id);
    const after = new Set<string>();
    const steps: FollowView['steps'] = [];
    for (const e of events) {
      if (AFTER_EVENTS.has(e.type)) for (const a of e.attachments) after.add(a);
      const text = stepText(e.type);
      if (text && steps.at(-1)?.text !== text) steps.push({ at: e.at, text });
    }
    const closedAt = record.status === 'closed' ? record.closedAt : null;
    // The rating of the last closing, also while the shift lead reviews it (closedAt stays until it is reopened).
    const rating = record.closedAt !== null ? await repo.ratingOf(db(), record.id, record.closedAt, followCode) : undefined;
    const followers = (await repo.followerCounts(db(), [record.id])).get(record.id) ?? 0;
    return {
      code: record.code, followCode, className: record.categoryName, status: requestStatusOf(record.status), statusText: plainStatus(record.status, record.phase),
      reportedAt: record.reportedAt, expectedAt: requestStatusOf(record.status) === 'open' ? record.clock.dueAt : null, unitName: record.unit?.name ?? null,
      address: record.address, description: record.description, afterPhotos: [...after], steps: steps.reverse(), followers,
      rating: rating ? { rating: rating.rating, comment: rating.comment, reopened: rating.reopened, at: rating.at } : null,
      rateUntil: closedAt !== null && !rating && now() <= closedAt + RATING_WINDOW_MS ? closedAt + RATING_WINDOW_MS : null,
    };
  }

  return {
    async choices() {
      return (await deps.open311.openServices()).map((s) => ({
        code: s.categoryCode, name: s.plainName ?? s.name, className: s.name, groupName: s.groupName, radiusM: Math.min(s.radiusM, MAX_RADIUS_M), urgency: s.attributes.includes('urgency'),
      }));
    },

    async nearby(q) {
      const s = await choice(q.categoryCode);
      const at = deps.cases.ports.locate(q.lon, q.lat, q.crs ?? 'wgs84');
      const near = (await deps.cases.openNearby({ categoryCode: s.categoryCode, lon: at.lon, lat: at.lat, radiusM: Math.min(s.radiusM, MAX_RADIUS_M) })).slice(0, 10);
      const counts = await repo.followerCounts(db(), near.map((n) => n.case.id));
      return near.map(({ case: c, distanceM }) => ({
        code: c.code, className: c.categoryName, statusText: plainStatus(c.status, c.phase), distanceM, reportedAt: c.reportedAt,
        // Only what a citizen could see in the street: the class, the place and how far it got; the text is cut short.
        description: c.description.length > 40 ? `${c.description.slice(0, 40)}…` : c.description, followers: counts.get(c.id) ?? 0,
      }));
    },

    async sendCode(deviceId, phone) {
      const device = sha256(checkDeviceId(deviceId));
      const p = normalisePhone(phone);
      const key = sha256(`phone:${p}`);
      const prev = await repo.getCode(db(), key);
      if (prev && now() - prev.sentAt < CODE_RESEND_MS) {
        throw new AppError({ code: 'SMS_CODE_TOO_SOON', kind: 'rate_limited', message: '验证码已发送，请 1 分钟后再试', messageEn: 'A code was just sent: try again in a minute' });
      }
      await spend(`code-device:${device}`, LIMITS.codesPerDevice, '验证码');
      await spend(`code-phone:${key}`, LIMITS.codesPerPhone, '验证码');
      const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
      await repo.putCode(db(), key, { codeHash: sha256(`${p}:${code}`), expiresAt: now() + CODE_TTL_MS, attempts: 0, sentAt: now() });
      await deps.sms.sendToPhone({ phone: p, text: `【城市运管服】您的验证码是 ${code}，10 分钟内有效。如非本人操作请忽略。` });
      return { expiresInS: CODE_TTL_MS / 1000, masked: maskPhone(p) };
    },

    async uploadPhoto(deviceId, stream, name, truncated) {
      const device = sha256(checkDeviceId(deviceId));
      await spend(`photo-device:${device}`, LIMITS.photosPerDevice, '上传');
      return deps.files.save(stream, { originalName: name, uploadedBy: `citizen:${device.slice(0, 24)}` }, { truncated });
    },

    async report(deviceId, body) {
      const device = sha256(checkDeviceId(deviceId));
      const s = await choice(body.categoryCode);
      const phone = await verifiedPhone(body.phone, body.smsCode);
      await spend(`report-device:${device}`, LIMITS.reportsPerDevice, '上报');
      if (phone) await spend(`report-phone:${sha256(`phone:${phone}`)}`, LIMITS.reportsPerPhone, '上报');
      const actor = channelActor(`citizen:${device.slice(0, 24)}`, '随手拍');
      const r = await deps.cases.report(actor, {
        source: 'citizen', lon: body.lon, lat: body.lat, crs: body.crs ?? 'wgs84', address: body.address ?? null, categoryCode: s.categoryCode,
        urgency: s.attributes.includes('urgency') ? body.urgency ?? 'normal' : 'normal', description: body.description, photos: body.photos ?? [],
      }, body.clientRef ?? null);
      const row = await deps.open311.publishCase({ record: r.case, channel: 'citizen_app', keyId: null, deviceHash: device, contact: phone ? { phone } : null, mediaUrl: null });
      return { code: r.case.code, followCode: row.followCode, replayed: r.replayed };
    },

    async admit(deviceId, _what, contact) {
      const device = sha256(checkDeviceId(deviceId));
      const phone = await verifiedPhone(contact.phone, contact.smsCode);
      await spend(`suggestion-device:${device}`, LIMITS.suggestionsPerDevice, '建议');
      if (phone) await spend(`suggestion-phone:${sha256(`phone:${phone}`)}`, LIMITS.suggestionsPerPhone, '建议');
      return { deviceHash: device, phone };
    },

    async meToo(deviceId, caseCode, body) {
      const device = sha256(checkDeviceId(deviceId));
      const row = /^\d{19}$/.test(caseCode) ? await deps.cases.findByCode(caseCode) : undefined;
      if (!row || requestStatusOf(row.status) !== 'open' || !(await deps.open311.openServices()).some((s) => s.categoryCode === row.categoryCode)) {
        throw notFound('CITIZEN_CASE_NOT_FOUND', '该问题已办结或不存在，请直接上报', 'That case is closed or does not exist: report it anew');
      }
      const phone = await verifiedPhone(body.phone, body.smsCode);
      await spend(`report-device:${device}`, LIMITS.reportsPerDevice, '上报');
      const f = await repo.addFollower(db(), { caseId: row.id, deviceHash: device, followCode: newFollowCode(), contact: phone ? { phone } : null, at: now() });
      return { code: row.code, followCode: f.followCode };
    },

    async follow(followCode) {
      const { record, followCode: code } = await caseOfFollowCode(followCode);
      return view(record, code);
    },

    async photo(followCode, sha) {
      const { record } = await caseOfFollowCode(followCode);
      const events = await deps.cases.events(record.id);
      const allowed = events.some((e) => (AFTER_EVENTS.has(e.type) || e.type === 'reported') && e.attachments.includes(sha));
      if (!allowed) throw notFound('FILE_NOT_FOUND', '文件不存在', 'No such file');
      return deps.files.open(sha);
    },

    async rate(followCode, body) {
      const { record, followCode: code } = await caseOfFollowCode(followCode);
      if (record.status !== 'closed' || record.closedAt === null) throw conflict('CASE_NOT_CLOSED', '问题办结后才能评价', 'A case can be rated once it is closed');
      if (now() > record.closedAt + RATING_WINDOW_MS) throw conflict('RATING_WINDOW_OVER', '评价期已过（办结后 7 天内）', 'The rating window (7 days after closing) is over');
      const comment = body.comment?.trim() || null;
      if (body.rating === 'unsatisfied' && !comment) throw badRequest('RATING_COMMENT_REQUIRED', '不满意时请说明原因', 'Say why when you are not satisfied', { field: 'comment' });
      const stored = await repo.insertRating(db(), { caseId: record.id, closedAt: record.closedAt, followCode: code, rating: body.rating, comment, reopened: false, at: now() });
      if (!stored) throw conflict('ALREADY_RATED', '您已评价过本次办理结果', 'You already rated this result');
      if (body.rating === 'unsatisfied') {
        // The public channel acts as the case's reporter; a "me too" follower's rating says so in the note.
        const own = (await deps.open311.publicRow({ followCode: code }))?.caseId === record.id;
        await deps.cases.act(channelActor(record.reporterId, '随手拍'), record.id, 'request_reopen', { reason: comment, ...(own ? {} : { note: `关注者（我也遇到）的评价，查询码 ${code}` }) }, record.version);
        await repo.markReopened(db(), record.id, record.closedAt, code);
      }
      return view((await deps.cases.find(record.id))!, code);
    },
  };
}
