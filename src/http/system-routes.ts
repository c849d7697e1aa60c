import { Type } from 'typebox';
import { sql } from 'kysely';
import type { AppContext } from '../app.js';
import type { Api } from './types.js';

/** Liveness, readiness and the public configuration the console needs before login. */
export async function systemRoutes(app: Api, ctx: AppContext): Promise<void> {
  app.get('/healthz', { schema: { tags: ['system'], summary: 'Liveness: the process answers', response: { 200: Type.Object({ status: Type.String() }) } } }, async () => ({ status: 'ok' }));

  app.get(
    '/readyz',
    {
      schema: {
        tags: ['system'],
        summary: 'Readiness: the store answers (and, under `serve --workers`, which worker answered)',
        response: {
          200: Type.Object({ status: Type.String(), store: Type.String(), worker: Type.Union([Type.Integer(), Type.Null()]) }),
          503: Type.Object({ status: Type.String(), store: Type.String(), worker: Type.Union([Type.Integer(), Type.Null()]) }),
        },
      },
    },
    async (_req, reply) => {
      try {
        await sql`select 1`.execute(ctx.db.kysely);
        return { status: 'ready', store: ctx.db.dialect, worker: ctx.config.worker };
      } catch {
        return reply.status(503).send({ status: 'unavailable', store: ctx.db.dialect, worker: ctx.config.worker });
      }
    },
  );

  app.get(
    '/api/v1/config/public',
    {
      schema: {
        tags: ['system'],
        summary: 'Public settings for the console (no login needed)',
        response: {
          200: Type.Object({ cityName: Type.String(), cityNameEn: Type.String(), demo: Type.Boolean(), tileUrl: Type.Optional(Type.String()) }),
        },
      },
    },
    async () => ({ cityName: '厦门市', cityNameEn: 'Xiamen', demo: ctx.config.demo, ...(ctx.config.tileUrl ? { tileUrl: ctx.config.tileUrl } : {}) }),
  );
}
