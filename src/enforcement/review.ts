/**
 * 法制审核 and 集体讨论 triggers as data (行政处罚法 art. 57, 58). A city keeps them in settings
 * (`enforcement.review_rules`): the four cases of art. 58 and its own local list (e.g. a fine from
 * an amount up). `triggersOf` says which fire for a case; a decision is refused without a passed
 * legal review where one fires, and without a collective discussion where one fires. Pure.
 */
import { Type, type Static } from 'typebox';
import type { Flags } from './model.js';

export const Trigger = Type.Object({
  code: Type.String({ minLength: 1, maxLength: 60, pattern: '^[a-z0-9_]+$' }),
  name: Type.String({ minLength: 1, maxLength: 200 }),
  basis: Type.String({ maxLength: 200 }),
  /** flag: a flag set on the case; hearing: a hearing was held; fine_at_least: the fine reaches amountFen. */
  kind: Type.Union([Type.Literal('flag'), Type.Literal('hearing'), Type.Literal('fine_at_least')]),
  flag: Type.Optional(Type.Union([Type.Literal('majorPublicInterest'), Type.Literal('complex'), Type.Literal('lawRequires')])),
  amountFen: Type.Optional(Type.Integer({ minimum: 0 })),
}, { additionalProperties: false });
export type Trigger = Static<typeof Trigger>;

export const ReviewRules = Type.Object({
  legalReview: Type.Array(Trigger, { maxItems: 50 }),
  collective: Type.Array(Trigger, { maxItems: 50 }),
}, { additionalProperties: false });
export type ReviewRules = Static<typeof ReviewRules>;

export const DEFAULT_REVIEW_RULES: ReviewRules = {
  legalReview: [
    { code: 'major_public_interest', name: '涉及重大公共利益', basis: '行政处罚法第五十八条第一款第（一）项', kind: 'flag', flag: 'majorPublicInterest' },
    { code: 'hearing_held', name: '直接关系当事人或者第三人重大权益，经过听证程序', basis: '行政处罚法第五十八条第一款第（二）项', kind: 'hearing' },
    { code: 'complex', name: '案件情况疑难复杂、涉及多个法律关系', basis: '行政处罚法第五十八条第一款第（三）项', kind: 'flag', flag: 'complex' },
    { code: 'law_requires', name: '法律、法规规定应当进行法制审核', basis: '行政处罚法第五十八条第一款第（四）项', kind: 'flag', flag: 'lawRequires' },
    { code: 'large_fine', name: '罚款数额在5万元以上（本市重大执法决定目录）', basis: '厦门市重大行政执法决定法制审核目录', kind: 'fine_at_least', amountFen: 50_000_00 },
  ],
  collective: [
    { code: 'complex', name: '情节复杂', basis: '行政处罚法第五十七条第二款', kind: 'flag', flag: 'complex' },
    { code: 'heavy_fine', name: '罚款数额在10万元以上', basis: '行政处罚法第五十七条第二款（重大违法行为给予较重的行政处罚）', kind: 'fine_at_least', amountFen: 100_000_00 },
  ],
};

export interface TriggerFacts {
  flags: Flags;
  hearingHeld: boolean;
  fineFen: number;
}

/** The codes of the triggers that fire. */
export function triggersOf(list: readonly Trigger[], f: TriggerFacts): string[] {
  return list.filter((t) => {
    if (t.kind === 'flag') return t.flag ? f.flags[t.flag] : false;
    if (t.kind === 'hearing') return f.hearingHeld;
    return f.fineFen >= (t.amountFen ?? Number.POSITIVE_INFINITY);
  }).map((t) => t.code);
}
