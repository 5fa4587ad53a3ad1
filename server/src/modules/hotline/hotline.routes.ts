// HTTP routes. Citizens: upload media, submit (app and the two mailboxes), track, rate, ask for 重办. Staff: one queue
// and one detail route per role (dispatch, handle, approve, callback), and one route per workflow action generated
// from the transition table, each declaring the permission the table names (PP-3.4).
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { access, type Principal } from '../../platform/http/access.ts';
import { AppError, P } from '../../platform/http/problem.ts';
import { DEFAULT_AUDIO_LIMITS, DEFAULT_IMAGE_LIMITS } from '../../platform/media.ts';
import type { HotlineService } from './hotline.service.ts';
import {
  citizenDetail,
  dashboardQuery,
  dashboardResponse,
  idParams,
  listResponse,
  mailboxBody,
  queueQuery,
  queueResponse,
  rateBody,
  revealBody,
  revealResponse,
  staffDetail,
  stepBody,
  stepResponse,
  submitBody,
  submittedResponse,
  typesResponse,
  uploadQuery,
  uploadResponse,
} from './hotline.schemas.ts';
import { STAFF_VIEWS } from './views.ts';
import { TRANSITIONS } from './workflow.ts';

const TAG = ['hotline'];

function citizenId(p: Principal | null): string {
  if (p?.kind !== 'citizen') throw new AppError(P.unauthenticated);
  return p.accountId;
}

