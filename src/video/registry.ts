/**
 * The algorithm shelf, the camera register (with its art. 41 review), the sources that post detections
 * and the intake policy: administration use cases. Every write reloads the engine's snapshot.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { User } from '../auth/model.js';
import { CITY_WIDE, accessFilter, authorize, can } from '../auth/policy.js';
import { badRequest, notFound, unauthorized, unprocessable } from '../core/errors.js';
import { putSetting } from '../store/settings.js';
import { checkBody } from '../workflow/body.js';
import { EMPTY_REVIEW, reviewPassed, type Algorithm, type Art41Review, type Camera, type VideoPolicy } from './model.js';
import { AlgorithmInput, CameraInput, PolicyInput, ReviewInput, type AlgorithmInputT, type CameraInputT } from './schemas.js';
import { POLICY_KEY, loadPolicy, type VideoCore } from './core.js';
import type { CameraRow } from './camera-sheet.js';
import * as repo from './repo.js';
import { importRefused, type RowError } from '../core/sheet-table.js';

export const CODE_PATTERN = /^[A-Za-z0-9_.-]{1,64}$/;
const codeOk = (kind: string, code: string) => {
  if (!CODE_PATTERN.test(code)) throw badRequest('VIDEO_CODE_INVALID', `${kind}编码只能由字母、数字、点、横线和下划线组成（1–64 位）`, `A ${kind} code is 1–64 letters, digits, dots, dashes or underscores`, { code });
};

export async function putAlgorithm(core: VideoCore, user: User, code: string, raw: unknown): Promise<Algorithm> {
  authorize(user, 'video.admin', CITY_WIDE);
  codeOk('算法', code);
  const b = checkBody<AlgorithmInputT>('algorithm', { zh: '算法', body: AlgorithmInput }, raw);
  await core.deps.cases.ports.categoryName(b.categoryCode);
  const a: Algorithm = { code, ...b, defaultSchedule: b.defaultSchedule ?? [], updatedAt: core.deps.clock.now() };
  await repo.upsertAlgorithm(core.deps.db.kysely, a);
  await core.reload();
  return a;
}

/** A camera from its input: the place resolved to the grid, its algorithms and regions checked against the shelf. */
export function cameraOf(core: VideoCore, code: string, b: CameraInputT, review: Art41Review, now: number): Camera {
  const at = core.deps.geo.locate(b.lon, b.lat, 'wgs84');
  const shelf = core.engine.registry.algorithms;
  const unknown = [...(b.algorithms ?? []).map((x) => x.code), ...(b.rois ?? []).flatMap((r) => r.algorithms ?? [])].filter((c) => !shelf.has(c));
  if (unknown.length) {
    throw unprocessable('VIDEO_ALGORITHM_UNKNOWN', `算法仓中没有这些算法：${[...new Set(unknown)].join('、')}`, `Not on the algorithm shelf: ${[...new Set(unknown)].join(', ')}`, { unknown });
  }
  const seen = new Set<string>();
  for (const x of b.algorithms ?? []) {
    if (seen.has(x.code)) throw unprocessable('VIDEO_ALGORITHM_TWICE', `算法 ${x.code} 启用了两次`, `Algorithm ${x.code} is enabled twice`, { code: x.code });
    seen.add(x.code);
  }
  return {
    code, name: b.name, owner: b.owner, lon: at.point.lon, lat: at.point.lat, address: b.address ?? null, direction: b.direction ?? null,
    gridCode: at.grid.code, streetCode: at.street.code, districtCode: at.district.code,
    algorithms: (b.algorithms ?? []).map((x) => ({ code: x.code, schedule: x.schedule ?? null, minConfidence: x.minConfidence ?? null })),
    rois: (b.rois ?? []).map((r) => ({ name: r.name, points: r.points as Array<[number, number]>, algorithms: r.algorithms ?? [] })),
    online: b.online ?? true, review, reviewPassed: reviewPassed(review), updatedAt: now,
  };
}

