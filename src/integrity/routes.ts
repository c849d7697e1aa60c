/**
 * HTTP for integrity (city-scope administrators): the report, the seals, sealing on demand and a
 * seal's export file. Route = authenticate → validate → authorize → one service call → present.
 */
import { Type, type Static } from 'typebox';
import type { AppContext } from '../app.js';
import { authorize, CITY_WIDE } from '../auth/policy.js';
import { requireUser } from '../http/auth-hook.js';
import type { Api } from '../http/types.js';
import type { StoredSeal } from './repo.js';
import type { SealResult } from './seal.js';

const Err = Type.Ref('Error');
const tags = ['integrity'];
const Str = Type.String();
const Int = Type.Integer();

const SealSummaryView = Type.Object({ seq: Int, at: Int, hash: Str, root: Str, streams: Int });
const SealView = Type.Object({
  seq: Int, at: Int, hash: Str, prevHash: Str, root: Str, streams: Int, kinds: Type.Record(Str, Int), changed: Int, refused: Int,
  actorId: Str, role: Str, timestamped: Type.Boolean({ description: 'A timestamp authority countersigned it (RFC 3161)' }),
});
const ProblemView = Type.Object({
  problem: Type.String({ description: 'row_forged · chain_broken · truncated · rewritten · deleted · seal_chain_broken · seal_heads_mismatch · seal_export_mismatch' }),
  kind: Type.Optional(Str), id: Type.Optional(Str), code: Type.Optional(Str), seq: Type.Optional(Int),
  breaksAt: Type.Optional(Type.Object({ seq: Int, problem: Str, expected: Type.Union([Str, Int]), found: Type.Optional(Str) })),
  sealedAt: Type.Optional(Type.Integer({ description: 'When the head this contradicts was sealed: the record was intact then' })),
  sealSeq: Type.Optional(Int),
  message: Str, messageEn: Str,
});
const ReportView = Type.Object({
  ok: Type.Boolean(),
  checkedAt: Int,
  kinds: Type.Record(Str, Type.Object({ streams: Int, events: Int })),
  seals: Type.Object({ count: Int, last: Type.Union([SealSummaryView, Type.Null()]), lastGood: Type.Union([SealSummaryView, Type.Null()]) }),
  counts: Type.Object({ forged: Int, truncated: Int, deleted: Int, seal: Int }),
  problems: Type.Array(ProblemView),
});

function presentSeal(s: Omit<StoredSeal, 'timestampToken'> & { timestampToken?: string | null }): Static<typeof SealView> {
  const d = s.data;
  return {
    seq: s.seq, at: s.at, hash: s.hash, prevHash: s.prevHash, root: d.root, streams: d.streams, kinds: d.kinds, changed: d.changed, refused: d.refused,
    actorId: s.actorId, role: s.role, timestamped: Boolean(s.timestampToken),
  };
}

export async function integrityRoutes(app: Api, ctx: AppContext): Promise<void> {
  app.get('/api/v1/integrity', {
    schema: {
      tags, summary: '完整性报告：行伪造、截断、整条删除，及最近一次有效封存 · Integrity report: forged rows, truncations, deletions, the last good seal',
      response: { 200: ReportView, 401: Err, 403: Err },
    },
  }, async (req) => {
    authorize(requireUser(req), 'integrity.admin', CITY_WIDE);
    return ctx.integrity.report();
  });

  app.get('/api/v1/integrity/seals', {
    schema: {
      tags, summary: '封存记录（最新在前） · Seals, newest first',
      querystring: Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })) }),
      response: { 200: Type.Object({ items: Type.Array(SealView) }), 401: Err, 403: Err },
    },
  }, async (req) => {
    authorize(requireUser(req), 'integrity.admin', CITY_WIDE);
    return { items: (await ctx.integrity.seals(req.query.limit ?? 50)).map(presentSeal) };
  });

  app.post('/api/v1/integrity/seals', {
    schema: {
      tags, summary: '立即封存全部记录的链头 · Seal the heads of every record now',
      response: { 200: Type.Object({ seal: SealView, refused: Type.Array(Type.Object({ kind: Str, id: Str, reason: Str })) }), 401: Err, 403: Err, 409: Err },
    },
  }, async (req) => {
    const user = requireUser(req);
    const role = authorize(user, 'integrity.admin', CITY_WIDE);
    const r: SealResult = await ctx.integrity.seal({ id: user.id, role });
    return { seal: presentSeal(r.seal), refused: r.refused };
  });

  app.get('/api/v1/integrity/seals/:seq/export', {
    schema: {
      tags, summary: '导出封存文件（交外部保存；latest 为最近一次，含全部链头） · A seal as a file to hand to an outside party (latest: with every head)',
      params: Type.Object({ seq: Type.String({ pattern: '^(latest|[1-9][0-9]{0,9})$', description: 'latest, or a seal number' }) }),
      response: { 401: Err, 403: Err, 404: Err },
    },
  }, async (req, reply) => {
    authorize(requireUser(req), 'integrity.admin', CITY_WIDE);
    const x = await ctx.integrity.exportSeal(req.params.seq === 'latest' ? undefined : Number(req.params.seq));
    return reply
      .header('content-type', 'application/json; charset=utf-8')
      .header('content-disposition', `attachment; filename="cityloop-seal-${x.seal.seq}.json"`)
      .send(JSON.stringify(x, null, 1));
  });
}
