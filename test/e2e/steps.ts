/** Small browser steps the e2e tests share: pick from an Ant Design select, take a case action. */
import type { Locator, Page } from 'playwright-core';
import { samplePhoto } from './harness.js';

/** Opens a searchable select by its test id, types, and picks the first option containing `text`. */
export async function pickOption(page: Page, testId: string, text: string, scope?: string, multiple = false): Promise<void> {
  const root = page.locator(`${scope ? scope + ' ' : ''}[data-testid="${testId}"]`).first();
  // Under load an antd dropdown sometimes drops the click on its option: check the choice took, and retry.
  // A select that depends on another (a street on its district) stays disabled until the form has
  // re-rendered: a click on it then opens nothing, and the typed text goes nowhere.
  for (let i = 0; i < 100 && ((await root.getAttribute('class')) ?? '').includes('ant-select-disabled'); i++) await page.waitForTimeout(100);
  for (let attempt = 1; ; attempt++) {
    await root.click();
    await page.keyboard.type(text);
    const option = page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option').filter({ hasText: text }).first();
    const shown = await option.waitFor({ timeout: 15_000 }).then(() => true, (e: unknown) => {
      if (attempt >= 3) throw e;
      return false;
    });
    if (!shown) {
      // The dropdown never showed the option (opened before its options loaded, or not at all): close it and start again.
      await page.keyboard.press('Escape');
      continue;
    }
    await option.click();
    if (!multiple) await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)').waitFor({ state: 'hidden' }).catch(() => undefined);
    let took = false;
    for (let i = 0; i < 15 && !took; i++) {
      took = ((await root.textContent()) ?? '').includes(text);
      if (!took) await page.waitForTimeout(200);
    }
    if (took || attempt >= 3) return;
  }
}

export interface ActOptions {
  note?: string;
  reason?: string;
  photo?: [number, number, number];
  passed?: boolean;
  unitText?: string;
  hours?: number;
  /** Leave the confirmation with "next case" instead of "stay on this case". */
  next?: boolean;
}

/** The confirmation an action shows: which case, its new status, who has it now. */
export interface ActResult {
  title: string;
  code: string;
  status: string;
  holder: string;
}

/** How long an action's form may take to show its outcome. */
const OUTCOME_MS = 60_000;

/** What the open modals show, for a failure message: their text, a pending submit, field errors, the page. */
async function modalState(page: Page): Promise<string> {
  try {
    const texts = (await page.locator('.ant-modal').allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim().slice(0, 300));
    const pending = await page.locator('[data-testid="action-submit"].ant-btn-loading').count();
    const fieldErrors = await page.locator('.ant-modal .ant-form-item-explain-error').allTextContents();
    return `${texts.length} modal(s) [${texts.join(' | ')}], submit pending: ${pending}, field errors: ${JSON.stringify(fieldErrors)}, page ${new URL(page.url()).pathname}`;
  } catch (e) {
    return `(page state unreadable: ${String(e)})`;
  }
}

/**
 * Clicks an action button, fills its form and sends it; fails with the server's message if refused.
 * Reads the confirmation (case code, new status, who has it now) and leaves it by "stay" or "next".
 */
