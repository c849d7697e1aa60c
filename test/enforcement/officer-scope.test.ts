/**
 * Officers by area: the officer list a caller picks from is the caller's district's officers and the city-wide
 * ones (a city account sees all), and an impound's intake refuses an officer of another district.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Kysely } from 'kysely';
import type { Database } from '../../src/store/schema.js';
import { enforcementApp, KINDS, type EnforcementApp } from './helpers.js';

for (const kind of KINDS) {
  describe(`officers within their district (${kind})`, () => {
    let t: EnforcementApp;
    beforeAll(async () => {
      t = await enforcementApp(kind);
      // enforcer2 works in 思明 only; enforcer is city-wide; huli.enforcer works in 湖里.
      await (t.ctx.db.kysely as unknown as Kysely<Database>).updateTable('users').set({ scope_level: 'district', scope_code: '350203' }).where('id', '=', t.uid.enforcer2!).execute();
    }, 120_000);
    afterAll(async () => t?.close());

    const officers = async (who: string) => {
      const r = await t.app.inject({ method: 'GET', url: '/api/v1/enforcement/officers', headers: t.h[who] });
      expect(r.statusCode, r.body).toBe(200);
      return r.json().items.map((o: { userId: string }) => o.userId) as string[];
    };

    it('lists a district account its district’s officers and the city-wide ones; a city account all', async () => {
      const huli = await officers('huli.enforcer');
      expect(huli).toEqual(expect.arrayContaining([t.uid['huli.enforcer'], t.uid.enforcer]));
      expect(huli).not.toContain(t.uid.enforcer2);
      const leaderOfHuli = await officers('huli.leader');
      expect(leaderOfHuli).not.toContain(t.uid.enforcer2);
      const city = await officers('leader');
      expect(city).toEqual(expect.arrayContaining([t.uid['huli.enforcer'], t.uid.enforcer, t.uid.enforcer2]));
      const r = await t.app.inject({ method: 'GET', url: '/api/v1/enforcement/officers', headers: t.h.enforcer });
      expect(r.json().items.find((o: { userId: string }) => o.userId === t.uid.enforcer2)).toMatchObject({ districtCode: '350203' });
    });

    it('refuses an officer of another district at intake, in the error shape', async () => {
      const clue = (await t.app.inject({ method: 'POST', url: '/api/v1/penalty-cases/clues', headers: t.h.enforcer, payload: { source: 'patrol', summary: '占道经营', address: '中山路', lon: t.point.lon, lat: t.point.lat } })).json().penaltyCase;
      const p = await t.step('enforcer', clue, 'summary', { violationCode: 'SR-001', party: { kind: 'org', name: '某水果店' }, fineFen: 200_000, facts: '店外占道经营' });
      const take = (officerIds: string[]) => t.app.inject({ method: 'POST', url: '/api/v1/impounds', headers: t.h.enforcer, payload: {
        kind: 'vehicle', measure: 'seizure', penaltyCaseId: p.id, reason: '占道经营，经责令仍不改正', photos: [t.photo], officerIds,
        items: [{ name: '电动三轮车', quantity: 1, unit: '辆' }], yard: '思明区暂扣场',
      } });
      const refused = await take([t.uid.enforcer!, t.uid['huli.enforcer']!]);
      expect(refused.statusCode, refused.body).toBe(422);
      const err = refused.json().error ?? refused.json();
      expect(err).toMatchObject({ code: 'OFFICER_OUTSIDE_DISTRICT', details: { userId: t.uid['huli.enforcer'], districtCode: '350203' } });
      expect(err.message).toContain('湖里区执法队员');
      expect(err.messageEn).toContain('does not work in the district');
      expect((await t.app.inject({ method: 'GET', url: `/api/v1/penalty-cases/${p.id}/impounds`, headers: t.h.enforcer })).json().items).toEqual([]);
      const ok = await take([t.uid.enforcer!, t.uid.enforcer2!]);
      expect(ok.statusCode, ok.body).toBe(201);
    }, 60_000);
  });
}
