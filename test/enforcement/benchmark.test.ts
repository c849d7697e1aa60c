import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readTable, writeTable } from '../../src/core/sheet-files.js';
import { benchmarkToRows, parseConditions, rowsToBenchmark } from '../../src/enforcement/benchmark-sheet.js';
import { DEMO_ITEMS, DEMO_RULES } from '../../src/enforcement/seed.js';
import { enforcementApp, KINDS, type EnforcementApp } from './helpers.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const code = (res: { statusCode: number; json(): any }) => [res.statusCode, res.json().code];

describe('the discretion benchmark as a spreadsheet', () => {
  it('reads back exactly what it writes, conditions in the words people use', () => {
    const rows = benchmarkToRows(DEMO_RULES, DEMO_ITEMS);
    expect(rows[1]![10]).toContain('面积（平方米）≤5');
    const back = rowsToBenchmark(rows);
    expect(back.errors).toEqual([]);
    expect(back.rules).toEqual(DEMO_RULES);
    expect(back.items).toEqual(DEMO_ITEMS);
    expect(parseConditions('面积<=10；首次违法=否；次数>2')).toEqual({ conditions: [{ field: 'areaM2', op: 'lte', value: 10 }, { flag: 'firstTime', is: false }, { field: 'count', op: 'gt', value: 2 }] });
  });

  it('collects every bad row with its row number and column', () => {
    const rows = benchmarkToRows(DEMO_RULES.slice(0, 1), []);
    rows[1]![10] = '面积大约十平米';
    rows[3]![4] = '另一个类别';
    rows.push([...rows[2]!.slice(0, 11), '300', '200', '']);
    rows.push(['不予处罚清单', 'BY-9', 'NOPE-1', '', '', '', '', '', '', '首次', '首次违法=是', '', '', '行政处罚法第三十三条']);
    rows.push(['五张清单', 'X-1', '', '', '', '', '', '', '', 'x', '', '', '', 'y']);
    const r = rowsToBenchmark(rows);
    expect(r.errors.map((e) => [e.row, e.column])).toEqual(expect.arrayContaining([[2, '适用条件'], [4, '违法行为名称'], [5, '罚款下限（元）'], [6, '违法行为代码'], [7, '类型']]));
    expect(r.errors.find((e) => e.row === 2)!.message).toMatch(/^第2行：无法识别的条件/);
  });
});

