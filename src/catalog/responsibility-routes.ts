/**
 * HTTP for the responsibility list (事项清单): list, match, import (multipart upload or a raw XLSX/CSV
 * body) and export. Registered in its own plugin so that the raw-file body parsers stay local.
 */
import { Type, type Static } from 'typebox';
import type { AppContext } from '../app.js';
import { authorize, CITY_WIDE } from '../auth/policy.js';
import { requireUser } from '../http/auth-hook.js';
import type { Api } from '../http/types.js';
import {
  formatOwner,
  formatTimeLimit,
  STAGES,
  TIME_UNITS,
  URGENCIES,
  type MatchCandidate,
  type ResponsibilityItem,
  type TimeUnit,
  type Urgency,
} from './responsibility-model.js';
import { CONTENT_TYPE } from './sheet-files.js';
import { uploadedFile } from '../http/sheet-upload.js';

const Err = Type.Ref('Error');
const tags = ['catalog'];
const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);

const TimeLimitView = Type.Object({
  value: Type.Number(),
  unit: Type.Unsafe<TimeUnit>(Type.Union(TIME_UNITS.map((u) => Type.Literal(u)))),
  text: Type.String({ description: "As people write it: '4工作时', '2工作日', '24小时', '3天'" }),
});
const UrgencySchema = Type.Unsafe<Urgency>(Type.Union(URGENCIES.map((u) => Type.Literal(u)), { description: 'normal 一般 | urgent 紧急' }));
const OwnerView = Type.Object({
  type: Type.Union([Type.Literal('unit'), Type.Literal('territorial')]),
  unitCode: Nullable(Type.String()),
  unitKind: Nullable(Type.String({ description: 'territorial: street_office | squad | district_department' })),
  duty: Nullable(Type.String()),
  text: Type.String({ description: "e.g. '属地街道（镇）', '属地区市政园林局' or the unit's name" }),
});
const ItemView = Type.Object({
  id: Type.String(),
  itemNo: Type.String(),
  categoryCode: Type.String(),
  categoryName: Type.Optional(Type.String({ description: 'The class name (in the list)' })),
  areaCode: Nullable(Type.String()),
  areaName: Type.Optional(Nullable(Type.String({ description: 'The district or street name; null = the whole city (in the list)' }))),
  condition: Type.String(),
  urgency: UrgencySchema,
  owner: OwnerView,
  coUnitCodes: Type.Array(Type.String()),
  coUnitNames: Type.Optional(Type.Array(Type.String(), { description: 'Names of the co-units, in order (in the list)' })),
  timeLimits: Type.Object(Object.fromEntries(STAGES.map((s) => [s, Type.Optional(TimeLimitView)]))),
  closingCondition: Type.String(),
  legalBasis: Type.String(),
});
const UnitRefView = Type.Object({ id: Type.String(), code: Type.String(), name: Type.String() });
const CandidateView = Type.Object({
  item: ItemView,
  areaLevel: Type.Union([Type.Literal('city'), Type.Literal('district'), Type.Literal('street')]),
  ownerUnit: Type.Union([UnitRefView, Type.Null()]),
  coUnits: Type.Array(UnitRefView),
});
const MatchView = Type.Object({
  unique: Type.Boolean(),
  winner: Type.Union([CandidateView, Type.Null()]),
  candidates: Type.Array(CandidateView),
  reason: Type.String(),
  reasonEn: Type.String(),
});

/** Names for the codes an item holds, so people read 「思明区」「雨水井盖」「厦门水务集团」 (the list view). */
export interface ItemNames {
  unit(code: string): string | undefined;
  category(code: string): string | undefined;
  area(code: string): string | undefined;
}

function presentItem(it: ResponsibilityItem, names?: ItemNames): Static<typeof ItemView> {
  const timeLimits: Record<string, Static<typeof TimeLimitView>> = {};
  for (const s of STAGES) {
    const t = it.timeLimits[s];
    if (t) timeLimits[s] = { value: t.value, unit: t.unit, text: formatTimeLimit(t) };
  }
  return {
    id: it.id,
    itemNo: it.itemNo,
    categoryCode: it.categoryCode,
    areaCode: it.areaCode,
    condition: it.condition,
    urgency: it.urgency,
    owner: {
      type: it.owner.type,
      unitCode: it.owner.type === 'unit' ? it.owner.unitCode : null,
      unitKind: it.owner.type === 'territorial' ? it.owner.unitKind : null,
      duty: it.owner.type === 'territorial' ? (it.owner.duty ?? null) : null,
      text: it.owner.type === 'unit' ? (names?.unit(it.owner.unitCode) ?? it.owner.unitCode) : formatOwner(it.owner, () => undefined),
    },
    coUnitCodes: [...it.coUnitCodes],
    ...(names
      ? {
          categoryName: names.category(it.categoryCode) ?? it.categoryCode,
          areaName: it.areaCode === null ? null : (names.area(it.areaCode) ?? it.areaCode),
          coUnitNames: it.coUnitCodes.map((c) => names.unit(c) ?? c),
        }
      : {}),
    timeLimits,
    closingCondition: it.closingCondition,
    legalBasis: it.legalBasis,
  };
}

function presentCandidate(c: MatchCandidate): Static<typeof CandidateView> {
  const ref = (u: { id: string; code: string; name: string }) => ({ id: u.id, code: u.code, name: u.name });
  return { item: presentItem(c.item), areaLevel: c.areaLevel, ownerUnit: c.ownerUnit ? ref(c.ownerUnit) : null, coUnits: c.coUnits.map(ref) };
}

