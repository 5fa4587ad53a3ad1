// HTTP routes of joint promotions (PP-2.4). Public: the activity pages, each announcing its co-organiser and exactly the
// information provided to it. Citizen: join (an explicit tap recording consent) and leave. Staff (promotions.manage):
// create, change a draft, publish, close, and hand participants over to the co-organiser through the sharing ledger.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { access } from '../../platform/http/access.ts';
import { JOINT_PROMOTION_CATEGORY } from '../privacy/index.ts';
import { presentElement, presentParticipation, presentPublic, presentStaff } from './promotions.presenter.ts';
import * as s from './promotions.schemas.ts';
import type { PromotionsService } from './promotions.service.ts';

const tags = ['promotions'];
export const MANAGE_PERMISSION = 'promotions.manage';

export function promotionsRoutes(service: PromotionsService) {
  return async (scoped: FastifyInstance) => {
    const app = scoped.withTypeProvider<ZodTypeProvider>();
    const staff = access.staff(MANAGE_PERMISSION);

    app.get('/api/v1/promotions', {
      config: { access: access.public },
      schema: { tags, summary: 'Published joint promotions (PP-2.4), each with its co-organiser and the information provided to it', response: { 200: s.publicList } },
    }, async () => ({ items: (await service.listPublished()).map((p) => presentPublic(p, service.isOpen(p))) }));

    app.get('/api/v1/promotions/mine', {
      config: { access: access.citizen },
      schema: { tags, summary: 'The activities I joined (and left), and whether my information was provided to the co-organiser', response: { 200: s.mineResponse } },
    }, async (req) => ({ items: (await service.mine(req.principal)).map(presentParticipation) }));

    app.get('/api/v1/promotions/:id', {
      config: { access: access.public },
      schema: { tags, summary: 'One activity page: co-organiser, information categories provided and the announcement (PP-2.4)', params: s.idParams, response: { 200: s.publicPromotion } },
    }, async (req) => {
      const p = await service.getPublic(req.params.id);
      return presentPublic(p, service.isOpen(p));
    });

    app.post('/api/v1/promotions/:id/join', {
      config: { access: access.citizen },
      schema: {
        tags, summary: 'Join with an explicit tap: records consent to joint-promotions; the body names the categories the page showed (must be the activity\u2019s)',
        params: s.idParams, body: s.joinBody, response: { 201: s.participationSchema },
      },
    }, async (req, reply) => reply.code(201).send(presentParticipation(await service.join(req.principal, req.params.id, req.body.sharedElements))));

    app.delete('/api/v1/promotions/:id/join', {
      config: { access: access.citizen },
      schema: { tags, summary: 'Leave the activity: never provided to the co-organiser from now on (the last one left withdraws the consent)', params: s.idParams, response: { 200: s.leftResponse } },
    }, async (req) => {
      await service.leave(req.principal, req.params.id);
      return { left: true as const };
    });

    // ── console ────────────────────────────────────────────────────────────────────────────────────────────────────
    app.get('/api/v1/promotions/admin/activities', {
      config: { access: staff },
      schema: { tags, summary: 'All activities with participant counts, and the elements an activity may announce (console)', response: { 200: s.staffList } },
    }, async (req) => ({
      items: (await service.listAll(req.principal)).map((p) => presentStaff(p, service.isOpen(p))),
      allowedElements: JOINT_PROMOTION_CATEGORY.fields.map(presentElement),
    }));

    app.post('/api/v1/promotions/admin/activities', {
      config: { access: staff },
      schema: {
        tags, summary: 'Create a draft activity: co-organiser and the elements it will receive (joint-promotions category only, nothing sensitive; audited)',
        body: s.promotionBody, response: { 201: s.staffOne },
      },
    }, async (req, reply) => {
      const p = await service.create(req.principal, req.body);
      return reply.code(201).send({ item: presentStaff(p, service.isOpen(p)) });
    });

    app.put('/api/v1/promotions/admin/activities/:id', {
      config: { access: staff },
      schema: { tags, summary: 'Change a draft (a published activity keeps what its participants were told; audited)', params: s.idParams, body: s.promotionBody, response: { 200: s.staffOne } },
    }, async (req) => {
      const p = await service.update(req.principal, req.params.id, req.body);
      return { item: presentStaff(p, service.isOpen(p)) };
    });

    app.post('/api/v1/promotions/admin/activities/:id/publish', {
      config: { access: staff },
      schema: { tags, summary: 'Publish: the activity page goes public; co-organiser and elements are frozen (audited)', params: s.idParams, response: { 200: s.staffOne } },
    }, async (req) => {
      const p = await service.publish(req.principal, req.params.id);
      return { item: presentStaff(p, service.isOpen(p)) };
    });

    app.post('/api/v1/promotions/admin/activities/:id/close', {
      config: { access: staff },
      schema: { tags, summary: 'Close: no one joins any more (audited)', params: s.idParams, response: { 200: s.staffOne } },
    }, async (req) => {
      const p = await service.close(req.principal, req.params.id);
      return { item: presentStaff(p, service.isOpen(p)) };
    });

    app.post('/api/v1/promotions/admin/activities/:id/hand-over', {
      config: { access: staff },
      schema: {
        tags,
        summary: '导出参与者给合作方: participants still in the activity, not yet provided, through the sharing ledger with the announced elements only (one provision each; others refused)',
        params: s.idParams, body: s.handOverBody, response: { 200: s.handOverResponse },
      },
    }, async (req) => {
      const r = await service.handOver(req.principal, req.params.id, req.body.elements);
      return {
        promotionId: r.activity.id,
        coOrganiser: { name: r.activity.co_organiser_name, contact: r.activity.co_organiser_contact },
        elements: r.elements,
        records: r.provided.map((x) => ({ provisionId: x.provisionId, data: Object.fromEntries(Object.entries(x.data).map(([k, v]) => [k, String(v)])) })),
        skipped: r.skipped,
      };
    });
  };
}
