/**
 * An Open311 GeoReport v2 conformance suite of our own, written from the published specification
 * (wiki.open311.org/GeoReport_v2 and Service_Discovery), not from our server: a client that knows
 * only a discovery URL (and an API key for POST) walks every method in JSON and XML and checks each
 * answer's shape, types, enumerations, timestamps with a time zone, and the error list. It talks
 * HTTP with fetch, so it runs against any server: the tests start ours on a port
 * (test/open311/conformance.test.ts), and `npx tsx scripts/open311-conformance.ts URL --key K` runs it against a live one.
 */
import { XMLParser } from 'fast-xml-parser';

export interface ConformanceOptions {
  /** …/discovery.json (or .xml) */
  discoveryUrl: string;
  /** For POST; without it the POST checks are skipped. */
  apiKey?: string;
  /** Where to report (WGS-84): must be inside the jurisdiction. */
  point?: { lat: number; long: number };
  jurisdictionId?: string;
}

export interface Check {
  name: string;
  ok: boolean;
  problem?: string;
}

export interface ConformanceResult {
  checks: Check[];
  /** What the walk found, for callers that go on (a posted request's id, the services). */
  posted: Array<{ service_code: string; service_request_id?: string; token?: string }>;
  endpoint?: string;
}

type Obj = Record<string, unknown>;

const LISTS = new Set(['service', 'request', 'error', 'attribute', 'value', 'endpoint', 'format']);
const xml = new XMLParser({ ignoreAttributes: true, parseTagValue: false, trimValues: true, isArray: (name) => LISTS.has(name) });

const ISO_TZ = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;
const SERVICE_TYPES = ['realtime', 'batch', 'blackbox'];
const DATATYPES = ['string', 'number', 'datetime', 'text', 'singlevaluelist', 'multivaluelist'];

class Walk {
  readonly checks: Check[] = [];
  check(name: string, ok: boolean, problem?: string): boolean {
    this.checks.push(ok ? { name, ok } : { name, ok, problem: problem ?? 'failed' });
    return ok;
  }
}

const isStr = (v: unknown) => typeof v === 'string';
/** XML carries every value as text: a boolean is "true"/"false", a number digits. */
const isBool = (v: unknown, x: boolean) => (x ? v === 'true' || v === 'false' : typeof v === 'boolean');
const isNum = (v: unknown, x: boolean) => (x ? typeof v === 'string' && v !== '' && Number.isFinite(Number(v)) : typeof v === 'number');
const emptyOrIso = (v: unknown) => v === undefined || v === '' || (typeof v === 'string' && ISO_TZ.test(v));

function problemsOfService(s: Obj, x: boolean): string[] {
  const p: string[] = [];
  if (!isStr(s.service_code) || !s.service_code) p.push('service_code missing');
  if (!isStr(s.service_name) || !s.service_name) p.push('service_name missing');
  if (!SERVICE_TYPES.includes(s.type as string)) p.push(`type ${String(s.type)} not realtime|batch|blackbox`);
  if (s.metadata !== undefined && !isBool(s.metadata, x)) p.push('metadata not a boolean');
  for (const k of ['description', 'keywords', 'group']) if (s[k] !== undefined && !isStr(s[k])) p.push(`${k} not a string`);
  return p;
}

function problemsOfDefinition(d: Obj, code: string, x: boolean): string[] {
  const p: string[] = [];
  if (d.service_code !== code) p.push(`service_code ${String(d.service_code)} is not ${code}`);
  const attrs = x ? (((d.attributes as Obj | '') || {}) as Obj).attribute ?? [] : d.attributes;
  if (!Array.isArray(attrs)) return [...p, 'attributes is not a list'];
  for (const a of attrs as Obj[]) {
    if (!isBool(a.variable, x)) p.push(`attribute ${String(a.code)}: variable not a boolean`);
    if (!isStr(a.code) || !a.code) p.push('attribute without code');
    if (!DATATYPES.includes(a.datatype as string)) p.push(`attribute ${String(a.code)}: datatype ${String(a.datatype)}`);
    if (!isBool(a.required, x)) p.push(`attribute ${String(a.code)}: required not a boolean`);
    if (a.order !== undefined && !isNum(a.order, x)) p.push(`attribute ${String(a.code)}: order not a number`);
    if (a.datatype === 'singlevaluelist' || a.datatype === 'multivaluelist') {
      const values = x ? (((a.values as Obj | '') || {}) as Obj).value ?? [] : a.values;
      if (!Array.isArray(values) || values.length === 0) p.push(`attribute ${String(a.code)}: a list without values`);
      else for (const v of values as Obj[]) if (!isStr(v.key) || !isStr(v.name)) p.push(`attribute ${String(a.code)}: value without key/name`);
    }
  }
  return p;
}

