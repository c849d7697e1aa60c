/**
 * HTTP for the discretion benchmark (裁量基准) and the four lists: read, export and import as a
 * spreadsheet (all or nothing, every row's errors), the discretion calculator (what the benchmark
 * proposes for a violation and its facts), and the leader figures by district or squad.
 */
import { Type } from 'typebox';
import type { AppContext } from '../app.js';
import { authorize, can, CITY_WIDE } from '../auth/policy.js';
import type { User } from '../auth/model.js';
import { badRequest } from '../core/errors.js';
import { parseInstant } from '../core/time.js';
import { requireUser } from '../http/auth-hook.js';
import type { Api } from '../http/types.js';
import { exportBenchmark, importBenchmark } from './benchmark-files.js';
import { DiscretionRule, Facts, LIST_NAMES, LenienceItem } from './discretion.js';
import { enforcementFigures } from './figures.js';
import { acceptSheetBodies, attachment, uploadedFile } from '../http/sheet-upload.js';

const Err = Type.Ref('Error');
const tags = ['enforcement'];
const Str = Type.String();
const Int = Type.Integer();
const N = <T extends ReturnType<typeof Type.String> | ReturnType<typeof Type.Number>>(t: T) => Type.Union([t, Type.Null()]);

const CalcOut = Type.Object({
  violationCode: Str, violationName: Str, basis: Str, penaltyBasis: Str,
  tier: Type.Object({ level: Str, description: Str, index: Int }),
  rangeMinFen: Int, rangeMaxFen: Int, benchmarkFen: Int, fineFen: Int, waivedFen: Int, outcome: Str, noCoercion: Type.Boolean(),
  lenience: Type.Union([Type.Object({ list: Str, listName: Str, itemId: Str, circumstance: Str, basis: Str }), Type.Null()]),
});

const FigureLine = Type.Object({
  key: N(Str), name: Str, cases: Int, filed: Int, decided: Int, penalties: Int, fineFen: Int, waivedFen: Int, waivedCases: Int, closed: Int,
  lateDecided: Int, onTime: Int, onTimeRate: N(Type.Number()), reviewed: Int, avgScore: N(Type.Number()),
});

/** Those who work cases read the benchmark; the administrator who keeps it does too. */
function mayRead(user: User): void {
  if (!can(user, 'enforcement.admin').allowed) authorize(user, 'penalty.read');
}


