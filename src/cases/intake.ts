/** Intake (上报): a report from any source becomes a case, idempotently. */
import { badRequest, conflict, forbidden, unprocessable } from '../core/errors.js';
import { shanghaiDate } from '../core/time.js';
import type { User } from '../auth/model.js';
import { authorize, can } from '../auth/policy.js';
import type { FileStore } from '../files/service.js';
import type { IdSource } from '../core/ids.js';
import { CASE_SOURCES, URGENCIES, compactDate, formatCaseCode, type CaseSource, type Urgency } from './model.js';
import type { CasePorts } from './ports.js';
import { limitFor, settle } from './pipeline.js';
import { revise, type CaseRecord } from './record.js';
import type { CaseStore } from './store.js';
import { NO_CLOCK, startClock } from './stages.js';
import { isSha256 } from '../files/model.js';

export interface ReportInput {
  source: CaseSource | string;
  /** The channel's own id of this report (12345 work-order number, detection id …). */
  externalRef?: string | null;
  lon: number;
  lat: number;
  /** wgs84 (default), gcj02 or bd09: converted once, here. */
  crs?: string;
  address?: string | null;
  categoryCode: string;
  urgency?: Urgency | string;
  description: string;
  /** Before-photos: SHA-256 digests of uploaded files. */
  photos?: string[];
}

export interface ReportResult {
  case: CaseRecord;
  /** True when an earlier report with the same key was returned instead of a new case. */
  replayed: boolean;
}

export interface IntakeDeps {
  store: CaseStore;
  ids: IdSource;
  files: FileStore;
  ports: CasePorts;
  now(): number;
}

/**
 * The stored form of an Idempotency-Key: scoped to the user who sent it, so one user's key never finds
 * another user's case (the unique index on the column keeps working).
 */
export function scopedIdempotencyKey(userId: string, key: string | null): string | null {
  return key ? `${userId}:${key}` : null;
}

const sameText = (a: unknown, b: unknown) => (a ?? null) === (b ?? null);
const near = (a: number | null, b: number) => a !== null && Math.abs(a - b) < 1e-7;

/**
 * A replay is honoured only when it is the same report (same channel, class, text, place and photos as
 * the first one) and the caller may see the case (its reporter, or a reader in scope). Anything else
 * is a key reused for another report: 409, never another case and never a silently dropped report.
 */
async function replayOf(deps: IntakeDeps, user: User, earlier: CaseRecord, input: ReportInput, point: { lon: number; lat: number }, photos: string[]): Promise<ReportResult> {
  const first = (await deps.store.events(earlier.id))[0];
  const d = (first?.data ?? {}) as Record<string, unknown>;
  const same = !!first && earlier.source === input.source && d.categoryCode === input.categoryCode && d.description === input.description.trim()
    && sameText(d.address, input.address) && sameText(d.urgency ?? 'normal', input.urgency ?? 'normal')
    && near(first.lon, point.lon) && near(first.lat, point.lat)
    && first.attachments.length === photos.length && photos.every((p) => first.attachments.includes(p));
  const visible = earlier.reporterId === user.id
    || can(user, 'case.read', { districtCode: earlier.place.districtCode, streetCode: earlier.place.streetCode, unitId: earlier.unit?.id ?? null }).allowed;
  if (!same || !visible) {
    throw conflict(
      'IDEMPOTENCY_KEY_REUSED',
      '该幂等键（Idempotency-Key 或 来源+外部编号）已用于另一份上报，请换一个键重新上报',
      'This idempotency key (Idempotency-Key, or source + externalRef) was used for another report; send this one with a new key',
      { field: input.externalRef ? 'externalRef' : 'Idempotency-Key' },
    );
  }
  return { case: earlier, replayed: true };
}

/** An earlier case with the same (user-scoped) Idempotency-Key, or the same source and external reference. */
async function findReplay(store: CaseStore, key: { idempotencyKey: string | null; source: string; externalRef: string | null }): Promise<CaseRecord | undefined> {
  return (key.idempotencyKey ? await store.lookup('idempotencyKey', [key.idempotencyKey]) : undefined)
    ?? (key.externalRef ? await store.lookup('sourceRef', [key.source, key.externalRef]) : undefined);
}

