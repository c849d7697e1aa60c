/**
 * The backstops of release on payment: a payment event that never reached its subscriber (a crash between
 * commit and delivery) is made good by the enforcement sweeper — once, the same event and text — and the
 * yard lists ready things first in SQL, so a yard of more than its page never hides one, and counts all of it.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Kysely } from 'kysely';
import type { DomainEvent } from '../../src/bus/bus.js';
import type { LoggingSmsNotifier } from '../../src/notify/service.js';
import type { Database } from '../../src/store/schema.js';
import { enforcementApp, KINDS, type EnforcementApp } from './helpers.js';

for (const kind of KINDS) {
  describe(`release on payment backstops (${kind})`, () => {
    let t: EnforcementApp;
    beforeAll(async () => {
      t = await enforcementApp(kind);
    }, 120_000);
    afterAll(async () => t?.close());

    const take = (body: Record<string, unknown>) => t.takeImpound({ kind: 'vehicle', items: [{ name: '电动三轮车', quantity: 1, unit: '辆' }], yard: '思明区暂扣场', ...body });
    const read = (id: string) => t.readImpound(id);
    const types = (id: string) => t.impoundEventTypes(id);
    const summaryCase = async (name: string) => {
      const clue = (await t.app.inject({ method: 'POST', url: '/api/v1/penalty-cases/clues', headers: t.h.enforcer, payload: { source: 'patrol', summary: '占道经营', address: '中山路', lon: t.point.lon, lat: t.point.lat } })).json().penaltyCase;
      return t.step('enforcer', clue, 'summary', { violationCode: 'SR-001', party: { kind: 'org', name }, fineFen: 200_000, facts: '店外占道经营' });
    };

    it('a payment whose event was lost is marked ready by one sweep; a second sweep and the late event change nothing', async () => {
      let p = await summaryCase('某水果店');
      const bike = await take({ penaltyCaseId: p.id, party: { kind: 'org', name: '某水果店', phone: '138 0013 8000' } });
      const sms = t.ctx.notifier.sms as LoggingSmsNotifier;
      const texts = sms.sentToPhones.length;

      // The payment commits, but its event never reaches the subscriber (the process died before delivery).
      const lost: DomainEvent[] = [];
      const publish = t.ctx.bus.publish.bind(t.ctx.bus);
      const spy = vi.spyOn(t.ctx.bus, 'publish').mockImplementation((events) => {
        lost.push(...events.filter((e) => e.name === 'penalty.paid'));
        publish(events.filter((e) => e.name !== 'penalty.paid'));
      });
      try {
        p = await t.step('enforcer', p, 'pay', { amountFen: 200_000, receiptNo: 'R-1' });
        await t.ctx.bus.flush();
      } finally {
        spy.mockRestore();
      }
      expect(lost.some((e) => (e.data as { settled?: boolean }).settled)).toBe(true);
      expect((await read(bike.id)).readyForRelease).toBeNull();

      // One sweep marks it: the same event and text as the subscriber's.
      expect(await t.ctx.enforcement.sweep()).toMatchObject({ readyForRelease: 1 });
      const ready = await read(bike.id);
      expect(ready).toMatchObject({ state: 'held', attention: 'ready_for_release', readyForRelease: { ground: 'payment', penaltyCaseId: p.id, paidFen: 200_000, partyNotice: { via: 'sms', phone: '138****8000' } } });
      expect(sms.sentToPhones.slice(texts)).toEqual([{ phone: '13800138000', text: ready.readyForRelease.partyNotice.text }]);

      // A second sweep, then the late event: nothing more.
      expect(await t.ctx.enforcement.sweep()).toMatchObject({ readyForRelease: 0 });
      publish(lost);
      await t.ctx.bus.flush();
      expect(await types(bike.id)).toEqual(['impounded', 'document_issued', 'ready_for_release']);
      expect(sms.sentToPhones.length).toBe(texts + 1);
      expect((await read(bike.id)).version).toBe(ready.version);
    }, 90_000);

    it('the sweep leaves unpaid cases and impounds not releasable on payment alone', async () => {
      const unpaid = await summaryCase('某杂货店');
      const bike = await take({ penaltyCaseId: unpaid.id });
      let paid = await summaryCase('某花店');
      const dog = await take({ kind: 'dog', penaltyCaseId: paid.id, items: [{ name: '犬只', quantity: 1, unit: '只' }], yard: '思明区犬只留检所' });
      paid = await t.step('enforcer', paid, 'pay', { amountFen: 200_000, receiptNo: 'R-2' });
      await t.ctx.bus.flush();
      expect(await t.ctx.enforcement.sweep()).toMatchObject({ readyForRelease: 0 });
      expect((await read(bike.id)).readyForRelease).toBeNull();
      expect((await read(dog.id)).readyForRelease).toBeNull();
    }, 90_000);

    it('a ready thing heads the yard even when more than the page of older things are in', async () => {
      const filler = await take({ items: [{ name: '电动自行车', quantity: 1, unit: '辆' }], address: '中山路', lon: t.point.lon, lat: t.point.lat });
      const k = t.ctx.db.kysely as unknown as Kysely<Database>;
      const row = await k.selectFrom('impounds').selectAll().where('id', '=', filler.id).executeTakeFirstOrThrow();
      const older = Array.from({ length: 600 }, (_, n) => ({ ...row, id: `${filler.id}-f${n}`, code: `${row.code}F${n}`, held_at: Number(row.held_at) - 3_600_000 - n }));
      for (let n = 0; n < older.length; n += 100) await k.insertInto('impounds').values(older.slice(n, n + 100) as never).execute();

      let p = await summaryCase('某烟酒店');
      const bike = await take({ penaltyCaseId: p.id });
      p = await t.step('enforcer', p, 'pay', { amountFen: 200_000, receiptNo: 'R-3' });
      await t.ctx.bus.flush();
      const yard = (await t.app.inject({ method: 'GET', url: '/api/v1/impounds/yard?kind=vehicle', headers: t.h.enforcer })).json();
      expect(yard.rows.length).toBe(500);
      const ready = yard.rows.filter((r: { attention: string | null }) => r.attention === 'ready_for_release').length;
      expect(ready).toBeGreaterThan(0);
      expect(yard.rows.slice(0, ready).map((r: { impound: { id: string } }) => r.impound.id)).toContain(bike.id);
      // The counts are of the whole yard, not of the page.
      const counts = yard.summary.find((s: { yard: string }) => s.yard === '思明区暂扣场');
      expect(counts.readyForRelease).toBe(ready);
      expect(counts.total).toBeGreaterThan(600);
      expect(Object.values(counts.byAge as Record<string, number>).reduce((a, b) => a + b, 0)).toBe(counts.total);
      expect(counts.held + counts.releasing).toBe(counts.total);
    }, 120_000);
  });
}
