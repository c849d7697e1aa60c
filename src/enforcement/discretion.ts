/**
 * The discretion benchmark (行政处罚裁量基准, 国办发〔2022〕27号) and the four lists of inclusive,
 * prudent enforcement (包容审慎“四张清单”): per violation its legal basis and tiers with typed
 * conditions → a fine range; the lists as rules that short-circuit where they apply, with the waived
 * amount recorded. `benchmark` is the calculator the case review and the console use. Pure.
 */
import { Type, type Static } from 'typebox';
import { unprocessable } from '../core/errors.js';

export const FACT_FIELDS = ['areaM2', 'count', 'days', 'valueYuan'] as const;
export const FACT_FLAGS = ['firstTime', 'harm', 'rectified', 'safetyRelated'] as const;
export const FACT_NAMES: Record<string, string> = {
  areaM2: '面积（平方米）', count: '次数', days: '持续天数', valueYuan: '货值/工程造价（元）',
  firstTime: '首次违法', harm: '造成危害后果', rectified: '及时改正', safetyRelated: '涉及生命健康/财产安全',
};

export const Condition = Type.Union([
  Type.Object({ field: Type.Union([Type.Literal('areaM2'), Type.Literal('count'), Type.Literal('days'), Type.Literal('valueYuan')]), op: Type.Union([Type.Literal('lt'), Type.Literal('lte'), Type.Literal('gt'), Type.Literal('gte')]), value: Type.Number() }, { additionalProperties: false }),
  Type.Object({ flag: Type.Union([Type.Literal('firstTime'), Type.Literal('harm'), Type.Literal('rectified'), Type.Literal('safetyRelated')]), is: Type.Boolean() }, { additionalProperties: false }),
]);
export type Condition = Static<typeof Condition>;

export const Tier = Type.Object({
  level: Type.String({ minLength: 1, maxLength: 20, description: '轻微 / 一般 / 较重 / 严重' }),
  description: Type.String({ maxLength: 500 }),
  conditions: Type.Array(Condition, { maxItems: 10 }),
  minFen: Type.Integer({ minimum: 0 }),
  maxFen: Type.Integer({ minimum: 0 }),
}, { additionalProperties: false });
export type Tier = Static<typeof Tier>;

export const DiscretionRule = Type.Object({
  code: Type.String({ minLength: 1, maxLength: 40, pattern: '^[A-Za-z0-9_-]+$' }),
  name: Type.String({ minLength: 1, maxLength: 200 }),
  category: Type.String({ minLength: 1, maxLength: 40 }),
  law: Type.String({ minLength: 1, maxLength: 200 }),
  article: Type.String({ minLength: 1, maxLength: 100 }),
  penaltyBasis: Type.String({ maxLength: 1000 }),
  tiers: Type.Array(Tier, { minItems: 1, maxItems: 10 }),
}, { additionalProperties: false });
export type DiscretionRule = Static<typeof DiscretionRule>;

export const LENIENCE_LISTS = ['no_penalty', 'mitigated', 'lighter', 'no_coercion'] as const;
export type LenienceList = (typeof LENIENCE_LISTS)[number];
export const LIST_NAMES: Record<LenienceList, string> = { no_penalty: '不予处罚清单', lighter: '从轻处罚清单', mitigated: '减轻处罚清单', no_coercion: '免予行政强制清单' };

export const LenienceItem = Type.Object({
  id: Type.String({ minLength: 1, maxLength: 40, pattern: '^[A-Za-z0-9_-]+$' }),
  list: Type.Union([Type.Literal('no_penalty'), Type.Literal('mitigated'), Type.Literal('lighter'), Type.Literal('no_coercion')]),
  violationCode: Type.Union([Type.String({ minLength: 1, maxLength: 40 }), Type.Null()]),
  circumstance: Type.String({ minLength: 1, maxLength: 500 }),
  conditions: Type.Array(Condition, { maxItems: 10 }),
  basis: Type.String({ minLength: 1, maxLength: 300 }),
}, { additionalProperties: false });
export type LenienceItem = Static<typeof LenienceItem>;

