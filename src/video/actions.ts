/**
 * The review actions on a video item, declared once (src/workflow/actions.ts): who may take them,
 * from which states, their bodies. The routes (POST /api/v1/video/items/{id}/actions/<name>), the
 * body check and the console's buttons come from here. `run` is not used: accepting reports a case
 * first (src/video/review.ts). Pure.
 */
import { Type } from 'typebox';
import type { ActionDeclaration } from '../workflow/actions.js';
import { RejectBody } from './schemas.js';

export type ItemAction = 'accept' | 'reject';

export const ITEM_ACTION_DECLARATIONS: Readonly<Record<ItemAction, ActionDeclaration<string, string, null>>> = {
  accept: {
    zh: '确认立案', en: 'Accept (report a case)', roles: ['operator'], permission: 'video.review', from: ['pending'],
    body: Type.Object({}, { additionalProperties: false }), run: null,
  },
  reject: {
    zh: '驳回', en: 'Reject', roles: ['operator'], permission: 'video.review', from: ['pending', 'watching'], body: RejectBody,
    refusals: { reason: { code: 'REJECT_REASON_REQUIRED', zh: '请选择驳回原因（误报、重复或不构成违规）', en: 'Give the reason: false_positive, duplicate or not_violation' } },
    danger: true, run: null,
  },
};
