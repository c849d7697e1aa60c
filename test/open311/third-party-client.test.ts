/**
 * A third-party Open311 client that no one here wrote — Code for America's node-open311 0.0.12, unmodified
 * (test/open311/third-party/node-open311, see its README for why it is vendored) — against the live server:
 * it discovers the endpoint, lists services, reads a definition, posts a request with an API key, reads it
 * back, and sees its status change as the case moves. The same request read as XML shows the same state.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { seedWorld, type World } from '../cases/fixtures.js';
import { xmlParser } from './conformance.js';

const CLIENT_DIR = path.resolve(import.meta.dirname, 'third-party/node-open311');
const requireHere = createRequire(import.meta.url);

type Callback = (err: unknown, res: { statusCode: number }, body: string) => void;
interface RequestOptions { url: string; qs?: Record<string, string>; form?: Record<string, string> }

/** What node-open311 asks of `request`: get and post with url, qs and form, answering (err, res, body). */
const request = {
  get(o: RequestOptions, cb: Callback) {
    send('GET', o).then(([res, body]) => cb(null, res, body), (err: unknown) => cb(err, { statusCode: 0 }, ''));
  },
  post(o: RequestOptions, cb: Callback) {
    send('POST', o).then(([res, body]) => cb(null, res, body), (err: unknown) => cb(err, { statusCode: 0 }, ''));
  },
};

async function send(method: string, o: RequestOptions): Promise<[{ statusCode: number }, string]> {
  const url = new URL(o.url);
  for (const [k, v] of Object.entries(o.qs ?? {})) url.searchParams.set(k, String(v));
  const res = await fetch(url, method === 'POST'
    ? { method, headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(Object.entries(o.form ?? {}).map(([k, v]): [string, string] => [k, String(v)])).toString() }
    : { method });
  return [{ statusCode: res.status }, await res.text()];
}

const refuse = (name: string) => new Proxy({}, { get: () => () => { throw new Error(`${name} is for XML mode, which this test does not use`); } });

interface Open311Client {
  endpoint?: string;
  format: string;
  serviceDiscovery(o: { cache: boolean }, cb: (err: unknown, data: { endpoints: Array<{ url: string }> }) => void): void;
  serviceList(cb: (err: unknown, data: Array<{ service_code: string; service_name: string; metadata: boolean; type: string }>) => void): void;
  serviceDefinition(code: string, cb: (err: unknown, data: { service_code: string; attributes: Array<{ code: string; required: boolean; datatype: string }> }) => void): void;
  submitRequest(data: Record<string, unknown>, cb: (err: unknown, data: Array<{ service_request_id?: string; token?: string }>) => void): void;
  serviceRequests(id: string, cb: (err: unknown, data: Array<Record<string, unknown>>) => void): void;
}

/** Loads the vendored client as Node would, with the four modules it requires handed in. */
function loadClient(): new (o: { discovery: string; apiKey: string }) => Open311Client {
  const file = path.join(CLIENT_DIR, 'open311.js');
  const source = fs.readFileSync(file, 'utf8');
  const modules: Record<string, unknown> = { request, lodash: requireHere('lodash'), sparkxml: refuse('sparkxml'), xml2json: refuse('xml2json') };
  const req = (id: string) => (id in modules ? modules[id] : id.startsWith('./') ? requireHere(path.join(CLIENT_DIR, id)) : requireHere(id));
  const module = { exports: {} as unknown };
  new Function('require', 'module', 'exports', '__filename', '__dirname', source)(req, module, module.exports, file, CLIENT_DIR);
  return module.exports as new (o: { discovery: string; apiKey: string }) => Open311Client;
}

/** The client's callbacks as promises; an error argument fails with what the client said. */
function call<T>(f: (cb: (err: unknown, data: T) => void) => void): Promise<T> {
  return new Promise((resolve, reject) => f((err, data) => (err ? reject(new Error(`client error ${String(err)}: ${JSON.stringify(data)}`)) : resolve(data))));
}