for (const kind of KINDS) {
  describe(`benchmark import/export, the calculator and the leader figures over HTTP (${kind})`, () => {
    let t: EnforcementApp;
    beforeAll(async () => {
      t = await enforcementApp(kind);
    }, 120_000);
    afterAll(async () => t?.close());

    it('exports the benchmark as XLSX, imports it back whole, and refuses a file with errors importing nothing', async () => {
      const ex = await t.app.inject({ method: 'GET', url: '/api/v1/enforcement/benchmark/export', headers: t.h.enforcer });
      expect(ex.statusCode).toBe(200);
      expect(ex.headers['content-type']).toBe(XLSX);
      const table = await readTable(ex.rawPayload, 'xlsx');
      expect(table[0]!.slice(0, 4)).toEqual(['类型', '编号', '违法行为代码', '违法行为名称']);
      expect(table.filter((r) => r[0] === '裁量档次').length).toBe(DEMO_RULES.reduce((n, r) => n + r.tiers.length, 0));

      expect(code(await t.app.inject({ method: 'POST', url: '/api/v1/enforcement/benchmark/import', headers: { ...t.h.enforcer, 'content-type': XLSX }, payload: ex.rawPayload }))).toEqual([403, 'FORBIDDEN_ROLE']);
      // The administrator raises a tier's range and imports the edited file.
      const edited = table.map((r) => [...r]);
      const row = edited.findIndex((r) => r[1] === 'SR-001' && r[8] === '严重');
      edited[row]![12] = '800';
      const ok = await t.app.inject({ method: 'POST', url: '/api/v1/enforcement/benchmark/import', headers: { ...t.h.admin, 'content-type': XLSX }, payload: await writeTable(edited, 'xlsx', '裁量基准') });
      expect(ok.statusCode, ok.body).toBe(200);
      expect(ok.json()).toEqual({ format: 'xlsx', rules: DEMO_RULES.length, tiers: DEMO_RULES.reduce((n, r) => n + r.tiers.length, 0), items: DEMO_ITEMS.length });
      const now = (await t.app.inject({ method: 'GET', url: '/api/v1/enforcement/benchmark', headers: t.h.legalreviewer })).json();
      expect(now.rules.find((r: { code: string }) => r.code === 'SR-001').tiers[2].maxFen).toBe(80_000);

      edited[row]![11] = '900';
      edited[2]![0] = '奇怪的类型';
      const bad = await t.app.inject({ method: 'POST', url: '/api/v1/enforcement/benchmark/import', headers: { ...t.h.admin, 'content-type': XLSX }, payload: await writeTable(edited, 'xlsx', '裁量基准') });
      expect(code(bad)).toEqual([422, 'BENCHMARK_IMPORT_INVALID']);
      expect(bad.json().details.errors.map((e: { row: number }) => e.row)).toEqual([3, row + 1]);
      const after = (await t.app.inject({ method: 'GET', url: '/api/v1/enforcement/benchmark', headers: t.h.admin })).json();
      expect(after.rules.find((r: { code: string }) => r.code === 'SR-001').tiers[2].maxFen).toBe(80_000);
      expect(code(await t.app.inject({ method: 'POST', url: '/api/v1/enforcement/benchmark/import', headers: { ...t.h.admin, 'content-type': XLSX }, payload: Buffer.from('PK\u0003\u0004not a zip') }))).toEqual([400, 'SPREADSHEET_UNREADABLE']);
    }, 60_000);

    it('calculates the tier, range and the four lists for a violation and its facts', async () => {
      const calc = (body: Record<string, unknown>, who = 'enforcer') => t.app.inject({ method: 'POST', url: '/api/v1/enforcement/discretion/calculate', headers: t.h[who], payload: body });
      const plain = (await calc({ violationCode: 'SR-001', facts: { areaM2: 12 } })).json();
      expect(plain).toMatchObject({ tier: { level: '一般', index: 1 }, rangeMinFen: 5_000, rangeMaxFen: 20_000, benchmarkFen: 12_500, fineFen: 12_500, waivedFen: 0, outcome: 'penalty', lenience: null });
      const waived = (await calc({ violationCode: 'SR-001', facts: { areaM2: 1, firstTime: true, rectified: true, harm: false, count: 1 } })).json();
      expect(waived).toMatchObject({ outcome: 'no_penalty', fineFen: 0, lenience: { list: 'no_penalty', listName: '不予处罚清单', itemId: 'BY-01' }, noCoercion: true });
      expect(code(await calc({ violationCode: 'NOPE', facts: {} }))).toEqual([422, 'VIOLATION_UNKNOWN']);
      expect(code(await calc({ violationCode: 'SR-001', facts: { areaM2: -1 } }))).toEqual([400, 'VALIDATION_FAILED']);
      expect(code(await calc({ violationCode: 'SR-001', facts: {} }, 'inspector'))).toEqual([403, 'FORBIDDEN_ROLE']);
    });

    it('gives the head figures by district and squad within the head’s area', async () => {
      const clue = async () => (await t.app.inject({ method: 'POST', url: '/api/v1/penalty-cases/clues', headers: t.h.enforcer, payload: { source: 'patrol', summary: '占道经营', address: '中山路', lon: t.point.lon, lat: t.point.lat } })).json().penaltyCase;
      await t.step('enforcer', await clue(), 'summary', { violationCode: 'SR-001', party: { kind: 'person', name: '李四' }, fineFen: 5_000, facts: '占道经营', paidOnSpot: true, receiptNo: 'F1' });
      await t.step('enforcer', await clue(), 'summary', { violationCode: 'SR-001', party: { kind: 'org', name: '某店' }, fineFen: 150_000, facts: '店外经营' });
      await clue();
      const r = await t.app.inject({ method: 'GET', url: '/api/v1/enforcement/figures?by=district', headers: t.h.leader });
      expect(r.statusCode, r.body).toBe(200);
      const siming = r.json().lines.find((l: { key: string }) => l.key === '350203');
      expect(siming).toMatchObject({ name: '思明区', cases: 3, decided: 2, penalties: 2, fineFen: 155_000, onTime: 2, onTimeRate: 1, reviewed: 0, avgScore: null });
      expect(r.json().total.fineFen).toBe(155_000);
      const squads = (await t.app.inject({ method: 'GET', url: '/api/v1/enforcement/figures?by=squad', headers: t.h.leader })).json();
      expect(squads.lines.reduce((n: number, l: { cases: number }) => n + l.cases, 0)).toBe(3);
      const huli = (await t.app.inject({ method: 'GET', url: '/api/v1/enforcement/figures', headers: t.h['huli.leader'] })).json();
      expect(huli.total.cases).toBe(0);
      expect(code(await t.app.inject({ method: 'GET', url: '/api/v1/enforcement/figures', headers: t.h.enforcer }))).toEqual([403, 'FORBIDDEN_ROLE']);
      expect(code(await t.app.inject({ method: 'GET', url: '/api/v1/enforcement/figures?from=the-day-before-yesterday', headers: t.h.leader }))).toEqual([400, 'INSTANT_INVALID']);
    });
  });
}

describe('the benchmark among the registers a city loads from files', () => {
  it('has a template that imports as it is downloaded, and exports what it imported', async () => {
    const { registerTemplate, importRegister, exportRegister, REGISTER_KINDS } = await import('../../src/registers.js');
    expect(REGISTER_KINDS).toContain('benchmark');
    const t = await enforcementApp('sqlite');
    try {
      const tpl = await registerTemplate('benchmark', 'csv');
      expect(await importRegister(t.ctx, 'benchmark', tpl.body, { filename: tpl.filename })).toMatchObject({ rules: 1, tiers: 1, items: 0, total: 1 });
      const out = await readTable((await exportRegister(t.ctx, 'benchmark', 'xlsx')).body, 'xlsx');
      expect(out.slice(1).map((r) => r.slice(0, 2))).toEqual([['裁量档次', 'SR-001']]);
      const viaHttp = await t.app.inject({ method: 'GET', url: '/api/v1/admin/registers/benchmark/export?format=csv', headers: t.h.admin });
      expect(viaHttp.statusCode).toBe(200);
      expect(viaHttp.body).toContain('裁量档次');
    } finally {
      await t.close();
    }
  }, 60_000);
});
