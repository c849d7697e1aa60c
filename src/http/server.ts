import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Fastify, { LogController } from 'fastify';
import AjvCompiler from '@fastify/ajv-compiler';
import { classifierRoutes } from '../classifier/routes.js';
import { hotlineRoutes } from '../hotline/routes.js';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import cookie from '@fastify/cookie';
import multipart from '@fastify/multipart';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { AppContext } from '../app.js';
import { registerAuthHook } from './auth-hook.js';
import { errorHandler, errorSchema, frameworkErrors, notFoundHandler } from './errors.js';
import { registerMetrics } from './metrics.js';
import { registerSecurity } from './security.js';
import { registerCaching, staticCacheHeaders } from './caching.js';
import { registerClientGone } from './gone.js';
import { lazySerializerFactory, lazyValidatorCompiler } from './lazy-compilers.js';
import { registerRoutes } from './register-routes.js';
import { setupRoutes } from '../auth/setup-routes.js';
import { createFirstRunSetup, type FirstRunSetup } from '../auth/setup.js';
import { systemRoutes } from './system-routes.js';
import type { Api } from './types.js';
import { authRoutes } from '../auth/routes.js';
import { calendarRoutes } from '../calendar/routes.js';
import { caseRoutes } from '../cases/routes.js';
import { catalogRoutes } from '../catalog/routes.js';
import { evaluationRoutes } from '../evaluation/routes.js';
import { penaltyCaseRoutes } from '../enforcement/routes.js';
import { partyNoticeRoutes } from '../enforcement/party-notice-routes.js';
import { fileRoutes } from '../files/routes.js';
import { geoRoutes } from '../geo/routes.js';
import { notificationRoutes } from '../notify/routes.js';
import { videoRoutes } from '../video/routes.js';
import { patrolRoutes } from '../patrol/routes.js';
import { commandRoutes } from '../command/routes.js';
import { open311Routes } from '../open311/routes.js';
import { open311AdminRoutes } from '../open311/admin-routes.js';
import { iotRoutes } from '../iot/routes.js';
import { integrityRoutes } from '../integrity/routes.js';
import { citizenRoutes } from '../citizen/routes.js';
import { suggestionRoutes } from '../suggestions/routes.js';

/** The project folder: the nearest one up with a package.json (src/http/ or dist/src/http/ below it). */
function projectRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!fs.existsSync(path.join(dir, 'package.json')) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return dir;
}
const root = projectRoot();
export const webDist = path.join(root, 'web', 'dist');

const ajvOptions = { removeAdditional: false, allErrors: true, useDefaults: true } as const;
const buildAjvCompiler = AjvCompiler();

/**
 * Query strings, params and headers are text, so their validator coerces ("5" → 5, "a" → ["a"]).
 * JSON bodies are typed already: coercing them would turn a `null` that clears a field into "".
 */
function partAwareValidator(externalSchemas: unknown, options: { plugins?: unknown[] } = {}) {
  // The two ajv instances (with their formats and the shared schemas) are made with the first route
  // validated, not while the server gets ready (≈ 60–180 ms of a start).
  type Compile = (route: never) => Validate;
  let coercing: Compile | undefined;
  let exact: Compile | undefined;
  const make = (coerceTypes: 'array' | false): Compile =>
    buildAjvCompiler(externalSchemas as never, { ...options, customOptions: { ...ajvOptions, coerceTypes } } as never) as unknown as Compile;
  return lazyValidatorCompiler(((route: { httpPart?: string }) => (route.httpPart === 'body'
    ? (exact ??= make(false))(route as never)
    : finiteOnly((coercing ??= make('array'))(route as never)))) as never);
}

type Validate = ((data: unknown) => boolean) & { errors?: unknown[] | null };

/**
 * AJV coerces "Infinity" to a number and then skips minimum/maximum for it: a query value that came
 * out as a non-finite number is refused here, so `page=Infinity` is a 400 and never reaches SQL.
 */
function finiteOnly(validate: Validate): Validate {
  const wrapped: Validate = (data) => {
    const ok = validate(data);
    wrapped.errors = validate.errors ?? null;
    if (!ok || data === null || typeof data !== 'object') return ok;
    for (const [key, value] of Object.entries(data)) {
      const values = Array.isArray(value) ? value : [value];
      if (values.some((v) => typeof v === 'number' && !Number.isFinite(v))) {
        wrapped.errors = [{ instancePath: `/${key}`, keyword: 'finite', params: {}, message: 'must be a finite number' }];
        return false;
      }
    }
    return ok;
  };
  return wrapped;
}