describe('a third-party Open311 client (node-open311 by Code for America) against the live server', () => {
  let t: TestApp;
  let w: World;
  let base: string;
  let key: string;
  let client: Open311Client;

  beforeAll(async () => {
    t = await buildTestApp();
    w = await seedWorld(t.ctx);
    await t.ctx.open311.seedDemo();
    key = (await t.ctx.open311.createKey(null, '第三方客户端 node-open311')).key;
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const addr = t.app.server.address();
    base = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}/open311/v2`;
    const Open311 = loadClient();
    client = new Open311({ discovery: `${base}/discovery.json`, apiKey: key });
  }, 60_000);

  afterAll(async () => {
    await t?.close();
  });

  it('discovers the endpoint, lists the services the city opened and reads a definition', async () => {
    const discovery = await call<{ endpoints: Array<{ url: string }> }>((cb) => client.serviceDiscovery({ cache: true }, cb));
    expect(discovery.endpoints[0]!.url).toBe(base);
    // The client keeps the GeoReport v2 production endpoint it found (with the trailing slash it adds) and chooses JSON.
    expect(client.endpoint).toBe(`${base}/`);
    expect(client.format).toBe('json');
    const services = await call<Array<{ service_code: string; service_name: string; metadata: boolean; type: string }>>((cb) => client.serviceList(cb));
    expect(services.length).toBeGreaterThan(5);
    expect(services.map((s) => s.service_code)).toEqual(expect.arrayContaining(['E0102', 'C0101']));
    const manhole = services.find((s) => s.service_code === 'C0101')!;
    expect(manhole.metadata).toBe(true);
    const def = await call<{ service_code: string; attributes: Array<{ code: string; required: boolean; datatype: string }> }>((cb) => client.serviceDefinition('C0101', cb));
    expect(def.service_code).toBe('C0101');
    expect(def.attributes.map((a) => a.code)).toEqual(expect.arrayContaining(['urgency', 'component_code']));
  });

  it('posts a request with its API key, reads it back, and sees the status change as the case moves', async () => {
    const posted = await call<Array<{ service_request_id?: string }>>((cb) => client.submitRequest({
      service_code: 'C0101', lat: w.point.lat, long: w.point.lon, description: '人行道井盖松动，踩上去会响',
      attributes: { urgency: 'normal', component_code: '3502030101000012' },
    }, cb));
    const id = posted[0]!.service_request_id!;
    expect(id).toMatch(/^\d{19}$/);
    const read = async () => (await call<Array<Record<string, unknown>>>((cb) => client.serviceRequests(id, cb)))[0]!;
    const first = await read();
    expect(first).toMatchObject({ service_request_id: id, service_code: 'C0101', status: 'open', status_notes: '已收到，等待受理' });
    // The client turns the times into Dates: they must be the ISO 8601 instants the spec asks for.
    expect(first.requested_datetime).toBeInstanceOf(Date);
    expect(Number.isNaN((first.requested_datetime as Date).getTime())).toBe(false);

    const ctx = t.ctx;
    let c = (await ctx.cases.find((await ctx.open311.publicRow({ caseCode: id }))!.caseId))!;
    c = await ctx.cases.act(w.operator, c.id, 'request_check', {}, c.version);
    c = await ctx.cases.act(w.inspector, c.id, 'check', { confirmed: true }, c.version);
    c = await ctx.cases.act(w.operator, c.id, 'accept', {}, c.version);
    c = await ctx.cases.act(w.shiftLead, c.id, 'file', {}, c.version);
    const working = await read();
    expect(working).toMatchObject({ status: 'open', status_notes: '责任单位正在处理', agency_responsible: c.unit!.name });
    expect((working.expected_datetime as Date).getTime()).toBe(c.clock.dueAt);
    c = await ctx.cases.act(w.handler, c.id, 'handle', { note: '已更换井盖', photos: [w.photo2] }, c.version);
    c = await ctx.cases.act(w.operator, c.id, 'send_verification', {}, c.version);
    c = await ctx.cases.act(w.inspector, c.id, 'verify', { passed: true, photos: [w.photo2] }, c.version);
    await ctx.cases.act(w.shiftLead, c.id, 'close', {}, c.version);
    expect(await read()).toMatchObject({ status: 'closed', status_notes: '已办结' });
    // The same request in XML says the same.
    const xml = xmlParser.parse(await (await fetch(`${base}/requests/${id}.xml`)).text()) as { service_requests: { request: Array<{ status: string }> } };
    expect(xml.service_requests.request[0]!.status).toBe('closed');
  });

  it('is refused without a valid key, and the client reports the refusal', async () => {
    const Open311 = loadClient();
    const stranger = new Open311({ discovery: `${base}/discovery.json`, apiKey: 'cl_not-a-key' });
    stranger.endpoint = `${base}/`;
    await expect(call((cb) => stranger.submitRequest({ service_code: 'E0102', lat: w.point.lat, long: w.point.lon, description: '路边垃圾' }, cb))).rejects.toThrow(/client error 40[13]/);
  });
});
