/**
 * HTTP for declared actions: one route per action, `POST <base>/:id/actions/<name>`, whose OpenAPI
 * body is the action's declared schema plus the `version` the caller read (so the document says what
 * each action needs). The route checks the envelope (an object with an integer version); the body
 * itself is checked once, by the workflow's service, against the same declaration (src/workflow/body.ts),
 * so the HTTP API and the programmatic API refuse alike.
 */
import { Type, type TSchema } from 'typebox';
import type { FastifyRequest, FastifySchemaValidationError } from 'fastify';
import type { FastifyValidationResult } from 'fastify/types/schema.js';
import type { Api } from '../http/types.js';
import type { Declarations } from './actions.js';

export interface ActionRoutesOptions {
  /** Path up to the record id, e.g. `/api/v1/cases`. */
  base: string;
  tags: string[];
  declarations: Declarations;
  /** The 200 response and the error responses. */
  response: Record<number, TSchema>;
  /** Carries the action out; `body` is the request body without `version`. */
  handle(req: FastifyRequest, id: string, action: string, body: Record<string, unknown>, version: number): Promise<unknown>;
}

const VERSION = Type.Integer({ minimum: 1, description: 'The version you read (stale → 409)' });

/** Only the envelope: the rest of the body is the declaration's to check. Errors in Ajv's shape, so they read as VALIDATION_FAILED. */
function envelopeValidator(): FastifyValidationResult {
  const check = (data: unknown): boolean => {
    const v = data !== null && typeof data === 'object' ? (data as { version?: unknown }).version : undefined;
    const ok = typeof v === 'number' && Number.isInteger(v) && v >= 1;
    check.errors = ok ? null : [{ keyword: 'required', instancePath: '/version', schemaPath: '#/properties/version', params: { missingProperty: 'version' }, message: 'must be the integer version you read' }];
    return ok;
  };
  check.errors = null as FastifySchemaValidationError[] | null;
  return check;
}

/** The documented body of an action: its declared members, `version` first. */
export function documentedBody(d: Declarations[string]): TSchema {
  const required = ['version', ...(d.body.required ?? [])];
  const anyOf = (d.oneOf ?? []).map((g) => ({ anyOf: g.map((m) => ({ required: [m] })) }));
  return Type.Unsafe({ type: 'object', properties: { version: VERSION, ...d.body.properties }, required, additionalProperties: false, ...(anyOf.length ? { allOf: anyOf } : {}) });
}

export function actionRoutes(app: Api, o: ActionRoutesOptions): void {
  for (const [name, d] of Object.entries(o.declarations)) {
    const roles = d.roles.join(', ');
    app.post(`${o.base}/:id/actions/${name}`, {
      schema: {
        tags: o.tags, summary: `${d.zh} · ${d.en}`,
        description: `Roles: ${roles}. Permission: ${d.permission}. From: ${d.from.join(', ')}.`,
        params: Type.Object({ id: Type.String() }),
        body: documentedBody(d),
        response: o.response,
      },
      validatorCompiler: ({ httpPart }) => (httpPart === 'body' ? envelopeValidator() : () => true),
    }, async (req) => {
      const { version, ...body } = req.body as { version: number } & Record<string, unknown>;
      return o.handle(req, (req.params as { id: string }).id, name, body, version);
    });
  }
}
