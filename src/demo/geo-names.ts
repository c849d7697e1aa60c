/**
 * Names and outlines of the demo Xiamen. District names and codes are real (GB/T 2260); street
 * names are real Xiamen 街道/镇 names; street and community codes, community names and every
 * outline are synthetic (boxes near the real places, see README).
 */
import type { BBox } from '../geo/model.js';
import type { Rng } from './geo-partition.js';

export interface DistrictPlan {
  code: string;
  name: string;
  /** How many unit grids the district gets (more in the dense island districts). */
  gridTarget: number;
  /** Non-overlapping boxes [minLon, minLat, maxLon, maxLat]; each holds some of the streets. */
  parts: { box: BBox; streets: string[] }[];
}

export const XIAMEN_DISTRICTS: DistrictPlan[] = [
  {
    code: '350203',
    name: '思明区',
    gridTarget: 1400,
    parts: [
      { box: [118.08, 24.42, 118.2, 24.49], streets: ['厦港街道', '中华街道', '滨海街道', '鹭江街道', '开元街道', '梧村街道', '筼筜街道', '莲前街道', '嘉莲街道'] },
      { box: [118.055, 24.438, 118.075, 24.452], streets: ['鼓浪屿街道'] },
    ],
  },
  {
    code: '350205',
    name: '海沧区',
    gridTarget: 600,
    parts: [{ box: [117.93, 24.44, 118.05, 24.56], streets: ['海沧街道', '新阳街道', '嵩屿街道', '东孚街道'] }],
  },
  {
    code: '350206',
    name: '湖里区',
    gridTarget: 1200,
    parts: [{ box: [118.08, 24.49, 118.2, 24.56], streets: ['湖里街道', '殿前街道', '禾山街道', '江头街道', '金山街道'] }],
  },
  {
    code: '350211',
    name: '集美区',
    gridTarget: 800,
    parts: [{ box: [117.93, 24.56, 118.13, 24.7], streets: ['集美街道', '侨英街道', '杏林街道', '杏滨街道', '灌口镇', '后溪镇'] }],
  },
  {
    code: '350212',
    name: '同安区',
    gridTarget: 700,
    parts: [
      { box: [117.88, 24.7, 118.23, 24.9], streets: ['大同街道', '祥平街道', '五显镇', '洪塘镇', '汀溪镇', '莲花镇'] },
      { box: [118.13, 24.6, 118.23, 24.7], streets: ['西柯街道', '新民镇'] },
    ],
  },
  {
    code: '350213',
    name: '翔安区',
    gridTarget: 700,
    parts: [{ box: [118.23, 24.52, 118.45, 24.8], streets: ['新店街道', '马巷街道', '香山街道', '金海街道', '民安街道', '大嶝街道', '内厝镇', '新圩镇'] }],
  },
];

/** Named points inside the demo city (WGS-84), for tests, the simulator and the console. */
export interface Landmark {
  name: string;
  lon: number;
  lat: number;
  districtCode: string;
}

export const XIAMEN_LANDMARKS: Landmark[] = [
  { name: '中山路步行街', lon: 118.083, lat: 24.456, districtCode: '350203' },
  { name: '厦门大学', lon: 118.0987, lat: 24.438, districtCode: '350203' },
  { name: '鼓浪屿日光岩', lon: 118.068, lat: 24.447, districtCode: '350203' },
  { name: '湖里万达广场', lon: 118.178, lat: 24.506, districtCode: '350206' },
  { name: '高崎国际机场', lon: 118.128, lat: 24.544, districtCode: '350206' },
  { name: '海沧区政府', lon: 118.033, lat: 24.485, districtCode: '350205' },
  { name: '集美学村', lon: 118.103, lat: 24.578, districtCode: '350211' },
  { name: '厦门北站', lon: 118.073, lat: 24.637, districtCode: '350211' },
  { name: '同安区政府', lon: 118.152, lat: 24.723, districtCode: '350212' },
  { name: '翔安区政府', lon: 118.247, lat: 24.618, districtCode: '350213' },
  { name: '大嶝岛', lon: 118.34, lat: 24.56, districtCode: '350213' },
];

/** Points near Xiamen that no demo grid covers (sea, Kinmen): for OUTSIDE_MANAGED_AREA tests. */
export const XIAMEN_OUTSIDE_POINTS: { name: string; lon: number; lat: number }[] = [
  { name: '台湾海峡', lon: 118.3, lat: 24.4 },
  { name: '金门', lon: 118.38, lat: 24.44 },
  { name: '漳州', lon: 117.65, lat: 24.51 },
];

const FIRST = '东西南北新文华莲溪湖岭塘金玉瑞祥福兴安和龙凤鹭海滨港山林阳嘉禾云宝丰田埔洪侨杏桥霞清荣';
const SECOND = '华兴安美光明园苑湖山林江滨浦塘里头埔前后厝坂洲港亭桥岭兜边';

/** A name generator for communities and villages: unique across the whole city. */
export function communityNamer(rng: Rng): () => string {
  const used = new Set<string>();
  return () => {
    for (let attempt = 0; attempt < 200; attempt++) {
      const a = FIRST[Math.floor(rng() * FIRST.length)]!;
      const b = SECOND[Math.floor(rng() * SECOND.length)]!;
      if (a === b) continue;
      const name = attempt < 100 ? a + b : a + b + '东西南北'[attempt % 4]!;
      if (!used.has(name)) {
        used.add(name);
        return name;
      }
    }
    const name = `第${used.size + 1}`;
    used.add(name);
    return name;
  };
}
