/**
 * Demo responsibility list (事项清单) for Xiamen. Time limits follow the published local 立结案标准
 * quoted in ../shared/standards.md §4.5 (暴露垃圾 1 工作日, 道路不洁 2 工作时, 积存垃圾渣土 4 工作日,
 * 私搭乱建 15 工作日, 井盖 24 小时 / 缺失 3 小时, 绿地保洁 4 工作时, 绿地养护 5 工作日 …). Most items are
 * assigned by 属地 (the case's street office or district body), as real lists do. Demo data: Xiamen's
 * own 立结案标准 must replace it in a deployment.
 */
import { parseTerritorialOwner, parseTimeLimit, type Owner, type ResponsibilityItemInput, type TimeLimits, type Urgency } from '../catalog/responsibility-model.js';

const NORMAL_STAGES = { accept: '1工作时', file: '1工作时', dispatch: '1工作时', verify: '4工作时', close: '1工作时' };
const URGENT_STAGES = { accept: '0.5小时', file: '0.5小时', dispatch: '0.5小时', verify: '2小时', close: '1小时' };

const RONGHUAN = '《城市市容和环境卫生管理条例》';
const PLAN = '《中华人民共和国城乡规划法》第六十四条';
const ROAD = '《城市道路管理条例》';
const GREEN = '《城市绿化条例》';
const AIR = '《中华人民共和国大气污染防治法》';
const NOISE = '《中华人民共和国噪声污染防治法》';
const TRAFFIC = '《中华人民共和国道路交通安全法》';
const GAS = '《城镇燃气管理条例》';
const WATER = '《城市供水条例》';
const POWER = '《电力设施保护条例》';
const AD = '《厦门市户外广告设施设置管理办法》';
const UNLICENSED = '《无证无照经营查处办法》';

/** [itemNo, class, area, condition, urgency, owner, co-units, handle limit, closing condition, legal basis] */
type Row = [string, string, string | null, string, Urgency, string, string[], string, string, string];