/** Assembles the HTTP server: plugins, OpenAPI, error mapping, every capability's routes, the console. */
export async function buildServer(ctx: AppContext, opts: { logger?: boolean; setup?: FirstRunSetup } = {}): Promise<Api> {
  const app = Fastify({
    loggerInstance: opts.logger === false ? undefined : ctx.logger,
    // Request lines only when debugging; errors and refusals are logged by the error handler.
    logController: new LogController({ disableRequestLogging: ctx.config.logLevel !== 'debug' && ctx.config.logLevel !== 'trace' }),
    bodyLimit: 20 * 1024 * 1024,
    frameworkErrors,
    trustProxy: ctx.config.trustProxy as boolean | string[],
    schemaController: { compilersFactory: { buildValidator: partAwareValidator as never, buildSerializer: lazySerializerFactory() as never } },
  }).withTypeProvider<TypeBoxTypeProvider>() as unknown as Api;

  app.setErrorHandler(errorHandler);
  app.addSchema(errorSchema);
  // `serve --workers`: every answer names the worker that gave it (for the operator behind the proxy, and the tests).
  const worker = ctx.config.worker;
  if (worker !== null) app.addHook('onRequest', async (_req, reply) => void reply.header('x-cityloop-worker', String(worker)));
  await registerCaching(app);

  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'CityLoop API · 城市运管服平台接口',
        version: '1',
        description: 'Every error answers {code, message (中文), messageEn, details}.',
      },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer' },
          cookie: { type: 'apiKey', in: 'cookie', name: 'cityloop_session' },
        },
      },
      security: [{ bearer: [] }, { cookie: [] }],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  await registerSecurity(app, ctx.config);
  await app.register(cookie);
  await app.register(multipart, { limits: { fileSize: ctx.config.maxUploadBytes, files: 10 } });
  registerAuthHook(app, ctx);
  registerClientGone(app);
  registerMetrics(app, ctx.config);

  await app.register(async (api) => {
    const a = api as unknown as Api;
    await systemRoutes(a, ctx);
    await authRoutes(a, ctx);
    await geoRoutes(a, ctx);
    await catalogRoutes(a, ctx);
    await calendarRoutes(a, ctx);
    await fileRoutes(a, ctx);
    await caseRoutes(a, ctx);
    await notificationRoutes(a, ctx);
    await evaluationRoutes(a, ctx);
    await registerRoutes(a, ctx);
    await videoRoutes(a, ctx);
    await classifierRoutes(a, ctx);
    await patrolRoutes(a, ctx);
    await commandRoutes(a, ctx);
    await penaltyCaseRoutes(a, ctx);
    await partyNoticeRoutes(a, ctx);
    await iotRoutes(a, ctx);
    await hotlineRoutes(a, ctx);
    await setupRoutes(a, ctx, opts.setup ?? createFirstRunSetup(ctx.auth));
    await open311Routes(a, ctx);
    await open311AdminRoutes(a, ctx);
    await integrityRoutes(a, ctx);
    await citizenRoutes(a, ctx);
    await suggestionRoutes(a, ctx);
  });

  await registerConsole(app);
  return app;
}

/** Serves the built web console at `/` with an SPA fallback (API paths keep their JSON 404). */
async function registerConsole(app: Api): Promise<void> {
  const index = path.join(webDist, 'index.html');
  if (!fs.existsSync(index)) {
    app.setNotFoundHandler(notFoundHandler);
    app.get('/', { schema: { hide: true } }, async (_req, reply) =>
      reply
        .type('text/html; charset=utf-8')
        .send('<!doctype html><meta charset="utf-8"><title>CityLoop</title><p>CityLoop API is running. The console is not built: run <code>npm run build:web</code>. API docs: <a href="/api/docs">/api/docs</a></p>'),
    );
    return;
  }
  await app.register(fastifyStatic, { root: webDist, prefix: '/', wildcard: false, index: ['index.html'], setHeaders: staticCacheHeaders });
  app.setNotFoundHandler((req, reply) => {
    if (req.method === 'GET' && !req.url.startsWith('/api/') && !path.extname(req.url.split('?')[0] ?? '')) {
      return reply.type('text/html; charset=utf-8').sendFile('index.html');
    }
    return notFoundHandler(req, reply);
  });
}
