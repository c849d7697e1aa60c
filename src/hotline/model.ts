/**
 * 12345 hotline work orders (12345工单): the record, its states, the columns hotline systems export
 * (field-notes §B.4: 工单编号, 来电时间, 诉求渠道, 诉求人, 联系电话, 诉求内容, 诉求类型, 事件发生地,
 * 紧急程度, 主办单位, 协办单位, 办理时限, 是否疑难) and the pure rules: masking personal data, reading
 * a row, reading a 回访 (satisfaction) row. No I/O.
 */
import { parseInstant } from '../core/time.js';
import type { RowTools, SheetColumn } from '../core/sheet-table.js';

export const ORDER_STATES = ['needs_location', 'to_confirm', 'filed', 'answered', 'rejected'] as const;
export type OrderState = (typeof ORDER_STATES)[number];
export const ORDER_STATE_ZH: Record<OrderState, string> = {
  needs_location: '待定位', to_confirm: '待确认分类', filed: '已立案派遣', answered: '已办结', rejected: '不予受理',
};

export const SATISFACTIONS = ['satisfied', 'basically_satisfied', 'unsatisfied'] as const;
export type Satisfaction = (typeof SATISFACTIONS)[number];
export const SATISFACTION_ZH: Record<Satisfaction, string> = { satisfied: '满意', basically_satisfied: '基本满意', unsatisfied: '不满意' };

export interface ProposedClass {
  code: string;
  name: string;
  confidence: number;
}

/** What the hotline system tells us of an order (after masking). */
export interface OrderInput {
  orderNo: string;
  calledAt: number | null;
  channel: string;
  callerMasked: string | null;
  phoneMasked: string | null;
  content: string;
  /** 诉求类型 as the hotline classes it (GB/T 39666-2020 code and/or name), when given. */
  appealType: string | null;
  address: string | null;
  /** Coordinates when the hotline system has them (WGS-84 after conversion). */
  lon: number | null;
  lat: number | null;
  crs: 'wgs84' | 'gcj02' | 'bd09';
  urgency: 'normal' | 'urgent';
  leadUnit: string | null;
  coUnits: string | null;
  dueAt: number | null;
  difficult: boolean;
}

export interface HotlineOrder extends OrderInput {
  id: string;
  version: number;
  lastHash: string;
  state: OrderState;
  /** Where the location came from. */
  locatedBy: 'coordinates' | 'gazetteer' | 'operator' | null;
  /** The gazetteer place the address matched. */
  placeName: string | null;
  gridCode: string | null;
  /**
   * The area the order belongs to, which decides who reads it: the grid's district and street once it
   * is placed; before that, the area of the account that took it in (null for a city-wide account).
   */
  districtCode: string | null;
  streetCode: string | null;
  proposals: ProposedClass[];
  categoryCode: string | null;
  caseId: string | null;
  caseCode: string | null;
  /** The case's status, as last heard. */
  caseStatus: string | null;
  closedAt: number | null;
  result: string | null;
  afterPhotos: string[];
  push: { state: 'none' | 'pending' | 'sent' | 'failed'; at: number | null; detail: string | null };
  satisfaction: Satisfaction | null;
  satisfactionNote: string | null;
  ratedAt: number | null;
  rejectReason: string | null;
  receivedAt: number;
  updatedAt: number;
}

// ----- masking: the platform never stores a caller's full name or number

/** 张三丰 → 张**; a single character stays; empty → null. */
export function maskName(name: string): string | null {
  const n = name.trim();
  if (!n) return null;
  const chars = [...n];
  return chars.length === 1 ? n : chars[0] + '*'.repeat(Math.min(chars.length - 1, 3));
}

/** 13812345678 → 138****5678; landlines keep the last 4 digits; an already masked number stays. */
export function maskPhone(phone: string): string | null {
  const p = phone.replace(/[\s-]/g, '');
  if (!p) return null;
  if (p.includes('*')) return p;
  if (p.length >= 11) return `${p.slice(0, 3)}****${p.slice(-4)}`;
  if (p.length > 4) return `${'*'.repeat(p.length - 4)}${p.slice(-4)}`;
  return '*'.repeat(p.length);
}

// ----- the import columns