const ROWS: Row[] = [
  // 部件: 公用设施
  ['C0101', 'C0101', null, '井盖破损、移位、松动', 'normal', 'XM-SW', [], '24小时', '井盖完好、平稳', WATER],
  ['C0101-2', 'C0101', null, '井盖缺失', 'urgent', 'XM-SW', ['XM-JJZD'], '3小时', '已补齐井盖并设置警示', WATER],
  ['C0102', 'C0102', null, '', 'normal', 'XM-SW', [], '24小时', '井盖完好、平稳', WATER],
  ['C0103', 'C0103', null, '', 'normal', '属地区市政园林局', [], '24小时', '井盖完好、平稳', ROAD],
  ['C0104', 'C0104', null, '', 'normal', '属地区市政园林局', [], '24小时', '箅子完好、排水通畅', ROAD],
  ['C0105', 'C0105', null, '', 'normal', 'XM-GD', [], '24小时', '井盖完好、平稳', POWER],
  ['C0106', 'C0106', null, '', 'normal', '属地区市政园林局', [], '24小时', '井盖完好、平稳', ROAD],
  ['C0107', 'C0107', null, '', 'normal', 'XM-DX', ['XM-YD', 'XM-LT'], '24小时', '井盖完好、平稳', '《中华人民共和国电信条例》'],
  ['C0111', 'C0111', null, '', 'normal', 'XM-RQ', [], '24小时', '井盖完好、平稳', GAS],
  ['C0114', 'C0114', null, '', 'normal', '属地区市政园林局', [], '24小时', '已修复或确定权属单位处置', ROAD],
  ['C0118', 'C0118', null, '路灯不亮、灯杆倾斜或破损', 'normal', '属地区市政园林局', [], '2工作日', '路灯恢复正常', ROAD],
  ['C0136', 'C0136', null, '', 'normal', 'XM-GAJ', [], '5工作日', '设施修复', '《公共安全视频图像信息系统管理条例》'],
  // 部件: 道路交通
  ['C0203', 'C0203', null, '', 'normal', 'XM-GJ', [], '3工作日', '站亭修复', ROAD],
  ['C0210', 'C0210', null, '', 'urgent', 'XM-JJZD', [], '24小时', '信号灯恢复正常', TRAFFIC],
  ['C0211', 'C0211', null, '', 'normal', 'XM-JJZD', [], '3工作日', '护栏修复', TRAFFIC],
  ['C0212', 'C0212', null, '', 'normal', '属地街道（镇）', [], '5工作日', '设施修复', ROAD],
  ['C0213', 'C0213', null, '', 'normal', 'XM-MZJ', [], '5工作日', '路名牌修复', '《地名管理条例》'],
  // 部件: 市容环境
  ['C0301', 'C0301', null, '', 'normal', '属地区环境卫生中心', [], '1工作日', '设施修复、保洁到位', RONGHUAN],
  ['C0305', 'C0305', null, '', 'normal', '属地区环境卫生中心', [], '1工作日', '垃圾箱完好', RONGHUAN],
  ['C0307', 'C0307', null, '', 'normal', '属地区市政园林局', [], '5工作日', '已修复或拆除', AD],
  ['C0307-2', 'C0307', null, '存在坠落等安全隐患', 'urgent', '属地区市政园林局', ['XM-CGJ'], '4小时', '隐患已排除', AD],
  // 部件: 园林绿化、房屋土地
  ['C0401', 'C0401', null, '', 'normal', 'XM-SZYL', [], '2工作日', '已采取保护措施', '《城市古树名木保护管理办法》'],
  ['C0402', 'C0402', null, '缺株、枯死或树穴破损', 'normal', '属地区市政园林局', [], '3工作日', '补植、修复', GREEN],
  ['C0402-2', 'C0402', null, '倒伏、断枝影响通行', 'urgent', '属地区市政园林局', [], '4小时', '已清理，通行恢复', GREEN],
  ['C0405', 'C0405', null, '植被缺失、枯死或绿地塌陷', 'normal', '属地区市政园林局', [], '5工作日', '补植、修复', GREEN],
  ['C0407', 'C0407', null, '', 'normal', '属地区市政园林局', [], '5工作日', '设施修复', GREEN],
  ['C0501', 'C0501', null, '', 'normal', '属地街道（镇）', [], '5工作日', '设施修复', RONGHUAN],
  // 事件: 市容环境
  ['E0101', 'E0101', null, '违法搭建的建筑物、构筑物', 'normal', '属地街道（镇）', ['XM-ZRZY'], '15工作日', '拆除或依法查处', PLAN],
  ['E0101-2', 'E0101', null, '正在施工的违法建设', 'urgent', '属地区城管执法局', [], '4工作时', '已停工并立案查处', PLAN],
  ['E0102', 'E0102', null, '成堆、成片的垃圾', 'normal', '属地区环境卫生中心', [], '1工作日', '清除', RONGHUAN],
  ['E0102-H1', 'E0102', '350206', '成堆、成片的垃圾', 'normal', '350206-HW', [], '4工作时', '清除', RONGHUAN],
  ['E0102-Z1', 'E0102', '350203001', '成堆、成片的垃圾', 'normal', '350203001', ['350203-HW'], '4工作时', '清除', RONGHUAN],
  ['E0103', 'E0103', null, '超过临时堆放时限的建筑垃圾及堆积的渣土', 'normal', '属地区环境卫生中心', [], '4工作日', '清除', '《城市建筑垃圾管理规定》'],
  ['E0104', 'E0104', null, '未按规定及时处理的道路保洁问题', 'normal', '属地区环境卫生中心', [], '2工作时', '保持路面整洁', RONGHUAN],
  ['E0105', 'E0105', null, '河道、沟渠淤积、堵塞，有漂浮物、大面积油污', 'normal', '属地街道（镇）', ['XM-SWJ'], '15工作日', '清除', '《中华人民共和国水污染防治法》'],
  ['E0106', 'E0106', null, '绿地内有垃圾杂物', 'normal', '属地区市政园林局', [], '4工作时', '彻底清除', GREEN],
  ['E0107', 'E0107', null, '', 'normal', '属地区城管执法局', ['XM-JJZD'], '5工作日', '车辆已移除', RONGHUAN],
  ['E0108', 'E0108', null, '', 'normal', '属地区环境卫生中心', [], '1工作日', '清除', RONGHUAN],
  ['E0109', 'E0109', null, '', 'normal', '属地街道（镇）', [], '1工作日', '清除', RONGHUAN],
  ['E0110', 'E0110', null, '路面破损、坑洼', 'normal', '属地区市政园林局', [], '3工作日', '修复', ROAD],
  ['E0110-2', 'E0110', null, '坑洞影响通行安全', 'urgent', '属地区市政园林局', ['XM-JJZD'], '24小时', '设置警示并修复', ROAD],
  ['E0112', 'E0112', null, '', 'normal', '属地区环境卫生中心', ['XM-CGJ'], '4工作时', '清除', RONGHUAN],
  ['E0113', 'E0113', null, '', 'normal', '属地街道（镇）', [], '5工作日', '立面整洁', RONGHUAN],
  ['E0115', 'E0115', null, '', 'normal', '属地区城管执法局', [], '2工作时', '已制止并清理', AIR],
  ['E0116', 'E0116', null, '', 'normal', '属地区城管执法局', ['XM-STHJ'], '5工作日', '已整改或依法查处', `${AIR}第八十一条`],
  ['E0117', 'E0117', null, '', 'normal', '属地区环境卫生中心', [], '2工作时', '清除', RONGHUAN],
  ['E0118', 'E0118', null, '', 'normal', '属地街道（镇）', [], '5工作日', '已清理', RONGHUAN],
  // 事件: 宣传广告
  ['E0201', 'E0201', null, '', 'normal', '属地街道（镇）', [], '1工作日', '清除', RONGHUAN],
  ['E0202', 'E0202', null, '', 'normal', '属地区城管执法局', [], '5工作日', '已拆除或依法查处', AD],
  ['E0203', 'E0203', null, '', 'normal', '属地区城管执法局', [], '2工作日', '已撤除', AD],
  ['E0204', 'E0204', null, '', 'urgent', '属地区城管执法局', [], '2工作时', '已制止', RONGHUAN],
  ['E0205', 'E0205', null, '', 'normal', '属地区城管执法局', [], '1工作日', '已修复', AD],
  // 事件: 施工管理
  ['E0301', 'E0301', null, '', 'normal', '属地区城管执法局', ['XM-STHJ'], '4工作时', '已制止或依法查处', NOISE],
  ['E0301-2', 'E0301', null, '夜间违规施工', 'urgent', '属地区城管执法局', [], '2小时', '已停工', NOISE],
  ['E0302', 'E0302', null, '', 'normal', '属地区城管执法局', ['XM-JSJ'], '1工作日', '已落实防尘措施', `${AIR}第六十九条`],
  ['E0303', 'E0303', null, '', 'normal', '属地区城管执法局', [], '2工作日', '清除', '《城市建筑垃圾管理规定》'],
  ['E0304', 'E0304', null, '', 'normal', '属地区市政园林局', ['XM-JJZD'], '2工作日', '已恢复或补办手续', ROAD],
  ['E0305', 'E0305', null, '', 'normal', '属地区市政园林局', [], '4工作时', '已停止并依法查处', ROAD],
  // 事件: 突发事件
  ['E0401', 'E0401', null, '', 'urgent', '属地区市政园林局', ['XM-JJZD'], '24小时', '设置警示并修复', ROAD],
  ['E0402', 'E0402', null, '', 'urgent', 'XM-SW', [], '4小时', '已止水并修复', WATER],
  ['E0403', 'E0403', null, '', 'urgent', 'XM-RQ', ['XM-GAJ'], '2小时', '已排险并修复', GAS],
  ['E0404', 'E0404', null, '', 'normal', 'XM-SW', [], '1工作日', '排水通畅', WATER],
  ['E0406', 'E0406', null, '影响通行', 'urgent', '属地区市政园林局', [], '4工作时', '清除积水', ROAD],
  ['E0408', 'E0408', null, '电力架空线缆损坏', 'urgent', 'XM-GD', [], '24小时', '已修复', POWER],
  ['E0408-2', 'E0408', null, '通信架空线缆损坏', 'normal', 'XM-DX', ['XM-YD', 'XM-LT', 'XM-GD-TV'], '3工作日', '已修复或规整', '《中华人民共和国电信条例》'],
  // 事件: 街面秩序
  ['E0501', 'E0501', null, '', 'urgent', '属地区城管执法局', [], '2工作时', '已劝离或依法查处', UNLICENSED],
  ['E0502', 'E0502', null, '', 'normal', '属地街道（镇）', ['XM-MZJ'], '1工作日', '已劝导或救助', '《城市生活无着的流浪乞讨人员救助管理办法》'],
  ['E0503', 'E0503', null, '', 'normal', '属地区城管执法局', [], '4工作时', '已清理', RONGHUAN],
  ['E0504', 'E0504', null, '', 'urgent', '属地区城管执法局', [], '2工作时', '已恢复店内经营', RONGHUAN],
  ['E0504-S1', 'E0504', '350203', '', 'urgent', '350203-CGJ', ['350203001'], '1工作时', '已恢复店内经营', RONGHUAN],
  ['E0505', 'E0505', null, '', 'normal', '属地区交警大队', [], '2小时', '车辆已驶离或已处罚', TRAFFIC],
  ['E0506', 'E0506', null, '', 'normal', '属地街道（镇）', [], '4工作时', '已规整', RONGHUAN],
  ['E0507', 'E0507', null, '', 'normal', '属地街道（镇）', [], '1工作日', '已清理', RONGHUAN],
  ['E0508', 'E0508', null, '', 'urgent', '属地区城管执法局', [], '2工作时', '已制止', NOISE],
  ['E0509', 'E0509', null, '', 'normal', 'XM-JTJ', ['XM-JJZD'], '1工作日', '已查处', '《中华人民共和国道路运输条例》'],
  ['E0510', 'E0510', null, '', 'urgent', '属地区城管执法局', [], '2工作时', '已制止', `${AIR}第八十一条`],
  ['E0511', 'E0511', null, '', 'normal', '属地街道（镇）', [], '4工作时', '已清理', RONGHUAN],
  ['E0512', 'E0512', null, '', 'normal', '属地区城管执法局', ['XM-SJJ'], '4工作时', '已查处', '《出版管理条例》'],
  ['E0513', 'E0513', null, '', 'normal', '属地街道（镇）', [], '5工作日', '已整改', RONGHUAN],
  ['E0598', 'E0598', null, '', 'normal', '属地区城管执法局', [], '4工作时', '盲道畅通', RONGHUAN],
  // 事件: 扩展（厦门本地）
  ['E2101', 'E2101', null, '美团单车', 'urgent', 'XM-BIKE-MT', [], '0.5小时', '车辆已规整或清运', '《厦门市互联网租赁自行车管理办法》'],
  ['E2101-2', 'E2101', null, '哈啰单车', 'urgent', 'XM-BIKE-HL', [], '0.5小时', '车辆已规整或清运', '《厦门市互联网租赁自行车管理办法》'],
  ['E2101-3', 'E2101', null, '青桔单车', 'urgent', 'XM-BIKE-QJ', [], '0.5小时', '车辆已规整或清运', '《厦门市互联网租赁自行车管理办法》'],
  ['E2103', 'E2103', null, '', 'normal', '属地区环境卫生中心', [], '2工作时', '已清运', RONGHUAN],
];

function limit(text: string) {
  const t = parseTimeLimit(text);
  if (!t) throw new Error(`demo responsibility list: bad time limit ${text}`);
  return t;
}

function owner(text: string): Owner {
  return parseTerritorialOwner(text) ?? { type: 'unit', unitCode: text };
}

function build(): ResponsibilityItemInput[] {
  return ROWS.map(([itemNo, categoryCode, areaCode, condition, urgency, ownerText, coUnitCodes, handle, closingCondition, legalBasis]) => {
    const stages = urgency === 'urgent' ? URGENT_STAGES : NORMAL_STAGES;
    const timeLimits: TimeLimits = {
      accept: limit(stages.accept),
      file: limit(stages.file),
      dispatch: limit(stages.dispatch),
      handle: limit(handle),
      verify: limit(stages.verify),
      close: limit(stages.close),
    };
    return { itemNo, categoryCode, areaCode, condition, urgency, owner: owner(ownerText), coUnitCodes, timeLimits, closingCondition, legalBasis };
  });
}

export const DEMO_RESPONSIBILITY_ITEMS: readonly ResponsibilityItemInput[] = build();
