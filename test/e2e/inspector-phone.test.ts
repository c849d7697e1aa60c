/**
 * The inspector's phone app in a real browser (issue 10 item 3): the place in words as soon as the
 * position is taken, the success screen opening the case, 我的上报 with status and unit kept live,
 * verification on site with the handler's note and after-photo beside the before-photo, the language
 * toggle readable after a tap, labels linked to their inputs, and a centred column on a desktop
 * with a way back to the console. Screenshots for the README.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DESKTOP, PHONE, apiAs, browserAvailable, loginAs, samplePhoto, screenshot, startHarness, waitForMap, type Harness } from './harness.js';
import { act, pickOption } from './steps.js';

const available = browserAvailable();

describe.skipIf(!available)('the inspector’s phone app', () => {
  let h: Harness;
  let spot: { lon: number; lat: number };
  let place: { district: string; street: string; community: string; grid: string };

  beforeAll(async () => {
    h = await startHarness();
    const admin = await apiAs(h, 'admin');
    const { items } = await admin<{ items: Array<{ label: { lon: number; lat: number } }> }>('GET', '/api/v1/geo/communities?districtCode=350203');
    for (const c of items) {
      const r = await admin<{ district: { code: string; name: string }; street: { name: string }; community: { name: string }; grid: { name: string } }>('GET', `/api/v1/geo/locate?lon=${c.label.lon}&lat=${c.label.lat}`).catch(() => null);
      if (r?.district.code === '350203') {
        spot = c.label;
        place = { district: r.district.name, street: r.street.name, community: r.community.name, grid: r.grid.name };
        break;
      }
    }
    expect(spot).toBeDefined();
  }, 600_000);

  afterAll(async () => {
    await h?.close();
  });

  it('reports with the place in words, follows the case in 我的上报, and verifies it on site against the after-photo', async () => {
    const insp = await loginAs(h, 'inspector', { ...PHONE, geolocation: { longitude: spot.lon, latitude: spot.lat }, permissions: ['geolocation'] });
    const page = insp.page;
    await page.waitForURL(/\/m/);

    // Every label of the report form names its input (a click on it focuses the field; screen readers read it).
    await page.getByTestId('report-description').waitFor();
    const unlinked = await page.evaluate(() => {
      // Linked: by `for` to an element that exists, or by wrapping its control (the tabs' radios).
      type El = { htmlFor: string; textContent: string | null; querySelector(s: string): unknown };
      const doc = (globalThis as unknown as { document: { querySelectorAll(s: string): Iterable<El>; getElementById(id: string): unknown } }).document;
      return [...doc.querySelectorAll('[data-testid="inspector-app"] label')]
        .filter((l) => !(l.htmlFor && doc.getElementById(l.htmlFor)) && !l.querySelector('input, select, textarea, button'))
        .map((l) => l.textContent);
    });
    expect(unlinked).toEqual([]);
    await page.locator('label', { hasText: '问题描述' }).click();
    await expect(page.evaluate(() => (globalThis as unknown as { document: { activeElement: { getAttribute(n: string): string | null } | null } }).document.activeElement?.getAttribute('data-testid'))).resolves.toBe('report-description');

    // The position in words: district · street · community · grid, no raw coordinates.
    const words = page.getByTestId('place-words');
    await words.waitFor({ timeout: 20_000 });
    await expect(words.textContent()).resolves.toBe([place.district, place.street, place.community, place.grid].join(' · '));

    await page.getByTestId('report-photo').setInputFiles(samplePhoto([200, 60, 40], 'before.png'));
    await page.getByTestId('photo-thumb').first().waitFor();
    await pickOption(page, 'report-class', 'E0106');
    await page.getByTestId('report-description').fill('绿地内有垃圾杂物（e2e）');
    await page.getByTestId('report-submit').click();
    const done = page.getByTestId('report-done');
    await done.waitFor({ timeout: 20_000 });
    const caseId = (await done.getAttribute('data-case-id')) ?? '';
    const caseCode = (await done.getAttribute('data-case-code')) ?? '';

    // The success screen opens the case.
    await page.getByTestId('report-open-case').click();
    await page.waitForURL(new RegExp(`/m/case/${caseId}$`));
    await page.getByTestId('case-panel').and(page.locator(`[data-case-code="${caseCode}"]`)).waitFor();

    // 我的上报: the new report, waiting for acceptance, no unit yet.
    await page.getByTestId('inspector-tabs').getByText('我的上报').click();
    const mine = page.getByTestId('my-reports').locator(`[data-case-code="${caseCode}"]`);
    await mine.waitFor();
    await expect(mine.getAttribute('data-status')).resolves.toBe('reported');
    await expect(mine.getByTestId('my-report-unit').textContent()).resolves.toContain('尚未派遣');

    // The centre works the case: accepted, filed (the list sends 绿地脏乱 in 思明 to 思明区市政园林局), handled with an after-photo.
    const operator = await apiAs(h, 'operator');
    const lead = await apiAs(h, 'shiftlead');
    const read = async () => (await operator<{ case: { version: number; status: string; unit: { name: string } | null } }>('GET', `/api/v1/cases/${caseId}`)).case;
    await operator('POST', `/api/v1/cases/${caseId}/actions/accept`, { version: (await read()).version });
    await lead('POST', `/api/v1/cases/${caseId}/actions/file`, { version: (await read()).version });
    expect(await read()).toMatchObject({ status: 'dispatched', unit: { name: '思明区市政园林局' } });

    // Kept live: the list shows the unit and the expected time without a reload.
    await mine.getByTestId('my-report-unit').filter({ hasText: '思明区市政园林局' }).waitFor({ timeout: 45_000 });
    await expect(mine.getByTestId('my-report-unit').textContent()).resolves.toMatch(/预计 \d{4}-\d{2}-\d{2} \d{2}:\d{2} 前处置/);
    // Two earlier reports of the day, so the list reads as a working day in the screenshot.
    const me = await apiAs(h, 'inspector');
    for (const [categoryCode, description] of [['E0102', '路边成堆垃圾'], ['E2101', '共享单车堆放占道']])
      await me('POST', '/api/v1/reports', { source: 'inspector', lon: spot.lon + 0.002, lat: spot.lat + 0.001, categoryCode, description });
    await page.getByTestId('my-reports').locator('[data-case-code]').nth(2).waitFor({ timeout: 45_000 });
    await page.evaluate(() => (globalThis as unknown as { scrollTo(x: number, y: number): void }).scrollTo(0, 0));
    await screenshot(page, 'inspector-mine');

    const hd = await loginAs(h, 'handler');
    await hd.page.goto(`/cases/${caseId}`);
    await act(hd.page, 'handle', { note: '已清理绿地垃圾并清运', photo: [60, 170, 80] });
    await hd.context.close();
    await operator('POST', `/api/v1/cases/${caseId}/actions/send_verification`, { version: (await read()).version });

    // On site: the before-photo beside the handler's note and after-photo, both loaded.
    await page.getByTestId('inspector-tabs').getByText('核查任务').click();
    const task = page.getByTestId('inspector-tasks').locator(`[data-case-code="${caseCode}"]`);
    await task.waitFor({ timeout: 20_000 });
    await task.click();
    const compare = page.getByTestId('before-after');
    await compare.waitFor();
    await expect(compare.getByTestId('handler-note').textContent()).resolves.toContain('已清理绿地垃圾并清运');
    for (const side of ['before-photos', 'after-photos']) {
      const img = compare.getByTestId(side).locator('img').first();
      await img.waitFor();
      await page.waitForFunction((el) => { const i = el as unknown as { complete: boolean; naturalWidth: number }; return i.complete && i.naturalWidth > 0; }, await img.elementHandle());
    }
    const [before, after] = await Promise.all(['before-photos', 'after-photos'].map((s) => compare.getByTestId(s).locator('img').first().getAttribute('src')));
    expect(before).not.toBe(after);
    await waitForMap(page, 'case-map');
    await compare.scrollIntoViewIfNeeded();
    await screenshot(page, 'inspector-verify');
    await act(page, 'verify', { note: '现场已清理干净', photo: [60, 170, 80] });

    // Back in 我的上报 the case has moved on.
    await page.getByTestId('inspector-tabs').getByText('我的上报').click();
    await page.getByTestId('my-reports').locator(`[data-case-code="${caseCode}"][data-status="verifying"]`).waitFor({ timeout: 20_000 });
    await insp.context.close();
  }, 300_000);

  it('keeps the language toggle readable after a tap, and is a centred column on a desktop with a way back to the console', async () => {
    const phone = await loginAs(h, 'inspector', PHONE);
    const toggle = phone.page.getByTestId('lang-switch');
    await toggle.tap();
    await toggle.filter({ hasText: '中文' }).waitFor();
    const look = await toggle.evaluate((el) => {
      const s = (globalThis as unknown as { getComputedStyle(e: unknown): { color: string; backgroundColor: string } }).getComputedStyle(el);
      return { color: s.color, background: s.backgroundColor };
    });
    expect(look.color).toBe('rgb(255, 255, 255)');
    expect(look.background).not.toMatch(/^rgb\(255, 255, 255\)$/);
    await phone.page.getByTestId('inspector-tabs').getByText('My reports').waitFor();
    await phone.context.close();

    const desk = await loginAs(h, 'inspector', DESKTOP);
    await desk.page.waitForURL(/\/m/);
    const app = await desk.page.getByTestId('inspector-app').boundingBox();
    expect(app!.width).toBeLessThanOrEqual(480);
    expect(Math.abs(app!.x + app!.width / 2 - 720)).toBeLessThan(20);
    const tabs = await desk.page.getByTestId('inspector-tabs').boundingBox();
    expect(tabs!.width).toBeLessThanOrEqual(480);
    await desk.page.getByTestId('back-to-console').click();
    await desk.page.waitForURL(/\/cases$/);
    await desk.page.getByTestId('nav').waitFor();
    await desk.context.close();
  }, 180_000);
});
