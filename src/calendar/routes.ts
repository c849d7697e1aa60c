/** HTTP for the working-time calendar. Route = authenticate → validate → authorize → one service call → present. */
import { Type } from 'typebox';
import type { AppContext } from '../app.js';
import { authorize, CITY_WIDE } from '../auth/policy.js';
import { badRequest } from '../core/errors.js';
import { parseInstant, toShanghaiIso } from '../core/time.js';
import { requireUser } from '../http/auth-hook.js';
import type { Api } from '../http/types.js';
import type { CalendarDay } from './model.js';

const tags = ['calendar'];
const Err = Type.Ref('Error');
const errors = { 400: Err, 401: Err, 403: Err, 404: Err };

const Unit = Type.Union([Type.Literal('work_hours'), Type.Literal('work_days'), Type.Literal('hours'), Type.Literal('days')], {
  description: 'work_hours 工作时 | work_days 工作日 | hours 小时 | days 天',
});
const Kind = Type.Union([Type.Literal('workday'), Type.Literal('holiday')], { description: 'workday 上班 | holiday 休息' });
const Instant = Type.String({ description: 'ISO 8601 (no offset = Shanghai time) or epoch ms', examples: ['2025-09-30T16:30:00+08:00'] });
const Day = Type.Object({
  date: Type.String(),
  kind: Kind,
  name: Type.String(),
  source: Type.Union([Type.Literal('dataset'), Type.Literal('admin')]),
  updatedAt: Type.Number(),
  updatedBy: Type.Union([Type.String(), Type.Null()]),
});
const Window = Type.Object({ start: Type.String({ examples: ['08:00'] }), end: Type.String({ examples: ['12:00'] }) }, { additionalProperties: false });
const WindowsOut = Type.Object({ windows: Type.Array(Window), timeZone: Type.String(), dayWorkHours: Type.Number() });
const DateParam = Type.Object({ date: Type.String({ description: 'YYYY-MM-DD' }) });
const YearParam = Type.Object({ year: Type.Integer() });

function instant(value: string, field: string): number {
  const t = parseInstant(value);
  if (!Number.isFinite(t)) {
    throw badRequest('CALENDAR_INSTANT_INVALID', `时间无效：${field}=${value}（应为 ISO 8601 或毫秒时间戳）`, `Invalid instant: ${field}=${value} (expected ISO 8601 or epoch ms)`, { field, value });
  }
  return t;
}

const presentDay = (d: CalendarDay) => ({ date: d.date, kind: d.kind, name: d.name, source: d.source, updatedAt: d.updatedAt, updatedBy: d.updatedBy });

