import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { labelledSet } from '../../src/demo/labelled/generate.js';

describe('the classifier over HTTP', () => {
  let t: TestApp;
  let admin: Record<string, string>;
  let operator: Record<string, string>;
  let handler: Record<string, string>;

  beforeAll(async () => {
    t = await buildTestApp();
    await t.ctx.catalog.seedDemo();
    await t.ctx.classifier.addExamples(labelledSet({ perClass: 10 }), 'seed');
    const city = { level: 'city', code: '350200' } as const;
    const unit = (await t.ctx.catalog.listUnits())[0]!;
    await t.ctx.auth.createUser({ username: 'boss', displayName: '管理员', password: 'Admin2026', scope: city, roles: ['admin'] });
    await t.ctx.auth.createUser({ username: 'desk', displayName: '受理员', password: 'Desk2026x', scope: city, roles: ['operator'] });
    await t.ctx.auth.createUser({ username: 'fixer', displayName: '处置', password: 'Fixer2026', scope: city, roles: ['handler'], unitId: unit.id });
    admin = await t.login('boss', 'Admin2026');
    operator = await t.login('desk', 'Desk2026x');
    handler = await t.login('fixer', 'Fixer2026');
  }, 60_000);
  afterAll(async () => {
    await t?.close();
  });

  it('proposes three classes for an operator', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/classifier/classify', headers: operator, payload: { text: '小区门口的路灯一个多月都不亮了' } });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.top).toHaveLength(3);
    expect(body.top[0]).toMatchObject({ code: 'C0118', name: '路灯' });
  });

  it('refuses a handler, an anonymous caller, an empty and an overlong text', async () => {
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/classifier/classify', headers: handler, payload: { text: '路灯不亮' } })).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/classifier/classify', payload: { text: '路灯不亮' } })).statusCode).toBe(401);
    const empty = await t.app.inject({ method: 'POST', url: '/api/v1/classifier/classify', headers: operator, payload: { text: '' } });
    expect(empty.statusCode).toBe(400);
    const blank = await t.app.inject({ method: 'POST', url: '/api/v1/classifier/classify', headers: operator, payload: { text: '   ' } });
    expect(blank.json().code).toBe('TEXT_REQUIRED');
    const long = await t.app.inject({ method: 'POST', url: '/api/v1/classifier/classify', headers: operator, payload: { text: '路'.repeat(4001) } });
    expect(long.statusCode).toBe(400);
  });

  it('keeps an operator’s decision; the administrator sees it counted and retrains', async () => {
    const res = await t.app.inject({
      method: 'POST', url: '/api/v1/classifier/decisions', headers: operator,
      payload: { text: '路灯不亮', code: 'C0118', proposedCode: 'C0118', ref: 'XM20260302000123' },
    });
    expect(res.statusCode).toBe(204);
    const bad = await t.app.inject({ method: 'POST', url: '/api/v1/classifier/decisions', headers: operator, payload: { text: '路灯不亮', code: 'C9999' } });
    expect(bad.statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/classifier', headers: operator })).statusCode).toBe(403);
    const info = await t.app.inject({ method: 'POST', url: '/api/v1/classifier/retrain', headers: admin });
    expect(info.statusCode).toBe(200);
    expect(info.json()).toMatchObject({ stored: { seed: 440, decision: 1 }, decisions: { proposed: 1, kept: 1, keptRate: 1 }, examples: 441 });
  });
});
