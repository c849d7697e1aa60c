import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../helpers/stores.js';
import { buildServer } from '../../src/http/server.js';
import type { Api } from '../../src/http/types.js';

/** A bad client's refusals are counted, and logged once per code per window at info level. */
describe('refused requests under abuse', () => {
  let tc: TestContext;
  let app: Api;
  const lines: Record<string, unknown>[] = [];

  beforeAll(async () => {
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        for (const l of chunk.toString().split('\n')) if (l.trim()) lines.push(JSON.parse(l) as Record<string, unknown>);
        done();
      },
    });
    tc = await createTestContext('sqlite', { logger: pino({ level: 'info' }, sink) });
    app = await buildServer(tc.ctx);
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
    await tc.close();
  });

  const refusalCount = async (status: string, code: string): Promise<number> => {
    const text = (await app.inject({ url: '/metrics' })).body;
    const m = new RegExp(`^cityloop_http_refusals_total\\{status="${status}",code="${code}"\\} (\\d+)`, 'm').exec(text);
    return m ? Number(m[1]) : 0;
  };

  it('counts 300 unauthenticated and 50 unknown-path requests in metrics but writes a line per code, not per request', async () => {
    const before401 = await refusalCount('401', 'AUTH_REQUIRED');
    const before404 = await refusalCount('404', 'ROUTE_NOT_FOUND');
    lines.length = 0;
    for (let i = 0; i < 300; i++) {
      const res = await app.inject({ url: '/api/v1/cases' });
      expect(res.statusCode).toBe(401);
    }
    for (let i = 0; i < 50; i++) expect((await app.inject({ url: `/api/v1/no-such-thing-${i}` })).statusCode).toBe(404);
    expect(await refusalCount('401', 'AUTH_REQUIRED')).toBe(before401 + 300);
    expect(await refusalCount('404', 'ROUTE_NOT_FOUND')).toBe(before404 + 50);
    const refused = lines.filter((l) => String(l.msg).startsWith('request refused'));
    expect(refused.length).toBeGreaterThanOrEqual(1);
    expect(refused.length).toBeLessThanOrEqual(4);
    expect(refused.map((l) => l.code)).toContain('AUTH_REQUIRED');
  });
});

describe('noteRefusal', () => {
  it('writes the first refusal of a code per window at info, the rest at debug, and says how many the last window held', async () => {
    const { noteRefusal, REFUSAL_LOG_WINDOW_MS } = await import('../../src/http/refusals.js');
    const info: unknown[] = [];
    const debug: unknown[] = [];
    const log = { info: (o: unknown) => info.push(o), debug: (o: unknown) => debug.push(o) } as never;
    const t0 = 1_000_000;
    for (let i = 0; i < 1000; i++) noteRefusal(log, 401, 'TEST_WINDOW', t0 + i);
    expect(info).toHaveLength(1);
    expect(debug).toHaveLength(999);
    noteRefusal(log, 401, 'TEST_WINDOW', t0 + REFUSAL_LOG_WINDOW_MS + 1);
    expect(info).toHaveLength(2);
    expect(info[1]).toMatchObject({ code: 'TEST_WINDOW', refusedInLastWindow: 1000 });
  });
});
