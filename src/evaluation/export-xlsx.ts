/**
 * The evaluation as an XLSX workbook (exceljs): one sheet of results with Chinese headers (rank,
 * object, score, grade, rates, counters), a total line, and a sheet explaining the formulas.
 */
import { loadExcel } from '../catalog/sheet-files.js';
import { toShanghaiIso } from '../core/time.js';
import { COUNTER_KEYS, COUNTER_NAMES, OBJECT_TYPE_NAMES, RATE_KEYS, RATE_NAMES, type Counters, type EvaluationLevel, type Period } from './model.js';
import type { EvaluationRow } from './rows.js';

const LEVEL_TITLES: Record<EvaluationLevel, string> = {
  district: '区', street: '街道(镇)', community: '社区', grid: '单元网格', unit: '专业部门', post: '岗位',
};

export async function exportRowsXlsx(e: { level: EvaluationLevel; period: Period; asOf: number | null; rows: EvaluationRow[]; totals: Counters }): Promise<Buffer> {
  const wb = new (await loadExcel()).Workbook();
  wb.creator = 'CityLoop';
  const ws = wb.addWorksheet('评价结果', { views: [{ state: 'frozen', xSplit: 4, ySplit: 2 }] });
  const title = `${LEVEL_TITLES[e.level]}综合评价  ${e.period.from} 至 ${e.period.to}` + (e.asOf !== null ? `（数据截至 ${toShanghaiIso(e.asOf)}）` : '');
  ws.addRow([title]).font = { bold: true, size: 14 };
  const headers = [
    '排名', '对象类型', '编码', '名称', '综合得分', '评价等级',
    ...RATE_KEYS.map((k) => `${RATE_NAMES[k].zh}(%)`),
    ...COUNTER_KEYS.map((k) => COUNTER_NAMES[k].zh),
    '应处置数', '应结案数',
  ];
  const head = ws.addRow(headers);
  head.font = { bold: true };
  head.alignment = { vertical: 'middle', horizontal: 'center', wrapText: true };
  for (const r of e.rows) {
    const row = ws.addRow([
      r.rank ?? '', OBJECT_TYPE_NAMES[r.type].zh, r.id, r.name, r.score ?? '', r.grade ? `${r.grade}（${r.gradeName}）` : '无数据',
      ...RATE_KEYS.map((k) => r.rates[k] ?? ''),
      ...COUNTER_KEYS.map((k) => r.counters[k]),
      r.derived.needHandle, r.derived.needClose,
    ]);
    if (r.gradeColor) {
      row.getCell(6).fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: `FF${r.gradeColor.replace('#', '').toUpperCase()}` } };
    }
  }
  const total = ws.addRow([
    '', '合计', '', '', '', '', ...RATE_KEYS.map(() => ''), ...COUNTER_KEYS.map((k) => e.totals[k]),
    e.totals.handled + e.totals.overdueUnhandled, e.totals.closed + e.totals.overdueOpen,
  ]);
  total.font = { bold: true };
  ws.getColumn(3).width = 20;
  ws.getColumn(4).width = 24;

  const notes = wb.addWorksheet('指标说明');
  notes.addRow(['指标', '计算方法']).font = { bold: true };
  for (const k of RATE_KEYS) notes.addRow([RATE_NAMES[k].zh, RATE_NAMES[k].formula]);
  notes.addRow([]);
  notes.addRow(['说明', '全部数字由案卷流转记录（事件日志）推导；"按时/按期"指该环节时限未亮红灯；超期未结案数、超时未处置数为评价期末的存量。']);
  notes.getColumn(1).width = 18;
  notes.getColumn(2).width = 60;
  return Buffer.from(await wb.xlsx.writeBuffer());
}
