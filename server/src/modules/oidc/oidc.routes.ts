// HTTP surface of the identity provider: oidc-provider itself under /oidc/* (its endpoints authenticate clients
// themselves, so they are public to the platform's access layer), the interaction screens, the console API for
// clients (permission oidc.clients) and the citizen's 已授权应用 API.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { access, type Principal } from '../../platform/http/access.ts';
import { AppError, P } from '../../platform/http/problem.ts';
import { SHARING_CATEGORIES, claimsOfCategory, scopeOf } from './oidc.claims.ts';
import { OIDC_PROBLEMS, type ClientService } from './oidc.clients.ts';
import { interactionRoutes, type InteractionDeps } from './oidc.interaction.ts';
import { presentClient } from './oidc.presenter.ts';
import { OIDC_MOUNT } from './oidc.provider.ts';
import type { RevocationService } from './oidc.revoke.ts';
import type { AuthorizationsService } from './oidc.authorizations.ts';
import { authorizationList, categoryList, clientBody, clientIdParams, clientList, clientWithSecret, revocationView } from './oidc.schemas.ts';

const staffRef = (p: Principal | null) => (p?.kind === 'staff' ? p.staffId : 'unknown');
function citizenId(p: Principal | null): string {
  if (p?.kind !== 'citizen') throw new AppError(P.unauthenticated);
  return p.accountId;
}

export function oidcRoutes(deps: InteractionDeps & { revocation: RevocationService; authorizations: AuthorizationsService; production: boolean }) {
  const { clients } = deps;
  return async (root: FastifyInstance) => {
    // 1. The provider. Its own body parsing reads the raw stream, so this scope parses nothing.
    await root.register(async (scoped) => {
      scoped.removeAllContentTypeParsers();
      scoped.addContentTypeParser('*', (_req, _payload, done) => done(null, undefined));
      const formAction = deps.production ? "'self' https:" : "'self' https: http:";
      const handler = async (request: any, reply: any) => {
        // built on the first request (index.ts); resolved before hijacking so a failed build is an ordinary error reply
        const provider = await deps.provider();
        reply.hijack();
        const req = request.raw;
        const res = reply.raw;
        res.setHeader('content-security-policy', `default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; form-action ${formAction}; frame-ancestors 'none'; base-uri 'none'`);
        res.setHeader('x-content-type-options', 'nosniff');
        res.setHeader('referrer-policy', 'no-referrer');
        res.setHeader('x-request-id', request.id);
        // mounted under /oidc: the provider sees its own paths; originalUrl tells it the mount path for its URLs
        req.originalUrl = req.url;
        req.url = req.url.slice(OIDC_MOUNT.length) || '/';
        provider.callback()(req, res);
      };
      const methods = ['GET', 'POST', 'PUT', 'DELETE', 'OPTIONS', 'HEAD'] as const;
      scoped.route({ method: [...methods], url: `${OIDC_MOUNT}/*`, config: { access: access.public, securityHeaders: false }, schema: { hide: true }, handler });
    });

    // 2. Interaction screens (their own form parser).
    await root.register(interactionRoutes(deps));

    // 3. Console and citizen API.
    const app = root.withTypeProvider<ZodTypeProvider>();
    app.get(
      '/api/v1/oidc/categories',
      { config: { access: access.staff('oidc.clients') }, schema: { tags: ['oidc'], summary: 'Sharing categories a client can be registered with (scopes)', response: { 200: categoryList } } },
      async () => ({
        items: SHARING_CATEGORIES.map((c) => ({ id: c.id, scope: scopeOf(c.id), nameZh: c.nameZh, purposeZh: c.purposeZh, recipientsZh: c.recipientsZh, claims: claimsOfCategory(c), fieldsZh: c.fieldsZh })),
      }),
    );
    app.get(
      '/api/v1/oidc/clients',
      { config: { access: access.staff('oidc.clients') }, schema: { tags: ['oidc'], summary: 'Registered relying parties', response: { 200: clientList } } },
      async () => ({ items: (await clients.list()).map(presentClient) }),
    );
    app.post(
      '/api/v1/oidc/clients',
      { config: { access: access.staff('oidc.clients') }, schema: { tags: ['oidc'], summary: 'Register a relying party (the secret is shown once)', body: clientBody, response: { 201: clientWithSecret } } },
      async (request, reply) => {
        const { client, clientSecret } = await clients.register(request.body, { kind: 'staff', ref: staffRef(request.principal) });
        return reply.code(201).send({ client: presentClient(client), clientSecret });
      },
    );
    app.post(
      '/api/v1/oidc/clients/:clientId/rotate-secret',
      { config: { access: access.staff('oidc.clients') }, schema: { tags: ['oidc'], summary: 'Issue a new client secret (the old one stops working)', params: clientIdParams, response: { 200: clientWithSecret } } },
      async (request) => {
        const { client, clientSecret } = await clients.rotateSecret(request.params.clientId, { kind: 'staff', ref: staffRef(request.principal) });
        return { client: presentClient(client), clientSecret };
      },
    );
    for (const [verb, disabled] of [['disable', true], ['enable', false]] as const) {
      app.post(
        `/api/v1/oidc/clients/:clientId/${verb}`,
        { config: { access: access.staff('oidc.clients') }, schema: { tags: ['oidc'], summary: `${verb === 'disable' ? 'Disable' : 'Re-enable'} a relying party`, params: clientIdParams, response: { 200: clientWithSecret.shape.client } } },
        async (request) => presentClient(await clients.setDisabled(request.params.clientId, disabled, { kind: 'staff', ref: staffRef(request.principal) })),
      );
    }

    app.get(
      '/api/v1/oidc/authorizations',
      { config: { access: access.citizen }, schema: { tags: ['oidc'], summary: '我的 → 已授权应用: applications I signed in to and what each receives', response: { 200: authorizationList } } },
      async (request) => ({ items: await deps.authorizations.list(citizenId(request.principal)) }),
    );
    app.delete(
      '/api/v1/oidc/authorizations/:clientId',
      { config: { access: access.citizen }, schema: { tags: ['oidc'], summary: 'Withdraw an application\u2019s authorisation: its tokens stop working and it is told to sign me out', params: clientIdParams, response: { 200: revocationView } } },
      async (request) => {
        const accountId = citizenId(request.principal);
        const has = (await deps.authorizations.list(accountId)).some((a) => a.clientId === request.params.clientId);
        if (!has) throw new AppError(OIDC_PROBLEMS.authorizationNotFound);
        return deps.revocation.revokeClient(accountId, request.params.clientId, { kind: 'citizen', ref: accountId });
      },
    );
  };
}
