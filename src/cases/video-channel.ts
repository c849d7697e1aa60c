/**
 * 视频识别: the channel a reviewed video detection becomes a case through (src/video/review.ts). The
 * reviewer (受理员) or the platform's auto-acceptance for a measured pair reports it; the class comes from
 * the algorithm, the place from the camera, the snapshots are the before-photos and the external
 * reference is the review item, so accepting twice never makes two cases. Pure.
 */
import { Type } from 'typebox';
import type { IntakeChannel } from '../workflow/channels.js';
import type { ReportInput } from './channels.js';

export const VIDEO_INTAKE: IntakeChannel<ReportInput, ReportInput> = {
  name: 'video_intake', zh: '视频识别', en: 'video AI intake', sources: ['video'], roles: ['operator'],
  // The problem is on video and was confirmed there: the reviewer saw every snapshot with its box before accepting (the
  // two-stage confirmation of field notes §C.3), so no inspector is sent to check it on site (not in SOURCES_NEEDING_CHECK).
  needsCheck: () => false,
  payload: Type.Object({
    source: Type.Literal('video'),
    externalRef: Type.Optional(Type.Union([Type.String({ minLength: 1, maxLength: 128 }), Type.Null()], { description: 'video:<review item id>' })),
    lon: Type.Number(),
    lat: Type.Number(),
    crs: Type.Optional(Type.Enum(['wgs84', 'gcj02', 'bd09'], { default: 'wgs84' })),
    urgency: Type.Optional(Type.Enum(['normal', 'urgent'], { title: '紧急程度' })),
    address: Type.Optional(Type.Union([Type.String({ maxLength: 200 }), Type.Null()])),
    categoryCode: Type.String({ minLength: 2, maxLength: 8, title: '分类' }),
    description: Type.String({ minLength: 1, maxLength: 2000, title: '问题描述' }),
    photos: Type.Optional(Type.Array(Type.String({ pattern: '^[0-9a-f]{64}$' }), { maxItems: 50, title: '抓拍' })),
  }, { additionalProperties: false, title: '视频识别' }),
  toReport: (p) => ({ ...p, externalRef: p.externalRef ?? null }),
};
