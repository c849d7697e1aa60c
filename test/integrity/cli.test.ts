import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cityloop-seal-'));
const env = { CITYLOOP_DATA_DIR: dir, CITYLOOP_DEMO: 'true', CITYLOOP_DEMO_HISTORY_DAYS: '1' };
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('cityloop seal and verify', () => {
  it('seals the demo city, exports the seal, checks the file offline, and verify names a deleted case against it', async () => {
    expect((await runCli(['seed'], env)).code).toBe(0);
    const file = path.join(dir, 'seal.json');
    const sealed = await runCli(['seal', '--export', file], env);
    expect(sealed.code, sealed.stderr).toBe(0);
    expect(sealed.stdout).toMatch(/seal #1 at .*: \d+ records \(\d+ case\)/);
    const checked = await runCli(['seal', 'check', file], env);
    expect([checked.code, checked.stdout]).toEqual([0, expect.stringContaining('intact 封存文件完整')]);
    const ok = await runCli(['verify', '--against', file], env);
    expect(ok.code, ok.stdout).toBe(0);
    expect(ok.stdout).toContain('last good seal');

    // Someone with the database file deletes a case and every trace of the seals.
    const Database = (await import('better-sqlite3')).default;
    const db = new Database(path.join(dir, 'cityloop.sqlite'));
    const victim = db.prepare('select id, code from cases order by id limit 1').get() as { id: string; code: string };
    db.prepare('delete from case_events where case_id = ?').run(victim.id);
    db.prepare('delete from cases where id = ?').run(victim.id);
    db.exec('delete from integrity_heads; delete from integrity_seals; delete from integrity_seal_chain;');
    db.close();
    expect((await runCli(['verify'], env)).code).toBe(0);
    const caught = await runCli(['verify', '--against', file, '--json'], env);
    expect(caught.code).toBe(1);
    const json = JSON.parse(caught.stdout) as { ok: boolean; integrity: { problems: Array<{ problem: string; id?: string }> } };
    expect(json.ok).toBe(false);
    expect(json.integrity.problems).toEqual(expect.arrayContaining([
      expect.objectContaining({ problem: 'deleted', id: victim.id }),
      expect.objectContaining({ problem: 'seal_export_mismatch' }),
    ]));
  }, 300_000);
});
