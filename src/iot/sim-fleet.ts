/**
 * The simulated device fleet of `cityloop simulate devices`: who the devices are and what each one
 * reads at an instant. Realistic curves on the city's clock — construction noise loud in working
 * hours with a lunch dip and quiet at night, PM10 following the day's traffic, billboards resting at
 * their install tilt, gas near zero, manhole covers shut — and four scripted cases that show the
 * hub at work: a night-noise offender (within the day limit, well over the night one), a billboard
 * tilting away from its baseline, a gas leak building up, and a dead sensor that never reports
 * (the offline rule). Pure: the random source is seeded, time is handed in.
 */
import { SHANGHAI_OFFSET_MS } from '../core/time.js';
import type { DeviceInput } from './model.js';
import type { DeviceType } from './rules.js';

export type SimRole = 'normal' | 'night_offender' | 'tilting_billboard' | 'gas_leak' | 'dead_sensor';
export const SIM_ROLE_NAMES: Record<SimRole, string> = {
  normal: '正常', night_offender: '夜间噪声超标工地', tilting_billboard: '倾斜的广告牌', gas_leak: '燃气泄漏', dead_sensor: '失联的噪声监测',
};

export interface SimDevice { input: DeviceInput; role: SimRole }

/** The fleet's mix after the four scripted devices: per 20 devices. */
const MIX: readonly DeviceType[] = ['noise', 'noise', 'noise', 'noise', 'noise', 'noise', 'noise', 'noise', 'dust', 'dust', 'dust', 'tilt', 'tilt', 'tilt', 'gas', 'gas', 'manhole', 'manhole', 'manhole', 'noise'];
const SCRIPTED: ReadonlyArray<{ role: SimRole; type: DeviceType }> = [
  { role: 'night_offender', type: 'noise' }, { role: 'tilting_billboard', type: 'tilt' }, { role: 'gas_leak', type: 'gas' }, { role: 'dead_sensor', type: 'noise' },
];
const OWNER: Record<DeviceType, { kind: string; name: string; model: string }> = {
  noise: { kind: 'construction_site', name: '工地', model: 'AWA6218-SIM' },
  dust: { kind: 'construction_site', name: '工地', model: 'PM-SIM' },
  tilt: { kind: 'ad_facility', name: '户外广告牌', model: 'TILT-SIM' },
  gas: { kind: 'gas_user', name: '餐饮燃气用户', model: 'LEL-SIM' },
  manhole: { kind: 'manhole', name: '窨井', model: 'MH-SIM' },
};

/** A small seeded generator (mulberry32): the same seed gives the same fleet and readings. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export const simDeviceId = (i: number, prefix = 'SIM') => `${prefix}-${String(i).padStart(6, '0')}`;

/** `count` devices (the four scripted ones first, when there is room), spread over the given places. */
export function planFleet(count: number, places: ReadonlyArray<{ lon: number; lat: number }>, o: { seed?: number; prefix?: string } = {}): SimDevice[] {
  const seed = o.seed ?? 1;
  const rnd = seeded(seed);
  const out: SimDevice[] = [];
  for (let i = 0; i < count; i++) {
    const s = SCRIPTED[i];
    const role: SimRole = s?.role ?? 'normal';
    const type = s?.type ?? MIX[i % MIX.length]!;
    const own = OWNER[type];
    // Spread over the places (a stride through the list, not its first few), a few hundred metres apart.
    const p = places.length ? places[(i * 7_919) % places.length]! : { lon: 118.0894, lat: 24.4798 };
    const id = simDeviceId(i + 1, o.prefix);
    const no = String(i + 1).padStart(4, '0');
    out.push({
      role,
      input: {
        id, type, model: own.model, serial: `${id}-SN`, name: `模拟${typeName(type)} ${no}${role === 'normal' ? '' : `（${SIM_ROLE_NAMES[role]}）`}`,
        ownerKind: own.kind, ownerId: `${o.prefix ?? 'SIM'}-OWNER-${no}`, ownerName: `模拟${own.name} ${no}`, contactName: '模拟联系人', contactPhone: `1390000${no.slice(-4)}`,
        lon: round6(p.lon + (rnd() - 0.5) * 0.002), lat: round6(p.lat + (rnd() - 0.5) * 0.002), address: null,
        baseline: type === 'tilt' ? { tilt: Math.round((rnd() * 1.5 - 0.5) * 10) / 10 } : {},
        params: {},
      },
    });
  }
  return out;
}

