/**
 * The first-run setup page (`/setup`, a plain HTML form: it works before the console is built and
 * without JavaScript) and its API (`POST /api/v1/setup`). Both answer only while setup is open.
 */
import { Type } from 'typebox';
import type { AppContext } from '../app.js';
import { isAppError } from '../core/errors.js';
import { STATUS_OF_KIND } from '../http/errors.js';
import type { Api } from '../http/types.js';
import type { FirstRunSetup } from './setup.js';

const Err = Type.Ref('Error');

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function page(body: string): string {
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>CityLoop 初始化 · Setup</title>
<style>body{font-family:system-ui,"Noto Sans CJK SC",sans-serif;max-width:28rem;margin:3rem auto;padding:0 1rem;color:#222}label{display:block;margin:.8rem 0 .2rem}input{width:100%;padding:.45rem;font-size:1rem;box-sizing:border-box}button{margin-top:1.2rem;padding:.5rem 1.2rem;font-size:1rem}.err{background:#fff1f0;border:1px solid #ffa39e;padding:.6rem}.ok{background:#f6ffed;border:1px solid #b7eb8f;padding:.6rem}small{color:#666}</style></head><body>${body}</body></html>`;
}

function form(error?: string, values: Record<string, string> = {}): string {
  return page(`<h1>CityLoop 初始化</h1><p>创建第一个系统管理员。初始化口令在服务器启动时打印在控制台上，只能使用一次。<br><small>Create the first administrator. The setup token is printed on the server's console at start; it works once.</small></p>
${error ? `<p class="err" data-testid="setup-error">${escape(error)}</p>` : ''}
<form method="post" action="/setup">
<label for="token">初始化口令 Setup token</label><input id="token" name="token" autocomplete="off" required>
<label for="username">用户名 Username</label><input id="username" name="username" value="${escape(values.username ?? '')}" required pattern="[a-z0-9][a-z0-9_.\\-]{2,31}">
<label for="displayName">姓名 Name</label><input id="displayName" name="displayName" value="${escape(values.displayName ?? '')}">
<label for="password">密码 Password <small>（8–128 位，含字母和数字）</small></label><input id="password" name="password" type="password" autocomplete="new-password" required>
<button type="submit">创建管理员 Create</button></form>`);
}

async function cityCode(ctx: AppContext): Promise<string> {
  const d = (await ctx.geo.listDistricts())[0];
  return d ? `${d.code.slice(0, 4)}00` : '000000';
}

export async function setupRoutes(parent: Api, ctx: AppContext, setup: FirstRunSetup): Promise<void> {
  await parent.register(async (plugin) => {
    const app = plugin as unknown as Api;
    app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 10_000 }, (_req, body, done) =>
      done(null, Object.fromEntries(new URLSearchParams(String(body)))),
    );

    const closedPage = page('<h1>CityLoop</h1><p class="ok">初始化已完成：系统已有管理员。<a href="/">前往登录</a><br><small>Setup is closed: an administrator exists. <a href="/">Log in</a>.</small></p>');

    app.get('/setup', { schema: { hide: true } }, async (_req, reply) => {
      const open = await setup.isOpen();
      return reply.status(open ? 200 : 404).type('text/html; charset=utf-8').send(open ? form() : closedPage);
    });

    app.post('/setup', { schema: { hide: true } }, async (req, reply) => {
      const b = (req.body ?? {}) as Record<string, string>;
      try {
        const user = await setup.complete({ token: b.token ?? '', username: b.username ?? '', displayName: b.displayName, password: b.password ?? '' }, () => cityCode(ctx));
        req.log.warn({ username: user.username }, 'first administrator created through the setup page');
        return reply.type('text/html; charset=utf-8').send(page(`<h1>CityLoop</h1><p class="ok" data-testid="setup-done">管理员 ${escape(user.username)} 已创建，初始化页面已关闭。<a href="/">前往登录</a><br><small>Administrator ${escape(user.username)} created; setup is closed. <a href="/">Log in</a>.</small></p>`));
      } catch (e) {
        if (!isAppError(e)) throw e;
        if (e.code === 'SETUP_CLOSED') return reply.status(404).type('text/html; charset=utf-8').send(closedPage);
        return reply.status(STATUS_OF_KIND[e.kind]).type('text/html; charset=utf-8').send(form(`${e.messageZh}（${e.messageEn}）`, b));
      }
    });

    app.post(
      '/api/v1/setup',
      {
        schema: {
          tags: ['auth'],
          summary: 'First-run setup: create the first administrator with the one-time token the server printed (only while none exists)',
          body: Type.Object({ token: Type.String({ maxLength: 200 }), username: Type.String({ maxLength: 64 }), displayName: Type.Optional(Type.String({ maxLength: 50 })), password: Type.String({ maxLength: 200 }) }),
          response: { 201: Type.Object({ username: Type.String() }), 400: Err, 403: Err, 404: Err, 409: Err },
        },
      },
      async (req, reply) => {
        const user = await setup.complete(req.body, () => cityCode(ctx));
        return reply.status(201).send({ username: user.username });
      },
    );
  });
}
