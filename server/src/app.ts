// Builds the Fastify app for main.ts and for tests: platform plugins (problem+json errors, request ids, security
// headers, metrics, access control, OpenAPI at /docs, health), then each module's routes, then the two web apps.
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import Fastify, { LogController, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import cookie from '@fastify/cookie';
import helmet from 'helmet';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import {
  hasZodFastifySchemaValidationErrors,
  isResponseSerializationError,
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Config } from './platform/config.ts';
import type { Database } from './platform/db/database.ts';
import type { Jobs } from './platform/jobs.ts';
import type { Logger } from './platform/logger.ts';
import { createMetrics } from './platform/metrics.ts';
import { access, isAccess, noAuthenticator, type Authenticator } from './platform/http/access.ts';
import { AppError, P, isAppError, listProblems } from './platform/http/problem.ts';

export type App = FastifyInstance;

/** An external system the platform depends on (SMS gateway, ID check, …), as /readyz reports it. */
export interface ProviderStatus {
  name: string;
  sandbox: boolean;
  check(): Promise<void>;
}

/** What a module hands the app: its routes (a Fastify plugin) and optional OpenAPI tag. */
export interface AppModule {
  name: string;
  tag?: { name: string; description: string };
  /** Registers the module's routes; use `app.withTypeProvider<ZodTypeProvider>()` for typed zod schemas. */
  routes?: (app: FastifyInstance) => Promise<void> | void;
}

export interface AppDeps {
  config: Config;
  database: Database;
  logger: Logger;
  jobs?: Jobs;
  authenticator?: Authenticator;
  modules?: AppModule[];
  providers?: ProviderStatus[];
  /** Folder holding citizen/ and console/ builds; absent → no web apps served (API tests). */
  webRoot?: string;
}

// Third-party plugin routes (OpenAPI UI, static files) cannot carry our config; these prefixes are public by
// declaration here, and nothing else may be registered without an access declaration.
const PUBLIC_PLUGIN_ROUTES = [/^\/docs(\/|$)/, /^\/console\/?\*?$/, /^\/console\/assets\//, /^\/\*$/, /^\/assets\//];

export const ROUTE_TABLE = Symbol('routeTable');
export interface RouteRecord {
  method: string;
  url: string;
  access: unknown;
}

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const { config, database, jobs } = deps;
  const authenticator = deps.authenticator ?? noAuthenticator;
  const metrics = createMetrics(database, jobs);
  const routeTable: RouteRecord[] = [];

  const app = Fastify({
    loggerInstance: deps.logger,
    bodyLimit: config.BODY_LIMIT_BYTES,
    trustProxy: true,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[\w-]{8,64}$/.test(given) ? given : randomUUID();
    },
    // One line per request (written on response, below) instead of Fastify's two: at info level the pair halved
    // /healthz throughput (36k → 19k requests in 4 s on the 2-core dev machine, 2026-11-28).
    logController: new LogController({ requestIdLogLabel: 'requestId', disableRequestLogging: true }),
    return503OnClosing: true,
    forceCloseConnections: 'idle',
    ajv: { customOptions: { coerceTypes: 'array' } },
  }).withTypeProvider<ZodTypeProvider>();
  (app as any)[ROUTE_TABLE] = routeTable;

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.decorateRequest('principal', null);

  // Deny by default, enforced at registration: a route that declares no access cannot exist.
  app.addHook('onRoute', (route) => {
    const url = route.url;
    if (!isAccess(route.config?.access)) {
      if (PUBLIC_PLUGIN_ROUTES.some((re) => re.test(url))) {
        route.config = { ...(route.config ?? {}), access: access.public };
      } else {
        throw new Error(`Route ${route.method} ${url} declares no access (config.access): deny by default`);
      }
    }
    for (const method of [route.method].flat()) routeTable.push({ method, url, access: route.config!.access });
  });

  // While shutting down, answers to requests still in flight close their keep-alive connection, so the server can
  // stop as soon as the last one is answered instead of waiting out the keep-alive timeout.
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
    if (closing) reply.header('connection', 'close');
  });

  // Metrics per route template (never the raw URL: it may hold ids).
  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    // Probes (orchestrator health checks every few seconds, Prometheus scrapes) at debug, so they do not drown the log.
    const level = route === '/healthz' || route === '/readyz' || route === '/metrics' ? 'debug' : 'info';
    request.log[level]({ req: request, res: reply, responseTimeMs: Math.round(reply.elapsedTime * 10) / 10 }, 'request completed');
    metrics.requests.inc({ method: request.method, route, status: String(reply.statusCode) });
    metrics.latency.observe({ method: request.method, route }, reply.elapsedTime / 1000);
  });

  await app.register(cookie, { secret: config.secrets.sessionSecret.toString('base64') });
  // Security headers: the same for every response, so the helmet middleware is built once here. (@fastify/helmet
  // rebuilt it — parsing the CSP directives — on every request, ~20 % of a /healthz answer.) A route that renders a
  // third party's pages (the OIDC provider sets its own headers) opts out with `config: { securityHeaders: false }`.
  const securityHeaders = helmet({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"], // antd injects component styles at run time
        imgSrc: ["'self'", 'data:', 'blob:'],
        connectSrc: ["'self'"],
        fontSrc: ["'self'", 'data:'],
        frameAncestors: ["'none'"],
        formAction: ["'self'"],
        objectSrc: ["'none'"],
        upgradeInsecureRequests: null,
      },
    },
    hsts: config.NODE_ENV === 'production' ? { maxAge: 31536000, includeSubDomains: true } : false,
    crossOriginEmbedderPolicy: false,
  });
  app.addHook('onRequest', (request, reply, done) => {
    if (request.routeOptions.config?.securityHeaders === false) return done();
    securityHeaders(request.raw, reply.raw, (err?: unknown) => done(err as Error | undefined));
  });

  // Authentication resolves who is calling; authorisation checks it against the route's declaration.
  app.addHook('preHandler', async (request) => {
    const declared = request.routeOptions.config?.access;
    if (!declared) return;
    request.principal = await authenticator.authenticate(request);
    const p = request.principal;
    switch (declared.kind) {
      case 'public':
        return;
      case 'citizen':
        if (!p) throw new AppError(P.unauthenticated);
        if (p.kind !== 'citizen') throw new AppError(P.forbidden);
        return;
      case 'staff':
        if (!p) throw new AppError(P.unauthenticated);
        if (p.kind !== 'staff' || !p.permissions.has(declared.permission)) throw new AppError(P.forbidden);
        return;
      case 'partner':
        if (!p) throw new AppError(P.unauthenticated);
        if (p.kind !== 'partner' || !p.scopes.has(declared.scope)) throw new AppError(P.forbidden);
        return;
    }
  });

  app.setErrorHandler((err: any, request, reply) => sendProblem(err, request, reply));
  app.setNotFoundHandler(async (request, reply) => {
    const accept = request.headers.accept ?? '';
    const isPage = request.method === 'GET' && accept.includes('text/html') && !request.url.startsWith('/api/');
    if (isPage && deps.webRoot) {
      const appDir = request.url.startsWith('/console') ? 'console' : 'citizen';
      if (existsSync(path.join(deps.webRoot, appDir, 'index.html'))) {
        return reply.type('text/html').sendFile('index.html', path.join(deps.webRoot, appDir));
      }
    }
    return sendProblem(new AppError(P.notFound), request, reply);
  });

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: '南通百通 Platform API',
        version: '1',
        description: '南通百通 — the one-stop e-government platform of 南通市. Errors are application/problem+json (RFC 9457).',
      },
      tags: (deps.modules ?? []).flatMap((m) => (m.tag ? [m.tag] : [])),
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/docs', staticCSP: true });

  // Platform routes
  app.get('/healthz', { config: { access: access.public }, schema: { hide: true } }, async () => ({ status: 'ok' }));
  app.get(
    '/readyz',
    {
      config: { access: access.public },
      schema: {
        tags: ['platform'],
        summary: 'Readiness: database, job queue, each external provider (and whether it is a sandbox)',
        response: { 200: readySchema, 503: readySchema },
      },
    },
    async (_request, reply) => {
      const checks: z.infer<typeof readySchema>['checks'] = [];
      const probe = async (name: string, kind: 'database' | 'jobs' | 'provider', fn: () => Promise<void>, sandbox?: boolean) => {
        const t0 = performance.now();
        try {
          await fn();
          checks.push({ name, kind, ok: true, ms: Math.round(performance.now() - t0), ...(sandbox === undefined ? {} : { sandbox }) });
        } catch (e) {
          checks.push({ name, kind, ok: false, error: (e as Error).message, ...(sandbox === undefined ? {} : { sandbox }) });
        }
      };
      await probe(`database (${database.kind})`, 'database', () => database.ping());
      if (jobs) await probe('job queue (pg-boss)', 'jobs', () => jobs.ping());
      for (const p of deps.providers ?? []) await probe(p.name, 'provider', () => p.check(), p.sandbox);
      const ok = checks.every((c) => c.ok);
      return reply.code(ok ? 200 : 503).send({ status: ok ? 'ready' : 'not-ready', checks });
    },
  );
  app.get('/metrics', { config: { access: access.public }, schema: { hide: true } }, async (_request, reply) => {
    reply.type(metrics.registry.contentType);
    return metrics.registry.metrics();
  });
  app.get(
    '/problems/:name',
    {
      config: { access: access.public },
      schema: { tags: ['platform'], summary: 'What a problem type means', params: z.object({ name: z.string() }) },
    },
    async (request) => {
      const found = listProblems().find(([n]) => n === request.params.name);
      if (!found) throw new AppError(P.notFound);
      const [name, spec] = found;
      return { type: `/problems/${name}`, status: spec.status, title: spec.title, titleEn: spec.titleEn };
    },
  );

  for (const m of deps.modules ?? []) if (m.routes) await app.register(async (scoped) => m.routes!(scoped as unknown as FastifyInstance));

  if (deps.webRoot) {
    const citizen = path.join(deps.webRoot, 'citizen');
    const consoleDir = path.join(deps.webRoot, 'console');
    if (existsSync(consoleDir)) {
      await app.register(fastifyStatic, { root: consoleDir, prefix: '/console/', decorateReply: false, wildcard: true, index: 'index.html' });
    }
    if (existsSync(citizen)) {
      await app.register(fastifyStatic, { root: citizen, prefix: '/', wildcard: true, index: 'index.html' });
    }
  }
  if (!app.hasReplyDecorator('sendFile')) await app.register(fastifyStatic, { root: process.cwd(), serve: false });

  return app as unknown as FastifyInstance;
}