const typeName = (t: DeviceType) => ({ noise: '噪声监测', dust: '扬尘监测', tilt: '广告牌倾角', gas: '可燃气体探测', manhole: '井盖监测' })[t];
const round6 = (x: number) => Math.round(x * 1e6) / 1e6;
const r1 = (x: number) => Math.round(x * 10) / 10;
const r2 = (x: number) => Math.round(x * 100) / 100;
const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));

/** Hours on the city's clock, 0–24 with fractions. */
export const localHour = (t: number) => (((t + SHANGHAI_OFFSET_MS) % 86_400_000) + 86_400_000) % 86_400_000 / 3_600_000;

/** A construction site's typical LAeq at a local hour: working hours ~60–66, lunch dip, evening, quiet night. */
export function siteNoise(hour: number): number {
  if (hour >= 7 && hour < 12) return 63;
  if (hour >= 12 && hour < 13.5) return 56;
  if (hour >= 13.5 && hour < 18) return 64;
  if (hour >= 18 && hour < 22) return 54;
  if (hour >= 6 && hour < 7) return 50;
  return 45;
}

/**
 * What device `d` reads at `t`; `since` is when the simulation started (the scripted cases unfold
 * from there). Null: the device says nothing (the dead sensor).
 */
export function readingOf(d: SimDevice, t: number, since: number, rnd: () => number): Record<string, number> | null {
  const h = localHour(t);
  const jitter = (a: number) => (rnd() - 0.5) * 2 * a;
  const minutes = Math.max(0, (t - since) / 60_000);
  switch (d.role) {
    case 'dead_sensor':
      return null;
    case 'night_offender': {
      const night = h >= 22 || h < 6;
      const laeq = night ? 68 + jitter(2) : 66 + jitter(2);
      return { laeq: r1(laeq), lmax: r1(laeq + 12 + jitter(3)) };
    }
    case 'tilting_billboard': {
      // Leaning steadily (0.25° a minute, under the rate rule's 1°/min) away from its install tilt.
      const b = d.input.baseline?.tilt ?? 0;
      return { tilt: r2(clamp(b + 0.25 * minutes + jitter(0.005), -90, 90)) };
    }
    case 'gas_leak':
      return { lel: r1(clamp(2 + 5 * minutes + jitter(1), 0, 62)) };
    default:
      break;
  }
  switch (d.input.type) {
    case 'noise': {
      const laeq = siteNoise(h) + jitter(3);
      return { laeq: r1(laeq), lmax: r1(laeq + 8 + rnd() * 8) };
    }
    case 'dust':
      return { pm10: Math.round(clamp(70 + 40 * Math.sin(((h - 6) / 24) * 2 * Math.PI) + jitter(15), 5, 400)), pm25: Math.round(clamp(35 + jitter(10), 3, 200)) };
    case 'tilt':
      // A slow sway in the wind around the install tilt: small changes between readings, whatever their rate.
      return { tilt: r2((d.input.baseline?.tilt ?? 0) + 0.05 * Math.sin(t / 90_000) + jitter(0.005)) };
    case 'gas':
      return { lel: r1(clamp(1 + jitter(1), 0, 100)) };
    case 'manhole':
      return { open: 0, flipped: 0, water: r1(clamp(12 + jitter(6), 0, 100)) };
  }
}
