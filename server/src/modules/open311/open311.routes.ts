// /open311/v2/… — GeoReport v2 (and /open311/discovery.*). Reads are public; POST requests needs a partner api_key
// with the 'open311.submit' scope. Everything in this scope answers errors as the spec's list (GeoReport v2 §Errors:
// 404 for what does not exist, 403 for a wrong or missing api_key, 400 for anything else), never problem+json.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { access } from '../../platform/http/access.ts';
import { isAppError } from '../../platform/http/problem.ts';
import { apiKeyOf, SUBMIT_SCOPE } from './open311.auth.ts';
import { formatOf, Open311Error, render, type Format } from './open311.presenter.ts';
import { commonQuery, fileParams, parseForm, parseRequestsQuery, parseSubmitForm, requestQuery, requestsQuery, single, splitFile } from './open311.schemas.ts';
import type { Open311Service } from './open311.service.ts';

const TAG = ['open311'];
const FORMATS: Format[] = ['json', 'xml'];

async function send(reply: FastifyReply, format: Format, root: string, body: unknown, status = 200) {
  const { contentType, payload } = await render(format, root, body);
  return reply.code(status).type(contentType).send(payload);
}

function toOpen311Error(err: any, request: FastifyRequest): Open311Error {
  if (err instanceof Open311Error) return err;
  if (isAppError(err)) {
    if (err.problem === 'unauthenticated' || err.problem === 'forbidden') {
      return new Open311Error(403, apiKeyOf(request as never) ? "Invalid api_key received -- can't proceed with create_request." : "api_key was not provided -- can't proceed with create_request.");
    }
    if (err.status === 404) return new Open311Error(404, err.message);
    if (err.status < 500) return new Open311Error(400, `${err.problem}: ${err.message}`);
  }
  if (hasZodFastifySchemaValidationErrors(err)) return new Open311Error(400, err.validation.map((v) => `${err.validationContext} ${v.instancePath || ''} ${v.message ?? 'invalid'}`.trim()));
  const status = Number(err?.statusCode);
  if (status >= 400 && status < 500) return new Open311Error(status === 404 ? 404 : 400, 'The URL request is invalid: ' + (err?.message ?? 'bad request'));
  request.log.error({ err }, 'open311 request failed');
  return new Open311Error(500, 'General service error: the 12345 service could not process the request, please notify open311@nantong.gov.cn');
}

export function open311Routes(service: Open311Service) {
  return async (scoped: FastifyInstance) => {
    await scoped.register(
      async (plain) => {
        const app = plain.withTypeProvider<ZodTypeProvider>();
        // POST Service Request is a form (GeoReport v2: Content-Type application/x-www-form-urlencoded; charset=utf-8)
        app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => done(null, parseForm(body as string)));
        app.setErrorHandler((err, request, reply) => {
          const e = toOpen311Error(err, request);
          return send(reply, formatOf(request.url), 'errors', e.errors, e.status);
        });
        // The reads carry no personal information and no credentials: browser-based Open311 clients of other origins may
        // read them (POSTs stay same-origin for browsers: a partner's api_key belongs on its server, not in a page).
        app.addHook('onSend', async (request, reply) => {
          if (request.method === 'GET' || request.method === 'HEAD') reply.header('access-control-allow-origin', '*');
        });
        app.setNotFoundHandler((request, reply) => send(reply, formatOf(request.url), 'errors', new Open311Error(404, 'The URL request is invalid: no such Open311 resource').errors, 404));

        for (const format of FORMATS) {
          const discovery = { config: { access: access.public }, schema: { tags: TAG, summary: `Service Discovery (${format})` } };
          const handler = async (_r: FastifyRequest, reply: FastifyReply) => send(reply, format, 'discovery', service.discovery());
          app.get(`/discovery.${format}`, discovery, handler);
          app.get(`/v2/discovery.${format}`, discovery, handler);

          app.get(
            `/v2/services.${format}`,
            { config: { access: access.public }, schema: { tags: TAG, summary: `GET Service List (${format}): the 12345 request types`, querystring: commonQuery } },
            async (request, reply) => {
              service.checkJurisdiction(single(request.query.jurisdiction_id));
              return send(reply, format, 'services', await service.services());
            },
          );

          app.get(
            `/v2/requests.${format}`,
            { config: { access: access.public }, schema: { tags: TAG, summary: `GET Service Requests (${format}): public summaries, no personal information (PP-3.4)`, querystring: requestsQuery } },
            async (request, reply) => {
              service.checkJurisdiction(single(request.query.jurisdiction_id));
              return send(reply, format, 'service_requests', await service.list(parseRequestsQuery(request.query)));
            },
          );

          app.post(
            `/v2/requests.${format}`,
            { config: { access: access.partner(SUBMIT_SCOPE) }, schema: { tags: TAG, summary: `POST Service Request (${format}): a partner files a 12345 request (api_key)` } },
            async (request, reply) => {
              const p = request.principal;
              if (p?.kind !== 'partner') throw new Open311Error(403, "api_key was not provided -- can't proceed with create_request.");
              return send(reply, format, 'service_requests', await service.submit(p.clientId, p.scopes, parseSubmitForm(request.body)));
            },
          );
        }

        // {code}.{format}, {id}.{format}, {token}.{format}: one route each, the extension picks the format
        const fileRoute = (path: string, summary: string, querystring: typeof commonQuery | typeof requestQuery, run: (id: string, query: Record<string, string | string[] | undefined>) => Promise<[string, unknown]>) =>
          app.get(path, { config: { access: access.public }, schema: { tags: TAG, summary, params: fileParams, querystring } }, async (request, reply) => {
            const f = splitFile(request.params.file);
            if (!f) throw new Open311Error(404, 'The URL request is invalid: add .json or .xml');
            service.checkJurisdiction(single((request.query as Record<string, string | string[] | undefined>).jurisdiction_id));
            const [root, body] = await run(f.id, request.query as Record<string, string | string[] | undefined>);
            return send(reply, f.format, root, body);
          });
        fileRoute('/v2/services/:file', 'GET Service Definition: attributes of a service ({service_code}.json|xml)', commonQuery, async (code) => ['service_definition', await service.definition(code)]);
        fileRoute('/v2/requests/:file', 'GET Service Request ({service_request_id}.json|xml), no personal information (PP-3.4)', requestQuery, async (id, q) => ['service_requests', await service.one(id, single(q.extensions) === 'true')]);
        fileRoute('/v2/tokens/:file', 'GET service_request_id from a token ({token}.json|xml)', commonQuery, async (token) => ['service_requests', await service.token(token)]);
      },
      { prefix: '/open311' },
    );
  };
}
