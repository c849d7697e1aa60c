import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, type ErrorBody, type ErrorKind } from '../core/errors.js';
import { noteRefusal } from './refusals.js';

/** Framework refusals with their own code and words: [status, code, 中文, English]. */
const FRAMEWORK_ERRORS: Record<string, [number, string, string, string]> = {
  FST_ERR_BAD_URL: [400, 'BAD_URL', '请求地址格式不正确', 'The URL is malformed'],
  FST_ERR_MAX_PARAM_LENGTH: [414, 'PATH_PARAMETER_TOO_LONG', '请求地址中的参数过长', 'A path parameter is too long'],
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: [400, 'BAD_CONTENT_LENGTH', '请求体长度与 Content-Length 不符', 'The body length does not match Content-Length'],
  FST_INVALID_MULTIPART_CONTENT_TYPE: [415, 'MULTIPART_REQUIRED', '请以 multipart/form-data 上传', 'Send the request as multipart/form-data'],
  FST_PROTO_VIOLATION: [400, 'BAD_REQUEST', '请求中含有不允许的字段名', 'The request carries a forbidden field name'],
  FST_ERR_CTP_INVALID_JSON_BODY: [400, 'MALFORMED_JSON', '请求体不是合法的 JSON', 'The body is not valid JSON'],
  FST_ERR_CTP_EMPTY_JSON_BODY: [400, 'MALFORMED_JSON', 'Content-Type 为 JSON 时请求体不能为空', 'A JSON body must not be empty'],
};
const MULTIPART_BROKEN = /^(Multipart: |Unexpected end of (form|multipart data)|Malformed part header|Malformed urlencoded form|Part terminated early)/i;

/**
 * Fastify's own refusals before a route is found (a bad URL, a too long path parameter): the same contract.
 * Passed as the server's `frameworkErrors` option.
 */
export function frameworkErrors(err: unknown, req: FastifyRequest, reply: FastifyReply): void {
  errorHandler(err, req, reply);
}

/** The HTTP status of each kind of refusal: the one place a domain error meets HTTP. */
export const STATUS_OF_KIND: Record<ErrorKind, number> = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  too_large: 413,
  unsupported_type: 415,
  unprocessable: 422,
  locked: 423,
  rate_limited: 429,
};

/**
 * One error shape for every response: {code, message, messageEn, details}.
 * AppErrors get the status of their kind; schema validation becomes VALIDATION_FAILED (400) listing the fields.
 */
export function toErrorResponse(err: unknown): { status: number; body: ErrorBody } {
  if (err instanceof AppError) return { status: STATUS_OF_KIND[err.kind], body: err.toBody() };
  const fe = err as FastifyError & { validation?: { instancePath?: string; message?: string; params?: unknown; keyword?: string }[]; validationContext?: string };
  if (fe?.validation) {
    const where = fe.validationContext ?? 'request';
    const details = fe.validation.map((v) => ({
      in: where,
      field: (v.instancePath ?? '').replace(/^\//, '').replace(/\//g, '.') || (v.params as { missingProperty?: string })?.missingProperty || '',
      problem: v.message ?? v.keyword ?? 'invalid',
    }));
    const fields = details.map((d) => d.field || where).join(', ');
    return {
      status: 400,
      body: {
        code: 'VALIDATION_FAILED',
        message: `请求参数不正确：${fields}`,
        messageEn: `The request is invalid: ${details.map((d) => `${d.field || where} ${d.problem}`).join('; ')}`,
        details,
      },
    };
  }
  const status = typeof fe?.statusCode === 'number' ? fe.statusCode : 500;
  const known = FRAMEWORK_ERRORS[fe?.code ?? ''];
  if (known) return { status: known[0], body: { code: known[1], message: known[2], messageEn: known[3] } };
  // A multipart body without a boundary, cut short or with broken part headers: the parser (busboy) throws plain Errors.
  if (status === 500 && fe instanceof Error && MULTIPART_BROKEN.test(fe.message)) {
    return {
      status: 400,
      body: { code: 'MULTIPART_MALFORMED', message: `上传内容格式不正确（multipart）：${fe.message}`, messageEn: `Malformed multipart body: ${fe.message}` },
    };
  }
  if (status === 413 || fe?.code === 'FST_REQ_FILE_TOO_LARGE' || fe?.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    return { status: 413, body: { code: 'PAYLOAD_TOO_LARGE', message: '上传内容超过大小限制', messageEn: 'The request body is larger than allowed' } };
  }
  if (status === 415 || fe?.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
    return { status: 415, body: { code: 'UNSUPPORTED_MEDIA_TYPE', message: '不支持的内容类型', messageEn: 'Unsupported content type' } };
  }
  if (fe?.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || fe?.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' || (status === 400 && fe?.message)) {
    return { status: 400, body: { code: 'BAD_REQUEST', message: `请求格式不正确：${fe.message}`, messageEn: `Malformed request: ${fe.message}` } };
  }
  if (status >= 400 && status < 500) {
    return { status, body: { code: fe?.code ?? 'BAD_REQUEST', message: `请求被拒绝：${fe?.message ?? ''}`, messageEn: fe?.message ?? 'Request refused' } };
  }
  return { status: 500, body: { code: 'INTERNAL_ERROR', message: '服务器内部错误，请稍后重试或联系管理员', messageEn: 'Internal server error; try again later or contact the administrator' } };
}

export function errorHandler(err: unknown, req: FastifyRequest, reply: FastifyReply): void {
  const { status, body } = toErrorResponse(err);
  if (status >= 500) req.log.error({ err }, 'request failed');
  else noteRefusal(req.log, status, body.code);
  void reply.status(status).send(body);
}

export function notFoundHandler(req: FastifyRequest, reply: FastifyReply): void {
  noteRefusal(req.log, 404, 'ROUTE_NOT_FOUND');
  void reply.status(404).send({
    code: 'ROUTE_NOT_FOUND',
    message: `没有这个接口：${req.method} ${req.url}`,
    messageEn: `No such endpoint: ${req.method} ${req.url}`,
  });
}

/** JSON schema of the error shape, for OpenAPI responses. */
export const errorSchema = {
  $id: 'Error',
  type: 'object',
  required: ['code', 'message', 'messageEn'],
  properties: {
    code: { type: 'string' },
    message: { type: 'string', description: '中文说明' },
    messageEn: { type: 'string', description: 'English message' },
    details: {},
  },
} as const;
