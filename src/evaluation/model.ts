/**
 * Evaluation (绩效评价, GB/T 30428.4 style; standards.md §5): the counters kept per evaluated object,
 * the rates derived from them, and the objects themselves. Pure: no I/O.
 *
 * Every counter is derived from the case event log by the accumulator (accumulator.ts). Counters are
 * additive, so figures of days add up to figures of a period. Two counters are stocks rather than
 * flows: `overdueOpen` and `overdueUnhandled` are the cases overdue and still open at the end of
 * the period.
 */
import { badRequest } from '../core/errors.js';

/** Levels a person asks for (`GET /api/v1/evaluation?level=`). */
export const EVALUATION_LEVELS = ['district', 'street', 'community', 'grid', 'unit', 'post'] as const;
export type EvaluationLevel = (typeof EVALUATION_LEVELS)[number];
export const isEvaluationLevel = (v: unknown): v is EvaluationLevel =>
  typeof v === 'string' && (EVALUATION_LEVELS as readonly string[]).includes(v);

export const REGION_LEVELS = ['district', 'street', 'community', 'grid'] as const;
export type RegionLevel = (typeof REGION_LEVELS)[number];

/** Posts (岗位) evaluated person by person (standards.md §5.1). */
export const POSTS = ['inspector', 'operator', 'shift_lead', 'dispatcher'] as const;
export type Post = (typeof POSTS)[number];
export const isPost = (v: unknown): v is Post => typeof v === 'string' && (POSTS as readonly string[]).includes(v);

/** What one row of an evaluation is about. */
export type ObjectType = RegionLevel | 'unit' | Post;
export const OBJECT_TYPES: readonly ObjectType[] = [...REGION_LEVELS, 'unit', ...POSTS];

export const OBJECT_TYPE_NAMES: Record<ObjectType, { zh: string; en: string }> = {
  district: { zh: '区', en: 'District' },
  street: { zh: '街道(镇)', en: 'Street' },
  community: { zh: '社区', en: 'Community' },
  grid: { zh: '单元网格', en: 'Grid' },
  unit: { zh: '专业部门', en: 'Unit' },
  inspector: { zh: '监督员', en: 'Inspector' },
  operator: { zh: '受理员', en: 'Operator' },
  shift_lead: { zh: '值班长', en: 'Shift lead' },
  dispatcher: { zh: '派遣员', en: 'Dispatcher' },
};

/** The object types shown for a requested level. */
export function objectTypesOf(level: EvaluationLevel): ObjectType[] {
  return level === 'post' ? [...POSTS] : [level];
}

// ---- counters ----

/** Counter keys in display order. Names follow the egova/S-UNICOM vocabulary of standards.md §5.2–§5.3. */
export const COUNTER_KEYS = [
  // intake (信息收集)
  'reports', 'publicReports', 'validReports', 'invalidReports', 'publicConfirmed', 'missed', 'selfHandled',
  // on-site checks (核实) and verifications (核查) by inspectors
  'checks', 'checksOnTime', 'verifications', 'verificationsOnTime',
  // operator (受理员)
  'intake', 'checkRequests', 'checkRequestsOnTime', 'verificationSends', 'verificationSendsOnTime',
  // shift lead (值班长)
  'filed', 'filedOnTime', 'filingsReturned', 'voided', 'closes', 'closesOnTime',
  // dispatch (派遣)
  'dispatches', 'dispatchesOnTime', 'dispatchesOverturned', 'returned',
  // handling (处置)
  'assigned', 'handled', 'handledOnTime', 'handledLate', 'rework', 'extensions', 'suspensions',
  // closing (结案)
  'closed', 'closedOnTime',
  // stocks at the end of the period
  'overdueOpen', 'overdueUnhandled',
  // pressure
  'urged', 'supervised',
] as const;
export type CounterKey = (typeof COUNTER_KEYS)[number];
export type Counters = Record<CounterKey, number>;

