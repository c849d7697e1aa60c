/**
 * The enforcement workspace in a real browser: the discretion calculator, the disclosure list, the
 * impound yard with its ageing and the head's figures, over penalty cases and impounds made through
 * the API on a manual clock (so the yard has old and new things). Screenshots for docs/enforcement.md.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/core/clock.js';
import { DAY_MS } from '../../src/core/time.js';
import { apiAs, browserAvailable, loginAs, samplePhoto, screenshot, startHarness, type Harness } from './harness.js';
import { modalWith, opened, pickOption } from './steps.js';

const available = browserAvailable();
type P = { id: string; version: number; penaltyCase?: P };

describe.skipIf(!available)('the enforcement workspace in the browser', () => {
  let h: Harness;
  let unpaid: P & { code?: string };
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
    // A summary penalty not yet paid: the officer takes its e-bike in through the console.
    const sp = (await e2<{ penaltyCase: P }>('POST', '/api/v1/penalty-cases/clues', { source: 'patrol', summary: '电动三轮车占道经营', address: '思明区中山路', lon: point.lon, lat: point.lat })).penaltyCase;
    unpaid = await step(e2, sp, 'summary', { violationCode: 'SR-001', party: { kind: 'org', name: '某水果店' }, fineFen: 200_000, facts: '店外占道经营' });
    await (async () => e3('POST', '/api/v1/impounds', { kind: 'dog', measure: 'seizure', reason: '未束犬链，经劝阻拒不改正', address: '思明区中山公园', lon: point.lon, lat: point.lat, photos: [photo], officerIds: officers, items: [{ name: '犬只（金毛）', quantity: 1, unit: '只', identifier: '芯片 900000000000001' }], yard: '思明区犬只留检所' }))();
  }, 600_000);
  afterAll(async () => h?.close());

  it('shows the calculator, the disclosure list, the yard with its ageing and the head’s figures', async () => {
    const { page, context } = await loginAs(h, 'leader');
    await page.goto('/enforcement');
    await page.getByTestId('enforcement-page').waitFor();

    await page.getByRole('tab', { name: '裁量计算器' }).click();
    await page.getByTestId('enf-calculator').waitFor();
    // pickOption checks that the select took the choice (a dropped option click left the form
    // without a violation: the calculation was refused inline and no result came).
    await pickOption(page, 'enf-violation', '未经批准擅自设置大型户外广告');
    expect(await page.getByTestId('enf-violation').innerText()).toContain('户外广告 · 未经批准擅自设置大型户外广告');
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

  it('takes an impound in from a penalty case’s detail, sees it in the yard with its age, and releases it once the fine is paid', async () => {
    const { page, context } = await loginAs(h, 'enforcer');
    await page.goto('/enforcement');
    await page.getByTestId('enforcement-page').waitFor();
    await page.getByPlaceholder('案号或当事人').fill('某水果店');
    await page.getByPlaceholder('案号或当事人').press('Enter');
    await page.locator('[data-testid="penalty-list"] tbody tr').filter({ hasText: '某水果店' }).first().click();
    const drawer = page.getByTestId('penalty-detail');
    await drawer.getByTestId('case-impounds').waitFor();
    await drawer.locator('[data-action="impound"]').click();
    const form = modalWith(page, 'impound-form');
    await opened(form);
    await form.getByTestId('impound-item-id').first().fill('车架号 E2E0001');
    await page.getByTestId('impound-photos').setInputFiles(samplePhoto([90, 90, 200], 'ebike.png'));
    await form.getByTestId('photo-thumb').first().waitFor();
    await form.getByTestId('impound-location').fill('C-07');
    await pickOption(page, 'impound-officers', '闽35020002', '.ant-modal', true);
    await form.locator('.ant-modal-title').click();
    await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)').waitFor({ state: 'hidden' }).catch(() => undefined);
    await form.getByTestId('impound-phone').fill('13800138000');
    await screenshot(page, 'enforcement-impound-form');
    await form.getByRole('button', { name: '登记并制作决定书' }).click();
    await form.waitFor({ state: 'hidden' });
    await drawer.getByTestId('case-impounds').getByText(/KY2026\d{6}/).waitFor();
    expect(await drawer.getByTestId('case-impounds').innerText()).toContain('电动自行车1辆');
    await page.keyboard.press('Escape');

    await page.getByRole('tab', { name: '暂扣物品' }).click();
    const row = page.locator('[data-testid="enf-yard"] tbody tr').filter({ hasText: 'E2E0001' });
    await row.waitFor();
    expect(await row.innerText()).toContain('0 天');
    expect(await row.innerText()).toContain('在库');

    // The fine is paid at the bank: the yard shows the e-bike ready for release; the officer releases and hands it over.
    const e = await apiAs(h, 'enforcer');
    const cur = (await e<{ penaltyCase: P }>('GET', `/api/v1/penalty-cases/${unpaid.id}`)).penaltyCase;
    await e('POST', `/api/v1/penalty-cases/${unpaid.id}/actions/pay`, { version: cur.version, amountFen: 200_000, receiptNo: 'BANK-1' });
    await h.server.ctx.bus.flush();
    await page.reload();
    await page.getByRole('tab', { name: '暂扣物品' }).click();
    await row.filter({ hasText: '已缴款待解除退还' }).waitFor();
    await screenshot(page, 'enforcement-yard-ready');
    await row.click();
    const detail = page.getByTestId('impound-detail');
    await detail.getByTestId('impound-ready').waitFor();
    expect(await detail.getByTestId('impound-ready').innerText()).toContain('138****8000');
    await detail.locator('[data-action="release"]').click();
    const rel = modalWith(page, 'impound-action-form');
    await opened(rel);
    expect(await rel.innerText()).toContain('罚款已缴纳');
    await rel.getByRole('button', { name: /提\s*交|Submit/ }).click();
    await rel.waitFor({ state: 'hidden' });
    await detail.locator('[data-action="return"]').click();
    const ret = modalWith(page, 'impound-action-form');
    await opened(ret);
    await ret.locator('#recipient').fill('李店主');
    await page.getByTestId('files-photos').setInputFiles(samplePhoto([60, 160, 60], 'signed.png'));
    await ret.getByTestId('photo-thumb').first().waitFor();
    await ret.getByRole('button', { name: /提\s*交|Submit/ }).click();
    await ret.waitFor({ state: 'hidden' });
    await detail.getByText(/已于 .* 退还 李店主/).waitFor();
    await context.close();
  }, 240_000);

  it('opens each role where its work is: the reviewer on the review queue, the officer issues a document from the case', async () => {
    const reviewer = await loginAs(h, 'legalreviewer');
    await reviewer.page.goto('/enforcement');
    await reviewer.page.getByTestId('enforcement-page').waitFor();
    await reviewer.page.locator('.ant-tabs-tab-active').filter({ hasText: '法制审核' }).first().waitFor();
    await reviewer.context.close();

    const { page, context } = await loginAs(h, 'enforcer');
    await page.goto('/enforcement');
    await page.getByTestId('enforcement-page').waitFor();
    await page.locator('.ant-tabs-tab-active').filter({ hasText: '处罚案件' }).first().waitFor();
    await page.locator('[data-testid="penalty-list"] tbody tr').filter({ hasText: '林小红' }).first().click();
    const drawer = page.getByTestId('penalty-detail');
    await drawer.getByTestId('penalty-documents').getByText('行政处罚决定书').waitFor();
    await drawer.locator('[data-doc="service_receipt"]').click();
    await drawer.getByTestId('penalty-documents').getByText('送达回证').waitFor();
    expect(await drawer.getByTestId('penalty-documents').innerText()).toMatch(/厦思城送〔\d{4}〕\d+号/);
    await screenshot(page, 'enforcement-case-documents');
    await context.close();
  }, 180_000);
});
