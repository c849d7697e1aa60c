/** Repeating level schedules: the occurrences of a rule (pure), and the timer switching them on the test clock. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nextOccurrence, repeatText } from '../../src/command/recurrence.js';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { KINDS, seedPatrolWorld, type PatrolWorld } from './helpers.js';

const at = (iso: string) => Date.parse(`${iso}+08:00`);

describe('nextOccurrence', () => {
  const far = at('2027-01-01T00:00:00');
  it('gives the day’s hours, then the next day’s', () => {
    const r = { days: [1, 2, 3, 4, 5], from: '07:00', to: '09:00' };
    expect(nextOccurrence(r, at('2026-12-02T06:00:00'), 0, far)).toEqual({ from: at('2026-12-02T07:00:00'), until: at('2026-12-02T09:00:00') });
    // In force now: the current one.
    expect(nextOccurrence(r, at('2026-12-02T08:00:00'), 0, far)).toEqual({ from: at('2026-12-02T07:00:00'), until: at('2026-12-02T09:00:00') });
    // At its end: the next working day's (Friday → Monday).
    expect(nextOccurrence(r, at('2026-12-02T09:00:00'), 0, far)).toEqual({ from: at('2026-12-03T07:00:00'), until: at('2026-12-03T09:00:00') });
    expect(nextOccurrence(r, at('2026-12-04T10:00:00'), 0, far)).toEqual({ from: at('2026-12-07T07:00:00'), until: at('2026-12-07T09:00:00') });
  });
  it('joins a weekend into one occurrence and clips to the period', () => {
    const weekend = { days: [6, 0], from: '00:00', to: '24:00' };
    expect(nextOccurrence(weekend, at('2026-12-02T12:00:00'), 0, far)).toEqual({ from: at('2026-12-05T00:00:00'), until: at('2026-12-07T00:00:00') });
    // Within it: what is left of it (Sunday's part).
    expect(nextOccurrence(weekend, at('2026-12-06T12:00:00'), 0, far)).toEqual({ from: at('2026-12-06T00:00:00'), until: at('2026-12-07T00:00:00') });
    expect(nextOccurrence(weekend, at('2026-12-02T12:00:00'), at('2026-12-05T08:00:00'), at('2026-12-06T20:00:00'))).toEqual({ from: at('2026-12-05T08:00:00'), until: at('2026-12-06T20:00:00') });
    expect(nextOccurrence(weekend, at('2026-12-07T00:00:00'), 0, at('2026-12-10T00:00:00'))).toBeNull();
    expect(repeatText(weekend)).toBe('每周六、日 00:00–24:00');
  });
  it('runs an overnight window into the next day', () => {
    const night = { days: [0, 1, 2, 3, 4, 5, 6], from: '22:00', to: '06:00' };
    expect(nextOccurrence(night, at('2026-12-03T02:00:00'), 0, far)).toEqual({ from: at('2026-12-02T22:00:00'), until: at('2026-12-03T06:00:00') });
  });
});

for (const kind of KINDS) {
  describe(`repeating level schedules (${kind})`, () => {
    let t: TestApp;
    let w: PatrolWorld;
    const post = (who: string, url: string, payload: unknown) => t.app.inject({ method: 'POST', url, headers: w.h[who], payload: payload as object });
    // Days pass on the test clock: a session that has lapsed is opened again.
    const get = async (who: string, url: string) => {
      const r = await t.app.inject({ method: 'GET', url, headers: w.h[who] });
      if (r.statusCode !== 401) return r;
      w.h[who] = await t.login(who);
      return t.app.inject({ method: 'GET', url, headers: w.h[who] });
    };
    const level = async () => (await get('leader', '/api/v1/command/levels')).json().find((a: { areaCode: string }) => a.areaCode === w.streetCode)?.level ?? 'normal';

    beforeAll(async () => {
      t = await buildTestApp(kind);
      w = await seedPatrolWorld(t);
      // A Wednesday, 06:00 in Xiamen.
      t.clock.set(at('2026-12-02T06:00:00'));
      for (const who of ['leader', 'operator']) w.h[who] = await t.login(who);
    }, 120_000);
    afterAll(async () => t?.close());

    it('switches 加强 on every working day 07:00–09:00 by the clock, each switch an event', async () => {
      expect((await post('leader', '/api/v1/command/schedules', {
        areaCode: w.streetCode, level: 'reinforced', from: t.clock.now(), until: at('2026-12-31T00:00:00'), reason: '早高峰', repeat: { days: [1, 2, 3, 4, 5], from: '09:00', to: '07:00x' },
      })).json().code).toBe('VALIDATION_FAILED');
      const refused = await post('leader', '/api/v1/command/schedules', {
        areaCode: w.streetCode, level: 'reinforced', from: at('2026-12-05T00:00:00'), until: at('2026-12-06T23:00:00'), reason: '早高峰', repeat: { days: [1, 2, 3, 4, 5], from: '07:00', to: '09:00' },
      });
      expect(refused.statusCode).toBe(422);
      expect(refused.json()).toMatchObject({ code: 'SCHEDULE_NO_OCCURRENCE', message: expect.any(String), messageEn: expect.any(String) });
      expect((await post('operator', '/api/v1/command/schedules', {
        areaCode: w.streetCode, level: 'reinforced', from: t.clock.now(), until: at('2026-12-31T00:00:00'), reason: '早高峰', repeat: { days: [1, 2, 3, 4, 5], from: '07:00', to: '09:00' },
      })).statusCode).toBe(403);

      const s = await post('leader', '/api/v1/command/schedules', {
        areaCode: w.streetCode, level: 'reinforced', from: t.clock.now(), until: at('2026-12-31T00:00:00'), reason: '早高峰', repeat: { days: [1, 2, 3, 4, 5], from: '07:00', to: '09:00' },
      });
      expect(s.statusCode, s.body).toBe(200);
      expect(s.json()).toMatchObject({ state: 'pending', from: at('2026-12-02T07:00:00'), until: at('2026-12-02T09:00:00'), repeatText: '每周一、二、三、四、五 07:00–09:00' });

      expect((await t.ctx.command.sweep()).applied).toBe(0);
      t.clock.set(at('2026-12-02T07:00:00'));
      expect((await t.ctx.command.sweep()).applied).toBe(1);
      expect(await level()).toBe('reinforced');
      t.clock.set(at('2026-12-02T09:00:00'));
      expect((await t.ctx.command.sweep()).lifted).toBe(1);
      expect(await level()).toBe('normal');
      const waiting = (await get('leader', '/api/v1/command/schedules')).json().find((x: { id: string }) => x.id === s.json().id);
      expect(waiting).toMatchObject({ state: 'pending', from: at('2026-12-03T07:00:00'), until: at('2026-12-03T09:00:00') });
      t.clock.set(at('2026-12-03T07:30:00'));
      expect((await t.ctx.command.sweep()).applied).toBe(1);
      expect(await level()).toBe('reinforced');
      t.clock.set(at('2026-12-03T09:00:00'));
      expect((await t.ctx.command.sweep()).lifted).toBe(1);
      // Friday's ends; the next is Monday's.
      t.clock.set(at('2026-12-04T07:00:00'));
      await t.ctx.command.sweep();
      t.clock.set(at('2026-12-04T09:00:00'));
      await t.ctx.command.sweep();
      t.clock.set(at('2026-12-05T08:00:00'));
      expect(await t.ctx.command.sweep()).toMatchObject({ applied: 0, lifted: 0 });
      expect(await level()).toBe('normal');
      expect((await get('leader', '/api/v1/command/schedules')).json().find((x: { id: string }) => x.id === s.json().id).from).toBe(at('2026-12-07T07:00:00'));

      const areaEvents = (await get('leader', `/api/v1/command/levels/${w.streetCode}/events`)).json() as Array<{ data: { level: string; scheduleId: string } }>;
      expect(areaEvents.map((e) => e.data.level)).toEqual(['reinforced', 'normal', 'reinforced', 'normal', 'reinforced', 'normal']);
      expect(areaEvents.every((e) => e.data.scheduleId === s.json().id)).toBe(true);
      const types = (await t.ctx.db.kysely.selectFrom('command_schedule_events').select('type').where('stream_id', '=', s.json().id).orderBy('seq').execute()).map((r) => r.type);
      expect(types).toEqual(['scheduled', 'started', 'ended', 'started', 'ended', 'started', 'ended']);
    });
  });
}
