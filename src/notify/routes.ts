/** Notifications: the list, marking read, and a server-sent event stream of new ones. */
import { Type } from 'typebox';
import type { Api } from '../http/types.js';
import type { AppContext } from '../app.js';
import { requireUser } from '../http/auth-hook.js';
import { authorize } from '../auth/policy.js';

const Err = Type.Ref('Error');
const tags = ['notifications'];
const NotificationView = Type.Object({
  caseId: Type.String({ description: "The case; '' for an instruction's notice" }), caseCode: Type.String(),
  instructionId: Type.Union([Type.String(), Type.Null()], { description: 'The instruction (指令) of the notice; null for a case' }), seq: Type.Integer(), type: Type.String(), title: Type.String(),
  categoryName: Type.String(), at: Type.Number(), read: Type.Boolean(),
});

export async function notificationRoutes(app: Api, ctx: AppContext): Promise<void> {
  app.get('/api/v1/notifications', {
    schema: {
      tags, summary: '我的通知（需要我处理的案卷和指令动态） · My notifications (cases and instructions)',
      querystring: Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })), unreadOnly: Type.Optional(Type.Boolean()) }),
      response: { 200: Type.Object({ items: Type.Array(NotificationView), unread: Type.Integer() }), 401: Err, 403: Err },
    },
  }, async (req) => {
    const user = requireUser(req);
    authorize(user, 'notifications.read');
    return ctx.notifier.list(user, { limit: req.query.limit, unreadOnly: req.query.unreadOnly });
  });

  app.post('/api/v1/notifications/read', {
    schema: {
      tags, summary: '标记为已读 · Mark notifications read (up to `until`, default now)',
      body: Type.Optional(Type.Object({ until: Type.Optional(Type.Number()) })),
      response: { 200: Type.Object({ ok: Type.Boolean() }), 401: Err, 403: Err },
    },
  }, async (req) => {
    const user = requireUser(req);
    authorize(user, 'notifications.read');
    await ctx.notifier.markRead(user, req.body?.until);
    return { ok: true };
  });

  app.get('/api/v1/notifications/stream', {
    schema: { tags, summary: '通知推送（Server-Sent Events） · Notification stream (text/event-stream)', response: { 401: Err, 403: Err } },
  }, async (req, reply) => {
    const user = requireUser(req);
    authorize(user, 'notifications.read');
    reply.hijack();
    const res = reply.raw;
    // The headers set so far (security headers, the answering worker) go out with the stream's own.
    res.writeHead(200, { ...(reply.getHeaders() as Record<string, string>), 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', connection: 'keep-alive', 'x-accel-buffering': 'no' });
    res.write(': connected\n\n');
    const unsubscribe = ctx.notifier.subscribe(user, (n) => {
      res.write(`event: notification\nid: ${n.instructionId ?? n.caseId}:${n.seq}\ndata: ${JSON.stringify(n)}\n\n`);
    });
    const ping = setInterval(() => res.write(': ping\n\n'), 25_000);
    ping.unref();
    const end = () => {
      clearInterval(ping);
      unsubscribe();
    };
    req.raw.on('close', end);
    res.on('close', end);
  });
}
