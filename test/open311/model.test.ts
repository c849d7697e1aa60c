import { describe, expect, it } from 'vitest';
import { attributesOf, checkAttributes, definitionOf, isoShanghai, readPostForm, readRequestQuery, requestStatusOf, toRequest } from '../../src/open311/model.js';
import { writeList, writeObject } from '../../src/open311/format.js';
import { problemsOfRequest, xmlParser } from './conformance.js';

const code = (f: () => unknown): string | undefined => {
  try {
    f();
  } catch (e) {
    return `${(e as { code?: string }).code}:${JSON.stringify((e as { details?: unknown }).details)}`;
  }
  return undefined;
};

describe('Open311 model', () => {
  it('reads attribute[CODE] and attribute[CODE][] as the spec writes them', () => {
    expect(attributesOf({ 'attribute[urgency]': 'urgent', 'attribute[kinds][]': ['a', 'b'], description: 'x' })).toEqual({ urgency: 'urgent', kinds: ['a', 'b'] });
  });

  it('needs a service code and a location, and keeps the reporter apart from the report', () => {
    expect(code(() => readPostForm({ lat: '24.4', long: '118.1' }))).toContain('service_code');
    expect(code(() => readPostForm({ service_code: 'E0102' }))).toContain('lat');
    expect(code(() => readPostForm({ service_code: 'E0102', lat: '24.4' }))).toContain('lat');
    expect(code(() => readPostForm({ service_code: 'E0102', lat: '95', long: '118' }))).toContain('lat');
    expect(code(() => readPostForm({ service_code: 'E0102', lat: '24.4', long: '118.1', description: '<b>x</b>' }))).toContain('description');
    expect(code(() => readPostForm({ service_code: 'E0102', lat: '24.4', long: '118.1', description: 'x'.repeat(4001) }))).toContain('description');
    const p = readPostForm({ service_code: 'E0102', lat: '24.4', long: '118.1', description: '垃圾', phone: '139', email: 'a@b.c', first_name: '张', crs: 'gcj02', app_ref: 'r1' });
    expect(p).toMatchObject({ serviceCode: 'E0102', lat: 24.4, lon: 118.1, crs: 'gcj02', description: '垃圾', appRef: 'r1', contact: { phone: '139', email: 'a@b.c', firstName: '张' } });
  });

  it('checks attributes against the service definition', () => {
    const def = definitionOf({ categoryCode: 'C0101', type: 'realtime', keywords: null, description: null, plainName: null, attributes: ['urgency', 'component_code'], radiusM: 250, updatedAt: 0 });
    expect(def.attributes.map((a) => [a.code, a.datatype, a.order])).toEqual([['urgency', 'singlevaluelist', 1], ['component_code', 'string', 2]]);
    expect(checkAttributes(def, { urgency: 'urgent', component_code: '3502030101000012' })).toEqual({ urgency: 'urgent', componentCode: '3502030101000012' });
    expect(code(() => checkAttributes(def, { urgency: 'now' }))).toContain('urgency');
    expect(code(() => checkAttributes(def, { component_code: '123' }))).toContain('component_code');
    expect(code(() => checkAttributes(def, { colour: 'red' }))).toContain('colour');
  });

  it('defaults the window to the last 90 days and refuses a wider one', () => {
    const now = Date.parse('2026-03-02T09:00:00+08:00');
    const q = readRequestQuery({}, now);
    expect(q.to - q.from).toBe(90 * 86_400_000);
    expect(q.pageSize).toBe(1000);
    expect(readRequestQuery({ start_date: '2026-01-01' }, now).from).toBe(Date.parse('2026-01-01T00:00:00+08:00'));
    expect(code(() => readRequestQuery({ start_date: '2025-01-01', end_date: '2026-01-01' }, now))).toContain('end_date');
    expect(code(() => readRequestQuery({ status: 'pending' }, now))).toContain('status');
    expect(code(() => readRequestQuery({ page_size: '5000' }, now))).toContain('page_size');
    expect(readRequestQuery({ service_request_id: 'a, b,,c', service_code: 'E0102,C0101' }, now)).toMatchObject({ ids: ['a', 'b', 'c'], serviceCodes: ['E0102', 'C0101'] });
  });

  it('maps every case state onto open or closed and writes +08:00 timestamps', () => {
    expect(['reported', 'dispatched', 'verifying'].map(requestStatusOf)).toEqual(['open', 'open', 'open']);
    expect(['closed', 'rejected', 'merged'].map(requestStatusOf)).toEqual(['closed', 'closed', 'closed']);
    expect(isoShanghai(Date.parse('2026-03-02T01:00:00Z'))).toBe('2026-03-02T09:00:00+08:00');
  });

  it('writes lists in XML with the spec’s element names and escapes text', () => {
    const r = toRequest({ id: 'x', code: '3502032026030200001', status: 'dispatched', phase: 'working', categoryCode: 'E0102', categoryName: '暴露垃圾', description: 'a < b & c', address: null, lon: 118.1, lat: 24.4, reportedAt: 0, updatedAt: 0, dueAt: 3_600_000, unitName: '思明区环卫' }, null);
    const xml = writeList('xml', 'requests', [r]);
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>')).toBe(true);
    const parsed = xmlParser.parse(xml) as { service_requests: { request: Array<Record<string, string>> } };
    expect(parsed.service_requests.request[0]).toMatchObject({ service_request_id: '3502032026030200001', status: 'open', description: 'a < b & c', agency_responsible: '思明区环卫' });
    expect(writeList('xml', 'errors', [{ code: 400, description: 'x' }])).toContain('<errors><error><code>400</code><description>x</description></error></errors>');
    expect(writeObject('xml', 'service_definition', { service_code: 'C0101', attributes: [{ code: 'a', values: [{ key: 'k', name: 'n' }] }] }))
      .toContain('<attributes><attribute><code>a</code><values><value><key>k</key><name>n</name></value></values></attribute></attributes>');
  });
});

describe('the conformance suite itself', () => {
  it('finds what is wrong with a non-conformant request', () => {
    expect(problemsOfRequest({ service_request_id: '1', status: 'open', service_code: 'E0102', requested_datetime: '2026-03-02T09:00:00+08:00' }, false)).toEqual([]);
    const problems = problemsOfRequest({ service_request_id: '1', status: 'pending', service_code: 'E0102', requested_datetime: '2026-03-02 09:00', phone: '139', lat: 'north' }, false);
    expect(problems).toEqual(expect.arrayContaining([expect.stringContaining('status'), expect.stringContaining('requested_datetime'), expect.stringContaining('phone'), expect.stringContaining('lat')]));
  });
});
