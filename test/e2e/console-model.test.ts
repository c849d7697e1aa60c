/** The console's pure rules: navigation per role, action forms, words in both languages, map data,
 * server errors in the user's language. No browser needed. */
import { describe, expect, it } from 'vitest';
import { ROLES, canOpen, homePathFor, workspacesFor } from '../../web/src/model/workspaces.js';
import { ROLE_ACTIONS } from '../../src/auth/policy.js';
// The roles an account may hold (a channel's role, 公众, is nobody's and has no workspace).
import type { Role } from '../../src/auth/model.js';
import { ACTION_FORMS, LIGHT_COLORS, actionsFor, missingFields } from '../../web/src/model/lifecycle.js';
import { CASE_ACTIONS } from '../../src/cases/lifecycle.js';
import { en, zh, translate, translateDynamic } from '../../web/src/i18n/dict.js';
import { baseStyle, boundsOf, casesToGeoJson, clustersToGeoJson } from '../../web/src/model/mapdata.js';
import { heatCounts, heatHexagons } from '../../web/src/model/heat.js';
import { ApiError, detailLines, errorMessage } from '../../web/src/model/apiError.js';
import { countdown, formatInstant, shanghaiDay, shanghaiMidnightOf } from '../../web/src/model/format.js';
import { gradeCounts, ranked, toEvalRows } from '../../web/src/model/evaluation.js';

/** What GET /api/v1/me answers as `actions` for an account with these roles: the server's policy table. */
const may = (...roles: Role[]) => [...new Set(roles.flatMap((r) => ROLE_ACTIONS[r]))];

describe('navigation', () => {
  it('offers each role the workspaces its permissions open, from the server’s policy table', () => {
    expect(workspacesFor(may('handler')).map((w) => w.id)).toEqual(['tasks', 'cases', 'suggestions']);
    expect(workspacesFor(may('inspector')).map((w) => w.id)).toEqual(['inspector', 'cases']);
    expect(workspacesFor(may('operator')).map((w) => w.id)).toEqual(['command', 'intake', 'cases', 'iot', 'hotline', 'video', 'suggestions']);
    expect(workspacesFor(may('dispatcher')).map((w) => w.id)).toEqual(['command', 'dispatch', 'cases', 'dashboard', 'patrol', 'iot', 'hotline', 'suggestions']);
    expect(workspacesFor(may('evaluator')).map((w) => w.id)).toEqual(['cases', 'dashboard', 'patrol']);
  });

  it('offers the admin the administration and the device registry, and reads no cases (separation of duties)', () => {
    expect(workspacesFor(may('admin')).map((w) => w.id)).toEqual(['admin', 'iot']);
    expect(homePathFor(may('admin'))).toBe('/admin');
    expect(canOpen(may('admin'), '/cases/abc')).toBe(false);
    expect(canOpen(may('admin'), '/command')).toBe(false);
    expect(workspacesFor(may('admin', 'leader')).map((w) => w.id)).toEqual(['command', 'cases', 'dashboard', 'admin', 'enforcement', 'patrol', 'iot', 'hotline', 'video', 'suggestions']);
  });

  it('gives every role a workspace and a home page it may open', () => {
    for (const role of ROLES) {
      expect(workspacesFor(may(role)).length).toBeGreaterThan(0);
      expect(canOpen(may(role), homePathFor(may(role)))).toBe(true);
    }
  });

  it('never offers a workspace whose page needs a permission the user lacks', () => {
    for (const role of ROLES) for (const w of workspacesFor(may(role))) for (const p of w.all) expect(may(role)).toContain(p);
  });

  it('keeps a handler out of the admin pages but lets anyone who reads cases open one', () => {
    expect(canOpen(may('handler'), '/admin')).toBe(false);
    expect(canOpen(may('handler'), '/cases/abc')).toBe(true);
    expect(canOpen(may('operator', 'shift_lead'), '/intake')).toBe(true);
  });
});

