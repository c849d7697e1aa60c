import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { User } from '../../src/auth/model.js';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { KINDS, seedPatrolWorld, type PatrolWorld } from './helpers.js';

const HOUR = 3_600_000;

for (const kind of KINDS) {
  describe(`command levels and instructions (${kind})`, () => {
    let t: TestApp;
    let w: PatrolWorld;
    const u: Record<string, User> = {};
    const post = (who: string, url: string, payload: unknown) => t.app.inject({ method: 'POST', url, headers: w.h[who], payload: payload as object });
    const put = (who: string, url: string, payload: unknown) => t.app.inject({ method: 'PUT', url, headers: w.h[who], payload: payload as object });
    const get = (who: string, url: string) => t.app.inject({ method: 'GET', url, headers: w.h[who] });

    beforeAll(async () => {
      t = await buildTestApp(kind);
      w = await seedPatrolWorld(t);
      // A district command (思明) and a street command under it.
      await t.ctx.auth.createUser({ username: 'siming.lead', displayName: '思明区指挥中心', password: 'demo1234', scope: { level: 'district', code: w.districtCode }, roles: ['leader'] });
      await t.ctx.auth.createUser({ username: 'street.lead', displayName: '街道值班长', password: 'demo1234', scope: { level: 'street', code: w.streetCode }, roles: ['shift_lead'] });
      for (const name of ['siming.lead', 'street.lead']) w.h[name] = await t.login(name);
      for (const name of ['inspector', 'operator', 'shiftlead', 'leader', 'siming.lead', 'street.lead']) u[name] = (await t.ctx.auth.findByUsername(name))!;
    }, 120_000);
    afterAll(async () => t?.close());

    async function fileCase(): Promise<{ limit: { value: number; unit: string }; dueAt: number | null; reason: string }> {
      const g = w.grids[0]!;
      let c = (await t.ctx.cases.report(u.inspector!, { source: 'inspector', lon: g.lon, lat: g.lat, categoryCode: 'C0102', description: '井盖破损', photos: [w.photo] })).case;
      c = await t.ctx.cases.act(u.operator!, c.id, 'accept', {}, c.version);
      c = await t.ctx.cases.act(u.shiftlead!, c.id, 'file', {}, c.version);
      const filed = (await t.ctx.cases.events(c.id)).find((e) => e.type === 'dispatched')!;
      return { limit: c.clock.limit!, dueAt: c.clock.dueAt, reason: (filed.data as { reason: string }).reason };
    }

    it('switching a district to 加强 shortens the limits of new cases there and raises the required patrol frequency', async () => {
      await post('shiftlead', '/api/v1/patrol/plans', {
        name: '白班', districtCode: w.districtCode, streetCode: w.streetCode, from: '08:00', to: '18:00', grids: w.grids.map((g) => ({ code: g.code, cls: 'key' })), inspectorIds: [],
      });
      const before = await fileCase();
      const covBefore = (await get('shiftlead', '/api/v1/patrol/coverage')).json();
      expect(covBefore.plans[0].grids[0].everyMinutes).toBe(120);

      expect((await put('operator', `/api/v1/command/levels/${w.districtCode}`, { level: 'reinforced', reason: '春节' })).statusCode).toBe(403);
      expect((await put('huli.leader', `/api/v1/command/levels/${w.districtCode}`, { level: 'reinforced', reason: '春节' })).statusCode).toBe(403);
      const set = await put('leader', `/api/v1/command/levels/${w.districtCode}`, {
        level: 'reinforced', reason: '春节保障', onDuty: [{ name: '郑领导', post: '带班领导', phone: '13800000006' }],
      });
      expect(set.statusCode, set.body).toBe(200);
      expect(set.json()).toMatchObject({ level: 'reinforced', levelName: '加强', areaName: expect.any(String) });
      t.clock.advance(60_000);

      const after = await fileCase();
      expect(after.limit.unit).toBe(before.limit.unit);
      expect(after.limit.value).toBeCloseTo(before.limit.value / 2, 5);
      expect(after.reason).toContain('加强');
      const cov = (await get('shiftlead', '/api/v1/patrol/coverage')).json();
      expect(cov.plans[0].grids[0].everyMinutes).toBe(60);

      // Every reader sees the banner; a district outside does not see this district's level.
      const seen = (await get('inspector', '/api/v1/command/levels')).json();
      expect(seen.find((a: { areaCode: string }) => a.areaCode === w.districtCode).color).toBeTruthy();
      expect((await get('huli.leader', '/api/v1/command/levels')).json().find((a: { areaCode: string }) => a.areaCode === w.districtCode)).toBeUndefined();

      // Back to 常态: new cases get the list's limits again; each change is an event.
      await put('leader', `/api/v1/command/levels/${w.districtCode}`, { level: 'normal', reason: '保障结束' });
      t.clock.advance(60_000);
      expect((await fileCase()).limit.value).toBe(before.limit.value);
      const events = (await get('leader', `/api/v1/command/levels/${w.districtCode}/events`)).json();
      expect(events.map((e: { data: { level: string } }) => e.data.level)).toEqual(['reinforced', 'normal']);
    });

    it('runs a point-to-point instruction to an inspector through receipt and a reply with a photo to its close', async () => {
      const i = await post('leader', '/api/v1/command/instructions', {
        title: '核查井盖', content: '请立即到现场核查', mode: 'p2p', target: { kind: 'user', code: u.inspector!.id }, replyLimit: { value: 2, unit: 'hours' },
      });
      expect(i.statusCode, i.body).toBe(200);
      const ins = i.json();
      expect(ins.holder.code).toBe(u.inspector!.id);
      expect(ins.dueAt).toBe(t.clock.now() + 2 * HOUR);
      expect((await get('inspector', '/api/v1/command/instructions?box=todo')).json().map((x: { id: string }) => x.id)).toContain(ins.id);
      expect((await post('operator', `/api/v1/command/instructions/${ins.id}/actions/receive`, { version: 1 })).statusCode).toBe(403);
      expect((await post('huli.inspector', `/api/v1/command/instructions/${ins.id}/actions/receive`, { version: 1 })).statusCode).toBe(404);
      const rec = await post('inspector', `/api/v1/command/instructions/${ins.id}/actions/receive`, { version: 1 });
      expect(rec.json().state).toBe('received');
      expect((await post('inspector', `/api/v1/command/instructions/${ins.id}/actions/reply`, { version: 2 })).json().code).toBe('TEXT_REQUIRED');
      const rep = await post('inspector', `/api/v1/command/instructions/${ins.id}/actions/reply`, { version: 2, text: '已到场，井盖已围挡', photos: [w.photo] });
      expect(rep.statusCode, rep.body).toBe(200);
      expect(rep.json().replies[0].photos).toEqual([w.photo]);
      expect((await post('inspector', `/api/v1/command/instructions/${ins.id}/actions/close`, { version: 3 })).statusCode).toBe(403);
      const closed = await post('leader', `/api/v1/command/instructions/${ins.id}/actions/close`, { version: 3 });
      expect(closed.json().state).toBe('closed');
      const thread = (await get('leader', `/api/v1/command/instructions/${ins.id}`)).json();
      expect(thread.events.map((e: { type: string }) => e.type)).toEqual(['issued', 'received', 'replied', 'closed']);
    });

    it('runs a step-by-step instruction from the city through the district down to a street and back', async () => {
      const i = (await post('leader', '/api/v1/command/instructions', {
        title: '台风前巡查', content: '逐级落实', mode: 'step', target: { kind: 'area', code: w.streetCode }, replyLimit: { value: 4, unit: 'work_hours' },
      })).json();
      expect(i.holder.code).toBe(w.districtCode);
      expect(i.path.map((p: { code: string }) => p.code)).toEqual([w.streetCode]);
      // Not yet the street's.
      expect((await post('street.lead', `/api/v1/command/instructions/${i.id}/actions/receive`, { version: 1 })).json().code).toBe('NOT_THE_HOLDER');
      await post('siming.lead', `/api/v1/command/instructions/${i.id}/actions/receive`, { version: 1 });
      const fwd = await post('siming.lead', `/api/v1/command/instructions/${i.id}/actions/forward`, { version: 2, note: '请街道落实' });
      expect(fwd.statusCode, fwd.body).toBe(200);
      expect(fwd.json()).toMatchObject({ state: 'issued', holder: { code: w.streetCode } });
      await post('street.lead', `/api/v1/command/instructions/${i.id}/actions/receive`, { version: 3 });
      const rep = await post('street.lead', `/api/v1/command/instructions/${i.id}/actions/reply`, { version: 4, text: '已落实' });
      expect(rep.json().state).toBe('replied');
      expect((await post('leader', `/api/v1/command/instructions/${i.id}/actions/close`, { version: 5 })).json().state).toBe('closed');
      const types = (await get('leader', `/api/v1/command/instructions/${i.id}`)).json().events.map((e: { type: string }) => e.type);
      expect(types).toEqual(['issued', 'received', 'forwarded', 'received', 'replied', 'closed']);
    });

    it('escalates an unanswered instruction one level up when overdue, then again', async () => {
      const i = (await post('leader', '/api/v1/command/instructions', {
        title: '占道整治', content: '越级下达', mode: 'skip', target: { kind: 'area', code: w.streetCode }, replyLimit: { value: 2, unit: 'hours' },
      })).json();
      expect(i.holder.code).toBe(w.streetCode);
      expect(i.copies.map((p: { code: string }) => p.code)).toEqual([w.districtCode]);
      t.clock.advance(HOUR + 40 * 60_000);
      expect((await t.ctx.command.sweep()).warnings).toBe(1);
      t.clock.advance(30 * 60_000);
      const r = await t.ctx.command.sweep();
      expect(r).toMatchObject({ overdue: 1, escalated: 1 });
      let cur = (await get('leader', `/api/v1/command/instructions/${i.id}`)).json();
      expect(cur.instruction.escalatedTo).toBe(w.districtCode);
      expect(cur.instruction.light).toBe('green');
      // The district now sees it among its area's instructions; a second period unanswered goes to the city.
      expect((await get('siming.lead', '/api/v1/command/instructions?box=area')).json().map((x: { id: string }) => x.id)).toContain(i.id);
      t.clock.advance(3 * HOUR);
      await t.ctx.command.sweep();
      cur = (await get('leader', `/api/v1/command/instructions/${i.id}`)).json();
      expect(cur.instruction.escalatedTo).toBe(`${w.districtCode.slice(0, 4)}00`);
      expect(cur.events.filter((e: { type: string }) => e.type === 'escalated').map((e: { data: { to: string } }) => e.data.to)).toEqual([w.districtCode, `${w.districtCode.slice(0, 4)}00`]);
      // Nothing is raised twice.
      expect(await t.ctx.command.sweep()).toMatchObject({ warnings: 0, overdue: 0, escalated: 0 });
    });

    it('opens an incident with 应急 that gathers the cases, tasks and instructions, and closes it after', async () => {
      const set = (await put('leader', `/api/v1/command/levels/${w.districtCode}`, { level: 'emergency', reason: '台风' })).json();
      expect(set.incidentId).toBeTruthy();
      const g = w.grids[1]!;
      const c = (await t.ctx.cases.report(u.inspector!, { source: 'inspector', lon: g.lon, lat: g.lat, categoryCode: 'C0102', description: '树木倒伏', photos: [w.photo] })).case;
      await t.ctx.bus.flush();
      const ins = (await post('leader', '/api/v1/command/instructions', {
        title: '抢险', content: '清理倒伏树木', mode: 'skip', target: { kind: 'area', code: w.streetCode }, replyLimit: { value: 1, unit: 'hours' }, incidentId: set.incidentId, caseIds: [c.id],
      })).json();
      const inc = (await get('leader', `/api/v1/command/incidents/${set.incidentId}`)).json().incident;
      await post('leader', `/api/v1/command/incidents/${set.incidentId}/tasks`, { version: inc.version, task: { text: '封闭路段', assignee: '交警' } });
      const full = (await get('leader', `/api/v1/command/incidents/${set.incidentId}`)).json().incident;
      expect(full.caseIds).toContain(c.id);
      expect(full.instructionIds).toEqual([ins.id]);
      expect(full.tasks.map((x: { text: string }) => x.text)).toEqual(['封闭路段']);
      await put('leader', `/api/v1/command/levels/${w.districtCode}`, { level: 'normal', reason: '解除' });
      expect((await get('leader', `/api/v1/command/incidents/${set.incidentId}`)).json().incident.state).toBe('closed');
      expect((await get('huli.leader', `/api/v1/command/incidents/${set.incidentId}`)).statusCode).toBe(404);
    });

    it('switches a level on and off by a schedule', async () => {
      const now = t.clock.now();
      const s = await post('leader', '/api/v1/command/schedules', { areaCode: w.streetCode, level: 'reinforced', from: now + HOUR, until: now + 3 * HOUR, reason: '国庆' });
      expect(s.statusCode, s.body).toBe(200);
      t.clock.advance(HOUR);
      expect((await t.ctx.command.sweep()).applied).toBe(1);
      const lv = (await get('leader', '/api/v1/command/levels')).json().find((a: { areaCode: string }) => a.areaCode === w.streetCode);
      expect(lv.level).toBe('reinforced');
      t.clock.advance(2 * HOUR);
      expect((await t.ctx.command.sweep()).lifted).toBe(1);
      const after = (await get('leader', '/api/v1/command/levels')).json().find((a: { areaCode: string }) => a.areaCode === w.streetCode);
      expect(after.level).toBe('normal');
    });
  });
}
