/**
 * The track store: SQL only. A shift's points live in chunks of delta-encoded points (codec.ts);
 * the shift's row in `patrol_tracks` says which seqs it holds, so an upload sent twice (the app
 * retries a batch whose answer it never got) stores nothing twice. Small chunks (one live point per
 * request) are merged once enough of them gather, so a day's track is a few dozen rows per shift.
 */
import { sql } from 'kysely';
import type { Db, Executor } from '../store/db.js';
import { fromJson, toJson } from '../store/dialect.js';
import { DAY_MS, shanghaiDate, shanghaiMidnight } from '../core/time.js';
import { addSeqs, decodePoints, encodePoints, hasSeq, type SeqRanges, type TrackPoint } from './codec.js';

/** A chunk with at least this many points is left alone by compaction. */
export const SEALED_POINTS = 240;
/** Unsealed chunks of a shift are merged once there are this many. */
export const COMPACT_AT = 24;
export const SLOT_MS = 15 * 60_000;
export const SLOTS_PER_DAY = DAY_MS / SLOT_MS;

/** A located point: the grid it lies in (null outside every grid). */
export interface LocatedPoint extends TrackPoint {
  grid: string | null;
}

export interface IngestOutcome {
  accepted: number;
  duplicates: number;
  points: number;
}

export interface TrackRow {
  shiftId: string;
  inspectorId: string;
  points: number;
  lastAt: number | null;
  lastLon: number | null;
  lastLat: number | null;
  lastGrid: string | null;
  grids: string[];
}

const toBytes = (u: Uint8Array): Buffer => Buffer.from(u.buffer, u.byteOffset, u.byteLength);

/** Shanghai day and 15-minute slot of an instant. */
export function slotOf(at: number): { day: string; slot: number } {
  const day = shanghaiDate(at);
  return { day, slot: Math.floor((at - shanghaiMidnight(day)) / SLOT_MS) };
}

export async function createTrack(db: Executor, shiftId: string, inspectorId: string, now: number): Promise<void> {
  await db.insertInto('patrol_tracks').values({
    shift_id: shiftId, inspector_id: inspectorId, ranges: '[]', points: 0, open_chunks: 0, last_at: null, last_lon: null, last_lat: null,
    last_grid: null, grids: toJson([]), updated_at: now,
  }).onConflict((oc) => oc.column('shift_id').doNothing()).execute();
}

/** Stores the points the shift does not hold yet, in one transaction; the shift's row is locked on PostgreSQL. */
export async function ingest(db: Db, shiftId: string, points: readonly LocatedPoint[], now: number): Promise<IngestOutcome> {
  return db.kysely.transaction().execute(async (tx) => {
    let q = tx.selectFrom('patrol_tracks').selectAll().where('shift_id', '=', shiftId);
    if (db.dialect === 'postgres') q = q.forUpdate();
    const row = await q.executeTakeFirst();
    if (!row) throw new Error(`patrol: no track row for shift ${shiftId}`);
    const ranges = JSON.parse(row.ranges) as SeqRanges;
    const fresh = new Map<number, LocatedPoint>();
    for (const p of points) if (!hasSeq(ranges, p.seq) && !fresh.has(p.seq)) fresh.set(p.seq, p);
    const duplicates = points.length - fresh.size;
    if (fresh.size === 0) return { accepted: 0, duplicates, points: Number(row.points) };

    const news = [...fresh.values()];
    let seqFrom = Infinity;
    let seqTo = -Infinity;
    let tFrom = Infinity;
    let tTo = -Infinity;
    let newest = news[0]!;
    for (const p of news) {
      seqFrom = Math.min(seqFrom, p.seq);
      seqTo = Math.max(seqTo, p.seq);
      tFrom = Math.min(tFrom, p.at);
      tTo = Math.max(tTo, p.at);
      if (p.at > newest.at) newest = p;
    }
    const sealed = news.length >= SEALED_POINTS;
    await tx.insertInto('patrol_track_chunks').values({
      shift_id: shiftId, seq_from: seqFrom, seq_to: seqTo, t_from: tFrom, t_to: tTo, n: news.length, sealed: sealed ? 1 : 0, data: toBytes(encodePoints(news)),
    }).execute();

    const grids = new Set(fromJson<string[]>(row.grids));
    const before = grids.size;
    const visits = new Map<string, { day: string; grid_code: string; slot: number; first_at: number }>();
    for (const p of news) {
      if (!p.grid) continue;
      grids.add(p.grid);
      const { day, slot } = slotOf(p.at);
      const key = `${day}|${p.grid}|${slot}`;
      const v = visits.get(key);
      if (!v || p.at < v.first_at) visits.set(key, { day, grid_code: p.grid, slot, first_at: p.at });
    }
    const lastAt = row.last_at === null ? null : Number(row.last_at);
    const moved = lastAt === null || newest.at >= lastAt;
    let openChunks = Number(row.open_chunks) + (sealed ? 0 : 1);
    if (openChunks >= COMPACT_AT) openChunks = await compact(tx, shiftId);
    await tx.updateTable('patrol_tracks').set({
      ranges: JSON.stringify(addSeqs(ranges, [...fresh.keys()])),
      points: Number(row.points) + news.length,
      open_chunks: openChunks,
      ...(moved ? { last_at: newest.at, last_lon: newest.lon, last_lat: newest.lat, last_grid: newest.grid } : {}),
      ...(grids.size !== before ? { grids: toJson([...grids]) } : {}),
      updated_at: now,
    }).where('shift_id', '=', shiftId).execute();
    if (visits.size) {
      const values = [...visits.values()].map((v) => ({ ...v, inspector_id: row.inspector_id }));
      await tx.insertInto('patrol_visits').values(values).onConflict((oc) => oc.columns(['day', 'grid_code', 'slot']).doNothing()).execute();
    }
    return { accepted: news.length, duplicates, points: Number(row.points) + news.length };
  });
}

