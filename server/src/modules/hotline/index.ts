// The 12345 hotline module (issue #8): citizen requests and mailbox letters, routing to departments, the closed-loop
// workflow as a transition table with working-day time limits, follow-up and rating, dashboards.
//   const hotline = createHotlineModule({ database, jobs, clock, logger, cipher, audit, sharing, guard, policyVersion,
//                                         notifications, reference, verifiedIdentity?, recordHandling? });
//   for (const def of hotline.jobs) registry.define(def); modules.push(hotline.module);
// The Open311 layer calls hotline.service.serviceTypes() / listPublic() / getPublic() / submitFromPartner().
import type { AppModule } from '../../app.ts';
import type { JobDefinition } from '../../platform/jobs.ts';
import type { HotlineDeps } from './context.ts';
import { hotlineJobs } from './hotline.jobs.ts';
import { hotlineRoutes } from './hotline.routes.ts';
import { HotlineService } from './hotline.service.ts';

export { HotlineService } from './hotline.service.ts';
export { HOTLINE_PROBLEMS, HOTLINE_PURPOSE, NOTIFY_JOB, type HotlineDeps, type VerifiedIdentity, type HandlingRecordInput } from './context.ts';
export { REQUEST_TYPES, TYPE_LABELS, DEFAULT_WORKING_DAYS, emergencyNumbers, suggestRoute, type RequestType } from './catalogue.ts';
export { STATUSES, STATUS_LABELS, TRANSITIONS, decide, type Status } from './workflow.ts';
export type { PublicSummary, PublicFilter, ServiceType, Dashboard } from './public.ts';
export type { SubmitInput, Submitted, ContactInput } from './intake.ts';
export { CHECK_DEADLINES_JOB } from './hotline.jobs.ts';
// Open311 (issue #8 §8): visible steps without notes, for extensions=true.
export { publicTimeline, type PublicStep } from './public-timeline.ts';

export interface HotlineModule {
  module: AppModule;
  service: HotlineService;
  jobs: JobDefinition<any>[];
}

export function createHotlineModule(deps: HotlineDeps): HotlineModule {
  const service = new HotlineService({ ...deps, logger: deps.logger.child({ module: 'hotline' }) });
  return {
    module: {
      name: 'hotline',
      tag: { name: 'hotline', description: '12345 政务服务便民热线：诉求提交、派单、办理、答复、回访评价，市长信箱' },
      routes: hotlineRoutes(service),
    },
    service,
    jobs: hotlineJobs(service),
  };
}