describe('lifecycle actions', () => {
  it('has a form for every action the server knows', () => {
    for (const a of CASE_ACTIONS) expect(ACTION_FORMS[a]).toBeDefined();
  });

  it('offers the shift lead filing on an accepted report and the operator acceptance on a new one', () => {
    expect(actionsFor({ status: 'reported', phase: 'accepted', source: 'inspector' }, ['shift_lead'])).toContain('file');
    expect(actionsFor({ status: 'reported', phase: 'new', source: 'inspector' }, ['operator'])).toContain('accept');
    expect(actionsFor({ status: 'reported', phase: 'new', source: 'inspector' }, ['handler'])).toEqual([]);
  });

  it('prefers the actions the server lists for the user', () => {
    expect(actionsFor({ status: 'filed', phase: 'awaiting_dispatch', actions: ['dispatch', 'not_an_action'] }, ['admin'])).toEqual(['dispatch']);
  });

  it('names the fields still missing before a round trip', () => {
    expect(missingFields(ACTION_FORMS.handle, { note: '  ', photos: [] })).toEqual(['note', 'photos']);
    expect(missingFields(ACTION_FORMS.handle, { note: '已清理', photos: ['ab'] })).toEqual([]);
  });
});

describe('words', () => {
  it('has every key in English too, with placeholders filled', () => {
    for (const key of Object.keys(zh)) expect(en[key as keyof typeof en], key).toBeTruthy();
    expect(translate('zh', 'total', { n: 12 })).toBe('共 12 条');
    expect(translate('en', 'total', { n: 12 })).toBe('12 in total');
  });

  it('names statuses, roles and every action in both languages', () => {
    expect(translateDynamic('zh', 'status', 'filed')).toBe('已立案');
    expect(translateDynamic('en', 'role', 'shift_lead')).toBe('Shift lead');
    for (const a of CASE_ACTIONS) expect(translateDynamic('en', 'act', a)).not.toBe(a);
    expect(translateDynamic('zh', 'status', 'unknown_status')).toBe('unknown_status');
  });
});

describe('server errors', () => {
  const e = new ApiError(422, { code: 'OUTSIDE_MANAGED_AREA', message: '该位置不在管辖范围内', messageEn: 'The point is outside the managed area', details: { errors: [{ row: 17, message: "unknown unit '市政园林局二所'" }] } });

  it('shows the message in the current language', () => {
    expect(errorMessage(e, 'zh')).toBe('该位置不在管辖范围内');
    expect(errorMessage(e, 'en')).toBe('The point is outside the managed area');
    expect(errorMessage(new TypeError('fetch failed'), 'zh')).toBe('无法连接服务器');
  });

  it('lists row-level and field-level details', () => {
    expect(detailLines(e.details)).toEqual(["#17: unknown unit '市政园林局二所'"]);
    expect(detailLines([{ field: 'description', message: 'required' }])).toEqual(['description: required']);
  });
});

