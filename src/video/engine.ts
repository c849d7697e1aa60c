/**
 * The hot path of video intake, in memory: every detection is checked against the shelf and the
 * camera register (known, enabled, online, in schedule, confident enough, inside its region, pair not
 * suppressed), then either merged into an open item (same camera and algorithm with an overlapping box
 * within the de-duplication window, or the same class within the radius across cameras), or tracked
 * until it has dwelt long enough to become a new item. No I/O: the service persists what this decides
 * (new items, buffered evidence, counters) and tells it about items that close.
 */
import {
  SAME_OBJECT_OVERLAP, TRACK_GAP_MS, distanceM, inSchedule, insideRoi, overlap, pairKey,
  type Algorithm, type Box, type Camera, type DetectionInput, type ItemState, type Outcome, type Sighting, type VideoPolicy,
} from './model.js';

/** An item the engine still merges repeats into. `pending` is the evidence not yet written. */
export interface OpenItem {
  id: string;
  camera: string;
  algorithm: string;
  categoryCode: string;
  lon: number;
  lat: number;
  box: Box;
  lastAt: number;
  dedupMs: number;
  state: ItemState;
  /** False until the item's first write committed (repeats wait in `pending`). */
  created: boolean;
  pending: Sighting[];
  /** When (monotonic ms) the oldest pending sighting arrived: evidence is written in batches, a few seconds late at most. */
  pendingSince?: number;
  /** Settles when the item's first write committed. */
  ready?: Promise<unknown>;
  /** The version this process last wrote (saves a read on the next write). */
  version?: number;
  /** Settles when this process's last write to the item settled: its writes go one after another (items.ts `inTurn`). */
  writing?: Promise<void>;
}

interface Track {
  box: Box;
  firstAt: number;
  lastAt: number;
  sightings: Sighting[];
}

export type EngineDecision =
  | { outcome: Exclude<Outcome, 'tracking' | 'new_item' | 'merged' | 'cleared'> }
  | { outcome: 'tracking' }
  | { outcome: 'new_item'; item: OpenItem; sightings: Sighting[]; camera: Camera; algorithm: Algorithm }
  | { outcome: 'merged'; item: OpenItem }
  | { outcome: 'cleared'; item: OpenItem | null };

export interface Registry {
  algorithms: ReadonlyMap<string, Algorithm>;
  cameras: ReadonlyMap<string, Camera>;
  /** Suppressed pairs (pairKey). */
  suppressed: ReadonlySet<string>;
  policy: VideoPolicy;
}

/** Expired tracks, per pair: how many sightings never reached the dwell time. */
export type BelowDwell = Array<{ camera: string; algorithm: string; sightings: number }>;

export interface Engine {
  decide(d: DetectionInput, newId: () => string): EngineDecision;
  /** Tracks quiet since before `now - gap` are dropped; their sightings are counted below_dwell. */
  expire(now: number): BelowDwell;
  /** Drain `expire`'s leftovers collected while deciding. */
  takeBelowDwell(): BelowDwell;
  /** An item persisted elsewhere (loaded at start) or moved to another state. */
  upsert(item: OpenItem): void;
  /** The item no longer takes repeats (rejected, self-corrected, its case closed). */
  close(id: string): OpenItem | undefined;
  get(id: string): OpenItem | undefined;
  items(): IterableIterator<OpenItem>;
  setRegistry(r: Registry): void;
  readonly registry: Registry;
  stats(): { tracks: number; openItems: number };
}

const CELL_M = 100;
const cellOf = (lon: number, lat: number): [number, number] => [Math.floor((lon * 111_320 * Math.cos((lat * Math.PI) / 180)) / CELL_M), Math.floor((lat * 111_320) / CELL_M)];

function sightingOf(d: DetectionInput, box: Box): Sighting {
  return { at: d.at, camera: d.camera, confidence: d.confidence, box, snapshot: d.snapshot, clip: d.clip, ref: d.id ?? null, plate: d.plate };
}

