/**
 * A realistic benchmark for the demo's violations (市容环境卫生, 城乡规划, 户外广告, 占道经营, 渣土运输,
 * 噪声, 养犬), modelled on Xiamen's published 城市管理行政处罚裁量基准 and the statutes' ranges, and
 * four lists after Huangshi's and Xiamen's 包容审慎 lists (field-notes §D.3). The ranges are the
 * statutes'; the tier conditions are typical, not Xiamen's exact text.
 */
import type { DiscretionRule, LenienceItem } from './discretion.js';

const Y = (yuan: number) => yuan * 100;
const first = { flag: 'firstTime', is: true } as const;
const rectified = { flag: 'rectified', is: true } as const;
const noHarm = { flag: 'harm', is: false } as const;

export const DEMO_RULES: DiscretionRule[] = [
  {
    code: 'SR-001', name: '在城市道路两侧和公共场地堆放物料、摆摊设点（占道经营）', category: '占道经营', law: '《城市市容和环境卫生管理条例》', article: '第三十六条第（二）项',
    penaltyBasis: '责令纠正违法行为、采取补救措施，可以并处警告、罚款',
    tiers: [
      { level: '轻微', description: '首次、占道面积 5 平方米以下、及时改正', conditions: [first, { field: 'areaM2', op: 'lte', value: 5 }, rectified], minFen: Y(0), maxFen: Y(50) },
      { level: '一般', description: '占道面积 5–20 平方米', conditions: [{ field: 'areaM2', op: 'lte', value: 20 }], minFen: Y(50), maxFen: Y(200) },
      { level: '严重', description: '占道面积 20 平方米以上或经责令拒不改正', conditions: [], minFen: Y(200), maxFen: Y(500) },
    ],
  },
  {
    code: 'SR-002', name: '随意倾倒、抛撒、堆放城市生活垃圾', category: '市容环境卫生', law: '《城市生活垃圾管理办法》', article: '第四十二条',
    penaltyBasis: '单位处5000元以上5万元以下罚款；个人处200元以下罚款',
    tiers: [
      { level: '轻微', description: '首次、数量较少、未造成危害后果', conditions: [first, noHarm], minFen: Y(5000), maxFen: Y(10000) },
      { level: '一般', description: '多次或数量较大', conditions: [noHarm], minFen: Y(10000), maxFen: Y(30000) },
      { level: '严重', description: '造成环境污染等危害后果', conditions: [], minFen: Y(30000), maxFen: Y(50000) },
    ],
  },
  {
    code: 'GH-001', name: '未取得建设工程规划许可证进行建设（违法建设），尚可采取改正措施', category: '城乡规划', law: '《中华人民共和国城乡规划法》', article: '第六十四条',
    penaltyBasis: '责令停止建设；尚可采取改正措施消除对规划实施的影响的，限期改正，处建设工程造价百分之五以上百分之十以下的罚款',
    tiers: [
      { level: '一般', description: '面积 100 平方米以下，及时停止建设', conditions: [{ field: 'areaM2', op: 'lte', value: 100 }], minFen: Y(10000), maxFen: Y(50000) },
      { level: '较重', description: '面积 100–500 平方米', conditions: [{ field: 'areaM2', op: 'lte', value: 500 }], minFen: Y(50000), maxFen: Y(150000) },
      { level: '严重', description: '面积 500 平方米以上或拒不停止建设', conditions: [], minFen: Y(150000), maxFen: Y(300000) },
    ],
  },
  {
    code: 'GG-001', name: '未经批准擅自设置大型户外广告', category: '户外广告', law: '《城市市容和环境卫生管理条例》', article: '第三十六条第（一）项、第十一条',
    penaltyBasis: '责令限期拆除，可以并处罚款',
    tiers: [
      { level: '轻微', description: '面积 10 平方米以下且限期内自行拆除', conditions: [{ field: 'areaM2', op: 'lte', value: 10 }, rectified], minFen: Y(500), maxFen: Y(2000) },
      { level: '一般', description: '面积 50 平方米以下', conditions: [{ field: 'areaM2', op: 'lte', value: 50 }], minFen: Y(2000), maxFen: Y(10000) },
      { level: '严重', description: '面积 50 平方米以上或影响安全', conditions: [], minFen: Y(10000), maxFen: Y(30000) },
    ],
  },
  {
    code: 'ZT-001', name: '运输建筑垃圾（渣土）沿途丢弃、遗撒', category: '渣土运输', law: '《城市建筑垃圾管理规定》', article: '第二十三条',
    penaltyBasis: '责令限期改正，给予警告，对单位处5000元以上5万元以下罚款，对个人处200元以下罚款',
    tiers: [
      { level: '轻微', description: '遗撒面积 10 平方米以下且当场清理', conditions: [{ field: 'areaM2', op: 'lte', value: 10 }, rectified], minFen: Y(5000), maxFen: Y(10000) },
      { level: '一般', description: '遗撒面积 10–100 平方米', conditions: [{ field: 'areaM2', op: 'lte', value: 100 }], minFen: Y(10000), maxFen: Y(30000) },
      { level: '严重', description: '遗撒面积 100 平方米以上或造成交通事故等后果', conditions: [], minFen: Y(30000), maxFen: Y(50000) },
    ],
  },
  {
    code: 'ZS-001', name: '建筑施工单位在噪声敏感建筑物集中区域夜间施工', category: '噪声', law: '《中华人民共和国噪声污染防治法》', article: '第七十七条',
    penaltyBasis: '责令改正，处一万元以上十万元以下的罚款；拒不改正的，可以责令暂停施工',
    tiers: [
      { level: '一般', description: '首次、未造成投诉集中', conditions: [first], minFen: Y(10000), maxFen: Y(30000) },
      { level: '较重', description: '两次以上', conditions: [{ field: 'count', op: 'lte', value: 3 }], minFen: Y(30000), maxFen: Y(60000) },
      { level: '严重', description: '三次以上或拒不改正', conditions: [], minFen: Y(60000), maxFen: Y(100000) },
    ],
  },
  {
    code: 'QY-001', name: '携犬出户未束犬链（养犬管理）', category: '养犬管理', law: '《厦门市养犬管理办法》', article: '第二十六条',
    penaltyBasis: '责令改正，处50元以上200元以下罚款',
    tiers: [
      { level: '一般', description: '首次', conditions: [first], minFen: Y(50), maxFen: Y(100) },
      { level: '严重', description: '多次或致人伤害', conditions: [], minFen: Y(100), maxFen: Y(200) },
    ],
  },
];