/** Counters that are a state at the end of the period, not a count of things that happened in it. */
export const STOCK_COUNTERS: ReadonlySet<CounterKey> = new Set<CounterKey>(['overdueOpen', 'overdueUnhandled']);

export const COUNTER_NAMES: Record<CounterKey, { zh: string; en: string }> = {
  reports: { zh: '上报数', en: 'Reports' },
  publicReports: { zh: '公众举报数', en: 'Public reports' },
  validReports: { zh: '有效上报数', en: 'Valid reports' },
  invalidReports: { zh: '无效上报数', en: 'Invalid reports' },
  publicConfirmed: { zh: '监督举报核实数', en: 'Public reports confirmed' },
  missed: { zh: '漏报数', en: 'Missed problems' },
  selfHandled: { zh: '自行处置数', en: 'Self-handled' },
  checks: { zh: '核实数', en: 'On-site checks' },
  checksOnTime: { zh: '按时核实数', en: 'Checks on time' },
  verifications: { zh: '核查数', en: 'Verifications' },
  verificationsOnTime: { zh: '按时核查数', en: 'Verifications on time' },
  intake: { zh: '受理数', en: 'Intake decisions' },
  checkRequests: { zh: '发核实数', en: 'Checks sent' },
  checkRequestsOnTime: { zh: '按时发核实数', en: 'Checks sent on time' },
  verificationSends: { zh: '发核查数', en: 'Verifications sent' },
  verificationSendsOnTime: { zh: '按时发核查数', en: 'Verifications sent on time' },
  filed: { zh: '立案数', en: 'Filed' },
  filedOnTime: { zh: '按时立案数', en: 'Filed on time' },
  filingsReturned: { zh: '立案后回退数', en: 'Filings returned' },
  voided: { zh: '作废数', en: 'Voided' },
  closes: { zh: '结案操作数', en: 'Closings' },
  closesOnTime: { zh: '按时结案操作数', en: 'Closings on time' },
  dispatches: { zh: '派遣数', en: 'Dispatches' },
  dispatchesOnTime: { zh: '按时派遣数', en: 'Dispatches on time' },
  dispatchesOverturned: { zh: '错误派遣数', en: 'Dispatches overturned' },
  returned: { zh: '回退数', en: 'Returned' },
  assigned: { zh: '派遣接收数', en: 'Assigned' },
  handled: { zh: '处置数', en: 'Handled' },
  handledOnTime: { zh: '按期处置数', en: 'Handled on time' },
  handledLate: { zh: '超期处置数', en: 'Handled late' },
  rework: { zh: '返工数', en: 'Rework' },
  extensions: { zh: '延期数', en: 'Extensions' },
  suspensions: { zh: '挂账数', en: 'Suspensions' },
  closed: { zh: '结案数', en: 'Closed' },
  closedOnTime: { zh: '按期结案数', en: 'Closed on time' },
  overdueOpen: { zh: '超期未结案数', en: 'Overdue open' },
  overdueUnhandled: { zh: '超时未处置数', en: 'Overdue unhandled' },
  urged: { zh: '催办数', en: 'Urged' },
  supervised: { zh: '督办数', en: 'Supervised' },
};

export function emptyCounters(): Counters {
  const c = {} as Counters;
  for (const k of COUNTER_KEYS) c[k] = 0;
  return c;
}

/** Adds `b` into `a` (mutates and returns `a`). */
export function addInto(a: Counters, b: Partial<Counters>): Counters {
  for (const k of COUNTER_KEYS) {
    const v = b[k];
    if (v) a[k] += v;
  }
  return a;
}

export const isEmptyCounters = (c: Counters): boolean => COUNTER_KEYS.every((k) => c[k] === 0);

// ---- derived counts and rates (standards.md §5.3) ----

