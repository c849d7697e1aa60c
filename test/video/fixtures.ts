/** Small factories for video tests: a seeded city, a shelf, cameras, a detection. */
import type { AppContext } from '../../src/app.js';
import type { User } from '../../src/auth/model.js';
import type { DetectionWire, AlgorithmInputT } from '../../src/video/schemas.js';
import { jpegBytes, seedWorld, user, type World } from '../cases/fixtures.js';

export { jpegBytes, user };

export interface VideoWorld extends World {
  admin: User;
  /** Camera codes: A at the world's point, B next to A (≈ 10 m), C in another district. */
  camA: string;
  camB: string;
  camC: string;
}

export const SHOP: AlgorithmInputT = {
  name: '店外经营', vendor: '测试', version: '1', categoryCode: 'E0504', minConfidence: 0.6, dwellSeconds: 60, roiPolicy: 'center_inside',
  nonContact: true, selfCorrectSeconds: 0, dedupSeconds: 3600, defaultSchedule: [{ from: '07:00', to: '22:00' }], enabled: true,
};
export const PILE: AlgorithmInputT = { ...SHOP, name: '乱堆物堆料', categoryCode: 'E0507', dwellSeconds: 0, roiPolicy: 'ignore', selfCorrectSeconds: 600, defaultSchedule: [] };

export async function seedVideo(ctx: AppContext, tag = ''): Promise<VideoWorld> {
  const w = await seedWorld(ctx);
  const admin = user(['admin']);
  await ctx.video.putAlgorithm(admin, 'SHOP', SHOP);
  await ctx.video.putAlgorithm(admin, 'PILE', PILE);
  const roi = { name: '门前', points: [[0, 0.5], [1, 0.5], [1, 1], [0, 1]] as Array<[number, number]>, algorithms: ['SHOP'] };
  const camA = `A${tag}`;
  const camB = `B${tag}`;
  const camC = `C${tag}`;
  await ctx.video.putCamera(admin, camA, { name: '甲路口', owner: '城管', lon: w.point.lon, lat: w.point.lat, algorithms: [{ code: 'SHOP' }, { code: 'PILE' }], rois: [roi] });
  await ctx.video.putCamera(admin, camB, { name: '甲路口对面', owner: '城管', lon: w.point.lon + 0.0001, lat: w.point.lat, algorithms: [{ code: 'SHOP' }, { code: 'PILE' }] });
  await ctx.video.putCamera(admin, camC, { name: '别区', owner: '城管', lon: w.elsewhere.lon, lat: w.elsewhere.lat, algorithms: [{ code: 'PILE' }] });
  return { ...w, admin, camA, camB, camC };
}

let n = 0;
/** A detection at `at` (epoch ms) on camera A by SHOP, in the lower half of the frame. */
export function detection(at: number, over: Partial<DetectionWire> = {}): DetectionWire {
  n += 1;
  return { id: `d-${n}`, camera: 'A', algorithm: 'SHOP', at, confidence: 0.9, boxes: [{ x: 0.4, y: 0.6, w: 0.2, h: 0.2 }], ...over };
}

/** A stored snapshot (distinct per tag). */
export async function snapshot(ctx: AppContext, tag: string): Promise<string> {
  return (await ctx.files.saveBuffer(jpegBytes(`snap-${tag}`), { uploadedBy: 'test' })).sha256;
}
