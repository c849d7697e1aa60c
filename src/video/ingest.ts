/**
 * Detection ingest: `POST /api/v1/video/detections` from a vision platform holding a source key. Each
 * detection of a batch is checked on its own (a bad one is refused with its reasons and counted; the
 * others go on), its inline snapshot stored by SHA-256, and the engine decides: filtered (counted),
 * tracking (dwell), a new item, a repeat merged as evidence, or a cleared violation.
 */
import { createHash } from 'node:crypto';
import { Compile } from 'typebox/compile';
import { badRequest } from '../core/errors.js';
import { parseInstant } from '../core/time.js';
import { sniffMime } from '../files/model.js';
import type { DetectionInput } from './model.js';
import { DetectionSchema, type DetectionWire } from './schemas.js';
import type { VideoCore } from './core.js';
import { EVIDENCE_BATCH, createItem, flushItem, selfCorrect } from './items.js';
import { maybeAutoAccept } from './review.js';

/** Compiled with the first detection, not at every start (≈ 50 ms). */
let compiled: ReturnType<typeof Compile<typeof DetectionSchema>> | undefined;
const checker = () => (compiled ??= Compile(DetectionSchema));
/** Frames stamped further ahead than this are refused (a clock gone wrong on the platform). */
const FUTURE_SLACK_MS = 5 * 60_000;
export const MAX_BATCH = 500;

export interface DetectionResult {
  index: number;
  id: string | null;
  outcome: string;
  itemId: string | null;
  reasons: string[];
}

export interface IngestAnswer {
  received: number;
  accepted: number;
  rejected: number;
  results: DetectionResult[];
}

interface Parsed { d: DetectionInput; bytes: Buffer | null }

const str = (v: unknown): string => (typeof v === 'string' ? v.slice(0, 64) : '');

/** A detection checked against the schema and the platform's rules, or the reasons it is refused (a stored snapshot named by digest is checked by the caller). */
function parse(core: VideoCore, raw: unknown): Parsed | { reasons: string[]; stored?: string } {
  const check = checker();
  if (!check.Check(raw)) {
    const reasons = [...check.Errors(raw)].slice(0, 5).map((e) => `${(e as { instancePath: string }).instancePath || 'detection'} ${(e as { message: string }).message}`);
    return { reasons };
  }
  const w = raw as DetectionWire;
  const reasons: string[] = [];
  const at = parseInstant(w.at);
  if (!Number.isFinite(at)) reasons.push('/at is not a readable instant');
  else if (at > core.deps.clock.now() + FUTURE_SLACK_MS) reasons.push('/at lies in the future');
  for (const [i, b] of w.boxes.entries()) if (b.x + b.w > 1.0001 || b.y + b.h > 1.0001) reasons.push(`/boxes/${i} reaches outside the frame`);
  if (w.snapshotBase64 && w.snapshotSha256) reasons.push('send snapshotBase64 or snapshotSha256, not both');
  let bytes: Buffer | null = null;
  let snapshot: string | null = null;
  if (w.snapshotBase64) {
    bytes = Buffer.from(w.snapshotBase64, 'base64');
    const mime = sniffMime(bytes.subarray(0, 16));
    if (!mime || mime === 'video/mp4') reasons.push('/snapshotBase64 is not a JPEG, PNG or WebP image');
    else if (bytes.length > core.deps.config.maxUploadBytes) reasons.push('/snapshotBase64 is larger than the upload limit');
    else snapshot = createHash('sha256').update(bytes).digest('hex');
  } else if (w.snapshotSha256) {
    snapshot = w.snapshotSha256;
  }
  if (reasons.length) return { reasons };
  return {
    bytes,
    d: {
      ...(w.id ? { id: w.id } : {}), camera: w.camera, algorithm: w.algorithm, at, confidence: w.confidence, boxes: w.boxes, snapshot,
      clip: w.clip ?? null, state: w.state ?? 'active', plate: w.plate ?? null,
    },
  };
}