export const Facts = Type.Object({
  areaM2: Type.Optional(Type.Number({ minimum: 0, maximum: 1e9 })),
  count: Type.Optional(Type.Integer({ minimum: 0, maximum: 100000 })),
  days: Type.Optional(Type.Number({ minimum: 0, maximum: 100000 })),
  valueYuan: Type.Optional(Type.Number({ minimum: 0, maximum: 1e12 })),
  firstTime: Type.Optional(Type.Boolean()),
  harm: Type.Optional(Type.Boolean()),
  rectified: Type.Optional(Type.Boolean()),
  safetyRelated: Type.Optional(Type.Boolean()),
}, { additionalProperties: false, title: '违法情节' });
export type Facts = Static<typeof Facts>;

export interface BenchmarkResult {
  violationCode: string;
  tier: Tier;
  tierIndex: number;
  rangeMinFen: number;
  rangeMaxFen: number;
  /** The tier's reference fine (the middle of its range, in whole yuan). */
  benchmarkFen: number;
  /** After the four lists. */
  fineFen: number;
  outcome: 'penalty' | 'no_penalty';
  lenience: { list: LenienceList; itemId: string; circumstance: string; basis: string } | null;
  /** No coercive measure (免予行政强制) applies. */
  noCoercion: boolean;
  waivedFen: number;
  basis: string;
}

export function holds(c: Condition, f: Facts): boolean {
  if ('flag' in c) return (f[c.flag] ?? false) === c.is;
  const v = f[c.field];
  if (v === undefined) return false;
  switch (c.op) {
    case 'lt': return v < c.value;
    case 'lte': return v <= c.value;
    case 'gt': return v > c.value;
    case 'gte': return v >= c.value;
  }
}

const allHold = (cs: readonly Condition[], f: Facts): boolean => cs.every((c) => holds(c, f));
const roundYuan = (fen: number): number => Math.round(fen / 100) * 100;

/** Mitigated (减轻): below the statutory minimum — half of the tier's lower bound. */
export const MITIGATED_SHARE = 0.5;

/** The benchmark's answer for a violation and its facts; the first tier whose conditions all hold (the last tier is the fallback). */
export function benchmark(rule: DiscretionRule, items: readonly LenienceItem[], f: Facts): BenchmarkResult {
  let tierIndex = rule.tiers.findIndex((t) => allHold(t.conditions, f));
  if (tierIndex < 0) tierIndex = rule.tiers.length - 1;
  const tier = rule.tiers[tierIndex]!;
  const benchmarkFen = roundYuan(tier.minFen + (tier.maxFen - tier.minFen) / 2);
  const applicable = items.filter((i) => (i.violationCode === null || i.violationCode === rule.code) && allHold(i.conditions, f));
  const noCoercion = applicable.some((i) => i.list === 'no_coercion');
  const first = (['no_penalty', 'mitigated', 'lighter'] as const).map((l) => applicable.find((i) => i.list === l)).find((i) => i !== undefined);
  let fineFen = benchmarkFen;
  if (first?.list === 'no_penalty') fineFen = 0;
  else if (first?.list === 'mitigated') fineFen = roundYuan(tier.minFen * MITIGATED_SHARE);
  else if (first?.list === 'lighter') fineFen = tier.minFen;
  return {
    violationCode: rule.code, tier, tierIndex, rangeMinFen: tier.minFen, rangeMaxFen: tier.maxFen, benchmarkFen, fineFen,
    outcome: fineFen === 0 && first?.list === 'no_penalty' ? 'no_penalty' : 'penalty',
    lenience: first ? { list: first.list, itemId: first.id, circumstance: first.circumstance, basis: first.basis } : null,
    noCoercion, waivedFen: benchmarkFen - fineFen, basis: `${rule.law}${rule.article}`,
  };
}

/** A fine other than the benchmark's needs a written reason (偏离基准说明理由). */
export function checkDeviation(result: BenchmarkResult, fineFen: number, reason: string | null | undefined): void {
  if (fineFen !== result.fineFen && !(reason && reason.trim())) {
    throw unprocessable('DEVIATION_REASON_REQUIRED', `拟处罚款与裁量基准（${result.fineFen / 100}元）不一致，请书面说明理由`, `The fine differs from the benchmark (${result.fineFen / 100} yuan): give a written reason`, { benchmarkFen: result.fineFen, fineFen });
  }
}

/** A rule's tiers must have ordered ranges. */
export function checkRule(r: DiscretionRule): void {
  for (const [i, t] of r.tiers.entries()) {
    if (t.minFen > t.maxFen) throw unprocessable('TIER_RANGE_INVALID', `第${i + 1}档罚款下限高于上限`, `Tier ${i + 1}: minimum above maximum`, { code: r.code, tier: i });
  }
}
