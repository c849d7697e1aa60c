/** The platform speaks Asia/Shanghai (UTC+8, no daylight saving) to people; it stores UTC epoch ms. */
export const SHANGHAI_OFFSET_MS = 8 * 3600_000;
export const HOUR_MS = 3600_000;
export const DAY_MS = 24 * HOUR_MS;

/** 'YYYY-MM-DD' of the Shanghai calendar day that contains the instant. */
export function shanghaiDate(t: number): string {
  return new Date(t + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

/** Epoch ms of Shanghai midnight starting the given 'YYYY-MM-DD'. */
export function shanghaiMidnight(date: string): number {
  return Date.parse(`${date}T00:00:00Z`) - SHANGHAI_OFFSET_MS;
}

/** ISO 8601 with +08:00 offset, for people and exports. */
export function toShanghaiIso(t: number): string {
  return new Date(t + SHANGHAI_OFFSET_MS).toISOString().replace('Z', '+08:00');
}

/**
 * Parse an instant given as epoch ms (digits) or ISO 8601. An ISO string without an offset is read
 * as Shanghai local time, which is what a person in the bureau means. Returns NaN when unreadable.
 */
export function parseInstant(v: string | number): number {
  if (typeof v === 'number') return v;
  const s = v.trim();
  if (/^\d+$/.test(s)) return Number(s);
  if (/^\d{4}-\d{2}-\d{2}$/.test(s)) return shanghaiMidnight(s);
  const hasOffset = /(Z|[+-]\d{2}:?\d{2})$/i.test(s);
  return Date.parse(hasOffset ? s : `${s.replace(' ', 'T')}+08:00`);
}
