// HTTP routes of 电子卡证 (PP-1.16). The citizen's own cards; the verify endpoint is for counter systems (partners
// with the 'ecards.verify' scope) that scan the QR code a citizen shows.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { access } from '../../platform/http/access.ts';
import { presentCard, presentKind } from './ecards.presenter.ts';
import * as s from './ecards.schemas.ts';
import type { EcardsService } from './ecards.service.ts';

const tags = ['ecards'];
export const VERIFY_SCOPE = 'ecards.verify';

export function ecardsRoutes(service: EcardsService) {
  return async (scoped: FastifyInstance) => {
    const app = scoped.withTypeProvider<ZodTypeProvider>();

    app.get('/api/v1/ecards/kinds', {
      config: { access: access.public },
      schema: { tags, summary: 'Kinds of electronic card offered, with the issuing department', response: { 200: s.kindsResponse } },
    }, async () => ({ kinds: service.kinds().map(presentKind) }));

    app.get('/api/v1/ecards', {
      config: { access: access.citizen },
      schema: { tags, summary: 'My electronic cards (masked numbers); empty when the ecard-reminders consent is not in force', response: { 200: s.listResponse } },
    }, async (req) => {
      const r = await service.list(req.principal);
      return { consented: r.consented, cards: r.cards.map(presentCard) };
    });

    app.post('/api/v1/ecards', {
      config: { access: access.citizen },
      schema: { tags, summary: 'Add a card: number and validity only (PP-1.16); needs the ecard-reminders consent', body: s.addBody, response: { 201: s.cardSchema } },
    }, async (req, reply) => reply.code(201).send(presentCard(await service.add(req.principal, req.body as Record<string, unknown>))));

    app.post('/api/v1/ecards/fetch', {
      config: { access: access.citizen },
      schema: {
        tags, summary: 'Fetch my card from its issuing department (PP-1.17): only with my authorisation to that department (ecard-fetch-<department>), recorded as received in the sharing ledger',
        body: s.fetchBody, response: { 201: s.cardSchema },
      },
    }, async (req, reply) => reply.code(201).send(presentCard(await service.fetchFromIssuer(req.principal, req.body.kind))));

    app.post('/api/v1/ecards/:id/refresh', {
      config: { access: access.citizen },
      schema: { tags, summary: 'Refresh my card from its issuing department (PP-1.17): same authorisation and ledger receipt as fetching', params: s.idParams, response: { 200: s.cardSchema } },
    }, async (req) => presentCard(await service.refreshFromIssuer(req.principal, req.params.id)));

    app.get('/api/v1/ecards/:id', {
      config: { access: access.citizen },
      schema: { tags, summary: 'One of my cards (masked number)', params: s.idParams, response: { 200: s.cardSchema } },
    }, async (req) => presentCard(await service.get(req.principal, req.params.id)));

    app.post('/api/v1/ecards/:id/reveal', {
      config: { access: access.citizen },
      schema: { tags, summary: 'The full card number, after step-up (二次核身); audited', params: s.idParams, response: { 200: s.revealResponse } },
    }, async (req) => {
      const r = await service.reveal(req.principal, req.params.id);
      return { card: presentCard(r.card), number: r.number };
    });

    app.post('/api/v1/ecards/:id/qr', {
      config: { access: access.citizen },
      schema: { tags, summary: 'A QR code to show at a counter: a signed token valid for 2 minutes (SVG)', params: s.idParams, response: { 200: s.qrResponse } },
    }, async (req) => {
      const r = await service.qr(req.principal, req.params.id);
      return { token: r.token, expiresAt: r.expiresAt.toISOString(), svg: r.svg };
    });

    app.delete('/api/v1/ecards/:id', {
      config: { access: access.citizen },
      schema: { tags, summary: 'Remove a card (the row is deleted; audited)', params: s.idParams, response: { 200: s.deletedResponse } },
    }, async (req) => {
      await service.remove(req.principal, req.params.id);
      return { deleted: 1 };
    });

    app.post('/api/v1/ecards/verify', {
      config: { access: access.partner(VERIFY_SCOPE) },
      schema: { tags, summary: 'Counter systems: verify a scanned e-card QR token (signature, 2-minute lifetime, card still held)', body: s.verifyBody, response: { 200: s.verifyResponse } },
    }, async (req) => {
      const { card } = await service.verify(req.principal, req.body.token);
      const { id: _id, createdAt: _c, ...shown } = presentCard(card);
      return { valid: true as const, card: shown };
    });
  };
}
