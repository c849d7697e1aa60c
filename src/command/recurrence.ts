/**
 * Level schedules that repeat (周期性等级计划): a rule as data — the days of the week and the hours of
 * the day (Asia/Shanghai) — inside the schedule's overall period, e.g. every weekend (Sat, Sun
 * 00:00–24:00) or every working day 07:00–09:00 加强. The timer switches each occurrence on and off
 * (src/command/levels.ts); occurrences that touch (Saturday's end is Sunday's start) are one, so the
 * level does not drop to 常态 at midnight. Hours may run past midnight (22:00–06:00). Pure.
 */
import { Type } from 'typebox';
import { DAY_MS, SHANGHAI_OFFSET_MS } from '../core/time.js';

export interface Repeat {
  /** Days of the week the occurrence starts on: 0 Sunday … 6 Saturday. */
  days: number[];
  /** "HH:MM", Asia/Shanghai. */
  from: string;
  /** "HH:MM" ("24:00": the day's end); earlier than `from`: the next day. */
  to: string;
}

const HHMM = '^([01]\\d|2[0-3]):[0-5]\\d$';
export const RepeatBody = Type.Object({
  days: Type.Array(Type.Integer({ minimum: 0, maximum: 6 }), { minItems: 1, maxItems: 7, uniqueItems: true, title: '星期' }),
  from: Type.String({ pattern: HHMM, title: '开始' }),
  to: Type.String({ pattern: `${HHMM}|^24:00$`, title: '结束' }),
}, { additionalProperties: false });

const minutes = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** The window of the occurrence starting on the local day `day` (days since the epoch, Shanghai). */
function windowOn(r: Repeat, day: number): { from: number; until: number } {
  const start = day * DAY_MS - SHANGHAI_OFFSET_MS + minutes(r.from) * 60_000;
  let endMin = minutes(r.to);
  if (endMin <= minutes(r.from)) endMin += 24 * 60;
  return { from: start, until: day * DAY_MS - SHANGHAI_OFFSET_MS + endMin * 60_000 };
}

const weekday = (day: number): number => (day + 4) % 7; // 1970-01-01 was a Thursday

/**
 * The occurrence in force at `after` or the next one to start, clipped to [periodFrom, periodUntil],
 * with touching occurrences joined; null when none is left in the period.
 */
export function nextOccurrence(r: Repeat, after: number, periodFrom: number, periodUntil: number): { from: number; until: number } | null {
  const t = Math.max(after, periodFrom);
  const first = Math.floor((t + SHANGHAI_OFFSET_MS) / DAY_MS) - 1; // an overnight window of the day before may still hold
  for (let day = first; day <= first + 8; day++) {
    if (!r.days.includes(weekday(day))) continue;
    const w = windowOn(r, day);
    if (w.until <= t) continue;
    let until = w.until;
    // Join the next days' windows while each starts where the last ended.
    for (let d = day + 1; d <= day + 7; d++) {
      if (!r.days.includes(weekday(d))) break;
      const n = windowOn(r, d);
      if (n.from > until) break;
      until = Math.max(until, n.until);
    }
    const from = Math.max(w.from, periodFrom);
    const end = Math.min(until, periodUntil);
    return from < end ? { from, until: end } : null;
  }
  return null;
}

/** "每周六、日 00:00–24:00". Pure. */
export function repeatText(r: Repeat): string {
  const names = ['日', '一', '二', '三', '四', '五', '六'];
  return `每周${[...r.days].sort((a, b) => ((a + 6) % 7) - ((b + 6) % 7)).map((d) => names[d]).join('、')} ${r.from}–${r.to}`;
}