/** Counts the standard names but that are sums or differences of counters. */
export interface DerivedCounts {
  /** 应处置数 = handled + overdue unhandled at period end. */
  needHandle: number;
  /** 应结案数 = closed + overdue open at period end. */
  needClose: number;
  /** 准确派遣数 = dispatches not overturned by a return or a reassignment to another unit. */
  accurateDispatches: number;
  /** 准确立案数 = filings whose case was not returned as outside the unit's remit. */
  accurateFilings: number;
}

export function derivedCounts(c: Counters): DerivedCounts {
  return {
    needHandle: c.handled + c.overdueUnhandled,
    needClose: c.closed + c.overdueOpen,
    accurateDispatches: Math.max(0, c.dispatches - c.dispatchesOverturned),
    accurateFilings: Math.max(0, c.filed - c.filingsReturned),
  };
}

export const RATE_KEYS = [
  'validReportRate', 'missedRate', 'publicReportRate', 'onTimeCheckRate', 'onTimeVerificationRate',
  'checkRequestOnTimeRate', 'verificationSendOnTimeRate',
  'onTimeFilingRate', 'accurateFilingRate', 'onTimeCloseRate',
  'onTimeDispatchRate', 'accurateDispatchRate',
  'handleRate', 'onTimeHandleRate', 'reworkRate', 'closureRate', 'onTimeClosureRate',
] as const;
export type RateKey = (typeof RATE_KEYS)[number];
/** Rates in percent (0–100); null when the denominator is zero (nothing to measure). */
export type Rates = Record<RateKey, number | null>;

export const RATE_NAMES: Record<RateKey, { zh: string; en: string; formula: string }> = {
  validReportRate: { zh: '有效上报率', en: 'Valid report rate', formula: '有效上报数 / (有效上报数 + 无效上报数)' },
  missedRate: { zh: '漏报率', en: 'Missed rate', formula: '漏报数 / (有效上报数 + 漏报数)' },
  publicReportRate: { zh: '监督举报率', en: 'Public report rate', formula: '监督举报核实数 / 立案数' },
  onTimeCheckRate: { zh: '按时核实率', en: 'On-time check rate', formula: '按时核实数 / 核实数' },
  onTimeVerificationRate: { zh: '按时核查率', en: 'On-time verification rate', formula: '按时核查数 / 核查数' },
  checkRequestOnTimeRate: { zh: '核实按时派发率', en: 'Checks sent on time', formula: '按时发核实数 / 发核实数' },
  verificationSendOnTimeRate: { zh: '核查按时派发率', en: 'Verifications sent on time', formula: '按时发核查数 / 发核查数' },
  onTimeFilingRate: { zh: '按时立案率', en: 'On-time filing rate', formula: '按时立案数 / 立案数' },
  accurateFilingRate: { zh: '准确立案率', en: 'Accurate filing rate', formula: '(立案数 − 立案后回退数) / 立案数' },
  onTimeCloseRate: { zh: '按时结案率', en: 'On-time closing rate', formula: '按时结案操作数 / 结案操作数' },
  onTimeDispatchRate: { zh: '按时派遣率', en: 'On-time dispatch rate', formula: '按时派遣数 / 派遣数' },
  accurateDispatchRate: { zh: '准确派遣率', en: 'Accurate dispatch rate', formula: '(派遣数 − 错误派遣数) / 派遣数' },
  handleRate: { zh: '处置率', en: 'Handling rate', formula: '处置数 / 应处置数' },
  onTimeHandleRate: { zh: '按期处置率', en: 'On-time handling rate', formula: '按期处置数 / 应处置数' },
  reworkRate: { zh: '返工率', en: 'Rework rate', formula: '返工数 / 处置数' },
  closureRate: { zh: '结案率', en: 'Closure rate', formula: '结案数 / 应结案数' },
  onTimeClosureRate: { zh: '按期结案率', en: 'On-time closure rate', formula: '按期结案数 / 应结案数' },
};

/** Rates that are better when lower (a score uses 100 − rate). */
export const LOWER_IS_BETTER: ReadonlySet<RateKey> = new Set<RateKey>(['missedRate', 'publicReportRate', 'reworkRate']);

