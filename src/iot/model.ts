/**
 * Devices (感知设备) and readings: types, the owner entity (referenced by kind + id, so capabilities
 * that register sites or ad facilities later plug in without a change here), input checks, the
 * reading parser used by every ingest path, and the rejection reasons counted per reason. Pure.
 */
import { createHash } from 'node:crypto';
import { unprocessable } from '../core/errors.js';
import { DEVICE_TYPES, type DeviceType } from './rules.js';

export const OWNER_KINDS = ['construction_site', 'ad_facility', 'gas_user', 'manhole', 'utility_tunnel', 'other'] as const;
export const OWNER_KIND_NAMES: Record<string, string> = {
  construction_site: '建筑工地', ad_facility: '户外广告设施', gas_user: '燃气用户', manhole: '窨井', utility_tunnel: '综合管廊', other: '其他',
};

/** What a device is, as registered (the fields an import row or a POST carries). */
interface DeviceFields {
  id: string;
  type: DeviceType;
  model: string;
  serial: string;
  name: string;
  ownerKind: string;
  ownerId: string;
  ownerName: string;
  contactName: string;
  contactPhone: string;
  lon: number;
  lat: number;
}

export interface Device extends DeviceFields {
  address: string | null;
  gridCode: string | null;
  streetCode: string | null;
  districtCode: string | null;
  /** Install baseline per reading (a billboard's resting tilt …). */
  baseline: Record<string, number>;
  /** Per-device parameters the rules read (zoneClass, nightLimit, lelAlarm, nightWorkPermits …). */
  params: Record<string, unknown>;
  enabled: boolean;
  lastSeenAt: number | null;
  version: number;
  createdAt: number;
  updatedAt: number;
}

export interface DeviceInput extends DeviceFields {
  address?: string | null;
  baseline?: Record<string, number>;
  params?: Record<string, unknown>;
  enabled?: boolean;
}
export type DevicePatch = Partial<Omit<DeviceInput, 'id'>>;

export const DEVICE_ID = /^[A-Za-z0-9][A-Za-z0-9_.-]{2,63}$/;
const PHONE = /^(\+?\d[\d -]{5,19})$/;

/** A device secret is stored as its SHA-256: secrets are 32 random bytes, so no slow hash is needed. */
export const secretHash = (secret: string): string => createHash('sha256').update(secret).digest('hex');

function bad(field: string, zh: string, en: string): never {
  throw unprocessable('DEVICE_INVALID', `设备信息有误：${field} ${zh}`, `Invalid device: ${field} ${en}`, { field });
}

/** Semantic checks the schema cannot say (types and lengths are the schema's). */
export function checkDevice(d: Pick<DeviceInput, 'id' | 'type' | 'ownerKind' | 'contactPhone' | 'lon' | 'lat'> & Partial<DeviceInput>): void {
  if (!DEVICE_ID.test(d.id)) bad('id', '应为 3–64 位字母、数字、- _ .', 'must be 3–64 letters, digits, - _ .');
  if (!DEVICE_TYPES.includes(d.type)) bad('type', `应为 ${DEVICE_TYPES.join('/')}`, `must be one of ${DEVICE_TYPES.join(', ')}`);
  if (!/^[a-z][a-z0-9_]{1,39}$/.test(d.ownerKind)) bad('ownerKind', '应为小写标识（如 construction_site）', 'must be a lower-case kind (e.g. construction_site)');
  if (!PHONE.test(d.contactPhone)) bad('contactPhone', '应为电话号码', 'must be a phone number');
  if (!(Math.abs(d.lon) <= 180 && Math.abs(d.lat) <= 90)) bad('lon/lat', '坐标超出范围', 'out of range');
  for (const [k, v] of Object.entries(d.baseline ?? {})) if (typeof v !== 'number' || !Number.isFinite(v)) bad(`baseline.${k}`, '应为数字', 'must be a number');
}

/** Why a reading was refused (the label of cityloop_iot_rejected_total). */
export const REJECT_REASONS = ['malformed', 'unknown_device', 'bad_credentials', 'out_of_range', 'disabled', 'over_budget'] as const;
export type RejectReason = (typeof REJECT_REASONS)[number];

export interface Reading {
  deviceId: string;
  ts: number;
  values: Record<string, number>;
}

/** Plausible physical ranges per reading name; a value outside is refused as out_of_range. */
export const VALUE_RANGES: Readonly<Record<string, readonly [number, number]>> = {
  laeq: [0, 160], lmax: [0, 180], lel: [0, 100], tilt: [-90, 90], pm10: [0, 10_000], pm25: [0, 10_000], open: [0, 1], flipped: [0, 1], water: [-100, 10_000],
  battery: [0, 100], temp: [-60, 120],
};

/** How far a reading's time may lie in the future (device clocks drift) or the past (buffered uploads). */
export const MAX_FUTURE_MS = 5 * 60_000;
export const MAX_PAST_MS = 7 * 24 * 3_600_000;

export type Parsed = { ok: true; ts: number; values: Record<string, number> } | { ok: false; reason: RejectReason };

/** One reading `{ts, values:{…}}` (ts epoch ms, or ISO text; absent: now) checked for shape and range. */
export function parseReading(raw: unknown, now: number): Parsed {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return { ok: false, reason: 'malformed' };
  const r = raw as { ts?: unknown; values?: unknown };
  let ts = now;
  if (typeof r.ts === 'number') ts = r.ts;
  else if (typeof r.ts === 'string') ts = Date.parse(r.ts);
  else if (r.ts !== undefined) return { ok: false, reason: 'malformed' };
  if (!Number.isFinite(ts)) return { ok: false, reason: 'malformed' };
  if (ts > now + MAX_FUTURE_MS || ts < now - MAX_PAST_MS) return { ok: false, reason: 'out_of_range' };
  const v = r.values;
  if (!v || typeof v !== 'object' || Array.isArray(v)) return { ok: false, reason: 'malformed' };
  const values: Record<string, number> = {};
  let n = 0;
  for (const k in v) {
    const x = (v as Record<string, unknown>)[k];
    if (typeof x !== 'number' || !Number.isFinite(x) || k.length > 40) return { ok: false, reason: 'malformed' };
    const range = VALUE_RANGES[k];
    if (range && (x < range[0] || x > range[1])) return { ok: false, reason: 'out_of_range' };
    values[k] = x;
    if (++n > 32) return { ok: false, reason: 'malformed' };
  }
  if (n === 0) return { ok: false, reason: 'malformed' };
  return { ok: true, ts, values };
}

/** A night-work permit (夜间施工许可) registered on a site's device: epoch ms window. */
export interface NightPermit { from: number; to: number }
export function permitCovers(params: Readonly<Record<string, unknown>>, t: number): boolean {
  const p = params.nightWorkPermits;
  if (!Array.isArray(p)) return false;
  return p.some((w) => w && typeof w === 'object' && typeof (w as NightPermit).from === 'number' && (w as NightPermit).from <= t && t < (w as NightPermit).to);
}
