import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { KINDS, seedPatrolWorld, walk, type PatrolWorld } from './helpers.js';

const MIN = 60_000;

for (const kind of KINDS) {
  describe(`an inspector's day on patrol (${kind})`, () => {
    let t: TestApp;
    let w: PatrolWorld;
    let planId: string;
    const post = (who: string, url: string, payload: unknown) => t.app.inject({ method: 'POST', url, headers: w.h[who], payload: payload as object });
    const get = (who: string, url: string) => t.app.inject({ method: 'GET', url, headers: w.h[who] });

    beforeAll(async () => {
      t = await buildTestApp(kind);
      w = await seedPatrolWorld(t);
    }, 120_000);
    afterAll(async () => t?.close());

    it('lets a shift lead plan three grids for the inspector, and the inspector app shows them', async () => {
      const r = await post('shiftlead', '/api/v1/patrol/plans', {
        name: '思明白班', districtCode: w.districtCode, streetCode: w.streetCode, from: '08:00', to: '18:00',
        grids: w.grids.map((g) => ({ code: g.code, cls: 'key' })), inspectorIds: [w.ids.inspector!],
      });
      expect(r.statusCode, r.body).toBe(200);
      planId = r.json().id;
      expect(r.json().frequencies.key).toBe(2);
      const mine = await get('inspector', '/api/v1/patrol/plans');
      expect(mine.json().map((p: { id: string }) => p.id)).toEqual([planId]);
      expect((await get('huli.inspector', '/api/v1/patrol/plans')).json()).toEqual([]);
      const bad = await post('shiftlead', '/api/v1/patrol/plans', { name: 'x', districtCode: w.districtCode, from: '08:00', to: '18:00', grids: [{ code: w.away.code.replace(/^\d{6}/, '350206'), cls: 'key' }], inspectorIds: [] });
      expect(bad.statusCode).toBe(422);
      expect(bad.json().code).toBe('PLAN_GRID_INVALID');
      // The plan editor's choices: who may start a shift in the street; an inspector may not plan.
      const choices = (await get('shiftlead', `/api/v1/patrol/inspectors?streetCode=${w.streetCode}`)).json();
      expect(choices.map((c: { id: string }) => c.id)).toEqual(expect.arrayContaining([w.ids.inspector, w.ids['siming.inspector']]));
      expect(choices.map((c: { id: string }) => c.id)).not.toContain(w.ids['huli.inspector']);
      expect((await get('inspector', `/api/v1/patrol/inspectors?streetCode=${w.streetCode}`)).statusCode).toBe(403);
      expect((await get('huli.leader', `/api/v1/patrol/inspectors?districtCode=${w.districtCode}`)).statusCode).toBe(403);
      expect((await post('inspector', '/api/v1/patrol/plans', { name: 'x', districtCode: w.districtCode, from: '08:00', to: '18:00', grids: [{ code: w.grids[0]!.code, cls: 'key' }], inspectorIds: [] })).statusCode).toBe(403);
    });

    it('records a shift through three grids with an offline gap uploaded later, two reports, and shows track, coverage and figures', async () => {
      const start = t.clock.now();
      const s = await post('inspector', '/api/v1/patrol/shifts', { intervalS: 10 });
      expect(s.statusCode, s.body).toBe(200);
      const shift = s.json();
      expect(shift.state).toBe('on_duty');
      expect(shift.assigned.sort()).toEqual(w.grids.map((g) => g.code).sort());
      expect((await post('inspector', '/api/v1/patrol/shifts', {})).json().code).toBe('SHIFT_ALREADY_OPEN');
      const url = `/api/v1/patrol/shifts/${shift.id}/points`;
      const [a, b, c] = w.grids as [PatrolWorld['grids'][0], PatrolWorld['grids'][0], PatrolWorld['grids'][0]];

      // Grid A, live: one point every 10 s for 10 minutes.
      const inA = walk(a, { lon: a.lon + 0.0003, lat: a.lat }, 60, start, 10, 1);
      for (const p of inA) {
        t.clock.set(p.at);
        const r = await post('inspector', url, { crs: 'gcj02', points: [p] });
        expect(r.statusCode, r.body).toBe(200);
      }
      const r1 = await post('inspector', '/api/v1/reports', { source: 'inspector', lon: a.lon, lat: a.lat, categoryCode: 'C0102', description: '井盖破损', photos: [w.photo] });
      expect(r1.statusCode, r1.body).toBe(201);

      // Towards B and in B: offline, the app keeps the points.
      const offline = [...walk(a, b, 30, start + 10 * MIN, 10, 61), ...walk(b, { lon: b.lon, lat: b.lat + 0.0002 }, 30, start + 15 * MIN, 10, 91)];
      t.clock.set(start + 20 * MIN);
      // The network returns: the batch goes up; the app did not hear the answer and sends it again.
      const up = await post('inspector', url, { crs: 'gcj02', points: offline });
      expect(up.json()).toEqual({ accepted: 60, duplicates: 0, points: 120 });
      const again = await post('inspector', url, { crs: 'gcj02', points: [...offline, inA[59]] });
      expect(again.json()).toEqual({ accepted: 0, duplicates: 61, points: 120 });

      // On to C, live, and a second report there.
      const toC = walk(b, c, 60, start + 20 * MIN, 10, 121);
      for (let i = 0; i < toC.length; i += 6) {
        t.clock.set(toC[Math.min(i + 5, toC.length - 1)]!.at);
        expect((await post('inspector', url, { crs: 'gcj02', points: toC.slice(i, i + 6) })).statusCode).toBe(200);
      }
      const r2 = await post('inspector', '/api/v1/reports', { source: 'inspector', lon: c.lon, lat: c.lat, categoryCode: 'C0102', description: '井盖缺失', photos: [w.photo] });
      expect(r2.statusCode).toBe(201);

      // The command center sees the inspector live, in grid C.
      const live = (await get('shiftlead', '/api/v1/patrol/live')).json();
      expect(live).toHaveLength(1);
      expect(live[0].shift.inspectorId).toBe(w.ids.inspector);
      expect(live[0].points).toBe(180);
      expect((await get('huli.leader', '/api/v1/patrol/live')).json()).toEqual([]);
      expect((await get('operator', '/api/v1/patrol/live')).statusCode).toBe(403);

      t.clock.set(start + 31 * MIN);
      const ended = await post('inspector', `/api/v1/patrol/shifts/${shift.id}/actions/end`, { version: shift.version });
      expect(ended.statusCode, ended.body).toBe(200);
      expect(ended.json().state).toBe('ended');

      const d = (await get('shiftlead', `/api/v1/patrol/shifts/${shift.id}`)).json();
      expect(d.points).toHaveLength(180);
      expect(d.points.map((p: number[]) => p[0])).toEqual([...d.points.map((p: number[]) => p[0])].sort((x: number, y: number) => x - y));
      expect(d.figures.points).toBe(180);
      expect(d.figures.gridsCovered).toBe(3);
      expect(d.figures.coverage).toBe(100);
      expect(d.figures.dutyMs).toBe(31 * MIN);
      expect(d.figures.distanceM).toBeGreaterThan(100);
      // The offline stretch was filled in: no gap in the track.
      expect(d.figures.anomalies.filter((x: { kind: string }) => x.kind === 'gap')).toEqual([]);
      expect(d.reports.map((x: { id: string }) => x.id).sort()).toEqual([r1.json().case.id, r2.json().case.id].sort());

      // The events say what happened, figures on the end.
      const events = (await get('inspector', `/api/v1/patrol/shifts/${shift.id}/events`)).json();
      expect(events.map((e: { type: string }) => e.type)).toEqual(['started', 'ended']);
      expect(events[1].data.figures.gridsCovered).toBe(3);
      // Out of scope reads as not found.
      expect((await get('huli.leader', `/api/v1/patrol/shifts/${shift.id}`)).statusCode).toBe(404);
      expect((await get('siming.inspector', `/api/v1/patrol/shifts/${shift.id}`)).statusCode).toBe(404);

      // The post evaluation shows the shift beside the inspector's case indicators.
      const ev = (await get('leader', '/api/v1/evaluation?level=post&from=2026-03-02&to=2026-03-02')).json();
      const row = ev.rows.find((x: { type: string; id: string }) => x.type === 'inspector' && x.id === w.ids.inspector);
      expect(row.patrol).toMatchObject({ shifts: 1, coverage: 100, dutyMs: 31 * MIN, anomalies: 0 });
      // …and weighs in the score: full coverage and no anomalies; 31 minutes on duty and the short walk score low.
      const term = (key: string) => row.terms.find((x: { key: string }) => x.key === key);
      expect([term('patrolCoverage').value, term('patrolAnomalies').value, term('patrolDuty').value, term('patrolDistance').value]).toEqual([100, 100, 40, 40]);

      // Coverage against the plan: each key grid was visited in the window 08:00–10:00 under way.
      const cov = (await get('shiftlead', `/api/v1/patrol/coverage?planId=${planId}`)).json();
      expect(cov.plans[0].grids.every((g: { current: boolean }) => g.current === true)).toBe(true);
      expect(cov.uncovered).toEqual([]);
      expect(cov.streets[0].code).toBe(w.streetCode);
    });

    it('names a gap, a long stop and time outside the grids as anomalies, and refuses points from outside the shift', async () => {
      const start = t.clock.now() + 5 * MIN;
      t.clock.set(start);
      const shift = (await post('inspector', '/api/v1/patrol/shifts', {})).json();
      const url = `/api/v1/patrol/shifts/${shift.id}/points`;
      const a = w.grids[0]!;
      // 35 minutes standing still, then silence for 12 minutes, then 12 minutes in another street.
      const still = walk(a, a, 211, start, 10, 1);
      const away = walk(w.away, w.away, 73, start + 47 * MIN, 10, 212);
      t.clock.set(start + 60 * MIN);
      expect((await post('inspector', url, { points: [...still, ...away] })).json().accepted).toBe(284);
      const early = await post('inspector', url, { points: [{ seq: 999, at: start - 60 * MIN, lon: a.lon, lat: a.lat }] });
      expect(early.statusCode).toBe(422);
      expect(early.json().code).toBe('POINT_OUTSIDE_SHIFT');
      expect((await post('huli.inspector', url, { points: still.slice(0, 1) })).statusCode).toBe(404);
      const pause = await post('inspector', `/api/v1/patrol/shifts/${shift.id}/actions/pause`, { version: 1 });
      expect(pause.json().state).toBe('paused');
      t.clock.set(start + 80 * MIN);
      const resumed = await post('inspector', `/api/v1/patrol/shifts/${shift.id}/actions/resume`, { version: 2 });
      expect(resumed.json().state).toBe('on_duty');
      t.clock.set(start + 82 * MIN);
      const d = (await get('inspector', `/api/v1/patrol/shifts/${shift.id}`)).json();
      const kinds = d.figures.anomalies.map((x: { kind: string }) => x.kind);
      expect(kinds).toContain('stationary');
      expect(kinds).toContain('gap');
      expect(kinds).toContain('outside_area');
      // The pause is not duty time and not a gap.
      expect(d.figures.dutyMs).toBe(62 * MIN);
      expect(d.figures.anomalies.filter((x: { kind: string; from: number }) => x.kind === 'gap' && x.from >= start + 59 * MIN)).toEqual([]);
      expect(d.figures.stationaryMs).toBeGreaterThanOrEqual(35 * MIN);
      await post('inspector', `/api/v1/patrol/shifts/${shift.id}/actions/end`, { version: 3 });
    });
  });
}
