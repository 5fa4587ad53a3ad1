// The module's background jobs. Payloads carry the outbox id only (never the address or the text).
import type { JobDefinition } from '../../platform/jobs.ts';
import { DELIVER_JOB, DELIVERY_RETRY_LIMIT, type NotificationsService } from './notifications.service.ts';

export type DeliverPayload = { outboxId: string };

export function notificationJobs(service: NotificationsService): JobDefinition<any>[] {
  const deliver: JobDefinition<DeliverPayload> = {
    name: DELIVER_JOB,
    // A temporary failure throws; pg-boss retries with backoff (30 s, 60 s, …), which also outlasts per-number
    // gateway rate limits. The attempt after the last retry records permanent-failure.
    retryLimit: DELIVERY_RETRY_LIMIT,
    retryDelaySeconds: 30,
    retryBackoff: true,
    expireInSeconds: 120,
    concurrency: 4,
    handler: async ({ outboxId }) => {
      await service.deliver(outboxId);
    },
  };
  return [deliver];
}
