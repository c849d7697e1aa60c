/**
 * Open311 GeoReport v2 over HTTP at /open311/v2: discovery, services, service definitions, requests
 * (GET and POST), one request, tokens — every endpoint as `.json` and `.xml`. Its own error shape
 * ([{code, description}] / <errors><error>…), so these routes live in their own plugin with their own
 * error handler, and stay out of the platform's OpenAPI document (the GeoReport spec is their contract).
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { AppContext } from '../app.js';
import { AppError } from '../core/errors.js';
import { STATUS_OF_KIND } from '../http/errors.js';
import type { Api } from '../http/types.js';
import { CONTENT_TYPES, writeList, writeObject, type Format } from './format.js';
import type { Form } from './model.js';

export const OPEN311_BASE = '/open311/v2';
/** Sortable: when the discovery document last changed. */
const CHANGESET = '2026-12-01T00:00:00+08:00';

const formatOf = (f: string): Format | undefined => (f === 'json' || f === 'xml' ? f : undefined);
/** The format an answer (or a refusal) is written in: the URL's suffix, JSON when it has none. */
const formatOfUrl = (url: string): Format => (/\.xml(\?|$)/i.test(url) ? 'xml' : 'json');

function send(reply: FastifyReply, format: Format, status: number, body: string): FastifyReply {
  return reply.status(status).header('content-type', CONTENT_TYPES[format]).header('access-control-allow-origin', '*').send(body);
}

/** Any refusal as the spec's list of {code, description}: code is the HTTP status, the description says why in English and Chinese. */
function open311Error(err: unknown, req: FastifyRequest, reply: FastifyReply): FastifyReply {
  const format = formatOfUrl(req.url);
  let status: number;
  let description: string;
  const fe = err as FastifyError & { validation?: Array<{ instancePath?: string; message?: string; params?: { missingProperty?: string } }> };
  if (err instanceof AppError) {
    status = STATUS_OF_KIND[err.kind];
    description = `${err.messageEn} · ${err.messageZh}`;
  } else if (fe?.validation) {
    status = 400;
    description = fe.validation.map((v) => `${(v.instancePath ?? '').replace(/^\//, '') || v.params?.missingProperty || 'request'} ${v.message ?? 'is invalid'}`).join('; ');
  } else if (typeof fe?.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) {
    status = fe.statusCode;
    description = fe.message || 'Bad request';
  } else {
    req.log.error({ err }, 'open311 request failed');
    status = 500;
    description = 'Internal error · 内部错误';
  }
  return send(reply, format, status, writeList(format, 'errors', [{ code: status, description }]));
}

