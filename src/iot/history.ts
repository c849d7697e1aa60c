/**
 * History reads: a device's series from the per-minute aggregates (count, min, max, mean, and Leq
 * for sound levels — an energy average, never an arithmetic mean) at any step of whole minutes, and a
 * day's noise compliance per site (minutes whose Leq is over the limit, day and night) for ranking
 * the worst sites (推差).
 */
import type { Executor } from '../store/db.js';
import { SHANGHAI_OFFSET_MS } from '../core/time.js';
import { shanghaiMidnight } from '../core/time.js';
import { levelOf } from './evaluate.js';
import type { Device } from './model.js';
import { noiseLimits } from './packs.js';
import * as repo from './repo.js';

/** Readings that are sound levels in dB(A): averaged as energy. */
export const LEVEL_KEYS: ReadonlySet<string> = new Set(['laeq', 'lmax', 'lmin', 'la']);

export interface SeriesPoint { at: number; count: number; min: number; max: number; mean: number }
export interface SeriesAnswer { deviceId: string; from: number; to: number; stepMinutes: number; series: Record<string, SeriesPoint[]> }

/**
 * Buckets are whole minutes on the city's clock: a step of 60 starts on the hour, 1440 at Shanghai
 * midnight. `from` is taken down to its minute (the minute it falls in is counted whole), `to` is
 * exclusive.
 */
export async function seriesOf(db: Executor, deviceId: string, from: number, to: number, stepMinutes: number): Promise<SeriesAnswer> {
  const first = from - (((from % 60_000) + 60_000) % 60_000);
  const rows = await repo.minutes(db, deviceId, first, to);
  const step = stepMinutes * 60_000;
  const buckets = new Map<string, Map<number, { count: number; min: number; max: number; sum: number; energy: number }>>();
  for (const r of rows) {
    const at = r.minute - ((((r.minute + SHANGHAI_OFFSET_MS) % step) + step) % step);
    const byKey = buckets.get(r.key) ?? new Map();
    buckets.set(r.key, byKey);
    const b = byKey.get(at);
    if (!b) byKey.set(at, { count: r.count, min: r.min, max: r.max, sum: r.sum, energy: r.energy });
    else {
      b.count += r.count;
      b.min = Math.min(b.min, r.min);
      b.max = Math.max(b.max, r.max);
      b.sum += r.sum;
      b.energy += r.energy;
    }
  }
  const series: Record<string, SeriesPoint[]> = {};
  for (const [key, byKey] of buckets) {
    series[key] = [...byKey.entries()].sort((a, b) => a[0] - b[0]).map(([at, b]) => ({
      at, count: b.count, min: b.min, max: b.max, mean: LEVEL_KEYS.has(key) ? round(levelOf(b.energy / b.count)) : round(b.sum / b.count),
    }));
  }
  return { deviceId, from: first, to, stepMinutes, series };
}

const round = (x: number) => Math.round(x * 100) / 100;

export interface ComplianceRow {
  deviceId: string; name: string; ownerKind: string; ownerId: string; ownerName: string; districtCode: string | null; streetCode: string | null;
  dayLimit: number; nightLimit: number; dayMinutes: number; nightMinutes: number; dayOver: number; nightOver: number; worstLeq: number | null;
}

/** A day's compliance of noise devices (Shanghai date; night from the city's night start, 8 hours), worst first. */
export async function dailyCompliance(db: Executor, devices: readonly Device[], date: string, nightStartMinute: number): Promise<ComplianceRow[]> {
  const from = shanghaiMidnight(date);
  const rows = await repo.minutesOfType(db, 'noise', 'laeq', from, from + 86_400_000);
  const byDevice = new Map<string, typeof rows>();
  for (const r of rows) {
    const list = byDevice.get(r.deviceId);
    if (list) list.push(r);
    else byDevice.set(r.deviceId, [r]);
  }
  const out: ComplianceRow[] = [];
  for (const d of devices) {
    const limits = { ...noiseLimits({ ownerKind: d.ownerKind, zoneClass: d.params.zoneClass as string | undefined, indoor: d.params.indoor === true }), ...pickLimits(d.params) };
    const row: ComplianceRow = {
      deviceId: d.id, name: d.name, ownerKind: d.ownerKind, ownerId: d.ownerId, ownerName: d.ownerName, districtCode: d.districtCode, streetCode: d.streetCode,
      dayLimit: limits.dayLimit, nightLimit: limits.nightLimit, dayMinutes: 0, nightMinutes: 0, dayOver: 0, nightOver: 0, worstLeq: null,
    };
    for (const m of byDevice.get(d.id) ?? []) {
      const leq = levelOf(m.energy / m.count);
      const local = Math.floor(((m.minute + SHANGHAI_OFFSET_MS) % 86_400_000) / 60_000);
      const night = (local - nightStartMinute + 1440) % 1440 < 480;
      if (night) {
        row.nightMinutes++;
        if (leq > limits.nightLimit) row.nightOver++;
      } else {
        row.dayMinutes++;
        if (leq > limits.dayLimit) row.dayOver++;
      }
      if (row.worstLeq === null || leq > row.worstLeq) row.worstLeq = round(leq);
    }
    out.push(row);
  }
  return out.sort((a, b) => (b.nightOver + b.dayOver) - (a.nightOver + a.dayOver) || (b.worstLeq ?? 0) - (a.worstLeq ?? 0));
}

function pickLimits(p: Record<string, unknown>): Partial<{ dayLimit: number; nightLimit: number }> {
  const out: Partial<{ dayLimit: number; nightLimit: number }> = {};
  if (typeof p.dayLimit === 'number') out.dayLimit = p.dayLimit;
  if (typeof p.nightLimit === 'number') out.nightLimit = p.nightLimit;
  return out;
}
