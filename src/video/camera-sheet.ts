/**
 * The camera register as a spreadsheet (XLSX or CSV, Chinese column names): rows to camera inputs with
 * every row's errors, and cameras to rows. The algorithms enabled on a camera are one cell,
 * `CODE[@HH:MM-HH:MM+HH:MM-HH:MM][#confidence]` separated by `;` or `、` (e.g.
 * `ALG-SHOP-OUT@07:00-22:00#0.7; ALG-PILE`); regions of interest are JSON. The art. 41 review is six
 * columns: left all empty, an existing camera keeps its review. Pure: the shelf, the map, the area and
 * the sign photos are checked by the service.
 */
import { checked, parseActive, parseRows, type ParsedRows, type SheetColumn } from '../core/sheet-table.js';
import { checkBody } from '../workflow/body.js';
import { CameraInput, ReviewInput, type CameraInputT } from './schemas.js';
import { TIME_PATTERN, type Art41Review, type Camera, type CameraAlgorithm, type ReviewResult } from './model.js';

export const CAMERA_COLUMNS: readonly SheetColumn[] = [
  { zh: '摄像头编号', en: 'camera code', required: true, aliases: ['编号'], example: 'CAM-350203-0001' },
  { zh: '名称', en: 'name', required: true, aliases: ['摄像头名称'], example: '中山路与大同路口1号' },
  { zh: '权属单位', en: 'owner', required: true, example: '市城管局' },
  { zh: '经度', en: 'longitude', required: true, example: '118.0830' },
  { zh: '纬度', en: 'latitude', required: true, example: '24.4560' },
  { zh: '地址', en: 'address', example: '思明区中山路' },
  { zh: '朝向', en: 'direction (degrees)', example: '90' },
  { zh: '启用算法', en: 'algorithms', example: 'ALG-SHOP-OUT@07:00-22:00#0.7; ALG-PILE' },
  { zh: '识别区域', en: 'regions (JSON)', example: '[{"name":"商铺门前","points":[[0.05,0.45],[0.95,0.45],[0.95,0.98],[0.05,0.98]],"algorithms":["ALG-SHOP-OUT"]}]' },
  { zh: '状态', en: 'state', example: '在用' },
  { zh: '法制审核日期', en: 'legal review date', example: '2026-01-05' },
  { zh: '法制审核结果', en: 'legal review result', example: '通过' },
  { zh: '技术审核日期', en: 'technical review date', example: '2026-01-06' },
  { zh: '技术审核结果', en: 'technical review result', example: '通过' },
  { zh: '标识照片', en: 'sign photo (SHA-256)', aliases: ['标识照片SHA256'], example: '' },
  { zh: '公布位置', en: 'published location', example: '中山路与大同路交叉口' },
];

export interface CameraRow {
  code: string;
  input: CameraInputT;
  /** Null: the review columns were empty (an existing camera keeps its review). */
  review: Art41Review | null;
}

const RESULT_WORDS: Record<string, ReviewResult> = { 通过: 'passed', 合格: 'passed', passed: 'passed', 不通过: 'failed', 未通过: 'failed', 不合格: 'failed', failed: 'failed' };
const RESULT_NAMES: Record<ReviewResult, string> = { passed: '通过', failed: '不通过' };
const HHMM = TIME_PATTERN.slice(1, -1).replace('(', '(?:');
const WINDOW = new RegExp(`^(${HHMM})-(${HHMM})$`);
/** The column a schema complaint about a camera member belongs to. */
const COLUMN_OF: Record<string, string> = { name: '名称', owner: '权属单位', lon: '经度', lat: '纬度', address: '地址', direction: '朝向', algorithms: '启用算法', rois: '识别区域', online: '状态' };

type Binding = NonNullable<CameraInputT['algorithms']>[number];

