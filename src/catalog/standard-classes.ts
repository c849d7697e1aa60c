/**
 * The shipped classification tables (seed data, not rules): 部件 after the Shenzhen S-CETC list,
 * 事件 after the S-WX list, as collected in ../shared/standards.md §3. A city changes them through the
 * catalog service (local classes, renames), never by editing this file in a deployment.
 * Rows marked local are extensions seen in real deployments (big class 21, small classes ≥ 90).
 */
import type { CategoryKind } from './model.js';

export interface ClassSeed {
  kind: CategoryKind;
  /** 'C01' for a big class, 'C0101' for a small class. */
  code: string;
  name: string;
  local?: boolean;
}

const C_MAJOR: [string, string][] = [
  ['01', '公用设施'],
  ['02', '道路交通'],
  ['03', '市容环境'],
  ['04', '园林绿化'],
  ['05', '房屋土地'],
  ['06', '其他设施'],
];

const C_MINOR: Record<string, string> = {
  '0101': '上水井盖', '0102': '污水井盖', '0103': '雨水井盖', '0104': '雨水箅子', '0105': '电力井盖',
  '0106': '路灯井盖', '0107': '通讯井盖', '0108': '电视井盖', '0109': '网络井盖', '0111': '燃气井盖',
  '0112': '公安井盖', '0113': '消防设施', '0114': '无主井盖', '0115': '通讯交接箱', '0116': '电力设施',
  '0117': '立杆', '0118': '路灯', '0119': '地灯', '0120': '景观灯', '0121': '报刊亭', '0122': '电话亭',
  '0123': '邮筒', '0124': '信息亭', '0125': '自动售货机', '0126': '健身设施', '0127': '中水井盖',
  '0128': '公交井盖', '0129': '输油(气)井盖', '0130': '特殊井盖', '0131': '民用水井', '0132': '供水器',
  '0133': '高压线铁塔', '0134': '变压器(箱)', '0135': '燃气调压站(箱)', '0136': '监控电子眼',
  '0137': '售货亭', '0138': '治安岗亭',
  '0201': '停车场', '0203': '公交站亭', '0204': '出租车站牌', '0205': '过街天桥', '0206': '地下通道',
  '0207': '高架立交桥', '0208': '跨河桥', '0209': '交通标志牌', '0210': '交通信号灯', '0211': '交通护栏',
  '0212': '存车支架', '0213': '路名牌', '0214': '交通信号设施', '0215': '道路信息显示屏',
  '0216': '道路隔音屏', '0217': '交通岗亭',
  '0301': '公共厕所', '0302': '化粪池', '0303': '公厕指示牌', '0304': '垃圾间(楼)', '0305': '垃圾箱',
  '0306': '灯箱霓虹灯', '0307': '广告牌匾', '0308': '环保监测站', '0309': '气象监测站', '0310': '污水口监测站',
  '0401': '古树名木', '0402': '行道树', '0403': '护树设施', '0404': '花架花钵', '0405': '绿地',
  '0406': '雕塑', '0407': '街头坐椅', '0408': '绿地护栏', '0409': '绿地维护设施', '0410': '喷泉',
  '0501': '宣传栏', '0502': '人防工事',
  '0601': '重大危险源', '0602': '工地', '0603': '水域附属设施', '0604': '水域护栏', '0606': '防洪墙',
};

/** Shenzhen's local extension 部件 (S-CETC, big class 21). */
const C_LOCAL: Record<string, string> = {
  '2101': '防蚊闸', '2102': '路灯灯光变压器', '2103': '路灯灯光配电房', '2104': '路灯灯光配电箱',
  '2105': '游乐场', '2106': '提款机', '2108': '主干道', '2109': '次干道', '2110': '支路', '2111': '街坊路',
  '2112': '地铁站指示牌', '2113': '地铁通风口', '2114': '地铁出入口', '2115': '泵站', '2116': '洗车场',
  '2117': '挡墙', '2118': '环卫工具房', '2121': '森林防火宣传牌', '2123': '口岸', '2124': '加油站',
  '2125': '公厕垃圾站', '2126': '灭蚊灯', '2127': '河湖堤坝', '2132': '压力管道', '2133': '电梯',
  '2136': '特殊部件', '2137': '线状花架花钵',
};

