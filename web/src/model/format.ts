/** Time formatting for the console: every instant is shown in Asia/Shanghai (UTC+8, no DST). Pure. */

const SHANGHAI_OFFSET_MS = 8 * 3600_000;

function pad(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** `2025-10-01 09:30` in Shanghai time. */
export function formatInstant(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '—';
  const d = new Date(ms + SHANGHAI_OFFSET_MS);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}

/** `2025-10-01` (Shanghai date) of an instant. */
export function shanghaiDay(ms: number): string {
  const d = new Date(ms + SHANGHAI_OFFSET_MS);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

/** Shanghai midnight of a `YYYY-MM-DD` day, as epoch ms. */
export function shanghaiMidnightOf(day: string): number {
  const [y, m, d] = day.split('-').map(Number);
  return Date.UTC(y ?? 1970, (m ?? 1) - 1, d ?? 1) - SHANGHAI_OFFSET_MS;
}

export interface Countdown {
  overdue: boolean;
  /** Whole minutes left (negative when overdue). */
  minutes: number;
  /** Short text: `2d 3h`, `45m`; with `-` when overdue. */
  text: string;
}

/** Time left until a deadline, for the handler's countdowns. */
export function countdown(deadline: number, now: number, units: { d: string; h: string; m: string } = { d: 'd', h: 'h', m: 'm' }): Countdown {
  const minutes = Math.floor((deadline - now) / 60_000);
  const abs = Math.abs(minutes);
  const days = Math.floor(abs / 1440);
  const hours = Math.floor((abs % 1440) / 60);
  const mins = abs % 60;
  let text: string;
  if (days > 0) text = `${days}${units.d} ${hours}${units.h}`;
  else if (hours > 0) text = `${hours}${units.h} ${mins}${units.m}`;
  else text = `${mins}${units.m}`;
  return { overdue: minutes < 0, minutes, text: minutes < 0 ? `-${text}` : text };
}

/** How long past its deadline a case is, in words (`3天 4时`), or '—' when it is not late. */
export function overdueBy(dueAt: number | null, lang: 'zh' | 'en', now = Date.now()): string {
  if (dueAt === null || dueAt >= now) return '—';
  const cd = countdown(dueAt, now, lang === 'zh' ? { d: '天', h: '时', m: '分' } : undefined);
  return cd.text.replace(/^-/, '');
}

/** A rate in [0,1] as a percentage text with one decimal. */
export function percent(rate: number | null | undefined): string {
  if (rate === null || rate === undefined || !Number.isFinite(rate)) return '—';
  return `${(rate * 100).toFixed(1)}%`;
}

/** A duration in words: `3天 4时`, `2时 5分`, `12分`. */
export function durationText(ms: number, lang: 'zh' | 'en'): string {
  const cd = countdown(ms, 0, lang === 'zh' ? { d: '天', h: '时', m: '分' } : undefined);
  return cd.text.replace(/^-/, '');
}

/**
 * A deadline as people say it: `超期 14时32分` / `剩余 2时05分` (English `overdue 14h 32m` /
 * `2h 05m left`), never a negative duration.
 */
export function dueText(deadline: number, now: number, lang: 'zh' | 'en'): { overdue: boolean; text: string } {
  const minutes = Math.floor((deadline - now) / 60_000);
  const abs = Math.abs(minutes);
  const d = Math.floor(abs / 1440);
  const h = Math.floor((abs % 1440) / 60);
  const m = abs % 60;
  const [ud, uh, um, sep] = lang === 'zh' ? ['天', '时', '分', ''] : ['d', 'h', 'm', ' '];
  const span = d > 0 ? `${d}${ud}${sep}${h}${uh}` : h > 0 ? `${h}${uh}${sep}${pad(m)}${um}` : `${m}${um}`;
  const overdue = minutes < 0;
  if (lang === 'zh') return { overdue, text: overdue ? `超期 ${span}` : `剩余 ${span}` };
  return { overdue, text: overdue ? `overdue ${span}` : `${span} left` };
}

/** A person's name without the role the console shows beside it: `林受理（受理员）` → `林受理`. */
export function personName(displayName: string, roleNames: readonly string[]): string {
  const m = /^(.*?)\s*[（(]([^（）()]+)[）)]\s*$/.exec(displayName);
  if (!m || !m[1]) return displayName;
  const inner = m[2]!;
  return roleNames.some((r) => inner === r || inner.split(/[兼、,，/]/).includes(r)) ? m[1] : displayName;
}
