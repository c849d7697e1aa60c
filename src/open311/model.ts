/**
 * Open311 GeoReport v2 as types and pure rules, written from the published specification
 * (wiki.open311.org/GeoReport_v2, frozen): services and their definitions, requests as the public
 * sees them (a reporter's name, phone and e-mail are never among their fields), the POST form
 * (`attribute[CODE]`, location by lat/long or address), the query window (90 days / 1 000 requests),
 * and errors as `[{code, description}]`. No I/O.
 */
import { AppError, badRequest } from '../core/errors.js';
import { toShanghaiIso } from '../core/time.js';

export const SERVICE_TYPES = ['realtime', 'batch', 'blackbox'] as const;
export type ServiceType = (typeof SERVICE_TYPES)[number];

/** Extra questions a service may ask (its definition's attributes). */
export const ATTRIBUTE_CODES = ['urgency', 'component_code'] as const;
export type AttributeCode = (typeof ATTRIBUTE_CODES)[number];

export const DEFAULT_RADIUS_M = 250;
export const MAX_RADIUS_M = 1000;
/** The spec's default window: "a span of 90 days or first 1000 requests returned, whichever is smallest". */
export const WINDOW_DAYS = 90;
export const MAX_REQUESTS = 1000;
export const DESCRIPTION_MAX = 4000;

/** A class the city opened to the public, as configured by an admin. */
export interface ServiceConfig {
  categoryCode: string;
  type: ServiceType;
  keywords: string | null;
  description: string | null;
  plainName: string | null;
  attributes: AttributeCode[];
  radiusM: number;
  updatedAt: number;
}

/** GeoReport v2 Service. */
export interface Open311Service {
  service_code: string;
  service_name: string;
  description: string;
  metadata: boolean;
  type: ServiceType;
  keywords: string;
  group: string;
}

export interface AttributeValue {
  key: string;
  name: string;
}

/** GeoReport v2 ServiceAttribute. */
export interface ServiceAttribute {
  variable: boolean;
  code: string;
  datatype: 'string' | 'number' | 'datetime' | 'text' | 'singlevaluelist' | 'multivaluelist';
  required: boolean;
  datatype_description: string;
  order: number;
  description: string;
  values?: AttributeValue[];
}

export interface ServiceDefinition {
  service_code: string;
  attributes: ServiceAttribute[];
}

/** A class as the Open311 layer needs it (from the catalog). */
export interface ClassInfo {
  code: string;
  name: string;
  groupName: string;
  kind: 'component' | 'event';
}

export function toService(c: ServiceConfig, cls: ClassInfo): Open311Service {
  return {
    service_code: c.categoryCode,
    service_name: cls.name,
    description: c.description ?? c.plainName ?? cls.name,
    metadata: c.attributes.length > 0,
    type: c.type,
    keywords: c.keywords ?? '',
    group: cls.groupName,
  };
}

const ATTRIBUTES: Record<AttributeCode, (order: number) => ServiceAttribute> = {
  urgency: (order) => ({
    variable: true, code: 'urgency', datatype: 'singlevaluelist', required: false, order,
    datatype_description: '一般或紧急 · normal or urgent', description: '紧急程度 · Urgency',
    values: [{ key: 'normal', name: '一般 · Normal' }, { key: 'urgent', name: '紧急 · Urgent' }],
  }),
  component_code: (order) => ({
    variable: true, code: 'component_code', datatype: 'string', required: false, order,
    datatype_description: '部件标识码：16 位数字（部件上的铭牌） · the 16-digit code on the component’s plate',
    description: '部件标识码 · Component code',
  }),
};

export function definitionOf(c: ServiceConfig): ServiceDefinition {
  return { service_code: c.categoryCode, attributes: c.attributes.map((a, i) => ATTRIBUTES[a](i + 1)) };
}

/** Open311's two statuses; the case's own state goes to `status_notes`. */
export type RequestStatus = 'open' | 'closed';
const CLOSED = new Set(['closed', 'rejected', 'merged']);
export const requestStatusOf = (caseStatus: string): RequestStatus => (CLOSED.has(caseStatus) ? 'closed' : 'open');