function problemsOfRequest(r: Obj, x: boolean): string[] {
  const p: string[] = [];
  if (!isStr(r.service_request_id) && !isNum(r.service_request_id, x)) p.push('service_request_id missing');
  if (r.status !== 'open' && r.status !== 'closed') p.push(`status ${String(r.status)} is not open|closed`);
  if (!isStr(r.service_code)) p.push('service_code missing');
  if (!isStr(r.requested_datetime) || !ISO_TZ.test(r.requested_datetime as string)) p.push(`requested_datetime ${String(r.requested_datetime)} is not ISO 8601 with a time zone`);
  for (const k of ['updated_datetime', 'expected_datetime']) if (!emptyOrIso(r[k])) p.push(`${k} ${String(r[k])} is not ISO 8601 with a time zone`);
  for (const k of ['lat', 'long']) if (r[k] !== undefined && r[k] !== '' && !isNum(r[k], x)) p.push(`${k} not a number`);
  for (const k of ['status_notes', 'service_name', 'description', 'agency_responsible', 'service_notice', 'address', 'media_url']) {
    if (r[k] !== undefined && !isStr(r[k])) p.push(`${k} not a string`);
  }
  // Personal data of the requester is not among a request's fields.
  for (const k of ['email', 'phone', 'first_name', 'last_name', 'device_id']) if (r[k] !== undefined) p.push(`${k} published`);
  return p;
}

function problemsOfErrors(body: unknown, x: boolean): string[] {
  const list = x ? ((body as Obj)?.errors as Obj | undefined)?.error : body;
  if (!Array.isArray(list) || list.length === 0) return ['errors are not a non-empty list of {code, description}'];
  return (list as Obj[]).flatMap((e) => (isNum(e.code, x) && isStr(e.description) && e.description ? [] : [`error ${JSON.stringify(e)} lacks code/description`]));
}

async function get(url: string): Promise<{ status: number; type: string; text: string }> {
  const res = await fetch(url, { headers: { accept: '*/*' } });
  return { status: res.status, type: res.headers.get('content-type') ?? '', text: await res.text() };
}

function parse(format: 'json' | 'xml', text: string): unknown {
  return format === 'json' ? JSON.parse(text) : xml.parse(text);
}

const with_ = (url: string, q: Record<string, string | undefined>): string => {
  const u = new URL(url);
  for (const [k, v] of Object.entries(q)) if (v !== undefined) u.searchParams.set(k, v);
  return u.toString();
};

