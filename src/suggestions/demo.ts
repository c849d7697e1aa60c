/**
 * A few suggestions (金点子) for the demo city, at every stage: new ones to assign, some with
 * 思明区市政园林局 (the demo handler's unit; one already past its deadline), answered ones in the
 * public list (one answered late), one answered by the centre, one discarded. Written through the
 * declared actions' pure runs at past instants, so the log reads as if the weeks had happened.
 */
import type { CatalogService } from '../catalog/service.js';
import type { GeoService } from '../geo/service.js';
import { DAY_MS, HOUR_MS } from '../core/time.js';
import type { RecordStore } from '../workflow/store.js';
import type { DocEvent } from '../workflow/doc-stream.js';
import { SUGGESTION_ACTIONS, type IntakeInput, type Suggestion, type SuggestionAction, type Topic } from './model.js';

interface Seed {
  topic: Topic;
  title: string;
  content: string;
  at: [lon: number, lat: number] | null;
  address?: string;
  daysAgo: number;
  /** What happened next: assigned to a unit (and answered after so many days), answered by the centre, discarded. */
  then?: { assign: 'siming' | 'huli'; afterH?: number; answer?: { afterDays: number; text: string; adoption: 'adopted' | 'partly' | 'noted' | 'not_adopted' } } | { reply: string } | { discard: string };
}

const SEEDS: Seed[] = [
  { topic: 'greening', title: '白鹭洲公园增设遮阳座椅', content: '白鹭洲公园西侧步道夏天没有遮阴，老人散步走一段就要休息，建议在步道旁增设几处带遮阳棚的座椅。', at: [118.0895, 24.4794], address: '白鹭洲公园西侧步道', daysAgo: 0 },
  { topic: 'traffic', title: '学校门口上下学时段设临时停车区', content: '思明小学门口每天放学时家长临时停车堵住公交站，建议划出限时停车区并安排志愿者引导。', at: [118.0862, 24.4601], daysAgo: 1 },
  { topic: 'environment', title: '垃圾分类投放点延长开放时间', content: '小区垃圾分类投放点晚上八点就关闭，上班族回家太晚赶不上，建议延长到晚上十点，或者设一个24小时的投放点。', at: null, daysAgo: 2 },
  { topic: 'roads', title: '人行道盲道被共享单车占用', content: '湖滨南路一段的盲道经常被共享单车占用，建议在附近划定单车停放区，并请运营企业加强调度。', at: [118.1049, 24.4752], address: '湖滨南路', daysAgo: 3, then: { assign: 'siming', afterH: 3 } },
  { topic: 'city_look', title: '老旧小区外立面统一整治', content: '莲前街道几个老旧小区外墙空调外机和雨棚杂乱，建议结合老旧小区改造统一整治外立面。', at: [118.1302, 24.4798], daysAgo: 12, then: { assign: 'siming', afterH: 2 } },
  {
    topic: 'greening', title: '街心绿地增加儿童游乐设施', content: '筼筜街道的街心绿地面积不小，但没有儿童活动设施，建议增加一些适合低龄儿童的游乐设施和防滑地面。', at: [118.0963, 24.4858], daysAgo: 20,
    then: { assign: 'siming', afterH: 4, answer: { afterDays: 3, adoption: 'adopted', text: '感谢您的建议。经现场查看，该绿地具备增设条件，我局已将儿童游乐设施纳入本年度口袋公园提升计划，预计下季度完工。' } },
  },
  {
    topic: 'roads', title: '夜间路灯亮度不足', content: '湖里区金山街道部分支路路灯间距大、亮度不够，晚上走路不安全，建议更换为LED路灯并加密。', at: [118.1781, 24.5033], daysAgo: 25,
    then: { assign: 'huli', afterH: 5, answer: { afterDays: 9, adoption: 'partly', text: '您好，我局已对金山街道支路路灯进行排查，已更换亮度不足的灯具 36 盏；加密路灯需结合道路改造实施，已列入明年计划。' } },
  },
  { topic: 'services', title: '城管服务点提供便民打气筒', content: '建议在各城管服务点免费提供自行车打气筒和简单修车工具，方便骑车的市民。', at: null, daysAgo: 15, then: { reply: '感谢您的金点子！全市 42 个城管驿站已配备打气筒和便民工具箱，您可在地图上查询最近的驿站。' } },
  { topic: 'other', title: '广告', content: '专业代办各类证件，联系电话13800001234，价格优惠欢迎咨询。', at: null, daysAgo: 5, then: { discard: '与城市管理建议无关的广告信息' } },
];

export interface DemoDeps {
  store: RecordStore<Suggestion, DocEvent>;
  intake(input: IntakeInput, actorId: string, now: number): Promise<Suggestion | undefined>;
  assignTo(s: Suggestion, unitId: string, now: number): Promise<Suggestion>;
  catalog: CatalogService;
  geo: GeoService;
  now: number;
}

export async function seedDemoSuggestions(d: DemoDeps): Promise<number> {
  const units = await d.catalog.listUnits();
  const unitOf = (district: string) => units.find((u) => u.name.includes(district) && u.name.includes('市政园林')) ?? units[0];
  const act = async (s: Suggestion, name: SuggestionAction, body: Record<string, unknown>, role: string, at: number): Promise<Suggestion> => {
    const decl = SUGGESTION_ACTIONS[name];
    const out = (decl.run as (c: unknown, r: Suggestion, b: unknown) => { next: Suggestion; data: Record<string, unknown> })({ actor: { id: `demo.${role}`, roles: [role] }, role, now: at }, s, body);
    let next: Suggestion = { ...out.next, state: 'to' in decl && decl.to ? (decl.to as Suggestion['state']) : s.state };
    let data = out.data;
    if (name === 'assign') {
      next = await d.assignTo(next, body.unitId as string, at);
      data = { ...data, unitName: next.unitName, limit: next.limit, dueAt: next.clock.dueAt };
    }
    return d.store.append(s, next, [{ type: decl.event, data, actorId: `demo.${role}`, role, at }]);
  };
  let n = 0;
  for (const seed of SEEDS) {
    const at = d.now - seed.daysAgo * DAY_MS - 2 * HOUR_MS;
    const place = seed.at ? d.geo.tryLocate(seed.at[0], seed.at[1], 'wgs84') : null;
    let s = await d.intake({
      channel: 'citizen_app', topic: seed.topic, title: seed.title, content: seed.content, photos: [], lon: place?.point.lon ?? null, lat: place?.point.lat ?? null,
      address: seed.address ?? null, districtCode: place?.district.code ?? null, streetCode: place?.street.code ?? null, named: false, intakeKey: null,
    }, 'demo.citizen', at);
    if (!s) continue;
    n += 1;
    const then = seed.then;
    if (!then) continue;
    if ('reply' in then) await act(s, 'reply', { text: then.reply, adoption: 'adopted' }, 'operator', at + 5 * HOUR_MS);
    else if ('discard' in then) await act(s, 'discard', { reason: then.discard }, 'shift_lead', at + 3 * HOUR_MS);
    else {
      const unit = unitOf(then.assign === 'siming' ? '思明' : '湖里');
      if (!unit) continue;
      const assignedAt = at + (then.afterH ?? 2) * HOUR_MS;
      s = await act(s, 'assign', { unitId: unit.id }, 'dispatcher', assignedAt);
      if (then.answer) await act(s, 'answer', { text: then.answer.text, adoption: then.answer.adoption }, 'handler', assignedAt + then.answer.afterDays * DAY_MS);
    }
  }
  return n;
}
