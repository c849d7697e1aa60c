/**
 * The console in a real browser (system Chromium via playwright-core) against the real server on a
 * temp data dir with the demo city: every role in its workspace, one case through the whole loop,
 * the inspector's phone layout, errors in both languages, and screenshots for the README.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DESKTOP, PHONE, SCREENSHOTS, apiAs, browserAvailable, loginAs, samplePhoto, screenshot, startHarness, waitForMap, type Harness } from './harness.js';
import { act, clickMapAt, modalWith, pickOption, searchAndPick } from './steps.js';

const available = browserAvailable();

interface Area {
  code: string;
  name: string;
  label: { lon: number; lat: number };
}

describe.skipIf(!available)('the web console in a browser', () => {
  let h: Harness;
  /** A point inside a 思明 grid, and the class the demo list routes to 思明区市政园林局 (the demo handler's unit). */
  let spot: { lon: number; lat: number };
  const CLASS = 'C0104';

  beforeAll(async () => {
    h = await startHarness();
    const admin = await apiAs(h, 'admin');
    const { items } = await admin<{ items: Area[] }>('GET', '/api/v1/geo/communities?districtCode=350203');
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

  it('shows each role only the workspaces it works in', async () => {
    const { context, page } = await loginAs(h, 'handler');
    const nav = page.getByTestId('nav');
    await nav.getByText('处置任务').waitFor();
    await expect(nav.getByText('处置任务').count()).resolves.toBe(1);
    await expect(nav.getByText('系统管理').count()).resolves.toBe(0);
    await page.goto('/admin');
    await page.getByText('您没有权限访问此工作台').waitFor();
    await context.close();
  }, 180_000);

  it('says what went wrong at login in Chinese, and in English after switching', async () => {
    const context = await h.browser.newContext({ baseURL: h.url, ...DESKTOP });
    const page = await context.newPage();
    await page.goto('/login');
    await page.locator('#username').fill('operator');
    await page.locator('input[type="password"]').fill('wrong-password');
    await page.getByTestId('login-submit').click();
    const zh = (await page.getByTestId('login-error').textContent()) ?? '';
    expect(zh).toMatch(/[\u4e00-\u9fa5]/);
    await page.getByTestId('lang-switch').click();
    await page.getByTestId('login-submit').click();
    await page.getByTestId('login-error').filter({ hasNotText: zh }).waitFor();
    const en = (await page.getByTestId('login-error').textContent()) ?? '';
    expect(en).toMatch(/[A-Za-z]{3,}/);
    expect(en).not.toMatch(/[\u4e00-\u9fa5]/);
    await context.close();
  }, 180_000);

  it('takes one case from the inspector’s phone report through filing, dispatch, handling and verification to closing', async () => {
    // The operator watches the live feed of the command center (server-sent events, no reload).
    const op = await loginAs(h, 'operator');
    await op.page.goto('/command');
    await op.page.getByTestId('live-status').getByText('实时').waitFor();

    // 1. The inspector reports from the phone, with a camera photo and the device position.
    const insp = await loginAs(h, 'inspector', { ...PHONE, geolocation: { longitude: spot.lon, latitude: spot.lat }, permissions: ['geolocation'] });
    await insp.page.waitForURL(/\/m/);
    await insp.page.getByTestId('report-photo').setInputFiles(samplePhoto([200, 60, 40], 'before.png'));
    await insp.page.getByTestId('photo-thumb').first().waitFor();
    await insp.page.getByTestId('position').waitFor();
    await pickOption(insp.page, 'report-class', CLASS);
    await insp.page.getByTestId('report-description').fill('雨水箅子破损，存在安全隐患（e2e）');
    await waitForMap(insp.page, 'report-map');
    await screenshot(insp.page, 'inspector-report');
    await insp.page.getByTestId('report-submit').click();
    const done = insp.page.getByTestId('report-done');
    await done.waitFor({ timeout: 20_000 });
    const caseId = (await done.getAttribute('data-case-id')) ?? '';
    const caseCode = (await done.getAttribute('data-case-code')) ?? '';
    expect(caseId).not.toBe('');
    expect(caseCode).toMatch(/^350203\d{13}$/);

    // 2. The operator hears of it at once, sees it among incoming reports (photo, map, duplicates) and accepts it.
    await op.page.getByTestId('live-feed').getByText(caseCode).first().waitFor({ timeout: 20_000 });
    await op.page.goto('/intake');
    await op.page.getByTestId('intake-list').waitFor();
    await waitForMap(op.page, 'case-map');
    // The overview map beside the list shows the lane's reports; clicking the new one selects it.
    await waitForMap(op.page, 'intake-list-map');
    await op.page.locator('[data-testid="intake-list-map-card"]:not([data-points="0"])').waitFor();
    const other = op.page.locator(`[data-testid="intake-list"] tr[data-case-code]:not([data-case-code="${caseCode}"])`).first();
    if ((await other.count()) > 0) {
      await other.click();
      await op.page.getByTestId('case-panel').and(op.page.locator(`:not([data-case-code="${caseCode}"])`)).waitFor();
    }
    await clickMapAt(op.page, 'intake-list-map', spot.lon, spot.lat);
    await op.page.getByTestId('case-panel').and(op.page.locator(`[data-case-code="${caseCode}"]`)).waitFor();
    await waitForMap(op.page, 'case-map');
    // Back to the whole city for the screenshot, the pointer off the map.
    await op.page.mouse.move(5, 5);
    await op.page.evaluate(() => (globalThis as unknown as { __cityloopMaps: Record<string, { jumpTo(o: object): void }> }).__cityloopMaps['intake-list-map']!.jumpTo({ center: [118.13, 24.55], zoom: 9.6 }));
    await waitForMap(op.page, 'intake-list-map');
    await screenshot(op.page, 'operator-intake');
    await op.page.goto(`/cases/${caseId}`);
    await act(op.page, 'accept', { note: '属实，受理' });

    // 3. The shift lead files it; the responsibility list routes it to the unit.
    const lead = await loginAs(h, 'shiftlead');
    await lead.page.goto(`/cases/${caseId}`);
    await act(lead.page, 'file', { note: '立案' });

    // 4. The list routes it to 思明区市政园林局 at once (unique item); its handler asks to return it,
    //    the dispatcher approves, and dispatches it again by hand with the unit picker.
    const hd = await loginAs(h, 'handler');
    await hd.page.waitForURL(/\/tasks/);
    await hd.page.goto(`/cases/${caseId}`);
    await act(hd.page, 'request_return', { reason: '测试回退：请派遣员确认权属' });
    const disp = await loginAs(h, 'dispatcher');
    await disp.page.waitForURL(/\/dispatch/);
    const pending = disp.page.locator(`tr[data-case-code="${caseCode}"]`).first();
    await pending.waitFor({ timeout: 20_000 });
    await pending.click();
    await disp.page.getByTestId('case-panel').and(disp.page.locator(`[data-case-code="${caseCode}"]`)).waitFor();
    await waitForMap(disp.page, 'case-map');
    await screenshot(disp.page, 'dispatcher');
    await act(disp.page, 'approve_return', { note: '同意回退' });
    await disp.page.goto(`/cases/${caseId}`);
    await act(disp.page, 'dispatch', { unitText: '思明区市政园林局', note: '经核实属贵单位，请及时处置' });

    // 5. The unit's handler finds it among its tasks with a countdown and reports it handled with an after-photo.
    await hd.page.goto('/tasks');
    const row = hd.page.locator(`tr[data-case-code="${caseCode}"]`).first();
    await row.waitFor({ timeout: 20_000 });
    await row.click();
    await hd.page.getByTestId('case-panel').and(hd.page.locator(`[data-case-code="${caseCode}"]`)).waitFor();
    await hd.page.getByTestId('countdown').first().waitFor();
    await waitForMap(hd.page, 'case-map');
    await screenshot(hd.page, 'handler-tasks');
    await act(hd.page, 'handle', { note: '已更换雨水箅子', photo: [90, 90, 95] });

    // 6. The operator sends it for verification.
    await op.page.goto(`/cases/${caseId}`);
    await act(op.page, 'send_verification', { note: '请核查' });

    // 7. The inspector verifies on site from the phone's task list.
    await insp.page.goto('/m/tasks');
    const task = insp.page.locator(`[data-case-code="${caseCode}"]`).first();
    await task.waitFor({ timeout: 20_000 });
    await screenshot(insp.page, 'inspector-tasks');
    await task.click();
    await act(insp.page, 'verify', { note: '现场已修复', photo: [90, 90, 95] });

    // 8. The shift lead closes it.
    await lead.page.goto(`/cases/${caseId}`);
    await act(lead.page, 'close', { note: '结案' });
    await lead.page.locator('[data-status="closed"]').first().waitFor();

    // 9. The case detail shows the whole timeline, and the hash chain checks out.
    const leader = await loginAs(h, 'leader');
    await leader.page.goto(`/cases/${caseId}`);
    await leader.page.getByTestId('timeline').locator('[data-event-type="closed"]').waitFor();
    const types = await leader.page.getByTestId('timeline').locator('[data-event-type]').evaluateAll((els) => els.map((e) => e.getAttribute('data-event-type')));
    expect(types).toEqual(expect.arrayContaining(['reported', 'accepted', 'filed', 'dispatched', 'return_requested', 'return_approved', 'handled', 'verification_sent', 'verification_passed', 'closed']));
    await leader.page.getByTestId('integrity-check').click();
    await leader.page.getByTestId('integrity-result').waitFor();
    expect(await leader.page.getByTestId('integrity-result').getAttribute('class')).toContain('success');
    await waitForMap(leader.page, 'detail-map');
    await screenshot(leader.page, 'case-detail');
    // The same page in English.
    await leader.page.getByTestId('lang-switch').click();
    await leader.page.getByText('Timeline').waitFor();
    await leader.page.getByText('Closed', { exact: true }).first().waitFor();
    await screenshot(leader.page, 'case-detail-en');
    await leader.page.getByTestId('lang-switch').click();

    for (const s of [insp, op, lead, disp, hd, leader]) await s.context.close();
  }, 600_000);

  it('lays out the inspector app for a 390 × 844 phone and offers it as an installable app', async () => {
    const { context, page } = await loginAs(h, 'inspector', { ...PHONE, geolocation: { longitude: spot.lon, latitude: spot.lat }, permissions: ['geolocation'] });
    await page.waitForURL(/\/m/);
    await page.getByTestId('inspector-app').waitFor();
    const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');
    expect(overflow).toBeLessThanOrEqual(0);
    const input = page.getByTestId('report-photo');
    expect(await input.getAttribute('accept')).toBe('image/*');
    expect(await input.getAttribute('capture')).toBe('environment');
    const manifest = (await (await page.request.get('/manifest.webmanifest')).json()) as { display: string; start_url: string; icons: unknown[] };
    expect(manifest).toMatchObject({ display: 'standalone', start_url: '/m' });
    expect(manifest.icons.length).toBeGreaterThan(0);
    expect((await page.request.get('/sw.js')).ok()).toBe(true);
    await screenshot(page, 'inspector-phone');
    await context.close();
  }, 180_000);

  it('shows the command center, the leader dashboards and the admin pages', async () => {
    const { context, page } = await loginAs(h, 'leader');
    await page.goto('/command');
    await waitForMap(page, 'command-map');
    await page.getByTestId('figure-open').waitFor();
    await screenshot(page, 'command-center');
    await page.goto('/dashboard');
    await page.getByTestId('chart-ranking').locator('canvas').first().waitFor();
    await page.locator('[data-testid="trend-card"][data-ready="true"]').waitFor();
    await page.getByTestId('eval-table').locator('tbody tr').first().waitFor();
    await screenshot(page, 'leader-dashboard');
    await context.close();

    const admin = await loginAs(h, 'admin');
    await admin.page.goto('/admin');
    await admin.page.getByTestId('users-table').locator('tbody tr').first().waitFor();
    await screenshot(admin.page, 'admin');
    // A form shows the server's refusal: a password the account rules reject.
    await admin.page.getByTestId('new-user').click();
    await admin.page.getByTestId('user-username').fill('new.inspector');
    await admin.page.getByTestId('user-display-name').fill('新监督员');
    await admin.page.getByTestId('user-password').fill('123');
    await pickOption(admin.page, 'user-roles', '监督员', '.ant-modal', true);
    await admin.page.locator('.ant-modal-title').click();
    await admin.page.getByTestId('user-save').click();
    await admin.page.locator('.ant-modal').getByTestId('form-error').waitFor();
    expect(await admin.page.locator('.ant-modal').getByTestId('form-error').textContent()).toMatch(/密码/);
    await admin.context.close();
    expect(fs.existsSync(path.join(SCREENSHOTS, 'command-center.png'))).toBe(true);
  }, 180_000);

  it('lets an admin create and edit units, add a local class and set an account’s scope, showing the server’s refusals', async () => {
    const { context, page } = await loginAs(h, 'admin');
    await page.goto('/admin');
    await page.getByTestId('tab-units').click();
    await page.getByTestId('units-table').locator('tbody tr').first().waitFor();
    const unitModal = modalWith(page, 'unit-form');
    const fillUnit = async (code: string, name: string) => {
      await page.evaluate(() => (globalThis as unknown as { scrollTo(x: number, y: number): void }).scrollTo(0, 0));
      await page.getByTestId('new-unit').click();
      await unitModal.getByTestId('unit-code').fill(code);
      await unitModal.getByTestId('unit-name').fill(name);
      await searchAndPick(page, 'unit-kind', '区属部门', '[data-testid="unit-form"]');
      await searchAndPick(page, 'unit-district', '350203', '[data-testid="unit-form"]');
      await unitModal.getByTestId('unit-duty').fill('市政设施养护');
      await unitModal.getByTestId('unit-save').click();
    };
    // A new unit, created through the catalog API, appears in the list.
    await fillUnit('350203-E2EYH', '思明区市政养护测试中心');
    await unitModal.waitFor({ state: 'hidden' });
    await page.locator('tr[data-unit-code="350203-E2EYH"]').waitFor();
    await screenshot(page, 'admin');
    // A second one with the same name: the server refuses (UNIT_NAME_TAKEN) and the form says why, in Chinese…
    await fillUnit('350203-E2EYH2', '思明区市政养护测试中心');
    const error = unitModal.getByTestId('form-error');
    await error.waitFor();
    expect(await error.getAttribute('data-code')).toBe('UNIT_NAME_TAKEN');
    expect(await error.textContent()).toMatch(/已有名为「思明区市政养护测试中心」的在用单位/);
    await screenshot(page, 'admin-unit-error');
    // …and in English once the page is switched.
    await unitModal.locator('.ant-modal-close').click();
    await unitModal.waitFor({ state: 'hidden' });
    await page.getByTestId('lang-switch').click();
    await page.getByTestId('new-unit').getByText('New unit').waitFor();
    await page.getByTestId('new-unit').click();
    await unitModal.getByTestId('unit-code').fill('350203-E2EYH2');
    await unitModal.getByTestId('unit-name').fill('思明区市政养护测试中心');
    await searchAndPick(page, 'unit-kind', 'District department', '[data-testid="unit-form"]');
    await unitModal.getByTestId('unit-save').click();
    await unitModal.getByTestId('form-error').getByText(/An active unit named/).waitFor();
    await unitModal.locator('.ant-modal-close').click();
    await page.getByTestId('lang-switch').click();
    // Editing: retire the unit.
    await page.locator('tr[data-unit-code="350203-E2EYH"]').getByTestId('unit-edit').click();
    await unitModal.getByTestId('unit-active').click();
    await unitModal.getByTestId('unit-save').click();
    await unitModal.waitFor({ state: 'hidden' });
    await page.locator('tr[data-unit-code="350203-E2EYH"]').getByText('已停用').waitFor();

    // A local class: a standard code is refused, a local small class (≥ 90) is added.
    await page.getByTestId('tab-classes').click();
    const classModal = modalWith(page, 'class-form');
    await page.getByTestId('new-class').click();
    await classModal.getByTestId('class-code').fill('E0501');
    await classModal.getByTestId('class-name').fill('测试类');
    await classModal.getByTestId('class-save').click();
    await classModal.getByTestId('form-error').waitFor();
    expect(await classModal.getByTestId('form-error').getAttribute('data-code')).toBe('CATEGORY_CODE_RESERVED');
    expect(await classModal.getByTestId('form-error').textContent()).toMatch(/本地大类从 21 起/);
    await classModal.getByTestId('class-code').fill('E0590');
    await classModal.getByTestId('class-save').click();
    await classModal.waitFor({ state: 'hidden' });
    await page.getByTestId('class-search').locator('input').fill('E0590');
    await page.getByTestId('class-search').locator('input').press('Enter');
    await page.locator('tr[data-class-code="E0590"]').getByText('测试类').waitFor();

    // A handler's scope (district, then street) and unit.
    await page.getByRole('tab', { name: '用户与角色' }).click();
    await page.locator('tr[data-username="handler"]').getByTestId('user-edit').click();
    const userModal = modalWith(page, 'user-form');
    await searchAndPick(page, 'user-scope-level', '街道', '[data-testid="user-form"]');
    await searchAndPick(page, 'user-district', '350203', '[data-testid="user-form"]');
    await searchAndPick(page, 'user-street', '350203', '[data-testid="user-form"]');
    await userModal.getByTestId('user-save').click();
    await userModal.waitFor({ state: 'hidden' });
    const api = await apiAs(h, 'admin');
    const users = await api<{ items: Array<{ username: string; scope: { level: string; code: string }; unitId: string | null }> }>('GET', '/api/v1/users?q=handler&pageSize=50');
    const handler = users.items.find((u) => u.username === 'handler');
    expect(handler?.scope.level).toBe('street');
    expect(handler?.scope.code).toMatch(/^350203\d{3}$/);
    expect(handler?.unitId).not.toBeNull();
    await context.close();
  }, 240_000);
});
