/**
 * Review items on the workflow kit: created when a tracked violation has dwelt long enough, given the
 * repeats the engine merged as evidence (buffered and written in batches), released to review when
 * the self-correction window ends — or closed as self-corrected — and closed when their case ends.
 */
import { conflict } from '../core/errors.js';
import type { EventDraft } from '../workflow/stream.js';
import type { OpenItem } from './engine.js';
import type { Algorithm, Camera, ReviewItem, Sighting } from './model.js';
import type { VideoCore } from './core.js';
import * as repo from './repo.js';
import { ITEM_STREAM } from './stream.js';

/** Snapshots kept on the projection (the events keep every one). */
const MAX_SNAPSHOTS = 200;
/** A buffered item writes its evidence at once when this many repeats wait. */
export const EVIDENCE_BATCH = 64;

const SYSTEM = { actorId: 'system:video-ai', role: 'system' };

function withSightings(r: ReviewItem, list: readonly Sighting[]): ReviewItem {
  // The frame shown is the most confident sighting that carries a snapshot, with its own box (the two must match).
  let bestConfidence = r.bestConfidence;
  let shown = { confidence: r.snapshot ? r.bestConfidence : -1, box: r.box, snapshot: r.snapshot };
  const snapshots = [...r.snapshots];
  const cameras = [...r.cameras];
  let { lastAt, firstAt, plate } = r;
  for (const s of list) {
    if (s.confidence > bestConfidence) bestConfidence = s.confidence;
    if (s.camera === r.cameraCode && (s.snapshot ? s.confidence > shown.confidence || !shown.snapshot : !shown.snapshot && s.confidence > shown.confidence)) {
      shown = { confidence: s.confidence, box: s.box, snapshot: s.snapshot };
    }
    if (s.snapshot && snapshots.length < MAX_SNAPSHOTS && !snapshots.includes(s.snapshot)) snapshots.push(s.snapshot);
    if (!cameras.includes(s.camera)) cameras.push(s.camera);
    if (s.at > lastAt) lastAt = s.at;
    if (s.at < firstAt) firstAt = s.at;
    plate ??= s.plate;
  }
  return { ...r, sightings: r.sightings + list.length, bestConfidence, box: shown.box, snapshot: shown.snapshot, snapshots, cameras, lastAt, firstAt, plate };
}

const attachmentsOf = (list: readonly Sighting[]) => [...new Set(list.map((s) => s.snapshot).filter((x): x is string => !!x))];

/** The first write of an item: its record and the sightings that made it. */
export async function createItem(core: VideoCore, it: OpenItem, sightings: readonly Sighting[], cam: Camera, alg: Algorithm): Promise<ReviewItem> {
  const now = core.deps.clock.now();
  const first = sightings[0]!;
  const blank: ReviewItem = {
    id: it.id, version: 0, lastHash: '', state: it.state, cameraCode: cam.code, algorithmCode: alg.code, categoryCode: alg.categoryCode,
    districtCode: cam.districtCode, streetCode: cam.streetCode, lon: cam.lon, lat: cam.lat, firstAt: first.at, lastAt: first.at, sightings: 0,
    bestConfidence: -1, box: first.box, snapshot: null, snapshots: [], cameras: [], plate: null,
    watchUntil: it.state === 'watching' ? it.lastAt + alg.selfCorrectSeconds * 1000 : null, caseId: null, verdict: null, verdictNote: null,
    verdictAt: null, reviewerId: null, auto: false, createdAt: now, updatedAt: now,
  };
  const record = withSightings(blank, sightings);
  const created = await core.store.create(null, () => ({
    next: record,
    drafts: [{ type: 'detected', ...SYSTEM, at: now, attachments: attachmentsOf(sightings), data: { camera: cam.code, algorithm: alg.code, categoryCode: alg.categoryCode, state: it.state, watchUntil: record.watchUntil, sightings: [...sightings] } }],
  }));
  if (!created) throw new Error(`video item ${it.id} could not be created`);
  it.created = true;
  it.version = created.version;
  if (it.pending.length) await flushItem(core, it);
  return created;
}

/**
 * Runs one write to an open item after this process's earlier writes to it have settled. Evidence
 * flushes (ingest, the timer, a read), the platform's steps and reviews reach one item at the same
 * time; each names the version this process last wrote, so side by side all but one would be refused
 * as "changed by someone else" (VIDEO_ITEM_VERSION_CONFLICT). One after another, each starts from
 * the version the one before it wrote. Items no longer open in this process have no turn to wait for.
 */
export function inTurn<T>(it: OpenItem | undefined, write: () => Promise<T>): Promise<T> {
  if (!it) return write();
  const turn = (it.writing ?? Promise.resolve()).then(write);
  it.writing = turn.then(() => undefined, () => undefined);
  return turn;
}

/** Writes the repeats waiting on an item as one evidence event. */
export async function flushItem(core: VideoCore, it: OpenItem): Promise<void> {
  if (!it.created || it.pending.length === 0) return;
  await inTurn(it, async () => {
    // Taken in its turn: a flush queued behind another finds what that one left (maybe nothing).
    const batch = it.pending.splice(0);
    if (!batch.length) return;
    try {
      const next = await core.store.update(it.id, it.version ?? 1, (r) => ({
        next: { ...withSightings(r, batch), updatedAt: core.deps.clock.now() },
        drafts: [{ type: 'evidence_added', ...SYSTEM, at: core.deps.clock.now(), attachments: attachmentsOf(batch), data: { sightings: batch } }],
      }));
      it.version = next.version;
    } catch (e) {
      it.pending.unshift(...batch);
      throw e;
    }
  });
}

