/**
 * The 12345 hotline channel (热线工单): a work order the operator confirmed (src/hotline) becomes a
 * case with source `hotline` and the order's 工单编号 as its external reference — so the same order
 * never makes two cases, however often it is imported, pushed or confirmed. The operator who
 * confirmed it is the reporter; like every citizen's report it is checked on site (核实) before it
 * is accepted (SOURCES_NEEDING_CHECK). Pure.
 */
import { Type } from 'typebox';
import type { IntakeChannel } from '../workflow/channels.js';
import { SOURCES_NEEDING_CHECK, URGENCIES, type CaseSource } from './model.js';
import type { ReportInput } from './channels.js';

export const HOTLINE_CHANNEL: IntakeChannel<ReportInput, ReportInput> = {
  name: 'hotline', zh: '12345热线工单', en: 'the 12345 hotline', sources: ['hotline'], roles: ['operator'],
  needsCheck: (source) => SOURCES_NEEDING_CHECK.has(source as CaseSource),
  payload: Type.Object({
    source: Type.Literal('hotline'),
    externalRef: Type.String({ minLength: 1, maxLength: 64, title: '工单编号' }),
    lon: Type.Number(),
    lat: Type.Number(),
    crs: Type.Optional(Type.Enum(['wgs84', 'gcj02', 'bd09'], { default: 'wgs84' })),
    address: Type.Optional(Type.Union([Type.String({ maxLength: 200 }), Type.Null()])),
    categoryCode: Type.String({ minLength: 2, maxLength: 8, title: '分类' }),
    urgency: Type.Optional(Type.Enum([...URGENCIES], { title: '紧急程度' })),
    description: Type.String({ minLength: 1, maxLength: 4000, title: '诉求内容' }),
    photos: Type.Optional(Type.Array(Type.String({ pattern: '^[0-9a-f]{64}$' }), { maxItems: 20 })),
  }, { additionalProperties: false, title: '12345热线工单' }),
  toReport: (p) => ({ ...p, externalRef: p.externalRef ?? null }),
};
