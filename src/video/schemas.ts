/**
 * The wire shapes of video intake (TypeBox): what a vision platform posts, what an administrator
 * registers. Routes publish them in the OpenAPI document; the service checks input against the same
 * schemas, so the HTTP API and programmatic callers refuse alike. Pure.
 */
import { Type, type Static } from 'typebox';
import { REJECT_REASONS, REVIEW_RESULTS, ROI_POLICIES, TIME_PATTERN } from './model.js';

const Fraction = Type.Number({ minimum: 0, maximum: 1 });
export const BoxSchema = Type.Object({
  x: Fraction, y: Fraction, w: Type.Number({ exclusiveMinimum: 0, maximum: 1 }), h: Type.Number({ exclusiveMinimum: 0, maximum: 1 }),
}, { additionalProperties: false, description: 'Left, top, width, height as fractions (0–1) of the frame' });

export const DetectionSchema = Type.Object({
  id: Type.Optional(Type.String({ minLength: 1, maxLength: 128, description: 'The platform’s own id of this detection' })),
  camera: Type.String({ minLength: 1, maxLength: 64, description: 'Camera code in the register' }),
  algorithm: Type.String({ minLength: 1, maxLength: 64, description: 'Algorithm code on the shelf' }),
  at: Type.Union([Type.Integer({ minimum: 0 }), Type.String({ minLength: 10, maxLength: 40 })], { description: 'When the frame was taken: epoch ms or ISO 8601 (no offset = Asia/Shanghai)' }),
  confidence: Fraction,
  boxes: Type.Array(BoxSchema, { minItems: 1, maxItems: 10 }),
  snapshotBase64: Type.Optional(Type.String({ minLength: 16, maxLength: 14_000_000, description: 'The snapshot (JPEG, PNG or WebP) inline; stored by its SHA-256' })),
  snapshotSha256: Type.Optional(Type.String({ pattern: '^[0-9a-f]{64}$', description: 'A snapshot stored before (POST /api/v1/files or an earlier detection)' })),
  clip: Type.Optional(Type.String({ minLength: 1, maxLength: 500, description: 'Reference to a clip kept by the video platform (URL or id)' })),
  state: Type.Optional(Type.Enum(['active', 'cleared'], { description: '`cleared`: the platform saw the violation end', default: 'active' })),
  plate: Type.Optional(Type.String({ minLength: 2, maxLength: 16, description: 'Vehicle plate read by the algorithm' })),
}, { additionalProperties: false, title: 'Detection' });
export type DetectionWire = Static<typeof DetectionSchema>;

export const IngestBody = Type.Union([
  DetectionSchema,
  Type.Object({ detections: Type.Array(DetectionSchema, { minItems: 1, maxItems: 500 }) }, { additionalProperties: false }),
], { description: 'One detection, or a batch of up to 500' });

export const IngestResult = Type.Object({
  received: Type.Integer(),
  accepted: Type.Integer({ description: 'Detections that were valid (whatever the filter then decided)' }),
  rejected: Type.Integer({ description: 'Detections refused as invalid (reasons below)' }),
  results: Type.Array(Type.Object({
    index: Type.Integer(),
    id: Type.Union([Type.String(), Type.Null()]),
    outcome: Type.String({ description: 'invalid, unknown_camera, unknown_algorithm, not_enabled, offline, low_confidence, outside_roi, outside_schedule, suppressed, tracking, new_item, merged, cleared' }),
    itemId: Type.Union([Type.String(), Type.Null()]),
    reasons: Type.Array(Type.String()),
  })),
});

const Window = Type.Object({ from: Type.String({ pattern: TIME_PATTERN }), to: Type.String({ pattern: TIME_PATTERN }) }, { additionalProperties: false });

