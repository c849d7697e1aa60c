import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAY_MS, HOUR_MS } from '../../src/core/time.js';
import { enforcementApp, KINDS, type EnforcementApp } from './helpers.js';

const code = (res: { statusCode: number; json(): any }) => [res.statusCode, res.json().code];
const at = (iso: string) => Date.parse(iso);

/** The text a PDF reader finds in a document (poppler's pdftotext). */
function pdfText(bytes: Buffer): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'doc-')), 'doc.pdf');
  fs.writeFileSync(file, bytes);
  return execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-']).toString('utf8');
}

for (const kind of KINDS) {
  describe(`a penalty case from a city case to 结案 over HTTP, across the 2026 National Day week (${kind})`, () => {
    let t: EnforcementApp;
    beforeAll(async () => {
      t = await enforcementApp(kind, at('2026-09-21T09:00:00+08:00'));
    }, 120_000);
    afterAll(async () => t?.close());

    const doc = async (who: string, id: string, kind: string) => {
      const r = await t.app.inject({ method: 'POST', url: `/api/v1/penalty-cases/${id}/documents`, headers: t.h[who], payload: { kind } });
      expect(r.statusCode, r.body).toBe(201);
      const { document, penaltyCase } = r.json();
      const pdf = await t.app.inject({ method: 'GET', url: `/api/v1/penalty-cases/${id}/documents/${document.sha256}`, headers: t.h[who] });
      expect(pdf.headers['content-type']).toBe('application/pdf');
      return { document, penaltyCase, text: pdfText(pdf.rawPayload), bytes: pdf.rawPayload };
    };

    it('runs every step as the role it needs, with the documents, the statutory clock, disclosure and the court branch', async () => {
      // A city case (案卷) spawns the clue.
      const rep = await t.app.inject({ method: 'POST', url: '/api/v1/reports', headers: t.h.inspector, payload: { source: 'inspector', lon: t.point.lon, lat: t.point.lat, categoryCode: 'C0102', description: '擅自设置户外广告牌' } });
      let cityCase = rep.json().case;
      const clue = await t.app.inject({ method: 'POST', url: '/api/v1/penalty-cases/clues', headers: t.h.enforcer, payload: { source: 'case', cityCaseId: cityCase.id, summary: '案卷转执法：擅自设置户外广告牌约30平方米', address: '思明区中山路 120 号', lon: t.point.lon, lat: t.point.lat, evidence: [t.photo] } });
      let p = clue.json().penaltyCase;
      for (const [who, action, extra] of [['operator', 'accept', {}], ['shiftlead', 'file', {}], ['water.handler', 'handle', { note: '已通知执法', photos: [t.photo] }], ['operator', 'send_verification', {}], ['inspector', 'verify', { passed: true, photos: [t.photo] }]] as const) {
        const r = await t.app.inject({ method: 'POST', url: `/api/v1/cases/${cityCase.id}/actions/${action}`, headers: t.h[who], payload: { version: cityCase.version, ...extra } });
        expect(r.statusCode, `${action}: ${r.body}`).toBe(200);
        cityCase = r.json().case;
      }
      // The city case cannot close while its penalty case is undecided.
      const held = await t.app.inject({ method: 'POST', url: `/api/v1/cases/${cityCase.id}/actions/close`, headers: t.h.shiftlead, payload: { version: cityCase.version } });
      expect(code(held)).toEqual([409, 'CASE_HELD_OPEN']);
      expect(held.json().details.penaltyCases[0].id).toBe(p.id);

      p = await t.step('leader', p, 'file', { violationCode: 'GG-001', party: { kind: 'person', name: '陈大明', idNumber: '350203198507154321', address: '思明区中山路 120 号', phone: '13900001111' }, officerIds: [t.uid.enforcer, t.uid.enforcer2], opinion: '同意立案', occurredAt: '2026-09-18T10:00:00+08:00' });
      const filing = await doc('enforcer', p.id, 'filing_approval');
      expect(filing.document.docNo).toBe('厦思城立〔2026〕1号');
      p = filing.penaltyCase;
      p = await t.step('enforcer', p, 'record_evidence', { kind: 'inspection', note: '现场检查：广告牌约30平方米，未经批准设置', files: [t.photo], officerIds: [t.uid.enforcer, t.uid.enforcer2] });
      p = await t.step('enforcer', p, 'finish_investigation', { summary: '事实清楚，证据确凿' });
      p = await t.step('enforcer', p, 'propose', { facts: { areaM2: 30, firstTime: true } });
      expect(p.proposal).toMatchObject({ tier: '一般', fineFen: 6_000_00 });

      // 告知 on Wednesday 30 September: five working days skip the National Day holiday (1–7 October) and count the make-up Saturday 10 October.
      await t.travel(at('2026-09-30T10:00:00+08:00'));
      p = await t.step('enforcer', p, 'notify');
      expect(p.notice.rightsUntil).toBe(at('2026-10-14T00:00:00+08:00'));
      expect(p.notice.hearingRight).toBe(false);
      const notice = await doc('enforcer', p.id, 'prior_notice');
      expect(notice.text).toContain('2026年10月13日');
      p = notice.penaltyCase;
      await t.travel(at('2026-10-13T16:00:00+08:00'));
      expect(code(await t.act('enforcer', p.id, 'submit', { version: p.version }))).toEqual([409, 'RIGHTS_PERIOD_RUNNING']);
      await t.travel(at('2026-10-14T09:00:00+08:00'));
      p = await t.step('enforcer', p, 'submit');
      expect(p.legalReview.triggers).toEqual([]);
      p = await t.step('leader', p, 'decide', { outcome: 'penalty' });
      expect(p.disclosure).toMatchObject({ state: 'pending', dueAt: at('2026-10-24T00:00:00+08:00') });
      // Now the city case may close.
      const closed = await t.app.inject({ method: 'POST', url: `/api/v1/cases/${cityCase.id}/actions/close`, headers: t.h.shiftlead, payload: { version: cityCase.version } });
      expect(closed.statusCode, closed.body).toBe(200);

      // The decision letter reads as the real one: 文号, party, amount, basis, remedies.
      expect(code(await t.act('enforcer', p.id, 'serve', { version: p.version, method: 'direct', receipt: t.photo }))).toEqual([409, 'DOCUMENT_REQUIRED']);
      const decision = await doc('enforcer', p.id, 'decision');
      expect(decision.document).toMatchObject({ docNo: '厦思城罚〔2026〕1号', version: 1 });
      for (const s of ['厦思城罚〔2026〕1号', '陈大明', '6,000元', '陆仟元整', '城市市容和环境卫生管理条例', '六十日', '六个月', '百分之三']) expect(decision.text, s).toContain(s);
      // Re-issued: same 文号, a new version, stored by its own SHA-256.
      const again = await doc('enforcer', p.id, 'decision');
      expect(again.document).toMatchObject({ docNo: '厦思城罚〔2026〕1号', version: 2 });
      expect(again.document.sha256).not.toBe(decision.document.sha256);
      p = again.penaltyCase;

      // Disclosure: the sweeper publishes on the last day at the latest, the ID number redacted.
      await t.travel(at('2026-10-23T01:00:00+08:00'));
      expect((await t.ctx.enforcement.sweep(t.clock.now())).published).toBe(1);
      const pub = (await t.app.inject({ method: 'GET', url: '/api/v1/public/penalty-disclosures' })).json();
      const item = pub.items.find((x: { caseId: string }) => x.caseId === p.id);
      expect(item).toMatchObject({ partyName: '陈**', partyId: '350203********4321', fineFen: 6_000_00, docNo: '厦思城罚〔2026〕1号' });
      expect(JSON.stringify(pub)).not.toContain('350203198507154321');
      expect(JSON.stringify(pub)).not.toContain('13900001111');
      p = (await t.app.inject({ method: 'GET', url: `/api/v1/penalty-cases/${p.id}`, headers: t.h.enforcer })).json().penaltyCase;
      expect(p.disclosure.publishedAt).toBeLessThanOrEqual(p.disclosure.dueAt);

      // 送达: left with the party needs two witnesses.
      expect(code(await t.act('enforcer', p.id, 'serve', { version: p.version, method: 'left', receipt: t.photo, witnesses: ['社区干部'] }))).toEqual([422, 'WITNESSES_REQUIRED']);
      p = await t.step('enforcer', p, 'serve', { method: 'left', receipt: t.photo, witnesses: ['社区干部林某', '物业经理王某'] });
      expect(p).toMatchObject({ state: 'executing', clock: { stage: 'payment' } });
      const paymentDue = p.payment.dueAt;
      expect(paymentDue - t.clock.now()).toBe(15 * DAY_MS);
      expect(code(await t.act('enforcer', p.id, 'demand', { version: p.version }))).toEqual([409, 'PAYMENT_NOT_OVERDUE']);

      // Late: 3 % a day, capped at the fine; a part payment; 催告; court 10 working days later (裁执分离).
      await t.travel(paymentDue + 36 * HOUR_MS);
      p = await t.step('enforcer', p, 'pay', { amountFen: 1_000_00, receiptNo: 'FS-0001' });
      expect(p.payment).toMatchObject({ surchargeFen: 360_00, paidFen: 1_000_00, paidAt: null });
      expect(code(await t.act('leader', p.id, 'close', { version: p.version, summary: 'x' }))).toEqual([409, 'PAYMENT_OUTSTANDING']);
      p = await t.step('enforcer', p, 'demand');
      expect(code(await t.act('leader', p.id, 'apply_court', { version: p.version, court: '思明区人民法院' }))).toEqual([409, 'DEMAND_PERIOD_RUNNING']);
      const demandDoc = await doc('enforcer', p.id, 'demand');
      expect(demandDoc.text).toContain('十个工作日');
      p = demandDoc.penaltyCase;
      await t.travel(p.demand.courtFrom + HOUR_MS);
      p = await t.step('leader', p, 'apply_court', { court: '思明区人民法院' });
      expect(p.state).toBe('court');
      const court = await doc('leader', p.id, 'court_application');
      expect(court.text).toContain('思明区人民法院');
      p = court.penaltyCase;
      p = await t.step('leader', p, 'close', { summary: '已申请法院强制执行', courtResult: '法院裁定准予执行，已划扣' });
      const report = await doc('enforcer', p.id, 'closing_report');
      expect(report.text).toContain('陈大明');
      p = report.penaltyCase;
      p = await t.step('enforcer', p, 'archive', { volumes: 1 });
      p = await t.step('legalreviewer', p, 'file_review', { score: 92, remarks: '程序合法，文书规范' });
      expect(p).toMatchObject({ state: 'archived', fileReview: { score: 92 } });
      expect((await t.ctx.enforcement.store.verify(p.id)).ok).toBe(true);
      const types = (await t.app.inject({ method: 'GET', url: `/api/v1/penalty-cases/${p.id}/events`, headers: t.h.leader })).json().items.map((e: { type: string }) => e.type);
      expect(types.filter((x: string) => x === 'document_issued')).toHaveLength(7);
      expect(types).toEqual(expect.arrayContaining(['clue_opened', 'filed', 'notified', 'submitted', 'decided', 'disclosed', 'served', 'paid', 'demanded', 'court_applied', 'closed', 'archived', 'file_reviewed']));
    }, 240_000);

    it('withdraws a published decision at once when it is revoked', async () => {
      const c = (await t.ctx.enforcement.openClue({ source: 'patrol', summary: '占道经营', address: '思明区', lon: t.point.lon, lat: t.point.lat })).penaltyCase;
      let p: any = { id: c.id, version: c.version };
      p = await t.step('leader', p, 'file', { violationCode: 'SR-002', party: { kind: 'org', name: '厦门某某餐饮有限公司', idNumber: '91350203MA0000000X', legalRep: '林某' }, officerIds: [t.uid.enforcer, t.uid.enforcer2], opinion: '同意', occurredAt: new Date(t.clock.now() - DAY_MS).toISOString() });
      p = await t.step('enforcer', p, 'record_evidence', { kind: 'interview', note: '询问', files: [t.photo], officerIds: [t.uid.enforcer, t.uid.enforcer2] });
      p = await t.step('enforcer', p, 'finish_investigation', { summary: '查实' });
      p = await t.step('enforcer', p, 'propose', { facts: { firstTime: true, harm: false } });
      p = await t.step('enforcer', p, 'notify');
      p = await t.step('enforcer', p, 'submit', { waived: true, note: '当事人书面放弃陈述申辩' });
      p = await t.step('leader', p, 'decide', { outcome: 'penalty' });
      p = (await doc('enforcer', p.id, 'decision')).penaltyCase;
      p = await t.step('enforcer', p, 'publish');
      let pub = (await t.app.inject({ method: 'GET', url: '/api/v1/public/penalty-disclosures' })).json();
      // An organisation's name and credit code are public.
      expect(pub.items.find((x: { caseId: string }) => x.caseId === p.id)).toMatchObject({ partyName: '厦门某某餐饮有限公司', partyId: '91350203MA0000000X' });
      p = await t.step('leader', p, 'revoke', { by: '复议', reason: '复议机关撤销' });
      expect(p.disclosure.state).toBe('withdrawn');
      pub = (await t.app.inject({ method: 'GET', url: '/api/v1/public/penalty-disclosures' })).json();
      expect(pub.items.find((x: { caseId: string }) => x.caseId === p.id)).toBeUndefined();
    }, 120_000);
  });
}