const ImportReportView = Type.Object({
  format: Type.Union([Type.Literal('xlsx'), Type.Literal('csv')]),
  mode: Type.Union([Type.Literal('replace'), Type.Literal('merge')]),
  total: Type.Integer(),
  created: Type.Integer(),
  updated: Type.Integer(),
  removed: Type.Integer(),
});


export async function responsibilityRoutes(parent: Api, ctx: AppContext): Promise<void> {
  const { catalog } = ctx;
  await parent.register(async (plugin) => {
    const app = plugin as unknown as Api;
    const raw = ['text/csv', CONTENT_TYPE.xlsx, 'application/vnd.ms-excel', 'application/octet-stream'];
    app.addContentTypeParser(raw, { parseAs: 'buffer' }, (_req, body, done) => done(null, body));

    app.get(
      '/api/v1/catalog/responsibility',
      {
        schema: {
          tags,
          summary: 'The responsibility list 事项清单',
          querystring: Type.Object({
            categoryCode: Type.Optional(Type.String({ maxLength: 5 })),
            areaCode: Type.Optional(Type.String({ pattern: '^(\\d{6}|\\d{9})$' })),
            unitCode: Type.Optional(Type.String({ maxLength: 32, description: 'items this unit owns by name or co-handles' })),
          }),
          response: { 200: Type.Object({ items: Type.Array(ItemView) }), 401: Err, 403: Err },
        },
      },
      async (req) => {
        authorize(requireUser(req), 'catalog.read');
        const [items, units, categories, districts, streets] = await Promise.all([
          catalog.listResponsibility(req.query), catalog.listUnits(), catalog.listCategories(), ctx.geo.listDistricts(), ctx.geo.listStreets(),
        ]);
        const unitNames = new Map(units.map((u) => [u.code, u.name]));
        const classNames = new Map(categories.map((c) => [c.code, c.name]));
        const areaNames = new Map([...districts, ...streets].map((a) => [a.code, a.name]));
        const names: ItemNames = { unit: (c) => unitNames.get(c), category: (c) => classNames.get(c), area: (c) => areaNames.get(c) };
        return { items: items.map((it) => presentItem(it, names)) };
      },
    );

    app.get(
      '/api/v1/catalog/responsibility/match',
      {
        schema: {
          tags,
          summary: 'Who owns a case: candidate items, most specific area first (street > district > city)',
          description: 'unique=true when exactly one item wins; territorial (属地) owners are resolved to the unit of the case’s street or district.',
          querystring: Type.Object({
            categoryCode: Type.String({ minLength: 3, maxLength: 5, examples: ['C0307'] }),
            districtCode: Type.Optional(Type.String({ pattern: '^\\d{6}$' })),
            streetCode: Type.Optional(Type.String({ pattern: '^\\d{9}$' })),
            condition: Type.Optional(Type.String({ maxLength: 500, description: '立案条件' })),
            urgency: Type.Optional(UrgencySchema),
          }),
          response: { 200: MatchView, 400: Err, 401: Err, 403: Err, 422: Err },
        },
      },
      async (req) => {
        authorize(requireUser(req), 'catalog.read');
        const m = await catalog.matchResponsibility(req.query);
        return {
          unique: m.unique,
          winner: m.winner ? presentCandidate(m.winner) : null,
          candidates: m.candidates.map(presentCandidate),
          reason: m.reason,
          reasonEn: m.reasonEn,
        };
      },
    );

    app.post(
      '/api/v1/catalog/responsibility/import',
      {
        schema: {
          tags,
          summary: 'Import the responsibility list from XLSX or CSV (all or nothing)',
          description:
            'Send multipart/form-data with one file, or the raw file with Content-Type text/csv or application/vnd.openxmlformats-officedocument.spreadsheetml.sheet. ' +
            'Columns: 事项编号, 大类, 小类代码, 区域, 立案条件, 紧急程度, 责任单位, 协办单位, 受理时限 … 结案时限, 结案条件, 法律依据. ' +
            'Any bad row: 422 RESPONSIBILITY_IMPORT_INVALID with details.errors [{row, column, message, messageEn}] and nothing imported.',
          querystring: Type.Object({
            mode: Type.Optional(Type.Union([Type.Literal('replace'), Type.Literal('merge')], { description: 'replace (default): the file is the whole list; merge: upsert by 事项编号' })),
          }),
          response: { 200: ImportReportView, 400: Err, 401: Err, 403: Err, 413: Err, 415: Err, 422: Err },
        },
      },
      async (req) => {
        authorize(requireUser(req), 'catalog.admin', CITY_WIDE);
        const file = await uploadedFile(req, { zh: '请上传事项清单文件（.xlsx 或 .csv）', en: 'Upload the responsibility list file (.xlsx or .csv)' });
        return catalog.importResponsibility(file.body, { filename: file.filename, contentType: file.contentType, mode: req.query.mode });
      },
    );

    app.get(
      '/api/v1/catalog/responsibility/export',
      {
        schema: {
          tags,
          summary: 'Export the responsibility list as XLSX or CSV (the same columns the import reads)',
          querystring: Type.Object({ format: Type.Optional(Type.Union([Type.Literal('xlsx'), Type.Literal('csv')], { default: 'xlsx' })) }),
          response: { 401: Err, 403: Err },
        },
      },
      async (req, reply) => {
        authorize(requireUser(req), 'catalog.read');
        const f = await catalog.exportResponsibility(req.query.format ?? 'xlsx');
        const zhName = encodeURIComponent(`事项清单.${req.query.format ?? 'xlsx'}`);
        return reply
          .header('content-type', f.contentType)
          .header('content-disposition', `attachment; filename="${f.filename}"; filename*=UTF-8''${zhName}`)
          .send(f.body);
      },
    );
  });
}