/** The detections of a body: one, or a batch under `detections`. */
export function detectionsOf(body: unknown): unknown[] {
  if (body !== null && typeof body === 'object' && !Array.isArray(body) && 'detections' in body) {
    const list = (body as { detections: unknown }).detections;
    if (!Array.isArray(list) || list.length === 0) throw badRequest('VALIDATION_FAILED', 'detections 应为非空数组', 'detections must be a non-empty array', [{ in: 'body', field: 'detections', problem: 'must be a non-empty array' }]);
    if (list.length > MAX_BATCH) throw badRequest('VIDEO_BATCH_TOO_LARGE', `每批最多 ${MAX_BATCH} 条识别`, `At most ${MAX_BATCH} detections a batch`, { max: MAX_BATCH });
    return list;
  }
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw badRequest('VALIDATION_FAILED', '请求内容应为一条识别或 {detections: [...]}', 'The body must be one detection or {detections: [...]}');
  return [body];
}

export async function ingest(core: VideoCore, source: { id: string }, body: unknown): Promise<IngestAnswer> {
  const list = detectionsOf(body);
  const results: DetectionResult[] = [];
  const writes: Array<Promise<unknown>> = [];
  const newId = () => core.deps.ids.next();
  let rejected = 0;
  for (let index = 0; index < list.length; index++) {
    const raw = list[index];
    let p = parse(core, raw);
    if (!('reasons' in p) && p.d.snapshot && !p.bytes && !(await core.deps.files.get(p.d.snapshot))) p = { reasons: ['/snapshotSha256 names no stored file'] };
    const rawObj = (raw ?? {}) as { camera?: unknown; algorithm?: unknown; id?: unknown };
    if ('reasons' in p) {
      rejected += 1;
      core.counters.add(str(rawObj.camera), str(rawObj.algorithm), 'invalid');
      results.push({ index, id: typeof rawObj.id === 'string' ? rawObj.id : null, outcome: 'invalid', itemId: null, reasons: p.reasons });
      continue;
    }
    const { d, bytes } = p;
    const dec = core.engine.decide(d, newId);
    core.counters.add(d.camera, d.algorithm, dec.outcome);
    let itemId: string | null = null;
    const keeps = dec.outcome === 'tracking' || dec.outcome === 'new_item' || dec.outcome === 'merged' || dec.outcome === 'cleared';
    if (keeps && bytes) await core.deps.files.saveBuffer(bytes, { uploadedBy: `video-source:${source.id}` });
    if (dec.outcome === 'new_item') {
      itemId = dec.item.id;
      if (dec.sightings.length > 1) core.counters.add(d.camera, d.algorithm, 'promoted', dec.sightings.length - 1);
      const item = dec.item;
      item.ready = createItem(core, item, dec.sightings, dec.camera, dec.algorithm).catch((e: unknown) => {
        core.engine.close(item.id);
        throw e;
      });
      writes.push(item.ready.then(() => (item.state === 'pending' ? maybeAutoAccept(core, item.id) : undefined)));
    } else if (dec.outcome === 'merged') {
      itemId = dec.item.id;
      if (dec.item.created && dec.item.pending.length >= EVIDENCE_BATCH) writes.push(flushItem(core, dec.item));
    } else if (dec.outcome === 'cleared' && dec.item) {
      itemId = dec.item.id;
      if (dec.item.state === 'watching') {
        const it = dec.item;
        writes.push((async () => {
          await it.ready;
          await selfCorrect(core, it.id, 'cleared').catch((e: { code?: string }) => { if (e.code !== 'ACTION_NOT_ALLOWED') throw e; });
        })());
      }
    }
    results.push({ index, id: d.id ?? null, outcome: dec.outcome, itemId, reasons: [] });
  }
  for (const b of core.engine.takeBelowDwell()) core.counters.add(b.camera, b.algorithm, 'below_dwell', b.sightings);
  // Every write of the batch settles before the answer; the first failure is the answer.
  const settled = await Promise.allSettled(writes);
  const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failed) throw failed.reason;
  return { received: list.length, accepted: list.length - rejected, rejected, results };
}