function check(input: ReportInput): void {
  if (!CASE_SOURCES.includes(input.source as CaseSource)) {
    throw unprocessable('SOURCE_INVALID', `来源无效：${input.source}`, `Unknown source: ${input.source} (one of ${CASE_SOURCES.join(', ')})`, { field: 'source' });
  }
  if (typeof input.description !== 'string' || input.description.trim() === '') {
    throw unprocessable('DESCRIPTION_REQUIRED', '请描述问题', 'description is required', { field: 'description' });
  }
  if (input.description.length > 2000) throw badRequest('TEXT_TOO_LONG', '问题描述不能超过 2000 字', 'description is longer than 2000 characters', { field: 'description' });
  if (input.urgency !== undefined && !URGENCIES.includes(input.urgency as Urgency)) {
    throw unprocessable('URGENCY_INVALID', '紧急程度应为 normal（一般）或 urgent（紧急）', 'urgency must be normal or urgent', { field: 'urgency' });
  }
  if (input.externalRef != null && (typeof input.externalRef !== 'string' || input.externalRef.length > 128 || input.externalRef === '')) {
    throw badRequest('EXTERNAL_REF_INVALID', '外部编号应为 1–128 个字符', 'externalRef must be 1–128 characters', { field: 'externalRef' });
  }
  if (input.photos !== undefined && (!Array.isArray(input.photos) || input.photos.length > 20 || !input.photos.every((p) => typeof p === 'string' && isSha256(p)))) {
    throw badRequest('PHOTOS_INVALID', '照片应为至多 20 个已上传文件的 SHA-256', 'photos must be at most 20 SHA-256 digests of uploaded files', { field: 'photos' });
  }
}

export async function reportCase(deps: IntakeDeps, user: User, input: ReportInput, idempotencyKey?: string | null): Promise<ReportResult> {
  authorize(user, 'case.report');
  check(input);
  const source = input.source as CaseSource;
  if (source === 'inspector' && !user.roles.includes('inspector')) {
    throw forbidden('FORBIDDEN_SOURCE', '只有监督员可以以“监督员上报”来源上报', 'Only inspectors may report with source "inspector"', { source });
  }
  if (idempotencyKey !== undefined && idempotencyKey !== null && (idempotencyKey.length === 0 || idempotencyKey.length > 200)) {
    throw badRequest('IDEMPOTENCY_KEY_INVALID', 'Idempotency-Key 应为 1–200 个字符', 'Idempotency-Key must be 1–200 characters');
  }
  const key = { idempotencyKey: scopedIdempotencyKey(user.id, idempotencyKey ?? null), source, externalRef: input.externalRef ?? null };
  const at = deps.ports.locate(input.lon, input.lat, input.crs ?? 'wgs84');
  const photos = [...new Set(input.photos ?? [])];
  const earlier = key.idempotencyKey || key.externalRef ? await findReplay(deps.store, key) : undefined;
  if (earlier) return replayOf(deps, user, earlier, input, at, photos);

  authorize(user, 'case.report', { districtCode: at.place.districtCode, streetCode: at.place.streetCode });
  const categoryName = await deps.ports.categoryName(input.categoryCode);
  if (photos.length) await deps.files.requireAll(photos);

  const now = deps.now();
  const id = deps.ids.next();
  const day = compactDate(shanghaiDate(now));
  const draft: CaseRecord = {
    id, code: '', status: 'reported', phase: 'new', version: 0, lastHash: '', awaitingRole: null, source,
    externalRef: key.externalRef, idempotencyKey: key.idempotencyKey, categoryCode: input.categoryCode, categoryName,
    urgency: (input.urgency as Urgency | undefined) ?? 'normal', description: input.description.trim(), address: input.address ?? null,
    lon: at.lon, lat: at.lat, h3: at.h3, place: at.place, reporterId: user.id, photos, reportedAt: now, filedAt: null, closedAt: null,
    updatedAt: now, itemId: null, itemNo: null, filingCondition: null, timeLimits: null, unit: null, clock: NO_CLOCK,
    suspendedAt: null, suspendedMs: 0, pending: null, checkConfirmed: null, urgeCount: 0, supervised: false, supervisionLevel: null,
    supervisionOpen: false, supervisorId: null, dispatchCount: 0, reworkCount: 0, returnCount: 0, mergedInto: null,
  };
  draft.clock = startClock(deps.ports.calendar, NO_CLOCK, 'accept', limitFor(draft, 'accept'), now);
  const role = user.roles.includes('inspector') && source === 'inspector' ? 'inspector' : authorize(user, 'case.report');

  const created = await deps.store.create([at.place.districtCode, day], (serial) => {
    const record = settle(revise(draft, { code: formatCaseCode(at.place.districtCode, day, serial) }), now);
    return {
      next: record,
      drafts: [{
        type: 'reported', actorId: user.id, role, at: now, lon: at.lon, lat: at.lat, attachments: photos,
        data: {
          code: record.code, source, externalRef: record.externalRef, categoryCode: record.categoryCode, categoryName,
          urgency: record.urgency, description: record.description, address: record.address, crs: input.crs ?? 'wgs84',
          gridCode: at.place.gridCode, communityCode: at.place.communityCode, streetCode: at.place.streetCode,
          districtCode: at.place.districtCode, h3: at.h3,
        },
      }],
    };
  });
  if (created) return { case: created, replayed: false };
  // A concurrent intake with the same key won the race: return its case.
  const winner = await findReplay(deps.store, key);
  if (winner) return replayOf(deps, user, winner, input, at, photos);
  throw new Error('case insert hit a unique index without an idempotency winner');
}
