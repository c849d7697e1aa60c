/** Intake (上报): a report through any channel (channels.ts) becomes a case, idempotently. */
import { AppError, badRequest, conflict } from '../core/errors.js';
import { shanghaiDate } from '../core/time.js';
import type { User } from '../auth/model.js';
import { authorize, can } from '../auth/policy.js';
import type { FileStore } from '../files/service.js';
import type { IdSource } from '../core/ids.js';
import { CASE_SOURCES, compactDate, formatCaseCode, type CaseSource, type Urgency } from './model.js';
import { CASE_CHANNELS, type ReportInput } from './channels.js';
import { channelFor, receive } from '../workflow/channels.js';
import type { CasePorts } from './ports.js';
import { limitFor, settle } from './pipeline.js';
import { revise, type CaseRecord } from './record.js';
import type { CaseStore } from './store.js';
import { NO_CLOCK, startClock } from './stages.js';

export type { ReportInput } from './channels.js';

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

export async function reportCase(deps: IntakeDeps, user: User, raw: ReportInput | unknown, idempotencyKey?: string | null): Promise<ReportResult> {
  authorize(user, 'case.report');
  // The channel of the report's source checks who may use it and its payload, in one place.
  const claimed = raw !== null && typeof raw === 'object' ? (raw as { source?: unknown }).source : undefined;
  const channel = typeof claimed === 'string' ? channelFor(CASE_CHANNELS, claimed, user.roles) : undefined;
  if (!channel) {
    throw new AppError({
      code: 'VALIDATION_FAILED', kind: 'invalid', message: `来源无效：${String(claimed)}`, messageEn: `Unknown source: ${String(claimed)} (one of ${CASE_SOURCES.join(', ')})`,
      details: [{ in: 'body', field: 'source', problem: `must be one of ${CASE_SOURCES.join(', ')}` }],
    });
  }
  const input = receive(channel, user, raw);
  const source = input.source as CaseSource;
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
