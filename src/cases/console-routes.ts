/** HTTP for the console's own reads: the dispatcher's candidate units (派遣建议) and today's live feed. */
import { Type } from 'typebox';
import type { Api } from '../http/types.js';
import type { AppContext } from '../app.js';
import { requireUser } from '../http/auth-hook.js';
import { unitCandidates } from './candidates.js';
import { latestFeed } from './feed.js';

const Err = Type.Ref('Error');
const Str = Type.String();

const CandidatesView = Type.Object({
  caseId: Str,
  code: Str,
  routing: Type.Object({ unique: Type.Boolean(), reason: Str, reasonEn: Str }, { description: 'The responsibility list’s verdict for the case as it is now' }),
  items: Type.Array(Type.Object({
    unit: Type.Object({ id: Str, code: Str, name: Str, kind: Str }),
    basis: Type.Enum(['item', 'co_unit', 'territorial', 'history'], { description: 'item 事项清单 · co_unit 协办单位 · territorial 属地 · history 近期办结同类案卷' }),
    itemNo: Type.Union([Str, Type.Null()]),
    reason: Str,
    reasonEn: Str,
    recommended: Type.Boolean({ description: 'The list names exactly this unit for the case' }),
    current: Type.Boolean({ description: 'Holds the case now' }),
    returned: Type.Boolean({ description: 'Gave this case back (return approved); ranked last' }),
  }), { description: 'Best first' }),
});

export async function consoleRoutes(app: Api, ctx: AppContext): Promise<void> {
  app.get('/api/v1/cases/:id/candidates', {
    schema: {
      tags: ['cases'], summary: '派遣建议：候选责任单位（排序，附理由） · Candidate units for dispatch, ranked with reasons',
      params: Type.Object({ id: Str }),
      response: { 200: CandidatesView, 401: Err, 403: Err, 404: Err },
    },
  }, async (req) =>
    unitCandidates({ db: ctx.db, clock: ctx.clock, catalog: ctx.catalog, getCase: (u, id) => ctx.cases.get(u, id) }, requireUser(req), req.params.id));

  app.get('/api/v1/feed', {
    schema: {
      tags: ['cases'], summary: '最新动态：我可查看的案卷最近的流转事件（至多一周内） · The latest case events I may read, newest first (up to a week back)',
      querystring: Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 30 })) }),
      response: {
        200: Type.Object({
          since: Type.Number({ description: 'The earliest instant the feed looks at (epoch ms)' }),
          items: Type.Array(Type.Object({
            caseId: Str, caseCode: Str, seq: Type.Integer(), type: Str, typeName: Str, categoryName: Str, districtName: Str, streetName: Str, at: Type.Number(),
          })),
        }),
        401: Err, 403: Err,
      },
    },
  }, async (req) => latestFeed({ db: ctx.db, clock: ctx.clock }, requireUser(req), req.query.limit ?? 30));
}
