/**
 * A case search as an XLSX workbook (exceljs): one row per case with Chinese headers — code, status,
 * class, source, place (district · street · community · grid), address, unit, times and light — and
 * the filters it was made with. Pure: records in, bytes out.
 */
import { loadExcel } from '../core/sheet-files.js';
import { toShanghaiIso } from '../core/time.js';
import { LIGHT_NAMES } from './lights.js';
import { PHASE_NAMES, SOURCE_NAMES, STATUS_NAMES } from './model.js';
import type { CaseRecord } from './record.js';

const HEADERS = [
  '案卷编号', '状态', '环节', '类别编码', '类别名称', '来源', '区', '街道', '社区', '单元网格', '地址', '问题描述',
  '责任单位', '上报时间', '当前环节应完成', '结案时间', '灯色', '督办',
] as const;

const time = (ms: number | null): string => (ms === null ? '' : toShanghaiIso(ms).slice(0, 16).replace('T', ' '));

export async function casesXlsx(cases: readonly CaseRecord[], meta: { filters: string; total: number; totalCapped?: boolean; generatedAt: number }): Promise<Buffer> {
  const wb = new (await loadExcel()).Workbook();
  wb.creator = 'CityLoop';
  const ws = wb.addWorksheet('案卷', { views: [{ state: 'frozen', xSplit: 1, ySplit: 2 }] });
  const note = `案卷查询结果 共 ${meta.total}${meta.totalCapped ? '+' : ''} 件${meta.totalCapped || meta.total > cases.length ? `（导出前 ${cases.length} 件）` : ''}  导出于 ${time(meta.generatedAt)}  条件：${meta.filters || '全部'}`;
  ws.addRow([note]).font = { bold: true };
  const head = ws.addRow([...HEADERS]);
  head.font = { bold: true };
  for (const c of cases) {
    ws.addRow([
      c.code, STATUS_NAMES[c.status], PHASE_NAMES[c.phase], c.categoryCode, c.categoryName, SOURCE_NAMES[c.source],
      c.place.names.district, c.place.names.street, c.place.names.community, c.place.gridCode, c.address ?? '', c.description,
      c.unit?.name ?? '', time(c.reportedAt), time(c.clock.dueAt), time(c.closedAt), LIGHT_NAMES[c.clock.light],
      c.supervised ? '是' : '',
    ]);
  }
  const widths = [22, 10, 12, 10, 18, 10, 10, 14, 14, 18, 28, 40, 22, 17, 17, 17, 6, 6];
  widths.forEach((w, i) => (ws.getColumn(i + 1).width = w));
  return Buffer.from(await wb.xlsx.writeBuffer());
}
