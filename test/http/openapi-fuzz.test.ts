/**
 * Every operation of the OpenAPI document, fed wrong types, missing fields, huge and odd strings,
 * malformed JSON and broken multipart, as an anonymous caller and as a user holding every role.
 * The server must never answer 5xx, and every error must be the one contract
 * {code, message (中文), messageEn, details?}. Seeded: CITYLOOP_FUZZ_SEED and CITYLOOP_FUZZ_RUNS change it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { ROLE_CODES } from '../../src/auth/model.js';

const SEED = Number(process.env.CITYLOOP_FUZZ_SEED ?? 20261201);
const RUNS = Number(process.env.CITYLOOP_FUZZ_RUNS ?? 120);
/** Operations that are not request/response: the notification stream stays open. */
const SKIP = new Set(['GET /api/v1/notifications/stream', 'POST /api/v1/auth/logout']);

interface Param {
  in: 'path' | 'query' | 'header';
  name: string;
  schema?: { type?: string; enum?: unknown[]; minimum?: number; maximum?: number; anyOf?: unknown[] };
}
interface Operation {
  method: string;
  path: string;
  params: Param[];
  body: 'json' | 'multipart' | 'none';
  bodySchema?: { properties?: Record<string, unknown>; required?: string[] };
}

const odd = fc.constantFrom(
  '', ' ', '0', '-1', '1e300', '1e18', 'Infinity', '-Infinity', 'NaN', 'null', 'true', '[]', '{}', '%', '%zz', '%00', '\u0000',
  '../../etc/passwd', "' OR 1=1 --", '<script>alert(1)</script>', '😀'.repeat(50), 'x'.repeat(5000), '350203', '2026-02-30', '9'.repeat(40),
  'a'.repeat(101), '0000000000000000000000000000000000000000000000000000000000000000', '019abcde-0000-7000-8000-000000000000',
);
const text = fc.oneof(odd, fc.string({ maxLength: 40 }), fc.string({ unit: 'binary', maxLength: 300 }));
const jsonValue = fc.oneof(
  odd,
  fc.integer(),
  fc.double(),
  fc.constantFrom(1e300, -1e300, Number.MAX_SAFE_INTEGER, -0),
  fc.boolean(),
  fc.constant(null),
  fc.array(text, { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 8 }), text, { maxKeys: 3 }),
);

function valueFor(p: Param): fc.Arbitrary<string> {
  const s = p.schema ?? {};
  const plausible: fc.Arbitrary<string>[] = [];
  if (s.enum?.length) plausible.push(fc.constantFrom(...s.enum.map(String)));
  if (s.type === 'integer' || s.type === 'number') plausible.push(fc.integer({ min: -5, max: 3000 }).map(String));
  if (s.type === 'boolean') plausible.push(fc.constantFrom('true', 'false'));
  return fc.oneof(text, ...plausible);
}