/** application/x-www-form-urlencoded (the spec's POST) into a form: a repeated name becomes a list. */
function parseForm(text: string): Form {
  const out: Form = {};
  for (const [k, v] of new URLSearchParams(text)) {
    const prev = out[k];
    out[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  return out;
}

/** A JSON body as a form (clients that POST JSON): scalars as text, lists kept. */
function jsonAsForm(body: unknown): Form {
  const out: Form = {};
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return out;
  for (const [k, v] of Object.entries(body as Record<string, unknown>)) {
    if (Array.isArray(v)) out[k] = v.map(String);
    else if (v !== null && v !== undefined && typeof v !== 'object') out[k] = String(v);
  }
  return out;
}

const FormatParam = Type.Object({ format: Type.String({ maxLength: 8 }) });
const hidden = { hide: true } as const;
const text = Type.Optional(Type.String({ maxLength: 2000 }));

export async function open311Routes(parent: Api, ctx: AppContext): Promise<void> {
  await parent.register(async (plugin) => {
    const app = plugin as unknown as Api;
    app.setErrorHandler(open311Error);
    app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 64 * 1024 }, (_req, body, done) => {
      try {
        done(null, parseForm(body as string));
      } catch (e) {
        done(e as Error, undefined);
      }
    });

    const need = (f: string): Format => {
      const format = formatOf(f.toLowerCase());
      if (!format) throw new AppError({ code: 'OPEN311_FORMAT', kind: 'not_found', message: '格式应为 json 或 xml', messageEn: 'The format must be json or xml' });
      return format;
    };

    app.get(`${OPEN311_BASE}/discovery.:format`, { schema: { ...hidden, params: FormatParam } }, async (req, reply) => {
      const format = need(req.params.format);
      const origin = `${req.protocol}://${req.host}`;
      const doc = {
        changeset: CHANGESET,
        contact: '城市管理局信息中心（12345 转 城市管理） · City management bureau, information centre',
        key_service: '第三方应用的 API 密钥由城市管理局系统管理员签发：系统管理 → 公众渠道 → API 密钥，或 `cityloop apikey create --name 应用名`。 · API keys are issued by the bureau’s administrators.',
        endpoints: [{ specification: 'http://wiki.open311.org/GeoReport_v2', url: `${origin}${OPEN311_BASE}`, changeset: CHANGESET, type: 'production', formats: ['text/xml', 'application/json'] }],
      };
      return send(reply, format, 200, writeObject(format, 'discovery', doc));
    });

    app.get(`${OPEN311_BASE}/services.:format`, { schema: { ...hidden, params: FormatParam, querystring: Type.Object({ jurisdiction_id: text }) } }, async (req, reply) => {
      const format = need(req.params.format);
      return send(reply, format, 200, writeList(format, 'services', await ctx.open311.services()));
    });

    app.get(`${OPEN311_BASE}/services/:code.:format`, { schema: { ...hidden, params: Type.Object({ code: Type.String({ maxLength: 16 }), format: Type.String({ maxLength: 8 }) }), querystring: Type.Object({ jurisdiction_id: text }) } }, async (req, reply) => {
      const format = need(req.params.format);
      return send(reply, format, 200, writeObject(format, 'service_definition', await ctx.open311.definition(req.params.code)));
    });

    app.post(`${OPEN311_BASE}/requests.:format`, { schema: { ...hidden, params: FormatParam } }, async (req, reply) => {
      const format = need(req.params.format);
      const form = req.body && typeof req.body === 'object' && !Array.isArray(req.body) && Object.values(req.body).every((v) => typeof v === 'string' || Array.isArray(v))
        ? (req.body as Form) : jsonAsForm(req.body);
      const q = req.query as Record<string, unknown>;
      const key = (typeof form.api_key === 'string' ? form.api_key : null) ?? (typeof q.api_key === 'string' ? q.api_key : null) ?? (req.headers['x-api-key'] as string | undefined) ?? null;
      const ref = req.headers['idempotency-key'];
      const { answer, replayed } = await ctx.open311.post(key, form, typeof ref === 'string' ? ref : null);
      return send(reply, format, replayed ? 200 : 201, writeList(format, 'requests', answer ? [answer] : []));
    });

    const RequestsQuery = Type.Object({
      jurisdiction_id: text, service_request_id: text, service_code: text, start_date: text, end_date: text, status: text,
      page: text, page_size: text,
    });
    app.get(`${OPEN311_BASE}/requests.:format`, { schema: { ...hidden, params: FormatParam, querystring: RequestsQuery } }, async (req, reply) => {
      const format = need(req.params.format);
      const q = req.query;
      const items = await ctx.open311.requests({ service_request_id: q.service_request_id, service_code: q.service_code, start_date: q.start_date, end_date: q.end_date, status: q.status, page: q.page, page_size: q.page_size });
      return send(reply, format, 200, writeList(format, 'requests', items));
    });

    app.get(`${OPEN311_BASE}/requests/:id.:format`, { schema: { ...hidden, params: Type.Object({ id: Type.String({ maxLength: 64 }), format: Type.String({ maxLength: 8 }) }), querystring: Type.Object({ jurisdiction_id: text }) } }, async (req, reply) => {
      const format = need(req.params.format);
      return send(reply, format, 200, writeList(format, 'requests', [await ctx.open311.request(req.params.id)]));
    });

    app.get(`${OPEN311_BASE}/tokens/:token.:format`, { schema: { ...hidden, params: Type.Object({ token: Type.String({ maxLength: 64 }), format: Type.String({ maxLength: 8 }) }), querystring: Type.Object({ jurisdiction_id: text }) } }, async (req, reply) => {
      const format = need(req.params.format);
      return send(reply, format, 200, writeList(format, 'requests', [await ctx.open311.token(req.params.token)]));
    });
  });
}

