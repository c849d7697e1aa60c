import { createTestContext, type StoreKind, type TestContext, type TestContextOptions } from './stores.js';
import { buildServer } from '../../src/http/server.js';
import type { Api } from '../../src/http/types.js';

export interface TestApp extends TestContext {
  app: Api;
  /** Logs in and returns headers carrying the bearer token. */
  login(username: string, password?: string): Promise<Record<string, string>>;
}

/** The whole HTTP application on a fresh store, driven with `app.inject` (no port). */
export async function buildTestApp(kind: StoreKind = 'sqlite', opts: TestContextOptions = {}): Promise<TestApp> {
  const tc = await createTestContext(kind, opts);
  const app = await buildServer(tc.ctx, { logger: false });
  await app.ready();
  return {
    ...tc,
    app,
    async login(username: string, password = 'demo1234') {
      const res = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password } });
      if (res.statusCode !== 200) throw new Error(`login ${username} failed: ${res.statusCode} ${res.body}`);
      const { token } = res.json() as { token: string };
      return { authorization: `Bearer ${token}` };
    },
    async close() {
      await app.close();
      await tc.close();
    },
  };
}
