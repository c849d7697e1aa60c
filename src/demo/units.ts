/**
 * Demo units of Xiamen (厦门) for the catalog: the city bureau, district 城管 bodies, street offices,
 * 市政/园林/环卫 departments, utilities, telecom carriers, shared-bike operators and traffic police.
 * Names follow the real bodies; codes are CityLoop's own. Street offices use the 9-digit street code
 * of the demo geography (district code + 001… in the order below).
 */
import type { UnitInput } from '../catalog/model.js';

export interface DemoDistrict {
  code: string;
  name: string;
  short: string;
  streets: string[];
}

/** The six districts and their streets/towns, in the order that gives the street codes. */
export const XIAMEN_DISTRICTS: readonly DemoDistrict[] = [
  { code: '350203', name: '思明区', short: '思明', streets: ['中华街道', '鹭江街道', '开元街道', '梧村街道', '筼筜街道', '莲前街道', '嘉莲街道', '滨海街道'] },
  { code: '350205', name: '海沧区', short: '海沧', streets: ['海沧街道', '新阳街道', '嵩屿街道', '东孚街道'] },
  { code: '350206', name: '湖里区', short: '湖里', streets: ['湖里街道', '殿前街道', '禾山街道', '江头街道', '金山街道'] },
  { code: '350211', name: '集美区', short: '集美', streets: ['集美街道', '侨英街道', '杏林街道', '杏滨街道', '灌口镇', '后溪镇'] },
  { code: '350212', name: '同安区', short: '同安', streets: ['大同街道', '祥平街道', '五显镇', '洪塘镇', '西柯街道', '新民镇'] },
  { code: '350213', name: '翔安区', short: '翔安', streets: ['新店街道', '马巷街道', '内厝镇', '新圩镇', '大嶝街道'] },
];

export interface DemoStreet {
  code: string;
  name: string;
  districtCode: string;
}

export const XIAMEN_STREETS: readonly DemoStreet[] = XIAMEN_DISTRICTS.flatMap((d) =>
  d.streets.map((name, i) => ({ code: `${d.code}${String(i + 1).padStart(3, '0')}`, name, districtCode: d.code })),
);

export const BUREAU_CODE = 'XM-CGJ';

/** Unit code of a district's 城管 body, its district departments, and a street office. */
export const squadCode = (districtCode: string) => `${districtCode}-CGJ`;
export const districtDeptCode = (districtCode: string, suffix: 'SZYL' | 'HW' | 'JJ') => `${districtCode}-${suffix}`;
export const streetOfficeCode = (streetCode: string) => streetCode;

/** 街道 → 街道办事处, 镇 → 镇人民政府. */
export function streetOfficeName(street: string): string {
  return street.endsWith('镇') ? `${street}人民政府` : `${street}办事处`;
}

function build(): UnitInput[] {
  const u: UnitInput[] = [
    { code: BUREAU_CODE, name: '厦门市城市管理行政执法局', kind: 'bureau' },
    { code: 'XM-SZYL', name: '厦门市市政园林局', kind: 'department' },
    { code: 'XM-JJZD', name: '厦门市公安局交通警察支队', kind: 'department' },
    { code: 'XM-ZRZY', name: '厦门市自然资源和规划局', kind: 'department' },
    { code: 'XM-JSJ', name: '厦门市建设局', kind: 'department' },
    { code: 'XM-STHJ', name: '厦门市生态环境局', kind: 'department' },
    { code: 'XM-SJJ', name: '厦门市市场监督管理局', kind: 'department' },
    { code: 'XM-JTJ', name: '厦门市交通运输局', kind: 'department' },
    { code: 'XM-SWJ', name: '厦门市水利局', kind: 'department' },
    { code: 'XM-GAJ', name: '厦门市公安局', kind: 'department' },
    { code: 'XM-MZJ', name: '厦门市民政局', kind: 'department' },
    { code: 'XM-SW', name: '厦门水务集团有限公司', kind: 'company' },
    { code: 'XM-RQ', name: '厦门华润燃气有限公司', kind: 'company' },
    { code: 'XM-GD', name: '国网厦门供电公司', kind: 'company' },
    { code: 'XM-DX', name: '中国电信厦门分公司', kind: 'company' },
    { code: 'XM-YD', name: '中国移动厦门分公司', kind: 'company' },
    { code: 'XM-LT', name: '中国联通厦门分公司', kind: 'company' },
    { code: 'XM-GD-TV', name: '厦门广电网络有限公司', kind: 'company' },
    { code: 'XM-BIKE-MT', name: '美团单车', kind: 'company' },
    { code: 'XM-BIKE-HL', name: '哈啰出行', kind: 'company' },
    { code: 'XM-BIKE-QJ', name: '青桔单车', kind: 'company' },
    { code: 'XM-GJ', name: '厦门公交集团有限公司', kind: 'company' },
    { code: 'XM-LQ', name: '厦门路桥建设集团有限公司', kind: 'company' },
  ];
  for (const d of XIAMEN_DISTRICTS) {
    const squad = squadCode(d.code);
    u.push({ code: squad, name: `${d.name}城市管理行政执法局`, kind: 'squad', parentCode: BUREAU_CODE, districtCode: d.code, duty: '城市管理行政执法局' });
    u.push({ code: districtDeptCode(d.code, 'SZYL'), name: `${d.name}市政园林局`, kind: 'district_department', parentCode: 'XM-SZYL', districtCode: d.code, duty: '市政园林局' });
    u.push({ code: districtDeptCode(d.code, 'HW'), name: `${d.name}环境卫生中心`, kind: 'district_department', parentCode: squad, districtCode: d.code, duty: '环境卫生中心' });
    u.push({ code: districtDeptCode(d.code, 'JJ'), name: `厦门市公安局交通警察支队${d.short}大队`, kind: 'district_department', parentCode: 'XM-JJZD', districtCode: d.code, duty: '交警大队' });
  }
  for (const s of XIAMEN_STREETS)
    u.push({
      code: streetOfficeCode(s.code),
      name: streetOfficeName(s.name),
      kind: 'street_office',
      parentCode: squadCode(s.districtCode),
      districtCode: s.districtCode,
      streetCode: s.code,
    });
  return u;
}

/** Parents come before their children, so the list can be inserted in order. */
export const DEMO_UNITS: readonly UnitInput[] = build();
