/**
 * The figures of one shift (巡查轨迹指标), from its points: distance walked, time on duty, time
 * stationary, grids visited against grids assigned (coverage), and the anomalies a shift lead looks
 * at — no movement for 30 min, outside the assigned area, a gap in the track. These are the
 * inspector's patrol figures in the post evaluation. Pure: the grid of a point is passed in.
 */
import type { TrackPoint } from './codec.js';

/** A pause of the shift (暂停): from, and to (null while it lasts). */
export interface Pause {
  from: number;
  to: number | null;
}

export type AnomalyKind = 'stationary' | 'outside_area' | 'gap';
export const ANOMALY_NAMES: Record<AnomalyKind, { zh: string; en: string }> = {
  stationary: { zh: '长时间未移动', en: 'No movement' },
  outside_area: { zh: '离开责任网格', en: 'Outside the assigned area' },
  gap: { zh: '轨迹中断', en: 'Gap in the track' },
};

export interface Anomaly {
  kind: AnomalyKind;
  from: number;
  to: number;
  minutes: number;
}

export interface ShiftFigures {
  points: number;
  distanceM: number;
  dutyMs: number;
  stationaryMs: number;
  outsideMs: number;
  gridsVisited: string[];
  gridsAssigned: number;
  gridsCovered: number;
  /** Assigned grids visited / assigned, percent; null without an assignment. */
  coverage: number | null;
  anomalies: Anomaly[];
}

/** Thresholds: a city may tune them; these are the defaults the figures use. */
export interface FigureRules {
  /** Within this radius of where a stop began counts as not moving. */
  stationaryRadiusM: number;
  /** A stop at least this long counts as stationary time. */
  stationaryMinMs: number;
  /** A stop at least this long is an anomaly (no movement for 30 min). */
  stationaryAlarmMs: number;
  /** Outside the assigned grids at least this long is an anomaly. */
  outsideAlarmMs: number;
  /** No point for this long while on duty (not paused) is a gap. */
  gapMs: number;
  /** A segment faster than this is a GPS jump, not walked. */
  maxSpeedMps: number;
}

export const DEFAULT_RULES: FigureRules = {
  stationaryRadiusM: 30,
  stationaryMinMs: 3 * 60_000,
  stationaryAlarmMs: 30 * 60_000,
  outsideAlarmMs: 10 * 60_000,
  gapMs: 5 * 60_000,
  maxSpeedMps: 40,
};

const R = 6_371_008.8;
const rad = (d: number): number => (d * Math.PI) / 180;

/** Great-circle distance in metres. */
export function distanceM(lon1: number, lat1: number, lon2: number, lat2: number): number {
  const dLat = rad(lat2 - lat1);
  const dLon = rad(lon2 - lon1);
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(rad(lat1)) * Math.cos(rad(lat2)) * Math.sin(dLon / 2) ** 2;
  return 2 * R * Math.asin(Math.min(1, Math.sqrt(a)));
}

/** Time inside [from, to) that no pause covers. */
export function unpausedMs(from: number, to: number, pauses: readonly Pause[], now: number): number {
  let ms = Math.max(0, to - from);
  for (const p of pauses) {
    const a = Math.max(from, p.from);
    const b = Math.min(to, p.to ?? now);
    if (b > a) ms -= b - a;
  }
  return ms;
}

/** Points in time order (a batch uploaded late still sorts into place), one per seq. */
export function orderTrack(points: readonly TrackPoint[]): TrackPoint[] {
  return [...points].sort((a, b) => a.at - b.at || a.seq - b.seq);
}

export function shiftFigures(o: {
  points: readonly TrackPoint[];
  startedAt: number;
  endedAt: number | null;
  pauses: readonly Pause[];
  assigned: readonly string[];
  gridOf(p: TrackPoint): string | null;
  now: number;
  rules?: FigureRules;
}): ShiftFigures {
  const rules = o.rules ?? DEFAULT_RULES;
  const pts = orderTrack(o.points);
  const end = o.endedAt ?? o.now;
  const assigned = new Set(o.assigned);
  const visited = new Set<string>();
  const anomalies: Anomaly[] = [];
  const push = (kind: AnomalyKind, from: number, to: number) => anomalies.push({ kind, from, to, minutes: Math.round((to - from) / 60_000) });

  let distance = 0;
  let stationaryMs = 0;
  let outsideMs = 0;
  // A stop: the point where it began and the time of the last point still within the radius.
  let anchor: TrackPoint | null = null;
  let stopEnd = 0;
  let outsideFrom: number | null = null;
  let outsideLast = 0;

  const closeStop = () => {
    if (!anchor) return;
    const ms = stopEnd - anchor.at;
    if (ms >= rules.stationaryMinMs) stationaryMs += ms;
    if (ms >= rules.stationaryAlarmMs) push('stationary', anchor.at, stopEnd);
  };
  const closeOutside = () => {
    if (outsideFrom === null) return;
    const ms = outsideLast - outsideFrom;
    outsideMs += ms;
    if (ms >= rules.outsideAlarmMs) push('outside_area', outsideFrom, outsideLast);
    outsideFrom = null;
  };

  for (let i = 0; i < pts.length; i++) {
    const p = pts[i]!;
    const grid = o.gridOf(p);
    if (grid) visited.add(grid);
    const prev = i > 0 ? pts[i - 1]! : null;
    if (prev) {
      const dt = p.at - prev.at;
      const d = distanceM(prev.lon, prev.lat, p.lon, p.lat);
      if (dt > 0 && d / (dt / 1000) <= rules.maxSpeedMps) distance += d;
      if (unpausedMs(prev.at, p.at, o.pauses, o.now) >= rules.gapMs) {
        push('gap', prev.at, p.at);
        closeStop();
        anchor = null;
        closeOutside();
      }
    }
    if (anchor && distanceM(anchor.lon, anchor.lat, p.lon, p.lat) <= rules.stationaryRadiusM) {
      stopEnd = p.at;
    } else {
      closeStop();
      anchor = p;
      stopEnd = p.at;
    }
    if (assigned.size > 0 && (!grid || !assigned.has(grid))) {
      if (outsideFrom === null) outsideFrom = p.at;
      outsideLast = p.at;
    } else if (outsideFrom !== null) {
      outsideLast = p.at;
      closeOutside();
    }
  }
  closeStop();
  closeOutside();
  // A track that stops while the shift goes on is a gap too (the phone went silent).
  const last = pts[pts.length - 1];
  const tailFrom = last ? last.at : o.startedAt;
  if (unpausedMs(tailFrom, end, o.pauses, o.now) >= rules.gapMs) push('gap', tailFrom, end);

  let covered = 0;
  for (const g of assigned) if (visited.has(g)) covered += 1;
  anomalies.sort((a, b) => a.from - b.from);
  return {
    points: pts.length,
    distanceM: Math.round(distance),
    dutyMs: unpausedMs(o.startedAt, end, o.pauses, o.now),
    stationaryMs,
    outsideMs,
    gridsVisited: [...visited].sort(),
    gridsAssigned: assigned.size,
    gridsCovered: covered,
    coverage: assigned.size ? Math.round((covered / assigned.size) * 1000) / 10 : null,
    anomalies,
  };
}