export async function act(page: Page, action: string, o: ActOptions = {}): Promise<ActResult> {
  const button = page.locator(`[data-action="${action}"]`).first();
  await button.waitFor({ timeout: 20_000 });
  await button.click();
  const modal = page.locator('.ant-modal').last();
  await opened(modal);
  if (o.unitText) {
    // The ranked candidates first (with their reasons); the search over every unit only when it is not among them.
    await modal.getByTestId('unit-candidates').waitFor();
    const candidate = modal.getByTestId('unit-candidate').filter({ hasText: o.unitText });
    if (await candidate.count()) await candidate.first().click();
    else {
      await modal.getByTestId('unit-other').click();
      await pickOption(page, 'unit-select', o.unitText, '.ant-modal');
    }
  }
  if (o.passed === false) await modal.getByText('不通过').click();
  if (o.hours !== undefined) await modal.getByTestId('field-hours').locator('input').fill(String(o.hours));
  if (o.reason !== undefined) await modal.getByTestId('field-reason').fill(o.reason);
  if (o.note !== undefined) await modal.getByTestId('field-note').fill(o.note);
  if (o.photo) {
    await modal.getByTestId('action-photos').setInputFiles(samplePhoto(o.photo, `${action}.png`));
    await modal.getByTestId('photo-thumb').first().waitFor();
  }
  await modal.getByTestId('action-submit').click();
  const error = modal.getByTestId('action-error');
  const feedback = modal.getByTestId('action-feedback');
  // The question is whether a confirmation or a refusal shows, not how fast: on a busy CI machine the
  // request can take long (the test's own timeout bounds it). If neither shows, say what the form shows.
  const confirmed = feedback.waitFor({ timeout: OUTCOME_MS }).then(() => null);
  const refused = error.waitFor({ timeout: OUTCOME_MS }).then(async () => (await error.textContent()) ?? 'refused');
  const outcome = await Promise.race([confirmed, refused]).catch(async (e: unknown) => {
    throw new Error(`${action}: neither a confirmation nor a refusal within ${OUTCOME_MS / 1000} s; ${await modalState(page)}`, { cause: e });
  });
  if (outcome) throw new Error(`${action} refused: ${outcome}`);
  const result: ActResult = {
    title: (await feedback.getByTestId('feedback-title').textContent()) ?? '',
    code: (await feedback.getByTestId('feedback-code').textContent()) ?? '',
    status: (await feedback.getAttribute('data-status')) ?? '',
    holder: (await feedback.getByTestId('feedback-holder').textContent()) ?? '',
  };
  await modal.getByTestId(o.next ? 'feedback-next' : 'feedback-stay').click();
  await modal.waitFor({ state: 'hidden', timeout: 20_000 });
  return result;
}

/**
 * Waits until an Ant Design modal is shown and its opening animation (`ant-zoom-appear…`) has ended.
 * A click while it still scales can land beside the moving button: CI saw a submit that did nothing
 * (no request, no error) with the modal left open.
 */
export async function opened(modal: Locator): Promise<void> {
  await modal.waitFor();
  for (let i = 0; i < 100; i++) {
    const classes = ((await modal.getAttribute('class')) ?? '').split(/\s+/);
    if (!classes.some((c) => /-(appear|enter)(-|$)/.test(c))) return;
    await modal.page().waitForTimeout(50);
  }
}

/** The open Ant Design modal that holds the form with this test id. */
export function modalWith(page: Page, formTestId: string) {
  return page.locator('.ant-modal').filter({ has: page.getByTestId(formTestId) });
}

/** Zooms a MapLibre map on the page in on a place and clicks there (a case point there gets the click). */
export async function clickMapAt(page: Page, mapTestId: string, lon: number, lat: number, zoom = 17): Promise<void> {
  const xy = await page.evaluate(
    ({ id, lon, lat, zoom }) => {
      const m = (globalThis as unknown as { __cityloopMaps: Record<string, { jumpTo(o: object): void; project(p: [number, number]): { x: number; y: number } }> }).__cityloopMaps[id]!;
      m.jumpTo({ center: [lon, lat], zoom });
      const p = m.project([lon, lat]);
      return { x: p.x, y: p.y };
    },
    { id: mapTestId, lon, lat, zoom },
  );
  await page.waitForFunction((id) => {
    const m = (globalThis as unknown as { __cityloopMaps: Record<string, { loaded(): boolean; areTilesLoaded(): boolean }> }).__cityloopMaps[id]!;
    return m.loaded() && m.areTilesLoaded();
  }, mapTestId);
  await page.getByTestId(mapTestId).scrollIntoViewIfNeeded();
  const box = await page.getByTestId(mapTestId).boundingBox();
  if (!box) throw new Error(`map ${mapTestId} is not on screen`);
  await page.mouse.click(box.x + xy.x, box.y + xy.y);
}

/** Picks from a searchable select by typing and pressing Enter on the first match (no click on a moving dropdown). */
export async function searchAndPick(page: Page, testId: string, text: string, scope?: string): Promise<void> {
  const root = page.locator(`${scope ? scope + ' ' : ''}[data-testid="${testId}"]`).first();
  await root.click();
  await page.keyboard.type(text);
  await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option-active').filter({ hasText: text }).first().waitFor({ timeout: 15_000 });
  await page.keyboard.press('Enter');
  // Several dropdowns may be animating out at once on a loaded machine: wait until none is left open.
  await page.waitForFunction(() => (globalThis as unknown as { document: { querySelectorAll(s: string): { length: number } } }).document.querySelectorAll('.ant-select-dropdown:not(.ant-select-dropdown-hidden)').length === 0, null, { timeout: 15_000 });
}
