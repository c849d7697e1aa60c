/**
 * The IoT console (/iot, issue 11 item 7) in a real browser: devices in a list with live status (the
 * one in alarm first) and on the map, a device's live chart, an alarm acknowledged from the alarm list,
 * and a rule edit refused with the member named. Readings go in through the gateway endpoint.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs, browserAvailable, loginAs, screenshot, startHarness, waitForMap, type Harness } from './harness.js';

const available = browserAvailable();

describe.skipIf(!available)('the IoT console', () => {
  let h: Harness;
  const ids = { noise: 'E2E-NOISE-1', tilt: 'E2E-TILT-1' };
  beforeAll(async () => {
    h = await startHarness();
    const admin = await apiAs(h, 'admin');
    const base = { model: 'E2E', ownerName: '湖滨南路项目部', contactName: '张工', contactPhone: '13800000001', lon: 118.0894, lat: 24.4798 };
    await admin('POST', '/api/v1/devices', { ...base, id: ids.noise, type: 'noise', serial: 'N1', name: '湖滨南路工地噪声监测', ownerKind: 'construction_site', ownerId: 'SITE-1' });
    await admin('POST', '/api/v1/devices', { ...base, id: ids.tilt, type: 'tilt', serial: 'T1', name: '湖滨南路广告牌倾角', ownerKind: 'ad_facility', ownerId: 'AD-1', baseline: { tilt: 0.8 } });
    const now = Date.now();
    const readings = [
      ...Array.from({ length: 30 }, (_, i) => ({ deviceId: ids.noise, ts: now - (30 - i) * 60_000, values: { laeq: 50 + (i % 7), lmax: 62 + (i % 5) } })),
      { deviceId: ids.tilt, ts: now - 60_000, values: { tilt: 0.9 } }, { deviceId: ids.tilt, ts: now, values: { tilt: 6.5 } },
    ];
    await admin('POST', '/api/v1/telemetry', { readings });
  }, 300_000);
  afterAll(async () => h?.close());

  it('lists devices with live status (in alarm first), shows a device’s live chart, acknowledges its alarm', async () => {
    const { context, page } = await loginAs(h, 'operator');
    await page.goto('/iot');
    await waitForMap(page, 'iot-map');
    const rows = page.getByTestId('iot-devices').locator('tbody tr');
    await expect.poll(() => rows.count()).toBe(2);
    await expect.poll(() => rows.first().innerText()).toContain('告警中');
    expect(await rows.first().innerText()).toContain('倾角 °');
    await rows.nth(1).click();
    const chart = page.getByTestId('iot-live-chart').locator('canvas');
    await chart.first().waitFor();
    await screenshot(page, 'iot-device-chart');
    await page.keyboard.press('Escape');

    await page.getByRole('tab', { name: '告警', exact: true }).click();
    const alarm = page.getByTestId('iot-alarms').locator('tbody tr').first();
    await expect.poll(() => alarm.innerText()).toContain('告警中·未确认');
    await alarm.getByTestId('alarm-acknowledge').click();
    await page.locator('.ant-modal textarea').fill('已电话联系业主，正在加固');
    await page.locator('.ant-modal .ant-btn-primary').click();
    await expect.poll(() => alarm.innerText()).toContain('告警中·已确认');
    await context.close();
  }, 180_000);

  it('an administrator’s rule edit that does not validate is refused, naming the member', async () => {
    const { context, page } = await loginAs(h, 'admin');
    await page.goto('/iot');
    await page.getByRole('tab', { name: '告警规则' }).click();
    const gas = page.getByTestId('iot-rules').locator('tbody tr', { hasText: 'gas.lel' });
    await gas.getByRole('button').click();
    const json = page.getByTestId('rule-json');
    const body = JSON.parse(await json.inputValue()) as { escalation: Array<{ afterMinutes: number }> };
    body.escalation = [{ ...body.escalation[0]!, afterMinutes: 10 }, { ...body.escalation[1]!, afterMinutes: 5 }];
    await json.fill(JSON.stringify(body, null, 2));
    await page.locator('.ant-modal .ant-btn-primary').click();
    await expect.poll(() => page.getByTestId('rule-error').innerText()).toContain('escalation[1].afterMinutes');
    await context.close();
  }, 180_000);
});
