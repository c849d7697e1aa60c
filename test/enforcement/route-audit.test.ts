/**
 * Every enforcement route that names a record, asked by an officer of another district (湖里 for a 思明
 * case or impound): it reads as not found, never as forbidden or as the record. And every such route fed
 * bad input with a valid id (wrong types, unknown kinds, digests of nothing, stale versions): a 4xx in the
 * one error shape, never a 5xx.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enforcementApp, KINDS, type EnforcementApp } from './helpers.js';

for (const kind of KINDS) {
  describe(`enforcement routes: scope and validation (${kind})`, () => {
    let t: EnforcementApp;
    let penalty: { id: string; version: number };
    let impound: { id: string; version: number; documents: Array<{ sha256: string }> };
    beforeAll(async () => {
      t = await enforcementApp(kind);
      const point = t.point;
      const clue = (await t.app.inject({ method: 'POST', url: '/api/v1/penalty-cases/clues', headers: t.h.enforcer, payload: { source: 'patrol', summary: '占道经营', address: '思明区中山路', lon: point.lon, lat: point.lat, evidence: [t.photo] } })).json().penaltyCase;
      penalty = await t.step('leader', clue, 'file', { violationCode: 'GG-001', party: { kind: 'person', name: '陈大明', idNumber: '350203198507154321' }, officerIds: [t.uid.enforcer, t.uid.enforcer2], opinion: '同意立案', occurredAt: new Date(t.clock.now() - 86_400_000).toISOString() });
      const r = await t.app.inject({ method: 'POST', url: '/api/v1/impounds', headers: t.h.enforcer, payload: {
        kind: 'vehicle', measure: 'seizure', penaltyCaseId: penalty.id, reason: '扣押', photos: [t.photo], officerIds: [t.uid.enforcer, t.uid.enforcer2],
        items: [{ name: '电动自行车', quantity: 1, unit: '辆' }], yard: '思明区暂扣场',
      } });
      expect(r.statusCode, r.body).toBe(201);
      impound = r.json().impound;
    }, 120_000);
    afterAll(async () => t?.close());

    const shape = (res: { statusCode: number; json(): any; body: string }) => {
      expect(res.statusCode, res.body).toBeGreaterThanOrEqual(400);
      expect(res.statusCode, res.body).toBeLessThan(500);
      expect(res.json()).toMatchObject({ code: expect.any(String), message: expect.any(String), messageEn: expect.any(String) });
      return res.json().code as string;
    };

    it('reads every 思明 record as not found for 湖里’s officer and head', async () => {
      const doc = impound.documents[0]!.sha256;
      const reads: Array<[string, string, Record<string, unknown>?]> = [
        ['GET', `/api/v1/penalty-cases/${penalty.id}`], ['GET', `/api/v1/penalty-cases/${penalty.id}/events`],
        ['GET', `/api/v1/penalty-cases/${penalty.id}/evidence/${t.photo}`], ['GET', `/api/v1/penalty-cases/${penalty.id}/impounds`],
        ['GET', `/api/v1/penalty-cases/${penalty.id}/party-notices`], ['POST', `/api/v1/penalty-cases/${penalty.id}/documents`, { kind: 'filing_approval' }],
        ['GET', `/api/v1/penalty-cases/${penalty.id}/documents/${doc}`],
        ['POST', `/api/v1/penalty-cases/${penalty.id}/actions/record_evidence`, { version: penalty.version, kind: 'inspection', note: 'x', files: [t.photo] }],
        ['POST', `/api/v1/penalty-cases/${penalty.id}/actions/dismiss`, { version: penalty.version, reason: 'x' }],
        ['GET', `/api/v1/impounds/${impound.id}`], ['GET', `/api/v1/impounds/${impound.id}/events`], ['GET', `/api/v1/impounds/${impound.id}/documents/${doc}`],
        ['GET', `/api/v1/impounds/${impound.id}/photos/${t.photo}`], ['POST', `/api/v1/impounds/${impound.id}/documents`, { kind: 'impound_notice' }],
        ['POST', `/api/v1/impounds/${impound.id}/actions/move`, { version: impound.version, yard: '湖里', reason: 'x' }],
        ['POST', `/api/v1/impounds/${impound.id}/actions/release`, { version: impound.version, ground: 'other' }],
      ];
      for (const who of ['huli.enforcer', 'huli.leader']) {
        for (const [method, url, payload] of reads) {
          const res = await t.app.inject({ method: method as 'GET', url, headers: t.h[who], ...(payload ? { payload } : {}) });
          expect([res.statusCode, `${who} ${method} ${url}`]).toEqual([404, `${who} ${method} ${url}`]);
          shape(res);
        }
        // Lists and the yard leave it out.
        const list = (await t.app.inject({ method: 'GET', url: '/api/v1/penalty-cases?limit=200', headers: t.h[who] })).json();
        expect(list.items.map((p: { id: string }) => p.id)).not.toContain(penalty.id);
        const yard = (await t.app.inject({ method: 'GET', url: '/api/v1/impounds/yard', headers: t.h[who] })).json();
        expect(yard.rows.map((r: { impound: { id: string } }) => r.impound.id)).not.toContain(impound.id);
        const impounds = (await t.app.inject({ method: 'GET', url: `/api/v1/impounds?penaltyCaseId=${penalty.id}`, headers: t.h[who] })).json();
        expect(impounds.items).toEqual([]);
      }
      {
        // Taking things in for another district's case: that case is not found either.
        const who = 'huli.enforcer';
        const take = await t.app.inject({ method: 'POST', url: '/api/v1/impounds', headers: t.h[who], payload: {
          kind: 'goods', measure: 'seizure', penaltyCaseId: penalty.id, reason: 'x', photos: [t.photo], officerIds: [t.uid['huli.enforcer'], t.uid.enforcer2], items: [{ name: 'x', quantity: 1, unit: '件' }], yard: 'y',
        } });
        expect([take.statusCode, shape(take)]).toEqual([404, 'PENALTY_CASE_NOT_FOUND']);
      }
    }, 120_000);

    it('answers bad input on a real record with a 4xx in the one shape, never a 5xx', async () => {
      const bad: Array<[string, string, unknown]> = [
        ['POST', `/api/v1/penalty-cases/${penalty.id}/actions/record_evidence`, { version: penalty.version, kind: 'inspection', note: 'x', files: ['0'.repeat(64)] }],
        ['POST', `/api/v1/penalty-cases/${penalty.id}/actions/record_evidence`, { version: penalty.version, kind: 'nonsense', note: 'x', files: [t.photo] }],
        ['POST', `/api/v1/penalty-cases/${penalty.id}/actions/record_evidence`, { version: penalty.version, kind: 'inspection', note: 'x', files: [t.photo], officerIds: ['nobody', 42] }],
        ['POST', `/api/v1/penalty-cases/${penalty.id}/actions/record_evidence`, { version: 999, kind: 'inspection', note: 'x', files: [t.photo] }],
        ['POST', `/api/v1/penalty-cases/${penalty.id}/actions/record_evidence`, { kind: 'inspection' }],
        ['POST', `/api/v1/penalty-cases/${penalty.id}/actions/nonsense`, { version: penalty.version }],
        ['POST', `/api/v1/penalty-cases/${penalty.id}/actions/propose`, { version: penalty.version, facts: { areaM2: 'many' } }],
        ['POST', `/api/v1/penalty-cases/${penalty.id}/actions/pay`, { version: penalty.version, amountFen: -5, receiptNo: 'x' }],
        ['POST', `/api/v1/penalty-cases/${penalty.id}/actions/arrange`, { version: penalty.version, kind: 'deferral', until: 'tomorrow', reason: 'x' }],
        ['POST', `/api/v1/penalty-cases/${penalty.id}/documents`, { kind: 'nonsense' }],
        ['POST', `/api/v1/penalty-cases/${penalty.id}/documents`, { kind: 'decision' }],
        ['GET', `/api/v1/penalty-cases/${penalty.id}/documents/${'0'.repeat(64)}`, undefined],
        ['GET', `/api/v1/penalty-cases/${penalty.id}/documents/not-a-digest`, undefined],
        ['GET', `/api/v1/penalty-cases/${penalty.id}/evidence/${'0'.repeat(64)}`, undefined],
        ['POST', '/api/v1/penalty-cases/clues', { source: 'patrol', summary: 'x', address: 'x', lon: 200, lat: 95 }],
        ['POST', '/api/v1/penalty-cases/clues', { source: 'patrol', summary: 'x', address: 'x', lon: 0, lat: 0 }],
        ['POST', '/api/v1/penalty-cases/clues', { source: 'patrol', summary: 'x', address: 'x', evidence: ['0'.repeat(64)], lon: 118.08, lat: 24.45 }],
        ['GET', '/api/v1/penalty-cases?limit=0', undefined], ['GET', '/api/v1/penalty-cases?state=nonsense&districtCode=abc', undefined],
        ['POST', `/api/v1/impounds/${impound.id}/actions/extend`, { version: impound.version, days: 'ten', reason: 'x' }],
        ['POST', `/api/v1/impounds/${impound.id}/actions/release`, { version: impound.version, ground: 'because' }],
        ['POST', `/api/v1/impounds/${impound.id}/actions/return`, { version: impound.version, recipient: 'x' }],
        ['POST', `/api/v1/impounds/${impound.id}/actions/add_photos`, { version: impound.version, photos: ['0'.repeat(64)] }],
        ['POST', `/api/v1/impounds/${impound.id}/actions/dispose`, { version: impound.version, ground: 'confiscated', method: 'rehome' }],
        ['POST', `/api/v1/impounds/${impound.id}/actions/__proto__`, { version: impound.version }],
        ['POST', `/api/v1/impounds/${impound.id}/documents`, { kind: 'disposal_record' }],
        ['POST', '/api/v1/impounds', { kind: 'vehicle', measure: 'seizure', penaltyCaseId: 'no-such-case', reason: 'x', photos: [t.photo], officerIds: [t.uid.enforcer, t.uid.enforcer2], items: [{ name: 'x', quantity: 1, unit: '辆' }], yard: 'y' }],
        ['POST', '/api/v1/impounds', { kind: 'vehicle', measure: 'seizure', reason: 'x', address: '中山路', lon: 0, lat: 0, photos: [t.photo], officerIds: [t.uid.enforcer, t.uid.enforcer2], items: [{ name: 'x', quantity: 1, unit: '辆' }], yard: 'y' }],
        ['POST', '/api/v1/impounds', { kind: 'vehicle', measure: 'seizure', reason: 'x', photos: [t.photo], officerIds: [t.uid.enforcer, t.uid.enforcer2], items: [{ name: 'x', quantity: 1, unit: '辆' }], yard: 'y' }],
        ['POST', '/api/v1/impounds', { kind: 'vehicle', measure: 'seizure', penaltyCaseId: penalty.id, reason: 'x', photos: [t.photo], officerIds: ['nobody', 'nobody2'], items: [{ name: 'x', quantity: 1, unit: '辆' }], yard: 'y' }],
        ['POST', '/api/v1/impounds', { kind: 'vehicle', measure: 'seizure', penaltyCaseId: penalty.id, reason: 'x', photos: [t.photo], officerIds: [t.uid.enforcer, t.uid.enforcer2], items: [], yard: 'y' }],
        ['POST', '/api/v1/impounds', { kind: 'vehicle', measure: 'seizure', penaltyCaseId: penalty.id, reason: '   ', photos: [t.photo], officerIds: [t.uid.enforcer, t.uid.enforcer2], items: [{ name: '  ', quantity: 1, unit: ' ' }], yard: '  ' }],
        ['GET', '/api/v1/impounds?state=nonsense&kind=cat', undefined], ['GET', '/api/v1/impounds/yard?districtCode=x', undefined],
        ['POST', '/api/v1/enforcement/discretion/calculate', { violationCode: 'NOPE', facts: {} }],
        ['POST', '/api/v1/enforcement/discretion/calculate', { violationCode: 'GG-001', facts: { areaM2: -1, firstTime: 'yes' } }],
        ['GET', '/api/v1/enforcement/figures?by=planet', undefined],
        ['GET', '/api/v1/public/party-notices/short', undefined],
        ['POST', `/api/v1/public/party-notices/${'a'.repeat(32)}/statements`, { text: 'x' }],
      ];
      const seen: string[] = [];
      for (const [method, url, payload] of bad) {
        const res = await t.app.inject({ method: method as 'GET', url, headers: t.h.enforcer, ...(payload !== undefined ? { payload: payload as object } : {}) });
        seen.push(`${res.statusCode} ${method} ${url.slice(0, 70)} ${JSON.stringify(payload ?? '').slice(0, 60)}`);
        if (res.statusCode >= 400 && res.statusCode < 500) shape(res);
      }
      // Every one of them is refused, none with a 5xx (a clue outside the city and blank names were taken before).
      expect(seen.filter((s) => !s.startsWith('4'))).toEqual([]);
    }, 120_000);

    it('checks a clue’s place before writing it: outside the city 422, another district 403 with nothing written, an earlier clue of another district 404', async () => {
      const sisming = (await t.ctx.geo.listGrids({ limit: 1, districtCode: '350203' }))[0]!.label;
      const huli = (await t.ctx.geo.listGrids({ limit: 1, districtCode: '350206' }))[0]!.label;
      const clue = (who: string, body: Record<string, unknown>) => t.app.inject({ method: 'POST', url: '/api/v1/penalty-cases/clues', headers: t.h[who], payload: { source: 'patrol', summary: '占道经营', address: '某路', ...body } });
      expect(shape(await clue('enforcer', { lon: 0, lat: 0 }))).toBe('OUTSIDE_MANAGED_AREA');
      expect(shape(await clue('enforcer', { districtCode: '999999' }))).toBe('OUTSIDE_MANAGED_AREA');
      expect(shape(await clue('enforcer', {}))).toBe('OUTSIDE_MANAGED_AREA');
      const foreign = await clue('huli.enforcer', { sourceRef: 'audit-1', lon: sisming.lon, lat: sisming.lat });
      expect([foreign.statusCode, shape(foreign)]).toEqual([403, 'FORBIDDEN_SCOPE']);
      expect(await t.ctx.enforcement.store.lookup('source', ['patrol', 'audit-1'])).toBeUndefined();
      const mine = await clue('enforcer', { sourceRef: 'audit-2', lon: sisming.lon, lat: sisming.lat });
      expect(mine.statusCode, mine.body).toBe(201);
      const again = await clue('huli.enforcer', { sourceRef: 'audit-2', lon: huli.lon, lat: huli.lat });
      expect([again.statusCode, shape(again)]).toEqual([404, 'PENALTY_CASE_NOT_FOUND']);
      expect((await clue('enforcer', { sourceRef: 'audit-2', lon: sisming.lon, lat: sisming.lat })).statusCode).toBe(200);
    }, 60_000);

    it('refuses names of nothing but spaces in impounds and actions', async () => {
      const r = await t.app.inject({ method: 'POST', url: `/api/v1/impounds/${impound.id}/actions/move`, headers: t.h.enforcer, payload: { version: impound.version, yard: '   ', reason: '仓库满' } });
      expect([r.statusCode, shape(r)]).toEqual([400, 'VALIDATION_FAILED']);
      const d = await t.app.inject({ method: 'POST', url: `/api/v1/penalty-cases/${penalty.id}/actions/record_evidence`, headers: t.h.enforcer, payload: { version: penalty.version, kind: 'inspection', note: '  ', files: [t.photo] } });
      expect([d.statusCode, shape(d)]).toEqual([400, 'VALIDATION_FAILED']);
    }, 60_000);
  });
}
