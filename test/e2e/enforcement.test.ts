/**
 * The enforcement workspace in a real browser: the discretion calculator, the disclosure list, the
 * impound yard with its ageing and the head's figures, over penalty cases and impounds made through
 * the API on a manual clock (so the yard has old and new things). Screenshots for docs/enforcement.md.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/core/clock.js';
import { DAY_MS } from '../../src/core/time.js';
import { apiAs, browserAvailable, loginAs, samplePhoto, screenshot, startHarness, type Harness } from './harness.js';

const available = browserAvailable();
type P = { id: string; version: number; penaltyCase?: P };

describe.skipIf(!available)('the enforcement workspace in the browser', () => {
  let h: Harness;
  const start = Date.now() - 20 * DAY_MS;
  const clock = new ManualClock(start);

  beforeAll(async () => {
    h = await startHarness({}, { clock });
    const ctx = h.server.ctx;
    const enforcer = await apiAs(h, 'enforcer');
    const leader = await apiAs(h, 'leader');
    const uid = async (u: string) => (await ctx.auth.findByUsername(u))!.id;
    const officers = [await uid('enforcer'), await uid('enforcer2')];
    const photo = (await ctx.files.saveBuffer(samplePhoto().buffer, { uploadedBy: officers[0]! })).sha256;
    const point = (await ctx.geo.listGrids({ limit: 1, districtCode: '350203' }))[0]!.label;
    const step = async (who: typeof enforcer, p: P, action: string, body: Record<string, unknown> = {}) =>
      (await who<{ penaltyCase: P }>('POST', `/api/v1/penalty-cases/${p.id}/actions/${action}`, { version: p.version, ...body })).penaltyCase;
    const clue = async (summary: string) => (await enforcer<{ penaltyCase: P }>('POST', '/api/v1/penalty-cases/clues', { source: 'patrol', summary, address: '思明区中山路', lon: point.lon, lat: point.lat, evidence: [photo] })).penaltyCase;
    const impound = (body: Record<string, unknown>) => enforcer('POST', '/api/v1/impounds', {
      measure: 'seizure', reason: '违法行为的工具，依法扣押', address: '思明区中山路', lon: point.lon, lat: point.lat, photos: [photo], officerIds: officers, ...body,
    });

    // Two general cases to a published decision, two summary penalties, an old and a new lot in the yards.
    const general: P[] = [];
    for (const [name, id, area] of [['陈大明', '350203198507154321', 30], ['林小红', '350203199203036789', 8]] as const) {
      let p = await clue(`擅自设置户外广告牌约${area}平方米`);
      p = await step(leader, p, 'file', { violationCode: 'GG-001', party: { kind: 'person', name, idNumber: id, phone: '13900001111' }, officerIds: officers, opinion: '同意立案', occurredAt: new Date(start - 2 * DAY_MS).toISOString() });
      p = await step(enforcer, p, 'record_evidence', { kind: 'inspection', note: '现场检查', files: [photo], officerIds: officers });
      p = await step(enforcer, p, 'finish_investigation', { summary: '事实清楚' });
      p = await step(enforcer, p, 'propose', { facts: { areaM2: area, firstTime: true } });
      p = await step(enforcer, p, 'notify');
      general.push(p);
    }
    await impound({ kind: 'vehicle', party: { kind: 'person', name: '王五' }, items: [{ name: '电动自行车', quantity: 1, unit: '辆', identifier: '车架号 LX2026A0001' }], yard: '思明区电动车暂扣场', location: 'A-12' });
    await impound({ kind: 'goods', party: { kind: 'person', name: '赵六' }, items: [{ name: '占道经营桌椅', quantity: 6, unit: '套' }, { name: '遮阳伞', quantity: 2, unit: '把' }], yard: '思明区物品仓库' });
    clock.set(start + 12 * DAY_MS);
    const e2 = await apiAs(h, 'enforcer');
    const l2 = await apiAs(h, 'leader');
    for (let p of general) {
      p = await step(e2, p, 'submit');
      p = await step(l2, p, 'decide', { outcome: 'penalty' });
      p = await (async () => (await e2<{ penaltyCase: P }>('POST', `/api/v1/penalty-cases/${p.id}/documents`, { kind: 'decision' })).penaltyCase)();
      await step(e2, p, 'publish');
    }
    for (const [name, fen] of [['李四', 5_000], ['张三', 10_000]] as const) {
      const p = await (async () => (await e2<{ penaltyCase: P }>('POST', '/api/v1/penalty-cases/clues', { source: 'patrol', summary: '占道经营', address: '思明区中山路', lon: point.lon, lat: point.lat })).penaltyCase)();
      await step(e2, p, 'summary', { violationCode: 'SR-001', party: { kind: 'person', name }, fineFen: fen, facts: '占道经营', paidOnSpot: true, receiptNo: `R-${name}` });
    }
    const e3 = e2;
    await (async () => e3('POST', '/api/v1/impounds', { kind: 'vehicle', measure: 'seizure', reason: '违规停放，经责令拒不驶离', address: '思明区中山路', lon: point.lon, lat: point.lat, photos: [photo], officerIds: officers, party: { kind: 'person', name: '孙七' }, items: [{ name: '电动自行车', quantity: 1, unit: '辆', identifier: '车架号 LX2026B0042' }], yard: '思明区电动车暂扣场', location: 'B-03' }))();
    await (async () => e3('POST', '/api/v1/impounds', { kind: 'dog', measure: 'seizure', reason: '未束犬链，经劝阻拒不改正', address: '思明区中山公园', lon: point.lon, lat: point.lat, photos: [photo], officerIds: officers, items: [{ name: '犬只（金毛）', quantity: 1, unit: '只', identifier: '芯片 900000000000001' }], yard: '思明区犬只留检所' }))();
  }, 600_000);
  afterAll(async () => h?.close());

  it('shows the calculator, the disclosure list, the yard with its ageing and the head’s figures', async () => {
    const { page, context } = await loginAs(h, 'leader');
    await page.goto('/enforcement');
    await page.getByTestId('enforcement-page').waitFor();

    await page.getByRole('tab', { name: '裁量计算器' }).click();
    await page.getByTestId('enf-calculator').waitFor();
    await page.locator('[data-testid="enf-calculator"] .ant-select').first().click();
    await page.getByTitle(/户外广告 · 未经批准擅自设置大型户外广告/).click();
    await page.locator('#areaM2').fill('30');
    await page.getByTestId('enf-calc').click();
    await page.getByTestId('enf-calc-result').waitFor();
    expect(await page.getByTestId('enf-calc-result').innerText()).toContain('¥6,000');
    await screenshot(page, 'enforcement-calculator');

    await page.getByRole('tab', { name: '执法公示' }).click();
    await page.locator('[data-testid="enf-disclosures"] tbody tr').nth(1).waitFor();
    const disclosed = await page.getByTestId('enf-disclosures').innerText();
    expect(disclosed).toContain('陈**');
    expect(disclosed).not.toContain('350203198507154321');
    await screenshot(page, 'enforcement-disclosure');

    await page.getByRole('tab', { name: '暂扣物品' }).click();
    await page.getByTestId('enf-yard').waitFor();
    await page.getByText('LX2026A0001').first().waitFor();
    const yard = await page.getByTestId('enf-yard').innerText();
    expect(yard).toContain('思明区电动车暂扣场');
    expect(yard).toContain('12 天');
    await screenshot(page, 'enforcement-yard');
    await page.getByText('LX2026A0001').first().click();
    await page.getByTestId('impound-detail').getByText('财物清单').waitFor();
    await screenshot(page, 'enforcement-impound');
    await page.keyboard.press('Escape');

    await page.getByRole('tab', { name: '执法看板' }).click();
    await page.getByTestId('enf-figures').getByText('思明区').first().waitFor();
    await screenshot(page, 'enforcement-figures');
    await context.close();
  }, 180_000);
});