export function createEngine(initial: Registry): Engine {
  let reg = initial;
  const tracks = new Map<string, Track[]>();
  const byPair = new Map<string, OpenItem[]>();
  const byCell = new Map<string, OpenItem[]>();
  const byId = new Map<string, OpenItem>();
  let belowDwell: BelowDwell = [];

  const cellKey = (category: string, cx: number, cy: number) => `${category}|${cx}|${cy}`;
  const remove = (list: OpenItem[] | undefined, it: OpenItem) => {
    if (!list) return;
    const i = list.indexOf(it);
    if (i >= 0) list.splice(i, 1);
  };

  function index(it: OpenItem): void {
    const pk = pairKey(it.camera, it.algorithm);
    let l = byPair.get(pk);
    if (!l) byPair.set(pk, (l = []));
    l.push(it);
    const [cx, cy] = cellOf(it.lon, it.lat);
    const ck = cellKey(it.categoryCode, cx, cy);
    let c = byCell.get(ck);
    if (!c) byCell.set(ck, (c = []));
    c.push(it);
    byId.set(it.id, it);
  }

  function unindex(it: OpenItem): void {
    remove(byPair.get(pairKey(it.camera, it.algorithm)), it);
    const [cx, cy] = cellOf(it.lon, it.lat);
    remove(byCell.get(cellKey(it.categoryCode, cx, cy)), it);
    byId.delete(it.id);
  }

  /** The open item this sighting repeats: same pair and overlapping box, else same class nearby; within the window. */
  function match(cam: Camera, alg: Algorithm, box: Box, at: number): OpenItem | undefined {
    const inWindow = (it: OpenItem) => at <= it.lastAt + it.dedupMs && at >= it.lastAt - it.dedupMs;
    for (const it of byPair.get(pairKey(cam.code, alg.code)) ?? []) {
      if (inWindow(it) && overlap(it.box, box) >= SAME_OBJECT_OVERLAP) return it;
    }
    const [cx, cy] = cellOf(cam.lon, cam.lat);
    const reach = Math.max(1, Math.ceil(reg.policy.radiusM / CELL_M));
    for (let dx = -reach; dx <= reach; dx++) {
      for (let dy = -reach; dy <= reach; dy++) {
        for (const it of byCell.get(cellKey(alg.categoryCode, cx + dx, cy + dy)) ?? []) {
          if (it.camera === cam.code || !inWindow(it)) continue;
          if (distanceM(it.lon, it.lat, cam.lon, cam.lat) <= reg.policy.radiusM) return it;
        }
      }
    }
    return undefined;
  }

  function pruneTracks(pk: string, list: Track[], now: number): Track[] {
    const kept: Track[] = [];
    for (const t of list) {
      if (t.lastAt >= now - TRACK_GAP_MS) kept.push(t);
      else {
        const [camera, algorithm] = pk.split('\u0000') as [string, string];
        belowDwell.push({ camera, algorithm, sightings: t.sightings.length });
      }
    }
    if (kept.length) tracks.set(pk, kept);
    else tracks.delete(pk);
    return kept;
  }

  function decide(d: DetectionInput, newId: () => string): EngineDecision {
    const cam = reg.cameras.get(d.camera);
    if (!cam) return { outcome: 'unknown_camera' };
    const alg = reg.algorithms.get(d.algorithm);
    if (!alg || !alg.enabled) return { outcome: 'unknown_algorithm' };
    const binding = cam.algorithms.find((b) => b.code === alg.code);
    if (!binding) return { outcome: 'not_enabled' };
    if (!cam.online) return { outcome: 'offline' };
    if (!inSchedule(binding.schedule ?? alg.defaultSchedule, d.at)) return { outcome: 'outside_schedule' };
    if (d.confidence < (binding.minConfidence ?? alg.minConfidence)) return { outcome: 'low_confidence' };
    const box = d.boxes.find((b) => insideRoi(alg.roiPolicy, cam.rois, alg.code, b));
    if (!box) return { outcome: 'outside_roi' };
    const pk = pairKey(cam.code, alg.code);
    if (reg.suppressed.has(pk)) return { outcome: 'suppressed' };

    const s = sightingOf(d, box);
    const it = match(cam, alg, box, d.at);
    if (d.state === 'cleared') {
      // The platform saw the violation end: a tracked object leaves; an item in its window corrects itself.
      const list = tracks.get(pk);
      if (list) {
        const t = list.find((x) => overlap(x.box, box) >= SAME_OBJECT_OVERLAP);
        if (t) {
          list.splice(list.indexOf(t), 1);
          belowDwell.push({ camera: cam.code, algorithm: alg.code, sightings: t.sightings.length });
        }
      }
      return { outcome: 'cleared', item: it && it.camera === cam.code ? it : null };
    }
    if (it) {
      if (it.pending.length === 0) it.pendingSince = performance.now();
      it.pending.push(s);
      if (it.camera === cam.code) it.box = box;
      if (d.at > it.lastAt) it.lastAt = d.at;
      return { outcome: 'merged', item: it };
    }

    const list = pruneTracks(pk, tracks.get(pk) ?? [], d.at);
    let t = list.find((x) => overlap(x.box, box) >= SAME_OBJECT_OVERLAP);
    if (!t) {
      t = { box, firstAt: d.at, lastAt: d.at, sightings: [] };
      list.push(t);
      tracks.set(pk, list);
    }
    t.sightings.push(s);
    t.box = box;
    t.lastAt = Math.max(t.lastAt, d.at);
    t.firstAt = Math.min(t.firstAt, d.at);
    if (t.lastAt - t.firstAt < alg.dwellSeconds * 1000) return { outcome: 'tracking' };

    list.splice(list.indexOf(t), 1);
    if (list.length === 0) tracks.delete(pk);
    const item: OpenItem = {
      id: newId(), camera: cam.code, algorithm: alg.code, categoryCode: alg.categoryCode, lon: cam.lon, lat: cam.lat, box,
      lastAt: t.lastAt, dedupMs: alg.dedupSeconds * 1000, state: alg.selfCorrectSeconds > 0 ? 'watching' : 'pending', created: false, pending: [],
    };
    index(item);
    return { outcome: 'new_item', item, sightings: t.sightings, camera: cam, algorithm: alg };
  }

  return {
    decide,
    expire(now) {
      for (const [pk, list] of [...tracks]) pruneTracks(pk, list, now);
      return this.takeBelowDwell();
    },
    takeBelowDwell() {
      const out = belowDwell;
      belowDwell = [];
      return out;
    },
    upsert(item) {
      const known = byId.get(item.id);
      if (known) {
        known.state = item.state;
        return;
      }
      index(item);
    },
    close(id) {
      const it = byId.get(id);
      if (it) unindex(it);
      return it;
    },
    get: (id) => byId.get(id),
    items: () => byId.values(),
    setRegistry(r) {
      reg = r;
    },
    get registry() {
      return reg;
    },
    stats: () => ({ tracks: [...tracks.values()].reduce((n, l) => n + l.length, 0), openItems: byId.size }),
  };
}
