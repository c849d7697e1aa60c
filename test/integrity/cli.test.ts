import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { createTestContext, type TestContext } from '../helpers/stores.js';
import { reportAndFile, seedWorld } from '../cases/fixtures.js';

describe('cityloop seal and verify', () => {
  let tc: TestContext;
  let env: Record<string, string>;
  const ids: string[] = [];
  beforeAll(async () => {
    // A store with a few cases, made in-process; then closed, so the commands open it as a person would.
    tc = await createTestContext('sqlite');
    const w = await seedWorld(tc.ctx);
    for (let i = 0; i < 3; i++) ids.push((await reportAndFile(tc.ctx, w, { description: `命令行封存 ${i}` })).id);
    await tc.ctx.close();
    env = { CITYLOOP_DATA_DIR: tc.dataDir, CITYLOOP_DEMO: 'false', CITYLOOP_TIMERS: 'false' };
  }, 120_000);
  afterAll(async () => {
    if (tc) fs.rmSync(tc.dataDir, { recursive: true, force: true });
  });

  it('seals, exports the seal, checks the file offline, and verify names a deleted case against it', async () => {
    const file = path.join(tc.dataDir, 'seal.json');
    const sealed = await runCli(['seal', '--export', file], env);
    expect(sealed.code, sealed.stderr).toBe(0);
    expect(sealed.stdout).toMatch(/seal #1 at .*: 3 records \(3 case\)/);
    const checked = await runCli(['seal', 'check', file], env);
    expect([checked.code, checked.stdout]).toEqual([0, expect.stringContaining('intact 封存文件完整')]);
    const ok = await runCli(['verify', '--against', file], env);
    expect(ok.code, ok.stdout).toBe(0);
    expect(ok.stdout).toContain('last good seal');

    // Someone with the database file deletes a case and every trace of the seals.
    const db = new Database(path.join(tc.dataDir, 'cityloop.sqlite'));
    db.prepare('delete from case_events where case_no = (select case_no from cases where id = ?)').run(ids[0]);
    db.prepare('delete from cases where id = ?').run(ids[0]);
    db.exec('delete from integrity_heads; delete from integrity_seals; delete from integrity_seal_chain;');
    db.close();
    const caught = await runCli(['verify', '--against', file, '--json'], env);
    expect(caught.code).toBe(1);
    const json = JSON.parse(caught.stdout) as { ok: boolean; integrity: { problems: Array<{ problem: string; id?: string }> } };
    expect(json.ok).toBe(false);
    expect(json.integrity.problems).toEqual(expect.arrayContaining([
      expect.objectContaining({ problem: 'deleted', id: ids[0] }),
      expect.objectContaining({ problem: 'seal_export_mismatch' }),
    ]));
  }, 240_000);
});
