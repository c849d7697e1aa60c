/**
 * Work for a client that has gone is wasted: under a burst, requests queue behind each other and
 * run long after their clients hung up (the server once answered nothing, not even /healthz, for
 * 20 s). A request whose connection is closed by the time its handler would run is dropped with
 * 499 (nginx's "client closed request"; counted in metrics, nothing is written), and long handlers
 * check `clientGone` between their expensive steps.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Api } from './types.js';

export function clientGone(req: FastifyRequest): boolean {
  const socket = req.raw.socket as { destroyed?: boolean } | null | undefined;
  return socket?.destroyed === true;
}

export function dropGone(reply: FastifyReply): FastifyReply {
  return reply.code(499).send();
}

export function registerClientGone(app: Api): void {
  app.addHook('preHandler', async (req, reply) => {
    if (clientGone(req)) return dropGone(reply);
  });
}
