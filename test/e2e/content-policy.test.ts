/**
 * The console under the server's Content-Security-Policy in a real browser: every workspace with its
 * map and charts loads, and the browser reports no violation of the policy (a blocked script, style,
 * worker or image would show up here before a user saw a blank map).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { PHONE, browserAvailable, loginAs, startHarness, waitForMap, type Harness } from './harness.js';

const available = browserAvailable();

/** Records every CSP violation the page reports, from before its first script runs. */
async function watchViolations(page: Page): Promise<string[]> {
  const seen: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) seen.push(m.text());
  });
  await page.exposeFunction('__cspViolation', (v: string) => seen.push(v));
  await page.addInitScript(() => {
    const w = globalThis as unknown as {
      document: { addEventListener(type: string, f: (e: { violatedDirective: string; blockedURI: string }) => void): void };
      __cspViolation(v: string): void;
    };
    w.document.addEventListener('securitypolicyviolation', (e) => w.__cspViolation(`${e.violatedDirective} ${e.blockedURI}`));
  });
  return seen;
}

describe.skipIf(!available)('the console under the Content-Security-Policy', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ CITYLOOP_DEMO_HISTORY_DAYS: '2' });
  }, 600_000);
  afterAll(async () => {
    await h?.close();
  });

  it('runs the command center map, the dashboard charts and the admin pages without a violation', async () => {
    const { context, page } = await loginAs(h, 'leader');
    const seen = await watchViolations(page);
    const res = await page.goto('/command');
    expect(res?.headers()['content-security-policy']).toMatch(/script-src 'self'/);
    await waitForMap(page, 'command-map');
    await page.goto('/dashboard');
    await page.locator('canvas').first().waitFor({ timeout: 30_000 });
    await context.close();
    const admin = await loginAs(h, 'admin');
    const adminSeen = await watchViolations(admin.page);
    await admin.page.goto('/admin');
    await admin.page.waitForLoadState('networkidle');
    await admin.context.close();
    expect([...seen, ...adminSeen]).toEqual([]);
  }, 180_000);

  it('runs the inspector phone app and the API docs without a violation', async () => {
    const { context, page } = await loginAs(h, 'inspector', PHONE);
    const seen = await watchViolations(page);
    await page.goto('/m');
    await page.waitForLoadState('networkidle');
    await page.goto('/api/docs/');
    await page.locator('.swagger-ui').first().waitFor({ timeout: 30_000 });
    await context.close();
    expect(seen).toEqual([]);
  }, 180_000);
});
