/** A small city as a bureau would bring it: one district, two streets, four unit grids, a few units and people. */
import fs from 'node:fs';
import path from 'node:path';
import { writeTable } from '../../src/core/sheet-files.js';

const box = (x0: number, y0: number, x1: number, y1: number) => ({ type: 'Polygon', coordinates: [[[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]] });
const f = (level: string, code: string, name: string, g: ReturnType<typeof box>) => ({ type: 'Feature', properties: { level, code, name }, geometry: g });

/** 同安区 (350212) with 大同街道 and 祥平街道, each one community of two grids. */
export const GRIDS = {
  type: 'FeatureCollection',
  features: [
    f('district', '350212', '同安区', box(118.1, 24.7, 118.2, 24.8)),
    f('street', '350212001', '大同街道', box(118.1, 24.7, 118.15, 24.8)),
    f('street', '350212002', '祥平街道', box(118.15, 24.7, 118.2, 24.8)),
    f('community', '350212001001', '三秀社区', box(118.1, 24.7, 118.15, 24.8)),
    f('community', '350212002001', '祥平社区', box(118.15, 24.7, 118.2, 24.8)),
    f('grid', '350212001001001', '三秀社区第1网格', box(118.1, 24.7, 118.15, 24.75)),
    f('grid', '350212001001002', '三秀社区第2网格', box(118.1, 24.75, 118.15, 24.8)),
    f('grid', '350212002001001', '祥平社区第1网格', box(118.15, 24.7, 118.2, 24.75)),
    f('grid', '350212002001002', '祥平社区第2网格', box(118.15, 24.75, 118.2, 24.8)),
  ],
};

/** A point inside 三秀社区第1网格. */
export const POINT = { lon: 118.12, lat: 24.72 };

export const UNITS_CSV = [
  '单位代码,单位名称,单位类型,上级单位代码,区县代码,街道代码,职能,状态',
  'TA-CGJ,同安区城市管理局,区城管执法局（中队）,,350212,,城市管理局,在用',
  'TA-SZYL,同安区市政园林局,区属部门,TA-CGJ,350212,,市政园林局,在用',
  '350212001,大同街道办事处,街道（镇）,,350212,350212001,,在用',
  '350212002,祥平街道办事处,街道（镇）,,350212,350212002,,在用',
].join('\n');

export const USERS = [
  ['用户名', '姓名', '角色', '范围', '单位代码', '手机', '初始密码', '状态'],
  ['ta.inspector', '同安监督员', '监督员', '350212 同安区', '', '13800000001', 'Inspect2026', '在用'],
  ['ta.operator', '受理员甲', '受理员', '全市', '', '', 'Operate2026', '在用'],
  ['ta.lead', '值班长甲', '值班长', '全市', '', '', 'Leading2026', '在用'],
  ['ta.dispatcher', '派遣员甲', '派遣员', '全市', '', '', 'Dispatch2026', '在用'],
  ['ta.handler', '市政处置员', '处置人员', '350212', 'TA-SZYL', '', 'Handle2026', '在用'],
  ['ta.leader', '领导甲', '领导、考评员', '全市', '', '', '', '在用'],
];

export const RESPONSIBILITY_CSV = [
  '事项编号,大类,小类代码,小类名称,区域,立案条件,紧急程度,责任单位,协办单位,受理时限,立案时限,派遣时限,处置时限,核查时限,结案时限,结案条件,法律依据',
  'TA-0001,,C0102,污水井盖,全市,,一般,TA-SZYL,,2工作时,1工作时,1工作时,1工作日,1工作日,1工作时,井盖完好,',
  'TA-0002,,E0102,暴露垃圾,全市,,一般,属地街道（镇）,,2工作时,1工作时,1工作时,4工作时,1工作日,1工作时,现场无暴露垃圾,',
].join('\n');

/** Writes the city's files into `dir` and returns their paths. */
export async function writeCityFiles(dir: string): Promise<Record<'grids' | 'units' | 'users' | 'responsibility', string>> {
  const out = { grids: path.join(dir, 'grids.geojson'), units: path.join(dir, '单位.csv'), users: path.join(dir, '账户.xlsx'), responsibility: path.join(dir, '事项清单.csv') };
  fs.writeFileSync(out.grids, JSON.stringify(GRIDS));
  fs.writeFileSync(out.units, `\uFEFF${UNITS_CSV}\n`);
  fs.writeFileSync(out.users, await writeTable(USERS, 'xlsx', '账户'));
  fs.writeFileSync(out.responsibility, `${RESPONSIBILITY_CSV}\n`);
  return out;
}
