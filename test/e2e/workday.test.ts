/**
 * A day's work in the console (issue 10), in a real browser against the real server with the demo city:
 * every demo account logs in and opens every item of its navigation without one error (navigation comes
 * from the server's permissions, so nothing offered may refuse), and one case goes round the loop by
 * clicking only, each action checked by its confirmation (case code, new status, who has it now).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { PHONE, apiAs, browserAvailable, loginAs, samplePhoto, screenshot, startHarness, waitForMap, type Harness } from './harness.js';
import { act, pickOption } from './steps.js';
import { workspacesFor } from '../../web/src/model/workspaces.js';

const available = browserAvailable();

/** Everything that counts as an error on a page: uncaught exceptions, console errors, refused API calls,
 * and refusals drawn on the page (error alerts, 403 / 404 results). */
function watchErrors(page: Page, who: string): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`${who} ${page.url()}: page error ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`${who} ${page.url()}: console ${m.text()}`);
  });
  page.on('response', (r) => {
    if (r.url().includes('/api/') && r.status() >= 400) errors.push(`${who} ${page.url()}: ${r.request().method()} ${r.url()} → ${r.status()}`);
  });
  return errors;
}

async function refusalsOnPage(page: Page): Promise<string[]> {
  const found: string[] = [];
  for (const sel of ['.ant-alert-error', '.ant-result-403', '.ant-result-404', '.ant-result-error']) {
    for (const el of await page.locator(sel).all()) if (await el.isVisible()) found.push(`${page.url()}: ${sel} ${(await el.textContent())?.slice(0, 120)}`);
  }
  return found;
}

/** Waits for a case's row in a list, which live updates bring in without a reload. */
async function rowOf(page: Page, listTestId: string, code: string) {
  const row = page.locator(`[data-testid="${listTestId}"] tr[data-case-code="${code}"]`).first();
  await row.waitFor({ timeout: 45_000 });
  return row;
}

describe.skipIf(!available)('a day’s work in the console', () => {
  let h: Harness;
  let spot: { lon: number; lat: number };
  const CLASS = 'C0104';

  beforeAll(async () => {
    h = await startHarness();
    const admin = await apiAs(h, 'admin');
    const { items } = await admin<{ items: Array<{ label: { lon: number; lat: number } }> }>('GET', '/api/v1/geo/communities?districtCode=350203');
    for (const c of items) {
      const r = await admin<{ district: { code: string } }>('GET', `/api/v1/geo/locate?lon=${c.label.lon}&lat=${c.label.lat}`).catch(() => null);
      if (r?.district.code === '350203') {
        spot = c.label;
        break;
      }
    }
    expect(spot).toBeDefined();
  }, 600_000);

  afterAll(async () => {
    await h?.close();
  });

  it('logs in as every demo account and opens every item of its navigation without one error', async () => {
    const admin = await apiAs(h, 'admin');
    const { items } = await admin<{ items: Array<{ username: string }> }>('GET', '/api/v1/users?pageSize=200');
    // The demo accounts (the simulator's sim.* staff are the demo history's, not people's accounts).
    const accounts = items.map((u) => u.username).filter((u) => !u.startsWith('sim.'));
    expect(accounts).toEqual(expect.arrayContaining(['inspector', 'operator', 'shiftlead', 'dispatcher', 'handler', 'leader', 'evaluator', 'admin', 'centre']));
    const errors: string[] = [];
    const visited: Record<string, string[]> = {};
    for (const username of accounts) {
      const { context, page } = await loginAs(h, username);
      // What the server says this account may do: the navigation must offer exactly these workspaces.
      const me = (await (await page.request.get('/api/v1/me')).json()) as { actions: string[] };
      const expected = workspacesFor(me.actions);
      expect(expected.length, `${username} is offered no workspace`).toBeGreaterThan(0);
      const seen = watchErrors(page, username);
      visited[username] = [];
      if (new URL(page.url()).pathname.startsWith('/m')) {
        // The inspector's phone app: every tab, then the console's navigation.
        await page.getByTestId('inspector-app').waitFor();
        for (const tab of await page.getByTestId('inspector-tabs').locator('.ant-segmented-item').all()) {
          await tab.click();
          await page.waitForTimeout(800);
          errors.push(...(await refusalsOnPage(page)));
        }
        await page.goto('/cases');
      }
      const nav = page.getByTestId('nav');
      await nav.waitFor();
      const entries = nav.locator('.ant-menu-item');
      expect(await entries.count(), `${username}: navigation`).toBe(expected.length);
      for (let i = 0; i < expected.length; i++) {
        await entries.nth(i).click();
        await page.waitForURL((u) => u.pathname.startsWith(expected[i]!.path));
        visited[username]!.push(expected[i]!.id);
        await page.locator('.ant-spin-spinning').first().waitFor({ state: 'hidden', timeout: 20_000 }).catch(() => undefined);
        await page.waitForTimeout(1500);
        errors.push(...(await refusalsOnPage(page)));
        if (expected[i]!.path === '/m') await page.goto('/cases');
      }
      errors.push(...seen);
      await context.close();
    }
    expect(visited.admin).toEqual(['admin', 'iot']);
    expect(visited.operator).toEqual(['command', 'intake', 'cases', 'iot', 'hotline', 'video', 'suggestions']);
    expect(errors).toEqual([]);
  }, 900_000);

  it('takes a case round the loop by clicking only, with a confirmation after each action', async () => {
    // 1. The inspector reports from the phone.
    const insp = await loginAs(h, 'inspector', { ...PHONE, geolocation: { longitude: spot.lon, latitude: spot.lat }, permissions: ['geolocation'] });
    await insp.page.getByTestId('report-photo').setInputFiles(samplePhoto([200, 60, 40], 'before.png'));
    await insp.page.getByTestId('photo-thumb').first().waitFor();
    await insp.page.getByTestId('position').waitFor();
    await pickOption(insp.page, 'report-class', CLASS);
    await insp.page.getByTestId('report-description').fill('井盖缺失，行人易踩空（工作日测试）');
    await insp.page.getByTestId('report-submit').click();
    const done = insp.page.getByTestId('report-done');
    await done.waitFor({ timeout: 20_000 });
    const code = (await done.getAttribute('data-case-code')) ?? '';
    expect(code).toMatch(/^350203\d{13}$/);

    // 2. The operator finds it among new reports and accepts it: now with the shift lead to file.
    const op = await loginAs(h, 'operator');
    await op.page.getByTestId('intake-list').waitFor();
    await op.page.getByTestId('lane-new').click();
    await (await rowOf(op.page, 'intake-list', code)).click();
    await op.page.locator(`[data-testid="case-panel"][data-case-code="${code}"]`).waitFor();
    const accepted = await act(op.page, 'accept', { note: '属实，受理' });
    expect(accepted).toMatchObject({ code, status: 'reported' });
    expect(accepted.title).toContain('受理');
    expect(accepted.holder).toContain('值班长');
    // Stayed on the case: the panel still shows it, in its new state.
    await op.page.locator(`[data-testid="case-panel"][data-case-code="${code}"]`).waitFor();

    // 3. The shift lead files it from the 待立案 lane; the responsibility list sends it to the unit.
    const lead = await loginAs(h, 'shiftlead');
    await lead.page.getByTestId('intake-list').waitFor();
    await lead.page.getByTestId('lane-file').click();
    await (await rowOf(lead.page, 'intake-list', code)).click();
    await lead.page.locator(`[data-testid="case-panel"][data-case-code="${code}"]`).waitFor();
    const filed = await act(lead.page, 'file', { note: '立案' });
    expect(filed).toMatchObject({ code, status: 'dispatched' });
    expect(filed.holder).toContain('思明区市政园林局');

    // 4. The unit's handler handles it from the task list, with an after-photo: back to the operator.
    const hd = await loginAs(h, 'handler');
    await hd.page.getByTestId('tasks-list').waitFor();
    await (await rowOf(hd.page, 'tasks-list', code)).click();
    await hd.page.locator(`[data-testid="case-panel"][data-case-code="${code}"]`).waitFor();
    await hd.page.getByTestId('task-address').first().waitFor();
    await hd.page.getByTestId('request-actions').waitFor();
    const handled = await act(hd.page, 'handle', { note: '已补装井盖', photo: [90, 90, 95] });
    expect(handled).toMatchObject({ code, status: 'handled' });
    expect(handled.holder).toContain('受理员');

    // 5. The operator sends it for verification from the 待派核查 lane: now the inspector's.
    await op.page.getByTestId('lane-verify').click();
    await (await rowOf(op.page, 'intake-list', code)).click();
    await op.page.locator(`[data-testid="case-panel"][data-case-code="${code}"]`).waitFor();
    const sent = await act(op.page, 'send_verification', { note: '请核查' });
    expect(sent).toMatchObject({ code, status: 'verifying' });
    expect(sent.holder).toContain('监督员');

    // 6. The inspector verifies on site from the phone's tasks: now the shift lead's, to close.
    await insp.page.getByTestId('inspector-tabs').getByText('任务').click();
    const task = insp.page.locator(`[data-testid="inspector-tasks"] [data-case-code="${code}"]`).first();
    await task.waitFor({ timeout: 45_000 });
    await task.click();
    const verified = await act(insp.page, 'verify', { note: '现场已修复', photo: [90, 90, 95] });
    expect(verified).toMatchObject({ code, status: 'verifying' });
    expect(verified.holder).toContain('值班长');

    // 7. The shift lead closes it from the 待结案 lane: nobody has it any more.
    await lead.page.getByTestId('lane-close').click();
    await (await rowOf(lead.page, 'intake-list', code)).click();
    await lead.page.locator(`[data-testid="case-panel"][data-case-code="${code}"]`).waitFor();
    const closed = await act(lead.page, 'close', { note: '结案' });
    expect(closed).toMatchObject({ code, status: 'closed' });
    expect(closed.holder).toContain('流程已结束');

    // 8. The closed case keeps its time limits with the result, one click away.
    await lead.page.getByTestId('case-panel-code').click();
    await lead.page.getByTestId('stage-limits').waitFor();
    expect(await lead.page.getByTestId('stage-limits').locator('tbody tr').count()).toBeGreaterThanOrEqual(4);
    await lead.page.getByTestId('case-result').first().waitFor();
    await waitForMap(lead.page, 'detail-map');
    await screenshot(lead.page, 'case-closed-limits');

    for (const s of [insp, op, lead, hd]) await s.context.close();
  }, 600_000);
});