export async function putCamera(core: VideoCore, user: User, code: string, raw: unknown): Promise<Camera> {
  authorize(user, 'video.admin');
  codeOk('摄像头', code);
  const b = checkBody<CameraInputT>('camera', { zh: '摄像头', body: CameraInput }, raw);
  const existing = core.engine.registry.cameras.get(code);
  const cam = cameraOf(core, code, b, existing?.review ?? EMPTY_REVIEW, core.deps.clock.now());
  authorize(user, 'video.admin', { districtCode: cam.districtCode, streetCode: cam.streetCode });
  if (existing) authorize(user, 'video.admin', { districtCode: existing.districtCode, streetCode: existing.streetCode });
  await repo.upsertCameras(core.deps.db.kysely, [cam]);
  await core.reload();
  return cam;
}

/** The art. 41 record: both reviews, the sign photo, the published location. */
export async function putReview(core: VideoCore, user: User, code: string, raw: unknown): Promise<Camera> {
  authorize(user, 'video.admin');
  const cam = cameraFor(core, user, code, 'video.admin');
  const review = checkBody<Art41Review>('review', { zh: '审核记录', body: ReviewInput }, raw);
  if (review.signPhoto) await core.deps.files.requireAll([review.signPhoto]);
  const next: Camera = { ...cam, review, reviewPassed: reviewPassed(review), updatedAt: core.deps.clock.now() };
  await repo.upsertCameras(core.deps.db.kysely, [next]);
  await core.reload();
  return next;
}

/**
 * The register from a file (parsed by camera-sheet.ts): every row checked against the shelf, the map,
 * the administrator's area and the stored sign photos; one bad row imports nothing (422 with the rows).
 */
export async function importCameras(core: VideoCore, user: User, rows: readonly CameraRow[], rowOf: readonly number[]): Promise<{ created: string[]; updated: string[] }> {
  authorize(user, 'video.admin');
  const now = core.deps.clock.now();
  const errors: RowError[] = [];
  const fail = (row: number, column: string, zh: string, en: string) => errors.push({ row, column, message: `第${row}行：${zh}`, messageEn: `row ${row}: ${en}` });
  const out: Camera[] = [];
  for (const [i, r] of rows.entries()) {
    const row = rowOf[i]!;
    const existing = core.engine.registry.cameras.get(r.code);
    const review = r.review ?? existing?.review ?? EMPTY_REVIEW;
    let cam: Camera;
    try {
      cam = cameraOf(core, r.code, r.input, review, now);
    } catch (e) {
      const err = e as { code?: string; messageZh?: string; messageEn?: string; message: string };
      fail(row, err.code?.startsWith('VIDEO_ALGORITHM') ? '启用算法' : '经度', err.messageZh ?? err.message, err.messageEn ?? err.message);
      continue;
    }
    const inArea = (c: { districtCode: string; streetCode: string }) => can(user, 'video.admin', { districtCode: c.districtCode, streetCode: c.streetCode }).allowed;
    if (!inArea(cam) || (existing && !inArea(existing))) {
      fail(row, '摄像头编号', `摄像头 ${r.code} 不在您的管辖范围内`, `camera ${r.code} is outside your area`);
      continue;
    }
    if (r.review?.signPhoto) {
      try {
        await core.deps.files.requireAll([r.review.signPhoto]);
      } catch {
        fail(row, '标识照片', '标识照片未上传（按 SHA-256 找不到该文件）', 'the sign photo was not uploaded (no file with that SHA-256)');
        continue;
      }
    }
    out.push(cam);
  }
  if (errors.length) throw importRefused('VIDEO_CAMERA_IMPORT_INVALID', errors, { zh: '摄像头', en: 'cameras' });
  const before = core.engine.registry.cameras;
  await repo.upsertCameras(core.deps.db.kysely, out);
  await core.reload();
  return { created: out.filter((c) => !before.has(c.code)).map((c) => c.code), updated: out.filter((c) => before.has(c.code)).map((c) => c.code) };
}

/** A camera the user may see (out of scope reads as not found). */
export function cameraFor(core: VideoCore, user: User, code: string, action: 'video.read' | 'video.admin' = 'video.read'): Camera {
  const cam = core.engine.registry.cameras.get(code);
  const at = cam ? { districtCode: cam.districtCode, streetCode: cam.streetCode } : undefined;
  if (!cam || !(can(user, action, at).allowed || (action === 'video.read' && can(user, 'video.admin', at).allowed))) {
    throw notFound('VIDEO_CAMERA_NOT_FOUND', '摄像头不存在', 'No such camera', { code });
  }
  return cam;
}

