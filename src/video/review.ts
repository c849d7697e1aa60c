/**
 * The review queue: a person accepts an item (a case through the video intake channel: class from the
 * algorithm, place from the camera, snapshots as before-photos) or rejects it with a reason. Each human
 * verdict moves its algorithm × camera pair's precision; a pair below the suppression floor is
 * suppressed (an administrator told), a pair above the auto-accept floor is accepted without a person.
 */
import type { User } from '../auth/model.js';
import { authorize, can } from '../auth/policy.js';
import { conflict, notFound } from '../core/errors.js';
import { toShanghaiIso } from '../core/time.js';
import { checkBody } from '../workflow/body.js';
import { ITEM_ACTION_DECLARATIONS } from './actions.js';
import { COUNTS_AS_FALSE, pairKey, pairVerdict, type RejectReason, type ReviewItem } from './model.js';
import type { VideoCore } from './core.js';
import { flushItem, freshItem, inTurn } from './items.js';
import * as repo from './repo.js';

const notFoundItem = (id: string) => notFound('VIDEO_ITEM_NOT_FOUND', '识别事件不存在', 'No such video item', { id });

/** The item if the user may see it (out of scope reads as not found). */
export async function itemFor(core: VideoCore, user: User, id: string, action: 'video.read' | 'video.review' = 'video.read'): Promise<ReviewItem> {
  authorize(user, action);
  const r = await freshItem(core, id);
  if (!r || !can(user, action, { districtCode: r.districtCode, streetCode: r.streetCode }).allowed) throw notFoundItem(id);
  return r;
}

function notAllowed(r: ReviewItem, action: string): Error {
  return conflict('ACTION_NOT_ALLOWED', `该识别事件当前状态不能${ITEM_ACTION_DECLARATIONS[action as 'accept'].zh}`, `${action} is not allowed in state ${r.state}`, { action, state: r.state });
}

function describe(core: VideoCore, r: ReviewItem): string {
  const alg = core.engine.registry.algorithms.get(r.algorithmCode);
  const cam = core.engine.registry.cameras.get(r.cameraCode);
  const cams = r.cameras.length > 1 ? `（另有 ${r.cameras.length - 1} 个摄像头）` : '';
  return `视频识别：${alg?.name ?? r.algorithmCode}｜${cam?.name ?? r.cameraCode}${cams}｜${toShanghaiIso(r.firstAt).slice(0, 16).replace('T', ' ')} 起共抓拍 ${r.sightings} 次，最高置信度 ${Math.round(r.bestConfidence * 100)}%${r.plate ? `｜车牌 ${r.plate}` : ''}`;
}

/** Accepting: the case first (idempotent by the item), then the item's verdict. */
async function acceptAs(core: VideoCore, user: User, id: string, expectedVersion: number | null, auto: boolean): Promise<ReviewItem> {
  const r = await freshItem(core, id);
  if (!r) throw notFoundItem(id);
  if (expectedVersion !== null && r.version !== expectedVersion) throw core.store.spec.errors.conflict(id, expectedVersion, r.version);
  if (r.state !== 'pending') throw notAllowed(r, 'accept');
  const cam = core.engine.registry.cameras.get(r.cameraCode);
  const photos = [...(r.snapshot ? [r.snapshot] : []), ...r.snapshots.filter((s) => s !== r.snapshot)].slice(0, 50);
  const { case: c } = await core.deps.cases.report(user, {
    source: 'video', externalRef: `video:${id}`, lon: r.lon, lat: r.lat, address: cam?.address ?? cam?.name ?? null,
    categoryCode: r.categoryCode, description: describe(core, r), photos,
  });
  const now = core.deps.clock.now();
  const role = auto ? 'system' : authorize(user, 'video.review');
  const next = await inTurn(core.engine.get(id), () => core.store.update(id, r.version, (x) => {
    if (expectedVersion !== null && x.version !== r.version) throw core.store.spec.errors.conflict(id, r.version, x.version);
    if (x.state !== 'pending') throw notAllowed(x, 'accept');
    return {
      next: { ...x, state: 'accepted', caseId: c.id, verdict: 'accepted', verdictNote: null, verdictAt: now, reviewerId: user.id, auto, updatedAt: now },
      drafts: [{ type: 'accepted', actorId: user.id, role, at: now, data: { caseId: c.id, caseCode: c.code, auto } }],
    };
  }));
  const open = core.engine.get(id);
  if (open) {
    open.state = 'accepted';
    open.version = next.version;
  }
  return next;
}

/** 确认立案: a person accepts a pending item. */
export async function accept(core: VideoCore, user: User, id: string, raw: unknown, expectedVersion: number): Promise<ReviewItem> {
  checkBody('accept', ITEM_ACTION_DECLARATIONS.accept, raw);
  const r = await itemFor(core, user, id, 'video.review');
  authorize(user, 'video.review', { districtCode: r.districtCode, streetCode: r.streetCode });
  const before = await core.pairCounts(r.cameraCode, r.algorithmCode);
  const next = await acceptAs(core, user, id, expectedVersion, false);
  before.accepted += 1;
  await judgePair(core, next);
  return next;
}