/** The state of a case in plain words, for the public (status_notes and the citizen app). */
export function plainStatus(status: string, phase: string): string {
  if (status === 'reported') return phase === 'checking' ? '已受理，正在现场核实' : '已收到，等待受理';
  if (status === 'filed') return '已立案，正在派给责任单位';
  if (status === 'dispatched') return '责任单位正在处理';
  if (status === 'suspended') return '问题需要较长时间解决，已列入计划';
  if (status === 'handled') return '责任单位已处理，等待核查';
  if (status === 'verifying') return phase === 'verification_passed' ? '已核查合格，即将办结' : '正在现场核查处理结果';
  if (status === 'closed') return '已办结';
  if (status === 'rejected') return '经核实不予受理';
  if (status === 'merged') return '与已有上报为同一问题，已合并办理';
  return status;
}

/** The case as the Open311 layer reads it (the case service's record, narrowed). */
export interface CaseView {
  id: string;
  code: string;
  status: string;
  phase: string;
  categoryCode: string;
  categoryName: string;
  description: string;
  address: string | null;
  lon: number;
  lat: number;
  reportedAt: number;
  updatedAt: number;
  dueAt: number | null;
  unitName: string | null;
  mergedIntoCode?: string | null;
}

/** GeoReport v2 Request. No field carries the reporter. */
export interface Open311Request {
  service_request_id: string;
  status: RequestStatus;
  status_notes: string;
  service_name: string;
  service_code: string;
  description: string;
  agency_responsible: string;
  service_notice: string;
  requested_datetime: string;
  updated_datetime: string;
  expected_datetime: string;
  address: string;
  address_id: string;
  zipcode: string;
  lat: number;
  long: number;
  media_url: string;
}

/** ISO 8601 with the city's offset and no fraction: 2026-03-02T09:00:00+08:00. */
export const isoShanghai = (t: number): string => toShanghaiIso(t).replace(/\.\d{3}\+08:00$/, '+08:00');

export function toRequest(c: CaseView, mediaUrl: string | null): Open311Request {
  const status = requestStatusOf(c.status);
  return {
    service_request_id: c.code,
    status,
    status_notes: plainStatus(c.status, c.phase),
    service_name: c.categoryName,
    service_code: c.categoryCode,
    description: c.description,
    agency_responsible: c.unitName ?? '',
    service_notice: '',
    requested_datetime: isoShanghai(c.reportedAt),
    updated_datetime: isoShanghai(c.updatedAt),
    expected_datetime: status === 'open' && c.dueAt !== null ? isoShanghai(c.dueAt) : '',
    address: c.address ?? '',
    address_id: '',
    zipcode: '',
    lat: Math.round(c.lat * 1e6) / 1e6,
    long: Math.round(c.lon * 1e6) / 1e6,
    media_url: mediaUrl ?? '',
  };
}

// ---------------------------------------------------------------------------------------------
// Errors: AppErrors like everywhere; the Open311 routes answer them as the spec's [{code, description}].
// ---------------------------------------------------------------------------------------------

export interface Open311ErrorItem {
  code: number;
  description: string;
}

/** A refused field of an Open311 call (400, code OPEN311_INVALID, the field named in details). */
export const invalid = (field: string, zh: string, en: string): AppError => badRequest('OPEN311_INVALID', zh, en, { field });

// ---------------------------------------------------------------------------------------------
// POST /requests: the form
// ---------------------------------------------------------------------------------------------

export type FormValue = string | string[];
export type Form = Record<string, FormValue>;

/** What a valid POST says, reporter contact kept apart from the report. */
export interface PostedRequest {
  serviceCode: string;
  lat: number | null;
  lon: number | null;
  crs: 'wgs84' | 'gcj02' | 'bd09';
  addressString: string | null;
  addressId: string | null;
  description: string;
  mediaUrl: string | null;
  attributes: Record<string, string | string[]>;
  contact: { email: string | null; phone: string | null; firstName: string | null; lastName: string | null; deviceId: string | null; accountId: string | null };
  appRef: string | null;
}