export async function calendarRoutes(app: Api, ctx: AppContext): Promise<void> {
  const cal = ctx.calendar;
  const windowsOut = () => {
    const windows = cal.getWindows();
    const minutes = windows.reduce((s, w) => s + (Number(w.end.slice(0, 2)) * 60 + Number(w.end.slice(3))) - (Number(w.start.slice(0, 2)) * 60 + Number(w.start.slice(3))), 0);
    return { windows, timeZone: 'Asia/Shanghai', dayWorkHours: minutes / 60 };
  };

  app.get(
    '/api/v1/calendar/deadline',
    {
      schema: {
        tags,
        summary: 'Deadline = start + amount in working hours, working days, hours or days · 计算时限',
        querystring: Type.Object({ start: Instant, amount: Type.Number({ minimum: 0 }), unit: Unit }),
        response: {
          200: Type.Object({ start: Type.Number(), startIso: Type.String(), deadline: Type.Number(), deadlineIso: Type.String(), unit: Unit, amount: Type.Number() }),
          ...errors,
        },
      },
    },
    async (req) => {
      const user = requireUser(req);
      const start = instant(req.query.start, 'start');
      authorize(user, 'calendar.read');
      const deadline = cal.deadline(start, req.query.amount, req.query.unit);
      return { start, startIso: toShanghaiIso(start), deadline, deadlineIso: toShanghaiIso(deadline), unit: req.query.unit, amount: req.query.amount };
    },
  );

  app.get(
    '/api/v1/calendar/elapsed',
    {
      schema: {
        tags,
        summary: 'Time between two instants, in working hours, working days, hours or days · 计算用时',
        querystring: Type.Object({ from: Instant, to: Instant, unit: Unit }),
        response: { 200: Type.Object({ from: Type.Number(), to: Type.Number(), unit: Unit, elapsed: Type.Number() }), ...errors },
      },
    },
    async (req) => {
      const user = requireUser(req);
      const from = instant(req.query.from, 'from');
      const to = instant(req.query.to, 'to');
      authorize(user, 'calendar.read');
      return { from, to, unit: req.query.unit, elapsed: cal.elapsed(from, to, req.query.unit) };
    },
  );

  app.get(
    '/api/v1/calendar/days',
    {
      schema: {
        tags,
        summary: 'Holidays, make-up workdays and overrides of a year · 节假日与调休',
        querystring: Type.Object({ year: Type.Integer() }),
        response: { 200: Type.Object({ year: Type.Integer(), covered: Type.Boolean(), days: Type.Array(Day) }), ...errors },
      },
    },
    async (req) => {
      const user = requireUser(req);
      authorize(user, 'calendar.read');
      const days = await cal.listDays(req.query.year);
      return { year: req.query.year, covered: cal.coveredYears().includes(req.query.year), days: days.map(presentDay) };
    },
  );

  app.get(
    '/api/v1/calendar/years',
    {
      schema: {
        tags,
        summary: 'Which years have their holiday schedule loaded · 已载入年度',
        response: {
          200: Type.Object({
            covered: Type.Array(Type.Integer()),
            years: Type.Array(
              Type.Object({
                year: Type.Integer(),
                covered: Type.Boolean(),
                fromDataset: Type.Boolean(),
                loadedByAdmin: Type.Boolean(),
                holidays: Type.Integer(),
                workdays: Type.Integer(),
                adminDays: Type.Integer(),
              }),
            ),
          }),
          ...errors,
        },
      },
    },
    async (req) => {
      authorize(requireUser(req), 'calendar.read');
      return { covered: cal.coveredYears(), years: cal.yearCoverage() };
    },
  );

  app.put(
    '/api/v1/calendar/years/:year',
    {
      schema: {
        tags,
        summary: "Load a year's published holiday schedule (replaces that year's admin entries) · 载入年度节假日安排",
        params: YearParam,
        body: Type.Object({ days: Type.Array(Type.Object({ date: Type.String(), kind: Kind, name: Type.String() }), { maxItems: 366 }) }),
        response: { 200: Type.Object({ year: Type.Integer(), days: Type.Array(Day) }), ...errors },
      },
    },
    async (req) => {
      const user = requireUser(req);
      authorize(user, 'calendar.admin', CITY_WIDE);
      const days = await cal.loadYear(req.params.year, req.body.days, user.id);
      return { year: req.params.year, days: days.map(presentDay) };
    },
  );

  app.delete(
    '/api/v1/calendar/years/:year',
    {
      schema: {
        tags,
        summary: "Remove a year's admin-loaded schedule · 撤销年度安排",
        params: YearParam,
        response: { 200: Type.Object({ year: Type.Integer(), removed: Type.Integer() }), ...errors },
      },
    },
    async (req) => {
      authorize(requireUser(req), 'calendar.admin', CITY_WIDE);
      return { year: req.params.year, removed: await cal.unloadYear(req.params.year) };
    },
  );

  app.put(
    '/api/v1/calendar/overrides/:date',
    {
      schema: {
        tags,
        summary: 'Set a local override for one day (wins over the dataset) · 设置例外日期',
        params: DateParam,
        body: Type.Object({ kind: Kind, name: Type.String({ minLength: 1, maxLength: 50 }) }),
        response: { 200: Day, ...errors },
      },
    },
    async (req) => {
      const user = requireUser(req);
      authorize(user, 'calendar.admin', CITY_WIDE);
      return presentDay(await cal.setOverride(req.params.date, req.body.kind, req.body.name, user.id));
    },
  );

  app.delete(
    '/api/v1/calendar/overrides/:date',
    {
      schema: {
        tags,
        summary: 'Remove a local override; the dataset entry applies again · 删除例外日期',
        params: DateParam,
        response: { 200: Type.Object({ removed: Day, restored: Type.Union([Day, Type.Null()]) }), ...errors },
      },
    },
    async (req) => {
      authorize(requireUser(req), 'calendar.admin', CITY_WIDE);
      const { removed, restored } = await cal.removeOverride(req.params.date);
      return { removed: presentDay(removed), restored: restored ? presentDay(restored) : null };
    },
  );

  app.get(
    '/api/v1/calendar/windows',
    { schema: { tags, summary: 'Daily work windows (Asia/Shanghai) · 工作时段', response: { 200: WindowsOut, ...errors } } },
    async (req) => {
      authorize(requireUser(req), 'calendar.read');
      return windowsOut();
    },
  );

  app.put(
    '/api/v1/calendar/windows',
    {
      schema: {
        tags,
        summary: 'Change the daily work windows · 修改工作时段',
        body: Type.Object({ windows: Type.Array(Window, { minItems: 1, maxItems: 12 }) }, { additionalProperties: false }),
        response: { 200: WindowsOut, ...errors },
      },
    },
    async (req) => {
      const user = requireUser(req);
      authorize(user, 'calendar.admin', CITY_WIDE);
      await cal.setWindows(req.body.windows, user.id);
      return windowsOut();
    },
  );
}
