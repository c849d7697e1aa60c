import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../src/auth/model.js';
import { buildTestApp, type TestApp } from '../helpers/app.js';

let t: TestApp;
let admin: Record<string, string>;
let inspector: Record<string, string>;

async function userHeaders(username: string, roles: Role[]): Promise<Record<string, string>> {
  await t.ctx.auth.createUser({ username, displayName: username, password: 'calendar-pass-1', roles, scope: { level: 'city', code: '350200' } });
  const { token } = await t.ctx.auth.login(username, 'calendar-pass-1');
  return { authorization: `Bearer ${token}` };
}

beforeAll(async () => {
  t = await buildTestApp();
  admin = await userHeaders('cal-admin', ['admin']);
  inspector = await userHeaders('cal-inspector', ['inspector']);
}, 60_000);
afterAll(async () => {
  await t?.close();
});

const get = (url: string, headers: Record<string, string> = inspector) => t.app.inject({ method: 'GET', url, headers });

describe('GET /api/v1/calendar/deadline', () => {
  it('answers a working-days deadline over the 2025 National Day week for any logged-in user', async () => {
    const res = await get('/api/v1/calendar/deadline?start=2025-09-30T10:00:00%2B08:00&amount=3&unit=work_days');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      start: Date.parse('2025-09-30T10:00:00+08:00'),
      startIso: '2025-09-30T10:00:00.000+08:00',
      deadline: Date.parse('2025-10-11T10:00:00+08:00'),
      deadlineIso: '2025-10-11T10:00:00.000+08:00',
      unit: 'work_days',
      amount: 3,
    });
  });

  it('accepts epoch ms and fractional working hours', async () => {
    const start = Date.parse('2026-09-30T17:00:00+08:00');
    const res = await get(`/api/v1/calendar/deadline?start=${start}&amount=1.5&unit=work_hours`);
    expect(res.json().deadlineIso).toBe('2026-10-08T09:00:00.000+08:00');
  });

  it('refuses anonymous callers and bad input with clear codes', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/calendar/deadline?start=2025-01-02&amount=1&unit=hours' })).statusCode).toBe(401);
    const badStart = await get('/api/v1/calendar/deadline?start=yesterday&amount=1&unit=hours');
    expect(badStart.statusCode).toBe(400);
    expect(badStart.json().code).toBe('CALENDAR_INSTANT_INVALID');
    const badUnit = await get('/api/v1/calendar/deadline?start=2025-01-02&amount=1&unit=weeks');
    expect(badUnit.statusCode).toBe(400);
    expect(badUnit.json().code).toBe('VALIDATION_FAILED');
    const farAway = await get('/api/v1/calendar/deadline?start=2150-01-02&amount=1&unit=hours');
    expect(farAway.statusCode).toBe(400);
    expect(farAway.json().code).toBe('CALENDAR_OUT_OF_RANGE');
  });
});

describe('calendar days and overrides', () => {
  it('lists a year and says whether it is covered', async () => {
    const res = await get('/api/v1/calendar/days?year=2026');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.covered).toBe(true);
    expect(body.days.filter((d: { kind: string }) => d.kind === 'workday').map((d: { date: string }) => d.date)).toEqual([
      '2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10',
    ]);
    expect((await get('/api/v1/calendar/days?year=2027')).json()).toEqual({ year: 2027, covered: false, days: [] });
    expect((await get('/api/v1/calendar/days?year=1800')).json().code).toBe('CALENDAR_YEAR_INVALID');
  });

  it('lets an admin make 2027-01-01 a holiday and then removes it; others may not', async () => {
    const url = '/api/v1/calendar/overrides/2027-01-01';
    const payload = { kind: 'holiday', name: '元旦' };
    expect((await t.app.inject({ method: 'PUT', url, headers: inspector, payload })).statusCode).toBe(403);

    const put = await t.app.inject({ method: 'PUT', url, headers: admin, payload });
    expect(put.statusCode).toBe(200);
    expect(put.json()).toMatchObject({ date: '2027-01-01', kind: 'holiday', source: 'admin' });
    const due = await get('/api/v1/calendar/deadline?start=2026-12-31T17:00:00%2B08:00&amount=1&unit=work_hours');
    expect(due.json().deadlineIso).toBe('2027-01-04T08:30:00.000+08:00');

    const del = await t.app.inject({ method: 'DELETE', url, headers: admin });
    expect(del.statusCode).toBe(200);
    expect(del.json()).toMatchObject({ removed: { date: '2027-01-01' }, restored: null });
    const again = await t.app.inject({ method: 'DELETE', url, headers: admin });
    expect(again.statusCode).toBe(404);
    expect(again.json().code).toBe('CALENDAR_OVERRIDE_NOT_FOUND');
  });

  it('answers a bad date with CALENDAR_DATE_INVALID', async () => {
    const res = await t.app.inject({ method: 'PUT', url: '/api/v1/calendar/overrides/2027-02-30', headers: admin, payload: { kind: 'holiday', name: 'x' } });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'CALENDAR_DATE_INVALID', messageEn: expect.stringContaining('2027-02-30') });
    expect(res.json().message).toMatch(/日期无效/);
  });

  it("loads 2027's schedule for the whole year and reports coverage", async () => {
    const put = await t.app.inject({
      method: 'PUT',
      url: '/api/v1/calendar/years/2027',
      headers: admin,
      payload: { days: [{ date: '2027-01-01', kind: 'holiday', name: '元旦' }] },
    });
    expect(put.statusCode).toBe(200);
    const years = (await get('/api/v1/calendar/years')).json();
    expect(years.covered).toContain(2027);
    expect(years.years.find((y: { year: number }) => y.year === 2027)).toMatchObject({ covered: true, loadedByAdmin: true, adminDays: 1 });
    expect((await t.app.inject({ method: 'DELETE', url: '/api/v1/calendar/years/2027', headers: admin })).json()).toEqual({ year: 2027, removed: 1 });
  });
});

describe('work windows', () => {
  it('shows the default windows and lets an admin change them', async () => {
    expect((await get('/api/v1/calendar/windows')).json()).toEqual({
      windows: [{ start: '08:00', end: '12:00' }, { start: '14:30', end: '17:30' }],
      timeZone: 'Asia/Shanghai',
      dayWorkHours: 7,
    });
    const windows = [{ start: '08:00', end: '11:30' }, { start: '14:00', end: '20:00' }];
    expect((await t.app.inject({ method: 'PUT', url: '/api/v1/calendar/windows', headers: inspector, payload: { windows } })).statusCode).toBe(403);
    const bad = await t.app.inject({ method: 'PUT', url: '/api/v1/calendar/windows', headers: admin, payload: { windows: [{ start: '12:00', end: '08:00' }] } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().code).toBe('CALENDAR_WINDOWS_INVALID');
    const ok = await t.app.inject({ method: 'PUT', url: '/api/v1/calendar/windows', headers: admin, payload: { windows } });
    expect(ok.json()).toMatchObject({ windows, dayWorkHours: 9.5 });
    const due = await get('/api/v1/calendar/deadline?start=2025-06-10T11:00:00%2B08:00&amount=1&unit=work_hours');
    expect(due.json().deadlineIso).toBe('2025-06-10T14:30:00.000+08:00');
  });
});

describe('OpenAPI', () => {
  it('documents the calendar endpoints', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/v1/calendar/deadline', '/api/v1/calendar/overrides/{date}', '/api/v1/calendar/windows']));
  });
});