export function listCameras(core: VideoCore, user: User): Camera[] {
  const f = accessFilter(user, 'video.read') ?? accessFilter(user, 'video.admin');
  if (!f) authorize(user, 'video.read');
  const out: Camera[] = [];
  for (const c of core.engine.registry.cameras.values()) {
    if (f?.districtCode && c.districtCode !== f.districtCode) continue;
    if (f?.streetCode && c.streetCode !== f.streetCode) continue;
    out.push(c);
  }
  return out.sort((a, b) => (a.code < b.code ? -1 : 1));
}

/** What the public may know (行政处罚法 art. 41): where the reviewed cameras are, by their published location. */
export function publicCameras(core: VideoCore): Array<{ code: string; location: string; lon: number; lat: number; districtCode: string; reviewedOn: string | null }> {
  return [...core.engine.registry.cameras.values()].filter((c) => c.reviewPassed).map((c) => ({
    code: c.code, location: c.review.publishedLocation ?? '', lon: c.lon, lat: c.lat, districtCode: c.districtCode,
    reviewedOn: [c.review.legalReviewDate, c.review.technicalReviewDate].sort().at(-1) ?? null,
  })).sort((a, b) => (a.code < b.code ? -1 : 1));
}

// --- sources: who may post detections -----------------------------------------------------------

const hashKey = (key: string) => createHash('sha256').update(key).digest('hex');

export async function createSource(core: VideoCore, user: User, name: string): Promise<{ id: string; name: string; apiKey: string }> {
  authorize(user, 'video.admin', CITY_WIDE);
  const trimmed = name.trim();
  if (!trimmed || trimmed.length > 60) throw unprocessable('NAME_REQUIRED', '请填写接入方名称（1–60 字）', 'Give the source a name (1–60 characters)', { field: 'name' });
  const apiKey = `vk_${randomBytes(24).toString('base64url')}`;
  const id = core.deps.ids.next();
  await repo.insertSource(core.deps.db.kysely, { id, name: trimmed, keyHash: hashKey(apiKey), createdBy: user.id, at: core.deps.clock.now() });
  return { id, name: trimmed, apiKey };
}

export function createSourceAuth(core: VideoCore) {
  const cache = new Map<string, { id: string; name: string; until: number } | null>();
  return {
    /** The active source holding this key, or a 401 that names no detail. */
    async authenticate(key: string | undefined): Promise<{ id: string; name: string }> {
      if (!key) throw unauthorized('VIDEO_KEY_REQUIRED', '请在 X-Api-Key 中提供接入密钥', 'Send the source’s API key in X-Api-Key');
      const h = hashKey(key);
      const now = core.deps.clock.now();
      let hit = cache.get(h);
      if (hit === undefined || (hit && hit.until < now)) {
        const row = await repo.sourceByKeyHash(core.deps.db.kysely, h);
        hit = row && row.active ? { id: row.id, name: row.name, until: now + 10_000 } : null;
        if (hit) cache.set(h, hit);
      }
      if (!hit) throw unauthorized('VIDEO_KEY_INVALID', '接入密钥无效或已停用', 'The API key is not valid or was disabled');
      return { id: hit.id, name: hit.name };
    },
    forget: () => cache.clear(),
  };
}

export async function setPolicy(core: VideoCore, user: User, raw: unknown): Promise<VideoPolicy> {
  authorize(user, 'video.admin', CITY_WIDE);
  const b = checkBody<Omit<VideoPolicy, 'autoAcceptFloor'> & { autoAcceptFloor?: number | null }>('policy', { zh: '识别策略', body: PolicyInput }, raw);
  const p: VideoPolicy = { ...b, autoAcceptFloor: b.autoAcceptFloor ?? null };
  if (p.autoAcceptFloor !== null && p.autoAcceptFloor <= p.suppressFloor) {
    throw unprocessable('VIDEO_POLICY_FLOORS', '自动受理下限应高于自动抑制下限', 'The auto-accept floor must be above the suppression floor');
  }
  await putSetting(core.deps.db.kysely, POLICY_KEY, p, core.deps.clock.now());
  await core.reload();
  return loadPolicy(core.deps);
}
