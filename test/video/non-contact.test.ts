import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jpegBytes } from '../cases/fixtures.js';
import { enforcementApp, type EnforcementApp } from '../enforcement/helpers.js';
import type { LoggingSmsNotifier } from '../../src/notify/service.js';
import { SHOP } from './fixtures.js';

const code = (res: { statusCode: number; json(): any }) => [res.statusCode, res.json().code];

/** Issue 14, "done means": a non-contact class seen by a reviewed camera reaches the enforcement workflow with the party notified; an unreviewed camera's is refused. */
describe('non-contact enforcement from video (行政处罚法 art. 41)', () => {
  let t: EnforcementApp;
  let key: string;
  let point: { lon: number; lat: number };
  let sms: LoggingSmsNotifier;
  beforeAll(async () => {
    t = await enforcementApp('sqlite');
    sms = t.ctx.notifier.sms as LoggingSmsNotifier;
    // Two places far apart: the same class within 30 m across cameras would be one violation.
    const grids = await t.ctx.geo.listGrids({ limit: 40, districtCode: '350203' });
    point = grids[0]!.label;
    const far = grids.at(-1)!.label;
    const admin = t.h.admin!;
    for (const [c, a] of [['SHOP', SHOP], ['VENDOR', { ...SHOP, name: '无照经营游商', categoryCode: 'E0501', nonContact: false }]] as const) {
      expect((await t.app.inject({ method: 'PUT', url: `/api/v1/video/algorithms/${c}`, headers: admin, payload: a })).statusCode).toBe(200);
    }
    const cam = { name: '中山路口', owner: '市城管局', lon: point.lon, lat: point.lat, address: '思明区中山路 12 号', algorithms: [{ code: 'SHOP' }, { code: 'VENDOR' }] };
    expect((await t.app.inject({ method: 'PUT', url: '/api/v1/video/cameras/CAM-R', headers: admin, payload: cam })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'PUT', url: '/api/v1/video/cameras/CAM-U', headers: admin, payload: { ...cam, name: '大同路口', lon: far.lon, lat: far.lat } })).statusCode).toBe(200);
    const sign = (await t.ctx.files.saveBuffer(jpegBytes('sign'), { uploadedBy: 'test' })).sha256;
    const review = { legalReviewDate: '2026-01-05', legalResult: 'passed', technicalReviewDate: '2026-01-06', technicalResult: 'passed', signPhoto: sign, publishedLocation: '中山路与大同路交叉口' };
    expect((await t.app.inject({ method: 'PUT', url: '/api/v1/video/cameras/CAM-R/review', headers: admin, payload: review })).json().camera.reviewPassed).toBe(true);
    key = (await t.app.inject({ method: 'POST', url: '/api/v1/video/sources', headers: admin, payload: { name: '雪亮平台' } })).json().apiKey;
  }, 120_000);
  afterAll(async () => t?.close());

  /** A burst from one camera: the first sighting, then two more past the dwell time; returns the pending item. */
  async function burst(camera: string, algorithm = 'SHOP', x = 0.4): Promise<{ id: string; version: number }> {
    let itemId = '';
    for (const [i, dt] of [0, 61_000, 90_000].entries()) {
      const at = t.clock.now() + dt;
      const r = await t.app.inject({
        method: 'POST', url: '/api/v1/video/detections', headers: { 'x-api-key': key },
        payload: { camera, algorithm, at, confidence: 0.9, boxes: [{ x, y: 0.6, w: 0.2, h: 0.2 }], snapshotBase64: jpegBytes(`${camera}-${algorithm}-${x}-${i}`).toString('base64') },
      });
      expect(r.statusCode, r.body).toBe(200);
      itemId ||= r.json().results[0].itemId ?? '';
    }
    t.clock.set(t.clock.now() + 120_000);
    await t.ctx.video.flush();
    const item = (await t.app.inject({ method: 'GET', url: `/api/v1/video/items/${itemId}`, headers: t.h.operator })).json().item;
    return { id: item.id, version: item.version };
  }
  const accept = async (it: { id: string; version: number }) => {
    const r = await t.app.inject({ method: 'POST', url: `/api/v1/video/items/${it.id}/actions/accept`, headers: t.h.operator, payload: { version: it.version } });
    expect(r.statusCode, r.body).toBe(200);
    return r.json().item;
  };
  const shop = { kind: 'shop', name: '鹭岛便利店', idNumber: '91350203MA0000000X', phone: '13800138000', address: '思明区中山路 12 号' };
  const penalty = (id: string, party: Record<string, unknown> = shop, who = 'operator') =>
    t.app.inject({ method: 'POST', url: `/api/v1/video/items/${id}/penalty`, headers: t.h[who], payload: { party } });

  it('refuses an unreviewed camera’s record as penalty evidence, and a class not on the list', async () => {
    const pending = await burst('CAM-U');
    expect(code(await penalty(pending.id))).toEqual([409, 'VIDEO_ITEM_NOT_ACCEPTED']);
    await accept(pending);
    const texts = sms.sentToPhones.length;
    const refused = await penalty(pending.id);
    expect(code(refused)).toEqual([422, 'VIDEO_CAMERA_NOT_REVIEWED']);
    expect(refused.json().message).toContain('行政处罚法第四十一条');
    expect(sms.sentToPhones.length).toBe(texts);
    expect((await t.ctx.enforcement.store.lookup('source', ['video', `video:${pending.id}`]))).toBeUndefined();

    const vendor = await accept(await burst('CAM-R', 'VENDOR', 0.1));
    expect(code(await penalty(vendor.id))).toEqual([422, 'VIDEO_NOT_NON_CONTACT']);
    const classes = (await t.app.inject({ method: 'GET', url: '/api/v1/video/non-contact-classes', headers: t.h.operator })).json().classes;
    expect(classes.map((c: { categoryCode: string }) => c.categoryCode)).toContain('E0504');
  });

  it('opens a clue with every snapshot and the operator’s party, texts the party a link, takes a statement online, and the case follows the workflow', async () => {
    const item = await accept(await burst('CAM-R'));
    expect(code(await penalty(item.id, { ...shop, phone: '12345' }))).toEqual([422, 'PARTY_PHONE_INVALID']);
    expect(code(await penalty(item.id, shop, 'inspector'))).toEqual([403, 'FORBIDDEN_ROLE']);
    const opened = await penalty(item.id);
    expect(opened.statusCode, opened.body).toBe(201);
    const { penaltyCase, evidence } = opened.json();
    expect(evidence).toHaveLength(3);
    expect(code(await penalty(item.id))).toEqual([409, 'VIDEO_PENALTY_ALREADY_OPENED']);

    // The enforcer sees the clue: source video, the snapshots as evidence, linked to the city case, the notice on its log.
    let p = (await t.app.inject({ method: 'GET', url: `/api/v1/penalty-cases/${penaltyCase.id}`, headers: t.h.enforcer })).json().penaltyCase;
    expect(p).toMatchObject({ state: 'clue', source: 'video', sourceRef: `video:${item.id}`, cityCaseId: item.caseId, violationCode: 'SR-001' });
    expect(p.evidence.map((e: { sha256: string }) => e.sha256)).toEqual(evidence);
    const itemLog = (await t.app.inject({ method: 'GET', url: `/api/v1/video/items/${item.id}`, headers: t.h.operator })).json().events.map((e: { type: string }) => e.type);
    expect(itemLog.at(-1)).toBe('penalty_opened');

    // The party's text carries the link; the page needs no login and shows the facts and the evidence.
    const text = sms.sentToPhones.at(-1)!;
    expect(text.phone).toBe('13800138000');
    expect(text.text).toContain(p.code);
    const token = /\/n\/([A-Za-z0-9_-]{32})/.exec(text.text)![1]!;
    const page = await t.app.inject({ method: 'GET', url: `/n/${token}` });
    expect([page.statusCode, page.headers['content-type']]).toEqual([200, 'text/html; charset=utf-8']);
    expect(page.body).toContain('鹭岛便利店');
    expect(page.body).toContain('店外经营');
    expect(page.body).toContain('<form method="post"');
    const json = (await t.app.inject({ method: 'GET', url: `/api/v1/public/party-notices/${token}` })).json();
    expect(json).toMatchObject({ caseCode: p.code, open: true, evidence, party: { kind: 'shop', name: '鹭岛便利店' } });
    const photo = await t.app.inject({ method: 'GET', url: `/api/v1/public/party-notices/${token}/evidence/${evidence[0]}` });
    expect([photo.statusCode, photo.headers['content-type']]).toEqual([200, 'image/jpeg']);
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/public/party-notices/${token}/evidence/${t.photo}` })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: `/n/${'x'.repeat(32)}` })).statusCode).toBe(404);
    expect(code(await t.app.inject({ method: 'GET', url: `/api/v1/public/party-notices/${'x'.repeat(32)}` }))).toEqual([404, 'PARTY_NOTICE_NOT_FOUND']);

    // 陈述申辩: by the page's form and by JSON; each an event of the penalty case with the party as actor.
    const form = await t.app.inject({ method: 'POST', url: `/n/${token}`, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: `text=${encodeURIComponent('货物是临时卸货，十分钟内已搬回店内。')}` });
    expect([form.statusCode, form.headers.location]).toEqual([303, `/n/${token}?sent=1`]);
    const said = await t.app.inject({ method: 'POST', url: `/api/v1/public/party-notices/${token}/statements`, payload: { text: '附：请调取当日 10:20 以后的录像。' } });
    expect(said.statusCode, said.body).toBe(201);
    expect(code(await t.app.inject({ method: 'POST', url: `/api/v1/public/party-notices/${token}/statements`, payload: { text: '' } }))).toEqual([400, 'VALIDATION_FAILED']);
    const events = (await t.app.inject({ method: 'GET', url: `/api/v1/penalty-cases/${penaltyCase.id}/events`, headers: t.h.enforcer })).json();
    const log = (events.items ?? events.events) as Array<{ type: string; role: string; data: Record<string, unknown> }>;
    expect(log.map((e) => e.type)).toEqual(['clue_opened', 'party_notified', 'party_statement', 'party_statement']);
    expect(log[1]!.data).toMatchObject({ party: { kind: 'shop', name: '鹭岛便利店' }, phone: '138****8000', via: 'sms' });
    expect(log[2]).toMatchObject({ role: 'party', data: { text: '货物是临时卸货，十分钟内已搬回店内。', via: 'online' } });
    const notices = (await t.app.inject({ method: 'GET', url: `/api/v1/penalty-cases/${penaltyCase.id}/party-notices`, headers: t.h.enforcer })).json().items;
    expect(notices).toEqual([expect.objectContaining({ statements: 2, party: expect.objectContaining({ phone: '138****8000' }) })]);

    // The case then follows the enforcement workflow: the head files it with the party and two officers.
    p = (await t.app.inject({ method: 'GET', url: `/api/v1/penalty-cases/${penaltyCase.id}`, headers: t.h.leader })).json().penaltyCase;
    p = await t.step('leader', p, 'file', {
      violationCode: 'SR-001', party: { kind: 'org', name: shop.name, idNumber: shop.idNumber, phone: shop.phone }, officerIds: [t.uid.enforcer, t.uid.enforcer2],
      opinion: '视频证据经审核，同意立案', occurredAt: new Date(p.occurredAt).toISOString(),
    });
    expect(p.state).toBe('investigating');

    // After the period the page says so and takes no more statements.
    await t.travel(json.until + 1);
    expect(code(await t.app.inject({ method: 'POST', url: `/api/v1/public/party-notices/${token}/statements`, payload: { text: '迟到的申辩' } }))).toEqual([409, 'STATEMENT_LATE']);
    const late = await t.app.inject({ method: 'GET', url: `/n/${token}` });
    expect(late.body).toContain('期限已于');
    expect(late.body).not.toContain('<form method="post"');
  });
});