const readySchema = z.object({
  status: z.enum(['ready', 'not-ready']),
  checks: z.array(
    z.object({
      name: z.string(),
      kind: z.enum(['database', 'jobs', 'provider']),
      ok: z.boolean(),
      sandbox: z.boolean().optional(),
      ms: z.number().optional(),
      error: z.string().optional(),
    }),
  ),
});

function sendProblem(err: any, request: FastifyRequest, reply: FastifyReply) {
  let problem: AppError;
  if (isAppError(err)) {
    problem = err;
  } else if (hasZodFastifySchemaValidationErrors(err)) {
    problem = new AppError(P.validation, {
      extensions: {
        errors: err.validation.map((v) => ({
          path: [err.validationContext, ...String(v.instancePath).split('/').filter(Boolean)].join('.'),
          message: v.message,
        })),
      },
    });
  } else if (isResponseSerializationError(err)) {
    request.log.error({ err }, 'response did not match its schema');
    problem = new AppError(P.internal);
  } else {
    problem = fromFastifyError(err);
    if (problem.status >= 500) request.log.error({ err }, 'unhandled error');
  }
  for (const [k, v] of Object.entries(problem.headers)) reply.header(k, v);
  return reply.code(problem.status).type('application/problem+json; charset=utf-8').send(problem.toBody(request.url.split('?')[0]));
}

