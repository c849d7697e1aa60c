/** What the console and the bureau read: the queue, an item and its history, precision with trends, arrival counters, notices. */
import type { User } from '../auth/model.js';
import { accessFilter, authorize, type AccessFilter } from '../auth/policy.js';
import { badRequest } from '../core/errors.js';
import { DAY_MS, shanghaiDate, shanghaiMidnight } from '../core/time.js';
import { ITEM_STATES, pairKey, precisionOf, type ItemState, type ReviewItem } from './model.js';
import type { VideoCore } from './core.js';
import { ITEM_STREAM, type ItemEvent } from './stream.js';
import { itemFor } from './review.js';
import * as repo from './repo.js';

/** Figures and the register are read with `video.read` or, for the administrator who keeps the shelf, `video.admin` (items and snapshots need `video.read`). */
export function figuresFilter(user: User): AccessFilter {
  const f = accessFilter(user, 'video.read') ?? accessFilter(user, 'video.admin');
  if (!f) authorize(user, 'video.read');
  return f!;
}

export interface ItemPage { items: ReviewItem[]; total: number; page: number; pageSize: number }

export async function listItems(core: VideoCore, user: User, q: { state?: string; camera?: string; algorithm?: string; caseId?: string; page?: number; pageSize?: number }): Promise<ItemPage> {
  const f = accessFilter(user, 'video.read');
  if (!f) authorize(user, 'video.read');
  const states = q.state ? q.state.split(',') : undefined;
  const bad = states?.filter((s) => !ITEM_STATES.includes(s as ItemState));
  if (bad?.length) throw badRequest('VALIDATION_FAILED', `状态无效：${bad.join('、')}`, `Unknown state: ${bad.join(', ')}`, [{ in: 'query', field: 'state', problem: `one of ${ITEM_STATES.join(', ')}` }]);
  const page = q.page ?? 1;
  const pageSize = q.pageSize ?? 20;
  const { rows, total } = await repo.listItems(core.deps.db.kysely, f ?? {}, {
    ...(states ? { states } : {}), ...(q.camera ? { camera: q.camera } : {}), ...(q.algorithm ? { algorithm: q.algorithm } : {}), ...(q.caseId ? { caseId: q.caseId } : {}),
    limit: pageSize, offset: (page - 1) * pageSize,
  });
  return { items: rows.map((r) => ITEM_STREAM.rowToRecord(r)), total, page, pageSize };
}

export async function itemDetail(core: VideoCore, user: User, id: string): Promise<{ item: ReviewItem; events: ItemEvent[] }> {
  const item = await itemFor(core, user, id);
  return { item, events: await core.store.events(id) };
}

/** Whether the item carries this snapshot (a reviewer sees a snapshot through its item). */
export async function itemSnapshot(core: VideoCore, user: User, id: string, sha256: string): Promise<boolean> {
  const item = await itemFor(core, user, id);
  if (item.snapshots.includes(sha256) || item.snapshot === sha256) return true;
  const events = await core.store.events(id);
  return events.some((e) => e.attachments.includes(sha256));
}

export interface PairPrecision {
  camera: string;
  algorithm: string;
  accepted: number;
  falses: number;
  duplicates: number;
  precision: number | null;
  suppressed: boolean;
  trend: Array<{ day: string; accepted: number; falses: number; precision: number | null }>;
}

