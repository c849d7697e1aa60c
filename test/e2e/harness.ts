/** Browser tests' harness: the real server on a temp data dir with the demo city, the built console,
 * and the system Chromium driven by playwright-core. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';
import { loadConfig } from '../../src/core/config.js';
import { startServer, type RunningServer } from '../../src/serve.js';
import type { ContextOptions } from '../../src/app.js';

export const CHROMIUM = process.env.CITYLOOP_CHROMIUM ?? '/usr/bin/chromium';
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const SCREENSHOTS = path.join(ROOT, 'docs', 'screenshots');

/** True when the browser is there. Without it the suite skips with a message, except under CI=true. */
export function browserAvailable(): boolean {
  if (fs.existsSync(CHROMIUM)) return true;
  if (process.env.CI === 'true') throw new Error(`Chromium not found at ${CHROMIUM}: CI must run the browser tests (apt-get install -y chromium)`);
  process.stderr.write(`[e2e] skipped: no Chromium at ${CHROMIUM} (apt-get install -y chromium, or set CITYLOOP_CHROMIUM)\n`);
  return false;
}

function newestMtime(p: string): number {
  const st = fs.statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const e of fs.readdirSync(p)) newest = Math.max(newest, newestMtime(path.join(p, e)));
  return newest;
}

/** The built console is newer than every source of it. */
function consoleIsFresh(): boolean {
  const index = path.join(ROOT, 'web', 'dist', 'index.html');
  if (!fs.existsSync(index)) return false;
  const sources = ['web/src', 'web/public', 'web/index.html', 'web/vite.config.ts'].map((p) => newestMtime(path.join(ROOT, p)));
  return fs.statSync(index).mtimeMs > Math.max(...sources);
}

/**
 * Builds the console into web/dist (what the server serves) unless it is already newer than its
 * sources. Test files run in parallel workers: a lock directory lets one build while the others wait.
 */
export async function buildConsole(): Promise<void> {
  if (process.env.CITYLOOP_E2E_SKIP_BUILD === '1') return;
  const lock = path.join(ROOT, 'web', '.build-lock');
  for (;;) {
    try {
      fs.mkdirSync(lock);
      break;
    } catch {
      // A lock left by a killed run is stale after five minutes.
      if (Date.now() - (fs.statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now()) > 300_000) fs.rmSync(lock, { recursive: true, force: true });
      await new Promise((r) => setTimeout(r, 500));
    }
  }
  try {
    if (consoleIsFresh()) return;
    // NODE_ENV is 'test' under Vitest: build the production bundle the server really serves.
    execFileSync(path.join(ROOT, 'node_modules', '.bin', 'vite'), ['build', '--config', 'web/vite.config.ts', '--logLevel', 'warn'], {
      cwd: ROOT,
      stdio: 'inherit',
      env: { ...process.env, NODE_ENV: 'production' },
    });
  } finally {
    fs.rmSync(lock, { recursive: true, force: true });
  }
}

export interface Harness {
  server: RunningServer;
  url: string;
  browser: Browser;
  dataDir: string;
  close(): Promise<void>;
}

export async function startHarness(env: Record<string, string> = {}, opts: ContextOptions = {}): Promise<Harness> {
  await buildConsole();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cityloop-e2e-'));
  const config = loadConfig({
    CITYLOOP_DATA_DIR: dataDir,
    PORT: '0',
    MQTT_PORT: '0',
    HOST: '127.0.0.1',
    CITYLOOP_DEMO: 'true',
    CITYLOOP_TIMERS: 'false',
    LOG_LEVEL: 'warn',
    ...env,
  });
  const server = await startServer(config, opts);
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  return {
    server,
    url: server.url.replace('localhost', '127.0.0.1'),
    browser,
    dataDir,
    async close() {
      await browser.close().catch(() => undefined);
      await server.stop().catch(() => undefined);
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export const DESKTOP: BrowserContextOptions = { viewport: { width: 1440, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' };
export const PHONE: BrowserContextOptions = {
  viewport: { width: 390, height: 844 },
  deviceScaleFactor: 2,
  isMobile: true,
  hasTouch: true,
  locale: 'zh-CN',
  timezoneId: 'Asia/Shanghai',
};

/** A fresh browser context (own cookies) logged in as this demo user, on its home page. */
export async function loginAs(h: Harness, username: string, opts: BrowserContextOptions = DESKTOP): Promise<{ context: BrowserContext; page: Page }> {
  const context = await h.browser.newContext({ baseURL: h.url, ...opts });
  const page = await context.newPage();
  page.on('pageerror', (e) => process.stderr.write(`[e2e:${username}] page error: ${e.message}\n`));
  await page.goto('/login');
  await page.locator('input[name="username"], #username').first().fill(username);
  await page.locator('input[type="password"]').first().fill('demo1234');
  await page.getByTestId('login-submit').click();
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
  return { context, page };
}

export async function screenshot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`) });
}

/** Waits until a MapLibre map on the page has loaded its style and sources. */
export async function waitForMap(page: Page, testId: string): Promise<void> {
  await page.locator(`[data-testid="${testId}"][data-ready="true"]`).waitFor({ timeout: 30_000 });
  await page.waitForFunction((id) => {
    const maps = (globalThis as unknown as { __cityloopMaps?: Record<string, { loaded(): boolean; areTilesLoaded(): boolean }> }).__cityloopMaps;
    const m = maps?.[id];
    return !!m && m.loaded() && m.areTilesLoaded();
  }, testId, { timeout: 30_000 });
}

/** A real PNG photo (the server checks content by magic bytes): a street scene in flat colours, with a
 * coloured "problem" block so before and after photos differ. */
export function samplePhoto(problem: [number, number, number] = [200, 60, 40], name = 'photo.png'): { name: string; mimeType: string; buffer: Buffer } {
  const w = 160;
  const h = 120;
  const raw = Buffer.alloc((w * 3 + 1) * h);
  for (let y = 0; y < h; y++) {
    const row = y * (w * 3 + 1);
    raw[row] = 0;
    for (let x = 0; x < w; x++) {
      let rgb: [number, number, number] = y < 50 ? [150, 190, 230] : y < 60 ? [120, 160, 110] : [110, 110, 115];
      if (y >= 60 && Math.abs(y - 90) < 2 && x % 20 < 10) rgb = [240, 240, 240];
      if (x > 60 && x < 100 && y > 70 && y < 105) rgb = problem;
      raw.set(rgb, row + 1 + x * 3);
    }
  }
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (buf: Buffer) => {
    let c = 0xffffffff;
    for (const b of buf) c = crcTable[(c ^ b) & 0xff]! ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const c = Buffer.alloc(4);
    c.writeUInt32BE(crc(td));
    return Buffer.concat([len, td, c]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', zlib.deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
  return { name, mimeType: 'image/png', buffer: png };
}

/** Calls the API as a demo user (for facts the test checks, never for the steps it proves in the browser). */
export async function apiAs(h: Harness, username: string): Promise<<T>(method: string, path: string, body?: unknown) => Promise<T>> {
  const res = await fetch(`${h.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: 'demo1234' }) });
  if (!res.ok) throw new Error(`login ${username}: ${res.status} ${await res.text()}`);
  const { token } = (await res.json()) as { token: string };
  return async <T>(method: string, p: string, body?: unknown): Promise<T> => {
    const r = await fetch(`${h.url}${p}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await r.text();
    if (!r.ok) throw new Error(`${method} ${p}: ${r.status} ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  };
}
