/**
 * Backup while the platform writes, restore elsewhere, every chain verified (issue 17 item 3). The
 * backup runs as its own process (`cityloop backup`) while this process drives cases through the
 * real services on the same store.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, tempDir, type TestContext } from '../helpers/stores.js';
import { runCli } from '../helpers/cli.js';
import { simulate } from '../../src/sim/simulate.js';
import { createTarGzWriter, extractTarGz } from '../../src/store/tar.js';
import { jpegBytes } from '../cases/fixtures.js';

let tc: TestContext;
const out = tempDir('cityloop-backup-');
const archive = path.join(out, 'backup.tar.gz');

beforeAll(async () => {
  tc = await createTestContext('sqlite');
  await tc.ctx.geo.seedDemo();
  await tc.ctx.geo.load();
  await tc.ctx.catalog.seedDemo();
  await simulate(tc.ctx, { days: 1, perDay: 60, seed: 7, clock: tc.clock });
  for (let i = 0; i < 5; i++) await tc.ctx.files.saveBuffer(jpegBytes(`evidence-${i}`), { uploadedBy: 'test', originalName: `e${i}.jpg` });
}, 120_000);

afterAll(async () => {
  await tc?.close();
  fs.rmSync(out, { recursive: true, force: true });
});

describe('cityloop backup and restore', () => {
  it('backs up while cases are being written, and the copy restores elsewhere with every chain intact', async () => {
    // Load: simulated days run through the services, one after another, while the backup process reads.
    let stop = false;
    const load = (async () => {
      for (let day = 0; !stop; day++) await simulate(tc.ctx, { days: 1, perDay: 80, seed: 100 + day, clock: tc.clock });
    })();
    const casesBefore = (await tc.ctx.cases.verifyAllCases()).cases;
    const backup = await runCli(['backup', archive, '--json'], { CITYLOOP_DATA_DIR: tc.dataDir, CITYLOOP_DEMO: 'false' });
    stop = true;
    await load;
    const casesAfter = (await tc.ctx.cases.verifyAllCases()).cases;
    expect(backup.stderr).not.toMatch(/Error/);
    expect(backup.code, backup.stderr).toBe(0);
    const report = JSON.parse(backup.stdout) as { files: number; tables: Record<string, number> };
    // The snapshot caught the store in the middle of the writes: more than before, fewer than after.
    expect(report.tables.cases).toBeGreaterThan(casesBefore);
    expect(report.tables.cases).toBeLessThan(casesAfter);
    expect(report.files).toBeGreaterThanOrEqual(6);
    expect(report.tables.cases).toBeGreaterThan(0);

    const elsewhere = path.join(out, 'restored');
    const restore = await runCli(['restore', archive, '--json'], { CITYLOOP_DATA_DIR: elsewhere, CITYLOOP_DEMO: 'false' });
    expect(restore.code, restore.stderr).toBe(0);
    const restored = JSON.parse(restore.stdout) as { files: number; verified: { cases: number; ok: boolean; broken: unknown[] } };
    expect(restored.verified).toMatchObject({ ok: true, broken: [], cases: report.tables.cases });
    expect(restored.files).toBe(report.files);
    // Every evidence file is back under its own name.
    const names = (dir: string) => fs.readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => e.name).sort();
    expect(names(path.join(elsewhere, 'files'))).toEqual(expect.arrayContaining(names(path.join(tc.dataDir, 'files')).filter((n) => !n.endsWith('.part'))));

    // Restoring again over the restored installation is refused: only into an empty data folder.
    const again = await runCli(['restore', archive], { CITYLOOP_DATA_DIR: elsewhere, CITYLOOP_DEMO: 'false' });
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('restore only into an empty data folder');
  }, 600_000);

  it('refuses a damaged archive and restores nothing', async () => {
    const unpacked = path.join(out, 'unpacked');
    const entries = await extractTarGz(archive, unpacked);
    const evidence = entries.find((e) => e.name.startsWith('files/'))!;
    fs.appendFileSync(path.join(unpacked, evidence.name), 'tampered');
    const damaged = path.join(out, 'damaged.tar.gz');
    const w = createTarGzWriter(damaged);
    for (const e of entries) await w.addFile(e.name, path.join(unpacked, e.name));
    await w.finish();
    const target = path.join(out, 'never');
    const r = await runCli(['restore', damaged], { CITYLOOP_DATA_DIR: target, CITYLOOP_DEMO: 'false' });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('the archive is damaged; nothing was restored');
    expect(r.stderr).toContain(`${evidence.name}: content differs from the manifest`);
    expect(fs.existsSync(path.join(target, 'cityloop.sqlite'))).toBe(false);
  }, 300_000);
});
