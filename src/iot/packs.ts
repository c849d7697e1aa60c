/**
 * The seeded rule packs (defaults per device type; a city overrides them per device or owner):
 * noise after GB 12523-2011 / GB 3096-2008 with Leq averages and the night-work permit, gas in
 * %LEL per device type, billboard tilt from the install baseline with a typhoon mode, PM10 dust,
 * manhole covers, and the offline rule (noise monitors must stay networked by law). Pure data.
 */
import type { RuleBody } from './rules.js';

/** GB 3096-2008 sound-environment zones: LAeq limits day / night, dB(A). */
export const GB3096_ZONES: Readonly<Record<string, { day: number; night: number }>> = {
  '0': { day: 50, night: 40 }, '1': { day: 55, night: 45 }, '2': { day: 60, night: 50 }, '3': { day: 65, night: 55 },
  '4a': { day: 70, night: 55 }, '4b': { day: 70, night: 60 },
};
/** GB 12523-2011 construction-site boundary limits, dB(A); night Lmax may exceed the limit by at most 15 dB. */
export const GB12523 = { day: 70, night: 55, nightMaxOver: 15 } as const;

/**
 * A noise device's limits: a construction site's are GB 12523's (tightened by 10 dB when measured
 * indoors next to a sensitive building); any other monitor's are its GB 3096 zone's.
 */
export function noiseLimits(p: { ownerKind: string; zoneClass?: string | null; indoor?: boolean }): { dayLimit: number; nightLimit: number } {
  if (p.ownerKind !== 'construction_site' && p.zoneClass && GB3096_ZONES[p.zoneClass]) {
    const z = GB3096_ZONES[p.zoneClass]!;
    return { dayLimit: z.day, nightLimit: z.night };
  }
  const off = p.indoor ? 10 : 0;
  return { dayLimit: GB12523.day - off, nightLimit: GB12523.night - off };
}

/** Typhoon mode tightens tilt thresholds city-wide by this factor. */
export const TYPHOON_FACTOR = 0.5;

const NOISE_LADDER = [{ afterMinutes: 0, notify: 'owner' as const }, { afterMinutes: 30, notify: 'street' as const }];

