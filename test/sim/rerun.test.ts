import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { describe } from 'vitest';
import { runCli } from '../helpers/cli.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cityloop-rerun-'));
const env = { CITYLOOP_DATA_DIR: dir, CITYLOOP_DEMO: 'true', CITYLOOP_DEMO_HISTORY_DAYS: '2' };
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** The first simulated day of a report ("模拟 2026-03-02 至 …"). */
const firstDay = (text: string) => /模拟 (\d{4}-\d{2}-\d{2}) 至 (\d{4}-\d{2}-\d{2})/.exec(text);

describe('cityloop simulate on the store the demo start made', () => {
  it('runs twice in a row, the second run continuing the day after the first ended', async () => {
    const seeded = await runCli(['seed'], env);
    expect(seeded.stderr).toBe('');
    expect(seeded.code).toBe(0);

    const first = await runCli(['simulate', '--days', '1', '--per-day', '40'], env);
    expect(first.stderr).not.toMatch(/USERNAME_TAKEN|Error/);
    expect(first.code).toBe(0);
    const second = await runCli(['simulate', '--days', '2', '--per-day', '40', '--json'], env);
    expect(second.code).toBe(0);
    const a = firstDay(first.stdout);
    expect(a).not.toBeNull();
    const json = JSON.parse(second.stdout) as { from: number; to: number; reports: number; outcomes: Record<string, number>; errors: Record<string, number> };
    // The second run starts where the first ended: the day after the first run's last day.
    expect(new Date(json.from + 8 * 3600_000).toISOString().slice(0, 10) > a![2]!).toBe(true);
    expect(json.to - json.from).toBe(2 * 24 * 3600_000);
    expect(json.reports).toBeGreaterThan(20);
    // The cases the first run left open carry on in the second.
    expect(json.outcomes.resumed).toBeGreaterThan(0);

    const verified = await runCli(['verify', '--json'], env);
    expect(verified.code).toBe(0);
    expect(JSON.parse(verified.stdout)).toMatchObject({ ok: true, broken: [] });
  }, 600_000);

  it('feeds the store live, stamped with the real clock, and leaves the replays’ place alone', async () => {
    const before = Date.now();
    const live = await runCli(['simulate', '--live', '--speed', '100000', '--days', '1', '--per-day', '20', '--json'], env);
    expect(live.code, live.stderr).toBe(0);
    const json = JSON.parse(live.stdout) as { from: number; to: number; reports: number };
    expect(json.from).toBeGreaterThanOrEqual(before);
    expect(json.from).toBeLessThanOrEqual(Date.now());
    expect(json.reports).toBeGreaterThan(0);
    expect(live.stderr).toContain('simulate live');
  }, 300_000);
});
