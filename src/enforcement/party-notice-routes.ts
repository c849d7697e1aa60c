/**
 * HTTP of the party notice (行政处罚法 art. 41): the public page at /n/{token} (no login, plain HTML with
 * a form, no script), its JSON twin, the evidence through the notice, and the statements; the officers'
 * list of a case's notices.
 */
import { Type, type Static } from 'typebox';
import type { Api } from '../http/types.js';
import type { AppContext } from '../app.js';
import { requireUser } from '../http/auth-hook.js';
import { notFound, unprocessable } from '../core/errors.js';
import { toShanghaiIso } from '../core/time.js';
import { EXTENSIONS } from '../files/model.js';
import { NOTICE_PARTY_NAMES, maskPhone, type PartyNotice } from './party-notice-model.js';
import type { NoticeView } from './party-notice.js';

const Err = Type.Ref('Error');
const tags = ['enforcement'];
const TokenParams = Type.Object({ token: Type.String({ minLength: 1, maxLength: 64 }) });
const Text = Type.String({ minLength: 1, maxLength: 2000, title: '陈述申辩内容' });

const PublicNotice = Type.Object({
  caseCode: Type.String(), facts: Type.String(), address: Type.String(), occurredAt: Type.Union([Type.Number(), Type.Null()]),
  party: Type.Object({ kind: Type.String(), kindName: Type.String(), name: Type.String(), plate: Type.Union([Type.String(), Type.Null()]) }),
  evidence: Type.Array(Type.String({ description: 'SHA-256: GET …/evidence/{sha256}' })), sentAt: Type.Number(),
  until: Type.Union([Type.Number(), Type.Null()], { description: 'Statements taken until (null: the case is decided or ended)' }), open: Type.Boolean(),
  statements: Type.Array(Type.Object({ at: Type.Number(), text: Type.String() })),
});
const NoticeRow = Type.Object({
  id: Type.String(), party: Type.Object({ kind: Type.String(), name: Type.String(), plate: Type.Union([Type.String(), Type.Null()]), phone: Type.String() }),
  sentAt: Type.Number(), rightsUntil: Type.Number(), statements: Type.Integer(), evidence: Type.Array(Type.String()),
});

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
const when = (t: number) => toShanghaiIso(t).slice(0, 16).replace('T', ' ');