/** Walks the server from its discovery document; never throws for a non-conformant answer, it records it. */
export async function runConformance(o: ConformanceOptions): Promise<ConformanceResult> {
  const w = new Walk();
  const posted: ConformanceResult['posted'] = [];
  const j = o.jurisdictionId;

  // Discovery: both formats, every field.
  let endpoint: string | undefined;
  for (const format of ['json', 'xml'] as const) {
    const url = o.discoveryUrl.replace(/\.(json|xml)$/, `.${format}`);
    const r = await get(url);
    if (!w.check(`discovery.${format} answers 200`, r.status === 200, `${r.status}`)) continue;
    const doc = (format === 'json' ? parse(format, r.text) : (parse(format, r.text) as Obj).discovery) as Obj;
    w.check(`discovery.${format} has changeset, contact, key_service`, isStr(doc?.changeset) && isStr(doc?.contact) && isStr(doc?.key_service));
    const eps = (format === 'json' ? doc?.endpoints : ((doc?.endpoints as Obj) ?? {}).endpoint) as Obj[] | undefined;
    const ok = Array.isArray(eps) && eps.length > 0 && eps.every((e) => isStr(e.specification) && isStr(e.url) && isStr(e.changeset) && (e.type === 'production' || e.type === 'test'));
    w.check(`discovery.${format} lists endpoints {specification, url, changeset, type}`, ok);
    if (ok && format === 'json') {
      const ep = eps!.find((e) => String(e.specification).includes('GeoReport_v2')) ?? eps![0]!;
      endpoint = String(ep.url).replace(/\/$/, '');
      const formats = (ep.formats as string[] | undefined) ?? [];
      w.check('the endpoint declares text/xml (required) and application/json', formats.includes('text/xml') && formats.includes('application/json'), formats.join(','));
    }
    if (format === 'xml') w.check('discovery.xml declares UTF-8', /^<\?xml[^>]*encoding="UTF-8"/i.test(r.text));
  }
  if (!endpoint) return { checks: w.checks, posted };

  // Services, in both formats, the same list.
  const services: Record<'json' | 'xml', Obj[]> = { json: [], xml: [] };
  for (const format of ['json', 'xml'] as const) {
    const r = await get(with_(`${endpoint}/services.${format}`, { jurisdiction_id: j }));
    if (!w.check(`services.${format} answers 200`, r.status === 200, `${r.status} ${r.text.slice(0, 200)}`)) continue;
    w.check(`services.${format} has the ${format} content type`, r.type.includes(format === 'json' ? 'json' : 'xml'), r.type);
    const body = parse(format, r.text);
    const list = (format === 'json' ? body : ((body as Obj).services as Obj | '')?.valueOf() && ((body as Obj).services as Obj).service) as Obj[] | undefined;
    if (!w.check(`services.${format} is a list`, Array.isArray(list))) continue;
    services[format] = list!;
    const problems = list!.flatMap((s) => problemsOfService(s, format === 'xml').map((p) => `${String(s.service_code)}: ${p}`));
    w.check(`every service in services.${format} has the spec's fields and types`, problems.length === 0, problems.join('; '));
  }
  w.check('services.json and services.xml list the same services',
    services.json.map((s) => s.service_code).join() === services.xml.map((s) => s.service_code).join());

  // Service definitions for services with metadata.
  for (const s of services.json.filter((x) => x.metadata === true)) {
    for (const format of ['json', 'xml'] as const) {
      const r = await get(with_(`${endpoint}/services/${encodeURIComponent(String(s.service_code))}.${format}`, { jurisdiction_id: j }));
      if (!w.check(`service definition ${String(s.service_code)}.${format} answers 200`, r.status === 200, `${r.status}`)) continue;
      const body = parse(format, r.text) as Obj;
      const d = (format === 'json' ? body : body.service_definition) as Obj;
      const problems = problemsOfDefinition(d, String(s.service_code), format === 'xml');
      w.check(`service definition ${String(s.service_code)}.${format} has the spec's attributes`, problems.length === 0, problems.join('; '));
    }
  }
  const unknown = await get(with_(`${endpoint}/services/NO_SUCH_SERVICE.json`, { jurisdiction_id: j }));
  w.check('an unknown service definition is 404 with an error list', unknown.status === 404 && problemsOfErrors(safeJson(unknown.text), false).length === 0, `${unknown.status} ${unknown.text.slice(0, 200)}`);

  // POST, with and without a key.
  const target = services.json.find((s) => s.type === 'realtime' && s.metadata !== true) ?? services.json.find((s) => s.type === 'realtime');
  if (o.apiKey && o.point && target) {
    const form = (extra: Record<string, string>) => new URLSearchParams({ ...(j ? { jurisdiction_id: j } : {}), service_code: String(target.service_code), lat: String(o.point!.lat), long: String(o.point!.long), description: 'Conformance check 一致性检查', email: 'someone@example.org', phone: '13800000000', first_name: 'Ada', last_name: 'Lovelace', ...extra });
    const noKey = await post(`${endpoint}/requests.json`, form({}));
    w.check('POST without api_key is 403 with an error list', noKey.status === 403 && problemsOfErrors(safeJson(noKey.text), false).length === 0, `${noKey.status} ${noKey.text.slice(0, 200)}`);
    const badKey = await post(`${endpoint}/requests.xml`, form({ api_key: 'not-a-key' }));
    w.check('POST with a wrong api_key is 403 with an XML error list', badKey.status === 403 && problemsOfErrors(xml.parse(badKey.text), true).length === 0, `${badKey.status} ${badKey.text.slice(0, 200)}`);
    const noCode = await post(`${endpoint}/requests.json`, new URLSearchParams({ api_key: o.apiKey, lat: String(o.point.lat), long: String(o.point.long) }));
    w.check('POST without service_code is 400 with an error list', noCode.status === 400 && problemsOfErrors(safeJson(noCode.text), false).length === 0, `${noCode.status}`);
    const noPlace = await post(`${endpoint}/requests.json`, new URLSearchParams({ api_key: o.apiKey, service_code: String(target.service_code) }));
    w.check('POST without a location is 400', noPlace.status === 400, `${noPlace.status}`);

    for (const format of ['json', 'xml'] as const) {
      const r = await post(`${endpoint}/requests.${format}`, form({ api_key: o.apiKey }));
      if (!w.check(`POST requests.${format} is accepted`, r.status === 200 || r.status === 201, `${r.status} ${r.text.slice(0, 300)}`)) continue;
      const body = parse(format, r.text);
      const list = (format === 'json' ? body : ((body as Obj).service_requests as Obj)?.request) as Obj[] | undefined;
      const first = Array.isArray(list) ? list[0] : undefined;
      const ok = !!first && (isStr(first.service_request_id) || isStr(first.token)) && !(first.service_request_id && first.token);
      w.check(`POST requests.${format} answers a service_request_id or a token, not both`, ok, r.text.slice(0, 300));
      if (first) posted.push({ service_code: String(target.service_code), ...(first.service_request_id ? { service_request_id: String(first.service_request_id) } : {}), ...(first.token ? { token: String(first.token) } : {}) });
    }
  }

  // Reading requests back: the list and one request, both formats.
  for (const format of ['json', 'xml'] as const) {
    const r = await get(with_(`${endpoint}/requests.${format}`, { jurisdiction_id: j }));
    if (!w.check(`requests.${format} answers 200`, r.status === 200, `${r.status} ${r.text.slice(0, 200)}`)) continue;
    const body = parse(format, r.text);
    const list = (format === 'json' ? body : (((body as Obj).service_requests as Obj | '') || {}) as Obj) as Obj[] | Obj;
    const items = (Array.isArray(list) ? list : (list as Obj).request ?? []) as Obj[];
    const problems = items.flatMap((x) => problemsOfRequest(x, format === 'xml').map((p) => `${String(x.service_request_id)}: ${p}`));
    w.check(`every request in requests.${format} has the spec's fields, statuses and time zones`, problems.length === 0, problems.slice(0, 5).join('; '));
    w.check(`requests.${format} returns at most 1 000 requests by default`, items.length <= 1000);
  }
  for (const p of posted.filter((x) => x.service_request_id)) {
    for (const format of ['json', 'xml'] as const) {
      const r = await get(with_(`${endpoint}/requests/${encodeURIComponent(p.service_request_id!)}.${format}`, { jurisdiction_id: j }));
      if (!w.check(`requests/${p.service_request_id}.${format} answers 200`, r.status === 200, `${r.status}`)) continue;
      const body = parse(format, r.text);
      const items = (format === 'json' ? body : ((body as Obj).service_requests as Obj).request) as Obj[];
      const one = items?.[0];
      w.check(`requests/${p.service_request_id}.${format} is the posted request, conformant`, !!one && String(one.service_request_id) === p.service_request_id && one.service_code === p.service_code && problemsOfRequest(one, format === 'xml').length === 0,
        one ? problemsOfRequest(one, format === 'xml').join('; ') : r.text.slice(0, 200));
    }
    const filtered = await get(with_(`${endpoint}/requests.json`, { jurisdiction_id: j, service_request_id: p.service_request_id }));
    const items = safeJson(filtered.text) as Obj[] | undefined;
    w.check('requests.json?service_request_id= finds the request', Array.isArray(items) && items.some((x) => String(x.service_request_id) === p.service_request_id));
  }
  const missing = await get(with_(`${endpoint}/requests/0.xml`, { jurisdiction_id: j }));
  w.check('an unknown request is 404 with an XML error list', missing.status === 404 && problemsOfErrors(xml.parse(missing.text), true).length === 0, `${missing.status} ${missing.text.slice(0, 200)}`);
  const badStatus = await get(with_(`${endpoint}/requests.json`, { jurisdiction_id: j, status: 'maybe' }));
  w.check('a status other than open|closed is 400', badStatus.status === 400 && problemsOfErrors(safeJson(badStatus.text), false).length === 0, `${badStatus.status}`);
  const wide = await get(with_(`${endpoint}/requests.json`, { jurisdiction_id: j, start_date: '2020-01-01T00:00:00Z', end_date: '2021-01-01T00:00:00Z' }));
  w.check('a date range over 90 days is refused with an error list', wide.status === 400 && problemsOfErrors(safeJson(wide.text), false).length === 0, `${wide.status}`);
  const closed = await get(with_(`${endpoint}/requests.json`, { jurisdiction_id: j, status: 'closed' }));
  const closedItems = safeJson(closed.text);
  w.check('status=closed returns only closed requests', closed.status === 200 && Array.isArray(closedItems) && (closedItems as Obj[]).every((x) => x.status === 'closed'));

  return { checks: w.checks, posted, endpoint };
}

/** A batch service's token resolves to a service_request_id once the server has created it. */
export async function tokenState(endpoint: string, token: string, format: 'json' | 'xml' = 'json'): Promise<{ status: number; id?: string; problems: string[] }> {
  const r = await get(`${endpoint}/tokens/${encodeURIComponent(token)}.${format}`);
  if (r.status !== 200) return { status: r.status, problems: format === 'json' ? problemsOfErrors(safeJson(r.text), false) : problemsOfErrors(xml.parse(r.text), true) };
  const body = parse(format, r.text);
  const list = (format === 'json' ? body : ((body as Obj).service_requests as Obj).request) as Obj[];
  const one = list?.[0];
  const problems = one && String(one.token) === token ? [] : ['the answer does not name the token'];
  return { status: r.status, ...(one?.service_request_id ? { id: String(one.service_request_id) } : {}), problems };
}

export async function post(url: string, form: URLSearchParams): Promise<{ status: number; text: string }> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' }, body: form.toString() });
  return { status: res.status, text: await res.text() };
}

export function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export { problemsOfRequest, xml as xmlParser };