export const DEMO_ITEMS: LenienceItem[] = [
  { id: 'BY-01', list: 'no_penalty', violationCode: 'SR-001', circumstance: '首次在非主次干道占道经营，面积不超过 2 平方米，经教育当场改正且未造成危害后果', conditions: [first, rectified, noHarm, { field: 'areaM2', op: 'lte', value: 2 }], basis: '《行政处罚法》第三十三条第一款' },
  { id: 'BY-02', list: 'no_penalty', violationCode: 'GG-001', circumstance: '首次擅自设置面积 3 平方米以下的临时性户外广告，在责令期限内自行拆除', conditions: [first, rectified, { field: 'areaM2', op: 'lte', value: 3 }], basis: '《行政处罚法》第三十三条第一款' },
  { id: 'BY-03', list: 'no_penalty', violationCode: null, circumstance: '违法行为轻微并及时改正，没有造成危害后果的', conditions: [first, rectified, noHarm, { field: 'count', op: 'lte', value: 1 }], basis: '《行政处罚法》第三十三条第一款' },
  { id: 'CQ-01', list: 'lighter', violationCode: 'ZT-001', circumstance: '运输途中遗撒后主动报告并及时清理', conditions: [rectified, noHarm], basis: '《行政处罚法》第三十二条第（一）项' },
  { id: 'JQ-01', list: 'mitigated', violationCode: 'GH-001', circumstance: '主动消除违法建设影响、自行拆除大部分违法建筑', conditions: [rectified, { field: 'areaM2', op: 'lte', value: 50 }], basis: '《行政处罚法》第三十二条第（一）项' },
  { id: 'MQ-01', list: 'no_coercion', violationCode: 'SR-001', circumstance: '经营者首次占道经营且当场改正的，不予暂扣经营工具', conditions: [first, rectified], basis: '《行政强制法》第十六条第二款' },
];

/** Demo officers by username: certificate numbers (闽 + 8 digits), squads, legal qualification. */
export const DEMO_OFFICERS: Record<string, { certNo: string | null; legalQualified: boolean; squad: string }> = {
  enforcer: { certNo: '闽35020001', legalQualified: false, squad: '思明一中队' },
  enforcer2: { certNo: '闽35020002', legalQualified: false, squad: '思明一中队' },
  'huli.enforcer': { certNo: '闽35020611', legalQualified: false, squad: '湖里二中队' },
  legalreviewer: { certNo: '闽35020090', legalQualified: true, squad: '法制科' },
  leader: { certNo: '闽35020100', legalQualified: false, squad: '局领导' },
};