export async function partyNoticeRoutes(parent: Api, ctx: AppContext): Promise<void> {
  const notices = ctx.partyNotices;

  async function publicView(token: string): Promise<Static<typeof PublicNotice>> {
    const v: NoticeView = await notices.view(token);
    const events = await ctx.enforcement.store.events(v.penaltyCase.id);
    const statements = events.filter((e) => e.type === 'party_statement' && (e.data as { noticeId?: string }).noticeId === v.notice.id)
      .map((e) => ({ at: e.at, text: String((e.data as { text?: string }).text ?? '') }));
    const n = v.notice;
    return {
      caseCode: v.penaltyCase.code, facts: n.facts, address: v.penaltyCase.place.address, occurredAt: v.penaltyCase.occurredAt,
      party: { kind: n.party.kind, kindName: NOTICE_PARTY_NAMES[n.party.kind], name: n.party.name, plate: n.party.plate },
      evidence: n.evidence, sentAt: n.sentAt, until: v.until, open: v.open, statements,
    };
  }

  await parent.register(async (plugin) => {
    const app = plugin as unknown as Api;
    app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 16_384 }, (_req, body, done) => done(null, Object.fromEntries(new URLSearchParams(String(body)))));

    app.get('/api/v1/public/party-notices/:token', {
      schema: { tags, summary: '非现场执法告知（当事人，无需登录） · A party’s notice: facts, evidence, period (no login; the token is the key)', params: TokenParams, response: { 200: PublicNotice, 404: Err } },
    }, async (req) => publicView(req.params.token));

    app.get('/api/v1/public/party-notices/:token/evidence/:sha256', {
      schema: { tags, summary: '告知所附证据 · Evidence shown by the notice', params: Type.Object({ token: Type.String({ maxLength: 64 }), sha256: Type.String({ pattern: '^[0-9a-f]{64}$' }) }), response: { 404: Err } },
    }, async (req, reply) => {
      if (!(await notices.hasEvidence(req.params.token, req.params.sha256))) throw notFound('FILE_NOT_FOUND', '文件不存在', 'No such file', { sha256: req.params.sha256 });
      const { file, stream } = await ctx.files.open(req.params.sha256);
      return reply.header('content-type', file.mime).header('content-length', String(file.size)).header('cache-control', 'private, max-age=86400')
        .header('content-disposition', `inline; filename="${file.sha256.slice(0, 12)}.${EXTENSIONS[file.mime]}"`).send(stream);
    });

    app.post('/api/v1/public/party-notices/:token/statements', {
      schema: {
        tags, summary: '在线陈述申辩 · The party states and defends online (recorded as an event of the penalty case)', params: TokenParams,
        body: Type.Object({ text: Text }, { additionalProperties: false }),
        response: { 201: Type.Object({ statements: Type.Integer(), until: Type.Union([Type.Number(), Type.Null()]) }), 400: Err, 404: Err, 409: Err, 422: Err },
      },
    }, async (req, reply) => {
      const text = req.body.text.trim();
      if (!text) throw unprocessable('TEXT_REQUIRED', '请填写陈述申辩内容', 'Write the statement');
      const r = await notices.state(req.params.token, text);
      const v = await notices.view(req.params.token);
      return reply.code(201).send({ statements: r.statements, until: v.until });
    });

    app.get('/api/v1/penalty-cases/:id/party-notices', {
      schema: { tags, summary: '当事人告知记录 · The party notices of a penalty case (never the link)', params: Type.Object({ id: Type.String({ maxLength: 64 }) }), response: { 200: Type.Object({ items: Type.Array(NoticeRow) }), 401: Err, 403: Err, 404: Err } },
    }, async (req) => ({
      items: (await notices.ofCase(requireUser(req), req.params.id)).map((n: PartyNotice) => ({
        id: n.id, party: { kind: n.party.kind, name: n.party.name, plate: n.party.plate, phone: maskPhone(n.party.phone) }, sentAt: n.sentAt, rightsUntil: n.rightsUntil, statements: n.statements, evidence: n.evidence,
      })),
    }));

    // The page the text links to: facts, evidence, the period, the statements so far and a form (POST, then back here).
    app.get('/n/:token', { schema: { hide: true, params: TokenParams, querystring: Type.Object({ sent: Type.Optional(Type.String({ maxLength: 4 })) }) } }, async (req, reply) => {
      let page: string;
      try {
        page = noticePage(req.params.token, await publicView(req.params.token), req.query.sent === '1' ? '已提交，执法机关将予以复核。' : null);
      } catch (e) {
        if ((e as { code?: string }).code !== 'PARTY_NOTICE_NOT_FOUND') throw e;
        return reply.code(404).header('content-type', 'text/html; charset=utf-8').send(shell('告知不存在', '<p>告知不存在或链接有误，请核对短信中的链接。</p>'));
      }
      return reply.header('content-type', 'text/html; charset=utf-8').header('cache-control', 'no-store').header('referrer-policy', 'no-referrer').send(page);
    });

    app.post('/n/:token', { schema: { hide: true, params: TokenParams } }, async (req, reply) => {
      const text = String((req.body as { text?: unknown } | undefined)?.text ?? '').trim().slice(0, 2000);
      try {
        if (!text) throw unprocessable('TEXT_REQUIRED', '请填写陈述申辩内容', 'Write the statement');
        await notices.state(req.params.token, text);
      } catch (e) {
        const err = e as { code?: string; messageZh?: string };
        if (err.code === 'PARTY_NOTICE_NOT_FOUND') return reply.code(404).header('content-type', 'text/html; charset=utf-8').send(shell('告知不存在', '<p>告知不存在或链接有误。</p>'));
        if (!err.messageZh) throw e;
        return reply.code(err.code === 'TEXT_REQUIRED' ? 422 : 409).header('content-type', 'text/html; charset=utf-8').send(noticePage(req.params.token, await publicView(req.params.token), null, err.messageZh));
      }
      return reply.code(303).header('location', `/n/${encodeURIComponent(req.params.token)}?sent=1`).send();
    });
  });
}

