// HTTP routes. Citizens read their own inbox; staff read the outbox (addresses masked) and, in the sandbox only,
// what the SMS sandbox "sent".
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { access, type Principal } from '../../platform/http/access.ts';
import { AppError, P } from '../../platform/http/problem.ts';
import type { Clock } from '../../platform/clock.ts';
import { presentInboxItem, presentOutboxItem, presentSandboxSms } from './notifications.presenter.ts';
import {
  idParams,
  inboxItem,
  inboxQuery,
  inboxResponse,
  outboxQuery,
  outboxResponse,
  sandboxSmsQuery,
  sandboxSmsResponse,
} from './notifications.schemas.ts';
import type { NotificationsService } from './notifications.service.ts';
import { normaliseMobile } from './sms-provider.ts';

function citizenId(p: Principal | null): string {
  if (p?.kind !== 'citizen') throw new AppError(P.unauthenticated);
  return p.accountId;
}

export function notificationRoutes(service: NotificationsService, clock: Clock) {
  return async (scoped: FastifyInstance) => {
    const app = scoped.withTypeProvider<ZodTypeProvider>();

    app.get(
      '/api/v1/notifications/inbox',
      {
        config: { access: access.citizen },
        schema: { tags: ['notifications'], summary: 'My messages (newest first)', querystring: inboxQuery, response: { 200: inboxResponse } },
      },
      async (request) => {
        const accountId = citizenId(request.principal);
        const [items, unread] = await Promise.all([
          service.repo.listInbox(accountId, request.query.limit),
          service.repo.countUnread(accountId),
        ]);
        return { items: items.map(presentInboxItem), unread };
      },
    );

    app.post(
      '/api/v1/notifications/inbox/:id/read',
      {
        config: { access: access.citizen },
        schema: { tags: ['notifications'], summary: 'Mark one of my messages read', params: idParams, response: { 200: inboxItem } },
      },
      async (request) => {
        const row = await service.repo.markRead(citizenId(request.principal), request.params.id, clock.now());
        // Someone else's message answers exactly like a missing one.
        if (!row) throw new AppError(P.notFound);
        return presentInboxItem(row);
      },
    );

    app.get(
      '/api/v1/console/notifications/outbox',
      {
        config: { access: access.staff('notifications.read') },
        schema: {
          tags: ['notifications'],
          summary: 'Outgoing messages and their delivery state (addresses masked, no message text)',
          querystring: outboxQuery,
          response: { 200: outboxResponse },
        },
      },
      async (request) => {
        const { status, channel, limit, before } = request.query;
        const rows = await service.repo.listOutbox({ status, channel, limit, before: before ? new Date(before) : undefined });
        return { items: rows.map(presentOutboxItem) };
      },
    );

    if (service.sms.sandbox) {
      app.get(
        '/api/v1/console/sandbox/sms',
        {
          config: { access: access.staff('notifications.sandbox') },
          schema: {
            tags: ['notifications'],
            summary: 'Messages the SMS sandbox gateway accepted (development and test only)',
            querystring: sandboxSmsQuery,
            response: { 200: sandboxSmsResponse },
          },
        },
        async (request) => {
          const mobile = request.query.mobile ? normaliseMobile(request.query.mobile) : undefined;
          if (mobile === null) throw new AppError(P.validation, { extensions: { errors: [{ path: 'querystring.mobile', message: 'invalid mobile number' }] } });
          const rows = await service.repo.listSandboxSms(request.query.limit, mobile);
          return { sandbox: true as const, items: rows.map(presentSandboxSms) };
        },
      );
    }
  };
}
