/**
 * Video AI intake (视频AI): the algorithm shelf, the camera register with its art. 41 review, the
 * detections that arrive from vision platforms, and the rules that decide what becomes a review item.
 * Types and pure rules only (no I/O). CityLoop does not run the models: it receives their detections,
 * filters, de-duplicates, has a person (or a measured pair) judge them, and turns them into cases.
 */
import { DAY_MS, HOUR_MS } from '../core/time.js';

/** How an algorithm uses a camera's regions of interest (划定区域). */
export const ROI_POLICIES = ['ignore', 'center_inside', 'overlap'] as const;
export type RoiPolicy = (typeof ROI_POLICIES)[number];
export const ROI_POLICY_NAMES: Record<RoiPolicy, string> = {
  ignore: '全画面', center_inside: '目标中心须在区域内', overlap: '目标与区域相交即可',
};

/** A daily window in Shanghai time, `HH:MM`; `to` before `from` runs over midnight. */
export interface TimeWindow {
  from: string;
  to: string;
}

export interface Algorithm {
  code: string;
  name: string;
  vendor: string;
  version: string;
  /** The event small class (GB/T 30428.2, e.g. E0504 店外经营) a case from it gets. */
  categoryCode: string;
  /** 0–1: detections below are filtered (a camera binding may raise or lower it). */
  minConfidence: number;
  /** The violation must persist this long (seconds) before it becomes an item; 0 = first sighting. */
  dwellSeconds: number;
  roiPolicy: RoiPolicy;
  /** The class may be punished without contact (非现场执法, 行政处罚法 art. 41). */
  nonContact: boolean;
  /** Self-correction window (限时自行整改): an item waits this long (seconds) before review; 0 = none. */
  selfCorrectSeconds: number;
  /** Repeats within this many seconds of the last sighting merge into the same item or case. */
  dedupSeconds: number;
  /** When it runs by default (empty: all day). */
  defaultSchedule: TimeWindow[];
  enabled: boolean;
  updatedAt: number;
}

/** An algorithm enabled on a camera: its schedule (null: the algorithm's default) and confidence floor (null: default). */
export interface CameraAlgorithm {
  code: string;
  schedule: TimeWindow[] | null;
  minConfidence: number | null;
}

/** A region of interest in image coordinates, as fractions (0–1) of the frame's width and height. */
export interface Roi {
  name: string;
  points: Array<[number, number]>;
  /** Only these algorithms use it (empty: all). */
  algorithms: string[];
}

export const REVIEW_RESULTS = ['passed', 'failed'] as const;
export type ReviewResult = (typeof REVIEW_RESULTS)[number];

/**
 * The Administrative Penalty Law art. 41 record of a camera used for evidence: legal and technical
 * review (法制和技术审核), the public sign (明显标识) and the published location (设置地点向社会公布).
 */
export interface Art41Review {
  legalReviewDate: string | null;
  legalResult: ReviewResult | null;
  technicalReviewDate: string | null;
  technicalResult: ReviewResult | null;
  /** SHA-256 of the photo of the public sign. */
  signPhoto: string | null;
  /** The location as published to the public. */
  publishedLocation: string | null;
}

export const EMPTY_REVIEW: Art41Review = {
  legalReviewDate: null, legalResult: null, technicalReviewDate: null, technicalResult: null, signPhoto: null, publishedLocation: null,
};

/** Evidence of this camera may support a penalty only when both reviews passed, it is signed and its location published. */
export function reviewPassed(r: Art41Review): boolean {
  return r.legalResult === 'passed' && r.technicalResult === 'passed' && !!r.legalReviewDate && !!r.technicalReviewDate
    && !!r.signPhoto && !!r.publishedLocation;
}

export interface Camera {
  code: string;
  name: string;
  /** Who runs it (公安雪亮, 城管, 街道 …). */
  owner: string;
  lon: number;
  lat: number;
  address: string | null;
  /** View direction in degrees from north, clockwise; null when unknown. */
  direction: number | null;
  gridCode: string;
  streetCode: string;
  districtCode: string;
  algorithms: CameraAlgorithm[];
  rois: Roi[];
  online: boolean;
  review: Art41Review;
  reviewPassed: boolean;
  updatedAt: number;
}

/** A box in image coordinates (fractions of the frame): left, top, width, height. */
export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** One detection as a vision platform sends it (validated). */
export interface DetectionInput {
  /** The platform's own id of the detection. */
  id?: string;
  camera: string;
  algorithm: string;
  at: number;
  confidence: number;
  boxes: Box[];
  /** SHA-256 of the stored snapshot (the ingest stores an inline image first). */
  snapshot: string | null;
  clip: string | null;
  /** `cleared`: the platform saw the violation end (goods taken back in …). */
  state: 'active' | 'cleared';
  plate: string | null;
}