/** 驳回: false positive, duplicate or not a violation. */
export async function reject(core: VideoCore, user: User, id: string, raw: unknown, expectedVersion: number): Promise<ReviewItem> {
  const body = checkBody<{ reason: RejectReason; note?: string }>('reject', ITEM_ACTION_DECLARATIONS.reject, raw);
  const r = await itemFor(core, user, id, 'video.review');
  const role = authorize(user, 'video.review', { districtCode: r.districtCode, streetCode: r.streetCode });
  const before = await core.pairCounts(r.cameraCode, r.algorithmCode);
  const open = core.engine.get(id);
  if (open) await flushItem(core, open);
  const next = await inTurn(open, () => core.store.update(id, expectedVersion, (x) => {
    if (x.version !== expectedVersion) throw core.store.spec.errors.conflict(id, expectedVersion, x.version);
    if (!ITEM_ACTION_DECLARATIONS.reject.from.includes(x.state)) throw notAllowed(x, 'reject');
    const now = core.deps.clock.now();
    return {
      next: { ...x, state: 'rejected', verdict: body.reason, verdictNote: body.note ?? null, verdictAt: now, reviewerId: user.id, updatedAt: now },
      drafts: [{ type: 'rejected', actorId: user.id, role, at: now, data: { reason: body.reason, note: body.note ?? null } }],
    };
  }));
  core.engine.close(id);
  if (COUNTS_AS_FALSE.has(body.reason)) before.falses += 1;
  await judgePair(core, next);
  return next;
}

/** After a human verdict: suppress the pair when its precision fell below the floor. */
async function judgePair(core: VideoCore, r: ReviewItem): Promise<void> {
  const c = await core.pairCounts(r.cameraCode, r.algorithmCode);
  const reg = core.engine.registry;
  if (pairVerdict(reg.policy, c.accepted, c.falses) !== 'suppress' || reg.suppressed.has(pairKey(r.cameraCode, r.algorithmCode))) return;
  const precision = c.accepted / (c.accepted + c.falses);
  const at = core.deps.clock.now();
  const changed = await repo.changePair(core.deps.db.kysely, {
    camera: r.cameraCode, algorithm: r.algorithmCode, suppressed: true, at, resetCounting: false,
    event: { id: core.deps.ids.next(), type: 'suppressed', actorId: core.system.id, data: { precision, accepted: c.accepted, falses: c.falses, floor: reg.policy.suppressFloor } },
  });
  if (!changed) return;
  core.engine.setRegistry({ ...reg, suppressed: new Set([...reg.suppressed, pairKey(r.cameraCode, r.algorithmCode)]) });
  core.deps.bus.publish([{
    name: 'video.pair_suppressed', id: `${r.cameraCode}.${r.algorithmCode}.${at}`, at,
    data: { camera: r.cameraCode, algorithm: r.algorithmCode, precision, districtCode: r.districtCode, streetCode: r.streetCode },
  }]);
  core.deps.logger.warn({ camera: r.cameraCode, algorithm: r.algorithmCode, precision }, 'video pair suppressed: precision below the floor');
}

/** An administrator lifts a suppression; the pair's precision counts afresh from now. */
export async function restorePair(core: VideoCore, user: User, camera: string, algorithm: string): Promise<void> {
  const cam = core.engine.registry.cameras.get(camera);
  authorize(user, 'video.admin', cam ? { districtCode: cam.districtCode, streetCode: cam.streetCode } : undefined);
  const changed = await repo.changePair(core.deps.db.kysely, {
    camera, algorithm, suppressed: false, at: core.deps.clock.now(), resetCounting: true,
    event: { id: core.deps.ids.next(), type: 'restored', actorId: user.id, data: {} },
  });
  if (!changed) throw notFound('VIDEO_PAIR_NOT_SUPPRESSED', '该摄像头与算法组合未被抑制', 'This camera × algorithm pair is not suppressed', { camera, algorithm });
  await core.reload();
}

/** A pending item whose pair measured above the auto-accept floor becomes a case without a person. */
export async function maybeAutoAccept(core: VideoCore, id: string): Promise<ReviewItem | undefined> {
  const it = core.engine.get(id);
  const reg = core.engine.registry;
  if (!it || it.state !== 'pending' || reg.policy.autoAcceptFloor === null) return undefined;
  const c = await core.pairCounts(it.camera, it.algorithm);
  if (pairVerdict(reg.policy, c.accepted, c.falses) !== 'auto_accept') return undefined;
  return acceptAs(core, core.system, id, null, true);
}
