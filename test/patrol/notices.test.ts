/** Instruction notices: who is told in the app (GET /notifications) and by text, on issue, forward, reply, send-back, warning and escalation. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LoggingSmsNotifier } from '../../src/notify/service.js';
import { addressees, smsAudience } from '../../src/command/notices.js';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { KINDS, seedPatrolWorld, type PatrolWorld } from './helpers.js';

const HOUR = 3_600_000;
type Notice = { caseId: string; instructionId: string | null; type: string; title: string; read: boolean };

describe('instruction notices: addressees', () => {
  const holder = { kind: 'user' as const, code: 'u1', name: '陈' };
  it('tells the holder and the copies on issue, the new holder on forward, the command above and the holder on escalation, the issuer on a reply', () => {
    const i = { holder, issuerId: 'boss' };
    expect(addressees('issued', { id: 'x', seq: 1, holder, copies: [{ kind: 'area', code: '350203', name: '思明区' }] }, i)).toEqual([{ kind: 'user', code: 'u1' }, { kind: 'area', code: '350203' }]);
    expect(addressees('forwarded', { id: 'x', seq: 3, to: { kind: 'area', code: '350203001', name: '街道' } }, i)).toEqual([{ kind: 'area', code: '350203001' }]);
    expect(addressees('escalated', { id: 'x', seq: 5, to: '350200', holder }, i)).toEqual([{ kind: 'area', code: '350200' }, { kind: 'user', code: 'u1' }]);
    expect(addressees('replied', { id: 'x', seq: 4 }, i)).toEqual([{ kind: 'user', code: 'boss' }]);
    expect(addressees('received', { id: 'x', seq: 2 }, i)).toEqual([]);
  });
  it('texts a person, a unit’s handlers, a street’s shift leads and a district’s leaders', () => {
    expect(smsAudience({ kind: 'user', code: 'u1' })).toMatchObject({ userId: 'u1', role: null });
    expect(smsAudience({ kind: 'unit', code: 'unit-1' })).toMatchObject({ role: 'handler', unitId: 'unit-1' });
    expect(smsAudience({ kind: 'area', code: '350203001' })).toMatchObject({ role: 'shift_lead', districtCode: '350203', streetCode: '350203001' });
    expect(smsAudience({ kind: 'area', code: '350203' })).toMatchObject({ role: 'leader', districtCode: '350203', streetCode: '' });
  });
});

for (const kind of KINDS) {
  describe(`instruction notices (${kind})`, () => {
    let t: TestApp;
    let w: PatrolWorld;
    const post = (who: string, url: string, payload: unknown) => t.app.inject({ method: 'POST', url, headers: w.h[who], payload: payload as object });
    const sms = () => (t.ctx.notifier.sms as LoggingSmsNotifier).sent;
    async function notices(who: string, instructionId: string): Promise<Notice[]> {
      await t.ctx.bus.flush();
      const r = await t.app.inject({ method: 'GET', url: '/api/v1/notifications?limit=200', headers: w.h[who] });
      expect(r.statusCode, r.body).toBe(200);
      return (r.json().items as Notice[]).filter((n) => n.instructionId === instructionId);
    }
    const texts = (id: string) => sms().filter((m) => m.caseId === id);

    beforeAll(async () => {
      t = await buildTestApp(kind);
      w = await seedPatrolWorld(t);
      await t.ctx.auth.createUser({ username: 'siming.lead', displayName: '思明区指挥中心', password: 'demo1234', scope: { level: 'district', code: w.districtCode }, roles: ['leader'] });
      await t.ctx.auth.createUser({ username: 'street.lead', displayName: '街道值班长', password: 'demo1234', scope: { level: 'street', code: w.streetCode }, roles: ['shift_lead'] });
      for (const name of ['siming.lead', 'street.lead']) w.h[name] = await t.login(name);
    }, 120_000);
    afterAll(async () => t?.close());

    it('tells the inspector of a point-to-point instruction in the app and by text, then of the deadline and, overdue, the city command', async () => {
      const i = (await post('leader', '/api/v1/command/instructions', {
        title: '核查井盖', content: '请到场核查', mode: 'p2p', target: { kind: 'user', code: w.ids.inspector }, replyLimit: { value: 2, unit: 'hours' },
      })).json();
      const mine = await notices('inspector', i.id);
      expect(mine).toEqual([expect.objectContaining({ caseId: '', type: 'instruction.issued', title: '新指令：核查井盖', read: false })]);
      expect(texts(i.id)).toEqual([{ audience: expect.objectContaining({ userId: w.ids.inspector }), text: '【城市运管服】新指令：核查井盖', caseId: i.id }]);
      // Nobody else is told.
      for (const who of ['operator', 'huli.inspector', 'siming.inspector', 'dispatcher']) expect(await notices(who, i.id)).toEqual([]);

      t.clock.advance(HOUR + 40 * 60_000);
      await t.ctx.command.sweep();
      expect((await notices('inspector', i.id)).map((n) => n.title)).toEqual(['指令即将到期：核查井盖', '新指令：核查井盖']);
      t.clock.advance(30 * 60_000);
      expect((await t.ctx.command.sweep()).escalated).toBe(1);
      // The inspector's area is the city: the city's command hears of it, and the inspector again.
      expect((await notices('leader', i.id)).map((n) => n.title)).toEqual([expect.stringMatching(/^指令超期升级至全市：核查井盖$/)]);
      expect((await notices('inspector', i.id))[0]!.type).toBe('instruction.escalated');
      expect(texts(i.id).map((m) => m.text)).toEqual(['【城市运管服】新指令：核查井盖', '【城市运管服】指令即将到期：核查井盖', '【城市运管服】指令超期升级至全市：核查井盖', '【城市运管服】指令超期升级至全市：核查井盖']);
      expect(texts(i.id)[2]!.audience).toMatchObject({ role: 'leader', districtCode: '' });

      // A redelivered event finds its notices written: nobody is told twice.
      const sub = t.ctx.command.instructions.notices.subscriptions(t.ctx.notifier.sms, t.ctx.notifier.live)[0]!;
      const before = sms().length;
      await sub.handle({ name: 'instruction.issued', id: `${i.id}.1`, at: i.updatedAt, data: { id: i.id, seq: 1, holder: i.holder, copies: [] } });
      expect(sms().length).toBe(before);
      expect((await notices('inspector', i.id)).filter((n) => n.type === 'instruction.issued')).toHaveLength(1);
    });

    it('follows a step-by-step instruction down the levels, back to the issuer with the reply, and to the street again when sent back', async () => {
      const i = (await post('leader', '/api/v1/command/instructions', {
        title: '台风前巡查', content: '逐级落实', mode: 'step', target: { kind: 'area', code: w.streetCode }, replyLimit: { value: 4, unit: 'hours' },
      })).json();
      expect((await notices('siming.lead', i.id)).map((n) => n.title)).toEqual(['新指令：台风前巡查']);
      expect(await notices('street.lead', i.id)).toEqual([]);
      await post('siming.lead', `/api/v1/command/instructions/${i.id}/actions/receive`, { version: 1 });
      await post('siming.lead', `/api/v1/command/instructions/${i.id}/actions/forward`, { version: 2, note: '请街道落实' });
      expect((await notices('street.lead', i.id)).map((n) => n.title)).toEqual(['指令下转：台风前巡查']);
      await post('street.lead', `/api/v1/command/instructions/${i.id}/actions/receive`, { version: 3 });
      await post('street.lead', `/api/v1/command/instructions/${i.id}/actions/reply`, { version: 4, text: '已落实' });
      expect((await notices('leader', i.id)).map((n) => n.title)).toEqual(['指令已回复：台风前巡查']);
      const redo = await post('leader', `/api/v1/command/instructions/${i.id}/actions/redo`, { version: 5, reason: '请附照片' });
      expect(redo.statusCode, redo.body).toBe(200);
      expect((await notices('street.lead', i.id)).map((n) => n.title)).toEqual(['指令退回重办：台风前巡查', '指令下转：台风前巡查']);
      // Texts: the district on issue, the street on forward and on send-back; the reply is told in the app only.
      expect(texts(i.id).map((m) => [m.audience.role, m.audience.districtCode, m.audience.streetCode, m.text])).toEqual([
        ['leader', w.districtCode, '', '【城市运管服】新指令：台风前巡查'],
        ['shift_lead', w.districtCode, w.streetCode, '【城市运管服】指令下转：台风前巡查'],
        ['shift_lead', w.districtCode, w.streetCode, '【城市运管服】指令退回重办：台风前巡查'],
      ]);
      // Marked read with the case notifications (one cursor).
      await post('street.lead', '/api/v1/notifications/read', {});
      expect((await notices('street.lead', i.id)).every((n) => n.read)).toBe(true);
    });
  });
}
