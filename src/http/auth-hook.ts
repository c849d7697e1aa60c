import type { FastifyRequest } from 'fastify';
import type { User } from '../auth/model.js';
import { unauthorized } from '../core/errors.js';
import type { AppContext } from '../app.js';
import type { Api } from './types.js';

export const SESSION_COOKIE = 'cityloop_session';

/** Reads the session cookie or a bearer token and sets req.user. Never rejects: routes decide. */
export function registerAuthHook(app: Api, ctx: AppContext): void {
  app.decorateRequest('user', undefined);
  app.decorateRequest('sessionToken', undefined);
  app.addHook('onRequest', async (req) => {
    const header = req.headers.authorization;
    const bearer = header && /^Bearer\s+(.+)$/i.exec(header)?.[1];
    const token = bearer || req.cookies?.[SESSION_COOKIE];
    if (!token) return;
    const user = await ctx.auth.authenticate(token);
    if (user) {
      req.user = user;
      req.sessionToken = token;
    }
  });
}

/** The logged-in user, or a 401 that tells the client to log in. */
export function requireUser(req: FastifyRequest): User {
  if (!req.user) throw unauthorized('AUTH_REQUIRED', '请先登录', 'Please log in first');
  return req.user;
}