export function hotlineRoutes(service: HotlineService) {
  return async (scoped: FastifyInstance) => {
    const app = scoped.withTypeProvider<ZodTypeProvider>();

    app.get(
      '/api/v1/hotline/types',
      { config: { access: access.public }, schema: { tags: TAG, summary: '12345 request types with their working-day time limits, and the mailboxes', response: { 200: typesResponse } } },
      async () => {
        const orgs = await service.ctx.organisations();
        return {
          types: await service.serviceTypes(),
          mailboxes: [
            { id: 'mayor', nameZh: '市长信箱' },
            ...[...orgs.values()].filter((o) => o.kind === 'department').map((o) => ({ id: o.id, nameZh: `${o.short_name}领导信箱` })),
          ],
        };
      },
    );

    // Media arrive as the raw request body, so that the type is sniffed from the bytes and nothing is buffered twice.
    await scoped.register(async (raw) => {
      raw.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: DEFAULT_IMAGE_LIMITS.maxBytes + 1024 }, (_req, body, done) => done(null, body));
      raw.withTypeProvider<ZodTypeProvider>().post(
        '/api/v1/hotline/attachments',
        {
          config: { access: access.citizen },
          bodyLimit: DEFAULT_IMAGE_LIMITS.maxBytes + 1024,
          schema: {
            tags: TAG,
            summary: `Upload a photo (JPEG/PNG/HEIC/WebP, ≤ ${DEFAULT_IMAGE_LIMITS.maxBytes / 1048576} MB; metadata incl. GPS removed) or a voice note (≤ ${DEFAULT_AUDIO_LIMITS.maxSeconds} s) as the raw body`,
            querystring: uploadQuery,
            response: { 201: uploadResponse },
          },
        },
        async (request, reply) => {
          const accountId = citizenId(request.principal);
          if (!Buffer.isBuffer(request.body)) throw new AppError(P.unsupportedMediaType);
          const out = await service.upload(request.principal, accountId, request.query.kind, request.body, { keepGps: request.query.keepGps === 'true' });
          return reply.code(201).send(out);
        },
      );
    });

    app.get(
      '/api/v1/hotline/attachments/:id',
      { config: { access: access.citizen }, schema: { tags: TAG, summary: 'One of my attachments', params: idParams } },
      async (request, reply) => {
        const a = await service.attachment(request.principal, request.params.id);
        return reply.type(a.mime).header('cache-control', 'private, no-store').send(a.data);
      },
    );

    app.post(
      '/api/v1/hotline/requests',
      { config: { access: access.citizen }, schema: { tags: TAG, summary: 'Submit a 12345 request (诉求)', body: submitBody, response: { 201: submittedResponse } } },
      async (request, reply) => reply.code(201).send(await service.submit(request.principal, citizenId(request.principal), { ...request.body, channel: 'app' })),
    );

    app.post(
      '/api/v1/hotline/letters',
      { config: { access: access.citizen }, schema: { tags: TAG, summary: 'Write to the mayor or a department leader (给市长写信 / 给委办局领导写信)', body: mailboxBody, response: { 201: submittedResponse } } },
      async (request, reply) => {
        const { recipient, publish, ...rest } = request.body;
        const orgs = await service.ctx.organisations();
        if (recipient !== 'mayor' && orgs.get(recipient)?.kind !== 'department') throw new AppError(P.validation, { detail: '请选择收信人' });
        const channel = recipient === 'mayor' ? 'mayor-mailbox' : 'leader-mailbox';
        const out = await service.submit(request.principal, citizenId(request.principal), { ...rest, channel, mailbox: { recipient, publish } });
        return reply.code(201).send(out);
      },
    );

    app.get(
      '/api/v1/hotline/requests',
      { config: { access: access.citizen }, schema: { tags: TAG, summary: 'My requests and letters, newest first', response: { 200: listResponse } } },
      async (request) => ({ items: await service.listMine(citizenId(request.principal)) }),
    );

    app.get(
      '/api/v1/hotline/requests/:id',
      { config: { access: access.citizen }, schema: { tags: TAG, summary: 'One of my requests: status, department, steps, deadline, reply', params: idParams, response: { 200: citizenDetail } } },
      async (request) => service.getMine(citizenId(request.principal), request.params.id),
    );

    app.post(
      '/api/v1/hotline/requests/:id/rating',
      { config: { access: access.citizen }, schema: { tags: TAG, summary: 'Rate the reply (满意/基本满意/不满意)', params: idParams, body: rateBody, response: { 200: stepResponse } } },
      async (request) => service.step(request.principal, request.params.id, 'rate', { rating: request.body.rating, text: request.body.comment }),
    );

    app.post(
      '/api/v1/hotline/requests/:id/reopen',
      { config: { access: access.citizen }, schema: { tags: TAG, summary: 'Ask for 重办 after rating 不满意 (once)', params: idParams, response: { 200: stepResponse } } },
      async (request) => service.step(request.principal, request.params.id, 'reopen', {}),
    );

    // ---- console
    for (const view of STAFF_VIEWS) {
      const permission = `hotline.${view}`;
      app.get(
        `/api/v1/console/hotline/${view}/queue`,
        { config: { access: access.staff(permission) }, schema: { tags: TAG, summary: `Work queue (${view})`, querystring: queueQuery, response: { 200: queueResponse } } },
        async (request) => ({ items: await service.queue(request.principal, view, { status: request.query.status, overdue: request.query.overdue === 'true' }) }),
      );
      app.get(
        `/api/v1/console/hotline/${view}/requests/:id`,
        { config: { access: access.staff(permission) }, schema: { tags: TAG, summary: `One request as the ${view} role sees it`, params: idParams, response: { 200: staffDetail } } },
        async (request) => service.detail(request.principal, view, request.params.id),
      );
      app.get(
        `/api/v1/console/hotline/${view}/attachments/:id`,
        { config: { access: access.staff(permission) }, schema: { tags: TAG, summary: `An attachment of a request (${view}; departments: only requests routed to them)`, params: idParams } },
        async (request, reply) => {
          const a = await service.attachment(request.principal, request.params.id);
          return reply.type(a.mime).header('cache-control', 'private, no-store').send(a.data);
        },
      );
    }

    // One route per staff action of the transition table, guarded by the permission the table names.
    for (const t of TRANSITIONS) {
      const roles = (typeof t.role === 'string' ? [t.role] : t.role).filter((r) => r.startsWith('hotline.'));
      for (const role of roles) {
        app.post(
          `/api/v1/console/hotline/${role.slice('hotline.'.length)}/requests/:id/${t.action}`,
          { config: { access: access.staff(role) }, schema: { tags: TAG, summary: `${t.nameZh} (${t.action})`, params: idParams, body: stepBody, response: { 200: stepResponse } } },
          async (request) => service.step(request.principal, request.params.id, t.action, request.body),
        );
      }
    }

    app.post(
      '/api/v1/console/hotline/handle/requests/:id/reveal-id-number',
      { config: { access: access.staff('hotline.handle') }, schema: { tags: TAG, summary: 'Reveal the ID number where the type needs it (audited, with a reason)', params: idParams, body: revealBody, response: { 200: revealResponse } } },
      async (request) => service.revealIdNumber(request.principal, request.params.id, request.body.reason),
    );

    app.get(
      '/api/v1/console/hotline/stats/dashboard',
      { config: { access: access.staff('hotline.stats') }, schema: { tags: TAG, summary: 'KPIs: volume by type/department/district, 按时办结率, 回访满意率, overdue', querystring: dashboardQuery, response: { 200: dashboardResponse } } },
      async (request) => service.dashboard(request.query),
    );

    void z;
  };
}