export const DEFAULT_RULES: readonly RuleBody[] = [
  {
    key: 'noise.night', name: '夜间施工噪声超标', deviceType: 'noise',
    create: {
      critical: { condition: { kind: 'threshold', key: 'lmax', op: '>', value: { param: 'nightLimit', default: GB12523.night, plus: GB12523.nightMaxOver }, hysteresis: 3 } },
      major: { condition: { kind: 'leq', key: 'laeq', op: '>', value: { param: 'nightLimit', default: GB12523.night }, windowSeconds: 1200, hysteresis: 3 } },
    },
    clear: { mode: 'auto' }, schedule: { windows: [{ preset: 'night' }] }, suppressWhen: 'night_work_permit',
    escalation: NOISE_LADDER, caseAfterMinutes: 120, caseClass: { categoryCode: 'E0301', description: '夜间施工噪声超标（物联感知）' },
  },
  {
    key: 'noise.day', name: '昼间施工噪声超标', deviceType: 'noise',
    create: { major: { condition: { kind: 'leq', key: 'laeq', op: '>', value: { param: 'dayLimit', default: GB12523.day }, windowSeconds: 1200, hysteresis: 3 } } },
    clear: { mode: 'auto' }, schedule: { windows: [{ preset: 'day' }] },
    escalation: NOISE_LADDER, caseAfterMinutes: 240, caseClass: { categoryCode: 'E0301', description: '昼间施工噪声超标（物联感知）' },
  },
  {
    key: 'noise.offline', name: '噪声监测离线', deviceType: 'noise',
    create: { minor: { condition: { kind: 'silence', minutes: 30 } } }, clear: { mode: 'auto' },
    escalation: [{ afterMinutes: 0, notify: 'owner' }], caseAfterMinutes: 1440, caseClass: { categoryCode: 'E0399', description: '工地噪声在线监测设备离线（应联网，《噪声污染防治法》第四十二条）' },
  },
  {
    key: 'gas.lel', name: '可燃气体浓度超限', deviceType: 'gas',
    create: {
      critical: { condition: { kind: 'threshold', key: 'lel', op: '>=', value: { param: 'lelCritical', default: 50 }, hysteresis: 5 } },
      major: { condition: { kind: 'threshold', key: 'lel', op: '>=', value: { param: 'lelAlarm', default: 25 }, hysteresis: 5 } },
    },
    clear: { mode: 'auto' }, escalation: [{ afterMinutes: 0, notify: 'owner' }, { afterMinutes: 5, notify: 'street' }, { afterMinutes: 10, notify: 'district' }],
    caseAfterMinutes: 15, caseClass: { categoryCode: 'E0403', description: '可燃气体浓度超限（物联感知）' },
  },
  {
    key: 'tilt.baseline', name: '广告设施倾斜', deviceType: 'tilt',
    create: {
      critical: { condition: { kind: 'baseline', key: 'tilt', op: '>=', value: { param: 'tiltCritical', default: 5 }, hysteresis: 0.5 } },
      warning: { condition: { kind: 'baseline', key: 'tilt', op: '>=', value: { param: 'tiltWarning', default: 2 }, hysteresis: 0.5 } },
    },
    clear: { mode: 'manual' }, escalation: [{ afterMinutes: 0, notify: 'owner' }, { afterMinutes: 30, notify: 'street' }],
    caseAfterMinutes: 60, caseClass: { categoryCode: 'E0205', description: '大型户外广告设施倾斜超限（物联感知）' },
  },
  {
    key: 'tilt.rate', name: '广告设施倾角突变', deviceType: 'tilt',
    create: { major: { condition: { kind: 'rate', key: 'tilt', op: '>', value: { param: 'tiltRatePerMin', default: 1 } } } },
    clear: { mode: 'manual' }, escalation: [{ afterMinutes: 0, notify: 'owner' }], caseAfterMinutes: 60,
    caseClass: { categoryCode: 'E0205', description: '大型户外广告设施倾角突变（物联感知）' },
  },
  {
    key: 'dust.pm10', name: '工地扬尘超标', deviceType: 'dust',
    create: {
      major: { condition: { kind: 'mean', key: 'pm10', op: '>', value: { param: 'pm10Stop', default: 200 }, windowSeconds: 3600, hysteresis: 0 } },
      warning: { condition: { kind: 'sustained', key: 'pm10', op: '>', value: { param: 'pm10Warn', default: 150 }, forSeconds: 3600, hysteresis: 10 } },
    },
    clear: { mode: 'condition', condition: { kind: 'sustained', key: 'pm10', op: '<', value: 150, forSeconds: 1800 } },
    escalation: [{ afterMinutes: 0, notify: 'owner' }, { afterMinutes: 60, notify: 'street' }], caseAfterMinutes: 180,
    caseClass: { categoryCode: 'E0302', description: '工地扬尘 PM10 超标（物联感知）' },
  },
  {
    key: 'manhole.open', name: '井盖开启或翻转', deviceType: 'manhole',
    create: {
      critical: { condition: { kind: 'threshold', key: 'flipped', op: '>=', value: 1 } },
      major: { condition: { kind: 'threshold', key: 'open', op: '>=', value: 1 } },
    },
    clear: { mode: 'auto' }, escalation: [{ afterMinutes: 0, notify: 'owner' }, { afterMinutes: 15, notify: 'street' }],
    caseAfterMinutes: 30, caseClass: { categoryCode: 'C0101', description: '井盖开启或翻转（物联感知）' },
  },
  {
    key: 'manhole.water', name: '井内水位过高', deviceType: 'manhole',
    create: { major: { condition: { kind: 'sustained', key: 'water', op: '>=', value: { param: 'waterLimitCm', default: 50 }, forSeconds: 300, hysteresis: 5 } } },
    clear: { mode: 'auto' }, escalation: [{ afterMinutes: 0, notify: 'owner' }], caseAfterMinutes: 60,
    caseClass: { categoryCode: 'E0404', description: '井内水位过高（物联感知）' },
  },
];
