/**
 * Done means (issue 17): a non-demo installation, its administrator made with the CLI, a small city
 * imported from files (grids, units, users, responsibility list), then people log in and take a
 * report to closed — all through the commands and the HTTP API a bureau uses.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, startCliServer, type CliServer } from '../helpers/cli.js';
import { tempDir } from '../helpers/stores.js';
import { jpegBytes } from '../cases/fixtures.js';
import { POINT, writeCityFiles } from './city-files.js';

const dir = tempDir('cityloop-first-city-');
const files = path.join(dir, 'files');
const env = { CITYLOOP_DATA_DIR: path.join(dir, 'data'), CITYLOOP_DEMO: 'false' };
let server: CliServer | undefined;

afterAll(async () => {
  await server?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function api(method: string, url: string, token: string | null, body?: unknown): Promise<{ status: number; json: any }> {
  const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
  let payload: FormData | string | undefined;
  if (body instanceof FormData) payload = body;
  else if (body !== undefined) {
    headers['content-type'] = 'application/json';
    payload = JSON.stringify(body);
  }
  const res = await fetch(`${server!.url}${url}`, { method, headers, ...(payload ? { body: payload } : {}) });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : null };
}

async function login(username: string, password: string): Promise<string> {
  const r = await api('POST', '/api/v1/auth/login', null, { username, password });
  expect(r.status, `${username}: ${JSON.stringify(r.json)}`).toBe(200);
  return r.json.token as string;
}

describe('the first city: empty installation → admin → files → a closed case', () => {
  beforeAll(() => fs.mkdirSync(files, { recursive: true }));

  it('creates the administrator and loads the city from files, refusing a wrong file whole', async () => {
    const admin = await runCli(['user', 'create', '--username', 'chief', '--role', 'admin', '--scope', 'city', '--name', '信息科管理员'], env, 'Chief2026pw\n');
    expect(admin.stderr + admin.stdout).toContain('created chief');
    const paths = await writeCityFiles(files);

    // A units file with two bad rows: nothing is imported, and both rows are named.
    const bad = path.join(files, 'bad-units.csv');
    fs.writeFileSync(bad, '单位代码,单位名称,单位类型,上级单位代码\nTA-X,某单位,局,\nTA-Y,某公司,企业,NOPE\nTA-Z,好单位,企业,\n');
    const refused = await runCli(['import', 'units', bad], env);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('UNITS_IMPORT_INVALID');
    expect(refused.stderr).toContain('第2行：单位类型「局」无效');
    expect(refused.stderr).toContain('第3行：上级单位「NOPE」不存在');

    for (const kind of ['grids', 'units', 'users', 'responsibility'] as const) {
      const r = await runCli(['import', kind, paths[kind], '--json'], env);
      expect(r.code, `${kind}: ${r.stderr}`).toBe(0);
    }
    const units = await runCli(['export', 'units', '--format', 'csv'], env);
    expect(units.stdout).toContain('TA-SZYL,同安区市政园林局,区属部门,TA-CGJ');
    expect(units.stdout).not.toContain('TA-Z'); // the refused file left nothing behind
  }, 600_000);

  it('lets the imported people log in and take a report to closed', async () => {
    server = await startCliServer(env);
    expect(server.output()).not.toContain('demo1234');
    const t = {
      admin: await login('chief', 'Chief2026pw'),
      inspector: await login('ta.inspector', 'Inspect2026'),
      operator: await login('ta.operator', 'Operate2026'),
      lead: await login('ta.lead', 'Leading2026'),
      handler: await login('ta.handler', 'Handle2026'),
    };
    const me = await api('GET', '/api/v1/me', t.handler);
    expect(me.status).toBe(200);

    const form = new FormData();
    form.append('file', new Blob([jpegBytes('first-city')], { type: 'image/jpeg' }), 'photo.jpg');
    const up = await api('POST', '/api/v1/files', t.inspector, form);
    expect(up.status, JSON.stringify(up.json)).toBeLessThan(300);
    const photo = up.json.sha256 as string;

    const r = await api('POST', '/api/v1/reports', t.inspector, { source: 'inspector', ...POINT, categoryCode: 'C0102', description: '污水井盖破损', photos: [photo] });
    expect(r.status, JSON.stringify(r.json)).toBe(201);
    let c = r.json.case;
    expect(c.place).toMatchObject({ districtCode: '350212', streetCode: '350212001' });
    const steps: Array<[keyof typeof t, string, Record<string, unknown>]> = [
      ['operator', 'accept', {}],
      ['lead', 'file', {}],
      ['handler', 'handle', { note: '已更换井盖', photos: [photo] }],
      ['operator', 'send_verification', {}],
      ['inspector', 'verify', { passed: true, photos: [photo] }],
      ['lead', 'close', {}],
    ];
    for (const [who, action, extra] of steps) {
      const res = await api('POST', `/api/v1/cases/${c.id}/actions/${action}`, t[who], { version: c.version, ...extra });
      expect(res.status, `${who} ${action}: ${JSON.stringify(res.json)}`).toBe(200);
      c = res.json.case;
      // Filing routes the case by the imported responsibility list, to the imported unit.
      if (action === 'file') expect(c).toMatchObject({ status: 'dispatched', unit: { code: 'TA-SZYL' } });
    }
    expect(c.status).toBe('closed');
    const v = await api('GET', `/api/v1/cases/${c.id}/verify`, t.lead);
    expect(v.json).toMatchObject({ ok: true });
  }, 600_000);
});
