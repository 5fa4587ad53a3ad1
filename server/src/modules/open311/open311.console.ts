// Console API for partner keys (problem+json like the rest of /api): list, issue or rotate (the key is in the answer
// once and never again), revoke. Permission oidc.clients: the administrators who manage connected applications.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { access } from '../../platform/http/access.ts';
import { AppError, P } from '../../platform/http/problem.ts';
import type { PartnerView } from './open311.keys.ts';
import type { Open311Service } from './open311.service.ts';

const TAG = ['open311'];
const PERMISSION = 'oidc.clients';

const partner = z.object({
  clientId: z.string(),
  name: z.string(),
  organisation: z.string(),
  keyPrefix: z.string(),
  scopes: z.array(z.string()),
  createdAt: z.string(),
  revokedAt: z.string().nullable(),
});
const partnerBody = z.object({
  clientId: z.string().regex(/^[a-z0-9][a-z0-9-]{2,39}$/, 'lower-case letters, digits and hyphens, 3–40 characters'),
  name: z.string().trim().min(1).max(60),
  organisation: z.string().trim().min(1).max(100),
});
const issued = z.object({ clientId: z.string(), apiKey: z.string() });

const present = (p: PartnerView) => ({ ...p, createdAt: p.createdAt.toISOString(), revokedAt: p.revokedAt?.toISOString() ?? null });

export function open311ConsoleRoutes(service: Open311Service) {
  return async (scoped: FastifyInstance) => {
    const app = scoped.withTypeProvider<ZodTypeProvider>();
    const staffRef = (p: unknown) => (p as { kind: string; staffId?: string })?.staffId ?? null;

    app.get(
      '/api/v1/console/open311/clients',
      { config: { access: access.staff(PERMISSION) }, schema: { tags: TAG, summary: 'Open311 partner clients (keys shown by prefix only)', response: { 200: z.object({ items: z.array(partner) }) } } },
      async () => ({ items: (await service.keys.list()).map(present) }),
    );

    app.post(
      '/api/v1/console/open311/clients',
      { config: { access: access.staff(PERMISSION) }, schema: { tags: TAG, summary: 'Issue (or rotate) a partner api_key — shown once', body: partnerBody, response: { 201: issued } } },
      async (request, reply) => {
        const apiKey = await service.keys.issue(request.body, { kind: 'staff', ref: staffRef(request.principal) });
        return reply.code(201).send({ clientId: request.body.clientId, apiKey });
      },
    );

    app.post(
      '/api/v1/console/open311/clients/:clientId/revoke',
      { config: { access: access.staff(PERMISSION) }, schema: { tags: TAG, summary: 'Revoke a partner api_key', params: z.object({ clientId: z.string().max(40) }), response: { 200: z.object({ clientId: z.string(), revoked: z.literal(true) }) } } },
      async (request) => {
        if (!(await service.keys.revoke(request.params.clientId, { kind: 'staff', ref: staffRef(request.principal) }))) throw new AppError(P.notFound);
        return { clientId: request.params.clientId, revoked: true as const };
      },
    );
  };
}
