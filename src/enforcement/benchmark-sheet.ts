/**
 * The discretion benchmark (裁量基准) and the four lists as one spreadsheet a bureau edits: a row per
 * tier of a violation (类型 裁量档次) and a row per item of a list (类型 不予处罚清单 …), conditions
 * written as people write them (面积（平方米）<10；首次违法=是). Rows become rules and items with
 * every row's errors collected (the import takes the whole file or nothing); rules and items become
 * rows. Pure.
 */
import { parseRows, type ParsedRows, type RowError, type SheetColumn } from '../core/sheet-table.js';
import { FACT_FIELDS, FACT_FLAGS, FACT_NAMES, LIST_NAMES, LENIENCE_LISTS, type Condition, type DiscretionRule, type LenienceItem, type LenienceList, type Tier } from './discretion.js';

export const BENCHMARK_SHEET = '裁量基准';
const TIER = '裁量档次';

export const BENCHMARK_COLUMNS: readonly SheetColumn[] = [
  { zh: '类型', en: 'type', required: true, example: TIER },
  { zh: '编号', en: 'code', required: true, example: 'SR-001' },
  { zh: '违法行为代码', en: 'violation code', example: '' },
  { zh: '违法行为名称', en: 'violation name', example: '擅自占用城市道路摆摊设点' },
  { zh: '类别', en: 'category', example: '占道经营' },
  { zh: '法律', en: 'law', example: '《城市市容和环境卫生管理条例》' },
  { zh: '条款', en: 'article', example: '第三十六条' },
  { zh: '处罚依据', en: 'penalty basis', example: '责令改正，可处以罚款' },
  { zh: '档次', en: 'tier', example: '轻微' },
  { zh: '情形', en: 'circumstance', aliases: ['情节描述', '情形描述'], example: '首次违法，面积不足2平方米' },
  { zh: '适用条件', en: 'conditions', example: '面积（平方米）<2；首次违法=是' },
  { zh: '罚款下限（元）', en: 'minimum fine (yuan)', aliases: ['罚款下限'], example: '50' },
  { zh: '罚款上限（元）', en: 'maximum fine (yuan)', aliases: ['罚款上限'], example: '200' },
  { zh: '清单依据', en: 'list basis', example: '' },
];

const LIST_BY_NAME = new Map<string, LenienceList>(LENIENCE_LISTS.map((l) => [LIST_NAMES[l], l]));
const FIELD_BY_NAME = new Map<string, string>([...FACT_FIELDS, ...FACT_FLAGS].flatMap((k) => [[FACT_NAMES[k]!, k], [k, k], [FACT_NAMES[k]!.replace(/（.*）$/, ''), k]]));
const OPS: Record<string, 'lt' | 'lte' | 'gt' | 'gte'> = { '<': 'lt', '<=': 'lte', '≤': 'lte', '>': 'gt', '>=': 'gte', '≥': 'gte' };
const OP_TEXT: Record<string, string> = { lt: '<', lte: '≤', gt: '>', gte: '≥' };
const YES = new Set(['是', 'true', 'yes', '1', 'y']);
const NO = new Set(['否', 'false', 'no', '0', 'n']);

/** 面积（平方米）<10；首次违法=是 → conditions; a word it cannot read → its error text. */
export function parseConditions(text: string): { conditions: Condition[] } | { error: string; errorEn: string } {
  const conditions: Condition[] = [];
  for (const part of text.split(/[；;\n]+/).map((s) => s.trim()).filter((s) => s && s !== '—' && s !== '无')) {
    const m = /^(.+?)\s*(<=|>=|≤|≥|<|>|=|＝)\s*(.+)$/.exec(part);
    const field = m ? FIELD_BY_NAME.get(m[1]!.trim()) : undefined;
    if (!m || !field) return { error: `无法识别的条件「${part}」：应写作 面积（平方米）<10 或 首次违法=是`, errorEn: `unreadable condition '${part}': write e.g. areaM2<10 or firstTime=yes` };
    const op = m[2]!;
    const value = m[3]!.trim();
    if ((FACT_FLAGS as readonly string[]).includes(field)) {
      if ((op !== '=' && op !== '＝') || (!YES.has(value.toLowerCase()) && !NO.has(value.toLowerCase()))) return { error: `条件「${part}」应写作 ${FACT_NAMES[field]}=是 或 =否`, errorEn: `condition '${part}': write ${field}=yes or =no` };
      conditions.push({ flag: field as (typeof FACT_FLAGS)[number], is: YES.has(value.toLowerCase()) });
    } else {
      const n = Number(value);
      if (!OPS[op] || !Number.isFinite(n)) return { error: `条件「${part}」应写作 ${FACT_NAMES[field]}<数值`, errorEn: `condition '${part}': write ${field} < a number` };
      conditions.push({ field: field as (typeof FACT_FIELDS)[number], op: OPS[op]!, value: n });
    }
  }
  return { conditions };
}

export function formatConditions(cs: readonly Condition[]): string {
  return cs.map((c) => ('flag' in c ? `${FACT_NAMES[c.flag]}=${c.is ? '是' : '否'}` : `${FACT_NAMES[c.field]}${OP_TEXT[c.op]}${c.value}`)).join('；');
}

const yuanText = (fen: number): string => (fen % 100 === 0 ? String(fen / 100) : (fen / 100).toFixed(2));