const one = (f: Form, k: string): string | null => {
  const v = f[k];
  if (v === undefined) return null;
  const s = (Array.isArray(v) ? v[0] ?? '' : v).trim();
  return s === '' ? null : s;
};

const number = (f: Form, k: string): number | null => {
  const s = one(f, k);
  if (s === null) return null;
  const n = Number(s);
  if (!Number.isFinite(n)) throw invalid(k, `${k} 应为数字`, `${k} must be a number`);
  return n;
};

const limited = (f: Form, k: string, max: number): string | null => {
  const s = one(f, k);
  if (s !== null && s.length > max) throw invalid(k, `${k} 超过 ${max} 个字符`, `${k} is longer than ${max} characters`);
  return s;
};

/** `attribute[CODE]=v` and `attribute[CODE][]=v1&attribute[CODE][]=v2` → {CODE: v | [v1, v2]}. */
export function attributesOf(f: Form): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(f)) {
    const m = /^attribute\[([^\]]{1,64})\](\[\])?$/.exec(k);
    if (!m) continue;
    const values = Array.isArray(v) ? v : [v];
    out[m[1]!] = m[2] ? values : values[0] ?? '';
  }
  return out;
}

/** Reads and checks a POST /requests form (the spec's fields; `crs` and `app_ref` are our extensions). */
export function readPostForm(f: Form): PostedRequest {
  const serviceCode = one(f, 'service_code');
  if (!serviceCode) throw invalid('service_code', '缺少 service_code（服务代码）', 'service_code was not provided');
  const lat = number(f, 'lat');
  const lon = number(f, 'long');
  if ((lat === null) !== (lon === null)) throw invalid('lat', 'lat 与 long 须同时提供', 'lat and long must be given together');
  if (lat !== null && (lat < -90 || lat > 90)) throw invalid('lat', 'lat 应在 -90 到 90 之间', 'lat must be between -90 and 90');
  if (lon !== null && (lon < -180 || lon > 180)) throw invalid('long', 'long 应在 -180 到 180 之间', 'long must be between -180 and 180');
  const addressString = limited(f, 'address_string', 200);
  const addressId = limited(f, 'address_id', 64);
  if (lat === null && !addressString && !addressId) throw invalid('lat', '请提供位置：lat 和 long、address_string 或 address_id', 'A location is required: lat and long, address_string or address_id');
  const description = limited(f, 'description', DESCRIPTION_MAX) ?? '';
  if (/<[a-z!/][^>]*>/i.test(description)) throw invalid('description', '描述应为纯文本（不含 HTML）', 'description must be plain text (no HTML)');
  const crs = one(f, 'crs') ?? 'wgs84';
  if (crs !== 'wgs84' && crs !== 'gcj02' && crs !== 'bd09') throw invalid('crs', 'crs 应为 wgs84、gcj02 或 bd09', 'crs must be wgs84, gcj02 or bd09');
  const mediaUrl = limited(f, 'media_url', 500);
  if (mediaUrl !== null && !/^https?:\/\//i.test(mediaUrl)) throw invalid('media_url', 'media_url 应为 http(s) 地址', 'media_url must be an http(s) URL');
  const appRef = limited(f, 'app_ref', 128);
  return {
    serviceCode, lat, lon, crs, addressString, addressId, description, mediaUrl, attributes: attributesOf(f), appRef,
    contact: {
      email: limited(f, 'email', 200), phone: limited(f, 'phone', 40), firstName: limited(f, 'first_name', 100), lastName: limited(f, 'last_name', 100),
      deviceId: limited(f, 'device_id', 200), accountId: limited(f, 'account_id', 200),
    },
  };
}

/** Checks the posted attributes against the service's definition; returns the urgency and the component code. */
export function checkAttributes(def: ServiceDefinition, given: Record<string, string | string[]>): { urgency: 'normal' | 'urgent'; componentCode: string | null } {
  for (const code of Object.keys(given)) {
    if (!def.attributes.some((a) => a.code === code)) throw invalid(`attribute[${code}]`, `服务 ${def.service_code} 没有属性 ${code}`, `attribute[${code}] is not an attribute of service ${def.service_code}`);
  }
  for (const a of def.attributes) {
    const v = given[a.code];
    if (a.required && (v === undefined || v === '')) throw invalid(`attribute[${a.code}]`, `缺少必填属性 ${a.code}`, `attribute[${a.code}] is required`);
  }
  const urgency = given.urgency;
  if (urgency !== undefined && urgency !== '' && urgency !== 'normal' && urgency !== 'urgent') throw invalid('attribute[urgency]', '紧急程度应为 normal 或 urgent', 'attribute[urgency] must be normal or urgent');
  const component = given.component_code;
  if (component !== undefined && component !== '' && (typeof component !== 'string' || !/^\d{16}$/.test(component))) {
    throw invalid('attribute[component_code]', '部件标识码应为 16 位数字', 'attribute[component_code] must be the 16-digit component code');
  }
  return { urgency: urgency === 'urgent' ? 'urgent' : 'normal', componentCode: typeof component === 'string' && component ? component : null };
}

// ---------------------------------------------------------------------------------------------
// GET /requests: the query
// ---------------------------------------------------------------------------------------------

export interface RequestQuery {
  ids: string[] | null;
  serviceCodes: string[] | null;
  statuses: RequestStatus[] | null;
  from: number;
  to: number;
  page: number;
  pageSize: number;
}

const list = (s: string | undefined): string[] | null => {
  if (s === undefined) return null;
  const items = s.split(',').map((x) => x.trim()).filter(Boolean);
  return items.length ? items : null;
};

function instant(s: string | undefined, name: string): number | null {
  if (s === undefined || s.trim() === '') return null;
  const v = s.trim();
  if (!/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/.test(v)) throw invalid(name, `${name} 应为 ISO 8601 日期或时间`, `${name} must be an ISO 8601 date or date-time`);
  const t = Date.parse(/T/.test(v) && !/(Z|[+-]\d{2}:?\d{2})$/.test(v) ? `${v}+08:00` : /T/.test(v) ? v : `${v}T00:00:00+08:00`);
  if (!Number.isFinite(t)) throw invalid(name, `${name} 不是有效日期`, `${name} is not a valid date`);
  return t;
}

/** The spec's filters and window; `page` / `page_size` is the common extension. */
export function readRequestQuery(q: Record<string, string | undefined>, now: number): RequestQuery {
  const ids = list(q.service_request_id);
  const statuses = list(q.status);
  if (statuses?.some((s) => s !== 'open' && s !== 'closed')) throw invalid('status', 'status 应为 open 或 closed', 'status must be open or closed');
  let from = instant(q.start_date, 'start_date');
  let to = instant(q.end_date, 'end_date');
  const span = WINDOW_DAYS * 86_400_000;
  if (to === null) to = from !== null ? Math.min(from + span, Math.max(now, from)) : now;
  if (from === null) from = to - span;
  if (from > to) throw invalid('start_date', 'start_date 应早于 end_date', 'start_date must be before end_date');
  if (to - from > span) throw invalid('end_date', `日期范围最多 ${WINDOW_DAYS} 天`, `The date range may span at most ${WINDOW_DAYS} days`);
  const page = q.page === undefined ? 1 : Number(q.page);
  const pageSize = q.page_size === undefined ? MAX_REQUESTS : Number(q.page_size);
  if (!Number.isInteger(page) || page < 1 || page > 100_000) throw invalid('page', 'page 应为正整数', 'page must be a positive integer');
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > MAX_REQUESTS) throw invalid('page_size', `page_size 应为 1–${MAX_REQUESTS}`, `page_size must be 1–${MAX_REQUESTS}`);
  return { ids: ids ? ids.slice(0, MAX_REQUESTS) : null, serviceCodes: list(q.service_code), statuses: statuses as RequestStatus[] | null, from, to, page, pageSize };
}
