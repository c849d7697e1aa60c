/** HTTP for the command center's map: clusters by zoom for the view, filtered as the case search. */
import { Type, type TObject } from 'typebox';
import type { Api } from '../http/types.js';
import type { AppContext } from '../app.js';
import { requireUser } from '../http/auth-hook.js';
import { clientGone, dropGone } from '../http/gone.js';
import { accessFilter } from '../auth/policy.js';
import { badRequest } from '../core/errors.js';
import { buildIndex, createIndexCache, viewOf, ITEM_LIMIT } from './map-clusters.js';
import { instant } from './routes.js';

const Err = Type.Ref('Error');
const Item = Type.Object({
  lon: Type.Number(), lat: Type.Number(),
  count: Type.Integer({ description: 'cases here; 1 for a single case' }),
  red: Type.Integer({ description: 'of them overdue' }), yellow: Type.Integer({ description: 'of them due soon' }),
  id: Type.Optional(Type.String()), code: Type.Optional(Type.String()), light: Type.Optional(Type.String()), cls: Type.Optional(Type.String({ description: 'class name' })),
});
const ClusterView = Type.Object({
  total: Type.Integer({ description: 'cases matching the filter in your scope' }),
  mapped: Type.Integer({ description: 'of them on the map (the newest, up to 50 000)' }),
  lights: Type.Object({ red: Type.Integer(), yellow: Type.Integer(), green: Type.Integer() }),
  items: Type.Array(Item),
  itemsTruncated: Type.Boolean({ description: `more than ${ITEM_LIMIT} items in the view: zoom in` }),
  heat: Type.Optional(Type.Array(Type.Object({ cell: Type.String(), count: Type.Integer() }), { description: 'cases per H3 cell, resolution 8' })),
});

const WORLD: [number, number, number, number] = [-180, -85, 180, 85];

function parseBox(text: string | undefined): [number, number, number, number] {
  if (!text) return WORLD;
  const v = text.split(',').map((s) => Number(s.trim()));
  if (v.length !== 4 || v.some((x) => !Number.isFinite(x)) || v[1]! > v[3]!) {
    throw badRequest('BBOX_INVALID', `范围参数应为 minLon,minLat,maxLon,maxLat（收到 ${text}）`, `bbox must be minLon,minLat,maxLon,maxLat (got ${text})`, { bbox: text });
  }
  return v as [number, number, number, number];
}

export async function mapClusterRoute(app: Api, ctx: AppContext, filters: TObject): Promise<void> {
  const indexes = createIndexCache();
  app.get('/api/v1/cases/map/clusters', {
    schema: {
      tags: ['cases'],
      summary: '地图聚合：按缩放级别聚合的案卷（视野内）· Cases on the map, clustered by zoom, for one view',
      description: 'Filters as GET /cases. The matching cases (newest 50 000) are clustered per zoom on the server; the answer holds the clusters and single cases inside bbox at zoom, the light counts of all of them and, with heat=true, counts per H3 cell.',
      querystring: Type.Object({
        ...filters.properties,
        zoom: Type.Number({ minimum: 0, maximum: 24, description: 'map zoom (web mercator)' }),
        bbox: Type.Optional(Type.String({ description: 'minLon,minLat,maxLon,maxLat of the view (WGS-84); default the world' })),
        heat: Type.Optional(Type.Boolean({ description: 'also count cases per H3 cell' })),
      }),
      response: { 200: ClusterView, 400: Err, 401: Err, 403: Err },
    },
  }, async (req, reply) => {
    const user = requireUser(req);
    const { zoom, bbox, heat, ...q } = req.query as Record<string, unknown> & { zoom: number; bbox?: string; heat?: boolean; from?: string; to?: string };
    const box = parseBox(bbox);
    const search = { ...q, from: instant(q.from, 'from'), to: instant(q.to, 'to') };
    const key = JSON.stringify([accessFilter(user, 'case.read') ?? null, search]);
    const index = await indexes.get(key, async () => {
      const r = await ctx.cases.map(user, search as never);
      return buildIndex(r.points, r.total);
    });
    if (clientGone(req)) return dropGone(reply);
    return viewOf(index, box, zoom, heat === true);
  });
}