function shell(title: string, body: string): string {
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="robots" content="noindex"><title>${esc(title)}</title>
<style>body{font-family:system-ui,"Noto Sans CJK SC",sans-serif;margin:0 auto;max-width:760px;padding:1rem 1.2rem 3rem;color:#1f1f1f;line-height:1.6}h1{font-size:1.3rem}dl{display:grid;grid-template-columns:7em 1fr;gap:.3rem .8rem}dt{color:#666}dd{margin:0}
.ev{display:flex;flex-wrap:wrap;gap:.5rem}.ev img{width:230px;max-width:100%;border:1px solid #ddd;border-radius:4px}textarea{width:100%;min-height:8rem;font:inherit;box-sizing:border-box}
button{font:inherit;padding:.45rem 1.4rem;background:#1677ff;color:#fff;border:0;border-radius:4px}.ok{background:#f6ffed;border:1px solid #b7eb8f;padding:.5rem .8rem}.err{background:#fff2f0;border:1px solid #ffccc7;padding:.5rem .8rem}
.st{border-left:3px solid #1677ff;padding:.2rem .8rem;margin:.4rem 0;white-space:pre-wrap}small{color:#666}</style></head><body>${body}</body></html>`;
}

function noticePage(token: string, v: Static<typeof PublicNotice>, ok: string | null, error?: string): string {
  const t = encodeURIComponent(token);
  const evidence = v.evidence.map((s) => `<a href="/api/v1/public/party-notices/${t}/evidence/${s}" target="_blank" rel="noopener"><img src="/api/v1/public/party-notices/${t}/evidence/${s}" alt="证据照片"></a>`).join('');
  const said = v.statements.map((s) => `<div class="st">${esc(s.text)}<br><small>${when(s.at)} 提交</small></div>`).join('');
  const period = v.until === null ? '本案已作出决定或已终结，在线陈述申辩已关闭。' : v.open ? `请于 <b>${when(v.until)}</b> 前提交。` : `陈述申辩期限已于 ${when(v.until)} 届满。`;
  const form = v.open ? `<form method="post" action="/n/${t}"><p><label for="text">陈述、申辩（可说明事实、理由，或提出异议）</label></p><textarea id="text" name="text" maxlength="2000" required></textarea><p><button type="submit">提交陈述申辩</button></p></form>` : '';
  return shell('非现场执法告知', `<h1>非现场执法告知（陈述申辩）</h1>
${ok ? `<p class="ok">${esc(ok)}</p>` : ''}${error ? `<p class="err">${esc(error)}</p>` : ''}
<dl><dt>案件编号</dt><dd>${esc(v.caseCode)}</dd><dt>当事人</dt><dd>${esc(v.party.kindName)}：${esc(v.party.name)}${v.party.plate ? `（${esc(v.party.plate)}）` : ''}</dd>
<dt>违法事实</dt><dd>${esc(v.facts)}</dd><dt>地点</dt><dd>${esc(v.address)}</dd>${v.occurredAt ? `<dt>时间</dt><dd>${when(v.occurredAt)}</dd>` : ''}<dt>告知时间</dt><dd>${when(v.sentAt)}</dd></dl>
<h2>证据</h2><p><small>以下照片由经法制和技术审核、设置明显标识并公布设置地点的电子技术监控设备记录（《中华人民共和国行政处罚法》第四十一条）。</small></p><div class="ev">${evidence || '<p>无</p>'}</div>
<h2>陈述申辩</h2><p>您有权进行陈述和申辩。${period}</p>${said}${form}`);
}