/** Merges a shift's unsealed chunks into one; returns how many unsealed chunks remain (0 or 1). */
async function compact(tx: Executor, shiftId: string): Promise<number> {
  const rows = await tx.selectFrom('patrol_track_chunks').select(['seq_from', 'data']).where('shift_id', '=', shiftId).where('sealed', '=', 0).execute();
  if (rows.length < 2) return rows.length;
  const pts: TrackPoint[] = [];
  for (const r of rows) pts.push(...decodePoints(r.data));
  await tx.deleteFrom('patrol_track_chunks').where('shift_id', '=', shiftId).where('sealed', '=', 0).execute();
  let seqFrom = Infinity;
  let seqTo = -Infinity;
  let tFrom = Infinity;
  let tTo = -Infinity;
  for (const p of pts) {
    seqFrom = Math.min(seqFrom, p.seq);
    seqTo = Math.max(seqTo, p.seq);
    tFrom = Math.min(tFrom, p.at);
    tTo = Math.max(tTo, p.at);
  }
  const sealed = pts.length >= SEALED_POINTS;
  await tx.insertInto('patrol_track_chunks').values({
    shift_id: shiftId, seq_from: seqFrom, seq_to: seqTo, t_from: tFrom, t_to: tTo, n: pts.length, sealed: sealed ? 1 : 0, data: toBytes(encodePoints(pts)),
  }).execute();
  return sealed ? 0 : 1;
}

/** At the end of a shift: its small chunks become one (a finished track is a few rows). */
export async function finishTrack(db: Db, shiftId: string): Promise<void> {
  await db.kysely.transaction().execute(async (tx) => {
    const left = await compact(tx, shiftId);
    await tx.updateTable('patrol_tracks').set({ open_chunks: left }).where('shift_id', '=', shiftId).execute();
  });
}

/** Every point of a shift, in seq order. */
export async function pointsOf(db: Executor, shiftId: string): Promise<TrackPoint[]> {
  const rows = await db.selectFrom('patrol_track_chunks').select(['data']).where('shift_id', '=', shiftId).orderBy('seq_from').execute();
  const out: TrackPoint[] = [];
  for (const r of rows) out.push(...decodePoints(r.data));
  return out.sort((a, b) => a.seq - b.seq);
}

export async function trackOf(db: Executor, shiftId: string): Promise<TrackRow | undefined> {
  const r = await db.selectFrom('patrol_tracks').selectAll().where('shift_id', '=', shiftId).executeTakeFirst();
  return r && toTrackRow(r);
}

export async function tracksOf(db: Executor, shiftIds: readonly string[]): Promise<Map<string, TrackRow>> {
  if (shiftIds.length === 0) return new Map();
  const rows = await db.selectFrom('patrol_tracks').selectAll().where('shift_id', 'in', shiftIds).execute();
  return new Map(rows.map((r) => [r.shift_id, toTrackRow(r)]));
}

function toTrackRow(r: { shift_id: string; inspector_id: string; points: number; last_at: number | null; last_lon: number | null; last_lat: number | null; last_grid: string | null; grids: unknown }): TrackRow {
  return {
    shiftId: r.shift_id, inspectorId: r.inspector_id, points: Number(r.points), lastAt: r.last_at === null ? null : Number(r.last_at),
    lastLon: r.last_lon === null ? null : Number(r.last_lon), lastLat: r.last_lat === null ? null : Number(r.last_lat), lastGrid: r.last_grid,
    grids: fromJson<string[]>(r.grids),
  };
}

/** The slots in which each of these grids was visited on a day. */
export async function visitsOn(db: Executor, day: string, grids: readonly string[]): Promise<Map<string, number[]>> {
  const out = new Map<string, number[]>();
  if (grids.length === 0) return out;
  for (let i = 0; i < grids.length; i += 500) {
    const rows = await db.selectFrom('patrol_visits').select(['grid_code', 'slot']).where('day', '=', day).where('grid_code', 'in', grids.slice(i, i + 500)).execute();
    for (const r of rows) {
      const list = out.get(r.grid_code) ?? [];
      list.push(Number(r.slot));
      out.set(r.grid_code, list);
    }
  }
  return out;
}

/** Bytes the track store holds (chunks and visits): what a day of tracks costs. */
export async function storageBytes(db: Db): Promise<{ chunks: number; chunkBytes: number; dataBytes: number; visits: number }> {
  const c = await db.kysely.selectFrom('patrol_track_chunks').select([
    sql<number>`count(*)`.as('n'), sql<number>`coalesce(sum(${sql.raw(db.dialect === 'postgres' ? 'octet_length(data)' : 'length(data)')}), 0)`.as('bytes'),
  ]).executeTakeFirstOrThrow();
  const v = await db.kysely.selectFrom('patrol_visits').select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow();
  return { chunks: Number(c.n), chunkBytes: Number(c.bytes), dataBytes: Number(c.bytes), visits: Number(v.n) };
}