const E_MAJOR: [string, string][] = [
  ['01', '市容环境'],
  ['02', '宣传广告'],
  ['03', '施工管理'],
  ['04', '突发事件'],
  ['05', '街面秩序'],
  ['06', '其他事件'],
];

const E_MINOR: Record<string, string> = {
  '0101': '私搭乱建', '0102': '暴露垃圾', '0103': '积存垃圾渣土', '0104': '道路不洁', '0105': '水域不洁',
  '0106': '绿地脏乱', '0107': '废弃车辆', '0108': '废弃家具设备', '0109': '非装饰性树挂', '0110': '道路破损',
  '0111': '河堤破损', '0112': '道路遗撒', '0113': '建筑物外立面不洁', '0114': '水域秩序问题',
  '0115': '焚烧树叶、垃圾', '0116': '油烟污染', '0117': '动物尸体清理', '0118': '私自饲养家禽家畜',
  '0199': '其他市容环境问题',
  '0201': '非法小广告', '0202': '违章张贴悬挂广告牌匾', '0203': '占道广告牌', '0204': '街头散发广告',
  '0205': '广告招牌破损',
  '0301': '施工扰民', '0302': '工地扬尘', '0303': '施工废弃料', '0304': '施工占道', '0305': '无证掘路',
  '0399': '其他施工管理问题',
  '0401': '路面塌陷', '0402': '自来水管破裂', '0403': '燃气管道破裂', '0404': '下水道堵塞或破损',
  '0405': '热力管道破裂', '0406': '道路积水', '0407': '道路积雪结冰', '0408': '架空线缆损坏',
  '0409': '群发性事件', '0499': '其他突发事件',
  '0501': '无照经营游商', '0502': '流浪乞讨', '0503': '占道废品收购', '0504': '店外经营', '0505': '机动车乱停放',
  '0506': '非机动车乱停放', '0507': '乱堆物堆料', '0508': '商业噪音', '0509': '黑车拉客', '0510': '露天烧烤',
  '0511': '沿街晾挂', '0512': '非法出版物销售', '0513': '空调室外机低挂', '0599': '其他街面秩序问题',
};

/** Local event classes seen in deployments: S-BJCY 0598, and modern 运管服 / video-AI extensions in big class 21. */
const E_LOCAL: Record<string, string> = {
  '0598': '占压盲道',
  '2101': '共享单车乱停放',
  '2102': '打包垃圾',
  '2103': '垃圾箱满溢',
  '2104': '违规撑伞',
  '2105': '违规设置气拱门',
};

function build(): ClassSeed[] {
  const out: ClassSeed[] = [];
  for (const [code, name] of C_MAJOR) out.push({ kind: 'component', code: `C${code}`, name });
  out.push({ kind: 'component', code: 'C21', name: '扩展部件', local: true });
  for (const [code, name] of Object.entries(C_MINOR)) out.push({ kind: 'component', code: `C${code}`, name });
  for (const [code, name] of Object.entries(C_LOCAL)) out.push({ kind: 'component', code: `C${code}`, name, local: true });
  for (const [code, name] of E_MAJOR) out.push({ kind: 'event', code: `E${code}`, name });
  out.push({ kind: 'event', code: 'E21', name: '扩展事件', local: true });
  for (const [code, name] of Object.entries(E_MINOR)) out.push({ kind: 'event', code: `E${code}`, name });
  for (const [code, name] of Object.entries(E_LOCAL)) out.push({ kind: 'event', code: `E${code}`, name, local: true });
  return out;
}

/** Big classes first, then small classes, each in code order within its kind. */
export const STANDARD_CLASSES: readonly ClassSeed[] = build();