/** `ALG-X@07:00-22:00+23:00-01:00#0.7` → a binding; a message when it is not one. */
export function parseBinding(text: string): Binding | string {
  const m = /^([^@#\s]+)(?:@([^#]+))?(?:#(.+))?$/.exec(text.trim());
  if (!m) return `无法识别的算法设置「${text}」`;
  const [, code, sched, conf] = m;
  const out: Binding = { code: code! };
  if (sched) {
    const windows = sched.split('+').map((w) => WINDOW.exec(w.trim()));
    if (windows.some((w) => !w)) return `算法 ${code} 的时段应写成 07:00-22:00（多段用 + 连接）`;
    out.schedule = windows.map((w) => ({ from: w![1]!, to: w![2]! }));
  }
  if (conf !== undefined) {
    const c = Number(conf);
    if (!Number.isFinite(c) || c < 0 || c > 1) return `算法 ${code} 的置信度应为 0–1 之间的数`;
    out.minConfidence = c;
  }
  return out;
}

export function bindingText(a: CameraAlgorithm): string {
  return `${a.code}${a.schedule?.length ? `@${a.schedule.map((w) => `${w.from}-${w.to}`).join('+')}` : ''}${a.minConfidence !== null ? `#${a.minConfidence}` : ''}`;
}

const REVIEW_COLUMNS = ['法制审核日期', '法制审核结果', '技术审核日期', '技术审核结果', '标识照片', '公布位置'] as const;

export function parseCameraRows(table: readonly (readonly string[])[]): ParsedRows<CameraRow> {
  const seen = new Set<string>();
  return parseRows(table, CAMERA_COLUMNS, (t) => {
    const code = t.cell('摄像头编号');
    if (!/^[A-Za-z0-9_.-]{1,64}$/.test(code)) t.fail('摄像头编号', '摄像头编号只能由字母、数字、点、横线和下划线组成（1–64 位）', 'a camera code is 1–64 letters, digits, dots, dashes or underscores');
    if (seen.has(code)) t.fail('摄像头编号', `摄像头编号重复：${code}`, `duplicate camera code ${code}`);
    seen.add(code);
    const num = (col: string, optional = false): number | null | undefined => {
      const v = t.cell(col);
      if (!v && optional) return null;
      const n = Number(v);
      if (!v || !Number.isFinite(n)) {
        t.fail(col, `${col}应为数字`, `${col} must be a number`);
        return undefined;
      }
      return n;
    };
    const lon = num('经度');
    const lat = num('纬度');
    const direction = num('朝向', true);
    const algorithms: NonNullable<CameraInputT['algorithms']> = [];
    for (const part of t.cell('启用算法').split(/[;；、,，\n]+/).map((s) => s.trim()).filter(Boolean)) {
      const b = parseBinding(part);
      if (typeof b === 'string') t.fail('启用算法', b, `cannot read the algorithm setting "${part}"`);
      else algorithms.push(b);
    }
    let rois: CameraInputT['rois'] = [];
    const roiText = t.cell('识别区域');
    if (roiText) {
      try {
        rois = JSON.parse(roiText) as CameraInputT['rois'];
      } catch {
        t.fail('识别区域', '识别区域应为 JSON 数组', 'regions must be a JSON array');
      }
    }
    const online = parseActive(t.cell('状态'));
    if (online === undefined) t.fail('状态', '状态应为「在用」或「停用」', 'state must be 在用 or 停用');
    const input = {
      name: t.cell('名称'), owner: t.cell('权属单位'), lon: lon ?? 0, lat: lat ?? 0, address: t.cell('地址') || null, direction: direction ?? null,
      algorithms, rois, online: online ?? true,
    } as CameraInputT;
    try {
      checkBody<CameraInputT>('camera', { zh: '摄像头', body: CameraInput }, input);
    } catch (e) {
      const fields = ((e as { details?: Array<{ field?: string }> }).details ?? []).map((d) => d.field?.split('.')[0] ?? '');
      const cols = [...new Set(fields.map((f) => COLUMN_OF[f] ?? '名称'))];
      for (const c of cols.length ? cols : ['名称']) t.fail(c, `${c}填写不正确`, `${CAMERA_COLUMNS.find((x) => x.zh === c)?.en ?? c} is not valid`);
    }
    let review: Art41Review | null = null;
    if (REVIEW_COLUMNS.some((c) => t.cell(c))) {
      const result = (col: string): ReviewResult | null => {
        const v = t.cell(col);
        if (!v) return null;
        const r = RESULT_WORDS[v.toLowerCase()];
        if (!r) t.fail(col, `${col}应为「通过」或「不通过」`, `${col} must be 通过 or 不通过`);
        return r ?? null;
      };
      review = {
        legalReviewDate: t.cell('法制审核日期') || null, legalResult: result('法制审核结果'),
        technicalReviewDate: t.cell('技术审核日期') || null, technicalResult: result('技术审核结果'),
        signPhoto: t.cell('标识照片').toLowerCase() || null, publishedLocation: t.cell('公布位置') || null,
      };
      checked(t, '法制审核日期', () => checkBody<Art41Review>('review', { zh: '审核记录', body: ReviewInput }, review));
    }
    return { code, input, review };
  });
}

export function cameraRows(cameras: readonly Camera[]): Array<Record<string, string>> {
  return cameras.map((c) => ({
    摄像头编号: c.code, 名称: c.name, 权属单位: c.owner, 经度: String(c.lon), 纬度: String(c.lat), 地址: c.address ?? '',
    朝向: c.direction === null ? '' : String(c.direction), 启用算法: c.algorithms.map(bindingText).join('; '),
    识别区域: c.rois.length ? JSON.stringify(c.rois) : '', 状态: c.online ? '在用' : '停用',
    法制审核日期: c.review.legalReviewDate ?? '', 法制审核结果: c.review.legalResult ? RESULT_NAMES[c.review.legalResult] : '',
    技术审核日期: c.review.technicalReviewDate ?? '', 技术审核结果: c.review.technicalResult ? RESULT_NAMES[c.review.technicalResult] : '',
    标识照片: c.review.signPhoto ?? '', 公布位置: c.review.publishedLocation ?? '',
  }));
}