/** numerator / denominator in percent, capped to 0–100; null when the denominator is 0. */
export function percent(numerator: number, denominator: number): number | null {
  if (!(denominator > 0)) return null;
  return Math.min(100, Math.max(0, (numerator / denominator) * 100));
}

export function computeRates(c: Counters): Rates {
  const d = derivedCounts(c);
  return {
    validReportRate: percent(c.validReports, c.validReports + c.invalidReports),
    missedRate: percent(c.missed, c.validReports + c.missed),
    publicReportRate: percent(c.publicConfirmed, c.filed),
    onTimeCheckRate: percent(c.checksOnTime, c.checks),
    onTimeVerificationRate: percent(c.verificationsOnTime, c.verifications),
    checkRequestOnTimeRate: percent(c.checkRequestsOnTime, c.checkRequests),
    verificationSendOnTimeRate: percent(c.verificationSendsOnTime, c.verificationSends),
    onTimeFilingRate: percent(c.filedOnTime, c.filed),
    accurateFilingRate: percent(d.accurateFilings, c.filed),
    onTimeCloseRate: percent(c.closesOnTime, c.closes),
    onTimeDispatchRate: percent(c.dispatchesOnTime, c.dispatches),
    accurateDispatchRate: percent(d.accurateDispatches, c.dispatches),
    handleRate: percent(c.handled, d.needHandle),
    onTimeHandleRate: percent(c.handledOnTime, d.needHandle),
    reworkRate: percent(c.rework, c.handled),
    closureRate: percent(c.closed, d.needClose),
    onTimeClosureRate: percent(c.closedOnTime, d.needClose),
  };
}

/** Rounds to two decimals for presentation (scores and rates). */
export const round2 = (v: number): number => Math.round(v * 100) / 100;

// ---- periods ----

export interface Period {
  /** First Shanghai day, 'YYYY-MM-DD' (inclusive). */
  from: string;
  /** Last Shanghai day, 'YYYY-MM-DD' (inclusive). */
  to: string;
}

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;
/** Longest period one request may cover (a year and a bit, for year-on-year views). */
export const MAX_PERIOD_DAYS = 400;

function isRealDate(s: string): boolean {
  if (!DATE_RE.test(s)) return false;
  const t = Date.parse(`${s}T00:00:00Z`);
  return Number.isFinite(t) && new Date(t).toISOString().slice(0, 10) === s;
}

/** Days from `a` to `b` (both 'YYYY-MM-DD'), b − a. */
export const daysBetween = (a: string, b: string): number =>
  Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);

/** Checks a period given by a person; throws EVALUATION_PERIOD_INVALID (400). */
export function checkPeriod(from: unknown, to: unknown): Period {
  const bad = (zh: string, en: string) => badRequest('EVALUATION_PERIOD_INVALID', zh, en, { from, to });
  if (typeof from !== 'string' || !isRealDate(from)) throw bad('开始日期须为 YYYY-MM-DD 格式的有效日期', 'from must be a valid date YYYY-MM-DD');
  if (typeof to !== 'string' || !isRealDate(to)) throw bad('结束日期须为 YYYY-MM-DD 格式的有效日期', 'to must be a valid date YYYY-MM-DD');
  const days = daysBetween(from, to);
  if (days < 0) throw bad('结束日期不能早于开始日期', 'to must not be before from');
  if (days + 1 > MAX_PERIOD_DAYS) throw bad(`评价周期不能超过 ${MAX_PERIOD_DAYS} 天`, `A period may cover at most ${MAX_PERIOD_DAYS} days`);
  return { from, to };
}

/** The Shanghai month containing a date, as a period. */
export function monthOf(date: string): Period {
  const [y, m] = date.split('-').map(Number) as [number, number];
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  const mm = String(m).padStart(2, '0');
  return { from: `${y}-${mm}-01`, to: `${y}-${mm}-${String(last).padStart(2, '0')}` };
}