describe('map data', () => {
  it('uses no internet tiles unless a tile URL is configured', () => {
    expect(JSON.stringify(baseStyle())).not.toContain('http');
    expect(JSON.stringify(baseStyle('https://tiles.example/{z}/{x}/{y}.png'))).toContain('tiles.example');
  });

  it('turns cases into one GeoJSON source coloured by their light, skipping cases without a place', () => {
    const fc = casesToGeoJson([
      { id: 'a', lon: 118.1, lat: 24.5, light: 'red' },
      { id: 'b', lon: Number.NaN, lat: 24.5, light: 'green' },
      { id: 'c', lon: 118.2, lat: 24.6, light: null },
    ]);
    expect(fc.features.map((f) => f.properties.light)).toEqual(['red', 'none']);
    expect(fc.features[0]!.properties.color).toBe('#d4380d');
    expect(boundsOf(fc)).toEqual([[118.1, 24.5], [118.2, 24.6]]);
  });

  it('colours a cluster by most of its cases and rings it in the worst light it holds, so overdue cases never hide in green', () => {
    const fc = clustersToGeoJson([
      { lon: 118.1, lat: 24.5, count: 20, red: 3, yellow: 1 },
      { lon: 118.2, lat: 24.5, count: 12, red: 0, yellow: 2 },
      { lon: 118.3, lat: 24.5, count: 9, red: 0, yellow: 0 },
      { lon: 118.4, lat: 24.5, count: 5, red: 4, yellow: 0 },
      { lon: 118.5, lat: 24.5, count: 1, red: 1, yellow: 0, id: 'c1', code: '350203', light: 'red', cls: '暴露垃圾' },
    ]);
    const p = fc.features.map((f) => f.properties);
    expect(p.map((x) => x.light)).toEqual(['green', 'green', 'green', 'red', 'red']);
    expect(p.map((x) => x.ring)).toEqual([LIGHT_COLORS.red, LIGHT_COLORS.yellow, '#ffffff', LIGHT_COLORS.red, '#ffffff']);
    expect(p.map((x) => [x.count, x.red, x.yellow])).toEqual([[20, 3, 1], [12, 0, 2], [9, 0, 0], [5, 4, 0], [1, 1, 0]]);
    expect(p[4]!.id).toBe('c1');
    expect(translate('zh', 'map_cluster', { n: 20, red: 3, yellow: 1 })).toBe('20 件 · 超期 3 · 临期 1');
    expect(translate('en', 'map_cluster', { n: 20, red: 3, yellow: 1 })).toBe('20 cases · 3 overdue · 1 due soon');
  });

  it('counts cases per H3 cell and weighs the densest cell 1', () => {
    const counts = heatCounts([{ lon: 118.1, lat: 24.5 }, { lon: 118.1001, lat: 24.5001 }, { lon: 118.3, lat: 24.7 }], 8);
    expect([...counts.values()].sort()).toEqual([1, 2]);
    const hex = heatHexagons(counts);
    expect(hex.features).toHaveLength(2);
    expect(Math.max(...hex.features.map((f) => f.properties.weight))).toBe(1);
  });
});

describe('time and figures', () => {
  it('shows instants in Shanghai time', () => {
    const t = Date.UTC(2025, 9, 1, 1, 30); // 09:30 in Shanghai
    expect(formatInstant(t)).toBe('2025-10-01 09:30');
    expect(shanghaiDay(Date.UTC(2025, 8, 30, 16, 0))).toBe('2025-10-01');
    expect(shanghaiMidnightOf('2025-10-01')).toBe(Date.UTC(2025, 8, 30, 16, 0));
  });

  it('counts down to a deadline and marks overdue ones', () => {
    const now = 0;
    expect(countdown(26 * 3600_000 + 5 * 60_000, now).text).toBe('1d 2h');
    expect(countdown(-45 * 60_000, now)).toMatchObject({ overdue: true, text: '-45m' });
  });

  it('ranks evaluation rows by score and counts grades', () => {
    const row = (id: string, name: string, score: number, grade: string) =>
      ({ id, name, score, grade, rank: null, gradeColor: null, counters: { reports: 3 }, rates: { closureRate: 50, onTimeClosureRate: 25, reworkRate: null } }) as never;
    const rows = ranked(toEvalRows({ rows: [row('1', '思明区', 80, 'B'), row('2', '湖里区', 91.5, 'A')] }));
    expect(rows[0]!.onTimeClosureRate).toBe(0.25);
    expect(rows.map((r) => [r.name, r.rank])).toEqual([['湖里区', 1], ['思明区', 2]]);
    expect(gradeCounts(rows).slice(0, 2)).toEqual([{ grade: 'A', count: 1 }, { grade: 'B', count: 1 }]);
  });

  it('carries an inspector\'s patrol figures into the post evaluation rows, and none for other objects', () => {
    const patrol = { shifts: 2, distanceM: 5400, dutyMs: 8 * 3600_000, stationaryMs: 0, coverage: 87.5, anomalies: 1 };
    const base = { name: '陈监督', score: 90, grade: 'A', rank: null, gradeColor: null, counters: { reports: 4 }, rates: { closureRate: 100, onTimeClosureRate: 100, reworkRate: 0 } };
    const [inspector, unit] = toEvalRows({ rows: [{ ...base, id: 'u1', patrol }, { ...base, id: 'x' }] as never });
    expect(inspector!.patrol).toEqual({ shifts: 2, distanceM: 5400, dutyMs: 8 * 3600_000, coverage: 87.5, anomalies: 1 });
    expect(unit!.patrol).toBeUndefined();
  });
});