export const ORDER_COLUMNS: readonly SheetColumn[] = [
  { zh: '工单编号', en: 'order number', required: true, aliases: ['热线单号', '工单号'], example: 'XM12345-20260302-000123' },
  { zh: '来电时间', en: 'call time', aliases: ['受理时间', '市交办时间'], example: '2026-03-02 09:12' },
  { zh: '诉求渠道', en: 'channel', aliases: ['来源渠道'], example: '电话' },
  { zh: '诉求人', en: 'caller', aliases: ['求助人员', '联系人'], example: '张三' },
  { zh: '联系电话', en: 'phone', aliases: ['求助号码'], example: '13812345678' },
  { zh: '诉求内容', en: 'content', required: true, example: '市民来电反映：湖滨南路123号门口井盖缺失，存在安全隐患，请尽快处理。' },
  { zh: '诉求类型', en: 'appeal type', example: '城乡建设-市政设施' },
  { zh: '事件发生地', en: 'address', aliases: ['诉求详细地址', '事发地址'], example: '思明区湖滨南路123号' },
  { zh: '经度', en: 'longitude', example: '' },
  { zh: '纬度', en: 'latitude', example: '' },
  { zh: '坐标系', en: 'coordinate system', example: 'gcj02' },
  { zh: '紧急程度', en: 'urgency', example: '一般' },
  { zh: '主办单位', en: 'lead unit', aliases: ['市交办主办单位'], example: '思明区城市管理局' },
  { zh: '协办单位', en: 'co-units', aliases: ['市交办协办单位'], example: '' },
  { zh: '办理时限', en: 'deadline', aliases: ['区交办办结期限', '市交办办结期限'], example: '2026-03-09 18:00' },
  { zh: '是否疑难', en: 'difficult', example: '否' },
];

const URGENCY: Record<string, 'normal' | 'urgent'> = { 一般: 'normal', 普通: 'normal', normal: 'normal', 紧急: 'urgent', 特急: 'urgent', 加急: 'urgent', urgent: 'urgent' };
const YES_NO: Record<string, boolean> = { 是: true, 否: false, Y: true, N: false, y: true, n: false, true: true, false: false, '1': true, '0': false };
const CRS: Record<string, OrderInput['crs']> = { wgs84: 'wgs84', 'wgs-84': 'wgs84', gcj02: 'gcj02', 'gcj-02': 'gcj02', bd09: 'bd09', 'bd-09': 'bd09' };

/** A date-time as hotline systems write it ('2026-03-02 09:12', '2026/3/2 9:12', ISO); Shanghai time when no zone. */
export function parseHotlineTime(text: string): number | null {
  const t = text.trim();
  if (!t) return null;
  const m = t.match(/^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/);
  if (m) {
    const [, y, mo, d, h = '0', mi = '0', s = '0'] = m;
    const iso = `${y}-${mo!.padStart(2, '0')}-${d!.padStart(2, '0')}T${h.padStart(2, '0')}:${mi}:${s.padStart(2, '0')}+08:00`;
    const v = Date.parse(iso);
    return Number.isFinite(v) ? v : NaN;
  }
  try {
    return parseInstant(t);
  } catch {
    return NaN;
  }
}

