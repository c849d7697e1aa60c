/**
 * The citizen app (随手拍) in a phone-sized browser (390×844), no login: an anonymous report with a
 * photo and the phone's position, the likely duplicate nearby and "me too" from a second phone, the
 * case followed by its code as staff move it, the after-photo, and an unsatisfied rating that sends
 * the case back for the shift lead's review. The admin's 公众渠道 tab too. Screenshots for the docs.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DESKTOP, PHONE, apiAs, browserAvailable, loginAs, samplePhoto, screenshot, startHarness, type Harness } from './harness.js';
import { pickOption } from './steps.js';

const available = browserAvailable();

describe.skipIf(!available)('the citizen app on a phone', () => {
  let h: Harness;
  let spot: { lon: number; lat: number };

  beforeAll(async () => {
    h = await startHarness();
    const admin = await apiAs(h, 'admin');
    const { items } = await admin<{ items: Array<{ label: { lon: number; lat: number } }> }>('GET', '/api/v1/geo/communities?districtCode=350203');
    spot = items[3]!.label;
  }, 600_000);

  afterAll(async () => {
    await h?.close();
  });

  it('reports anonymously, follows the case by its code, and rates it', async () => {
    const ctx = await h.browser.newContext({ baseURL: h.url, ...PHONE, geolocation: { longitude: spot.lon, latitude: spot.lat }, permissions: ['geolocation'] });
    const page = await ctx.newPage();
    page.on('pageerror', (e) => process.stderr.write(`[e2e:citizen] page error: ${e.message}\n`));
    await page.goto('/r');
    await page.getByTestId('citizen-app').waitFor();
    expect(new URL(page.url()).pathname).toBe('/r');
    await page.getByTestId('cit-position').filter({ hasText: /\d+\.\d{5}/ }).waitFor({ timeout: 20_000 });
    await page.getByTestId('cit-photo').setInputFiles(samplePhoto([40, 160, 60], 'rubbish.png'));
    await page.locator('[data-testid="citizen-app"] .ant-image').first().waitFor();
    await pickOption(page, 'cit-type', '路边有垃圾');
    await page.getByTestId('cit-description').fill('公交站旁边堆了一堆装修垃圾，好几天没人清');
    await screenshot(page, 'citizen-report');
    await page.getByTestId('cit-submit').click();
    await page.getByTestId('cit-follow').waitFor({ timeout: 30_000 });
    const followCode = (await page.getByTestId('cit-follow-code').textContent())!.trim();
    expect(followCode).toMatch(/^[2-9A-HJ-NP-Z]{10}$/);
    await expect(page.getByTestId('cit-status').textContent()).resolves.toBe('已收到，等待受理');
    await screenshot(page, 'citizen-follow');

    // A second phone at the same place sees it as a likely duplicate and says "me too".
    const other = await h.browser.newContext({ baseURL: h.url, ...PHONE, geolocation: { longitude: spot.lon + 0.0005, latitude: spot.lat }, permissions: ['geolocation'] });
    const p2 = await other.newPage();
    await p2.goto('/r');
    await p2.getByTestId('cit-position').filter({ hasText: /\d+\.\d{5}/ }).waitFor({ timeout: 20_000 });
    await pickOption(p2, 'cit-type', '路边有垃圾');
    await p2.getByTestId('cit-nearby').waitFor({ timeout: 20_000 });
    await screenshot(p2, 'citizen-nearby');
    await p2.getByTestId('cit-metoo').first().click();
    await p2.getByTestId('cit-follow').waitFor({ timeout: 30_000 });
    await expect(p2.getByTestId('cit-follow-code').textContent()).resolves.not.toBe(followCode);
    await other.close();

    // Staff move the case; the reporter's page shows the unit, then the result with the after-photo.
    const api = {
      operator: await apiAs(h, 'operator'), inspector: await apiAs(h, 'inspector'), shiftlead: await apiAs(h, 'shiftlead'),
      dispatcher: await apiAs(h, 'dispatcher'), handler: await apiAs(h, 'handler'),
    };
    const view = await (await fetch(`${h.url}/api/v1/public/follow/${followCode}`)).json() as { code: string };
    const found = await api.operator<{ items: Array<{ id: string; version: number }> }>('GET', `/api/v1/cases?q=${view.code}`);
    let c = found.items[0]!;
    const act = async (who: keyof typeof api, action: string, body: Record<string, unknown> = {}) => {
      c = (await api[who]<{ case: { id: string; version: number } }>('POST', `/api/v1/cases/${c.id}/actions/${action}`, { ...body, version: c.version })).case;
    };
    await act('operator', 'request_check');
    await act('inspector', 'check', { confirmed: true });
    await act('operator', 'accept');
    await act('shiftlead', 'file');
    const detail = await api.operator<{ case: { status: string; unit: { id: string } | null } }>('GET', `/api/v1/cases/${c.id}`);
    if (detail.case.status === 'filed') {
      const units = await api.dispatcher<{ items: Array<{ id: string; name: string }> }>('GET', '/api/v1/catalog/units');
      const handlerUnit = units.items.find((u) => u.name === '思明区市政园林局')!;
      await act('dispatcher', 'dispatch', { unitId: handlerUnit.id });
    } else if (detail.case.unit) {
      const units = await api.dispatcher<{ items: Array<{ id: string; name: string }> }>('GET', '/api/v1/catalog/units');
      const handlerUnit = units.items.find((u) => u.name === '思明区市政园林局')!;
      if (detail.case.unit.id !== handlerUnit.id) await act('dispatcher', 'reassign', { unitId: handlerUnit.id, reason: '属地处置' });
    }
    await page.reload();
    await page.getByTestId('cit-unit').waitFor();
    await expect(page.getByTestId('cit-status').textContent()).resolves.toBe('责任单位正在处理');
    const photo = await fetch(`${h.url}/api/v1/files`, { method: 'POST', headers: { authorization: (await loginToken(h, 'handler')) }, body: formWith(samplePhoto([120, 120, 120], 'after.png')) });
    const after = ((await photo.json()) as { sha256: string }).sha256;
    await act('handler', 'handle', { note: '已清运', photos: [after] });
    await act('operator', 'send_verification');
    await act('inspector', 'verify', { passed: true, photos: [after] });
    await act('shiftlead', 'close');
    await page.reload();
    await page.getByTestId('cit-after').waitFor();
    await expect(page.getByTestId('cit-status').textContent()).resolves.toBe('已办结');
    const img = page.locator('[data-testid="cit-after"] img').first();
    await expect(img.evaluate((el) => (el as unknown as { naturalWidth: number }).naturalWidth)).resolves.toBeGreaterThan(0);

    // Not satisfied: the case goes back to the shift lead for review.
    await page.getByTestId('cit-rate').waitFor();
    await page.locator('[data-testid="cit-rating"] label').filter({ hasText: '不满意' }).click();
    await page.getByTestId('cit-comment').fill('站台边还有一袋没清走');
    await screenshot(page, 'citizen-rate');
    await page.getByTestId('cit-rate-submit').click();
    await page.getByTestId('cit-rated').waitFor();
    await expect(page.getByTestId('cit-follow').getAttribute('data-status')).resolves.toBe('open');
    const reviewed = await api.shiftlead<{ case: { status: string; phase: string }; actions: string[] }>('GET', `/api/v1/cases/${c.id}`);
    expect(reviewed.case).toMatchObject({ status: 'verifying', phase: 'reopen_review' });
    expect(reviewed.actions).toEqual(expect.arrayContaining(['reopen', 'refuse_reopen']));
    await ctx.close();
  }, 600_000);

  it('lets the admin open classes to the public and issue an API key shown once', async () => {
    const { context, page } = await loginAs(h, 'admin', DESKTOP);
    await page.goto('/admin');
    await page.getByTestId('tab-public').click();
    await page.getByTestId('services-table').waitFor();
    await expect(page.getByTestId('services-table').textContent()).resolves.toContain('路边有垃圾');
    await page.getByTestId('new-key').click();
    await page.getByTestId('key-name').fill('鹭岛随手拍 App');
    await page.getByTestId('key-save').click();
    const key = (await page.getByTestId('issued-key').textContent())!.trim();
    expect(key).toMatch(/^cl_/);
    // The list shows the new key once it has been read again.
    await page.getByTestId('keys-table').getByText('鹭岛随手拍 App').waitFor();
    await screenshot(page, 'admin-public');
    const posted = await fetch(`${h.url}/open311/v2/requests.json`, {
      method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ api_key: key, service_code: 'E0201', lat: String(spot.lat), long: String(spot.lon), description: '墙上小广告' }).toString(),
    });
    expect(posted.status).toBe(201);
    await context.close();
  }, 300_000);
});

async function loginToken(h: Harness, username: string): Promise<string> {
  const res = await fetch(`${h.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: 'demo1234' }) });
  return `Bearer ${((await res.json()) as { token: string }).token}`;
}

function formWith(f: { name: string; mimeType: string; buffer: Buffer }): FormData {
  const form = new FormData();
  form.append('file', new Blob([f.buffer], { type: f.mimeType }), f.name);
  return form;
}
