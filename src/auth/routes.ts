/**
 * HTTP for accounts: login/logout, the current user, and account administration.
 * Route = authenticate → validate (schema) → authorize → one service call → present.
 */
import { Type, type Static } from 'typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../app.js';
import { requireUser, SESSION_COOKIE } from '../http/auth-hook.js';
import type { Api } from '../http/types.js';
import { cookieIsSecure } from '../http/security.js';
import { toShanghaiIso } from '../core/time.js';
import { PASSWORD_MAX, ROLE_CODES, ROLES, SESSION_ABSOLUTE_MS, maskPhone, type Role, type User } from './model.js';
import { ACTIONS, accessFilter, actionsOf, authorize, resourceOfScope, rolesFor } from './policy.js';

const Err = Type.Ref('Error');
const tags = ['auth'];

const RoleCode = Type.Enum([...ROLE_CODES], { description: 'inspector 监督员 · operator 受理员 · shift_lead 值班长 · dispatcher 派遣员 · handler 处置人员 · leader 领导 · evaluator 考评员 · admin 系统管理员' });
const ScopeSchema = Type.Object(
  {
    level: Type.Union([Type.Literal('city'), Type.Literal('district'), Type.Literal('street')], { description: 'city 市 | district 区 | street 街道' }),
    code: Type.String({ description: '行政区划代码：市/区 6 位，街道 9 位', examples: ['350203'] }),
  },
  { additionalProperties: false },
);

const UserView = Type.Object({
  id: Type.String(),
  username: Type.String(),
  displayName: Type.String(),
  phone: Type.Union([Type.String(), Type.Null()], { description: 'Masked 脱敏, e.g. 139****5678' }),
  active: Type.Boolean(),
  unitId: Type.Union([Type.String(), Type.Null()]),
  scope: ScopeSchema,
  roles: Type.Array(RoleCode),
  createdAt: Type.Number({ description: 'epoch ms' }),
  updatedAt: Type.Number({ description: 'epoch ms' }),
});
type UserView = Static<typeof UserView>;

const MeView = Type.Intersect([UserView, Type.Object({ actions: Type.Array(Type.Enum([...ACTIONS]), { description: 'What this user’s roles allow (policy actions): the console builds its navigation from them' }) })]);

/** Lists output fields one by one: the password hash, lockout state and raw phone never leave. */
export function presentUser(u: User): UserView {
  return {
    id: u.id,
    username: u.username,
    displayName: u.displayName,
    phone: maskPhone(u.phone),
    active: u.active,
    unitId: u.unitId,
    scope: { level: u.scope.level, code: u.scope.code },
    roles: [...u.roles],
    createdAt: u.createdAt,
    updatedAt: u.updatedAt,
  };
}

function bearerOrCookie(req: FastifyRequest): string | undefined {
  const bearer = req.headers.authorization && /^Bearer\s+(.+)$/i.exec(req.headers.authorization)?.[1];
  return req.sessionToken ?? (bearer || req.cookies?.[SESSION_COOKIE]);
}