function encodePath(v: string, raw: boolean): string {
  return raw ? v.replace(/[/?#\s]/g, '_') : encodeURIComponent(v);
}

function requestFor(op: Operation): fc.Arbitrary<{ url: string; headers: Record<string, string>; payload?: string | Buffer }> {
  const path = op.params.filter((p) => p.in === 'path');
  const query = op.params.filter((p) => p.in === 'query');
  const header = op.params.filter((p) => p.in === 'header');
  const bodyArb: fc.Arbitrary<{ type?: string; payload?: string | Buffer }> =
    op.body === 'json'
      ? fc.oneof(
          // the declared fields, each with an odd value, some left out
          fc.record(Object.fromEntries(Object.keys(op.bodySchema?.properties ?? {}).map((k) => [k, jsonValue])), { requiredKeys: [] }).map((o) => ({ type: 'application/json', payload: JSON.stringify(o) })),
          jsonValue.map((v) => ({ type: 'application/json', payload: JSON.stringify(v) })),
          fc.constantFrom('{', '{"a":', '[1,2', 'null', '', '\u0000', '{"__proto__":{"x":1}}', '{"constructor":{"prototype":{}}}').map((payload) => ({ type: 'application/json', payload })),
          fc.constantFrom('text/plain', 'application/xml', 'multipart/form-data', 'application/x-www-form-urlencoded').map((type) => ({ type, payload: 'a=1' })),
        )
      : op.body === 'multipart'
        ? fc.oneof(
            fc.constant({ type: 'multipart/form-data', payload: '--x\r\nContent-Disposition: form-data; name="file"; filename="a.png"\r\n\r\nabc' }),
            fc.constant({ type: 'multipart/form-data; boundary=x', payload: '--x\r\nContent-Disposition: form-data; name="file"; filename="a.png"\r\n\r\nabc' }),
            fc.constant({ type: 'multipart/form-data; boundary=x', payload: '--x\r\nContent-Disp' }),
            fc.constant({ type: 'multipart/form-data; boundary=x', payload: '--x--\r\n' }),
            fc.constant({ type: 'multipart/form-data; boundary=x', payload: '--x\r\nContent-Disposition: form-data; name="other"\r\n\r\nvalue\r\n--x--\r\n' }),
            fc.uint8Array({ maxLength: 400 }).map((b) => ({ type: 'multipart/form-data; boundary=----zz', payload: Buffer.from(b) })),
            fc.constant({ type: 'application/json', payload: '{}' }),
            fc.constant({}),
          )
        : fc.oneof(fc.constant({}), fc.constant({ type: 'application/json', payload: '{' }));
  return fc
    .record({
      pathValues: fc.tuple(...path.map(valueFor), fc.constant('')),
      rawPath: fc.boolean(),
      queryValues: fc.tuple(...query.map((p) => fc.option(valueFor(p), { nil: undefined })), fc.constant(undefined)),
      extraQuery: fc.option(fc.tuple(fc.string({ maxLength: 10 }), text), { nil: undefined }),
      headerValues: fc.tuple(...header.map((p) => fc.option(valueFor(p), { nil: undefined })), fc.constant(undefined)),
      body: bodyArb,
    })
    .map(({ pathValues, rawPath, queryValues, extraQuery, headerValues, body }) => {
      let url = op.path;
      path.forEach((p, i) => (url = url.replace(`{${p.name}}`, encodePath(pathValues[i]!, rawPath))));
      const qs: string[] = [];
      query.forEach((p, i) => {
        const v = queryValues[i];
        if (v !== undefined) qs.push(`${encodeURIComponent(p.name)}=${encodeURIComponent(v)}`);
      });
      if (extraQuery) qs.push(`${encodeURIComponent(extraQuery[0])}=${encodeURIComponent(extraQuery[1])}`);
      const headers: Record<string, string> = {};
      header.forEach((p, i) => {
        const v = headerValues[i];
        if (v !== undefined) headers[p.name] = v.replace(/[^\x20-\x7e]/g, '?');
      });
      if (body.type) headers['content-type'] = body.type;
      return { url: qs.length ? `${url}?${qs.join('&')}` : url, headers, ...(body.payload !== undefined ? { payload: body.payload } : {}) };
    });
}

/** The one error contract. Returns what is wrong, or undefined. */
function contractProblem(status: number, contentType: string | undefined, body: string): string | undefined {
  if (status >= 500) return `server error ${status}: ${body.slice(0, 300)}`;
  if (status < 400) return undefined;
  if (!contentType?.includes('application/json')) return `error ${status} is not JSON (${contentType})`;
  let parsed: Record<string, unknown>;
  try {
    parsed = JSON.parse(body) as Record<string, unknown>;
  } catch {
    return `error ${status} body is not JSON: ${body.slice(0, 200)}`;
  }
  const extra = Object.keys(parsed).filter((k) => !['code', 'message', 'messageEn', 'details'].includes(k));
  if (extra.length) return `error ${status} has fields outside the contract: ${extra.join(', ')} in ${body.slice(0, 200)}`;
  if (typeof parsed.code !== 'string' || !/^[A-Z][A-Z0-9_]*$/.test(parsed.code)) return `error ${status} code ${String(parsed.code)} is not UPPER_SNAKE`;
  if (typeof parsed.message !== 'string' || !parsed.message) return `error ${status} without a Chinese message`;
  if (typeof parsed.messageEn !== 'string' || !parsed.messageEn) return `error ${status} without an English message`;
  return undefined;
}

describe('every OpenAPI operation under fuzzing', () => {
  let t: TestApp;
  let ops: Operation[] = [];
  let auth: Record<string, string>;

  beforeAll(async () => {
    t = await buildTestApp('sqlite', { config: { rateLimitLoginPerMinute: 0, rateLimitIntakePerMinute: 0 } });
    await t.ctx.geo.seedDemo();
    await t.ctx.geo.load();
    await t.ctx.catalog.seedDemo();
    const unit = (await t.ctx.catalog.listUnits())[0]!;
    await t.ctx.auth.createUser({ username: 'fuzzer', displayName: '模糊测试', password: 'Fuzz2026xx', scope: { level: 'city', code: '350200' }, roles: [...ROLE_CODES], unitId: unit.id });
    auth = await t.login('fuzzer', 'Fuzz2026xx');
    const doc = (await t.app.inject({ url: '/api/openapi.json' })).json() as {
      paths: Record<string, Record<string, { parameters?: Param[]; requestBody?: { content: Record<string, { schema?: Operation['bodySchema'] }> } }>>;
    };
    for (const [path, byMethod] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(byMethod)) {
        const content = op.requestBody?.content ?? {};
        const body = content['multipart/form-data'] ? 'multipart' : content['application/json'] ? 'json' : 'none';
        ops.push({ method: method.toUpperCase(), path, params: op.parameters ?? [], body, ...(content['application/json']?.schema ? { bodySchema: content['application/json'].schema } : {}) });
      }
    }
    // Uploads that the document describes as multipart without a request body schema.
    ops = ops.map((o) => (o.path === '/api/v1/files' || o.path.endsWith('/responsibility/import') ? { ...o, body: 'multipart' as const } : o));
  }, 120_000);

  afterAll(async () => {
    await t?.close();
  });

  it('covers the whole document', () => {
    expect(ops.length).toBeGreaterThan(50);
  });

  it('answers no 5xx and no error outside the contract, anonymous or with every role', async () => {
    const failures: string[] = [];
    for (const op of ops) {
      const key = `${op.method} ${op.path}`;
      if (SKIP.has(key)) continue;
      await fc.assert(
        fc.asyncProperty(requestFor(op), fc.boolean(), async (req, anonymous) => {
          const res = await t.app.inject({ method: op.method as 'GET', url: req.url, headers: { ...req.headers, ...(anonymous ? {} : auth) }, ...(req.payload !== undefined ? { payload: req.payload } : {}) });
          const problem = contractProblem(res.statusCode, res.headers['content-type'] as string | undefined, res.body);
          if (problem) {
            failures.push(`${key} ← ${op.method} ${req.url.slice(0, 200)} [${req.headers['content-type'] ?? ''}] ${String(req.payload ?? '').slice(0, 80)}: ${problem}`);
            return false;
          }
          return true;
        }),
        { seed: SEED, numRuns: RUNS, endOnFailure: true },
      ).catch(() => undefined);
    }
    expect(failures).toEqual([]);
  }, 600_000);
});