/** One sighting kept as evidence on an item. */
export interface Sighting {
  at: number;
  camera: string;
  confidence: number;
  box: Box;
  snapshot: string | null;
  clip: string | null;
  ref: string | null;
  plate: string | null;
}

/** What happened to a detection on arrival; counted per day, camera and algorithm. */
export const OUTCOMES = [
  'invalid', 'unknown_camera', 'unknown_algorithm', 'not_enabled', 'offline', 'low_confidence', 'outside_roi', 'outside_schedule',
  'suppressed', 'tracking', 'new_item', 'merged', 'cleared',
] as const;
export type Outcome = (typeof OUTCOMES)[number];
/** Later fates of `tracking` detections: joined an item when the dwell time was reached, or expired short of it. */
export const LATER_OUTCOMES = ['promoted', 'below_dwell'] as const;
export type LaterOutcome = (typeof LATER_OUTCOMES)[number];
export type CounterName = Outcome | LaterOutcome;

export const OUTCOME_NAMES: Record<CounterName, string> = {
  invalid: '格式错误', unknown_camera: '未登记摄像头', unknown_algorithm: '未上架算法', not_enabled: '算法未在该摄像头启用', offline: '摄像头停用',
  low_confidence: '置信度不足', outside_roi: '不在识别区域', outside_schedule: '不在识别时段', suppressed: '已抑制（精度过低）',
  tracking: '驻留计时中', new_item: '新识别事件', merged: '合并为证据', cleared: '违规已消失', promoted: '驻留达标', below_dwell: '驻留不足',
};

/** Outcomes that are filtered away (each counted, none dropped silently). */
export const FILTERED: ReadonlySet<CounterName> = new Set<CounterName>([
  'invalid', 'unknown_camera', 'unknown_algorithm', 'not_enabled', 'offline', 'low_confidence', 'outside_roi', 'outside_schedule', 'suppressed', 'below_dwell',
]);

// ---------------------------------------------------------------------------------------------
// Review items: a de-duplicated violation waiting for a person (or closed without one)
// ---------------------------------------------------------------------------------------------

/**
 * watching: inside its self-correction window; pending: waits for review; accepted: a case was made
 * (its repeats attach to it while the case is open); closed: its case ended; rejected; self_corrected.
 */
export const ITEM_STATES = ['watching', 'pending', 'accepted', 'closed', 'rejected', 'self_corrected'] as const;
export type ItemState = (typeof ITEM_STATES)[number];
export const ITEM_STATE_NAMES: Record<ItemState, string> = {
  watching: '自行整改观察中', pending: '待审核', accepted: '已受理立案', closed: '案卷已办结', rejected: '已驳回', self_corrected: '已自行纠正',
};
/** Items that still take repeats as evidence. */
export const OPEN_ITEM_STATES: readonly ItemState[] = ['watching', 'pending', 'accepted'];

export const REJECT_REASONS = ['false_positive', 'duplicate', 'not_violation'] as const;
export type RejectReason = (typeof REJECT_REASONS)[number];
export const REJECT_REASON_NAMES: Record<RejectReason, string> = { false_positive: '误报', duplicate: '重复', not_violation: '不构成违规' };
/** Rejections that count against the algorithm's precision (a duplicate was a true detection). */
export const COUNTS_AS_FALSE: ReadonlySet<string> = new Set(['false_positive', 'not_violation']);

export interface ReviewItem {
  id: string;
  version: number;
  lastHash: string;
  state: ItemState;
  cameraCode: string;
  algorithmCode: string;
  categoryCode: string;
  districtCode: string;
  streetCode: string;
  lon: number;
  lat: number;
  firstAt: number;
  lastAt: number;
  sightings: number;
  bestConfidence: number;
  /** The box of the best sighting, drawn on its snapshot. */
  box: Box;
  /** The best sighting's snapshot (shown first). */
  snapshot: string | null;
  /** Every distinct snapshot, in order (the case gets them as before-photos). */
  snapshots: string[];
  /** Cameras that saw it (cross-camera repeats). */
  cameras: string[];
  plate: string | null;
  /** End of the self-correction window; null without one. */
  watchUntil: number | null;
  caseId: string | null;
  verdict: 'accepted' | RejectReason | null;
  verdictNote: string | null;
  verdictAt: number | null;
  reviewerId: string | null;
  auto: boolean;
  createdAt: number;
  updatedAt: number;
}

// ---------------------------------------------------------------------------------------------
// Pure rules
// ---------------------------------------------------------------------------------------------

const SHANGHAI_OFFSET = 8 * HOUR_MS;
const minutesOf = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
export const TIME_PATTERN = '^([01]\\d|2[0-3]):[0-5]\\d$';

