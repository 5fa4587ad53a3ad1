// The fan-out job of the incident notice: payload { incidentId, accountIds } — ids only.
import type { JobDefinition } from '../../platform/jobs.ts';
import { NOTIFY_BATCH_JOB, type IncidentsService } from './incidents.service.ts';

export function incidentJobs(service: IncidentsService): JobDefinition<any>[] {
  const batch: JobDefinition<{ incidentId: string; accountIds: string[] }> = {
    name: NOTIFY_BATCH_JOB,
    retryLimit: 5,
    retryDelaySeconds: 30,
    handler: async ({ incidentId, accountIds }) => void (await service.notifyBatch(incidentId, accountIds)),
  };
  return [batch];
}
