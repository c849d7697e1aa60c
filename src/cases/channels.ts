/**
 * The channels reports come through (src/workflow/channels.ts). The inspector app (监督员上报) and the
 * operator's entry (受理员录入: calls, letters, walk-ins, the leader's and the assessors' findings)
 * are the first two; the 12345 hotline, Open311, video AI, IoT alarms, aerial patches and
 * assessments plug in here next, each with its own payload and external reference. Pure.
 */
import { Type, type TObject } from 'typebox';
import type { IntakeChannel } from '../workflow/channels.js';
import { VIDEO_INTAKE } from './video-channel.js';
import { CITIZEN_CHANNEL } from './citizen-channel.js';
import { HOTLINE_CHANNEL } from './hotline-channel.js';
import { CASE_SOURCES, SOURCES_NEEDING_CHECK, URGENCIES, type CaseSource, type Urgency } from './model.js';

/** What a channel's payload becomes: the report the intake files (src/cases/intake.ts). */
export interface ReportInput {
  source: CaseSource | string;
  /** The channel's own id of this report (12345 work-order number, detection id …). */
  externalRef?: string | null;
  lon: number;
  lat: number;
  /** wgs84 (default), gcj02 or bd09: converted once, at intake. */
  crs?: string;
  address?: string | null;
  categoryCode: string;
  urgency?: Urgency | string;
  description: string;
  /** Before-photos: SHA-256 digests of uploaded files. */
  photos?: string[];
}

const payloadOf = (sources: readonly string[], title: string): TObject => Type.Object({
  source: Type.Enum([...sources], { description: '来源 inspector 监督员 · citizen 公众 · hotline 热线 · video 视频 · iot 物联 · aerial 航拍 · assessment 考评 · leader 领导 · petition 信访 · opinion 舆情' }),
  externalRef: Type.Optional(Type.Union([Type.String({ minLength: 1, maxLength: 128 }), Type.Null()], { description: 'The channel’s own id (idempotency with source)' })),
  lon: Type.Number(),
  lat: Type.Number(),
  crs: Type.Optional(Type.Enum(['wgs84', 'gcj02', 'bd09'], { default: 'wgs84' })),
  address: Type.Optional(Type.Union([Type.String({ maxLength: 200 }), Type.Null()])),
  categoryCode: Type.String({ minLength: 2, maxLength: 8, title: '分类', examples: ['C0102', 'E0102'] }),
  urgency: Type.Optional(Type.Enum([...URGENCIES], { title: '紧急程度' })),
  description: Type.String({ maxLength: 2000, title: '问题描述' }),
  photos: Type.Optional(Type.Array(Type.String({ pattern: '^[0-9a-f]{64}$', description: 'SHA-256 of an uploaded file' }), { maxItems: 20, title: '照片' })),
}, { additionalProperties: false, title });

const URGENCY_INVALID = { code: 'URGENCY_INVALID', zh: '紧急程度应为 normal（一般）或 urgent（紧急）', en: 'urgency must be normal or urgent' };
const asReport = (p: ReportInput) => ({ ...p, externalRef: p.externalRef ?? null });

/** 监督员上报: an inspector's phone; the inspector saw it, so no on-site check is needed. */
export const INSPECTOR_APP: IntakeChannel<ReportInput, ReportInput> = {
  name: 'inspector_app', zh: '监督员上报', en: 'the inspector app', sources: ['inspector'], roles: ['inspector'],
  needsCheck: () => false,
  payload: payloadOf(['inspector'], '监督员上报'), refusals: { urgency: URGENCY_INVALID },
  toReport: asReport,
};

/** 受理员录入: reports taken by the platform's staff from citizens, letters, the leader, the assessors … */
const OPERATOR_SOURCES = CASE_SOURCES.filter((s) => s !== 'inspector' && s !== 'video' && s !== 'iot' && s !== 'hotline');
export const OPERATOR_ENTRY: IntakeChannel<ReportInput, ReportInput> = {
  name: 'operator_entry', zh: '受理员录入', en: 'operator entry', sources: OPERATOR_SOURCES, roles: ['operator', 'inspector', 'leader', 'evaluator'],
  needsCheck: (source) => SOURCES_NEEDING_CHECK.has(source as CaseSource),
  payload: payloadOf(OPERATOR_SOURCES, '受理员录入'), refusals: { urgency: URGENCY_INVALID },
  toReport: asReport,
};

/**
 * 物联感知: an alarm of the IoT hub (src/iot) still active at the end of its grace period. The device
 * measured it for the whole grace period, so no on-site check; the external reference is the alarm's
 * id (one case per alarm, also when two processes escalate it at once). The hub files it as the
 * platform's system account, which holds the operator role for this.
 */
export const IOT_CHANNEL: IntakeChannel<ReportInput, ReportInput> = {
  name: 'iot', zh: '物联感知', en: 'IoT alarms', sources: ['iot'], roles: ['operator'],
  needsCheck: () => false,
  payload: payloadOf(['iot'], '物联感知'), refusals: { urgency: URGENCY_INVALID },
  toReport: asReport,
};

export const CASE_CHANNELS: ReadonlyArray<IntakeChannel<ReportInput, ReportInput>> = [INSPECTOR_APP, OPERATOR_ENTRY, VIDEO_INTAKE, CITIZEN_CHANNEL, IOT_CHANNEL, HOTLINE_CHANNEL];