/** Is `at` inside one of the windows (Shanghai time)? No windows: always. */
export function inSchedule(windows: readonly TimeWindow[], at: number): boolean {
  if (windows.length === 0) return true;
  const m = Math.floor((((at + SHANGHAI_OFFSET) % DAY_MS) + DAY_MS) % DAY_MS / 60_000);
  return windows.some((w) => {
    const from = minutesOf(w.from);
    const to = minutesOf(w.to);
    return from <= to ? m >= from && m < to : m >= from || m < to;
  });
}

/** Ray casting over a polygon in image coordinates. */
export function pointInPolygon(x: number, y: number, poly: ReadonlyArray<readonly [number, number]>): boolean {
  let inside = false;
  for (let i = 0, j = poly.length - 1; i < poly.length; j = i++) {
    const [xi, yi] = poly[i]!;
    const [xj, yj] = poly[j]!;
    if ((yi > y) !== (yj > y) && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

function boxTouchesPolygon(b: Box, poly: ReadonlyArray<readonly [number, number]>): boolean {
  const corners: Array<[number, number]> = [[b.x, b.y], [b.x + b.w, b.y], [b.x, b.y + b.h], [b.x + b.w, b.y + b.h], [b.x + b.w / 2, b.y + b.h / 2]];
  if (corners.some(([x, y]) => pointInPolygon(x, y, poly))) return true;
  // A polygon vertex inside the box (a small region inside a big box).
  return poly.some(([x, y]) => x >= b.x && x <= b.x + b.w && y >= b.y && y <= b.y + b.h);
}

/** Does the box satisfy the algorithm's region policy on this camera? A camera without regions for it: the whole frame. */
export function insideRoi(policy: RoiPolicy, rois: readonly Roi[], algorithm: string, b: Box): boolean {
  if (policy === 'ignore') return true;
  const mine = rois.filter((r) => r.algorithms.length === 0 || r.algorithms.includes(algorithm));
  if (mine.length === 0) return true;
  if (policy === 'center_inside') return mine.some((r) => pointInPolygon(b.x + b.w / 2, b.y + b.h / 2, r.points));
  return mine.some((r) => boxTouchesPolygon(b, r.points));
}

/** Overlap of two boxes as a share of the smaller one (0–1): a moved camera view or a jittering box still matches. */
export function overlap(a: Box, b: Box): number {
  const w = Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.h, b.y + b.h) - Math.max(a.y, b.y);
  if (w <= 0 || h <= 0) return 0;
  const smaller = Math.min(a.w * a.h, b.w * b.h);
  return smaller > 0 ? (w * h) / smaller : 0;
}
/** Boxes overlapping at least this much are the same object. */
export const SAME_OBJECT_OVERLAP = 0.3;

/** Metres between two WGS-84 points (equirectangular: exact enough within a few km). */
export function distanceM(aLon: number, aLat: number, bLon: number, bLat: number): number {
  const x = (bLon - aLon) * Math.cos(((aLat + bLat) / 2) * (Math.PI / 180));
  const y = bLat - aLat;
  return Math.sqrt(x * x + y * y) * 111_320;
}

/** Precision of a pair from its human verdicts: accepted / (accepted + false). Null without verdicts. */
export function precisionOf(accepted: number, falses: number): number | null {
  const n = accepted + falses;
  return n === 0 ? null : accepted / n;
}

/** The intake policy an administrator sets for the whole shelf. */
export interface VideoPolicy {
  /** A pair whose measured precision reaches this is accepted without a person; null: always a person. */
  autoAcceptFloor: number | null;
  /** A pair whose precision falls below this is suppressed (and an administrator told). */
  suppressFloor: number;
  /** Verdicts a pair needs before either floor applies. */
  minVerdicts: number;
  /** Same class within this many metres across cameras is the same violation. */
  radiusM: number;
}
export const DEFAULT_POLICY: VideoPolicy = { autoAcceptFloor: null, suppressFloor: 0.5, minVerdicts: 20, radiusM: 30 };

export type PairVerdict = 'suppress' | 'auto_accept' | 'review';
/** What a pair's precision means under the policy. */
export function pairVerdict(policy: VideoPolicy, accepted: number, falses: number): PairVerdict {
  const p = precisionOf(accepted, falses);
  if (p === null || accepted + falses < policy.minVerdicts) return 'review';
  if (p < policy.suppressFloor) return 'suppress';
  if (policy.autoAcceptFloor !== null && p >= policy.autoAcceptFloor) return 'auto_accept';
  return 'review';
}

/** A tracked object not seen for this long has left (dwell tracking). */
export const TRACK_GAP_MS = 120_000;

export const pairKey = (camera: string, algorithm: string): string => `${camera}\u0000${algorithm}`;
