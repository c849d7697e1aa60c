import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { jpegBytes, seedWorld, type World } from '../cases/fixtures.js';
import { SHOP } from './fixtures.js';

describe('video intake over HTTP', () => {
  let t: TestApp;
  let w: World;
  let admin: Record<string, string>;
  let operator: Record<string, string>;
  let key: string;
  beforeAll(async () => {
    t = await buildTestApp();
    w = await seedWorld(t.ctx);
    await t.ctx.auth.seedDemoAccounts(await t.ctx.catalog.listUnits());
    admin = await t.login('admin');
    operator = await t.login('operator');
  });
  afterAll(async () => t.close());

  it('lets an administrator put an algorithm on the shelf and register a camera, refusing bad input with reasons', async () => {
    let r = await t.app.inject({ method: 'PUT', url: '/api/v1/video/algorithms/SHOP', headers: admin, payload: SHOP });
    expect(r.statusCode).toBe(200);
    r = await t.app.inject({ method: 'PUT', url: '/api/v1/video/algorithms/BAD', headers: admin, payload: { ...SHOP, categoryCode: 'E9999' } });
    expect([r.statusCode, r.json().code]).toEqual([422, 'CATEGORY_NOT_FOUND']);
    r = await t.app.inject({ method: 'PUT', url: '/api/v1/video/algorithms/SHOP', headers: operator, payload: SHOP });
    expect([r.statusCode, r.json().code]).toEqual([403, 'FORBIDDEN_ROLE']);
    const cam = { name: '中山路口', owner: '城管', lon: w.point.lon, lat: w.point.lat, algorithms: [{ code: 'SHOP' }] };
    r = await t.app.inject({ method: 'PUT', url: '/api/v1/video/cameras/CAM-1', headers: admin, payload: cam });
    expect(r.statusCode).toBe(200);
    expect(r.json().camera).toMatchObject({ code: 'CAM-1', districtCode: w.districtCode, reviewPassed: false });
    r = await t.app.inject({ method: 'PUT', url: '/api/v1/video/cameras/CAM-2', headers: admin, payload: { ...cam, algorithms: [{ code: 'NOPE' }] } });
    expect([r.statusCode, r.json().code]).toEqual([422, 'VIDEO_ALGORITHM_UNKNOWN']);
    r = await t.app.inject({ method: 'PUT', url: '/api/v1/video/cameras/CAM-2', headers: admin, payload: { ...cam, lon: 'x' } });
    expect(r.statusCode).toBe(400);
  });

  it('records the art. 41 review and lists only reviewed cameras on the public page', async () => {
    const sign = (await t.ctx.files.saveBuffer(jpegBytes('sign'), { uploadedBy: 'test' })).sha256;
    const review = { legalReviewDate: '2026-01-05', legalResult: 'passed', technicalReviewDate: '2026-01-06', technicalResult: 'passed', signPhoto: sign, publishedLocation: '中山路与大同路交叉口' };
    let r = await t.app.inject({ method: 'GET', url: '/api/v1/public/video-cameras' });
    expect(r.json().cameras).toEqual([]);
    r = await t.app.inject({ method: 'PUT', url: '/api/v1/video/cameras/CAM-1/review', headers: admin, payload: { ...review, signPhoto: 'a'.repeat(64) } });
    expect([r.statusCode, r.json().code]).toEqual([422, 'ATTACHMENT_NOT_FOUND']);
    r = await t.app.inject({ method: 'PUT', url: '/api/v1/video/cameras/CAM-1/review', headers: admin, payload: review });
    expect(r.json().camera.reviewPassed).toBe(true);
    r = await t.app.inject({ method: 'GET', url: '/api/v1/public/video-cameras' });
    expect(r.json().cameras).toEqual([expect.objectContaining({ code: 'CAM-1', location: '中山路与大同路交叉口', reviewedOn: '2026-01-06' })]);
    const page = await t.app.inject({ method: 'GET', url: '/public/video-cameras' });
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.body).toContain('中山路与大同路交叉口');
  });

  it('takes detections from a source holding its key: bad ones answered with reasons, the others go on', async () => {
    let r = await t.app.inject({ method: 'POST', url: '/api/v1/video/sources', headers: admin, payload: { name: '雪亮平台' } });
    expect(r.statusCode).toBe(201);
    key = r.json().apiKey;
    const at = t.clock.now();
    const body = {
      detections: [
        { id: 'x1', camera: 'CAM-1', algorithm: 'SHOP', at, confidence: 0.9, boxes: [{ x: 0.4, y: 0.6, w: 0.2, h: 0.2 }], snapshotBase64: jpegBytes('det-1').toString('base64') },
        { id: 'x2', camera: 'CAM-1', algorithm: 'SHOP', at, confidence: 0.9, boxes: [{ x: 0.9, y: 0.6, w: 0.2, h: 0.2 }] },
        { id: 'x3', camera: 'CAM-1', algorithm: 'SHOP', at, confidence: 0.9, boxes: [{ x: 0.4, y: 0.6, w: 0.2, h: 0.2 }], snapshotBase64: Buffer.from('not an image at all').toString('base64') },
        'nonsense',
      ],
    };
    r = await t.app.inject({ method: 'POST', url: '/api/v1/video/detections', payload: body });
    expect([r.statusCode, r.json().code]).toEqual([401, 'VIDEO_KEY_REQUIRED']);
    r = await t.app.inject({ method: 'POST', url: '/api/v1/video/detections', headers: { 'x-api-key': 'vk_wrong' }, payload: body });
    expect([r.statusCode, r.json().code]).toEqual([401, 'VIDEO_KEY_INVALID']);
    r = await t.app.inject({ method: 'POST', url: '/api/v1/video/detections', headers: { 'x-api-key': key }, payload: body });
    expect(r.statusCode).toBe(200);
    const out = r.json();
    expect(out).toMatchObject({ received: 4, accepted: 1, rejected: 3 });
    expect(out.results.map((x: { outcome: string }) => x.outcome)).toEqual(['tracking', 'invalid', 'invalid', 'invalid']);
    expect(out.results[1].reasons).toEqual(['/boxes/0 reaches outside the frame']);
    expect(out.results[2].reasons).toEqual(['/snapshotBase64 is not a JPEG, PNG or WebP image']);
    r = await t.app.inject({ method: 'POST', url: '/api/v1/video/detections', headers: { 'x-api-key': key }, payload: [1, 2] });
    expect(r.statusCode).toBe(400);
    r = await t.app.inject({ method: 'POST', url: '/api/v1/video/detections', headers: { 'x-api-key': key }, payload: { detections: [] } });
    expect(r.statusCode).toBe(400);
  });

  it('puts a dwelt detection in the queue, shows its snapshot to the reviewer and makes it a case on accept', async () => {
    const at = t.clock.now() + 61_000;
    t.clock.set(at);
    let r = await t.app.inject({
      method: 'POST', url: '/api/v1/video/detections', headers: { 'x-api-key': key },
      payload: { camera: 'CAM-1', algorithm: 'SHOP', at, confidence: 0.95, boxes: [{ x: 0.4, y: 0.6, w: 0.2, h: 0.2 }], snapshotBase64: jpegBytes('det-2').toString('base64') },
    });
    expect(r.json().results[0].outcome).toBe('new_item');
    const id = r.json().results[0].itemId as string;
    r = await t.app.inject({ method: 'GET', url: '/api/v1/video/items?state=pending', headers: operator });
    expect(r.json().items.map((i: { id: string }) => i.id)).toEqual([id]);
    const item = r.json().items[0];
    expect(item.snapshots).toHaveLength(2);
    const snap = await t.app.inject({ method: 'GET', url: `/api/v1/video/items/${id}/snapshots/${item.snapshot}`, headers: operator });
    expect([snap.statusCode, snap.headers['content-type']]).toEqual([200, 'image/jpeg']);
    const foreign = await t.app.inject({ method: 'GET', url: `/api/v1/video/items/${id}/snapshots/${'b'.repeat(64)}`, headers: operator });
    expect(foreign.statusCode).toBe(404);
    r = await t.app.inject({ method: 'POST', url: `/api/v1/video/items/${id}/actions/reject`, headers: operator, payload: { version: item.version, reason: 'maybe' } });
    expect([r.statusCode, r.json().code]).toEqual([422, 'REJECT_REASON_REQUIRED']);
    r = await t.app.inject({ method: 'POST', url: `/api/v1/video/items/${id}/actions/accept`, headers: operator, payload: { version: item.version + 5 } });
    expect([r.statusCode, r.json().code]).toEqual([409, 'VIDEO_ITEM_VERSION_CONFLICT']);
    r = await t.app.inject({ method: 'POST', url: `/api/v1/video/items/${id}/actions/accept`, headers: operator, payload: { version: item.version } });
    expect(r.statusCode).toBe(200);
    const caseId = r.json().item.caseId as string;
    r = await t.app.inject({ method: 'GET', url: `/api/v1/cases/${caseId}`, headers: operator });
    expect(r.json().case).toMatchObject({ source: 'video', categoryCode: 'E0504' });
    // The reviewer saw the snapshots: no inspector is sent to check on site, the operator accepts the case at once.
    const version = r.json().case.version as number;
    r = await t.app.inject({ method: 'POST', url: `/api/v1/cases/${caseId}/actions/request_check`, headers: operator, payload: { version } });
    expect([r.statusCode, r.json().code]).toEqual([409, 'CASE_ACTION_NOT_ALLOWED']);
    r = await t.app.inject({ method: 'POST', url: `/api/v1/cases/${caseId}/actions/accept`, headers: operator, payload: { version } });
    expect(r.statusCode).toBe(200);
    r = await t.app.inject({ method: 'GET', url: `/api/v1/video/items/${id}`, headers: operator });
    expect(r.json().events.map((e: { type: string }) => e.type)).toEqual(['detected', 'accepted']);
    r = await t.app.inject({ method: 'GET', url: '/api/v1/video/precision', headers: operator });
    expect(r.json().pairs[0]).toMatchObject({ camera: 'CAM-1', algorithm: 'SHOP', accepted: 1, precision: 1 });
    r = await t.app.inject({ method: 'GET', url: '/api/v1/video/counters', headers: operator });
    expect(r.json().totals).toMatchObject({ tracking: 1, new_item: 1, invalid: 3, promoted: 1 });
  });
});