export async function benchmarkRoutes(parent: Api, ctx: AppContext): Promise<void> {
  const { enforcement } = ctx;
  await parent.register(async (plugin) => {
    const app = plugin as unknown as Api;
    acceptSheetBodies(app);

    app.get('/api/v1/enforcement/benchmark', {
      schema: { tags, summary: '裁量基准与四张清单 · The discretion benchmark and the four lists', response: { 200: Type.Object({ rules: Type.Array(DiscretionRule), items: Type.Array(LenienceItem) }), 401: Err, 403: Err } },
    }, async (req) => {
      mayRead(requireUser(req));
      return enforcement.rules();
    });

    app.get('/api/v1/enforcement/benchmark/export', {
      schema: { tags, summary: '导出裁量基准（XLSX/CSV，导入所读的列） · Export the benchmark and the four lists', querystring: Type.Object({ format: Type.Optional(Type.Union([Type.Literal('xlsx'), Type.Literal('csv')], { default: 'xlsx' })) }), response: { 401: Err, 403: Err } },
    }, async (req, reply) => {
      mayRead(requireUser(req));
      const f = await exportBenchmark(enforcement, req.query.format ?? 'xlsx');
      return reply.header('content-type', f.contentType).header('content-disposition', attachment(f.filename, `裁量基准.${req.query.format ?? 'xlsx'}`)).send(f.body);
    });

    app.post('/api/v1/enforcement/benchmark/import', {
      schema: {
        tags, summary: '导入裁量基准（整表替换，有错则不导入） · Import the benchmark and the four lists (the whole register, or nothing)',
        description: 'multipart/form-data with one file, or the raw XLSX/CSV. Columns: 类型, 编号, 违法行为代码, 违法行为名称, 类别, 法律, 条款, 处罚依据, 档次, 情形, 适用条件, 罚款下限（元）, 罚款上限（元）, 清单依据. Any bad row: 422 BENCHMARK_IMPORT_INVALID with details.errors [{row, column, message, messageEn}].',
        response: { 200: Type.Object({ format: Str, rules: Int, tiers: Int, items: Int }), 400: Err, 401: Err, 403: Err, 413: Err, 415: Err, 422: Err },
      },
    }, async (req) => {
      authorize(requireUser(req), 'enforcement.admin', CITY_WIDE);
      const file = await uploadedFile(req, { zh: '请上传裁量基准文件（.xlsx 或 .csv）', en: 'Upload the benchmark file (.xlsx or .csv)' });
      return importBenchmark(enforcement, file.body, { filename: file.filename, contentType: file.contentType });
    });

    app.post('/api/v1/enforcement/discretion/calculate', {
      schema: {
        tags, summary: '裁量计算器 · What the benchmark proposes for a violation and its facts (tier, range, the four lists)',
        body: Type.Object({ violationCode: Type.String({ minLength: 1, maxLength: 40 }), facts: Facts }, { additionalProperties: false }),
        response: { 200: CalcOut, 400: Err, 401: Err, 403: Err, 422: Err },
      },
    }, async (req) => {
      authorize(requireUser(req), 'penalty.read');
      const r = await enforcement.calculate(req.body.violationCode, req.body.facts);
      const rule = (await enforcement.rules()).rules.find((x) => x.code === r.violationCode)!;
      return {
        violationCode: r.violationCode, violationName: rule.name, basis: r.basis, penaltyBasis: rule.penaltyBasis,
        tier: { level: r.tier.level, description: r.tier.description, index: r.tierIndex }, rangeMinFen: r.rangeMinFen, rangeMaxFen: r.rangeMaxFen,
        benchmarkFen: r.benchmarkFen, fineFen: r.fineFen, waivedFen: r.waivedFen, outcome: r.outcome, noCoercion: r.noCoercion,
        lenience: r.lenience && { ...r.lenience, listName: LIST_NAMES[r.lenience.list] },
      };
    });

    app.get('/api/v1/enforcement/figures', {
      schema: {
        tags, summary: '执法领导看板 · Leader figures by district or squad: cases, fines, waived amounts, on-time rate, file-review scores',
        querystring: Type.Object({
          by: Type.Optional(Type.Union([Type.Literal('district'), Type.Literal('squad')], { default: 'district' })),
          from: Type.Optional(Type.String({ minLength: 10, maxLength: 40, description: 'ISO 8601; default: 1 January of this year (Shanghai)' })),
          to: Type.Optional(Type.String({ minLength: 10, maxLength: 40, description: 'ISO 8601, exclusive; default: now' })),
          districtCode: Type.Optional(Type.String({ pattern: '^\\d{6}$' })),
        }),
        response: { 200: Type.Object({ by: Str, from: Type.Number(), to: Type.Number(), lines: Type.Array(FigureLine), total: FigureLine }), 400: Err, 401: Err, 403: Err },
      },
    }, async (req) => {
      const user = requireUser(req);
      const now = ctx.clock.now();
      const at = (v: string | undefined, name: string, fallback: number) => {
        if (v === undefined) return fallback;
        const t = parseInstant(v);
        if (Number.isNaN(t)) throw badRequest('INSTANT_INVALID', `${name} 不是有效的时间`, `${name} is not a valid instant`, { [name]: v });
        return t;
      };
      const year = new Date(now + 8 * 3600_000).getUTCFullYear();
      const from = at(req.query.from, 'from', Date.UTC(year, 0, 1) - 8 * 3600_000);
      const to = at(req.query.to, 'to', now + 1);
      const by = req.query.by ?? 'district';
      const names = new Map((await ctx.geo.listDistricts()).map((d) => [d.code, d.name]));
      const r = await enforcementFigures(ctx.db, user, { by, from, to, ...(req.query.districtCode ? { districtCode: req.query.districtCode } : {}) }, (c) => names.get(c));
      return { by, from, to, ...r };
    });
  });
}
