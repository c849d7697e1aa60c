/**
 * The working-time calendar service. Holidays, make-up workdays, admin overrides and the work windows
 * live in the store; `load()` turns them into an in-memory WorkCalendar so that `deadline` and
 * `elapsed` — on the case service's hot path — are synchronous and touch no database.
 * Every change made through this service reloads the in-memory calendar of this process; other
 * processes see it after their next `load()`.
 */
import type { ServiceDeps } from '../core/deps.js';
import { badRequest, notFound } from '../core/errors.js';
import { packagedDataset } from './dataset.js';
import {
  type CalendarDay,
  type DayKind,
  type TimeUnit,
  type WorkWindow,
  type WorkWindowText,
  DAY_KINDS,
  DEFAULT_WINDOWS,
  assertAmount,
  assertDate,
  assertYear,
  formatWindows,
  isTimeUnit,
  isValidDate,
  parseWindows,
} from './model.js';
import * as repo from './repo.js';
import * as wt from './worktime.js';

export interface SeedReport {
  inserted: number;
  updated: number;
}

/** What the store holds for one year, so the admin console can warn "2027 not loaded". */
export interface YearCoverage {
  year: number;
  /** True when the national schedule of the year is in: from the dataset or loaded by an administrator. */
  covered: boolean;
  fromDataset: boolean;
  loadedByAdmin: boolean;
  holidays: number;
  workdays: number;
  adminDays: number;
}

export interface DayInput {
  date: string;
  kind: DayKind;
  name: string;
}

export interface CalendarService {
  /** Reads days and windows from the store into memory. Call after changes made elsewhere. */
  load(): Promise<void>;
  /** Fills the holiday table from the packaged dataset: adds missing dates, refreshes dataset rows, never touches admin rows. Idempotent. */
  seedDataset(): Promise<SeedReport>;
  /** start + amount in unit (work_hours, work_days, hours, days). Synchronous, no store access. */
  deadline(start: number, amount: number, unit: TimeUnit): number;
  /** Time from `from` to `to` in unit (working time for work units). Negative when to < from. */
  elapsed(from: number, to: number, unit: TimeUnit): number;
  /** Same as elapsed, in ms (working ms for work units). */
  elapsedMs(from: number, to: number, unit: TimeUnit): number;
  /** The instant itself inside a work window of a working day, otherwise the next window opening. */
  nextWorkingInstant(t: number): number;
  isWorkday(date: string): boolean;
  /** Years whose national schedule is loaded, ascending. Other years fall back to plain weekends. */
  coveredYears(): number[];
  yearCoverage(): YearCoverage[];
  /** The explicit days of one year (holidays, make-up workdays, overrides), by date. */
  listDays(year: number): Promise<CalendarDay[]>;
  /** An administrator's entry for one date; it wins over the dataset. */
  setOverride(date: string, kind: DayKind, name: string, actor: string): Promise<CalendarDay>;
  /** Removes an administrator's entry; the dataset's entry for that date, if any, applies again. */
  removeOverride(date: string): Promise<{ removed: CalendarDay; restored: CalendarDay | null }>;
  /** Loads a year's published schedule (e.g. 2027) in one go, replacing that year's earlier admin entries, and marks the year covered. */
  loadYear(year: number, days: readonly DayInput[], actor: string): Promise<CalendarDay[]>;
  /** Removes a loaded year's admin entries and its "covered" mark. */
  unloadYear(year: number): Promise<number>;
  getWindows(): WorkWindowText[];
  setWindows(windows: readonly WorkWindowText[], actor: string): Promise<WorkWindowText[]>;
}

const WINDOWS_KEY = 'work_windows';
const LOADED_YEARS_KEY = 'loaded_years';
const NAME_MAX = 50;

function checkName(name: string): string {
  const n = typeof name === 'string' ? name.trim() : '';
  if (n.length === 0 || n.length > NAME_MAX) {
    throw badRequest('CALENDAR_NAME_INVALID', `名称应为 1–${NAME_MAX} 个字符`, `The name must be 1–${NAME_MAX} characters`, { name });
  }
  return n;
}

function checkKind(kind: string): DayKind {
  if (!(DAY_KINDS as readonly string[]).includes(kind)) {
    throw badRequest('CALENDAR_KIND_INVALID', `日期类型无效：${kind}（应为 workday 或 holiday）`, `Invalid day kind: ${kind} (expected workday or holiday)`, { kind });
  }
  return kind as DayKind;
}

function checkUnit(unit: string): TimeUnit {
  if (!isTimeUnit(unit)) {
    throw badRequest('CALENDAR_UNIT_INVALID', `时间单位无效：${unit}（应为 work_hours、work_days、hours 或 days）`, `Invalid unit: ${unit} (expected work_hours, work_days, hours or days)`, { unit });
  }
  return unit;
}

