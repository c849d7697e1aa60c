import { expect, it } from 'vitest';
import { describeStores } from '../helpers/stores.js';
import { exportRegister, importRegister, registerTemplate, REGISTER_KINDS } from '../../src/registers.js';
import { readTable } from '../../src/core/sheet-files.js';
import { GRIDS, RESPONSIBILITY_CSV, UNITS_CSV, USERS } from './city-files.js';
import { writeTable } from '../../src/core/sheet-files.js';

const csv = (text: string) => Buffer.from(text, 'utf8');

/** The error of a refused import: its code and the row messages. */
async function refusal(p: Promise<unknown>): Promise<{ code: string; rows: string[] }> {
  try {
    await p;
  } catch (e) {
    const err = e as { code: string; details?: { errors: Array<{ message: string }> } };
    return { code: err.code, rows: (err.details?.errors ?? []).map((x) => x.message) };
  }
  throw new Error('the import was not refused');
}

describeStores('registers loaded from files', (get) => {
  it('imports every template as it is downloaded, in the order a city loads them', async () => {
    const { ctx } = get();
    for (const kind of REGISTER_KINDS) {
      const t = await registerTemplate(kind, kind === 'users' ? 'xlsx' : 'csv');
      const r = await importRegister(ctx, kind, t.body, { filename: t.filename });
      expect(r, kind).toBeTruthy();
    }
    expect((await ctx.catalog.getUnit('350203-SZYL')).name).toBe('思明区市政园林局');
    expect((await ctx.auth.findByUsername('zhang.wei'))?.roles).toEqual(['dispatcher', 'leader']);
    expect((await ctx.catalog.listComponents()).total).toBe(1);
    expect(ctx.calendar.isWorkday('2027-01-01')).toBe(false);
  }, 60_000);

  it('refuses a file with any wrong row whole, naming each row, and keeps what was there', async () => {
    const { ctx } = get();
    const before = (await ctx.catalog.listUnits()).length;
    const r = await refusal(ctx.catalog.importUnits(csv('单位代码,单位名称,单位类型,上级单位代码\nOK-1,好单位,企业,\nOK-1,重复,企业,\nBAD-2,坏单位,局,\nBAD-3,某公司,企业,NOPE\n')));
    expect(r.code).toBe('UNITS_IMPORT_INVALID');
    expect(r.rows).toEqual(['第3行：单位代码 OK-1 与第2行重复', expect.stringContaining('第4行：单位类型「局」无效'), '第5行：上级单位「NOPE」不存在']);
    expect((await ctx.catalog.listUnits()).length).toBe(before);

    const users = await refusal(ctx.auth.importUsers(await writeTable([USERS[0]!, ['Bad Name', '甲', '巡查员', '全国', '', '123', 'short', '在用'], ['ok.one', '乙', '处置人员', '全市', '', '', '', '']], 'xlsx', 'x'), { units: [], cityCode: '350200' }));
    expect(users.code).toBe('USERS_IMPORT_INVALID');
    expect(users.rows.join('\n')).toMatch(/第2行：用户名「bad name」无效[\s\S]*第2行：未知角色「巡查员」[\s\S]*第2行：范围「全国」无效[\s\S]*第2行：电话号码格式不正确[\s\S]*第2行：密码长度[\s\S]*第3行：处置人员须填写所属单位代码/);
    expect(await ctx.auth.findByUsername('ok.one')).toBeUndefined();

    const days = await refusal(importRegister(ctx, 'holidays', csv('日期,类型,名称\n2028-01-01,放假,元旦\n2029-02-30,放假,春节\n2028-01-01,上班,重复\n')));
    expect(days.rows).toEqual([expect.stringContaining('第3行：日期「2029-02-30」无效'), '第4行：日期 2028-01-01 与第2行重复']);
    expect(ctx.calendar.isWorkday('2028-01-03')).toBe(true);
  });

  it('imports a small city and exports each register so that it reads back the same', async () => {
    const { ctx } = get();
    await importRegister(ctx, 'grids', Buffer.from(JSON.stringify(GRIDS)));
    const units = await importRegister(ctx, 'units', csv(UNITS_CSV));
    expect(units).toMatchObject({ created: 4, updated: 0 });
    // Again: the same file updates, it does not duplicate.
    expect(await importRegister(ctx, 'units', csv(UNITS_CSV))).toMatchObject({ created: 0, updated: 4 });
    const users = await importRegister(ctx, 'users', await writeTable(USERS, 'xlsx', '账户'), { filename: 'u.xlsx' });
    expect(users).toMatchObject({ created: 6 });
    // The one row without a password got a generated one, that works.
    const generated = users.generatedPasswords as Array<{ username: string; password: string }>;
    expect(generated.map((g) => g.username)).toEqual(['ta.leader']);
    expect((await ctx.auth.login('ta.leader', generated[0]!.password)).user.roles).toEqual(['leader', 'evaluator']);
    expect((await ctx.auth.findByUsername('ta.inspector'))?.scope).toEqual({ level: 'district', code: '350212' });
    await importRegister(ctx, 'responsibility', csv(RESPONSIBILITY_CSV));
    const match = await ctx.catalog.matchResponsibility({ categoryCode: 'E0102', districtCode: '350212', streetCode: '350212002' });
    expect(match.winner?.ownerUnit?.code).toBe('350212002');

    for (const kind of ['units', 'users', 'responsibility'] as const) {
      const out = await exportRegister(ctx, kind, 'csv');
      const table = await readTable(out.body, 'csv');
      const again = await importRegister(ctx, kind, out.body, { filename: out.filename });
      expect(again, kind).toMatchObject({ total: table.length - 1 });
      if (kind !== 'responsibility') expect(again, kind).toMatchObject({ created: 0 });
    }
    const users2 = await readTable((await exportRegister(ctx, 'users', 'csv')).body, 'csv');
    expect(users2[0]).toContain('初始密码');
    expect(users2.flat().join(',')).not.toMatch(/Inspect2026|argon2/);
    const grids = JSON.parse((await exportRegister(ctx, 'grids', 'xlsx')).body.toString('utf8')) as { features: Array<{ properties: { code: string } }> };
    const codes = new Set(grids.features.map((f) => f.properties.code));
    for (const f of GRIDS.features) expect(codes.has(f.properties.code), f.properties.code).toBe(true);
  }, 60_000);

  it('tells how far an import has come: passwords hashed and rows written, ending at the whole file', async () => {
    const { ctx } = get();
    const seen: Record<string, Array<[number, number, string | undefined]>> = {};
    const watch = (kind: string) => (done: number, total: number, note?: string) => void (seen[kind] ??= []).push([done, total, note]);
    await importRegister(ctx, 'grids', Buffer.from(JSON.stringify(GRIDS)), { onProgress: watch('grids') });
    await importRegister(ctx, 'units', csv(UNITS_CSV), { onProgress: watch('units') });
    // Accounts of their own (the suite's other tests made USERS already): every one is new and hashed.
    const fresh = USERS.map((row, i) => (i === 0 ? row : [`p.${row[0]}`, ...row.slice(1)]));
    const users = await importRegister(ctx, 'users', await writeTable(fresh, 'xlsx', '账户'), { filename: 'u.xlsx', onProgress: watch('users') });
    await importRegister(ctx, 'responsibility', csv(RESPONSIBILITY_CSV), { onProgress: watch('responsibility') });
    const rows = { grids: GRIDS.features.length, units: 4, users: USERS.length - 1, responsibility: (await readTable(csv(RESPONSIBILITY_CSV), 'csv')).length - 1 };
    for (const [kind, count] of Object.entries(rows)) {
      const calls = seen[kind] ?? [];
      expect(calls.length, kind).toBeGreaterThan(1);
      // Never backwards within a phase, and the last word is the whole file written.
      for (let i = 1; i < calls.length; i++) if (calls[i]![2] === calls[i - 1]![2]) expect(calls[i]![0], kind).toBeGreaterThanOrEqual(calls[i - 1]![0]);
      expect(calls.at(-1), kind).toEqual([count, count, '写入 writing']);
    }
    // New accounts are hashed one by one before anything is written: the slow part has its own count.
    const created = users.created as number;
    expect(created).toBe(rows.users);
    expect(seen.users!.filter((c) => c[2] === '设置密码 hashing passwords').at(-1)).toEqual([created, created, '设置密码 hashing passwords']);
  }, 60_000);
});