const Phone = Type.Union([Type.String({ maxLength: 20 }), Type.Null()]);
const CreateUserBody = Type.Object(
  {
    username: Type.String({ minLength: 1, maxLength: 64 }),
    displayName: Type.String({ minLength: 1, maxLength: 50 }),
    password: Type.String({ minLength: 1, maxLength: PASSWORD_MAX }),
    phone: Type.Optional(Phone),
    unitId: Type.Optional(Type.Union([Type.String({ minLength: 1 }), Type.Null()])),
    scope: ScopeSchema,
    roles: Type.Array(RoleCode, { minItems: 1, uniqueItems: true }),
    active: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
const UpdateUserBody = Type.Object(
  {
    displayName: Type.Optional(Type.String({ minLength: 1, maxLength: 50 })),
    phone: Type.Optional(Phone),
    unitId: Type.Optional(Type.Union([Type.String({ minLength: 1 }), Type.Null()])),
    scope: Type.Optional(ScopeSchema),
    roles: Type.Optional(Type.Array(RoleCode, { minItems: 1, uniqueItems: true })),
    active: Type.Optional(Type.Boolean()),
    password: Type.Optional(Type.String({ minLength: 1, maxLength: PASSWORD_MAX, description: '管理员重置密码 (ends the user’s sessions)' })),
  },
  { additionalProperties: false, minProperties: 1 },
);

export async function authRoutes(app: Api, ctx: AppContext): Promise<void> {
  const setSessionCookie = (req: FastifyRequest, reply: FastifyReply, token: string) =>
    reply.setCookie(SESSION_COOKIE, token, {
      httpOnly: true,
      sameSite: 'lax',
      secure: cookieIsSecure(req, ctx.config),
      path: '/',
      maxAge: SESSION_ABSOLUTE_MS / 1000,
    });

  app.post(
    '/api/v1/auth/login',
    {
      schema: {
        tags,
        summary: 'Log in 登录: sets the session cookie and returns a bearer token',
        description:
          'Wrong username or password, or a deactivated account: 401 AUTH_INVALID (never says which). Five failures within 15 minutes lock the account for 15 minutes, however many arrive at once: 423 AUTH_LOCKED with details.lockedUntil. Too many logins from one address in a minute: 429 RATE_LIMITED. Sessions end after 12 h without use or 7 days after login.',
        security: [],
        body: Type.Object(
          { username: Type.String({ minLength: 1, maxLength: 64 }), password: Type.String({ minLength: 1, maxLength: PASSWORD_MAX }) },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({ token: Type.String(), expiresAt: Type.Number(), expiresAtIso: Type.String(), user: MeView }),
          400: Err,
          401: Err,
          423: Err,
          429: Err,
        },
      },
    },
    async (req, reply) => {
      const r = await ctx.auth.login(req.body.username, req.body.password, { userAgent: req.headers['user-agent'], ip: req.ip });
      setSessionCookie(req, reply, r.token);
      return { token: r.token, expiresAt: r.expiresAt, expiresAtIso: toShanghaiIso(r.expiresAt), user: { ...presentUser(r.user), actions: actionsOf(r.user) } };
    },
  );

  app.post(
    '/api/v1/auth/logout',
    { schema: { tags, summary: 'Log out 退出: ends this session and clears the cookie', response: { 204: Type.Null() } } },
    async (req, reply) => {
      const token = bearerOrCookie(req);
      if (token) await ctx.auth.logout(token);
      reply.clearCookie(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'lax', secure: cookieIsSecure(req, ctx.config) });
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/v1/me',
    { schema: { tags, summary: 'The logged-in user 当前用户, with the actions the roles allow', response: { 200: MeView, 401: Err } } },
    async (req) => {
      const user = requireUser(req);
      return { ...presentUser(user), actions: actionsOf(user) };
    },
  );

  app.post(
    '/api/v1/me/password',
    {
      schema: {
        tags,
        summary: 'Change my password 修改密码 (other sessions end)',
        body: Type.Object(
          { currentPassword: Type.String({ minLength: 1, maxLength: PASSWORD_MAX }), newPassword: Type.String({ minLength: 1, maxLength: PASSWORD_MAX }) },
          { additionalProperties: false },
        ),
        response: { 204: Type.Null(), 400: Err, 401: Err },
      },
    },
    async (req, reply) => {
      const user = requireUser(req);
      await ctx.auth.setPassword(user.id, req.body.currentPassword, req.body.newPassword, req.sessionToken);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/v1/roles',
    {
      schema: {
        tags,
        summary: 'Roles 角色 with their names and allowed actions',
        response: {
          200: Type.Object({
            items: Type.Array(
              Type.Object({
                code: RoleCode,
                name: Type.String(),
                nameEn: Type.String(),
                description: Type.String(),
                descriptionEn: Type.String(),
                needsUnit: Type.Boolean(),
                actions: Type.Array(Type.String()),
              }),
            ),
          }),
          401: Err,
        },
      },
    },
    async (req) => {
      requireUser(req);
      return { items: ROLES.map((r) => ({ ...r, actions: ACTIONS.filter((a) => rolesFor(a).includes(r.code)) })) };
    },
  );

  app.get(
    '/api/v1/users',
    {
      schema: {
        tags,
        summary: 'Accounts 账户列表 (admin)',
        querystring: Type.Object(
          {
            q: Type.Optional(Type.String({ maxLength: 50, description: 'username or name contains' })),
            role: Type.Optional(RoleCode),
            unitId: Type.Optional(Type.String()),
            active: Type.Optional(Type.Boolean()),
            page: Type.Integer({ minimum: 1, maximum: 1_000_000, default: 1 }),
            pageSize: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({ items: Type.Array(UserView), total: Type.Integer(), page: Type.Integer(), pageSize: Type.Integer() }),
          400: Err,
          401: Err,
          403: Err,
        },
      },
    },
    async (req) => {
      const user = requireUser(req);
      authorize(user, 'users.admin');
      const area = accessFilter(user, 'users.admin') ?? {};
      const { q, role, unitId, active, page, pageSize } = req.query;
      const r = await ctx.auth.listUsers({
        ...(q ? { q } : {}),
        ...(role ? { role: role as Role } : {}),
        ...(unitId ? { unitId } : {}),
        ...(active !== undefined ? { active } : {}),
        ...(area.districtCode ? { districtCode: area.districtCode } : {}),
        limit: pageSize,
        offset: (page - 1) * pageSize,
      });
      return { items: r.items.map(presentUser), total: r.total, page, pageSize };
    },
  );

  app.post(
    '/api/v1/users',
    {
      schema: {
        tags,
        summary: 'Create an account 新建账户 (admin)',
        body: CreateUserBody,
        response: { 201: UserView, 400: Err, 401: Err, 403: Err, 409: Err },
      },
    },
    async (req, reply) => {
      const user = requireUser(req);
      authorize(user, 'users.admin', resourceOfScope(req.body.scope));
      const created = await ctx.auth.createUser({ ...req.body, roles: req.body.roles as Role[] });
      return reply.status(201).send(presentUser(created));
    },
  );

  app.get(
    '/api/v1/users/:id',
    {
      schema: { tags, summary: 'One account 账户详情 (admin)', params: Type.Object({ id: Type.String() }), response: { 200: UserView, 401: Err, 403: Err, 404: Err } },
    },
    async (req) => {
      const user = requireUser(req);
      authorize(user, 'users.admin');
      const target = await ctx.auth.getUser(req.params.id);
      authorize(user, 'users.admin', resourceOfScope(target.scope));
      return presentUser(target);
    },
  );

  app.patch(
    '/api/v1/users/:id',
    {
      schema: {
        tags,
        summary: 'Change an account 修改账户: roles, unit, scope, active, password reset (admin)',
        params: Type.Object({ id: Type.String() }),
        body: UpdateUserBody,
        response: { 200: UserView, 400: Err, 401: Err, 403: Err, 404: Err, 409: Err },
      },
    },
    async (req) => {
      const user = requireUser(req);
      authorize(user, 'users.admin');
      const target = await ctx.auth.getUser(req.params.id);
      authorize(user, 'users.admin', resourceOfScope(target.scope));
      if (req.body.scope) authorize(user, 'users.admin', resourceOfScope(req.body.scope));
      const { roles, ...rest } = req.body;
      const updated = await ctx.auth.updateUser(target.id, { ...rest, ...(roles ? { roles: roles as Role[] } : {}) });
      return presentUser(updated);
    },
  );
}