/** One order row of an import file, checked; personal data masked here, before anything is kept. */
export function readOrderRow(t: RowTools): OrderInput | undefined {
  const orderNo = t.cell('工单编号');
  if (!orderNo) t.fail('工单编号', '缺少工单编号', 'the order number is missing');
  else if (orderNo.length > 64) t.fail('工单编号', '工单编号过长（最多 64 字符）', 'the order number is longer than 64 characters');
  const content = t.cell('诉求内容');
  if (!content) t.fail('诉求内容', '缺少诉求内容', 'the content is missing');
  else if (content.length > 4000) t.fail('诉求内容', '诉求内容超过 4000 字', 'the content is longer than 4000 characters');
  const calledAt = parseHotlineTime(t.cell('来电时间'));
  if (Number.isNaN(calledAt)) t.fail('来电时间', `来电时间「${t.cell('来电时间')}」无法识别`, `cannot read the call time '${t.cell('来电时间')}'`);
  const dueAt = parseHotlineTime(t.cell('办理时限'));
  if (Number.isNaN(dueAt)) t.fail('办理时限', `办理时限「${t.cell('办理时限')}」无法识别`, `cannot read the deadline '${t.cell('办理时限')}'`);
  const urgencyText = t.cell('紧急程度') || '一般';
  const urgency = URGENCY[urgencyText];
  if (!urgency) t.fail('紧急程度', `紧急程度应为 一般 或 紧急，而不是「${urgencyText}」`, `urgency must be 一般 or 紧急, not '${urgencyText}'`);
  const difficultText = t.cell('是否疑难') || '否';
  const difficult = YES_NO[difficultText];
  if (difficult === undefined) t.fail('是否疑难', `是否疑难应为 是 或 否`, `difficult must be 是 or 否`);
  const lonText = t.cell('经度');
  const latText = t.cell('纬度');
  let lon: number | null = null;
  let lat: number | null = null;
  if (lonText || latText) {
    lon = Number(lonText);
    lat = Number(latText);
    if (!lonText || !latText || !Number.isFinite(lon) || !Number.isFinite(lat) || Math.abs(lon) > 180 || Math.abs(lat) > 90) {
      t.fail('经度', '经纬度应同时填写且为有效数字', 'longitude and latitude must both be valid numbers');
    }
  }
  const crsText = (t.cell('坐标系') || 'wgs84').toLowerCase();
  const crs = CRS[crsText];
  if (!crs) t.fail('坐标系', `坐标系应为 wgs84、gcj02 或 bd09`, `the coordinate system must be wgs84, gcj02 or bd09`);
  const address = t.cell('事件发生地');
  if (!address && lon === null) t.fail('事件发生地', '事件发生地和经纬度至少填一项', 'give the address or the coordinates');
  if (!orderNo || !content || !urgency || difficult === undefined || !crs || Number.isNaN(calledAt) || Number.isNaN(dueAt)) return undefined;
  return {
    orderNo, calledAt, channel: t.cell('诉求渠道') || '电话', callerMasked: maskName(t.cell('诉求人')), phoneMasked: maskPhone(t.cell('联系电话')),
    content, appealType: t.cell('诉求类型') || null, address: address || null, lon, lat, crs, urgency,
    leadUnit: t.cell('主办单位') || null, coUnits: t.cell('协办单位') || null, dueAt, difficult,
  };
}

// ----- 回访 (satisfaction) import

export const RATING_COLUMNS: readonly SheetColumn[] = [
  { zh: '工单编号', en: 'order number', required: true, aliases: ['热线单号'], example: 'XM12345-20260302-000123' },
  { zh: '回访结果', en: 'satisfaction', required: true, aliases: ['满意度', '回访满意度'], example: '满意' },
  { zh: '回访时间', en: 'rated at', example: '2026-03-10 10:00' },
  { zh: '回访意见', en: 'comment', aliases: ['回访内容'], example: '' },
];

const SATISFACTION_OF: Record<string, Satisfaction> = { 满意: 'satisfied', 非常满意: 'satisfied', 基本满意: 'basically_satisfied', 一般: 'basically_satisfied', 不满意: 'unsatisfied', 非常不满意: 'unsatisfied' };

export interface RatingInput {
  orderNo: string;
  satisfaction: Satisfaction;
  ratedAt: number | null;
  note: string | null;
}

export function readRatingRow(t: RowTools): RatingInput | undefined {
  const orderNo = t.cell('工单编号');
  if (!orderNo) t.fail('工单编号', '缺少工单编号', 'the order number is missing');
  const text = t.cell('回访结果');
  const satisfaction = SATISFACTION_OF[text];
  if (!satisfaction) t.fail('回访结果', `回访结果应为 满意、基本满意 或 不满意，而不是「${text}」`, `satisfaction must be 满意, 基本满意 or 不满意, not '${text}'`);
  const ratedAt = parseHotlineTime(t.cell('回访时间'));
  if (Number.isNaN(ratedAt)) t.fail('回访时间', `回访时间「${t.cell('回访时间')}」无法识别`, `cannot read the time '${t.cell('回访时间')}'`);
  if (!orderNo || !satisfaction || Number.isNaN(ratedAt)) return undefined;
  return { orderNo, satisfaction, ratedAt, note: t.cell('回访意见') || null };
}

/** The state an order takes once received: located or not. */
export const stateAfterReceipt = (located: boolean): OrderState => (located ? 'to_confirm' : 'needs_location');

/** The area of a placed order: a grid code (350203001001001) starts with its street's and district's codes. */
export function areaOfGrid(gridCode: string): { districtCode: string; streetCode: string } {
  return { districtCode: gridCode.slice(0, 6), streetCode: gridCode.slice(0, 9) };
}
