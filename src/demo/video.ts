/**
 * The demo city's video shelf: the common 城管 algorithms (field-notes §C.1: 德清, 广州, the GA/T 1400
 * 城管 extension) mapped to GB/T 30428.2 event classes, and a camera plan for the demo grids. The
 * vendor, versions and figures are synthetic; the classes, dwell rules and non-contact choices follow
 * the field notes (店外经营 only 07:00–22:00, 10-minute self-correction for goods put back inside …).
 */
import type { AlgorithmInputT } from '../video/schemas.js';
import { demoSnapshot } from './video-snapshots.js';

export const DEMO_ALGORITHMS: Array<AlgorithmInputT & { code: string }> = [
  { code: 'ALG-SHOP-OUT', name: '店外经营', vendor: '鹭城智算', version: '3.2', categoryCode: 'E0504', minConfidence: 0.6, dwellSeconds: 300, roiPolicy: 'center_inside', nonContact: true, selfCorrectSeconds: 600, dedupSeconds: 3600, defaultSchedule: [{ from: '07:00', to: '22:00' }], enabled: true },
  { code: 'ALG-VENDOR', name: '无照经营游商', vendor: '鹭城智算', version: '2.8', categoryCode: 'E0501', minConfidence: 0.65, dwellSeconds: 300, roiPolicy: 'overlap', nonContact: false, selfCorrectSeconds: 0, dedupSeconds: 3600, defaultSchedule: [], enabled: true },
  { code: 'ALG-PILE', name: '乱堆物堆料', vendor: '鹭城智算', version: '3.0', categoryCode: 'E0507', minConfidence: 0.6, dwellSeconds: 600, roiPolicy: 'overlap', nonContact: true, selfCorrectSeconds: 1800, dedupSeconds: 86_400, defaultSchedule: [], enabled: true },
  { code: 'ALG-GARBAGE', name: '暴露垃圾', vendor: '海峡视觉', version: '1.9', categoryCode: 'E0102', minConfidence: 0.55, dwellSeconds: 300, roiPolicy: 'ignore', nonContact: false, selfCorrectSeconds: 0, dedupSeconds: 21_600, defaultSchedule: [], enabled: true },
  { code: 'ALG-BIKE', name: '非机动车乱停放', vendor: '海峡视觉', version: '2.1', categoryCode: 'E0506', minConfidence: 0.6, dwellSeconds: 900, roiPolicy: 'center_inside', nonContact: false, selfCorrectSeconds: 900, dedupSeconds: 7200, defaultSchedule: [], enabled: true },
  { code: 'ALG-HANGING', name: '沿街晾挂', vendor: '鹭城智算', version: '1.4', categoryCode: 'E0511', minConfidence: 0.6, dwellSeconds: 600, roiPolicy: 'ignore', nonContact: true, selfCorrectSeconds: 1800, dedupSeconds: 86_400, defaultSchedule: [{ from: '08:00', to: '20:00' }], enabled: true },
  { code: 'ALG-AD', name: '违规广告牌匾', vendor: '海峡视觉', version: '1.2', categoryCode: 'E0202', minConfidence: 0.7, dwellSeconds: 0, roiPolicy: 'ignore', nonContact: true, selfCorrectSeconds: 0, dedupSeconds: 7 * 86_400, defaultSchedule: [], enabled: true },
  { code: 'ALG-MUCK', name: '渣土车未覆盖', vendor: '路安科技', version: '4.0', categoryCode: 'E0112', minConfidence: 0.7, dwellSeconds: 0, roiPolicy: 'ignore', nonContact: true, selfCorrectSeconds: 0, dedupSeconds: 600, defaultSchedule: [], enabled: true },
  { code: 'ALG-BULKY', name: '大件垃圾偷倒', vendor: '鹭城智算', version: '2.0', categoryCode: 'E0108', minConfidence: 0.65, dwellSeconds: 0, roiPolicy: 'ignore', nonContact: true, selfCorrectSeconds: 0, dedupSeconds: 43_200, defaultSchedule: [], enabled: true },
  { code: 'ALG-BBQ', name: '露天烧烤', vendor: '海峡视觉', version: '1.6', categoryCode: 'E0510', minConfidence: 0.6, dwellSeconds: 300, roiPolicy: 'ignore', nonContact: false, selfCorrectSeconds: 600, dedupSeconds: 14_400, defaultSchedule: [{ from: '17:00', to: '03:00' }], enabled: true },
  { code: 'ALG-BIN-FULL', name: '垃圾箱满溢', vendor: '海峡视觉', version: '2.3', categoryCode: 'E2103', minConfidence: 0.6, dwellSeconds: 600, roiPolicy: 'ignore', nonContact: false, selfCorrectSeconds: 0, dedupSeconds: 21_600, defaultSchedule: [], enabled: true },
  { code: 'ALG-UMBRELLA', name: '违规撑伞', vendor: '鹭城智算', version: '1.1', categoryCode: 'E2104', minConfidence: 0.6, dwellSeconds: 600, roiPolicy: 'center_inside', nonContact: false, selfCorrectSeconds: 900, dedupSeconds: 14_400, defaultSchedule: [{ from: '07:00', to: '22:00' }], enabled: true },
  { code: 'ALG-SMALL-AD', name: '非法小广告', vendor: '路安科技', version: '1.0', categoryCode: 'E0201', minConfidence: 0.7, dwellSeconds: 0, roiPolicy: 'ignore', nonContact: false, selfCorrectSeconds: 0, dedupSeconds: 86_400, defaultSchedule: [], enabled: false },
];

/** Cameras per demo district plan: one every few grids, 2–4 algorithms each, two in three with a passed art. 41 review. */
export const DEMO_CAMERA_EVERY_N_GRIDS = 12;
export const DEMO_CAMERA_OWNERS = ['市城管局', '公安雪亮工程', '街道办事处', '交通运输局'];

/** A 1×1 PNG standing in for the photo of each reviewed demo camera's public sign (公示标识). */
export const DEMO_SIGN_PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

export const DEMO_VIDEO = {
  algorithms: DEMO_ALGORITHMS,
  cameraEveryNGrids: DEMO_CAMERA_EVERY_N_GRIDS,
  owners: DEMO_CAMERA_OWNERS,
  signPhoto: DEMO_SIGN_PNG,
  snapshot: demoSnapshot,
} as const;
