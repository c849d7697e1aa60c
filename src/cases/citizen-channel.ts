/**
 * 公众上报: the public's channel — Open311 apps holding an API key and the anonymous citizen app
 * (随手拍). Its actor is the `citizen` role (no account); a citizen's report always needs an on-site
 * check (核实) before it is accepted. The reporter's contact never enters the payload or the case
 * log: it stays beside the case in the public channels' own table (src/open311). Pure.
 */
import { Type } from 'typebox';
import type { IntakeChannel } from '../workflow/channels.js';
import type { ReportInput } from './channels.js';

export const CITIZEN_CHANNEL: IntakeChannel<ReportInput, ReportInput> = {
  name: 'citizen', zh: '公众上报', en: 'the public channels (Open311, citizen app)', sources: ['citizen'], roles: ['citizen'],
  needsCheck: () => true,
  payload: Type.Object({
    source: Type.Enum(['citizen']),
    externalRef: Type.Optional(Type.Union([Type.String({ minLength: 1, maxLength: 128 }), Type.Null()])),
    lon: Type.Number({ minimum: -180, maximum: 180 }),
    lat: Type.Number({ minimum: -90, maximum: 90 }),
    crs: Type.Optional(Type.Enum(['wgs84', 'gcj02', 'bd09'], { default: 'wgs84' })),
    address: Type.Optional(Type.Union([Type.String({ maxLength: 200 }), Type.Null()])),
    categoryCode: Type.String({ minLength: 2, maxLength: 8 }),
    urgency: Type.Optional(Type.Enum(['normal', 'urgent'])),
    description: Type.String({ maxLength: 4000 }),
    photos: Type.Optional(Type.Array(Type.String({ pattern: '^[0-9a-f]{64}$' }), { maxItems: 9 })),
  }, { additionalProperties: false, title: '公众上报' }),
  refusals: { urgency: { code: 'URGENCY_INVALID', zh: '紧急程度应为 normal（一般）或 urgent（紧急）', en: 'urgency must be normal or urgent' } },
  toReport: (p) => ({ ...p, externalRef: p.externalRef ?? null }),
};