const yearOf = (date: string) => Number(date.slice(0, 4));

export function createCalendarService(deps: ServiceDeps): CalendarService {
  const { db, clock, logger } = deps;
  const k = db.kysely;

  let days: CalendarDay[] = [];
  let windows: WorkWindow[] = DEFAULT_WINDOWS.map((w) => ({ ...w }));
  let loadedYears = new Set<number>();
  let covered: number[] = [];
  // Until load() runs, answer from the packaged dataset and the default windows rather than fail.
  let cal: wt.WorkCalendar = wt.buildWorkCalendar(
    packagedDataset().map((d) => [d.date, d.kind] as const),
    windows,
  );

  async function load(): Promise<void> {
    const [rows, storedWindows, storedYears] = await Promise.all([
      repo.listAllDays(k),
      repo.getCalendarSetting<WorkWindowText[]>(k, WINDOWS_KEY),
      repo.getCalendarSetting<number[]>(k, LOADED_YEARS_KEY),
    ]);
    let w: WorkWindow[] = DEFAULT_WINDOWS.map((x) => ({ ...x }));
    if (storedWindows) {
      try {
        w = parseWindows(storedWindows);
      } catch (e) {
        logger.warn({ err: e, storedWindows }, 'stored work windows are invalid; using the default windows');
      }
    }
    days = rows;
    windows = w;
    loadedYears = new Set(Array.isArray(storedYears) ? storedYears.filter((y) => Number.isInteger(y)) : []);
    const years = new Set(loadedYears);
    for (const d of rows) if (d.source === 'dataset') years.add(yearOf(d.date));
    covered = [...years].sort((a, b) => a - b);
    cal = wt.buildWorkCalendar(
      rows.map((d) => [d.date, d.kind] as const),
      w,
    );
  }

  async function seedDataset(): Promise<SeedReport> {
    const now = clock.now();
    const report = await k.transaction().execute(async (tx) => {
      const existing = new Map((await repo.listAllDays(tx)).map((d) => [d.date, d]));
      const toInsert: CalendarDay[] = [];
      let updated = 0;
      for (const d of packagedDataset()) {
        const row = existing.get(d.date);
        const day: CalendarDay = { date: d.date, kind: d.kind, name: d.name, source: 'dataset', updatedAt: now, updatedBy: null };
        if (!row) toInsert.push(day);
        else if (row.source === 'dataset' && (row.kind !== d.kind || row.name !== d.name)) {
          await repo.updateDatasetDay(tx, day);
          updated += 1;
        }
      }
      await repo.insertDaysIfAbsent(tx, toInsert);
      return { inserted: toInsert.length, updated };
    });
    if (report.inserted || report.updated) logger.info(report, 'holiday dataset seeded');
    await load();
    return report;
  }

  function yearCoverage(): YearCoverage[] {
    const byYear = new Map<number, YearCoverage>();
    const entry = (year: number): YearCoverage => {
      let c = byYear.get(year);
      if (!c) {
        c = { year, covered: false, fromDataset: false, loadedByAdmin: loadedYears.has(year), holidays: 0, workdays: 0, adminDays: 0 };
        byYear.set(year, c);
      }
      return c;
    };
    for (const y of loadedYears) entry(y);
    for (const d of days) {
      const c = entry(yearOf(d.date));
      if (d.source === 'dataset') c.fromDataset = true;
      else c.adminDays += 1;
      if (d.kind === 'holiday') c.holidays += 1;
      else c.workdays += 1;
    }
    for (const c of byYear.values()) c.covered = c.fromDataset || c.loadedByAdmin;
    return [...byYear.values()].sort((a, b) => a.year - b.year);
  }

  return {
    load,
    seedDataset,

    deadline(start, amount, unit) {
      checkUnit(unit);
      assertAmount(amount, unit);
      return wt.deadline(cal, start, amount, unit);
    },

    elapsed(from, to, unit) {
      return wt.elapsed(cal, from, to, checkUnit(unit));
    },

    elapsedMs(from, to, unit) {
      return wt.elapsedMs(cal, from, to, checkUnit(unit));
    },

    nextWorkingInstant(t) {
      return wt.nextWorkingInstant(cal, t);
    },

    isWorkday(date) {
      return wt.isWorkingDate(cal, assertDate(date));
    },

    coveredYears: () => [...covered],
    yearCoverage,

    async listDays(year) {
      assertYear(year);
      return repo.listDaysBetween(k, `${year}-01-01`, `${year}-12-31`);
    },

    async setOverride(date, kind, name, actor) {
      const day: CalendarDay = {
        date: assertDate(date),
        kind: checkKind(kind),
        name: checkName(name),
        source: 'admin',
        updatedAt: clock.now(),
        updatedBy: actor,
      };
      await repo.upsertDay(k, day);
      await load();
      return day;
    },

    async removeOverride(date) {
      assertDate(date);
      const result = await k.transaction().execute(async (tx) => {
        const current = await repo.getDay(tx, date);
        if (!current || current.source !== 'admin') {
          throw notFound('CALENDAR_OVERRIDE_NOT_FOUND', `${date} 没有管理员设置的日期`, `No administrator entry for ${date}`, { date });
        }
        await repo.deleteDay(tx, date);
        const packaged = packagedDataset().find((d) => d.date === date);
        let restored: CalendarDay | null = null;
        if (packaged) {
          restored = { date, kind: packaged.kind, name: packaged.name, source: 'dataset', updatedAt: clock.now(), updatedBy: null };
          await repo.upsertDay(tx, restored);
        }
        return { removed: current, restored };
      });
      await load();
      return result;
    },

    async loadYear(year, input, actor) {
      assertYear(year);
      const problems: { index: number; date: unknown; problem: string }[] = [];
      const seen = new Set<string>();
      const now = clock.now();
      const out: CalendarDay[] = [];
      if (input.length > 366) problems.push({ index: -1, date: null, problem: 'at most 366 days' });
      input.forEach((d, index) => {
        const date = d?.date;
        if (typeof date !== 'string' || !isValidDate(date)) return problems.push({ index, date, problem: 'date is not a valid YYYY-MM-DD' });
        if (yearOf(date) !== year) return problems.push({ index, date, problem: `date is not in ${year}` });
        if (seen.has(date)) return problems.push({ index, date, problem: 'date listed twice' });
        seen.add(date);
        if (!(DAY_KINDS as readonly string[]).includes(d.kind)) return problems.push({ index, date, problem: 'kind must be workday or holiday' });
        const name = typeof d.name === 'string' ? d.name.trim() : '';
        if (!name || name.length > NAME_MAX) return problems.push({ index, date, problem: `name must be 1–${NAME_MAX} characters` });
        out.push({ date, kind: d.kind, name, source: 'admin', updatedAt: now, updatedBy: actor });
        return undefined;
      });
      if (problems.length > 0) {
        throw badRequest(
          'CALENDAR_YEAR_DAYS_INVALID',
          `${year} 年日程有 ${problems.length} 处错误，未作任何修改：${problems.slice(0, 5).map((p) => `第 ${p.index + 1} 条 ${String(p.date)} ${p.problem}`).join('；')}`,
          `The ${year} schedule has ${problems.length} problem(s); nothing was changed: ${problems.slice(0, 5).map((p) => `entry ${p.index + 1} ${String(p.date)}: ${p.problem}`).join('; ')}`,
          { problems },
        );
      }
      out.sort((a, b) => (a.date < b.date ? -1 : 1));
      await k.transaction().execute(async (tx) => {
        await repo.deleteAdminDaysBetween(tx, `${year}-01-01`, `${year}-12-31`);
        for (const d of out) await repo.upsertDay(tx, d);
        const years = new Set((await repo.getCalendarSetting<number[]>(tx, LOADED_YEARS_KEY)) ?? []);
        years.add(year);
        await repo.putCalendarSetting(tx, LOADED_YEARS_KEY, [...years].sort((a, b) => a - b), now, actor);
      });
      await load();
      return out;
    },

    async unloadYear(year) {
      assertYear(year);
      const removed = await k.transaction().execute(async (tx) => {
        const years = new Set((await repo.getCalendarSetting<number[]>(tx, LOADED_YEARS_KEY)) ?? []);
        const admins = (await repo.listDaysBetween(tx, `${year}-01-01`, `${year}-12-31`)).filter((d) => d.source === 'admin');
        if (!years.has(year) && admins.length === 0) {
          throw notFound('CALENDAR_YEAR_NOT_LOADED', `${year} 年没有管理员载入的日程`, `No administrator schedule loaded for ${year}`, { year });
        }
        const n = await repo.deleteAdminDaysBetween(tx, `${year}-01-01`, `${year}-12-31`);
        // Dataset entries shadowed by the removed admin rows apply again.
        const restore = packagedDataset().filter((d) => yearOf(d.date) === year && admins.some((a) => a.date === d.date));
        await repo.insertDaysIfAbsent(
          tx,
          restore.map((d) => ({ date: d.date, kind: d.kind, name: d.name, source: 'dataset' as const, updatedAt: clock.now(), updatedBy: null })),
        );
        years.delete(year);
        await repo.putCalendarSetting(tx, LOADED_YEARS_KEY, [...years].sort((a, b) => a - b), clock.now(), null);
        return n;
      });
      await load();
      return removed;
    },

    getWindows: () => formatWindows(windows),

    async setWindows(input, actor) {
      const parsed = parseWindows(input);
      const text = formatWindows(parsed);
      await repo.putCalendarSetting(k, WINDOWS_KEY, text, clock.now(), actor);
      await load();
      return text;
    },
  };
}