/** Precision per algorithm × camera from human verdicts over the last `days` days, with a daily trend; aggregated per algorithm and per camera. */
export async function precisionBoard(core: VideoCore, user: User, days: number) {
  const f = figuresFilter(user);
  const today = shanghaiDate(core.deps.clock.now());
  const since = shanghaiMidnight(today) - (days - 1) * DAY_MS;
  const rows = await repo.verdictsByDay(core.deps.db.kysely, since, f ?? {});
  const pairs = new Map<string, PairPrecision>();
  const suppressed = core.engine.registry.suppressed;
  for (const r of rows) {
    const k = pairKey(r.camera, r.algorithm);
    let p = pairs.get(k);
    if (!p) pairs.set(k, (p = { camera: r.camera, algorithm: r.algorithm, accepted: 0, falses: 0, duplicates: 0, precision: null, suppressed: suppressed.has(k), trend: [] }));
    const day = new Date(r.dayIndex * DAY_MS).toISOString().slice(0, 10);
    let t = p.trend.find((x) => x.day === day);
    if (!t) p.trend.push((t = { day, accepted: 0, falses: 0, precision: null }));
    if (r.verdict === 'accepted') { p.accepted += r.count; t.accepted += r.count; }
    else if (r.verdict === 'false_positive' || r.verdict === 'not_violation') { p.falses += r.count; t.falses += r.count; }
    else if (r.verdict === 'duplicate') p.duplicates += r.count;
  }
  // Suppressed pairs stay on the board even without verdicts in the period.
  for (const k of suppressed) {
    if (pairs.has(k)) continue;
    const [camera, algorithm] = k.split('\u0000') as [string, string];
    const cam = core.engine.registry.cameras.get(camera);
    if (f?.districtCode && cam?.districtCode !== f.districtCode) continue;
    if (f?.streetCode && cam?.streetCode !== f.streetCode) continue;
    pairs.set(k, { camera, algorithm, accepted: 0, falses: 0, duplicates: 0, precision: null, suppressed: true, trend: [] });
  }
  const list = [...pairs.values()];
  for (const p of list) {
    p.precision = precisionOf(p.accepted, p.falses);
    p.trend.sort((a, b) => (a.day < b.day ? -1 : 1));
    for (const t of p.trend) t.precision = precisionOf(t.accepted, t.falses);
  }
  const sum = (key: 'algorithm' | 'camera') => {
    const m = new Map<string, { code: string; accepted: number; falses: number; precision: number | null; suppressedPairs: number }>();
    for (const p of list) {
      const code = p[key];
      const a = m.get(code) ?? { code, accepted: 0, falses: 0, precision: null, suppressedPairs: 0 };
      a.accepted += p.accepted;
      a.falses += p.falses;
      if (p.suppressed) a.suppressedPairs += 1;
      m.set(code, a);
    }
    return [...m.values()].map((a) => ({ ...a, precision: precisionOf(a.accepted, a.falses) })).sort((a, b) => (a.precision ?? 2) - (b.precision ?? 2));
  };
  list.sort((a, b) => (a.precision ?? 2) - (b.precision ?? 2));
  return { since, days, policy: core.engine.registry.policy, pairs: list, algorithms: sum('algorithm'), cameras: sum('camera') };
}

/** Arrival counters over days (Shanghai dates, inclusive) per algorithm and per camera, for cameras in the reader's scope. */
export async function counterBoard(core: VideoCore, user: User, from: string, to: string) {
  const f = figuresFilter(user);
  await core.counters.flush();
  const rows = await repo.counterTotals(core.deps.db.kysely, { from, to });
  const cams = core.engine.registry.cameras;
  const visible = rows.filter((r) => {
    if (!f?.districtCode && !f?.streetCode) return true;
    const c = cams.get(r.camera);
    return !!c && (!f.districtCode || c.districtCode === f.districtCode) && (!f.streetCode || c.streetCode === f.streetCode);
  });
  const totals: Record<string, number> = {};
  const byAlgorithm = new Map<string, Record<string, number>>();
  const byCamera = new Map<string, Record<string, number>>();
  for (const r of visible) {
    totals[r.outcome] = (totals[r.outcome] ?? 0) + r.count;
    const a = byAlgorithm.get(r.algorithm) ?? {};
    a[r.outcome] = (a[r.outcome] ?? 0) + r.count;
    byAlgorithm.set(r.algorithm, a);
    const c = byCamera.get(r.camera) ?? {};
    c[r.outcome] = (c[r.outcome] ?? 0) + r.count;
    byCamera.set(r.camera, c);
  }
  return {
    from, to, totals,
    algorithms: [...byAlgorithm].map(([code, counts]) => ({ code, counts })),
    cameras: [...byCamera].map(([code, counts]) => ({ code, counts })).slice(0, 500),
  };
}

export async function notices(core: VideoCore, user: User, limit: number) {
  const f = figuresFilter(user);
  const cams = core.engine.registry.cameras;
  return (await repo.pairEvents(core.deps.db.kysely, limit * 4)).filter((e) => {
    const c = cams.get(e.camera);
    return (!f?.districtCode || c?.districtCode === f.districtCode) && (!f?.streetCode || c?.streetCode === f.streetCode);
  }).slice(0, limit);
}