/** The register as rows: every tier of every rule, then every item of the lists, in order. */
export function benchmarkToRows(rules: readonly DiscretionRule[], items: readonly LenienceItem[]): string[][] {
  const rows: string[][] = [BENCHMARK_COLUMNS.map((c) => c.zh)];
  for (const r of rules) {
    for (const t of r.tiers) rows.push([TIER, r.code, '', r.name, r.category, r.law, r.article, r.penaltyBasis, t.level, t.description, formatConditions(t.conditions), yuanText(t.minFen), yuanText(t.maxFen), '']);
  }
  for (const i of items) rows.push([LIST_NAMES[i.list], i.id, i.violationCode ?? '', '', '', '', '', '', '', i.circumstance, formatConditions(i.conditions), '', '', i.basis]);
  return rows;
}

type Parsed = { kind: 'tier'; code: string; rule: Omit<DiscretionRule, 'tiers'>; tier: Tier } | { kind: 'item'; item: LenienceItem };

/** Rows → rules and items, every row's errors collected; cross-row checks (one rule's fields agree, ids unique, list items name known violations). */
export function rowsToBenchmark(table: readonly (readonly string[])[]): { rules: DiscretionRule[]; items: LenienceItem[]; errors: RowError[] } {
  const parsed: ParsedRows<Parsed> = parseRows(table, BENCHMARK_COLUMNS, (t) => {
    const type = t.cell('类型');
    const code = t.cell('编号');
    if (!/^[A-Za-z0-9_-]{1,40}$/.test(code)) t.fail('编号', `编号「${code}」无效：只能用字母、数字、-、_`, `invalid code '${code}': letters, digits, - and _ only`);
    const cond = parseConditions(t.cell('适用条件'));
    if ('error' in cond) t.fail('适用条件', cond.error, cond.errorEn);
    const conditions = 'conditions' in cond ? cond.conditions : [];
    if (conditions.length > 10) t.fail('适用条件', '适用条件不能超过10个', 'at most 10 conditions');
    if (type === TIER) {
      const fen = (col: string): number => {
        const v = t.cell(col);
        const n = Number(v);
        if (v === '' || !Number.isFinite(n) || n < 0) {
          t.fail(col, `${col}「${v}」应为不小于0的金额`, `${col} '${v}' must be an amount of at least 0`);
          return 0;
        }
        return Math.round(n * 100);
      };
      const minFen = fen('罚款下限（元）');
      const maxFen = fen('罚款上限（元）');
      if (minFen > maxFen) t.fail('罚款下限（元）', '罚款下限高于上限', 'minimum fine above the maximum');
      for (const col of ['违法行为名称', '类别', '法律', '条款', '档次']) if (!t.cell(col)) t.fail(col, `${col}不能为空`, `${col} is missing`);
      return {
        kind: 'tier', code,
        rule: { code, name: t.cell('违法行为名称'), category: t.cell('类别'), law: t.cell('法律'), article: t.cell('条款'), penaltyBasis: t.cell('处罚依据') },
        tier: { level: t.cell('档次'), description: t.cell('情形'), conditions, minFen, maxFen },
      };
    }
    const list = LIST_BY_NAME.get(type);
    if (!list) {
      t.fail('类型', `类型「${type}」无效：应为 ${[TIER, ...LENIENCE_LISTS.map((l) => LIST_NAMES[l])].join('、')}`, `invalid type '${type}'`);
      return undefined;
    }
    if (!t.cell('情形')) t.fail('情形', '情形不能为空', 'circumstance is missing');
    if (!t.cell('清单依据')) t.fail('清单依据', '清单依据不能为空', 'list basis is missing');
    const v = t.cell('违法行为代码');
    return { kind: 'item', item: { id: code, list, violationCode: v && v !== '全部' ? v : null, circumstance: t.cell('情形'), conditions, basis: t.cell('清单依据') } };
  });
  const errors = [...parsed.errors];
  const rules = new Map<string, { rule: DiscretionRule; row: number }>();
  const items: LenienceItem[] = [];
  const itemRow = new Map<string, number>();
  parsed.items.forEach((p, n) => {
    const row = parsed.rowOf[n]!;
    const fail = (column: string, zh: string, en: string) => errors.push({ row, column, message: `第${row}行：${zh}`, messageEn: `row ${row}: ${en}` });
    if (p.kind === 'tier') {
      const had = rules.get(p.code);
      if (!had) rules.set(p.code, { rule: { ...p.rule, tiers: [p.tier] }, row });
      else {
        const differs = (['name', 'category', 'law', 'article', 'penaltyBasis'] as const).find((k) => had.rule[k] !== p.rule[k]);
        if (differs) fail('违法行为名称', `同一违法行为（${p.code}）的名称、类别、法律、条款、处罚依据须与第${had.row}行一致`, `violation ${p.code}: its name, category, law, article and basis must match row ${had.row}`);
        else if (had.rule.tiers.length >= 10) fail('档次', `违法行为 ${p.code} 的档次不能超过10个`, `violation ${p.code}: at most 10 tiers`);
        else had.rule.tiers.push(p.tier);
      }
    } else {
      if (itemRow.has(p.item.id)) fail('编号', `清单编号「${p.item.id}」与第${itemRow.get(p.item.id)}行重复`, `list item '${p.item.id}' repeats row ${itemRow.get(p.item.id)}`);
      else {
        itemRow.set(p.item.id, row);
        items.push(p.item);
      }
    }
  });
  for (const i of items) {
    if (i.violationCode && !rules.has(i.violationCode)) {
      const row = itemRow.get(i.id)!;
      errors.push({ row, column: '违法行为代码', message: `第${row}行：清单所指的违法行为「${i.violationCode}」不在本文件的裁量档次中`, messageEn: `row ${row}: violation '${i.violationCode}' has no tiers in this file` });
    }
  }
  if (!errors.length && rules.size === 0) errors.push({ row: 1, message: '文件中没有裁量档次', messageEn: 'the file has no tiers' });
  return { rules: [...rules.values()].map((r) => r.rule), items, errors };
}
