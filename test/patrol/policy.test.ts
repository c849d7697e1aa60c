/** The level policy: changed by the city's leaders, each change a `policy_set` event on its stream. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { KINDS, seedPatrolWorld, type PatrolWorld } from './helpers.js';

for (const kind of KINDS) {
  describe(`level policy (${kind})`, () => {
    let t: TestApp;
    let w: PatrolWorld;
    const req = (who: string, method: 'GET' | 'PUT', url: string, payload?: unknown) => t.app.inject({ method, url, headers: w.h[who], ...(payload ? { payload: payload as object } : {}) });

    beforeAll(async () => {
      t = await buildTestApp(kind);
      w = await seedPatrolWorld(t);
    }, 120_000);
    afterAll(async () => t?.close());

    it('records who changed the policy and when, and answers with the change', async () => {
      const before = (await req('leader', 'GET', '/api/v1/command/policy')).json();
      expect(before.reinforced.frequencyFactor).toBe(2);
      expect((await req('leader', 'GET', '/api/v1/command/policy/events')).json()).toEqual([]);
      const next = { ...before, reinforced: { ...before.reinforced, frequencyFactor: 3, overrides: [{ classPrefix: 'C01', stage: 'handle', value: 2, unit: 'work_hours' }] } };
      expect((await req('operator', 'PUT', '/api/v1/command/policy', next)).statusCode).toBe(403);
      expect((await req('huli.leader', 'PUT', '/api/v1/command/policy', next)).statusCode).toBe(403);
      const bad = await req('leader', 'PUT', '/api/v1/command/policy', { ...next, reinforced: { ...next.reinforced, limitFactor: 2 } });
      expect(bad.statusCode).toBe(400);
      expect(bad.json()).toMatchObject({ code: expect.any(String), message: expect.any(String), messageEn: expect.any(String) });

      expect((await req('leader', 'PUT', '/api/v1/command/policy', next)).statusCode).toBe(200);
      t.clock.advance(60_000);
      const again = { ...next, emergency: { ...next.emergency, frequencyFactor: 6 } };
      expect((await req('leader', 'PUT', '/api/v1/command/policy', again)).json().emergency.frequencyFactor).toBe(6);
      expect((await req('shiftlead', 'GET', '/api/v1/command/policy')).json()).toEqual(again);
      const events = (await req('leader', 'GET', '/api/v1/command/policy/events')).json() as Array<{ type: string; actorId: string; data: { policy: typeof again } }>;
      expect(events.map((e) => [e.type, e.actorId, e.data.policy.reinforced.frequencyFactor, e.data.policy.emergency.frequencyFactor])).toEqual([
        ['policy_set', w.ids.leader, 3, 4], ['policy_set', w.ids.leader, 3, 6],
      ]);
    });
  });
}
