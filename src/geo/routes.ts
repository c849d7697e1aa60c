/** HTTP for geography: locate, the hierarchy lists, GeoJSON layers and the admin import. */
import { Type } from 'typebox';
import { authorize, CITY_WIDE } from '../auth/policy.js';
import { badRequest } from '../core/errors.js';
import { requireUser } from '../http/auth-hook.js';
import type { Api } from '../http/types.js';
import type { AppContext } from '../app.js';
import type { BBox } from './model.js';

const TAGS = ['geo'];
const Code = (digits: number, description: string) => Type.String({ pattern: `^\\d{${digits}}$`, description });
const LevelName = Type.Union([Type.Literal('district'), Type.Literal('street'), Type.Literal('community'), Type.Literal('grid')]);
const Ref = Type.Object({ code: Type.String(), name: Type.String() });
const LonLat = Type.Object({ lon: Type.Number(), lat: Type.Number() });
const BBoxT = Type.Array(Type.Number(), { minItems: 4, maxItems: 4, description: '[minLon, minLat, maxLon, maxLat] WGS-84' });
const Geometry = Type.Object({
  type: Type.Union([Type.Literal('Polygon'), Type.Literal('MultiPolygon')]),
  coordinates: Type.Array(Type.Unknown()),
});

const LocateResultT = Type.Object({ point: LonLat, h3: Type.String(), grid: Ref, community: Ref, street: Ref, district: Ref });
const AreaSummaryT = Type.Object({
  level: LevelName,
  code: Type.String(),
  name: Type.String(),
  parentCode: Type.Union([Type.String(), Type.Null()]),
  areaM2: Type.Number({ description: 'm²' }),
  bbox: BBoxT,
  label: LonLat,
  h3: Type.String(),
});
const AreaDetailT = Type.Object({ ...AreaSummaryT.properties, geometry: Geometry });
const Items = Type.Object({ items: Type.Array(AreaSummaryT) });
const FeatureCollectionT = Type.Object({
  type: Type.Literal('FeatureCollection'),
  features: Type.Array(
    Type.Object({
      type: Type.Literal('Feature'),
      id: Type.String(),
      properties: Type.Object({ level: LevelName, code: Type.String(), name: Type.String(), parentCode: Type.Union([Type.String(), Type.Null()]), areaM2: Type.Number() }),
      geometry: Geometry,
    }),
  ),
});
const Counts = Type.Object({ district: Type.Integer(), street: Type.Integer(), community: Type.Integer(), grid: Type.Integer() });
const ImportSummaryT = Type.Object({ replaced: Type.Boolean(), written: Counts, inserted: Type.Integer(), updated: Type.Integer(), totals: Counts });

function parseBBox(text: string | undefined): BBox | undefined {
  if (text === undefined || text === '') return undefined;
  const v = text.split(',').map((s) => Number(s.trim()));
  if (v.length !== 4 || v.some((x) => !Number.isFinite(x)) || v[0]! > v[2]! || v[1]! > v[3]!) {
    throw badRequest('BBOX_INVALID', `范围参数应为 minLon,minLat,maxLon,maxLat（收到 ${text}）`, `bbox must be minLon,minLat,maxLon,maxLat (got ${text})`, { bbox: text });
  }
  return v as BBox;
}

