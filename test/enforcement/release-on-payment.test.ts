/**
 * Release on payment (行政强制法 art. 28): paying the fine in full makes the case's impounds that are
 * releasable on payment "ready for release" — an event, the yard shows it first, the party is texted —
 * while the release decision and the hand-over stay an officer's acts with a record.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LoggingSmsNotifier } from '../../src/notify/service.js';
import { enforcementApp, KINDS, type EnforcementApp } from './helpers.js';

for (const kind of KINDS) {
  describe(`impounds ready for release when the fine is paid (${kind})`, () => {
    let t: EnforcementApp;
    beforeAll(async () => {
      t = await enforcementApp(kind);
    }, 120_000);
    afterAll(async () => t?.close());

    const take = (body: Record<string, unknown>) => t.takeImpound(body);
    const read = (id: string) => t.readImpound(id);
    const types = (id: string) => t.impoundEventTypes(id);

    it('marks the releasable impounds ready once the fine is paid in full, texts the party, and leaves the release and hand-over to an officer', async () => {
      const clue = (await t.app.inject({ method: 'POST', url: '/api/v1/penalty-cases/clues', headers: t.h.enforcer, payload: { source: 'patrol', summary: '占道经营', address: '中山路', lon: t.point.lon, lat: t.point.lat } })).json().penaltyCase;
      let p = await t.step('enforcer', clue, 'summary', { violationCode: 'SR-001', party: { kind: 'org', name: '某水果店' }, fineFen: 200_000, facts: '店外占道经营' });
      const party = { kind: 'org', name: '某水果店', phone: '138 0013 8000' };
      const bike = await take({ kind: 'vehicle', penaltyCaseId: p.id, party, items: [{ name: '电动三轮车', quantity: 1, unit: '辆', identifier: '车架号 SL2026' }], yard: '思明区暂扣场' });
      const goods = await take({ kind: 'goods', penaltyCaseId: p.id, party, releasableOnPayment: false, items: [{ name: '过期水果', quantity: 3, unit: '箱' }], yard: '思明区物品仓库' });
      const dog = await take({ kind: 'dog', penaltyCaseId: p.id, party, items: [{ name: '犬只', quantity: 1, unit: '只' }], yard: '思明区犬只留检所' });
      expect([bike.releasableOnPayment, goods.releasableOnPayment, dog.releasableOnPayment]).toEqual([true, false, false]);
      const sms = t.ctx.notifier.sms as LoggingSmsNotifier;
      const texts = sms.sentToPhones.length;

      // Part of the fine: nothing changes.
      p = await t.step('enforcer', p, 'pay', { amountFen: 50_000, receiptNo: 'R-1' });
      await t.ctx.bus.flush();
      expect((await read(bike.id)).readyForRelease).toBeNull();

      // The rest: the e-bike is ready, the rest stays held; still in the yard (state held) until an officer acts.
      p = await t.step('enforcer', p, 'pay', { amountFen: 150_000, receiptNo: 'R-2' });
      await t.ctx.bus.flush();
      const ready = await read(bike.id);
      expect(ready).toMatchObject({ state: 'held', attention: 'ready_for_release', readyForRelease: { ground: 'payment', penaltyCaseId: p.id, penaltyCaseCode: p.code, paidFen: 200_000, partyNotice: { via: 'sms', phone: '138****8000' } } });
      expect(ready.actions).toContain('release');
      expect(ready.readyForRelease.partyNotice.text).toContain('思明区暂扣场');
      expect(ready.readyForRelease.partyNotice.text).toContain('无需缴纳任何费用');
      expect((await read(goods.id)).readyForRelease).toBeNull();
      expect((await read(dog.id)).readyForRelease).toBeNull();
      expect(sms.sentToPhones.slice(texts)).toEqual([{ phone: '13800138000', text: ready.readyForRelease.partyNotice.text }]);
      expect(await types(bike.id)).toEqual(['impounded', 'document_issued', 'ready_for_release']);

      // The yard shows it and counts it.
      const yard = (await t.app.inject({ method: 'GET', url: '/api/v1/impounds/yard?kind=vehicle', headers: t.h.leader })).json();
      expect(yard.rows[0]).toMatchObject({ impound: { id: bike.id }, attention: 'ready_for_release' });
      expect(yard.summary.find((s: { yard: string }) => s.yard === '思明区暂扣场')).toMatchObject({ readyForRelease: 1 });

      // Heard again (another process, a redelivery): no second event, no second text.
      expect(await t.ctx.enforcement.impounds.onPaid(p.id)).toEqual([]);
      expect(sms.sentToPhones.length).toBe(texts + 1);

      // The officer releases on payment and hands it over against a signature.
      const rel = await t.app.inject({ method: 'POST', url: `/api/v1/impounds/${bike.id}/actions/release`, headers: t.h.enforcer, payload: { version: ready.version, ground: 'payment' } });
      expect(rel.statusCode, rel.body).toBe(200);
      expect(rel.json().impound).toMatchObject({ state: 'releasing', attention: null });
      const back = await t.app.inject({ method: 'POST', url: `/api/v1/impounds/${bike.id}/actions/return`, headers: t.h.enforcer, payload: { version: rel.json().impound.version, recipient: '李店主', photos: [t.photo] } });
      expect(back.statusCode, back.body).toBe(200);
      expect(await types(bike.id)).toEqual(['impounded', 'document_issued', 'ready_for_release', 'release_ordered', 'returned']);
    }, 90_000);

    it('marks nothing for an unpaid case, nor an impound already released', async () => {
      const clue = (await t.app.inject({ method: 'POST', url: '/api/v1/penalty-cases/clues', headers: t.h.enforcer, payload: { source: 'patrol', summary: '占道经营', address: '中山路', lon: t.point.lon, lat: t.point.lat } })).json().penaltyCase;
      const p = await t.step('enforcer', clue, 'summary', { violationCode: 'SR-001', party: { kind: 'org', name: '某杂货店' }, fineFen: 200_000, facts: '店外占道经营' });
      const bike = await take({ kind: 'vehicle', penaltyCaseId: p.id, items: [{ name: '电动自行车', quantity: 1, unit: '辆' }], yard: '思明区暂扣场' });
      expect(await t.ctx.enforcement.impounds.onPaid(p.id)).toEqual([]);
      expect(await t.ctx.enforcement.impounds.onPaid('no-such-case')).toEqual([]);
      expect((await read(bike.id)).readyForRelease).toBeNull();
    }, 60_000);
  });
}
