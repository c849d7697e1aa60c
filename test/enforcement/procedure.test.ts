import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAY_MS, HOUR_MS } from '../../src/core/time.js';
import { enforcementApp, KINDS, type EnforcementApp } from './helpers.js';

const code = (res: { statusCode: number; json(): any }) => [res.statusCode, res.json().code];

for (const kind of KINDS) {
  describe(`penalty cases over HTTP (${kind})`, () => {
    let t: EnforcementApp;
    beforeAll(async () => {
      t = await enforcementApp(kind);
    }, 120_000);
    afterAll(async () => t?.close());

    const clue = async (extra: Record<string, unknown> = {}) => {
      const r = await t.app.inject({ method: 'POST', url: '/api/v1/penalty-cases/clues', headers: t.h.enforcer, payload: { source: 'patrol', summary: '巡查发现违法搭建', address: '思明区湖滨南路 88 号', lon: t.point.lon, lat: t.point.lat, evidence: [t.photo], ...extra } });
      expect(r.statusCode, r.body).toBe(201);
      return r.json().penaltyCase;
    };

    it('opens a clue from a city case once, linked both ways, and locates it in its district', async () => {
      const rep = await t.app.inject({ method: 'POST', url: '/api/v1/reports', headers: t.h.inspector, payload: { source: 'inspector', lon: t.point.lon, lat: t.point.lat, categoryCode: 'C0102', description: '违法搭建彩钢棚' } });
      const cityCase = rep.json().case;
      const body = { source: 'case', cityCaseId: cityCase.id, summary: '案卷转执法：违法搭建彩钢棚', address: '思明区', lon: t.point.lon, lat: t.point.lat };
      const first = await t.app.inject({ method: 'POST', url: '/api/v1/penalty-cases/clues', headers: t.h.enforcer, payload: body });
      expect(first.statusCode, first.body).toBe(201);
      const p = first.json().penaltyCase;
      expect(p).toMatchObject({ state: 'clue', stateName: '线索', source: 'case', sourceRef: cityCase.id, cityCaseId: cityCase.id, version: 1 });
      expect(p.code).toMatch(/^ZF2026\d{6}$/);
      expect(p.place.districtCode).toBe('350203');
      const again = await t.app.inject({ method: 'POST', url: '/api/v1/penalty-cases/clues', headers: t.h.enforcer, payload: body });
      expect([again.statusCode, again.json().penaltyCase.id]).toEqual([200, p.id]);
      const back = await t.app.inject({ method: 'GET', url: `/api/v1/cases/${cityCase.id}/penalty-cases`, headers: t.h.leader });
      expect(back.json().items.map((x: { id: string }) => x.id)).toEqual([p.id]);
      // The programmatic entry other capabilities call is the same intake.
      const viaService = await t.ctx.enforcement.openClue({ source: 'case', cityCaseId: cityCase.id, summary: 'x', address: 'y' });
      expect([viaService.created, viaService.penaltyCase.id]).toEqual([false, p.id]);
      const video = await t.ctx.enforcement.openClue({ source: 'video', sourceRef: 'det-1', summary: '视频识别：占道经营', address: '中山路', lon: t.point.lon, lat: t.point.lat, evidence: [t.photo] });
      expect(video).toMatchObject({ created: true, penaltyCase: { source: 'video', sourceRef: 'det-1', state: 'clue' } });
      expect(video.penaltyCase.evidence).toHaveLength(1);
    });

    it('refuses a clue without the right role, and shows nothing outside the reader’s district', async () => {
      expect(code(await t.app.inject({ method: 'POST', url: '/api/v1/penalty-cases/clues', headers: t.h.admin, payload: { source: 'patrol', summary: 'x', address: 'y' } }))).toEqual([403, 'FORBIDDEN_ROLE']);
      expect(code(await t.app.inject({ method: 'POST', url: '/api/v1/penalty-cases/clues', headers: t.h.enforcer, payload: { source: 'aliens', summary: 'x', address: 'y' } }))).toEqual([400, 'VALIDATION_FAILED']);
      const p = await clue();
      expect(code(await t.app.inject({ method: 'GET', url: `/api/v1/penalty-cases/${p.id}`, headers: t.h['huli.enforcer'] }))).toEqual([404, 'PENALTY_CASE_NOT_FOUND']);
      const list = await t.app.inject({ method: 'GET', url: '/api/v1/penalty-cases', headers: t.h['huli.enforcer'] });
      expect(list.json().items.find((x: { id: string }) => x.id === p.id)).toBeUndefined();
      expect(code(await t.act('huli.leader', p.id, 'dismiss', { version: 1, reason: 'x' }))).toEqual([404, 'PENALTY_CASE_NOT_FOUND']);
      // Its evidence photo opens for the case's readers only, and only a file the case carries.
      const photo = await t.app.inject({ method: 'GET', url: `/api/v1/penalty-cases/${p.id}/evidence/${t.photo}`, headers: t.h.enforcer });
      expect(photo.statusCode).toBe(200);
      expect(photo.headers['content-type']).toBe('image/jpeg');
      expect(code(await t.app.inject({ method: 'GET', url: `/api/v1/penalty-cases/${p.id}/evidence/${t.photo}`, headers: t.h['huli.enforcer'] }))).toEqual([404, 'PENALTY_CASE_NOT_FOUND']);
      expect(code(await t.app.inject({ method: 'GET', url: `/api/v1/penalty-cases/${p.id}/evidence/${'0'.repeat(64)}`, headers: t.h.enforcer }))).toEqual([404, 'FILE_NOT_FOUND']);
    });

    it('files a case with two certified officers, and refuses filing past the limitation or with one officer', async () => {
      const p = await clue();
      const base = { violationCode: 'GH-001', party: { kind: 'person', name: '张三', idNumber: '350203198001011234' }, officerIds: [t.uid.enforcer, t.uid.enforcer2], opinion: '同意立案', occurredAt: '2026-02-20T10:00:00+08:00' };
      expect(code(await t.act('enforcer', p.id, 'file', { version: 1, ...base }))).toEqual([403, 'FORBIDDEN_ROLE']);
      expect(code(await t.act('leader', p.id, 'file', { version: 1, ...base, occurredAt: '2024-02-20T10:00:00+08:00' }))).toEqual([422, 'LIMITATION_EXPIRED']);
      // Five years where life, health or financial safety is involved (art. 36).
      expect(code(await t.act('leader', p.id, 'file', { version: 1, ...base, officerIds: [t.uid.enforcer] }))).toEqual([422, 'TWO_OFFICERS_REQUIRED']);
      expect(code(await t.act('leader', p.id, 'file', { version: 1, ...base, officerIds: [t.uid.enforcer, t.uid.operator] }))).toEqual([422, 'OFFICER_CERT_REQUIRED']);
      expect(code(await t.act('leader', p.id, 'file', { version: 1, ...base, violationCode: 'NOPE' }))).toEqual([422, 'VIOLATION_UNKNOWN']);
      const filed = await t.step('leader', p, 'file', { ...base, occurredAt: '2024-02-20T10:00:00+08:00', safetyRelated: true });
      expect(filed).toMatchObject({ state: 'investigating', version: 2, squad: '思明一中队', clock: { stage: 'decision', light: 'green' } });
      // 90 natural days from 立案 (art. 60).
      expect(filed.clock.dueAt - filed.filedAt).toBe(90 * DAY_MS);
      expect(filed.officers.map((o: { certNo: string }) => o.certNo)).toEqual(['闽35020001', '闽35020002']);
    });

    it('runs the summary procedure on the spot within its ceilings', async () => {
      const a = await clue();
      expect(code(await t.act('enforcer', a.id, 'summary', { version: 1, violationCode: 'SR-001', party: { kind: 'person', name: '李四' }, fineFen: 50_000, facts: '占道经营' }))).toEqual([422, 'SUMMARY_CEILING_EXCEEDED']);
      expect(code(await t.act('enforcer', a.id, 'summary', { version: 1, violationCode: 'SR-001', party: { kind: 'person', name: '李四' }, fineFen: 15_000, facts: '占道经营', paidOnSpot: true, receiptNo: 'R1' }))).toEqual([422, 'ON_SPOT_COLLECTION_LIMIT']);
      const paid = await t.step('enforcer', a, 'summary', { violationCode: 'SR-001', party: { kind: 'person', name: '李四' }, fineFen: 5_000, facts: '占道经营', paidOnSpot: true, receiptNo: 'R1' });
      expect(paid).toMatchObject({ state: 'closed', procedure: 'summary', decision: { fineFen: 5_000 }, payment: { paidFen: 5_000 } });
      const b = await clue();
      const org = await t.step('enforcer', b, 'summary', { violationCode: 'SR-001', party: { kind: 'org', name: '某餐饮店' }, fineFen: 200_000, facts: '店外经营' });
      expect(org).toMatchObject({ state: 'executing', clock: { stage: 'payment' } });
    }, 60_000);

    it('takes a general case through review, notice, hearing, legal review and collective discussion to a decision', async () => {
      const p0 = await clue();
      let p = await t.step('leader', p0, 'file', { violationCode: 'GH-001', party: { kind: 'person', name: '王五', idNumber: '350203198001011234', address: '思明区' }, officerIds: [t.uid.enforcer, t.uid.enforcer2], opinion: '同意', occurredAt: '2026-02-25T10:00:00+08:00' });
      expect(code(await t.act('enforcer', p.id, 'finish_investigation', { version: p.version, summary: 'x' }))).toEqual([422, 'EVIDENCE_REQUIRED']);
      expect(code(await t.act('huli.enforcer', p.id, 'record_evidence', { version: p.version, kind: 'inspection', note: 'x', files: [t.photo] }))).toEqual([404, 'PENALTY_CASE_NOT_FOUND']);
      p = await t.step('enforcer', p, 'record_evidence', { kind: 'inspection', note: '现场检查：彩钢棚约300平方米', files: [t.photo], officerIds: [t.uid.enforcer, t.uid.enforcer2] });
      p = await t.step('enforcer2', p, 'record_evidence', { kind: 'interview', note: '询问当事人', files: [t.photo], officerIds: [t.uid.enforcer, t.uid.enforcer2] });
      p = await t.step('enforcer', p, 'finish_investigation', { summary: '事实清楚' });
      expect(code(await t.act('enforcer', p.id, 'propose', { version: p.version, facts: { areaM2: 300 }, fineFen: 90_000_00 }))).toEqual([422, 'DEVIATION_REASON_REQUIRED']);
      p = await t.step('enforcer', p, 'propose', { facts: { areaM2: 300, firstTime: true } });
      expect(p.proposal).toMatchObject({ tier: '较重', rangeMinFen: 50_000_00, rangeMaxFen: 150_000_00, fineFen: 100_000_00, basis: '《中华人民共和国城乡规划法》第六十四条' });
      expect(code(await t.act('enforcer', p.id, 'submit', { version: p.version }))).toEqual([409, 'NOTICE_REQUIRED']);
      p = await t.step('enforcer', p, 'notify');
      expect(p.notice.hearingRight).toBe(true);
      expect(code(await t.act('enforcer', p.id, 'submit', { version: p.version }))).toEqual([409, 'RIGHTS_PERIOD_RUNNING']);
      p = await t.step('enforcer', p, 'statement', { text: '当事人称系临时堆放', adopted: false });
      p = await t.step('enforcer', p, 'request_hearing', { note: '当事人当场申请听证' });
      const tooSoon = new Date(t.clock.now() + 3 * DAY_MS).toISOString();
      expect(code(await t.act('enforcer', p.id, 'schedule_hearing', { version: p.version, at: tooSoon, hostId: t.uid.leader, place: '局听证室' }))).toEqual([422, 'HEARING_NOTICE_TOO_SHORT']);
      const at = t.clock.now() + 14 * DAY_MS;
      expect(code(await t.act('enforcer', p.id, 'schedule_hearing', { version: p.version, at: new Date(at).toISOString(), hostId: t.uid.enforcer2, place: '局听证室' }))).toEqual([422, 'HEARING_HOST_INVESTIGATOR']);
      p = await t.step('enforcer', p, 'schedule_hearing', { at: new Date(at).toISOString(), hostId: t.uid.leader, place: '局听证室' });
      expect(code(await t.act('enforcer', p.id, 'record_hearing', { version: p.version, summary: 'x' }))).toEqual([409, 'HEARING_NOT_YET']);
      await t.travel(at + HOUR_MS);
      p = await t.step('enforcer', p, 'record_hearing', { summary: '听证已举行，当事人陈述' });
      expect(p.state).toBe('deciding');
      // A decision without the legal review the triggers require is refused (art. 58), and writes nothing.
      const refused = await t.act('leader', p.id, 'decide', { version: p.version, outcome: 'penalty' });
      expect(code(refused)).toEqual([409, 'LEGAL_REVIEW_REQUIRED']);
      expect(refused.json().details.triggers).toEqual(['hearing_held', 'large_fine']);
      p = await t.step('enforcer', p, 'request_legal_review');
      expect(code(await t.act('enforcer2', p.id, 'legal_opinion', { version: p.version, approve: true, opinion: 'x' }))).toEqual([403, 'FORBIDDEN_ROLE']);
      p = await t.step('legalreviewer', p, 'legal_opinion', { approve: true, opinion: '事实清楚，证据确凿，适用法律正确，程序合法，裁量适当' });
      expect(code(await t.act('leader', p.id, 'decide', { version: p.version, outcome: 'penalty' }))).toEqual([409, 'COLLECTIVE_DISCUSSION_REQUIRED']);
      p = await t.step('leader', p, 'collective', { members: ['局长', '副局长', '法制科长'], conclusion: '同意处罚' });
      p = await t.step('leader', p, 'decide', { outcome: 'penalty' });
      expect(p).toMatchObject({ state: 'decided', decision: { outcome: 'penalty', fineFen: 100_000_00 }, clock: { stage: 'service' }, disclosure: { state: 'pending' } });
      const events = (await t.app.inject({ method: 'GET', url: `/api/v1/penalty-cases/${p.id}/events`, headers: t.h.leader })).json().items;
      expect(events.map((e: { type: string }) => e.type)).toEqual([
        'clue_opened', 'filed', 'evidence_recorded', 'evidence_recorded', 'investigation_finished', 'proposed', 'notified', 'statement_recorded',
        'hearing_requested', 'hearing_scheduled', 'hearing_held', 'legal_review_requested', 'legal_reviewed', 'collectively_discussed', 'decided',
      ]);
      expect((await t.ctx.enforcement.store.verify(p.id)).ok).toBe(true);
    }, 180_000);
  });
}
