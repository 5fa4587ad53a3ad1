// 督办/催办: every 15 minutes the hotline warns departments whose requests have at most one working day left and
// escalates the overdue ones (each once per running period). The payload is empty: the job reads the table.
import type { JobDefinition } from '../../platform/jobs.ts';
import type { HotlineService } from './hotline.service.ts';
import { NOTIFY_JOB } from './context.ts';

export const CHECK_DEADLINES_JOB = 'hotline.check-deadlines';

export function hotlineJobs(service: HotlineService): JobDefinition<any>[] {
  return [
    {
      name: NOTIFY_JOB,
      retryLimit: 5,
      concurrency: 2,
      handler: async (data: { eventId: number }) => {
        await service.notifyForEvent(Number(data.eventId));
      },
    },
    {
      name: CHECK_DEADLINES_JOB,
      schedule: '*/15 * * * *',
      retryLimit: 2,
      handler: async () => {
        await service.sweepDeadlines();
      },
    },
  ];
}
