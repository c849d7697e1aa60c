import type { FastifyBaseLogger, FastifyInstance, RawReplyDefaultExpression, RawRequestDefaultExpression, RawServerDefault } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { User } from '../auth/model.js';

/** The Fastify instance every routes file receives: TypeBox schemas give typed requests. */
export type Api = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression<RawServerDefault>,
  RawReplyDefaultExpression<RawServerDefault>,
  FastifyBaseLogger,
  TypeBoxTypeProvider
>;

declare module 'fastify' {
  interface FastifyRequest {
    /** The authenticated user (session cookie or bearer token), if any. */
    user: User | undefined;
    /** The raw session token the request authenticated with, if any. */
    sessionToken: string | undefined;
  }
}