export async function geoRoutes(app: Api, ctx: AppContext): Promise<void> {
  app.get(
    '/api/v1/geo/locate',
    {
      schema: {
        tags: TAGS,
        summary: 'Locate a point: unit grid, community, street, district and H3 cell (定位到单元网格)',
        description: 'Accepts WGS-84, GCJ-02 (高德/腾讯) or BD-09 (百度) input; answers in WGS-84. 422 OUTSIDE_MANAGED_AREA outside every grid.',
        querystring: Type.Object({
          lon: Type.Number({ minimum: -180, maximum: 180 }),
          lat: Type.Number({ minimum: -90, maximum: 90 }),
          crs: Type.Optional(Type.Union([Type.Literal('wgs84'), Type.Literal('gcj02'), Type.Literal('bd09')], { default: 'wgs84' })),
        }),
        response: { 200: LocateResultT },
      },
    },
    async (req) => {
      authorize(requireUser(req), 'geo.read');
      return ctx.geo.locate(req.query.lon, req.query.lat, req.query.crs ?? 'wgs84');
    },
  );

  app.get(
    '/api/v1/geo/districts',
    { schema: { tags: TAGS, summary: 'Districts (区) with their GB/T 2260 codes', response: { 200: Items } } },
    async (req) => {
      authorize(requireUser(req), 'geo.read');
      return { items: await ctx.geo.listDistricts() };
    },
  );

  app.get(
    '/api/v1/geo/streets',
    {
      schema: {
        tags: TAGS,
        summary: 'Streets and towns (街道/镇), optionally of one district',
        querystring: Type.Object({ districtCode: Type.Optional(Code(6, 'district code')) }),
        response: { 200: Items },
      },
    },
    async (req) => {
      authorize(requireUser(req), 'geo.read');
      return { items: await ctx.geo.listStreets(req.query.districtCode ? { districtCode: req.query.districtCode } : {}) };
    },
  );

  app.get(
    '/api/v1/geo/communities',
    {
      schema: {
        tags: TAGS,
        summary: 'Communities and villages (社区/村), optionally of one district or street',
        querystring: Type.Object({ districtCode: Type.Optional(Code(6, 'district code')), streetCode: Type.Optional(Code(9, 'street code')) }),
        response: { 200: Items },
      },
    },
    async (req) => {
      authorize(requireUser(req), 'geo.read');
      const { districtCode, streetCode } = req.query;
      return { items: await ctx.geo.listCommunities({ ...(districtCode ? { districtCode } : {}), ...(streetCode ? { streetCode } : {}) }) };
    },
  );

  app.get(
    '/api/v1/geo/layers/:level',
    {
      schema: {
        tags: TAGS,
        summary: 'A level of the hierarchy as a GeoJSON FeatureCollection (WGS-84), filterable by district, street, parent and bbox',
        params: Type.Object({ level: LevelName }),
        querystring: Type.Object({
          districtCode: Type.Optional(Code(6, 'district code')),
          streetCode: Type.Optional(Code(9, 'street code')),
          parentCode: Type.Optional(Type.String({ pattern: '^\\d{6,12}$', description: 'parent code' })),
          bbox: Type.Optional(Type.String({ description: 'minLon,minLat,maxLon,maxLat' })),
        }),
        response: { 200: FeatureCollectionT },
      },
    },
    async (req) => {
      authorize(requireUser(req), 'geo.read');
      const { districtCode, streetCode, parentCode } = req.query;
      const bbox = parseBBox(req.query.bbox);
      return ctx.geo.exportGeoJson(req.params.level, {
        ...(districtCode ? { districtCode } : {}),
        ...(streetCode ? { streetCode } : {}),
        ...(parentCode ? { parentCode } : {}),
        ...(bbox ? { bbox } : {}),
      });
    },
  );

  app.get(
    '/api/v1/geo/areas/:code',
    {
      schema: {
        tags: TAGS,
        summary: 'One district, street, community or grid with its outline, by code',
        params: Type.Object({ code: Type.String({ pattern: '^(\\d{6}|\\d{9}|\\d{12}|\\d{15})$' }) }),
        response: { 200: AreaDetailT },
      },
    },
    async (req) => {
      authorize(requireUser(req), 'geo.read');
      return ctx.geo.getArea(req.params.code);
    },
  );

  app.post(
    '/api/v1/geo/import',
    {
      bodyLimit: 256 * 1024 * 1024,
      schema: {
        tags: TAGS,
        summary: 'Import districts, streets, communities and grids from GeoJSON (admin); all or nothing',
        description:
          'Feature properties: code, name, level (district|street|community|grid, optional), parentCode (optional). Every feature is checked; any problem rejects the whole file with 422 GEO_IMPORT_INVALID listing them per feature. ?replace=true replaces the whole geography.',
        querystring: Type.Object({ replace: Type.Optional(Type.Boolean({ default: false })) }),
        body: Type.Object({ type: Type.String(), features: Type.Array(Type.Unknown()) }),
        response: { 200: ImportSummaryT },
      },
    },
    async (req) => {
      authorize(requireUser(req), 'geo.import', CITY_WIDE);
      return ctx.geo.importGeoJson(req.body, { replace: req.query.replace === true });
    },
  );
}