// Fastify's own errors (body parsing, limits) mapped to the statuses that fit — never 500 for bad input.
function fromFastifyError(err: any): AppError {
  switch (err?.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
    case 'FST_REQ_FILE_TOO_LARGE':
    case 'FST_FILES_LIMIT':
    case 'FST_PARTS_LIMIT':
      return new AppError(P.payloadTooLarge);
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
    case 'FST_INVALID_MULTIPART_CONTENT_TYPE':
      return new AppError(P.unsupportedMediaType);
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_BAD_URL':
    case 'FST_ERR_ASYNC_CONSTRAINT':
      return new AppError(P.badRequest);
    case 'FST_ERR_NOT_FOUND':
      return new AppError(P.notFound);
  }
  if (err?.name === 'SyntaxError' || err?.statusCode === 400) return new AppError(P.badRequest);
  if (err?.statusCode === 404) return new AppError(P.notFound);
  if (err?.statusCode === 413) return new AppError(P.payloadTooLarge);
  if (err?.statusCode === 415) return new AppError(P.unsupportedMediaType);
  if (err?.statusCode === 429) return new AppError(P.tooManyRequests);
  if (err?.statusCode === 503) return new AppError(P.unavailable);
  return new AppError(P.internal);
}

export function routeTableOf(app: FastifyInstance): RouteRecord[] {
  return (app as any)[ROUTE_TABLE] as RouteRecord[];
}
