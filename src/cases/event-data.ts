/**
 * The fragment tables case event data is coded with (src/workflow/data-codec.ts), by version. A table
 * is the fragments that recur in case events — member names, member names with their common values,
 * common values — taken from the simulator's mix of events and ordered by the bytes they save (the
 * first 43 get one-byte codes). NEVER edit a version once released: rows written with it are read
 * with it. A better table is a new version (and CASE_DATA_VERSION moves to it).
 */
import { dataCodec } from '../workflow/data-codec.js';

const V1: readonly string[] = [
  '"unit":"work_hours"', '"endedStage":{', '"endedStage":', '"onTime":true', '"work_hours"', '"note":null',
  '"value":', '"onTime":', '"dueAt":', '"cycle":', '"stage":', '"unit":',
  '"note":', '"value":1', '"note":"已按要求处置完毕"', '"stage":"accept"', '"已按要求处置完毕"', '"unitId":',
  '"urgency":"normal"', '"stage":"handle"', '"communityCode":', '"externalRef":null', '"categoryCode":', '"categoryName":',
  '"districtCode":', '"stage":"verify"', '"unitCode":', '"description":', '"externalRef":', '"selfHandled":false',
  '"crs":"wgs84"', '"streetCode":', '"stage":"file"', '"source":"inspector"', '"stage":"close"', '"unit":"hours"',
  '"timeLimits":{', '"candidates":', '"timeLimits":', '"selfHandled":', '"gridCode":', '"reworkCount":0',
  '"unique":true', '"reworkCount":', '"condition":', '"address":', '"urgency":', '"dispatch":{',
  '"reason":', '"accept"', '"unit":"work_days"', '"cycle":1', '"dispatch":', '"value":4',
  '"cycle":2', '"source":', '"reason":"事项清单有 3 条同级条目适用于「共享单车乱停放」（E2101、E2101-2、E2101-3），请按立案条件或紧急程度选择"', '"accept":{', '"handle":{', '"verify":{',
  '"事项清单有 3 条同级条目适用于「共享单车乱停放」（E2101、E2101-2、E2101-3），请按立案条件或紧急程度选择"', '"handle"', '"cycle":3', '"cycle":4', '"itemId":', '"itemNo":',
  '"unique":', '"accept":', '"close":{', '"handle":', '"verify":', '"districtCode":"350203"',
  '"verify"', '"normal"', '"condition":""', '"note":"现场核实属实"', '"inspector"', '"cycle":5',
  '"code":', '"wgs84"', '"close":', '"file":{', '"condition":"未按规定及时处理的道路保洁问题"', '"districtCode":"350206"',
  '"work_days"', '"hours"', '"crs":', '"file":', '"close"', '"现场核实属实"',
  '"limit":{', '"warnAt":', '"file"', '"condition":"超过临时堆放时限的建筑垃圾及堆积的渣土"', '"condition":"成堆、成片的垃圾"', '"未按规定及时处理的道路保洁问题"',
  '"value":2', '"limit":', '"h3":', '"stage":"check"', '"categoryName":"暴露垃圾"', '"超过临时堆放时限的建筑垃圾及堆积的渣土"',
  '"confirmed":true', '"districtCode":"350211"', '"categoryName":"非机动车乱停放"', '"categoryName":"乱堆物堆料"', '"categoryName":"店外经营"', '"districtCode":"350213"',
  '"districtCode":"350212"', '"value":0.5', '"confirmed":', '"categoryName":"道路不洁"', '"成堆、成片的垃圾"', '"cycle":6',
  '"categoryName":"非法小广告"', '"categoryCode":"E0102"', '"categoryName":"机动车乱停放"', '"onTime":false', '"reason":"事项清单 E0504-S1: 店外经营 → 思明区城市管理行政执法局"', '"categoryName":"积存垃圾渣土"',
  '"districtCode":"350205"', '"unitCode":"350203-HW"', '"unitCode":"350203-CGJ"', '"reason":"事项清单 E0102: 暴露垃圾 → 思明区环境卫生中心"', '"reason":"不属于本单位职责"', '"categoryCode":"E0504"',
  '"事项清单 E0504-S1: 店外经营 → 思明区城市管理行政执法局"', '"categoryName":"共享单车乱停放"', '"categoryCode":"E0104"', '"categoryCode":"E0507"', '"source":"citizen"', '"source":"hotline"',
  '"reason":"事项清单 E0102-H1: 暴露垃圾 → 湖里区环境卫生中心"', '"事项清单 E0102: 暴露垃圾 → 思明区环境卫生中心"', '"reason":"现场仍有问题，需返工"', '"cycle":7', '"350203"', '"note":"现场已自行处置"',
  '"reason":"事项清单 E0104: 道路不洁 → 思明区环境卫生中心"', '"reason":"事项清单 E0505: 机动车乱停放 → 厦门市公安局交通警察支队思明大队"', '"非机动车乱停放"', '"categoryCode":"E0201"', '"reason":"事项清单 E0507: 乱堆物堆料 → 属地街道（镇）（未找到对应单位）"', '"unitCode":"350206-HW"',
  '"categoryCode":"E0506"', '"事项清单 E0102-H1: 暴露垃圾 → 湖里区环境卫生中心"', '"unitId":null', '"事项清单 E0505: 机动车乱停放 → 厦门市公安局交通警察支队思明大队"', '"categoryCode":"E0505"', '"暴露垃圾"',
  '"urgency":"urgent"', '"不属于本单位职责"', '"事项清单 E0507: 乱堆物堆料 → 属地街道（镇）（未找到对应单位）"', '"事项清单 E0104: 道路不洁 → 思明区环境卫生中心"', '"categoryName":"违章张贴悬挂广告牌匾"', '"reason":"事项清单 E0504: 店外经营 → 湖里区城市管理行政执法局"',
  '"reason":"事项清单 C0102: 污水井盖 → 厦门水务集团有限公司"', '"乱堆物堆料"', '"reason":"事项清单 E0201: 非法小广告 → 属地街道（镇）（未找到对应单位）"', '"现场仍有问题，需返工"', '"reason":"事项清单 E0103: 积存垃圾渣土 → 思明区环境卫生中心"', '"350206"',
  '"check"', '"机动车乱停放"', '"reason":"事项清单 E0506: 非机动车乱停放 → 属地街道（镇）（未找到对应单位）"', '"reason":"事项清单 C0101: 上水井盖 → 厦门水务集团有限公司"', '"categoryCode":"E0103"', '"source":"video"',
  '"reason":"事项清单 E0505: 机动车乱停放 → 厦门市公安局交通警察支队湖里大队"', '"现场已自行处置"', '"condition":"绿地内有垃圾杂物"', '"reason":"重复或无效案卷"', '"事项清单 E0504: 店外经营 → 湖里区城市管理行政执法局"', '"事项清单 E0201: 非法小广告 → 属地街道（镇）（未找到对应单位）"',
  '"事项清单 C0102: 污水井盖 → 厦门水务集团有限公司"', '"非法小广告"', '"事项清单 E0506: 非机动车乱停放 → 属地街道（镇）（未找到对应单位）"', '"reason":"事项清单 E0104: 道路不洁 → 湖里区环境卫生中心"', '"事项清单 E0103: 积存垃圾渣土 → 思明区环境卫生中心"', '"streetCode":"350206005"',
  '"店外经营"', '"categoryName":"绿地脏乱"', '"积存垃圾渣土"', '"事项清单 E0505: 机动车乱停放 → 厦门市公安局交通警察支队湖里大队"', '"事项清单 C0101: 上水井盖 → 厦门水务集团有限公司"', '"unitCode":"350206-CGJ"',
  '"itemNo":"E0104"', '"道路不洁"', '"reason":"事项清单 E0104: 道路不洁 → 集美区环境卫生中心"', '"reason":"事项清单 E0505: 机动车乱停放 → 厦门市公安局交通警察支队集美大队"', '"itemNo":"E0507"', '"共享单车乱停放"',
  '"事项清单 E0104: 道路不洁 → 湖里区环境卫生中心"', '"itemNo":"E0102"', '"E0102"', '"unitCode":"350212-CGJ"', '"unitCode":"350211-CGJ"', '"reason":"事项清单 E0505: 机动车乱停放 → 厦门市公安局交通警察支队翔安大队"',
  '"categoryCode":"E2101"', '"categoryName":"道路破损"', '"condition":"路面破损、坑洼"', '"unitCode":"XM-SW"', '"reason":"事项清单 E0504: 店外经营 → 翔安区城市管理行政执法局"', '"事项清单 E0505: 机动车乱停放 → 厦门市公安局交通警察支队集美大队"',
  '"streetCode":"350206003"', '"unitCode":null', '"350203-CGJ"', '"reason":"事项清单 E0102: 暴露垃圾 → 集美区环境卫生中心"', '"事项清单 E0104: 道路不洁 → 集美区环境卫生中心"', '"unitCode":"350213-CGJ"',
  '"selfHandled":true', '"value":24', '"itemNo":"E0201"', '"违章张贴悬挂广告牌匾"', '"itemNo":"E0505"', '"350203-HW"',
  '"事项清单 E0505: 机动车乱停放 → 厦门市公安局交通警察支队翔安大队"', '"streetCode":"350203001"', '"streetCode":"350211102"', '"unitCode":"350211-HW"', '"E0104"', '"reason":"事项清单 E0103: 积存垃圾渣土 → 湖里区环境卫生中心"',
  '"reason":"事项清单 E0202: 违章张贴悬挂广告牌匾 → 思明区城市管理行政执法局"', '"streetCode":"350206002"', '"reason":"事项清单 E0505: 机动车乱停放 → 厦门市公安局交通警察支队同安大队"', '"E0507"', '"350211"', '"事项清单 E0504: 店外经营 → 翔安区城市管理行政执法局"',
  '"reason":"事项清单 E0102: 暴露垃圾 → 同安区环境卫生中心"', '"重复或无效案卷"', '"reason":"不属于城市管理范围"', '"reason":"需协调产权单位，申请挂账"', '"itemNo":"E0506"', '"categoryCode":"E0106"',
  '"事项清单 E0102: 暴露垃圾 → 集美区环境卫生中心"', '"streetCode":"350206004"', '"reason":"事项清单 E0504: 店外经营 → 同安区城市管理行政执法局"', '"reason":"事项清单 E0504: 店外经营 → 集美区城市管理行政执法局"', '"绿地内有垃圾杂物"', '"itemNo":"E0504"',
  '"E0504"', '"事项清单 E0202: 违章张贴悬挂广告牌匾 → 思明区城市管理行政执法局"', '"事项清单 E0505: 机动车乱停放 → 厦门市公安局交通警察支队同安大队"', '"citizen"', '"事项清单 E0103: 积存垃圾渣土 → 湖里区环境卫生中心"', '"hotline"',
  '"E0201"', '"itemNo":"E0103"', '"unitCode":"350212-HW"', '"事项清单 E0102: 暴露垃圾 → 同安区环境卫生中心"', '"350213"', '"categoryCode":"E0110"',
  '"事项清单 E0504: 店外经营 → 同安区城市管理行政执法局"', '"reason":"事项清单 E0102: 暴露垃圾 → 海沧区环境卫生中心"', '"事项清单 E0504: 店外经营 → 集美区城市管理行政执法局"', '"350212"', '"E0505"', '"E0506"',
  '"categoryName":"雨水井盖"', '"unitCode":"350213-HW"', '"350206-HW"', '"reason":"事项清单 C0105: 电力井盖 → 国网厦门供电公司"', '"condition":"井盖破损、移位、松动"', '"reason":"事项清单 E0102: 暴露垃圾 → 翔安区环境卫生中心"',
  '"streetCode":"350203002"', '"需协调产权单位，申请挂账"', '"reason":"事项清单 E0504: 店外经营 → 海沧区城市管理行政执法局"', '"timeLimits":null', '"reason":"事项清单 E0103: 积存垃圾渣土 → 集美区环境卫生中心"', '"reason":"事项清单 E0202: 违章张贴悬挂广告牌匾 → 湖里区城市管理行政执法局"',
  '"reason":"事项清单 E0104: 道路不洁 → 翔安区环境卫生中心"', '"不属于城市管理范围"', '"事项清单 E0102: 暴露垃圾 → 海沧区环境卫生中心"', '"350206005"', '"streetCode":"350205002"', '"streetCode":"350205001"',
  '"路面破损、坑洼"', '"condition":null', '"E0103"', '"reason":"工程量大，需延期"', '"categoryCode":"E0202"', '"reason":"事项清单 E0110: 道路破损 → 湖里区市政园林局"',
  '"事项清单 C0105: 电力井盖 → 国网厦门供电公司"', '"350205"', '"streetCode":"350203005"', '"streetCode":"350206001"', '"unitCode":"350203-SZYL"', '"unitCode":"350206-SZYL"',
  '"streetCode":"350203009"', '"reason":"事项清单 E0103: 积存垃圾渣土 → 翔安区环境卫生中心"', '"事项清单 E0102: 暴露垃圾 → 翔安区环境卫生中心"', '"事项清单 E0504: 店外经营 → 海沧区城市管理行政执法局"', '"categoryName":"上水井盖"', '"streetCode":"350203010"',
  '"事项清单 E0202: 违章张贴悬挂广告牌匾 → 湖里区城市管理行政执法局"', '"reason":"事项清单 E0505: 机动车乱停放 → 厦门市公安局交通警察支队海沧大队"', '"事项清单 E0103: 积存垃圾渣土 → 集美区环境卫生中心"', '"reason":"事项清单 E0106: 绿地脏乱 → 思明区市政园林局"', '"streetCode":"350211101"',
];

/** The table new case events are written with. */
export const CASE_DATA_VERSION = 1;

/**
 * The byte `"unitId":` is coded as (in every table version so far: it is the 18th fragment of V1).
 * case_unit_holds' trigger (migration 0244) finds the unit of a coded `dispatched` / `reassigned`
 * event by it: the first `UNIT_ID_CODE "` of the coded bytes is followed by the unit id and a `"`. No
 * other byte sequence of coded canonical JSON holds it (raw JSON bytes are never below 0x20, and the
 * one two-byte code ending in it, `"handle"`, is a string value, never followed by `"`). A new table
 * version must keep this code for `"unitId":`, or give the trigger its own.
 */
export const UNIT_ID_CODE = 0x12;

export const caseDataCodec = dataCodec({ 1: V1 }, CASE_DATA_VERSION);

/** A case event's data as stored (any form a row holds, see data-codec.ts), parsed. */
export const decodeCaseData = <T = unknown>(stored: unknown): T => caseDataCodec.decode(stored) as T;