export const AlgorithmInput = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 60, title: '名称' }),
  vendor: Type.String({ minLength: 1, maxLength: 60, title: '厂商' }),
  version: Type.String({ minLength: 1, maxLength: 30, title: '版本' }),
  categoryCode: Type.String({ minLength: 5, maxLength: 8, pattern: '^E\\d{4}$', title: '对应事件小类' }),
  minConfidence: Type.Number({ minimum: 0, maximum: 1, title: '最低置信度' }),
  dwellSeconds: Type.Integer({ minimum: 0, maximum: 86_400, title: '驻留秒数' }),
  roiPolicy: Type.Enum([...ROI_POLICIES], { title: '区域策略' }),
  nonContact: Type.Boolean({ title: '可非现场执法' }),
  selfCorrectSeconds: Type.Integer({ minimum: 0, maximum: 86_400, title: '自行整改观察秒数' }),
  dedupSeconds: Type.Integer({ minimum: 0, maximum: 7 * 86_400, title: '去重窗口秒数' }),
  defaultSchedule: Type.Optional(Type.Array(Window, { maxItems: 6, title: '默认识别时段（空：全天）' })),
  enabled: Type.Boolean({ title: '上架' }),
}, { additionalProperties: false });
export type AlgorithmInputT = Static<typeof AlgorithmInput>;

export const CameraInput = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 100, title: '名称' }),
  owner: Type.String({ minLength: 1, maxLength: 60, title: '权属单位' }),
  lon: Type.Number({ minimum: -180, maximum: 180 }),
  lat: Type.Number({ minimum: -90, maximum: 90 }),
  address: Type.Optional(Type.Union([Type.String({ maxLength: 200 }), Type.Null()])),
  direction: Type.Optional(Type.Union([Type.Integer({ minimum: 0, maximum: 359 }), Type.Null()], { title: '朝向（度）' })),
  algorithms: Type.Optional(Type.Array(Type.Object({
    code: Type.String({ minLength: 1, maxLength: 64 }),
    schedule: Type.Optional(Type.Union([Type.Array(Window, { maxItems: 6 }), Type.Null()])),
    minConfidence: Type.Optional(Type.Union([Type.Number({ minimum: 0, maximum: 1 }), Type.Null()])),
  }, { additionalProperties: false }), { maxItems: 80, title: '启用算法' })),
  rois: Type.Optional(Type.Array(Type.Object({
    name: Type.String({ minLength: 1, maxLength: 40 }),
    points: Type.Array(Type.Tuple([Fraction, Fraction]), { minItems: 3, maxItems: 64 }),
    algorithms: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 64 }), { maxItems: 80 })),
  }, { additionalProperties: false }), { maxItems: 16, title: '识别区域' })),
  online: Type.Optional(Type.Boolean({ default: true })),
}, { additionalProperties: false });
export type CameraInputT = Static<typeof CameraInput>;

const DateOrNull = Type.Union([Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' }), Type.Null()]);
const ResultOrNull = Type.Union([Type.Enum([...REVIEW_RESULTS]), Type.Null()]);
export const ReviewInput = Type.Object({
  legalReviewDate: DateOrNull, legalResult: ResultOrNull, technicalReviewDate: DateOrNull, technicalResult: ResultOrNull,
  signPhoto: Type.Union([Type.String({ pattern: '^[0-9a-f]{64}$' }), Type.Null()], { description: 'SHA-256 of the uploaded photo of the public sign' }),
  publishedLocation: Type.Union([Type.String({ minLength: 1, maxLength: 200 }), Type.Null()]),
}, { additionalProperties: false, title: '法制和技术审核（行政处罚法第四十一条）' });

export const RejectBody = Type.Object({
  reason: Type.Enum([...REJECT_REASONS], { title: '驳回原因' }),
  note: Type.Optional(Type.String({ maxLength: 500, title: '说明' })),
}, { additionalProperties: false });

export const PolicyInput = Type.Object({
  autoAcceptFloor: Type.Optional(Type.Union([Type.Number({ minimum: 0.5, maximum: 1 }), Type.Null()], { title: '自动受理精度下限（空：均需人工审核）' })),
  suppressFloor: Type.Number({ minimum: 0, maximum: 1, title: '自动抑制精度下限' }),
  minVerdicts: Type.Integer({ minimum: 1, maximum: 10_000, title: '生效所需审核数' }),
  radiusM: Type.Number({ minimum: 0, maximum: 1000, title: '跨摄像头合并半径（米）' }),
}, { additionalProperties: false });
