import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAY_MS } from '../../src/core/time.js';
import { jpegBytes } from '../cases/fixtures.js';
import { enforcementApp, KINDS, type EnforcementApp } from './helpers.js';

function pdfText(bytes: Buffer): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'impound-')), 'doc.pdf');
  fs.writeFileSync(file, bytes);
  return execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-']).toString('utf8').replace(/\s+/g, '');
}
const code = (res: { statusCode: number; json(): any }) => [res.statusCode, res.json().code];

for (const kind of KINDS) {
  describe(`impounds and the yard over HTTP (${kind})`, () => {
    let t: EnforcementApp;
    beforeAll(async () => {
      t = await enforcementApp(kind);
    }, 120_000);
    afterAll(async () => t?.close());

    const ebike = (extra: Record<string, unknown> = {}) => ({
      kind: 'vehicle', measure: 'seizure', reason: '违规停放电动自行车占用盲道，经责令仍不驶离', address: '思明区中山路 100 号', lon: t.point.lon, lat: t.point.lat,
      party: { kind: 'person', name: '王五', idNumber: '350203199001011234', phone: '13800000000' },
      items: [{ name: '电动自行车', quantity: 1, unit: '辆', identifier: '车架号 LX2026A0001', condition: '红色，后视镜缺失', photos: [t.photo] }],
      photos: [t.photo], officerIds: [t.uid.enforcer, t.uid.enforcer2], yard: '思明区暂扣场', location: 'A区-12', ...extra,
    });
    const take = async (body: Record<string, unknown>, who = 'enforcer') => {
      const r = await t.app.inject({ method: 'POST', url: '/api/v1/impounds', headers: t.h[who], payload: body });
      expect(r.statusCode, r.body).toBe(201);
      return r.json().impound;
    };
    const act = async (who: string, i: { id: string; version: number }, action: string, body: Record<string, unknown> = {}) =>
      t.app.inject({ method: 'POST', url: `/api/v1/impounds/${i.id}/actions/${action}`, headers: t.h[who], payload: { version: i.version, ...body } });
    const step = async (who: string, i: { id: string; version: number }, action: string, body: Record<string, unknown> = {}) => {
      const r = await act(who, i, action, body);
      expect(r.statusCode, r.body).toBe(200);
      return r.json().impound;
    };

    it('takes an e-bike in with its list, photos, yard and two officers, and issues the 扣押决定书 at once', async () => {
      const i = await take(ebike());
      expect(i).toMatchObject({ state: 'held', stateName: '在库', kind: 'vehicle', measure: 'seizure', storage: { yard: '思明区暂扣场', location: 'A区-12' }, place: { districtCode: '350203' }, ageDays: 0 });
      expect(i.code).toMatch(/^KY2026\d{6}$/);
      expect(i.holdUntil - i.heldAt).toBe(30 * DAY_MS);
      expect(i.documents).toHaveLength(1);
      expect(i.actions).toEqual(['add_photos', 'move', 'release']);
      const doc = i.documents[0];
      expect(doc.docNo).toMatch(/^厦思城扣〔2026〕\d+号$/);
      const pdf = await t.app.inject({ method: 'GET', url: `/api/v1/impounds/${i.id}/documents/${doc.sha256}`, headers: t.h.leader });
      expect(pdf.headers['content-type']).toBe('application/pdf');
      const text = pdfText(pdf.rawPayload);
      for (const s of [doc.docNo, '扣押决定书', '王五', '车架号LX2026A0001', '思明区暂扣场', '行政强制法', '六十日内']) expect(text).toContain(s);
      // Its photos go to whoever may read the impound, to no one else.
      expect((await t.app.inject({ method: 'GET', url: `/api/v1/impounds/${i.id}/photos/${t.photo}`, headers: t.h.leader })).statusCode).toBe(200);
      expect(code(await t.app.inject({ method: 'GET', url: `/api/v1/impounds/${i.id}/photos/${t.photo}`, headers: t.h['huli.enforcer'] }))).toEqual([404, 'IMPOUND_NOT_FOUND']);
      expect(code(await t.app.inject({ method: 'GET', url: `/api/v1/impounds/${i.id}/photos/${'a'.repeat(64)}`, headers: t.h.leader }))).toEqual([404, 'FILE_NOT_FOUND']);
      const events = (await t.app.inject({ method: 'GET', url: `/api/v1/impounds/${i.id}/events`, headers: t.h.enforcer })).json().items;
      expect(events.map((e: { type: string }) => e.type)).toEqual(['impounded', 'document_issued']);
      expect(events[0].data).toMatchObject({ kind: 'vehicle', yard: '思明区暂扣场', items: [{ name: '电动自行车', identifier: '车架号 LX2026A0001' }] });
    }, 60_000);

    it('refuses an impound without two certified officers, a photo, the role or a stored file, and hides it outside the reader’s district', async () => {
      expect(code(await t.app.inject({ method: 'POST', url: '/api/v1/impounds', headers: t.h.enforcer, payload: ebike({ officerIds: [t.uid.enforcer] }) }))).toEqual([422, 'TWO_OFFICERS_REQUIRED']);
      expect(code(await t.app.inject({ method: 'POST', url: '/api/v1/impounds', headers: t.h.enforcer, payload: ebike({ officerIds: [t.uid.enforcer, t.uid.operator] }) }))).toEqual([422, 'OFFICER_CERT_REQUIRED']);
      expect(code(await t.app.inject({ method: 'POST', url: '/api/v1/impounds', headers: t.h.enforcer, payload: ebike({ photos: [] }) }))).toEqual([400, 'VALIDATION_FAILED']);
      expect(code(await t.app.inject({ method: 'POST', url: '/api/v1/impounds', headers: t.h.inspector, payload: ebike() }))).toEqual([403, 'FORBIDDEN_ROLE']);
      const missing = await t.app.inject({ method: 'POST', url: '/api/v1/impounds', headers: t.h.enforcer, payload: ebike({ photos: ['0'.repeat(64)] }) });
      expect(missing.statusCode).toBeGreaterThanOrEqual(400);
      expect(missing.statusCode).toBeLessThan(500);
      // 湖里's officer may not impound in 思明.
      expect(code(await t.app.inject({ method: 'POST', url: '/api/v1/impounds', headers: t.h['huli.enforcer'], payload: ebike() }))).toEqual([403, 'FORBIDDEN_SCOPE']);
      const i = await take(ebike());
      expect(code(await t.app.inject({ method: 'GET', url: `/api/v1/impounds/${i.id}`, headers: t.h['huli.enforcer'] }))).toEqual([404, 'IMPOUND_NOT_FOUND']);
      expect(code(await act('huli.leader', i, 'extend', { days: 10, reason: 'x' }))).toEqual([404, 'IMPOUND_NOT_FOUND']);
      const theirs = (await t.app.inject({ method: 'GET', url: '/api/v1/impounds', headers: t.h['huli.enforcer'] })).json();
      expect(theirs.items.find((x: { id: string }) => x.id === i.id)).toBeUndefined();
      const yard = (await t.app.inject({ method: 'GET', url: '/api/v1/impounds/yard', headers: t.h['huli.enforcer'] })).json();
      expect(yard.rows.find((x: { impound: { id: string } }) => x.impound.id === i.id)).toBeUndefined();
    }, 60_000);

    it('releases on the decision or on payment of the linked penalty case, and hands the e-bike back', async () => {
      const clue = async () => (await t.app.inject({ method: 'POST', url: '/api/v1/penalty-cases/clues', headers: t.h.enforcer, payload: { source: 'patrol', summary: '电动自行车违停', address: '中山路', lon: t.point.lon, lat: t.point.lat } })).json().penaltyCase;
      // An organisation's summary penalty, not yet paid.
      const unpaid = await t.step('enforcer', await clue(), 'summary', { violationCode: 'SR-001', party: { kind: 'org', name: '某快递公司' }, fineFen: 200_000, facts: '车辆违停' });
      const held = await take(ebike({ penaltyCaseId: unpaid.id, party: undefined }));
      expect(held).toMatchObject({ penaltyCaseId: unpaid.id, penaltyCaseCode: unpaid.code, party: { name: '某快递公司' } });
      expect(code(await act('enforcer', held, 'release', { ground: 'payment' }))).toEqual([409, 'FINE_NOT_PAID']);
      const linked = (await t.app.inject({ method: 'GET', url: `/api/v1/penalty-cases/${unpaid.id}/impounds`, headers: t.h.leader })).json().items;
      expect(linked.map((x: { id: string }) => x.id)).toEqual([held.id]);
      // Paid on the spot: released on payment.
      const paid = await t.step('enforcer', await clue(), 'summary', { violationCode: 'SR-001', party: { kind: 'person', name: '赵六' }, fineFen: 5_000, facts: '车辆违停', paidOnSpot: true, receiptNo: 'R9' });
      const bike = await take(ebike({ penaltyCaseId: paid.id }));
      const released = await step('enforcer', bike, 'release', { ground: 'payment' });
      expect(released).toMatchObject({ state: 'releasing', release: { ground: 'payment' } });
      expect(released.release.claimUntil - released.release.at).toBe(180 * DAY_MS);
      const notice = await t.app.inject({ method: 'POST', url: `/api/v1/impounds/${bike.id}/documents`, headers: t.h.enforcer, payload: { kind: 'release_notice' } });
      expect(notice.statusCode, notice.body).toBe(201);
      const bytes = (await t.app.inject({ method: 'GET', url: `/api/v1/impounds/${bike.id}/documents/${notice.json().document.sha256}`, headers: t.h.enforcer })).rawPayload;
      expect(pdfText(bytes)).toContain('解除扣押决定书');
      const back = await step('enforcer', notice.json().impound, 'return', { recipient: '赵六', idNumber: '350203199202021234', photos: [t.photo] });
      expect(back).toMatchObject({ state: 'returned', returned: { recipient: '赵六' }, actions: [] });
      // Released on the decision.
      const decided = await take(ebike({ penaltyCaseId: unpaid.id }));
      expect((await step('leader', decided, 'release', { ground: 'decision', note: '处罚决定已作出' })).state).toBe('releasing');
      expect(code(await act('enforcer', await take(ebike()), 'release', { ground: 'decision' }))).toEqual([422, 'PENALTY_CASE_REQUIRED']);
    }, 90_000);

    it('extends once on the head’s approval, raises the end of the holding and claim periods once, and disposes of an unclaimed dog', async () => {
      const dog = await take(ebike({ kind: 'dog', items: [{ name: '犬只（金毛）', quantity: 1, unit: '只', identifier: '芯片 900000000000001' }], yard: '思明区犬只留检所', location: undefined, party: undefined }));
      expect(code(await act('enforcer', dog, 'extend', { days: 10, reason: '情况复杂' }))).toEqual([403, 'FORBIDDEN_ROLE']);
      expect(code(await act('leader', dog, 'extend', { days: 45, reason: '情况复杂' }))).toEqual([422, 'EXTENSION_TOO_LONG']);
      const ext = await step('leader', dog, 'extend', { days: 10, reason: '需查明犬只主人' });
      expect(ext.holdUntil - ext.heldAt).toBe(40 * DAY_MS);
      expect(code(await act('leader', ext, 'extend', { days: 5, reason: '再延' }))).toEqual([409, 'IMPOUND_ALREADY_EXTENDED']);
      expect(code(await act('enforcer', ext, 'release', { ground: 'period_expired' }))).toEqual([409, 'HOLD_PERIOD_RUNNING']);

      await t.travel(ext.holdUntil + 60_000);
      const first = await t.ctx.enforcement.sweep();
      expect(first.holdExpired).toBeGreaterThanOrEqual(1);
      await t.ctx.enforcement.sweep();
      let now = (await t.app.inject({ method: 'GET', url: `/api/v1/impounds/${dog.id}`, headers: t.h.enforcer })).json().impound;
      expect(now).toMatchObject({ attention: 'hold_expired', ageDays: 40 });
      const evs = (await t.app.inject({ method: 'GET', url: `/api/v1/impounds/${dog.id}/events`, headers: t.h.enforcer })).json().items;
      expect(evs.filter((e: { type: string }) => e.type === 'hold_period_expired')).toHaveLength(1);

      const released = await step('enforcer', now, 'release', { ground: 'period_expired' });
      expect(released.release.claimUntil - released.release.at).toBe(15 * DAY_MS);
      expect(code(await act('leader', released, 'dispose', { ground: 'unclaimed', method: 'rehome' }))).toEqual([409, 'CLAIM_PERIOD_RUNNING']);
      await t.travel(released.release.claimUntil + 60_000);
      expect((await t.ctx.enforcement.sweep()).claimLapsed).toBeGreaterThanOrEqual(1);
      now = (await t.app.inject({ method: 'GET', url: `/api/v1/impounds/${dog.id}`, headers: t.h.leader })).json().impound;
      expect(now).toMatchObject({ attention: 'claim_lapsed', actions: ['dispose'] });
      expect(code(await act('enforcer', now, 'dispose', { ground: 'unclaimed', method: 'rehome' }))).toEqual([403, 'FORBIDDEN_ROLE']);
      const gone = await step('leader', now, 'dispose', { ground: 'unclaimed', method: 'rehome', note: '送交犬只收容中心' });
      expect(gone).toMatchObject({ state: 'disposed', disposal: { ground: 'unclaimed', method: 'rehome' }, attention: null });
      const types = (await t.app.inject({ method: 'GET', url: `/api/v1/impounds/${dog.id}/events`, headers: t.h.leader })).json().items.map((e: { type: string }) => e.type);
      expect(types).toEqual(['impounded', 'document_issued', 'extended', 'hold_period_expired', 'release_ordered', 'claim_period_lapsed', 'disposed']);
    }, 90_000);

    it('shows the yard’s inventory oldest first with its ageing by yard and kind, and moves things between yards', async () => {
      const start = t.clock.now();
      const old = await take(ebike({ kind: 'goods', items: [{ name: '占道经营桌椅', quantity: 6, unit: '套' }], yard: '思明区物品仓库' }));
      const photo2 = (await t.ctx.files.saveBuffer(jpegBytes('yard'), { uploadedBy: t.uid.enforcer! })).sha256;
      const withPhotos = await step('enforcer', old, 'add_photos', { photos: [photo2], note: '入库照片' });
      expect(withPhotos.photos).toEqual([t.photo, photo2]);
      await t.travel(start + 12 * DAY_MS);
      const young = await take(ebike({ kind: 'goods', items: [{ name: '流动摊贩推车', quantity: 1, unit: '辆' }], yard: '思明区物品仓库' }));
      const yard = (await t.app.inject({ method: 'GET', url: '/api/v1/impounds/yard?kind=goods&yard=' + encodeURIComponent('思明区物品仓库'), headers: t.h.leader })).json();
      const ids = yard.rows.map((r: { impound: { id: string } }) => r.impound.id);
      expect(ids.indexOf(old.id)).toBeLessThan(ids.indexOf(young.id));
      expect(yard.rows.find((r: { impound: { id: string } }) => r.impound.id === old.id)).toMatchObject({ ageDays: 12, bucket: '8-30' });
      expect(yard.rows.find((r: { impound: { id: string } }) => r.impound.id === young.id)).toMatchObject({ ageDays: 0, bucket: '0-7' });
      const g = yard.summary.find((s: { yard: string; kind: string }) => s.yard === '思明区物品仓库' && s.kind === 'goods');
      expect(g).toMatchObject({ total: 2, held: 2, byAge: { '0-7': 1, '8-30': 1, '31-90': 0, '90+': 0 } });
      const moved = await step('enforcer', young, 'move', { yard: '思明区第二仓库', reason: '仓库满' });
      expect(moved.storage).toEqual({ yard: '思明区第二仓库', location: null });
      const ev = (await t.app.inject({ method: 'GET', url: `/api/v1/impounds/${young.id}/events`, headers: t.h.enforcer })).json().items.at(-1);
      expect(ev).toMatchObject({ type: 'moved', data: { from: { yard: '思明区物品仓库' }, to: { yard: '思明区第二仓库' }, reason: '仓库满' } });
    }, 90_000);
  });
}