/** Evidence waits at most this long (wall time) before it is written with the item's other repeats. */
export const EVIDENCE_DELAY_MS = 2000;

/** Writes the waiting evidence: every item's, or (`due`) only where it waited long enough or piled up. */
export async function flushAll(core: VideoCore, due = false): Promise<void> {
  const now = performance.now();
  const waiting = [...core.engine.items()].filter((it) => it.created && it.pending.length > 0
    && (!due || it.pending.length >= EVIDENCE_BATCH / 2 || now - (it.pendingSince ?? 0) >= EVIDENCE_DELAY_MS));
  await Promise.all(waiting.map((it) => flushItem(core, it)));
}

/** Flushes the item's evidence (if this process holds any) and reads it as stored. */
export async function freshItem(core: VideoCore, id: string): Promise<ReviewItem | undefined> {
  const it = core.engine.get(id);
  if (it) await flushItem(core, it);
  return core.store.load(id);
}

/** One guarded step on an item by the platform; refuses when the item is no longer in one of `from`. */
export async function systemStep(core: VideoCore, id: string, from: readonly string[], step: (r: ReviewItem, now: number) => { next: ReviewItem; draft: Omit<EventDraft, 'actorId' | 'role' | 'at'> }): Promise<ReviewItem> {
  const it = core.engine.get(id);
  return inTurn(it, async () => {
    const updated = await core.store.update(id, it?.version ?? 1, (r) => {
      if (!from.includes(r.state)) throw conflict('ACTION_NOT_ALLOWED', '识别事件状态已变化', `The item is ${r.state} now`, { state: r.state });
      const now = core.deps.clock.now();
      const s = step(r, now);
      return { next: { ...s.next, updatedAt: now }, drafts: [{ ...s.draft, ...SYSTEM, at: now }] };
    });
    if (it) it.version = updated.version;
    return updated;
  });
}

/** The platform saw the violation end inside the window: the item closes without a case. */
export async function selfCorrect(core: VideoCore, id: string, why: 'cleared' | 'quiet'): Promise<ReviewItem> {
  const it = core.engine.get(id);
  if (it) await flushItem(core, it);
  const r = await systemStep(core, id, ['watching'], (r) => ({ next: { ...r, state: 'self_corrected' }, draft: { type: 'self_corrected', data: { why, lastAt: r.lastAt } } }));
  core.engine.close(id);
  return r;
}

/**
 * Ends the self-correction windows that are due: a violation still seen in the second half of its
 * window goes to review; one not seen since (or cleared) corrected itself. Returns the items released.
 */
export async function releaseDue(core: VideoCore, now: number): Promise<{ released: string[]; selfCorrected: string[] }> {
  const due = (await repo.itemsDueForRelease(core.deps.db.kysely, now, 500)).map((row) => ITEM_STREAM.rowToRecord(row));
  const released: string[] = [];
  const selfCorrected: string[] = [];
  for (const r of due) {
    const it = core.engine.get(r.id);
    if (it) await flushItem(core, it);
    const lastAt = Math.max(r.lastAt, it?.lastAt ?? 0);
    const alg = core.engine.registry.algorithms.get(r.algorithmCode);
    const span = (alg?.selfCorrectSeconds ?? 0) * 1000;
    try {
      if (lastAt >= r.watchUntil! - span / 2) {
        await systemStep(core, r.id, ['watching'], (x) => ({ next: { ...x, state: 'pending' }, draft: { type: 'released', data: { lastAt } } }));
        if (it) it.state = 'pending';
        released.push(r.id);
      } else {
        await selfCorrect(core, r.id, 'quiet');
        selfCorrected.push(r.id);
      }
    } catch (e) {
      if ((e as { code?: string }).code !== 'ACTION_NOT_ALLOWED') throw e;
    }
  }
  return { released, selfCorrected };
}

/** The item's case ended (closed, rejected, merged): repeats now make a new item. */
export async function caseEnded(core: VideoCore, caseId: string, status: string): Promise<void> {
  const { rows } = await repo.listItems(core.deps.db.kysely, {}, { caseId, states: ['accepted'], limit: 10, offset: 0 });
  for (const row of rows) {
    const id = row.id as string;
    await systemStep(core, id, ['accepted'], (r) => ({ next: { ...r, state: 'closed' }, draft: { type: 'case_closed', data: { caseId, status } } }))
      .catch((e: { code?: string }) => { if (e.code !== 'ACTION_NOT_ALLOWED') throw e; });
    core.engine.close(id);
  }
}

/** Open items back into the engine at start (repeats keep merging into them after a restart). */
export async function loadOpenItems(core: VideoCore): Promise<number> {
  const rows = await repo.openItems(core.deps.db.kysely);
  for (const row of rows) {
    const r = ITEM_STREAM.rowToRecord(row);
    const alg = core.engine.registry.algorithms.get(r.algorithmCode);
    core.engine.upsert({
      id: r.id, camera: r.cameraCode, algorithm: r.algorithmCode, categoryCode: r.categoryCode, lon: r.lon, lat: r.lat, box: r.box, lastAt: r.lastAt,
      dedupMs: (alg?.dedupSeconds ?? 0) * 1000, state: r.state, created: true, pending: [], version: r.version,
    });
  }
  return rows.length;
}
